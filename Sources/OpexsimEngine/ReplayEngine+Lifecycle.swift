import OpexsimMetrics
import OpexsimPolicies
import OpexsimTraces

/// The lifecycle of containers and pods: what happens when a container is stopped, crashes or
/// restarts, when a pod is evicted or created, and which settings a container runs with.
extension ReplayEngine {
    /// Stops one container at `time` until `until` (nil: for good). With `recreate`, a replacement pod
    /// comes back (admitted anew, its backoff reset); otherwise the container restarts in place.
    /// False when it has not started or has no samples left.
    func stop(_ series: Int, at time: TraceInstant, until: TraceInstant?, recreate: Bool) -> Bool {
        var state = states[series]
        guard state.isLive else { return false }
        if state.isUp {
            state.isUp = false
            state.downStart = time
        }
        if recreate {
            state.recreating = true
            state.backoff = CrashLoopBackOff()
        }
        scheduleRestart(series, of: &state, at: until)
        states[series] = state
        return true
    }

    /// Stops every live container of `pod` (see `stop`); returns the series stopped.
    func stop(pod: Int, at time: TraceInstant, until: TraceInstant?, recreate: Bool) -> [Int] {
        trace.pods[pod].series.filter { stop($0, at: time, until: until, recreate: recreate) }
    }

    /// Evicts a pod now: its containers stop, and each comes back as part of a replacement pod after
    /// the graceful termination (`gracePeriod`, else the pod's) and the start-up, admitted anew.
    @discardableResult
    func evict(pod: Int, at time: TraceInstant, gracePeriod: Int64? = nil) -> Bool {
        let comeback = time + (gracePeriod ?? options.terminationGracePeriod) + options.startupDelay
        var evicted = false
        for series in trace.pods[pod].series where stop(series, at: time, until: comeback, recreate: true) {
            evicted = true
            if time > evaluationStart { metrics[series].evictions += 1 }
        }
        if evicted && time > evaluationStart { evictions += 1 }
        return evicted
    }

    /// A running container crashes at `time` (a kill from outside, like Chaos Mesh's container-kill):
    /// it restarts in place after the CrashLoopBackOff delay and the start-up. False when it was not
    /// running.
    func crash(_ series: Int, at time: TraceInstant) -> Bool {
        var state = states[series]
        guard state.isLive, state.isUp else { return false }
        let delay = state.backoff.delay(crashAt: time, runningSince: state.upSince)
        state.isUp = false
        state.downStart = time
        scheduleRestart(series, of: &state, at: time + delay + options.startupDelay)
        states[series] = state
        return true
    }

    /// Keeps a container whose pod the trace has not created yet down from its creation until `until`
    /// (nil: for good), when its pod is created anew. False when it starts at or after `until` or has
    /// already started.
    func holdBack(_ series: Int, until: TraceInstant?) -> Bool {
        var state = states[series]
        guard state.previousTime == .min, state.cursor < state.end else { return false }
        let created = columns!.time[state.cursor] - seriesInterval[series]
        if let until, created >= until { return false }
        state.isUp = false
        state.downStart = created
        state.recreating = true
        scheduleRestart(series, of: &state, at: until)
        states[series] = state
        return true
    }

    /// Sets when a down container comes back and queues it; nil, or a time past its last sample,
    /// means never.
    func scheduleRestart(_ series: Int, of state: inout SeriesState, at time: TraceInstant?) {
        if let time, time < seriesLastTime[series] {
            state.restartAt = time
            queues.local.schedule(series, at: time)
        } else {
            state.restartAt = .max
        }
    }

    /// A crashed container starts again, or an evicted pod's replacement starts.
    func restart(_ series: Int, at time: TraceInstant) {
        var state = states[series]
        guard !state.isUp, state.restartAt == time else { return }
        // A replacement pod starts only where it can be placed: while it fits no node it stays
        // pending and is tried again; on a node still launching, it waits until the node is Ready.
        if state.recreating, let placement {
            let startable = placement.startTime(pod: trace.series[series].podIndex, at: time)
            if startable != time {
                scheduleRestart(series, of: &state, at: startable ?? time + placement.retryPeriod)
                states[series] = state
                return
            }
        }
        state.isUp = true
        state.downSpans.append(TimeSpan(start: state.downStart, end: time))
        state.downStart = .max
        state.upSince = time
        state.restartAt = .max
        let recreated = state.recreating
        if recreated {
            state.recreating = false
            state.podStartedAt = time
            state.lastOOMKill = nil
        }
        states[series] = state
        if recreated {
            admit(series, at: time)
        } else {
            if time > evaluationStart { metrics[series].restarts += 1 }
            driver.record(.restarted(series: series, at: time))
        }
        advanceOne(series)
    }

    /// A container of a pod being created (a replacement) gets the settings the policy admits.
    func admit(_ series: Int, at time: TraceInstant) {
        guard driver.admits else { return }
        let override = driver.admission(series: series, at: time)
        if override != driver.seriesOverride[series] {
            driver.seriesOverride[series] = override
            if states[series].settings.recordedIndex != .max { refreshSettings(&states[series], series: series) }
        }
    }

    /// The settings in force of a series from its recorded settings and the policy's overrides.
    @inline(__always)
    func refreshSettings(_ state: inout SeriesState, series: Int) {
        let recorded = trace.settings[Int(state.settings.recordedIndex)]
        let override = driver.override(ofSeries: series, container: seriesContainer[series])
        let settings = override?.applied(to: recorded) ?? recorded
        state.settings.resources = settings
        state.settings.cpuRequest = settings.effectiveCPURequest
        state.settings.cpuLimit = settings.cpuLimit ?? .infinity
        state.settings.memoryRequest = settings.effectiveMemoryRequest
        state.settings.memoryLimit = settings.memoryLimit ?? .infinity
        state.settings.recordedCPULimit = recorded.cpuLimit ?? .nan
        state.settings.recordedMemoryLimit = recorded.memoryLimit ?? .nan
    }

    /// Refreshes the settings in force of the series that have started, after the policy changed
    /// their overrides.
    func refreshSettings(ofSeries series: some Collection<Int>) {
        for series in series where states[series].settings.recordedIndex != .max {
            refreshSettings(&states[series], series: series)
        }
    }

    /// Extra demand reaches `series` over `window` (a StressChaos).
    func addExtraDemand(_ window: ExtraDemand, to series: Int) {
        extraDemand[series, default: []].append(window)
        states[series].hasExtraDemand = true
    }
}

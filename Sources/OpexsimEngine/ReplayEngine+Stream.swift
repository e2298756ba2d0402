import OpexsimMetrics
import OpexsimPolicies
import OpexsimTraces

/// Read-only views of the trace columns for the duration of one `advance` call.
struct TraceColumns {
    let time: UnsafeBufferPointer<TraceInstant>
    let cpu: UnsafeBufferPointer<Double>
    let memory: UnsafeBufferPointer<Double>
    let settingsIndex: UnsafeBufferPointer<UInt32>
    let throttledRatio: UnsafeBufferPointer<Double>
    let oomKilled: UnsafeBufferPointer<UInt8>
    let percentileLevels: UnsafeBufferPointer<Double>
    let percentiles: UnsafeBufferPointer<Double>
    let burst: BurstView
    let observedStretch: UnsafeBufferPointer<Double>
    let observedUnserved: UnsafeBufferPointer<Double>
}

/// Read-only views of a `BurstProfile`'s arrays.
struct BurstView {
    let ratios: UnsafeBufferPointer<Double>
    let suffix: UnsafeBufferPointer<Double>
    let ceiling: UnsafeBufferPointer<Double>
}

extension TraceProfile {
    func withColumns<R>(_ body: (TraceColumns) -> R) -> R {
        burst.ratios.withUnsafeBufferPointer { ratios in
            burst.suffix.withUnsafeBufferPointer { suffix in
                burst.ceiling.withUnsafeBufferPointer { ceiling in
                    observedStretch.withUnsafeBufferPointer { stretch in
                        observedUnserved.withUnsafeBufferPointer { unserved in
                            trace.withColumns(burst: BurstView(ratios: ratios, suffix: suffix, ceiling: ceiling),
                                              observedStretch: stretch, observedUnserved: unserved, body)
                        }
                    }
                }
            }
        }
    }
}

extension Trace {
    func withColumns<R>(burst: BurstView, observedStretch: UnsafeBufferPointer<Double>,
                        observedUnserved: UnsafeBufferPointer<Double>, _ body: (TraceColumns) -> R) -> R {
        time.withUnsafeBufferPointer { time in
            cpu.withUnsafeBufferPointer { cpu in
                memory.withUnsafeBufferPointer { memory in
                    settingsIndex.withUnsafeBufferPointer { settingsIndex in
                        throttledRatio.withUnsafeBufferPointer { throttledRatio in
                            oomKilled.withUnsafeBufferPointer { oomKilled in
                                cpuPercentileLevels.withUnsafeBufferPointer { levels in
                                    cpuPercentiles.withUnsafeBufferPointer { percentiles in
                                        body(TraceColumns(
                                            time: time, cpu: cpu, memory: memory, settingsIndex: settingsIndex,
                                            throttledRatio: throttledRatio, oomKilled: oomKilled,
                                            percentileLevels: levels, percentiles: percentiles, burst: burst,
                                            observedStretch: observedStretch, observedUnserved: observedUnserved))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

extension ReplayEngine {
    /// CFS enforcement periods per second: the kubelet's default `cpuCFSQuotaPeriod` is 100 ms.
    static let periodsPerSecond = 10.0

    /// Replays the samples of `series` that end at or before `horizon`, stopping early at a
    /// pending restart (which must fire first). Each sample covers `(previous, t]`. Touches only this
    /// series' state and metrics; what concerns the whole replay goes to `output`, so that series can
    /// stream on several cores when the policy does not observe samples.
    func advance(_ series: Int, to horizon: TraceInstant, output: inout StreamOutput) {
        advance(series, to: horizon, columns: columns!, output: &output)
    }

    @inline(__always)
    func advance(_ series: Int, to horizon: TraceInstant, columns: TraceColumns, output: inout StreamOutput) {
        // Nothing to do until the next sample: return before copying any state.
        let pending = states[series].cursor
        guard pending < states[series].end else { return }
        let next = columns.time[pending]
        guard next <= horizon, next <= states[series].restartAt else { return }
        stream(series, to: horizon, state: &states[series], metrics: &metrics[series], columns: columns, output: &output)
    }

    /// The sample loop of `advance`, on the series' state and metrics in place.
    @inline(__always)
    func stream(_ series: Int, to horizon: TraceInstant, state: inout SeriesState, metrics m: inout SeriesMetrics,
                columns: TraceColumns, output: inout StreamOutput) {
        let container = seriesContainer[series]
        let interval = seriesInterval[series]
        let gapLimit = 3 * interval
        let evaluationStart = self.evaluationStart
        let startupDelay = options.startupDelay
        let observes = sampleFlow.observes
        let admits = sampleFlow.admits
        let batch = sampleFlow.batch
        let lastTime = seriesLastTime[series]
        var batchCount = 0

        do {
            while state.cursor < state.end {
                let i = state.cursor
                let t = columns.time[i]
                if t > horizon || t > state.restartAt { break }
                state.cursor = i + 1

                // The interval this sample covers.
                var delta = interval
                if state.previousTime == .min {
                    state.segmentStart = t - interval
                    state.upSince = t - interval
                    state.podStartedAt = t - interval
                    // The pod is created: its settings come from the admission (applied just below,
                    // as the first sample always refreshes the settings).
                    if admits { driver.seriesOverride[series] = driver.admission(series: series, at: t - interval) }
                } else {
                    let step = t - state.previousTime
                    if step <= gapLimit { delta = step } else { state.segmentStart = t - interval }
                }
                state.previousTime = t
                let a = t - delta

                let settingsIndex = columns.settingsIndex[i]
                if settingsIndex != state.settings.recordedIndex {
                    state.settings.recordedIndex = settingsIndex
                    refreshSettings(&state, series: series)
                }
                var cpu = columns.cpu[i]
                var memory = columns.memory[i]
                var stressedNow = false
                if state.hasExtraDemand, let windows = extraDemand[series] {
                    // StressChaos: extra CPU over the part of the interval it covers, extra working set.
                    for window in windows where window.from < t && window.until > a {
                        cpu += window.cpuCores * Double(min(t, window.until) - max(a, window.from)) / Double(max(1, t - a))
                        memory = (memory.isNaN ? 0 : memory) + window.memoryBytes
                        stressedNow = true
                    }
                }

                // The running part of (a, t].
                let upStart = max(a, state.upSince)
                let upEnd = state.isUp ? t : min(t, state.downStart)
                let running = upEnd > upStart

                var throttling = Throttling.none
                if running && cpu > 0 && state.settings.cpuLimit < .infinity {
                    // Stress is demand the recording never saw: the recorded throttling does not apply to it.
                    throttling = self.throttling(sample: i, container: container, cpu: cpu, limit: state.settings.cpuLimit,
                                                 recordedLimit: stressedNow ? .nan : state.settings.recordedCPULimit, columns: columns,
                                                 counts: &output.burstModelSamples)
                }
                // Under the recorded limit the recorded usage is what the container got; the burst
                // model estimates the demand the limit held back on top of it.
                let served = state.settings.cpuLimit == state.settings.recordedCPULimit && !stressedNow ? cpu : cpu - throttling.unservedCores

                var killed = false
                if running && state.settings.memoryLimit < .infinity {
                    if memory > state.settings.memoryLimit {
                        killed = true
                    } else if !columns.oomKilled.isEmpty && columns.oomKilled[i] != 0
                                && !(state.settings.memoryLimit > state.settings.recordedMemoryLimit) {
                        // Killed in the recording under a limit at least as high as this one.
                        killed = true
                    }
                }

                if t > evaluationStart {
                    let windowStart = max(a, evaluationStart)
                    let window = Double(t - windowStart) / 1000
                    let up = Double(max(0, upEnd - max(upStart, windowStart))) / 1000
                    let down = window - up
                    m.observedSeconds += window
                    m.upSeconds += up
                    m.cpuDemandCoreSeconds += cpu * window
                    m.cpuUsedCoreSeconds += served * up
                    m.cpuThrottledCoreSeconds += throttling.unservedCores * up
                    m.cpuLostCoreSeconds += cpu * down
                    var throttledPeriods = 0.0
                    if cpu > 0 {
                        let periods = up * Self.periodsPerSecond
                        throttledPeriods = throttling.throttledFraction * periods
                        m.runnablePeriods += periods
                        m.throttledPeriods += throttledPeriods
                    }
                    let request = state.settings.cpuRequest
                    let cpuAllocated = max(request, served) * up + request * down
                    m.cpuAllocatedCoreSeconds += cpuAllocated
                    m.cpuCostUSD += cpuAllocated * state.rates.cpu
                    m.cpuRequestCoreSeconds += request * window
                    m.cpuSlackCoreSeconds += max(request - served, 0) * up + request * down
                    let memoryRequest = state.settings.memoryRequest
                    m.memoryRequestByteSeconds += memoryRequest * window
                    if memory.isNaN {
                        m.memoryAllocatedByteSeconds += memoryRequest * window
                        m.memoryCostUSD += memoryRequest * window * state.rates.memory
                    } else {
                        let workingSet = min(memory, state.settings.memoryLimit)
                        let memoryAllocated = max(memoryRequest, workingSet) * up + memoryRequest * down
                        m.memoryAllocatedByteSeconds += memoryAllocated
                        m.memoryCostUSD += memoryAllocated * state.rates.memory
                        m.memorySlackByteSeconds += max(memoryRequest - workingSet, 0) * up + memoryRequest * down
                        m.memoryUsedByteSeconds += workingSet * up
                        m.memoryObservedSeconds += up
                    }
                    if throttledPeriods > 0 || !state.detector.isQuiet {
                        let inWindow = state.detector.slide(to: t, adding: throttledPeriods)
                        // The window holds at least this sample's periods: when that already keeps the
                        // ratio at or under the threshold, the window's exact count is not needed.
                        let samplePeriods = cpu > 0 ? up * Self.periodsPerSecond : 0
                        var runnable = samplePeriods
                        if inWindow > CPUThrottlingHighRule.threshold * samplePeriods {
                            let since = max(t - CPUThrottlingHighRule.window, state.segmentStart)
                            runnable = Double(state.upTime(from: since, to: t)) / 1000 * Self.periodsPerSecond
                        }
                        state.detector.settle(at: t, throttledInWindow: inWindow, runnableInWindow: runnable)
                    }
                }

                if running && !memory.isNaN { state.last.workingSet = memory }
                state.last.end = t
                state.last.servedCPU = running ? served : 0
                state.last.upSeconds = Double(max(0, upEnd - upStart)) / 1000
                if observes {
                    batch.time[batchCount] = t
                    batch.start[batchCount] = a
                    batch.cpu[batchCount] = running ? served : .nan
                    batch.memory[batchCount] = running ? (killed ? state.settings.memoryLimit : min(memory, state.settings.memoryLimit)) : .nan
                    batchCount += 1
                    if batchCount == ObservationBuffers.capacity {
                        driver.flush(series: series, container: container, count: batchCount, cpuRequest: state.settings.cpuRequest)
                        batchCount = 0
                    }
                }

                if killed {
                    if t > evaluationStart { m.oomKills += 1 }
                    state.lastOOMKill = (t, t - state.upSince)
                    let delay = state.backoff.delay(crashAt: t, runningSince: state.upSince)
                    state.isUp = false
                    state.downStart = t
                    let restart = t + delay + startupDelay
                    if restart < lastTime {
                        state.restartAt = restart
                        output.restarts.append((restart, series))
                    }
                    let event = ContainerEvent.oomKilled(
                        series: series, at: t, memoryRequest: state.settings.resources.memoryRequest,
                        memoryLimit: state.settings.resources.memoryLimit, workingSet: memory)
                    if observes {
                        // The policy learns of the kill right after the samples that led to it.
                        driver.flush(series: series, container: container, count: batchCount, cpuRequest: state.settings.cpuRequest)
                        batchCount = 0
                        driver.record(event)
                    } else {
                        output.events.append(event)
                    }
                }
            }
        }
        if batchCount > 0 { driver.flush(series: series, container: container, count: batchCount, cpuRequest: state.settings.cpuRequest) }
    }

    /// Throttling of sample `i` (mean `cpu` cores) under `limit`.
    @inline(__always)
    func throttling(sample i: Int, container: Int, cpu: Double, limit: Double, recordedLimit: Double,
                    columns: TraceColumns, counts: inout BurstModelCounts) -> Throttling {
        let burst = columns.burst
        switch options.burstModel {
        case .mean:
            counts[4] += cpu > limit ? 1 : 0
            return cpu > limit ? Throttling(throttledFraction: 1, unservedCores: cpu - limit) : .none
        case .fitted:
            let result = BurstProfile.throttling(burst, container: container, mean: cpu, limit: limit)
            if result.throttledFraction > 0 { counts[3] += 1 }
            return result
        case .auto, .percentiles, .observed:
            let levels = columns.percentileLevels.count
            if levels > 0 && options.burstModel != .observed {
                let values = UnsafeBufferPointer(rebasing: columns.percentiles[i * levels..<(i + 1) * levels])
                if let result = PercentileVectorThrottling.throttling(levels: columns.percentileLevels, values: values, limit: limit) {
                    if result.throttledFraction > 0 { counts[1] += 1 }
                    return result
                }
            }
            if !columns.throttledRatio.isEmpty && options.burstModel != .percentiles {
                let observed = columns.throttledRatio[i]
                if limit == recordedLimit {
                    // At the recorded limit itself the recorded ratio is the answer, with the demand it
                    // held back from the calibrated shape (NaN where calibration was impossible).
                    if observed == 0 { return .none }
                    let unserved = columns.observedUnserved[i]
                    if !unserved.isNaN {
                        counts[2] += 1
                        return Throttling(throttledFraction: observed, unservedCores: unserved)
                    }
                } else {
                    // Nothing throttled at the recorded limit, and this limit is no lower: nothing throttles.
                    if observed == 0 && limit >= recordedLimit { return .none }
                    let stretch = columns.observedStretch[i]
                    if !stretch.isNaN {
                        let result = BurstProfile.throttling(burst, container: container, mean: cpu, limit: limit, stretch: stretch)
                        if result.throttledFraction > 0 { counts[2] += 1 }
                        return result
                    }
                }
            }
            let result = BurstProfile.throttling(burst, container: container, mean: cpu, limit: limit)
            if result.throttledFraction > 0 { counts[3] += 1 }
            return result
        }
    }
}

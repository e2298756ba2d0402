import CacheHints
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
    /// Per settings id, the recorded CPU limit (NaN where unset).
    let settingsCPULimit: UnsafeBufferPointer<Double>
    let observedFits: ObservedFits.View
}

/// Read-only views of a `BurstProfile`'s arrays.
struct BurstView {
    /// Per container, its shape's slot in the arrays below.
    let shapeOf: UnsafeBufferPointer<Int32>
    let ratios: UnsafeBufferPointer<Double>
    let suffix: UnsafeBufferPointer<Double>
    let ceiling: UnsafeBufferPointer<Double>
    /// The calibrated model built on these shapes.
    let calibrated: CalibratedView
}

/// Read-only views of a `CalibratedBurst`'s arrays.
struct CalibratedView {
    let sigma: UnsafeBufferPointer<Double>
    let table: UnsafeBufferPointer<Int32>
    let fraction: UnsafeBufferPointer<Double>
    let limitOverDemand: UnsafeBufferPointer<Double>
    /// `NormalTable.values`.
    let phi: UnsafeBufferPointer<Double>

    /// No model (for uses of a burst shape alone).
    static var none: CalibratedView {
        CalibratedView(
            sigma: UnsafeBufferPointer(start: nil, count: 0), table: UnsafeBufferPointer(start: nil, count: 0),
            fraction: UnsafeBufferPointer(start: nil, count: 0),
            limitOverDemand: UnsafeBufferPointer(start: nil, count: 0), phi: UnsafeBufferPointer(start: nil, count: 0))
    }

    /// Throttling of container `c`'s sample (see `CalibratedBurst.throttling`).
    @inline(__always)
    func throttling(container c: Int, mean: Double, limit: Double, recordedLimit: Double) -> Throttling {
        let k = CalibratedBurst.points, row = Int(table[c]) * k
        return CalibratedBurst.throttling(
            mean: mean, limit: limit, recordedLimit: recordedLimit, sigma: sigma[c],
            fraction: UnsafeBufferPointer(rebasing: fraction[row..<(row + k)]),
            limitOverDemand: UnsafeBufferPointer(rebasing: limitOverDemand[row..<(row + k)]), phi: phi)
    }
}

extension TraceProfile {
    func withColumns<R>(_ body: (TraceColumns) -> R) -> R {
        burst.withView { view in
            withCalibrated { calibrated in
                settingsCPULimit.withUnsafeBufferPointer { limits in
                    observedFits.withView { fits in
                        trace.withColumns(
                            burst: BurstView(
                                shapeOf: view.shapeOf, ratios: view.ratios, suffix: view.suffix,
                                ceiling: view.ceiling, calibrated: calibrated),
                            settingsCPULimit: limits, observedFits: fits, body)
                    }
                }
            }
        }
    }

    /// Views of the calibrated model's arrays.
    func withCalibrated<R>(_ body: (CalibratedView) -> R) -> R {
        calibrated.sigma.withUnsafeBufferPointer { sigma in
            calibrated.table.withUnsafeBufferPointer { table in
                calibrated.fraction.withUnsafeBufferPointer { fraction in
                    calibrated.limitOverDemand.withUnsafeBufferPointer { limitOverDemand in
                        NormalTable.values.withUnsafeBufferPointer { phi in
                            body(
                                CalibratedView(
                                    sigma: sigma, table: table, fraction: fraction, limitOverDemand: limitOverDemand,
                                    phi: phi))
                        }
                    }
                }
            }
        }
    }
}

extension Trace {
    func withColumns<R>(
        burst: BurstView, settingsCPULimit: UnsafeBufferPointer<Double>,
        observedFits: ObservedFits.View, _ body: (TraceColumns) -> R
    ) -> R {
        time.withUnsafeBufferPointer { time in
            cpu.withUnsafeBufferPointer { cpu in
                memory.withUnsafeBufferPointer { memory in
                    settingsIndex.withUnsafeBufferPointer { settingsIndex in
                        throttledRatio.withUnsafeBufferPointer { throttledRatio in
                            oomKilled.withUnsafeBufferPointer { oomKilled in
                                cpuPercentileLevels.withUnsafeBufferPointer { levels in
                                    cpuPercentiles.withUnsafeBufferPointer { percentiles in
                                        body(
                                            TraceColumns(
                                                time: time, cpu: cpu, memory: memory, settingsIndex: settingsIndex,
                                                throttledRatio: throttledRatio, oomKilled: oomKilled,
                                                percentileLevels: levels, percentiles: percentiles, burst: burst,
                                                settingsCPULimit: settingsCPULimit, observedFits: observedFits))
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
        stream(
            series, to: horizon, state: &states[series], metrics: &metrics[series], columns: columns, output: &output)
    }

    /// The sample loop of `advance`, on the series' state and metrics in place.
    @inline(__always)
    func stream(
        _ series: Int, to horizon: TraceInstant, state: inout SeriesState, metrics m: inout SeriesMetrics,
        columns: TraceColumns, output: inout StreamOutput
    ) {
        let container = seriesContainer[series]
        let interval = seriesInterval[series]
        let evaluationStart = self.evaluationStart
        let observes = sampleFlow.observes
        let admits = sampleFlow.admits
        let batch = sampleFlow.batch
        var batchCount = 0
        while state.cursor < state.end {
            let i = state.cursor
            let t = columns.time[i]
            if t > horizon || t > state.restartAt { break }
            state.cursor = i + 1
            let start = begin(series, sampleAt: t, interval: interval, admits: admits, state: &state)
            let settingsIndex = columns.settingsIndex[i]
            if settingsIndex != state.settings.recordedIndex {
                state.settings.recordedIndex = settingsIndex
                refreshSettings(&state, series: series)
            }
            let sample = evaluate(
                series, sample: i, from: start, to: t, container: container, state: &state, columns: columns,
                counts: &output.burstModelSamples)
            if t > evaluationStart {
                account(sample, from: evaluationStart, rates: rates[series], state: &state, metrics: &m)
            }
            remember(sample, state: &state)
            if observes {
                batch.time[batchCount] = t
                batch.start[batchCount] = start
                batch.cpu[batchCount] = sample.running ? sample.served : .nan
                batch.memory[batchCount] = sample.observedMemory(limit: state.settings.memoryLimit)
                batchCount += 1
                if batchCount == ObservationBuffers.capacity {
                    driver.flush(
                        series: series, container: container, count: batchCount, cpuRequest: state.settings.cpuRequest)
                    batchCount = 0
                }
            }
            guard sample.killed else { continue }
            let event = oomKill(series, at: t, memory: sample.memory, state: &state, metrics: &m, output: &output)
            if observes {
                // The policy learns of the kill right after the samples that led to it.
                driver.flush(
                    series: series, container: container, count: batchCount, cpuRequest: state.settings.cpuRequest)
                batchCount = 0
                driver.record(event)
            } else {
                output.events.append(event)
            }
        }
        if batchCount > 0 {
            driver.flush(series: series, container: container, count: batchCount, cpuRequest: state.settings.cpuRequest)
        }
        paused(series, state: &state, columns: columns)
    }

    /// Where a stream stopped: the series' next sample time for the event loop, and that sample's
    /// values fetched ahead (under a policy that sees every sample they are read at the series' next
    /// turn, after every other due series had its own).
    @inline(__always)
    func paused(_ series: Int, state: inout SeriesState, columns: TraceColumns) {
        let next = state.cursor
        guard next < state.end else {
            nextSample[series] = .max
            // No sample left to evaluate: the throttling window's buffer is not needed again.
            state.detector.releaseWindow()
            return
        }
        nextSample[series] = columns.time[next]
        if let cpu = columns.cpu.baseAddress { opexsim_prefetch(cpu + next) }
        if let memory = columns.memory.baseAddress { opexsim_prefetch(memory + next) }
        if let settings = columns.settingsIndex.baseAddress { opexsim_prefetch(settings + next) }
    }

    /// Keeps what the node checks read of the latest sample.
    @inline(__always)
    func remember(_ sample: ReplayedSample, state: inout SeriesState) {
        if sample.running && !sample.memory.isNaN { state.last.workingSet = sample.memory }
        state.last.end = sample.end
        state.last.servedCPU = sample.running ? sample.served : 0
        state.last.upSeconds = Double(max(0, sample.upEnd - sample.upStart)) / 1000
    }

    /// The start of the interval the sample ending at `t` covers: one nominal interval back for the
    /// first sample and after a gap, else the previous sample's end. The first sample creates the pod,
    /// whose settings come from the admission (applied by the settings refresh that follows).
    @inline(__always)
    func begin(_ series: Int, sampleAt t: TraceInstant, interval: Int64, admits: Bool, state: inout SeriesState)
        -> TraceInstant
    {
        var delta = interval
        if state.previousTime == .min {
            state.segmentStart = t - interval
            state.upSince = t - interval
            state.podStartedAt = t - interval
            if admits { driver.seriesOverride[series] = driver.admission(series: series, at: t - interval) }
        } else {
            let step = t - state.previousTime
            if step <= 3 * interval { delta = step } else { state.segmentStart = t - interval }
        }
        state.previousTime = t
        return t - delta
    }

    /// Sample `i` over `(start, t]` under the settings in force: its demand (with any extra demand),
    /// the running part of the interval, throttling, the CPU served, and whether it is an OOM kill.
    @inline(__always)
    func evaluate(
        _ series: Int, sample i: Int, from start: TraceInstant, to t: TraceInstant, container: Int,
        state: inout SeriesState, columns: TraceColumns, counts: inout BurstModelCounts
    ) -> ReplayedSample {
        var sample = ReplayedSample(
            end: t, start: start, cpu: columns.cpu[i], memory: columns.memory[i],
            upStart: max(start, state.upSince), upEnd: state.isUp ? t : min(t, state.downStart))
        if state.hasExtraDemand, let windows = extraDemand[series] {
            // StressChaos: extra CPU over the part of the interval it covers, extra working set.
            for window in windows where window.from < t && window.until > start {
                sample.cpu +=
                    window.cpuCores * Double(min(t, window.until) - max(start, window.from)) / Double(max(1, t - start))
                sample.memory = (sample.memory.isNaN ? 0 : sample.memory) + window.memoryBytes
                sample.hasExtraDemand = true
            }
        }
        let limits = state.settings
        if sample.running && sample.cpu > 0 && limits.cpuLimit < .infinity {
            // Extra demand is demand the recording never saw: the recorded throttling does not apply to it.
            sample.throttling = columns.throttling(
                model: options.burstModel, sample: i, container: container, cpu: sample.cpu, limit: limits.cpuLimit,
                recordedLimit: sample.hasExtraDemand ? .nan : limits.recordedCPULimit, counts: &counts)
        }
        // Under the recorded limit the recorded usage is what the container got; the burst
        // model estimates the demand the limit held back on top of it.
        sample.served =
            limits.cpuLimit == limits.recordedCPULimit && !sample.hasExtraDemand
            ? sample.cpu : sample.cpu - sample.throttling.unservedCores
        if sample.running && limits.memoryLimit < .infinity {
            // Over the limit, or killed in the recording under a limit at least as high as this one.
            sample.killed =
                sample.memory > limits.memoryLimit
                || (!columns.oomKilled.isEmpty && columns.oomKilled[i] != 0
                    && !(limits.memoryLimit > limits.recordedMemoryLimit))
        }
        return sample
    }

    /// Adds what a sample inside the evaluation window did to the series' metrics: time observed and
    /// running, CPU demand, use, throttling and loss, allocations and their cost, slack, and the
    /// CPUThrottlingHigh alert.
    @inline(__always)
    func account(
        _ sample: ReplayedSample, from evaluationStart: TraceInstant, rates: AllocationRates,
        state: inout SeriesState, metrics m: inout SeriesMetrics
    ) {
        let t = sample.end
        let windowStart = max(sample.start, evaluationStart)
        let window = Double(t - windowStart) / 1000
        let up = Double(max(0, sample.upEnd - max(sample.upStart, windowStart))) / 1000
        let down = window - up
        let cpu = sample.cpu, served = sample.served
        m.observedSeconds += window
        m.upSeconds += up
        m.cpuDemandCoreSeconds += cpu * window
        m.cpuUsedCoreSeconds += served * up
        m.cpuThrottledCoreSeconds += sample.throttling.unservedCores * up
        m.cpuLostCoreSeconds += cpu * down
        var throttledPeriods = 0.0
        if cpu > 0 {
            let periods = up * Self.periodsPerSecond
            throttledPeriods = sample.throttling.throttledFraction * periods
            m.runnablePeriods += periods
            m.throttledPeriods += throttledPeriods
        }
        let request = state.settings.cpuRequest
        let cpuAllocated = max(request, served) * up + request * down
        m.cpuAllocatedCoreSeconds += cpuAllocated
        m.cpuCostUSD += cpuAllocated * rates.cpu
        m.cpuRequestCoreSeconds += request * window
        m.cpuSlackCoreSeconds += max(request - served, 0) * up + request * down
        accountMemory(
            sample.memory, up: up, down: down, window: window, rate: rates.memory, state: &state, metrics: &m)
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

    /// The memory part of `account`: the request, the allocation (the request where the working set
    /// is not recorded) and its cost, slack and use.
    @inline(__always)
    func accountMemory(
        _ memory: Double, up: Double, down: Double, window: Double, rate: Double, state: inout SeriesState,
        metrics m: inout SeriesMetrics
    ) {
        let memoryRequest = state.settings.memoryRequest
        m.memoryRequestByteSeconds += memoryRequest * window
        if memory.isNaN {
            m.memoryAllocatedByteSeconds += memoryRequest * window
            m.memoryCostUSD += memoryRequest * window * rate
        } else {
            let workingSet = min(memory, state.settings.memoryLimit)
            let memoryAllocated = max(memoryRequest, workingSet) * up + memoryRequest * down
            m.memoryAllocatedByteSeconds += memoryAllocated
            m.memoryCostUSD += memoryAllocated * rate
            m.memorySlackByteSeconds += max(memoryRequest - workingSet, 0) * up + memoryRequest * down
            m.memoryUsedByteSeconds += workingSet * up
            m.memoryObservedSeconds += up
        }
    }

    /// The kernel OOM-kills the container at `t`: it goes down and restarts after the CrashLoopBackOff
    /// delay and the start-up (unless that is past its last sample). Returns the event for the policy.
    @inline(__always)
    func oomKill(
        _ series: Int, at t: TraceInstant, memory: Double, state: inout SeriesState, metrics m: inout SeriesMetrics,
        output: inout StreamOutput
    ) -> ContainerEvent {
        if t > evaluationStart { m.oomKills += 1 }
        state.lastOOMKill = (t, t - state.upSince)
        let delay = state.backoff.delay(crashAt: t, runningSince: state.upSince)
        state.isUp = false
        state.downStart = t
        let restart = t + delay + options.startupDelay
        if restart < seriesLastTime[series] {
            state.restartAt = restart
            output.restarts.append((restart, series))
        }
        return ContainerEvent.oomKilled(
            series: series, at: t, memoryRequest: state.settings.resources.memoryRequest,
            memoryLimit: state.settings.resources.memoryLimit, workingSet: memory)
    }
}

/// One sample as the replay lived it: the interval `(start, end]` it covers, the demand (with any
/// extra demand), the running part of the interval, throttling, the CPU served, and an OOM kill.
struct ReplayedSample {
    var end: TraceInstant
    var start: TraceInstant
    var cpu: Double
    var memory: Double
    /// The running part of the interval: `(upStart, upEnd]`, empty when the container was down.
    var upStart: TraceInstant
    var upEnd: TraceInstant
    var hasExtraDemand = false
    var throttling = Throttling.none
    var served = 0.0
    var killed = false

    init(
        end: TraceInstant, start: TraceInstant, cpu: Double, memory: Double, upStart: TraceInstant, upEnd: TraceInstant
    ) {
        self.end = end
        self.start = start
        self.cpu = cpu
        self.memory = memory
        self.upStart = upStart
        self.upEnd = upEnd
    }

    var running: Bool { upEnd > upStart }

    /// The working set a policy observes under a memory `limit`: at most the limit, the limit itself
    /// when killed, NaN when not running (or not recorded).
    func observedMemory(limit: Double) -> Double {
        running ? (killed ? limit : min(memory, limit)) : .nan
    }
}

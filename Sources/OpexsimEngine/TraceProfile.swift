import OpexsimMetrics
import OpexsimTraces

/// What the replay needs to know about a trace before any scenario runs, computed once and shared:
/// burst shapes, coverage spans and the samples recorded at their limits (censored).
public struct TraceProfile: Sendable {
    public let trace: Trace
    public let burst: BurstProfile
    /// The calibrated throttling model of each container, for samples that carry only their mean.
    public let calibrated: CalibratedBurst
    /// Spans each series has data for.
    public let coverage: [[TimeSpan]]
    /// Samples whose CPU was recorded at ≥ 95% of the recorded CPU limit: demand above the limit
    /// is unknown there.
    public let censoredCPUSamples: [Int]
    /// Samples whose working set was recorded at ≥ 95% of the recorded memory limit, or with an OOM
    /// kill: the memory the workload wanted there is unknown.
    public let censoredMemorySamples: [Int]

    /// Per sample, the stretch of its container's burst shape that reproduces the recorded
    /// `cpu_throttled_ratio` at the recorded CPU limit; where the shape cannot reach that ratio, minus
    /// σ of the lognormal demand the mean and the ratio pin down (`CalibratedBurst.observedDemand`);
    /// NaN where neither fits. Empty when the trace has no such column.
    public let observedStretch: [Double]
    /// Per sample, the demand the recorded CPU limit held back under that stretch, cores (NaN where
    /// the stretch is).
    public let observedUnserved: [Double]

    /// Share of the recorded limit at which a sample counts as censored (a design choice:
    /// docs/kubernetes-runtime.md, section 1.3).
    public static let censoringThreshold = 0.95

    public init(_ trace: Trace) {
        self.trace = trace
        burst = BurstProfile.fit(trace)
        calibrated = CalibratedBurst(trace, burst: burst)
        coverage = trace.series.indices.map { trace.coverage(ofSeries: $0) }
        let shares = SeriesShares(trace)
        (censoredCPUSamples, censoredMemorySamples) = Self.censored(trace, shares)
        (observedStretch, observedUnserved) = Self.calibrate(trace, burst, shares)
    }

    /// Per container, the samples recorded at their CPU limit and those at their memory limit or OOM
    /// killed; counted per series on all cores.
    static func censored(_ trace: Trace, _ shares: SeriesShares) -> (cpu: [Int], memory: [Int]) {
        var cpuPerSeries = [Int](repeating: 0, count: trace.series.count)
        var memoryPerSeries = [Int](repeating: 0, count: trace.series.count)
        let hasOOM = !trace.oomKilled.isEmpty
        cpuPerSeries.withUnsafeMutableBufferPointer { cpuCounts in
            memoryPerSeries.withUnsafeMutableBufferPointer { memoryCounts in
                let counts = UncheckedSendable((cpu: cpuCounts, memory: memoryCounts))
                shares.concurrentPerform { run in
                    for s in run {
                        var (cpu, memory) = (0, 0)
                        for i in trace.series[s].range {
                            let settings = trace.settings[Int(trace.settingsIndex[i])]
                            if let limit = settings.cpuLimit, trace.cpu[i] >= Self.censoringThreshold * limit {
                                cpu += 1
                            }
                            if (hasOOM && trace.oomKilled[i] != 0)
                                || (settings.memoryLimit.map { trace.memory[i] >= Self.censoringThreshold * $0 }
                                    ?? false)
                            {
                                memory += 1
                            }
                        }
                        (counts.value.cpu[s], counts.value.memory[s]) = (cpu, memory)
                    }
                }
            }
        }
        var cpu = [Int](repeating: 0, count: trace.containers.count)
        var memory = [Int](repeating: 0, count: trace.containers.count)
        for (s, series) in trace.series.enumerated() {
            cpu[series.containerIndex] += cpuPerSeries[s]
            memory[series.containerIndex] += memoryPerSeries[s]
        }
        return (cpu, memory)
    }

    init(
        trace: Trace, burst: BurstProfile, calibrated: CalibratedBurst, coverage: [[TimeSpan]],
        censoredCPUSamples: [Int],
        censoredMemorySamples: [Int],
        observedStretch: [Double], observedUnserved: [Double]
    ) {
        self.trace = trace
        self.burst = burst
        self.calibrated = calibrated
        self.coverage = coverage
        self.censoredCPUSamples = censoredCPUSamples
        self.censoredMemorySamples = censoredMemorySamples
        self.observedStretch = observedStretch
        self.observedUnserved = observedUnserved
    }

    /// Calibrates the observed-throttling model once per sample, for every scenario to share, on all
    /// cores (each run of series writes its own samples).
    static func calibrate(_ trace: Trace, _ burst: BurstProfile, _ shares: SeriesShares) -> ([Double], [Double]) {
        guard !trace.throttledRatio.isEmpty else { return ([], []) }
        // Every sample is written below (the series' ranges cover the samples); pages are first
        // touched by the core that fills them.
        let samples = trace.sampleCount
        var stretches = [Double](unsafeUninitializedCapacity: samples) { _, count in count = samples }
        var unserved = [Double](unsafeUninitializedCapacity: samples) { _, count in count = samples }
        stretches.withUnsafeMutableBufferPointer { stretchBuffer in
            unserved.withUnsafeMutableBufferPointer { unservedBuffer in
                burst.withView { view in
                    let shared = UncheckedSendable((view: view, stretches: stretchBuffer, unserved: unservedBuffer))
                    shares.concurrentPerform { run in
                        for s in run {
                            calibrate(
                                trace, series: s, view: shared.value.view, stretches: shared.value.stretches,
                                unserved: shared.value.unserved)
                        }
                    }
                }
            }
        }
        return (stretches, unserved)
    }

    /// Calibrates the samples of series `s` into `stretches` and `unserved` (NaN where nothing fits).
    static func calibrate(
        _ trace: Trace, series s: Int, view: BurstView, stretches: UnsafeMutableBufferPointer<Double>,
        unserved: UnsafeMutableBufferPointer<Double>
    ) {
        let series = trace.series[s]
        let c = series.containerIndex
        for i in series.range {
            stretches[i] = .nan
            unserved[i] = .nan
            let observed = trace.throttledRatio[i]
            let cpu = trace.cpu[i]
            guard !observed.isNaN, let limit = trace.settings[Int(trace.settingsIndex[i])].cpuLimit
            else { continue }
            guard
                let stretch = BurstProfile.stretch(
                    view, container: c, mean: cpu, recordedLimit: limit, observed: observed)
            else {
                // Beyond the shape's reach: the lognormal that the mean and the ratio pin down.
                if let fit = CalibratedBurst.observedDemand(utilisation: cpu / limit, observed: observed) {
                    stretches[i] = -fit.sigma
                    unserved[i] = max(0, fit.demandOverLimit * limit - cpu)
                }
                continue
            }
            stretches[i] = stretch
            unserved[i] = 0
            if observed > 0 {
                unserved[i] =
                    BurstProfile.throttlingAtRecordedLimit(
                        view, container: c, mean: cpu, limit: limit, stretch: stretch,
                        index: BurstProfile.observedIndex(observed)
                    ).unservedCores
            }
        }
    }
}

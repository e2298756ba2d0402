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
        var cpuCensored = [Int](repeating: 0, count: trace.containers.count)
        var memoryCensored = [Int](repeating: 0, count: trace.containers.count)
        let hasOOM = !trace.oomKilled.isEmpty
        for series in trace.series {
            for i in series.range {
                let settings = trace.settings[Int(trace.settingsIndex[i])]
                if let limit = settings.cpuLimit, trace.cpu[i] >= Self.censoringThreshold * limit {
                    cpuCensored[series.containerIndex] += 1
                }
                if (hasOOM && trace.oomKilled[i] != 0)
                    || (settings.memoryLimit.map { trace.memory[i] >= Self.censoringThreshold * $0 } ?? false)
                {
                    memoryCensored[series.containerIndex] += 1
                }
            }
        }
        censoredCPUSamples = cpuCensored
        censoredMemorySamples = memoryCensored
        (observedStretch, observedUnserved) = Self.calibrate(trace, burst)
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

    /// Calibrates the observed-throttling model once per sample, for every scenario to share.
    static func calibrate(_ trace: Trace, _ burst: BurstProfile) -> ([Double], [Double]) {
        guard !trace.throttledRatio.isEmpty else { return ([], []) }
        var stretches = [Double](repeating: .nan, count: trace.sampleCount)
        var unserved = [Double](repeating: .nan, count: trace.sampleCount)
        burst.withView { view in
            for series in trace.series {
                let c = series.containerIndex
                for i in series.range {
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
        return (stretches, unserved)
    }
}

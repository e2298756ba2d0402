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
    public let coverage: CoverageTable
    /// Samples whose CPU was recorded at ≥ 95% of the recorded CPU limit: demand above the limit
    /// is unknown there.
    public let censoredCPUSamples: [Int]
    /// Samples whose working set was recorded at ≥ 95% of the recorded memory limit, or with an OOM
    /// kill: the memory the workload wanted there is unknown.
    public let censoredMemorySamples: [Int]

    /// The samples whose recorded `cpu_throttled_ratio` only a fitted lognormal reproduces (see
    /// `ObservedFits`); the other samples' calibration is made where it is used.
    public let observedFits: ObservedFits
    /// Per settings id, the recorded CPU limit in cores (NaN where unset): the limit each sample's
    /// `cpu_throttled_ratio` was recorded under.
    public let settingsCPULimit: [Double]

    /// Share of the recorded limit at which a sample counts as censored (a design choice:
    /// docs/kubernetes-runtime.md, section 1.3).
    public static let censoringThreshold = 0.95

    public init(_ trace: Trace) {
        self.trace = trace
        burst = BurstProfile.fit(trace)
        calibrated = CalibratedBurst(trace, burst: burst)
        coverage = CoverageTable(trace)
        let shares = SeriesShares(trace)
        (censoredCPUSamples, censoredMemorySamples) = Self.censored(trace, shares)
        settingsCPULimit = trace.settings.map { $0.cpuLimit ?? .nan }
        observedFits = Self.observedFits(trace, burst, shares)
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
        trace: Trace, burst: BurstProfile, calibrated: CalibratedBurst, coverage: CoverageTable,
        censoredCPUSamples: [Int],
        censoredMemorySamples: [Int],
        observedFits: ObservedFits, settingsCPULimit: [Double]
    ) {
        self.trace = trace
        self.burst = burst
        self.calibrated = calibrated
        self.coverage = coverage
        self.censoredCPUSamples = censoredCPUSamples
        self.censoredMemorySamples = censoredMemorySamples
        self.observedFits = observedFits
        self.settingsCPULimit = settingsCPULimit
    }

    /// The samples that need a fitted lognormal to reproduce their recorded throttled ratio, found
    /// on all cores (each run of series collects its own, joined in sample order).
    static func observedFits(_ trace: Trace, _ burst: BurstProfile, _ shares: SeriesShares) -> ObservedFits {
        guard !trace.throttledRatio.isEmpty else { return .none }
        var perSeries = [[(row: Int, stretch: Double, unserved: Double)]](repeating: [], count: trace.series.count)
        perSeries.withUnsafeMutableBufferPointer { perSeriesBuffer in
            burst.withView { view in
                let shared = UncheckedSendable((view: view, fits: perSeriesBuffer))
                shares.concurrentPerform { run in
                    for s in run { shared.value.fits[s] = fits(trace, series: s, view: shared.value.view) }
                }
            }
        }
        let entries = perSeries.joined()
        return ObservedFits(
            rows: entries.map(\.row), stretch: entries.map(\.stretch), unserved: entries.map(\.unserved))
    }

    /// The samples of series `s` whose ratio the burst shape cannot reach, with their fits.
    static func fits(_ trace: Trace, series s: Int, view: BurstView) -> [(row: Int, stretch: Double, unserved: Double)]
    {
        let series = trace.series[s]
        let c = series.containerIndex
        var found: [(row: Int, stretch: Double, unserved: Double)] = []
        for i in series.range {
            let observed = trace.throttledRatio[i]
            let cpu = trace.cpu[i]
            guard !observed.isNaN, let limit = trace.settings[Int(trace.settingsIndex[i])].cpuLimit,
                BurstProfile.stretch(view, container: c, mean: cpu, recordedLimit: limit, observed: observed) == nil
            else { continue }
            // Beyond the shape's reach: the lognormal that the mean and the ratio pin down.
            if let fit = CalibratedBurst.observedDemand(utilisation: cpu / limit, observed: observed) {
                found.append((i, -fit.sigma, max(0, fit.demandOverLimit * limit - cpu)))
            } else {
                found.append((i, .nan, .nan))
            }
        }
        return found
    }
}

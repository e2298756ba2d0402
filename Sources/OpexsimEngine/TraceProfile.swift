import OpexsimMetrics
import OpexsimTraces

/// What the replay needs to know about a trace before any scenario runs, computed once and shared:
/// burst shapes, coverage spans and the samples recorded at their limits (censored).
public struct TraceProfile: Sendable {
    public let trace: Trace
    public let burst: BurstProfile
    /// Spans each series has data for.
    public let coverage: [[TimeSpan]]
    /// Samples whose CPU was recorded at ≥ 95% of the recorded CPU limit: demand above the limit
    /// is unknown there.
    public let censoredCPUSamples: [Int]
    /// Samples whose working set was recorded at ≥ 95% of the recorded memory limit, or with an OOM
    /// kill: the memory the workload wanted there is unknown.
    public let censoredMemorySamples: [Int]

    /// Share of the recorded limit at which a sample counts as censored (a [design] choice in the
    /// runtime reference, §1.3).
    public static let censoringThreshold = 0.95

    public init(_ trace: Trace) {
        self.trace = trace
        burst = BurstProfile.fit(trace)
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
                    || (settings.memoryLimit.map { trace.memory[i] >= Self.censoringThreshold * $0 } ?? false) {
                    memoryCensored[series.containerIndex] += 1
                }
            }
        }
        censoredCPUSamples = cpuCensored
        censoredMemorySamples = memoryCensored
    }
}

import OpexsimTraces

/// Demand the recording never saw on one container over `(from, until]` (a StressChaos): extra CPU
/// cores and extra working set.
struct ExtraDemand {
    var from: TraceInstant
    var until: TraceInstant
    var cpuCores: Double
    var memoryBytes: Double
}

import OpexsimTraces

/// Extra demand a StressChaos puts on one container over `(from, until]`.
struct StressWindow {
    var from: TraceInstant
    var until: TraceInstant
    var cpuCores: Double
    var memoryBytes: Double
}

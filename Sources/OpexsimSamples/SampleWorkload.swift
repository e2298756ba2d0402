import OpexsimTraces

/// A synthetic workload of the sample trace: its identity, recorded settings and demand pattern.
public struct SampleWorkload: Sendable {
    /// The shape of a workload's demand over time.
    public enum Pattern: Sendable {
        /// A daily cycle peaking at `peakHour` (UTC) with mean `cores` and `amplitude` (share of the mean).
        case diurnal(cores: Double, amplitude: Double, peakHour: Double)
        /// A low baseline with random bursts to `burstCores` lasting `burstMinutes` about every `everyMinutes`.
        case bursty(baseCores: Double, burstCores: Double, burstMinutes: Double, everyMinutes: Double)
        /// A steady load.
        case steady(cores: Double)
        /// Batch phases: `activeCores` for `activeMinutes` every `periodMinutes`, else `idleCores`.
        case batch(activeCores: Double, idleCores: Double, activeMinutes: Double, periodMinutes: Double)
    }

    /// How the working set behaves.
    public enum MemoryPattern: Sendable {
        /// Around `bytes`, rising with load by `perCore` bytes per core.
        case steady(bytes: Double, perCore: Double)
        /// Grows by `bytesPerHour` from `baseBytes` until the limit kills it, then starts over.
        case leak(baseBytes: Double, bytesPerHour: Double)
        /// A JVM heap: grows from `lowBytes` to `highBytes` over `cycleMinutes`, then a GC drops it.
        case sawtooth(lowBytes: Double, highBytes: Double, cycleMinutes: Double)
    }

    public var namespace: String
    public var workload: String
    public var container: String
    public var team: String
    public var replicas: Int
    public var settings: ResourceSettings
    public var cpu: Pattern
    public var memory: MemoryPattern
    /// Relative noise of per-second CPU demand around the pattern (burstiness inside a sample).
    public var burstiness: Double

    public init(
        namespace: String, workload: String, container: String, team: String, replicas: Int,
        settings: ResourceSettings, cpu: Pattern, memory: MemoryPattern, burstiness: Double
    ) {
        self.namespace = namespace
        self.workload = workload
        self.container = container
        self.team = team
        self.replicas = replicas
        self.settings = settings
        self.cpu = cpu
        self.memory = memory
        self.burstiness = burstiness
    }
}

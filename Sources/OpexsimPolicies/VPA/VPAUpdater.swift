import OpexsimTraces

/// Settings of the VPA updater; each default is upstream's (`pkg/updater/config/config.go`).
public struct VPAUpdaterParameters: Sendable, Equatable {
    /// `--updater-interval`, default 1m: how often the updater loop runs.
    public var interval: Int64 = 60_000
    /// `--min-replicas`, default 2 (per-VPA `updatePolicy.minReplicas`): groups with fewer live pods
    /// are never evicted.
    public var minReplicas = 2
    /// `--eviction-tolerance`, default 0.5: the share of a group that may be disrupted at once.
    public var evictionTolerance = 0.5
    /// `--in-recommendation-bounds-eviction-lifetime-threshold`, default 12h.
    public var podLifetimeThreshold: Int64 = 12 * 3_600_000
    /// `--pod-update-threshold`, default 0.1: the summed relative change worth an eviction.
    public var podUpdateThreshold = 0.1
    /// `--evict-after-oom-threshold`, default 10m (per-VPA `evictAfterOOMSeconds`).
    public var evictAfterOOMThreshold: Int64 = 600_000

    public init() {}
}

/// One container of a pod as the updater compares it: its requests now and its recommendation.
public struct VPAUpdateContainer: Sendable, Equatable {
    public var cpuRequest: Double?
    public var memoryRequest: Double?
    public var target: ResourceAmounts
    public var lowerBound: ResourceAmounts
    public var upperBound: ResourceAmounts
    /// How long the container ran before its last OOM kill in this pod, if it was OOM-killed.
    public var lastOOMRunningFor: Int64?

    public init(
        cpuRequest: Double?, memoryRequest: Double?, target: ResourceAmounts, lowerBound: ResourceAmounts,
        upperBound: ResourceAmounts, lastOOMRunningFor: Int64? = nil
    ) {
        self.cpuRequest = cpuRequest
        self.memoryRequest = memoryRequest
        self.target = target
        self.lowerBound = lowerBound
        self.upperBound = upperBound
        self.lastOOMRunningFor = lastOOMRunningFor
    }
}

/// Why and how urgently the updater wants to replace a pod (`priority_processor.go`,
/// `update_priority_calculator.go`).
public struct VPAUpdatePriority: Sendable, Equatable {
    /// Some request lies outside [lowerBound, upperBound], or is missing.
    public var outsideBounds: Bool
    /// Σ over CPU and memory of |Σrequests − Σtargets| / max(Σrequests, 1), in milli-units.
    public var resourceDiff: Double
    /// Some target exceeds its request.
    public var scaleUp: Bool
    /// A container was OOM-killed after running less than the threshold.
    public var quickOOM: Bool

    public init(outsideBounds: Bool, resourceDiff: Double, scaleUp: Bool, quickOOM: Bool) {
        self.outsideBounds = outsideBounds
        self.resourceDiff = resourceDiff
        self.scaleUp = scaleUp
        self.quickOOM = quickOOM
    }

    /// Scale-ups first, then the larger change (`PodPriority.Less`).
    public static func isBefore(_ a: VPAUpdatePriority, _ b: VPAUpdatePriority) -> Bool {
        a.scaleUp != b.scaleUp ? a.scaleUp : a.resourceDiff > b.resourceDiff
    }
}

/// The decisions of the VPA updater.
public enum VPAUpdater {
    /// The pod's priority, or nil when none of the three conditions makes it a candidate:
    /// 1. a request outside the bounds; 2. running for the lifetime threshold with a change of at
    /// least the update threshold; 3. a quick OOM kill with any change.
    public static func priority(of containers: [VPAUpdateContainer], podAge: Int64, parameters: VPAUpdaterParameters)
        -> VPAUpdatePriority?
    {
        var outside = false, scaleUp = false, quickOOM = false
        var requestCPU = 0.0, targetCPU = 0.0, requestMemory = 0.0, targetMemory = 0.0
        for container in containers {
            if let target = container.target.cpuCores {
                requestCPU += (container.cpuRequest ?? 0) * 1000
                targetCPU += target * 1000
                if let request = container.cpuRequest {
                    if let lower = container.lowerBound.cpuCores, request < lower { outside = true }
                    if let upper = container.upperBound.cpuCores, request > upper { outside = true }
                    if target > request { scaleUp = true }
                } else {
                    outside = true
                    scaleUp = true
                }
            }
            if let target = container.target.memoryBytes {
                // Memory in milli-units, as resource.Quantity.MilliValue() counts it.
                requestMemory += (container.memoryRequest ?? 0) * 1000
                targetMemory += target * 1000
                if let request = container.memoryRequest {
                    if let lower = container.lowerBound.memoryBytes, request < lower { outside = true }
                    if let upper = container.upperBound.memoryBytes, request > upper { outside = true }
                    if target > request { scaleUp = true }
                } else {
                    outside = true
                    scaleUp = true
                }
            }
            if let ran = container.lastOOMRunningFor, ran < parameters.evictAfterOOMThreshold { quickOOM = true }
        }
        let diff =
            abs(requestCPU - targetCPU) / max(requestCPU, 1) + abs(requestMemory - targetMemory) / max(requestMemory, 1)
        let oldAndChanged = podAge >= parameters.podLifetimeThreshold && diff >= parameters.podUpdateThreshold
        let oomAndChanged = quickOOM && diff != 0
        guard outside || oldAndChanged || oomAndChanged else { return nil }
        return VPAUpdatePriority(outsideBounds: outside, resourceDiff: diff, scaleUp: scaleUp, quickOOM: quickOOM)
    }

    /// How many pods of a replica group may be evicted in one loop (`pods_eviction_restriction.go`):
    /// with `tolerance = int(configured × evictionTolerance)`, a pod may go while
    /// `running − evicted > configured − tolerance`, or, when the tolerance is 0, if every configured
    /// pod runs and nothing was evicted yet. Groups under `minReplicas` live pods get none.
    public static func evictionBudget(
        configured: Int, running: Int, live: Int, minReplicas: Int, evictionTolerance: Double
    ) -> Int {
        guard live >= minReplicas, configured > 0 else { return 0 }
        let tolerance = Int(Double(configured) * evictionTolerance)
        if tolerance == 0 { return running >= configured ? 1 : 0 }
        return max(0, running - (configured - tolerance))
    }
}

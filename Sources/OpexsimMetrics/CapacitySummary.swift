import OpexsimTraces

/// The node pools of a scenario, priced, for the report.
public struct CapacitySummary: Sendable {
    public var pools: [PoolSummary]
    /// What the nodes cost, and the part no workload was allocated (per resource).
    public var nodeCostUSD: Double
    public var idleCPUUSD: Double
    public var idleMemoryUSD: Double
    /// Idle is spread over the workloads (OpenCost `shareIdle`) rather than kept as `__idle__`.
    public var sharedIdle: Bool
    /// Allocation cost of pods no pool could hold, priced at the flat rates.
    public var unplacedAllocatedUSD: Double
    /// "namespace/pod" of pods that fit no pool at some point.
    public var unschedulablePods: [String]
    public var nodePressureEvictions: Int
    /// How often a pool needed more nodes than its maximum.
    public var maxNodesReached: Int

    public init(
        pools: [PoolSummary], nodeCostUSD: Double, idleCPUUSD: Double, idleMemoryUSD: Double, sharedIdle: Bool,
        unplacedAllocatedUSD: Double, unschedulablePods: [String], nodePressureEvictions: Int, maxNodesReached: Int
    ) {
        self.pools = pools
        self.nodeCostUSD = nodeCostUSD
        self.idleCPUUSD = idleCPUUSD
        self.idleMemoryUSD = idleMemoryUSD
        self.sharedIdle = sharedIdle
        self.unplacedAllocatedUSD = unplacedAllocatedUSD
        self.unschedulablePods = unschedulablePods
        self.nodePressureEvictions = nodePressureEvictions
        self.maxNodesReached = maxNodesReached
    }

    public var idleUSD: Double { idleCPUUSD + idleMemoryUSD }
}

/// One node pool over the evaluation window.
public struct PoolSummary: Sendable {
    public var name: String
    public var nodeType: String
    /// "70% on-demand, 30% spot".
    public var capacity: String
    public var nodeHourlyUSD: Double
    public var cpuPerCoreHourUSD: Double
    public var memoryPerGiBHourUSD: Double
    public var meanNodes: Double
    public var minNodes: Int
    public var maxNodes: Int
    public var nodeHours: Double
    public var nodeCostUSD: Double
    public var allocatedUSD: Double
    public var idleUSD: Double
    /// Node count changes: (time, nodes).
    public var timeline: [(time: TraceInstant, nodes: Int)]

    public init(
        name: String, nodeType: String, capacity: String, nodeHourlyUSD: Double, cpuPerCoreHourUSD: Double,
        memoryPerGiBHourUSD: Double, meanNodes: Double, minNodes: Int, maxNodes: Int, nodeHours: Double,
        nodeCostUSD: Double, allocatedUSD: Double, idleUSD: Double, timeline: [(time: TraceInstant, nodes: Int)]
    ) {
        self.name = name
        self.nodeType = nodeType
        self.capacity = capacity
        self.nodeHourlyUSD = nodeHourlyUSD
        self.cpuPerCoreHourUSD = cpuPerCoreHourUSD
        self.memoryPerGiBHourUSD = memoryPerGiBHourUSD
        self.meanNodes = meanNodes
        self.minNodes = minNodes
        self.maxNodes = maxNodes
        self.nodeHours = nodeHours
        self.nodeCostUSD = nodeCostUSD
        self.allocatedUSD = allocatedUSD
        self.idleUSD = idleUSD
        self.timeline = timeline
    }
}

import OpexsimPricing
import OpexsimTraces

/// What the node pools of a scenario cost and did over the evaluation window.
public struct CapacityOutcome: Sendable, Equatable {
    public var pools: [PoolOutcome]
    /// Pods (`Trace.pods` indices) that at some point fit no pool: they ran as recorded, unpriced
    /// by any node, at the flat rates.
    public var unschedulablePods: [Int]
    /// Allocation cost of unschedulable pods while they fit nowhere.
    public var unplacedAllocatedUSD: Double
    /// Pods the kubelet evicted under node memory pressure.
    public var nodePressureEvictions: Int
    /// How often a pool needed more nodes than its maximum.
    public var maxNodesReached: Int

    /// Dollars the nodes cost.
    public var nodeCostUSD: Double { pools.reduce(0) { $0 + $1.nodeCostUSD } }
    /// Node cost not allocated to workloads, per resource and in total.
    public var idleCPUUSD: Double { pools.reduce(0) { $0 + $1.idleCPUUSD } }
    public var idleMemoryUSD: Double { pools.reduce(0) { $0 + $1.idleMemoryUSD } }
    public var idleUSD: Double { idleCPUUSD + idleMemoryUSD }

    public init(
        pools: [PoolOutcome], unschedulablePods: [Int], unplacedAllocatedUSD: Double, nodePressureEvictions: Int,
        maxNodesReached: Int
    ) {
        self.pools = pools
        self.unschedulablePods = unschedulablePods
        self.unplacedAllocatedUSD = unplacedAllocatedUSD
        self.nodePressureEvictions = nodePressureEvictions
        self.maxNodesReached = maxNodesReached
    }
}

/// One node pool over the evaluation window.
public struct PoolOutcome: Sendable, Equatable {
    public var name: String
    public var nodeType: String
    public var capacity: CapacityMix
    /// Dollars per node-hour (mix and discounts applied), and the CPU and RAM rates it splits into.
    public var nodeHourlyUSD: Double
    public var cpuPerCoreHourUSD: Double
    public var memoryPerGiBHourUSD: Double
    /// Node-seconds paid, and what they cost (in total, and as CPU and RAM assets).
    public var nodeSeconds: Double
    public var nodeCostUSD: Double
    public var cpuAssetUSD: Double
    public var memoryAssetUSD: Double
    /// Allocation cost of the pods that ran on the pool.
    public var allocatedCPUUSD: Double
    public var allocatedMemoryUSD: Double
    /// Fewest and most nodes in the window.
    public var minNodes: Int
    public var maxNodes: Int
    /// Node count changes in the window: (time, nodes), starting with the count at the window's start.
    public var timeline: [NodeCountPoint]

    /// Node cost not allocated, per resource (OpenCost's `__idle__`).
    public var idleCPUUSD: Double { cpuAssetUSD - allocatedCPUUSD }
    public var idleMemoryUSD: Double { memoryAssetUSD - allocatedMemoryUSD }
    /// Mean nodes over `seconds` of window.
    public func meanNodes(over seconds: Double) -> Double { seconds > 0 ? nodeSeconds / seconds : 0 }

    public init(
        name: String, nodeType: String, capacity: CapacityMix, nodeHourlyUSD: Double, cpuPerCoreHourUSD: Double,
        memoryPerGiBHourUSD: Double, nodeSeconds: Double, nodeCostUSD: Double, cpuAssetUSD: Double,
        memoryAssetUSD: Double, allocatedCPUUSD: Double, allocatedMemoryUSD: Double, minNodes: Int, maxNodes: Int,
        timeline: [NodeCountPoint]
    ) {
        self.name = name
        self.nodeType = nodeType
        self.capacity = capacity
        self.nodeHourlyUSD = nodeHourlyUSD
        self.cpuPerCoreHourUSD = cpuPerCoreHourUSD
        self.memoryPerGiBHourUSD = memoryPerGiBHourUSD
        self.nodeSeconds = nodeSeconds
        self.nodeCostUSD = nodeCostUSD
        self.cpuAssetUSD = cpuAssetUSD
        self.memoryAssetUSD = memoryAssetUSD
        self.allocatedCPUUSD = allocatedCPUUSD
        self.allocatedMemoryUSD = allocatedMemoryUSD
        self.minNodes = minNodes
        self.maxNodes = maxNodes
        self.timeline = timeline
    }
}

/// A pool's node count from `time` on.
public struct NodeCountPoint: Sendable, Equatable {
    public var time: TraceInstant
    public var nodes: Int

    public init(time: TraceInstant, nodes: Int) {
        self.time = time
        self.nodes = nodes
    }
}

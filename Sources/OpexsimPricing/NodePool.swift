/// A group of identical nodes the autoscaler grows and shrinks: its machine type, how its capacity
/// is bought, its size limits, and which namespaces may run on it.
public struct NodePool: Sendable, Equatable {
    public var name: String
    public var nodeType: NodeType
    public var capacity: CapacityMix
    /// Nodes kept even when empty, and the most the pool may have (nil: no limit).
    public var minNodes: Int
    public var maxNodes: Int?
    /// How long a node must be unneeded before it is removed: cluster-autoscaler's
    /// `--scale-down-unneeded-time`, default 10 minutes.
    public var scaleDownDelay: Int64
    /// From a node's launch until it is Ready for pods (0: at once). Cloud and image specific; the
    /// node is paid for from its launch.
    public var provisioningDelay: Int64 = 0
    /// Namespaces whose pods may run here; nil for all.
    public var namespaces: [String]?

    /// cluster-autoscaler's `--scale-down-unneeded-time` default.
    public static let defaultScaleDownDelay: Int64 = 600_000

    public init(
        name: String, nodeType: NodeType, capacity: CapacityMix = .onDemand, minNodes: Int = 0, maxNodes: Int? = nil,
        scaleDownDelay: Int64 = NodePool.defaultScaleDownDelay, namespaces: [String]? = nil
    ) {
        self.name = name
        self.nodeType = nodeType
        self.capacity = capacity
        self.minNodes = minNodes
        self.maxNodes = maxNodes
        self.scaleDownDelay = scaleDownDelay
        self.namespaces = namespaces
    }

    /// Dollars per node-hour under the pool's mix (before discounts).
    public var nodeHourly: Double { nodeType.hourly(capacity) }

    /// True when pods of `namespace` may run on the pool.
    public func admits(namespace: String) -> Bool { namespaces?.contains(namespace) ?? true }
}

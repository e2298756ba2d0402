/// A machine type nodes are made of, with what the kubelet leaves to pods and what it costs.
public struct NodeType: Sendable, Equatable {
    public var name: String
    /// Capacity: vCPUs and memory (GiB = 2^30 bytes).
    public var vcpu: Double
    public var memoryGiB: Double
    /// Allocatable to pods: capacity minus kube-reserved, system-reserved and the hard eviction
    /// threshold (the scheduler places pods against these).
    public var allocatableCPU: Double
    public var allocatableMemoryBytes: Double
    /// Pods per node (kubelet `maxPods`, default 110).
    public var maxPods: Int
    /// Dollars per node-hour on demand.
    public var onDemandHourly: Double
    /// Dollars per node-hour as spot capacity, when known.
    public var spotHourly: Double?
    /// Share off the on-demand price under a commitment (0.37 = 37% cheaper), when known.
    public var committedDiscount: Double?
    /// Where and when the prices were read, for the report.
    public var priceSource: String

    public init(
        name: String, vcpu: Double, memoryGiB: Double, allocatableCPU: Double, allocatableMemoryBytes: Double,
        maxPods: Int = 110, onDemandHourly: Double, spotHourly: Double? = nil, committedDiscount: Double? = nil,
        priceSource: String = ""
    ) {
        self.name = name
        self.vcpu = vcpu
        self.memoryGiB = memoryGiB
        self.allocatableCPU = allocatableCPU
        self.allocatableMemoryBytes = allocatableMemoryBytes
        self.maxPods = maxPods
        self.onDemandHourly = onDemandHourly
        self.spotHourly = spotHourly
        self.committedDiscount = committedDiscount
        self.priceSource = priceSource
    }

    /// Dollars per node-hour under a capacity mix.
    public func hourly(_ mix: CapacityMix) -> Double {
        mix.blended(onDemand: onDemandHourly, spot: spotHourly, committedDiscount: committedDiscount)
    }
}

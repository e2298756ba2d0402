import OpexsimTraces

/// How a replay is priced, as OpenCost prices a cluster: every container pays for max(request,
/// usage) of CPU and memory at the rates of the node it runs on. Without node pools the rates are
/// the model's unit prices (under its capacity mix); with node pools, replicas are packed onto the
/// pools' nodes, each pool's node price is split into CPU and RAM rates, and what the nodes cost
/// beyond the allocations is idle cost.
public struct PricingModel: Sendable, Equatable {
    /// Name shown in reports (`opencost-default`, or the file's `name`).
    public var name: String
    /// Where the prices come from.
    public var source: String
    /// What the pricing file says that is not used as is (a provider whose list prices are not fetched).
    public var notes: [String] = []
    /// On-demand unit prices (OpenCost `CPU`, `RAM`): dollars per vCPU-hour and per GiB-hour (2^30
    /// bytes). Their ratio also splits whole-node prices.
    public var cpuPerCoreHour: Double
    public var memoryPerGiBHour: Double
    /// Spot unit prices (`spotCPU`, `spotRAM`), when given.
    public var spotCPUPerCoreHour: Double?
    public var spotMemoryPerGiBHour: Double?
    /// GPU and storage prices (`GPU`, `storage`), read and reported; traces carry neither.
    public var gpuPerHour: Double?
    public var storagePerGBHour: Double?
    /// OpenCost's `discount` and `negotiatedDiscount` (shares 0...1), combined as
    /// `1 − (1 − discount)(1 − negotiatedDiscount)` and taken off CPU and RAM rates.
    public var discount: Double
    public var negotiatedDiscount: Double
    /// How the capacity behind the unit prices is bought when there are no node pools; committed
    /// capacity is `committedDiscount` cheaper than on-demand.
    public var capacity: CapacityMix
    public var committedDiscount: Double?
    /// Node pools; empty prices allocations only.
    public var nodePools: [NodePool]
    /// Spread idle node cost over the allocations, in proportion to each one's cost of the resource
    /// (OpenCost `shareIdle`); otherwise idle is its own `__idle__` line.
    public var shareIdle: Bool

    public init(
        name: String, cpuPerCoreHour: Double, memoryPerGiBHour: Double, source: String,
        spotCPUPerCoreHour: Double? = nil, spotMemoryPerGiBHour: Double? = nil, gpuPerHour: Double? = nil,
        storagePerGBHour: Double? = nil, discount: Double = 0, negotiatedDiscount: Double = 0,
        capacity: CapacityMix = .onDemand, committedDiscount: Double? = nil, nodePools: [NodePool] = [],
        shareIdle: Bool = false
    ) {
        self.name = name
        self.cpuPerCoreHour = cpuPerCoreHour
        self.memoryPerGiBHour = memoryPerGiBHour
        self.source = source
        self.spotCPUPerCoreHour = spotCPUPerCoreHour
        self.spotMemoryPerGiBHour = spotMemoryPerGiBHour
        self.gpuPerHour = gpuPerHour
        self.storagePerGBHour = storagePerGBHour
        self.discount = discount
        self.negotiatedDiscount = negotiatedDiscount
        self.capacity = capacity
        self.committedDiscount = committedDiscount
        self.nodePools = nodePools
        self.shareIdle = shareIdle
    }

    /// OpenCost's default custom prices: `configs/default.json` of opencost/opencost ("Default prices
    /// based on GCP us-central1"): CPU 0.031611 and spotCPU 0.006655 $/vCPU-hour, RAM 0.004237 and
    /// spotRAM 0.000892 $/GiB-hour, GPU 0.95 $/hour, storage 0.00005479452 $/GB-hour.
    public static let openCostDefault = PricingModel(
        name: "opencost-default", cpuPerCoreHour: 0.031611, memoryPerGiBHour: 0.004237,
        source: "OpenCost default custom prices (opencost/opencost configs/default.json, GCP us-central1)",
        spotCPUPerCoreHour: 0.006655, spotMemoryPerGiBHour: 0.000892, gpuPerHour: 0.95, storagePerGBHour: 0.00005479452)

    /// Models available by name without a file.
    public static let builtIn: [PricingModel] = [openCostDefault]

    /// Hours in a month for projections, as OpenCost and Kubecost use.
    public static let hoursPerMonth = 730.0

    /// The discount taken off CPU and RAM rates (custom provider's `CombinedDiscountForNode`).
    public var combinedDiscount: Double { 1 - (1 - discount) * (1 - negotiatedDiscount) }

    /// True when replicas are packed onto node pools.
    public var modelsNodes: Bool { !nodePools.isEmpty }

    /// CPU:RAM price ratio that splits node prices (OpenCost: 10 when not a number).
    public var cpuToMemoryRatio: Double {
        let ratio = cpuPerCoreHour / memoryPerGiBHour
        return ratio.isNaN || ratio.isInfinite ? 10 : ratio
    }

    /// The allocation rates without node pools, after the mix and discounts: dollars per core-hour
    /// and per GiB-hour.
    public var flatRates: (cpuPerCoreHour: Double, memoryPerGiBHour: Double) {
        let keep = 1 - combinedDiscount
        return (
            capacity.blended(onDemand: cpuPerCoreHour, spot: spotCPUPerCoreHour, committedDiscount: committedDiscount)
                * keep,
            capacity.blended(
                onDemand: memoryPerGiBHour, spot: spotMemoryPerGiBHour, committedDiscount: committedDiscount) * keep
        )
    }

    /// A pool's node price split into CPU and RAM rates (`NodePriceSplit`), after discounts.
    public func rates(of pool: NodePool) -> (cpuPerCoreHour: Double, memoryPerGiBHour: Double) {
        let split = NodePriceSplit.rates(
            nodeHourly: pool.nodeHourly, cores: pool.nodeType.vcpu,
            memoryGiB: pool.nodeType.memoryGiB, ratio: cpuToMemoryRatio)
        let keep = 1 - combinedDiscount
        return (split.cpuPerCoreHour * keep, split.memoryPerGiBHour * keep)
    }

    /// Dollars per node-hour of a pool, after discounts.
    public func nodeHourly(of pool: NodePool) -> Double { pool.nodeHourly * (1 - combinedDiscount) }

    /// Cost of allocated core-seconds and byte-seconds at the flat rates.
    public func cost(cpuCoreSeconds: Double, memoryByteSeconds: Double) -> Double {
        let rates = flatRates
        return cpuCoreSeconds / 3600 * rates.cpuPerCoreHour + memoryByteSeconds / 3600 / 1_073_741_824
            * rates.memoryPerGiBHour
    }
}

import OpexsimMetrics
import OpexsimPricing
import OpexsimTraces

/// The node pools during one replay: which node each pod runs on, how many nodes each pool has,
/// and what they cost. `NodeCapacity` updates it at every capacity check.
struct ClusterCapacity {
    let pools: [NodePool]
    let packingPools: [NodePacking.Pool]
    let rates: PoolRates
    /// Per pod: the pools that admit its namespace.
    let admitting: [[Int]]
    /// How often the capacity is checked (the trace's interval, at least 10 s: the kubelet's
    /// housekeeping interval).
    let period: Int64
    var windows: [ScaleDownWindow]
    /// Where the pods are: the latest packing.
    var placement: PackingState
    /// Nodes per pool now, launching ones included.
    var nodes: [Int]
    /// Per pool: when the nodes still launching become Ready, oldest first (they are the pool's
    /// newest nodes).
    var launching: [[TraceInstant]]
    var lastCheck: TraceInstant
    /// Nodes are paid up to here.
    var paidUntil: TraceInstant
    /// What the pools did and cost over the evaluation window.
    var accounts: PoolAccounts

    init(pricing: PricingModel, trace: Trace, start: TraceInstant) {
        pools = pricing.nodePools
        packingPools = pools.map {
            NodePacking.Pool(
                allocatableCPU: $0.nodeType.allocatableCPU, allocatableMemoryBytes: $0.nodeType.allocatableMemoryBytes,
                maxPods: $0.nodeType.maxPods, minNodes: $0.minNodes, maxNodes: $0.maxNodes)
        }
        rates = PoolRates(pricing: pricing)
        admitting = trace.pods.map { pod in
            let namespace = trace.names[pod.namespaceName]
            return pricing.nodePools.indices.filter { pricing.nodePools[$0].admits(namespace: namespace) }
        }
        period = max(10_000, trace.interval)
        windows = pools.map { ScaleDownWindow(delay: $0.scaleDownDelay) }
        placement = PackingState(pods: trace.pods.count)
        nodes = pools.map(\.minNodes)
        launching = pools.map { _ in [] }
        lastCheck = start
        paidUntil = start
        accounts = PoolAccounts(pools: pools.count, series: trace.series.count)
    }

    /// Pays for the nodes up to `to` (the part inside the window starting at `windowStart`).
    mutating func payNodes(to: TraceInstant, windowStart: TraceInstant) {
        let seconds = Double(max(0, to - max(paidUntil, windowStart))) / 1000
        paidUntil = max(paidUntil, to)
        guard seconds > 0 else { return }
        for pool in pools.indices {
            let count = Double(nodes[pool])
            accounts.nodeSeconds[pool] += count * seconds
            accounts.nodeCost[pool] += count * seconds * rates.node[pool]
            accounts.cpuAsset[pool] += count * seconds * rates.cpuAsset[pool]
            accounts.memoryAsset[pool] += count * seconds * rates.memoryAsset[pool]
        }
    }

    /// When a replacement of `pod` created at `time` can start: at once on a Ready node (or when the
    /// pod was not packed), when its node is Ready if that one is still launching, nil while it fits
    /// no node (a pool at its maximum, or no pool big enough).
    func startTime(pod: Int, at time: TraceInstant) -> TraceInstant? {
        guard placement.requests[pod] != nil else { return time }
        guard let node = placement.podNode[pod] else { return nil }
        let packing = placement.packing
        let pool = packing.nodes[node].pool
        let pending = launching[pool].filter { $0 > time }
        guard !pending.isEmpty else { return time }
        // The packing's nodes of a pool are its oldest first; the launching ones are the newest.
        let local = node - packing.nodes.prefix(node).filter { $0.pool != pool }.count
        let firstLaunching = nodes[pool] - pending.count
        guard local >= firstLaunching else { return time }
        return local < nodes[pool] ? pending[local - firstLaunching] : nil
    }

    /// The extra wait of the replacements of pods lost with a node of `pool`: none when the pool has a
    /// node beyond those the packing uses, else a new node's provisioning delay (the autoscaler
    /// launches it once the replacements are Pending).
    func replacementNodeDelay(pool: Int) -> Int64 {
        let used = placement.packing.nodes.reduce(0) { $0 + ($1.pool == pool && $1.pods > 0 ? 1 : 0) }
        return nodes[pool] - 1 >= used ? 0 : pools[pool].provisioningDelay
    }

    /// The name of each node of the latest packing: its pool's name and its index in the pool
    /// (`general-0`, `general-1`, ...).
    var nodeNames: [String] {
        var seen = [Int](repeating: 0, count: pools.count)
        return placement.packing.nodes.map { node in
            defer { seen[node.pool] += 1 }
            return "\(pools[node.pool].name)-\(seen[node.pool])"
        }
    }

    /// Sets the node counts after a packing at `time`, through each pool's scale-down delay.
    mutating func resize(at time: TraceInstant, windowStart: TraceInstant) {
        for pool in pools.indices {
            let neededPerPool = placement.neededPerPool
            let needed = max(neededPerPool.indices.contains(pool) ? neededPerPool[pool] : 0, pools[pool].minNodes)
            let count = windows[pool].nodes(needing: needed, at: time)
            launching[pool].removeAll { $0 <= time }
            if count > nodes[pool] && pools[pool].provisioningDelay > 0 {
                launching[pool] += Array(repeating: time + pools[pool].provisioningDelay, count: count - nodes[pool])
            } else if count < nodes[pool] {
                // Nodes still launching are the first to go.
                launching[pool].removeLast(min(launching[pool].count, nodes[pool] - count))
            }
            if time >= windowStart {
                if accounts.timeline[pool].last?.nodes != count {
                    accounts.timeline[pool].append(NodeCountPoint(time: time, nodes: count))
                }
                accounts.minNodes[pool] = min(accounts.minNodes[pool], count)
                accounts.maxNodes[pool] = max(accounts.maxNodes[pool], count)
            }
            nodes[pool] = count
        }
    }

    /// The outcome for the report.
    func outcome() -> CapacityOutcome {
        CapacityOutcome(
            pools: pools.indices.map { pool in
                PoolOutcome(
                    name: pools[pool].name, nodeType: pools[pool].nodeType.name, capacity: pools[pool].capacity,
                    nodeHourlyUSD: rates.node[pool] * 3600, cpuPerCoreHourUSD: rates.cpu[pool] * 3600,
                    memoryPerGiBHourUSD: rates.memory[pool] * 3600 * 1_073_741_824,
                    nodeSeconds: accounts.nodeSeconds[pool], nodeCostUSD: accounts.nodeCost[pool],
                    cpuAssetUSD: accounts.cpuAsset[pool],
                    memoryAssetUSD: accounts.memoryAsset[pool], allocatedCPUUSD: accounts.allocatedCPU[pool],
                    allocatedMemoryUSD: accounts.allocatedMemory[pool],
                    minNodes: accounts.minNodes[pool] == .max ? nodes[pool] : accounts.minNodes[pool],
                    maxNodes: accounts.maxNodes[pool],
                    timeline: accounts.timeline[pool])
            },
            unschedulablePods: accounts.unschedulable.sorted(), unplacedAllocatedUSD: accounts.unplacedAllocated,
            nodePressureEvictions: accounts.nodePressureEvictions, maxNodesReached: accounts.maxNodesReached)
    }
}

/// Per pool: dollars per allocated core-second and byte-second, per node-second, and the node's CPU
/// and RAM asset cost per second; and the flat rates, for pods no pool can hold.
struct PoolRates {
    let cpu: [Double]
    let memory: [Double]
    let node: [Double]
    let cpuAsset: [Double]
    let memoryAsset: [Double]
    let flatCPU: Double
    let flatMemory: Double

    init(pricing: PricingModel) {
        let gib = 1_073_741_824.0
        let pools = pricing.nodePools
        let rates = pools.map { pricing.rates(of: $0) }
        cpu = rates.map { $0.cpuPerCoreHour / 3600 }
        memory = rates.map { $0.memoryPerGiBHour / 3600 / gib }
        node = pools.map { pricing.nodeHourly(of: $0) / 3600 }
        cpuAsset = zip(pools, rates).map { pool, rate in pool.nodeType.vcpu * rate.cpuPerCoreHour / 3600 }
        memoryAsset = zip(pools, rates).map { pool, rate in pool.nodeType.memoryGiB * rate.memoryPerGiBHour / 3600 }
        let flat = pricing.flatRates
        flatCPU = flat.cpuPerCoreHour / 3600
        flatMemory = flat.memoryPerGiBHour / 3600 / gib
    }
}

/// The latest packing of the pods onto nodes, and what it packed.
struct PackingState {
    var packing = NodePacking()
    /// The nodes per pool the pods with samples to come need.
    var neededPerPool: [Int] = []
    /// Per pod: it has samples to come (as of the latest packing), and the requests packed (nil: absent).
    var staying: [Bool] = []
    var requests: [(cpu: Double, memory: Double)?]
    /// Per pod: its node (index into `packing.nodes`) and pool now (nil: absent or unschedulable).
    var podNode: [Int?]
    var podPool: [Int?]
    /// Pack again at the next check even if no request changed (after evictions).
    var forceRepack = false

    init(pods: Int) {
        requests = Array(repeating: nil, count: pods)
        podNode = Array(repeating: nil, count: pods)
        podPool = Array(repeating: nil, count: pods)
    }
}

/// What the node pools did and cost over the evaluation window, per pool unless said otherwise.
struct PoolAccounts {
    var nodeSeconds: [Double]
    var nodeCost: [Double]
    var cpuAsset: [Double]
    var memoryAsset: [Double]
    var allocatedCPU: [Double]
    var allocatedMemory: [Double]
    /// Allocation cost of pods no pool could hold.
    var unplacedAllocated = 0.0
    var minNodes: [Int]
    var maxNodes: [Int]
    var timeline: [[NodeCountPoint]]
    /// Per series: its allocation cost when last attributed to a pool.
    var attributedCPU: [Double]
    var attributedMemory: [Double]
    /// Pods that fit no pool at some point.
    var unschedulable = Set<Int>()
    var nodePressureEvictions = 0
    var maxNodesReached = 0

    init(pools: Int, series: Int) {
        nodeSeconds = Array(repeating: 0, count: pools)
        nodeCost = nodeSeconds
        cpuAsset = nodeSeconds
        memoryAsset = nodeSeconds
        allocatedCPU = nodeSeconds
        allocatedMemory = nodeSeconds
        minNodes = Array(repeating: .max, count: pools)
        maxNodes = Array(repeating: 0, count: pools)
        timeline = Array(repeating: [], count: pools)
        attributedCPU = Array(repeating: 0, count: series)
        attributedMemory = attributedCPU
    }
}

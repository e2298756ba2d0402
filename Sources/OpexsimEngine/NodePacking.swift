/// First-fit decreasing packing of pods onto the nodes of node pools, by requests, as the scheduler
/// places them (a pod fits a node when its CPU and memory requests fit what the node's allocatable
/// has left, and the node has room for one more pod) and as a consolidating autoscaler would size
/// the pools.
///
/// Pods are taken largest first: by the larger of their CPU and memory requests as shares of the
/// first pool's allocatable, ties by pod order. Each goes to the first node with room, pools in
/// order and nodes in order of opening; when none has room, a node opens in the first pool that
/// admits the pod's namespace, can hold the pod when empty, and is below its maximum. A pod no pool
/// can hold is unschedulable. Each pool starts with its minimum of nodes open.
public struct NodePacking: Sendable, Equatable {
    /// What the packing needs of a pool.
    public struct Pool: Sendable, Equatable {
        public var allocatableCPU: Double
        public var allocatableMemoryBytes: Double
        public var maxPods: Int
        public var minNodes: Int
        public var maxNodes: Int?

        public init(
            allocatableCPU: Double, allocatableMemoryBytes: Double, maxPods: Int, minNodes: Int = 0,
            maxNodes: Int? = nil
        ) {
            self.allocatableCPU = allocatableCPU
            self.allocatableMemoryBytes = allocatableMemoryBytes
            self.maxPods = maxPods
            self.minNodes = minNodes
            self.maxNodes = maxNodes
        }
    }

    /// A pod to place: its requests and the pools that admit it (by index).
    public struct Pod: Sendable, Equatable {
        public var cpu: Double
        public var memoryBytes: Double
        public var pools: [Int]

        public init(cpu: Double, memoryBytes: Double, pools: [Int]) {
            self.cpu = cpu
            self.memoryBytes = memoryBytes
            self.pools = pools
        }
    }

    /// A node of the result.
    public struct Node: Sendable, Equatable {
        public var pool: Int
        public var cpuUsed = 0.0
        public var memoryUsed = 0.0
        public var pods = 0
    }

    /// The nodes, pools in order and in each pool in order of opening.
    public var nodes: [Node] = []
    /// Per pod, its node (index into `nodes`), or nil when unschedulable.
    public var placement: [Int?] = []
    /// Nodes per pool.
    public var nodesPerPool: [Int] = []
    /// Pods that fit no pool, in pod order.
    public var unschedulable: [Int] { placement.indices.filter { placement[$0] == nil } }

    public init() {}

    /// Packs `pods` onto `pools`.
    public static func pack(_ pods: [Pod], onto pools: [Pool]) -> NodePacking {
        var result = NodePacking()
        result.placement = Array(repeating: nil, count: pods.count)
        result.nodesPerPool = Array(repeating: 0, count: pools.count)
        // Nodes grouped by pool so that "pools in order, nodes in order" is one walk.
        var poolNodes: [[Node]] = pools.indices.map { pool in
            Array(repeating: Node(pool: pool), count: pools[pool].minNodes)
        }
        var podNodes: [(pool: Int, node: Int)?] = Array(repeating: nil, count: pods.count)
        let reference = pools.first
        func size(_ pod: Pod) -> Double {
            guard let reference else { return 0 }
            let cpu = reference.allocatableCPU > 0 ? pod.cpu / reference.allocatableCPU : 0
            let memory = reference.allocatableMemoryBytes > 0 ? pod.memoryBytes / reference.allocatableMemoryBytes : 0
            return max(cpu, memory)
        }
        let order = pods.indices.sorted { a, b in
            let sa = size(pods[a]), sb = size(pods[b])
            return sa != sb ? sa > sb : a < b
        }
        func fits(_ pod: Pod, _ node: Node, _ pool: Pool) -> Bool {
            node.pods < pool.maxPods && node.cpuUsed + pod.cpu <= pool.allocatableCPU + 1e-9
                && node.memoryUsed + pod.memoryBytes <= pool.allocatableMemoryBytes + 0.5
        }
        for index in order {
            let pod = pods[index]
            let admitting = pod.pools.sorted()
            var placed = false
            for pool in admitting where !placed {
                for node in poolNodes[pool].indices where fits(pod, poolNodes[pool][node], pools[pool]) {
                    poolNodes[pool][node].cpuUsed += pod.cpu
                    poolNodes[pool][node].memoryUsed += pod.memoryBytes
                    poolNodes[pool][node].pods += 1
                    podNodes[index] = (pool, node)
                    placed = true
                    break
                }
            }
            if placed { continue }
            for pool in admitting {
                let spec = pools[pool]
                if let maximum = spec.maxNodes, poolNodes[pool].count >= maximum { continue }
                let empty = Node(pool: pool)
                guard fits(pod, empty, spec) else { continue }
                poolNodes[pool].append(Node(pool: pool, cpuUsed: pod.cpu, memoryUsed: pod.memoryBytes, pods: 1))
                podNodes[index] = (pool, poolNodes[pool].count - 1)
                break
            }
        }
        var firstNode: [Int] = []
        for (pool, nodes) in poolNodes.enumerated() {
            firstNode.append(result.nodes.count)
            result.nodes += nodes
            result.nodesPerPool[pool] = nodes.count
        }
        for (pod, node) in podNodes.enumerated() {
            if let node { result.placement[pod] = firstNode[node.pool] + node.node }
        }
        return result
    }
}

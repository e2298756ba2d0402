import OpexsimMetrics
import OpexsimPolicies
import OpexsimTraces

extension ReplayEngine {
    /// The capacity check at `time`, every `ClusterCapacity.period` when the pricing has node pools
    /// (all series have been replayed up to `time`):
    /// 1. the allocation cost since the last check is attributed to the pools the pods ran on;
    /// 2. pods are packed again when their requests or the set of pods changed (`NodePacking`), and
    ///    replicas take the rates of their pool (pods that just appeared are attributed to it);
    /// 3. nodes whose containers want more CPU than the node has share it by requests (the demand
    ///    left over is contention), and nodes whose working sets exceed the allocatable memory evict
    ///    pods as the kubelet does under memory pressure;
    /// 4. each pool's node count follows the packing, with its scale-down delay, and the nodes are
    ///    paid for the time since the last check.
    func checkCapacity(at time: TraceInstant) {
        guard var capacity = self.capacity else { return }
        self.capacity = nil
        attributeAllocations(&capacity, placedOnly: true)
        repack(&capacity, at: time)
        attributeAllocations(&capacity, placedOnly: false)
        if time > capacity.lastCheck { relieveNodes(&capacity, at: time) }
        // The interval that just ended needed the nodes of the pods that ran in it: pods that just
        // appeared were running already, so a pool that grows pays for its new nodes over it too.
        let before = capacity.nodes
        capacity.resize(at: time, windowStart: evaluationStart)
        let after = capacity.nodes
        capacity.nodes = zip(before, after).map { max($0, $1) }
        capacity.payNodes(to: time, windowStart: evaluationStart)
        capacity.nodes = after
        capacity.lastCheck = time
        self.capacity = capacity
    }

    /// Packs the pods when anything the packing depends on changed. The packing places the pods that
    /// ran in the interval that just ended or have samples to come (the interval's nodes are relieved
    /// with it); the nodes needed from now on count only the pods with samples to come.
    func repack(_ capacity: inout ClusterCapacity, at time: TraceInstant) {
        let tracePods = trace.pods
        let since = time - capacity.period
        var requests = [(cpu: Double, memory: Double)?](repeating: nil, count: tracePods.count)
        var staying = [Bool](repeating: false, count: tracePods.count)
        for (pod, entry) in tracePods.enumerated() {
            var cpu = 0.0, memory = 0.0, present = false
            for series in entry.series where states[series].recordedIndex != .max {
                let state = states[series]
                let continues = state.cursor < state.end
                guard continues || state.lastSampleEnd > since else { continue }
                present = true
                staying[pod] = staying[pod] || continues
                cpu += state.cpuRequest
                memory += state.memoryRequest
            }
            if present { requests[pod] = (cpu, memory) }
        }
        let changed = requests.indices.contains { pod in
            switch (requests[pod], capacity.packedRequests[pod]) {
            case (nil, nil): return false
            case let (a?, b?): return a.cpu != b.cpu || a.memory != b.memory
            default: return true
            }
        }
        guard changed || staying != capacity.packedStaying || capacity.forceRepack else { return }
        capacity.forceRepack = false
        capacity.packedRequests = requests
        capacity.packedStaying = staying
        let present = requests.indices.filter { requests[$0] != nil }
        let pods = present.map { NodePacking.Pod(cpu: requests[$0]!.cpu, memoryBytes: requests[$0]!.memory, pools: capacity.admitting[$0]) }
        capacity.packing = NodePacking.pack(pods, onto: capacity.packingPools)
        capacity.neededPerPool = capacity.packing.nodesPerPool
        if present.contains(where: { !staying[$0] }) {
            let future = present.indices.filter { staying[present[$0]] }.map { pods[$0] }
            capacity.neededPerPool = NodePacking.pack(future, onto: capacity.packingPools).nodesPerPool
        }
        capacity.podNode = Array(repeating: nil, count: tracePods.count)
        for (position, pod) in present.enumerated() {
            let node = capacity.packing.placement[position]
            capacity.podNode[pod] = node
            let pool = node.map { capacity.packing.nodes[$0].pool }
            if node == nil {
                capacity.unschedulable.insert(pod)
                if pods[position].pools.contains(where: { capacity.pools[$0].maxNodes != nil }) && time > evaluationStart {
                    capacity.maxNodesReached += 1
                }
            }
            guard pool != capacity.podPool[pod] || capacity.podPool[pod] == nil else { continue }
            let appeared = capacity.podPool[pod] == nil
            capacity.podPool[pod] = pool
            let cpuRate = pool.map { capacity.cpuRate[$0] } ?? capacity.flatCPURate
            let memoryRate = pool.map { capacity.memoryRate[$0] } ?? capacity.flatMemoryRate
            for series in tracePods[pod].series {
                // A pod that just appeared ran its first interval before it had a node: price what it
                // has not yet been attributed at its node's rates.
                if appeared {
                    if states[series].cpuRate > 0 {
                        let pending = metrics[series].cpuCostUSD - capacity.attributedCPU[series]
                        metrics[series].cpuCostUSD += pending * (cpuRate / states[series].cpuRate - 1)
                    }
                    if states[series].memoryRate > 0 {
                        let pending = metrics[series].memoryCostUSD - capacity.attributedMemory[series]
                        metrics[series].memoryCostUSD += pending * (memoryRate / states[series].memoryRate - 1)
                    }
                }
                states[series].cpuRate = cpuRate
                states[series].memoryRate = memoryRate
            }
        }
        for pod in requests.indices where requests[pod] == nil {
            capacity.podPool[pod] = nil
            capacity.podNode[pod] = nil
        }
    }

    /// Attributes each series' allocation cost since the last check to its pod's pool: first to the
    /// pools pods ran on during the interval (`placedOnly`), then, after packing, the cost of pods
    /// that had no pool yet (they just appeared) to their new pool, and what fits no pool to
    /// "unplaced".
    func attributeAllocations(_ capacity: inout ClusterCapacity, placedOnly: Bool) {
        let traceSeries = trace.series
        for series in 0..<states.count {
            let cpu = metrics[series].cpuCostUSD - capacity.attributedCPU[series]
            let memory = metrics[series].memoryCostUSD - capacity.attributedMemory[series]
            guard cpu != 0 || memory != 0 else { continue }
            let pool = capacity.podPool[traceSeries[series].podIndex]
            if placedOnly && pool == nil { continue }
            capacity.attributedCPU[series] = metrics[series].cpuCostUSD
            capacity.attributedMemory[series] = metrics[series].memoryCostUSD
            if let pool {
                capacity.allocatedCPU[pool] += cpu
                capacity.allocatedMemory[pool] += memory
            } else {
                capacity.unplacedAllocated += cpu + memory
            }
        }
    }

    /// CPU contention and memory pressure on each node over the interval that just ended.
    func relieveNodes(_ capacity: inout ClusterCapacity, at time: TraceInstant) {
        let nodeCount = capacity.packing.nodes.count
        guard nodeCount > 0 else { return }
        var podsOnNode = [[Int]](repeating: [], count: nodeCount)
        for pod in capacity.podNode.indices {
            if let node = capacity.podNode[pod] { podsOnNode[node].append(pod) }
        }
        let since = time - capacity.period
        let tracePods = trace.pods
        for node in 0..<nodeCount where !podsOnNode[node].isEmpty {
            let pool = capacity.packing.nodes[node].pool
            let spec = capacity.packingPools[pool]
            // Containers that ran in the interval, with the CPU they were served and their requests.
            var members: [Int] = [], demands: [Double] = [], requests: [Double] = []
            var workingSet = 0.0
            for pod in podsOnNode[node] {
                for series in tracePods[pod].series where states[series].lastSampleEnd > since {
                    let state = states[series]
                    if state.lastServedCPU > 0 {
                        members.append(series)
                        demands.append(state.lastServedCPU)
                        requests.append(state.cpuRequest)
                    }
                    if state.isUp && !state.lastWorkingSet.isNaN { workingSet += state.lastWorkingSet }
                }
            }
            if demands.reduce(0, +) > spec.allocatableCPU {
                let granted = CPUShares.grant(demands: demands, requests: requests, capacity: spec.allocatableCPU)
                for (position, series) in members.enumerated() where states[series].lastSampleEnd > evaluationStart {
                    let unserved = (demands[position] - granted[position]) * states[series].lastUpSeconds
                    guard unserved > 0 else { continue }
                    metrics[series].cpuContendedCoreSeconds += unserved
                    metrics[series].cpuUsedCoreSeconds = max(0, metrics[series].cpuUsedCoreSeconds - unserved)
                }
            }
            if workingSet > spec.allocatableMemoryBytes {
                evictUnderMemoryPressure(pods: podsOnNode[node], workingSet: workingSet,
                                         allocatable: spec.allocatableMemoryBytes, at: time, capacity: &capacity)
            }
        }
    }

    /// The kubelet's ranking under memory pressure (node-pressure eviction): pods using more memory
    /// than they request first, then by how far usage exceeds the request (all pods have the same
    /// priority here); it evicts until the working sets fit the allocatable memory again. Hard
    /// evictions have no grace period.
    func evictUnderMemoryPressure(pods: [Int], workingSet: Double, allocatable: Double, at time: TraceInstant,
                                  capacity: inout ClusterCapacity) {
        let tracePods = trace.pods
        var ranked: [(pod: Int, usage: Double, overRequest: Double)] = []
        for pod in pods {
            var usage = 0.0, request = 0.0
            for series in tracePods[pod].series where states[series].isUp && !states[series].lastWorkingSet.isNaN
                && states[series].cursor < states[series].end {
                usage += states[series].lastWorkingSet
                request += states[series].memoryRequest
            }
            if usage > 0 { ranked.append((pod, usage, usage - request)) }
        }
        ranked.sort { a, b in
            let aExceeds = a.overRequest > 0, bExceeds = b.overRequest > 0
            if aExceeds != bExceeds { return aExceeds }
            return a.overRequest != b.overRequest ? a.overRequest > b.overRequest : a.pod < b.pod
        }
        var remaining = workingSet
        for candidate in ranked where remaining > allocatable {
            guard evict(pod: candidate.pod, at: time, gracePeriod: 0) else { continue }
            remaining -= candidate.usage
            capacity.forceRepack = true
            if time > evaluationStart {
                capacity.nodePressureEvictions += 1
                for series in tracePods[candidate.pod].series { metrics[series].nodePressureEvictions += 1 }
            }
        }
    }
}

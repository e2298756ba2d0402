import OpexsimMetrics
import OpexsimPolicies
import OpexsimTraces

extension NodeCapacity {
    /// The capacity check at `time`, every `ClusterCapacity.period` (all series have been replayed
    /// up to `time`):
    /// 1. the allocation cost since the last check is attributed to the pools the pods ran on;
    /// 2. pods are packed again when their requests or the set of pods changed (`NodePacking`), and
    ///    replicas take the rates of their pool (pods that just appeared are attributed to it);
    /// 3. nodes whose containers want more CPU than the node has share it by requests (the demand
    ///    left over is contention), and nodes whose working sets exceed the allocatable memory evict
    ///    pods as the kubelet does under memory pressure;
    /// 4. each pool's node count follows the packing, with its scale-down delay, and the nodes are
    ///    paid for the time since the last check.
    func check(at time: TraceInstant) {
        var capacity = cluster
        let evaluationStart = engine.evaluationStart
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
        cluster = capacity
        if time < engine.end { engine.schedule(at: min(engine.end, time + capacity.period), checkAction) }
    }

    /// Packs the pods when anything the packing depends on changed. The packing places the pods that
    /// ran in the interval that just ended or have samples to come (the interval's nodes are relieved
    /// with it); the nodes needed from now on count only the pods with samples to come.
    func repack(_ capacity: inout ClusterCapacity, at time: TraceInstant) {
        let tracePods = engine.trace.pods
        let (requests, staying) = podRequests(since: time - capacity.period)
        let changed = requests.indices.contains { pod in
            switch (requests[pod], capacity.placement.requests[pod]) {
            case (nil, nil): return false
            case (let a?, let b?): return a.cpu != b.cpu || a.memory != b.memory
            default: return true
            }
        }
        guard changed || staying != capacity.placement.staying || capacity.placement.forceRepack else { return }
        capacity.placement.forceRepack = false
        capacity.placement.requests = requests
        capacity.placement.staying = staying
        let present = requests.indices.filter { requests[$0] != nil }
        let pods = present.map {
            NodePacking.Pod(cpu: requests[$0]!.cpu, memoryBytes: requests[$0]!.memory, pools: capacity.admitting[$0])
        }
        capacity.placement.packing = NodePacking.pack(pods, onto: capacity.packingPools)
        capacity.placement.neededPerPool = capacity.placement.packing.nodesPerPool
        if present.contains(where: { !staying[$0] }) {
            let future = present.indices.filter { staying[present[$0]] }.map { pods[$0] }
            capacity.placement.neededPerPool = NodePacking.pack(future, onto: capacity.packingPools).nodesPerPool
        }
        capacity.placement.podNode = Array(repeating: nil, count: tracePods.count)
        for (position, pod) in present.enumerated() {
            let node = capacity.placement.packing.placement[position]
            capacity.placement.podNode[pod] = node
            let pool = node.map { capacity.placement.packing.nodes[$0].pool }
            if node == nil {
                capacity.accounts.unschedulable.insert(pod)
                if pods[position].pools.contains(where: { capacity.pools[$0].maxNodes != nil })
                    && time > evaluationStart
                {
                    capacity.accounts.maxNodesReached += 1
                }
            }
            guard pool != capacity.placement.podPool[pod] || capacity.placement.podPool[pod] == nil else { continue }
            move(pod: pod, to: pool, &capacity)
        }
        for pod in requests.indices where requests[pod] == nil {
            capacity.placement.podPool[pod] = nil
            capacity.placement.podNode[pod] = nil
        }
    }

    /// Per pod: the requests of its containers that ran in the interval since `since` or have
    /// samples to come (nil: absent), and whether it has samples to come.
    func podRequests(since: TraceInstant) -> (requests: [(cpu: Double, memory: Double)?], staying: [Bool]) {
        let tracePods = engine.trace.pods
        var requests = [(cpu: Double, memory: Double)?](repeating: nil, count: tracePods.count)
        var staying = [Bool](repeating: false, count: tracePods.count)
        for (pod, entry) in tracePods.enumerated() {
            var cpu = 0.0, memory = 0.0, present = false
            for series in entry.series where engine.states[series].settings.recordedIndex != .max {
                let state = engine.states[series]
                let continues = state.cursor < state.end
                guard continues || state.last.end > since else { continue }
                present = true
                staying[pod] = staying[pod] || continues
                cpu += state.settings.cpuRequest
                memory += state.settings.memoryRequest
            }
            if present { requests[pod] = (cpu, memory) }
        }
        return (requests, staying)
    }

    /// A pod now runs on `pool` (nil: no pool holds it): its containers take the pool's rates.
    func move(pod: Int, to pool: Int?, _ capacity: inout ClusterCapacity) {
        let appeared = capacity.placement.podPool[pod] == nil
        capacity.placement.podPool[pod] = pool
        let cpuRate = pool.map { capacity.rates.cpu[$0] } ?? capacity.rates.flatCPU
        let memoryRate = pool.map { capacity.rates.memory[$0] } ?? capacity.rates.flatMemory
        for series in engine.trace.pods[pod].series {
            // A pod that just appeared ran its first interval before it had a node: price what it
            // has not yet been attributed at its node's rates.
            if appeared {
                if engine.rates[series].cpu > 0 {
                    let pending = engine.metrics[series].cpuCostUSD - capacity.accounts.attributedCPU[series]
                    engine.metrics[series].cpuCostUSD += pending * (cpuRate / engine.rates[series].cpu - 1)
                }
                if engine.rates[series].memory > 0 {
                    let pending = engine.metrics[series].memoryCostUSD - capacity.accounts.attributedMemory[series]
                    engine.metrics[series].memoryCostUSD +=
                        pending * (memoryRate / engine.rates[series].memory - 1)
                }
            }
            engine.rates[series].cpu = cpuRate
            engine.rates[series].memory = memoryRate
        }
    }

    /// Attributes each series' allocation cost since the last check to its pod's pool: first to the
    /// pools pods ran on during the interval (`placedOnly`), then, after packing, the cost of pods
    /// that had no pool yet (they just appeared) to their new pool, and what fits no pool to
    /// "unplaced".
    func attributeAllocations(_ capacity: inout ClusterCapacity, placedOnly: Bool) {
        let traceSeries = engine.trace.series
        for series in 0..<engine.states.count {
            let cpu = engine.metrics[series].cpuCostUSD - capacity.accounts.attributedCPU[series]
            let memory = engine.metrics[series].memoryCostUSD - capacity.accounts.attributedMemory[series]
            guard cpu != 0 || memory != 0 else { continue }
            let pool = capacity.placement.podPool[traceSeries[series].podIndex]
            if placedOnly && pool == nil { continue }
            capacity.accounts.attributedCPU[series] = engine.metrics[series].cpuCostUSD
            capacity.accounts.attributedMemory[series] = engine.metrics[series].memoryCostUSD
            if let pool {
                capacity.accounts.allocatedCPU[pool] += cpu
                capacity.accounts.allocatedMemory[pool] += memory
            } else {
                capacity.accounts.unplacedAllocated += cpu + memory
            }
        }
    }

    /// CPU contention and memory pressure on each node over the interval that just ended.
    func relieveNodes(_ capacity: inout ClusterCapacity, at time: TraceInstant) {
        let nodeCount = capacity.placement.packing.nodes.count
        guard nodeCount > 0 else { return }
        var podsOnNode = [[Int]](repeating: [], count: nodeCount)
        for pod in capacity.placement.podNode.indices {
            if let node = capacity.placement.podNode[pod] { podsOnNode[node].append(pod) }
        }
        let since = time - capacity.period
        let tracePods = engine.trace.pods
        for node in 0..<nodeCount where !podsOnNode[node].isEmpty {
            let pool = capacity.placement.packing.nodes[node].pool
            let spec = capacity.packingPools[pool]
            // Containers that ran in the interval, with the CPU they were served and their requests.
            var members: [Int] = [], demands: [Double] = [], requests: [Double] = []
            var workingSet = 0.0
            for pod in podsOnNode[node] {
                for series in tracePods[pod].series where engine.states[series].last.end > since {
                    let state = engine.states[series]
                    if state.last.servedCPU > 0 {
                        members.append(series)
                        demands.append(state.last.servedCPU)
                        requests.append(state.settings.cpuRequest)
                    }
                    if state.isUp && !state.last.workingSet.isNaN { workingSet += state.last.workingSet }
                }
            }
            shareCPU(members: members, demands: demands, requests: requests, allocatable: spec.allocatableCPU, at: time)
            if workingSet > spec.allocatableMemoryBytes {
                evictUnderMemoryPressure(
                    pods: podsOnNode[node], workingSet: workingSet,
                    allocatable: spec.allocatableMemoryBytes, at: time, capacity: &capacity)
            }
        }
    }

    /// A node's CPU over the interval that just ended: when its containers wanted more than its
    /// allocatable CPU, each is granted a share by its request (`cpu.shares`) and the rest of its
    /// demand is contention; every container's check feeds its `CPUContentionHighRule` detector.
    func shareCPU(members: [Int], demands: [Double], requests: [Double], allocatable: Double, at time: TraceInstant) {
        let contended = demands.reduce(0, +) > allocatable
        let granted = contended ? CPUShares.grant(demands: demands, requests: requests, capacity: allocatable) : demands
        for (position, series) in members.enumerated() where engine.states[series].last.end > evaluationStart {
            let upSeconds = engine.states[series].last.upSeconds
            let unserved = (demands[position] - granted[position]) * upSeconds
            if contended || !contention[series].isQuiet {
                contention[series].evaluate(at: time, unserved: max(0, unserved), demand: demands[position] * upSeconds)
            }
            guard unserved > 0 else { continue }
            engine.metrics[series].cpuContendedCoreSeconds += unserved
            engine.metrics[series].cpuUsedCoreSeconds = max(0, engine.metrics[series].cpuUsedCoreSeconds - unserved)
        }
    }

    /// The kubelet's ranking under memory pressure (node-pressure eviction): pods using more memory
    /// than they request first, then by how far usage exceeds the request (all pods have the same
    /// priority here); it evicts until the working sets fit the allocatable memory again. Hard
    /// evictions have no grace period.
    func evictUnderMemoryPressure(
        pods: [Int], workingSet: Double, allocatable: Double, at time: TraceInstant,
        capacity: inout ClusterCapacity
    ) {
        let tracePods = engine.trace.pods
        var ranked: [(pod: Int, usage: Double, overRequest: Double)] = []
        for pod in pods {
            var usage = 0.0, request = 0.0
            for series in tracePods[pod].series
            where engine.states[series].isUp && !engine.states[series].last.workingSet.isNaN
                && engine.states[series].cursor < engine.states[series].end
            {
                usage += engine.states[series].last.workingSet
                request += engine.states[series].settings.memoryRequest
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
            guard engine.evict(pod: candidate.pod, at: time, gracePeriod: 0) else { continue }
            remaining -= candidate.usage
            capacity.placement.forceRepack = true
            if time > evaluationStart {
                capacity.accounts.nodePressureEvictions += 1
                for series in tracePods[candidate.pod].series { engine.metrics[series].nodePressureEvictions += 1 }
            }
        }
    }
}

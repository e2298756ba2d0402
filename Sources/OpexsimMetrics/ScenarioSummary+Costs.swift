import OpexsimPricing

extension ScenarioSummary {
    /// Totals, the monthly projection and showback from the containers' costs and, with node pools,
    /// the nodes'. With shared idle, each container takes a part of the idle CPU cost in proportion
    /// to its CPU cost and a part of the idle memory cost in proportion to its memory cost (OpenCost's
    /// `shareIdle`, weighted by cost, over the whole cluster).
    mutating func computeCosts(window: TimeSpan) {
        cpuCostUSD = containers.reduce(0) { $0 + $1.cpuCostUSD }
        memoryCostUSD = containers.reduce(0) { $0 + $1.memoryCostUSD }
        allocationCostUSD = cpuCostUSD + memoryCostUSD
        var idleLine: Double?
        if let capacity {
            nodeCostUSD = capacity.nodeCostUSD
            idleUSD = capacity.idleUSD
            totalCostUSD = capacity.nodeCostUSD + capacity.unplacedAllocatedUSD
            for index in containers.indices {
                var share = 0.0
                if capacity.sharedIdle {
                    if cpuCostUSD > 0 { share += capacity.idleCPUUSD * containers[index].cpuCostUSD / cpuCostUSD }
                    if memoryCostUSD > 0 {
                        share += capacity.idleMemoryUSD * containers[index].memoryCostUSD / memoryCostUSD
                    }
                }
                containers[index].idleShareUSD = share
                containers[index].costUSD = containers[index].cpuCostUSD + containers[index].memoryCostUSD + share
            }
            if !capacity.sharedIdle { idleLine = capacity.idleUSD }
        } else {
            nodeCostUSD = nil
            idleUSD = 0
            totalCostUSD = allocationCostUSD
        }
        let hours = Double(window.length) / 3_600_000
        perMonthUSD = hours > 0 ? totalCostUSD / hours * PricingModel.hoursPerMonth : 0
        byTeam = shares(idle: idleLine) { $0.team }
        byNamespace = shares(idle: idleLine) { $0.namespace }
        byWorkload = workloadShares(idle: idleLine)
    }

    /// Containers' costs and slack grouped by `key`, largest first, shares of the total cost.
    func shares(idle: Double?, by key: (ContainerSummary) -> String) -> [CostShare] {
        var groups: [String: (cost: Double, cpu: Double, memory: Double)] = [:]
        for container in containers {
            var entry = groups[key(container)] ?? (0, 0, 0)
            entry.cost += container.costUSD
            entry.cpu += container.slackCPUCoreHours
            entry.memory += container.slackMemoryGiBHours
            groups[key(container)] = entry
        }
        return ranked(groups.map { ($0.key, $0.value.cost, $0.value.cpu, $0.value.memory) }, idle: idle)
    }

    /// `shares` by workload (`namespace/workload`) without a table of every key: a trace lists the
    /// containers of a workload together, in name order, so each workload is one run of them, added
    /// up in the same order. Where that does not hold, or a name holds the `/` that could make two
    /// workloads one key, the table does it.
    func workloadShares(idle: Double?) -> [CostShare] {
        let slash = UInt8(ascii: "/")
        var groups: [(name: String, cost: Double, cpu: Double, memory: Double)] = []
        var previous: (namespace: String, workload: String)?
        for container in containers {
            if let last = previous, last.namespace == container.namespace && last.workload == container.workload {
                groups[groups.count - 1].cost += container.costUSD
                groups[groups.count - 1].cpu += container.slackCPUCoreHours
                groups[groups.count - 1].memory += container.slackMemoryGiBHours
                continue
            }
            let inOrder =
                previous.map { ($0.namespace, $0.workload) < (container.namespace, container.workload) } ?? true
            guard inOrder, !container.namespace.utf8.contains(slash), !container.workload.utf8.contains(slash) else {
                return shares(idle: idle) { "\($0.namespace)/\($0.workload)" }
            }
            previous = (container.namespace, container.workload)
            // From zero, as the table's entries start: a lone -0.0 cost adds up to +0.0 there too.
            groups.append(
                (
                    "\(container.namespace)/\(container.workload)", 0 + container.costUSD,
                    0 + container.slackCPUCoreHours, 0 + container.slackMemoryGiBHours
                ))
        }
        return ranked(groups, idle: idle)
    }

    /// Cost shares from each group's cost and slack, most expensive first (then by name), and the
    /// idle line last when there is one.
    func ranked(_ groups: [(name: String, cost: Double, cpu: Double, memory: Double)], idle: Double?) -> [CostShare] {
        let total = totalCostUSD
        var result = groups.map { group in
            CostShare(
                name: group.name, totalUSD: group.cost, shareRatio: total > 0 ? group.cost / total : 0,
                slackCPUCoreHours: group.cpu, slackMemoryGiBHours: group.memory)
        }
        result.sort { $0.totalUSD != $1.totalUSD ? $0.totalUSD > $1.totalUSD : $0.name < $1.name }
        if let idle, idle != 0 {
            result.append(
                CostShare(
                    name: CostShare.idleName, totalUSD: idle, shareRatio: total > 0 ? idle / total : 0,
                    slackCPUCoreHours: 0, slackMemoryGiBHours: 0))
        }
        return result
    }

    /// Sets the node pools' figures and recomputes the costs that depend on them.
    public mutating func apply(capacity: CapacitySummary, window: TimeSpan) {
        self.capacity = capacity
        computeCosts(window: window)
    }
}

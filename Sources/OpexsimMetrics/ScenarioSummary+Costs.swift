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
        byWorkload = shares(idle: idleLine) { "\($0.namespace)/\($0.workload)" }
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
        let total = totalCostUSD
        var result = groups.map { name, value in
            CostShare(
                name: name, totalUSD: value.cost, shareRatio: total > 0 ? value.cost / total : 0,
                slackCPUCoreHours: value.cpu, slackMemoryGiBHours: value.memory)
        }.sorted { $0.totalUSD != $1.totalUSD ? $0.totalUSD > $1.totalUSD : $0.name < $1.name }
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

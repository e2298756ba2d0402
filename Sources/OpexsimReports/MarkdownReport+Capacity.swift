import OpexsimMetrics

extension MarkdownReport {
    /// Node pools: nodes, their cost and idle per scenario, and whether allocation savings reach the bill.
    static func capacity(_ report: MarkdownContext) -> String {
        var out =
            "Replicas are packed onto the node pools by their requests (first-fit decreasing, largest pods first), again "
        out +=
            "whenever requests or the set of pods change; a pool grows as soon as pods do not fit and shrinks once nodes "
        out += "have been unneeded for its scale-down delay. Idle is what the nodes cost beyond the allocations.\n\n"
        var rows: [[String]] = []
        for s in report.scenariosAndBaseline {
            guard let capacity = s.capacity else { continue }
            for pool in capacity.pools {
                rows.append([
                    "`\(s.scenario)`" + (s.scenario.isListed ? "" : " (baseline)"), pool.name, pool.nodeType,
                    pool.capacity, TextFormat.fixed(pool.meanNodes, 2),
                    pool.minNodes == pool.maxNodes ? String(pool.maxNodes) : "\(pool.minNodes)–\(pool.maxNodes)",
                    TextFormat.fixed(pool.nodeHours, 1), TextFormat.dollars(pool.nodeCostUSD),
                    TextFormat.dollars(pool.allocatedUSD),
                    TextFormat.dollars(pool.idleUSD),
                ])
            }
        }
        out += table(
            [
                "Policy", "Pool", "Node type", "Capacity", "Mean nodes", "Nodes", "Node-hours", "Node cost",
                "Allocated", "Idle",
            ],
            rows, rightAligned: [4, 5, 6, 7, 8, 9])
        out += "\n"
        let baseline = report.outcome.baseline.scenario.policy
        let lines = report.outcome.scenarios.filter { $0.scenario.policy != baseline }.flatMap(savingsLines)
        if !lines.isEmpty {
            out += "Savings against static, allocation against nodes:\n\n" + lines.joined(separator: "\n") + "\n\n"
        }
        out += nodePressure(report.outcome.scenarios)
        return out
    }

    /// Whether a scenario's allocation savings reach the node bill, and the pods no pool could hold.
    static func savingsLines(_ s: ScenarioSummary) -> [String] {
        let allocation = -s.allocationCostChangeUSD
        let nodes = -(s.nodeCostChangeUSD ?? 0)
        var line =
            "- `\(s.scenario)`: allocation \(allocation >= 0 ? "savings" : "increase") \(TextFormat.dollars(abs(allocation))), "
        line += "node \(nodes >= 0 ? "savings" : "increase") \(TextFormat.dollars(abs(nodes)))"
        if allocation > 0.005 && nodes < allocation * 0.5 {
            line +=
                ": most of the allocation savings stay as idle capacity, because the node count does not drop enough"
        } else if allocation > 0.005 {
            line += ": the node count drops, so the savings reach the bill"
        }
        var lines = [line + "."]
        if let capacity = s.capacity {
            if !capacity.unschedulablePods.isEmpty {
                let pods = capacity.unschedulablePods
                let listed =
                    pods.prefix(5).joined(separator: ", ") + (pods.count > 5 ? " and \(pods.count - 5) more" : "")
                lines.append(
                    "  \(pods.count) pod\(pods.count == 1 ? "" : "s") fit no pool at some point (\(listed)); they are priced at the flat rates."
                )
            }
            if capacity.maxNodesReached > 0 {
                lines.append(
                    "  A pool needed more nodes than its maximum \(capacity.maxNodesReached) time\(capacity.maxNodesReached == 1 ? "" : "s")."
                )
            }
        }
        return lines
    }

    /// Node-pressure evictions and CPU demand the nodes could not serve, per scenario that had any.
    static func nodePressure(_ scenarios: [ScenarioSummary]) -> String {
        let pressure = scenarios.filter {
            ($0.capacity?.nodePressureEvictions ?? 0) > 0 || $0.cpuContendedCoreHours > 0
        }
        guard !pressure.isEmpty else { return "" }
        return "Node pressure: "
            + pressure.map { s in
                "`\(s.scenario)` \(s.capacity?.nodePressureEvictions ?? 0) node-pressure eviction\((s.capacity?.nodePressureEvictions ?? 0) == 1 ? "" : "s"), "
                    + "\(TextFormat.fixed(s.cpuContendedCoreHours, 2)) core-hours of CPU demand the nodes could not serve"
            }.joined(separator: "; ") + ".\n\n"
    }
}

/// The default ranking of scenarios: safe ones (no OOM kill, no CPUThrottlingHigh container, no
/// node-pressure eviction) first by total cost; the others after them by how much they disrupt,
/// then by cost; ties in the order given.
public enum ScenarioRanking {
    public static let rule =
        "scenarios with no OOM kills, no CPUThrottlingHigh containers and no node-pressure evictions rank first, "
        + "cheapest first; the others follow with the fewest OOM kills and node-pressure evictions first, then the fewest "
        + "CPUThrottlingHigh containers, then the lowest cost; ties keep the order the policies were given"

    /// The rank of each scenario (1 = best), by position.
    public static func ranks(_ scenarios: [ScenarioSummary]) -> [Int] {
        let order = scenarios.indices.sorted { a, b in
            let x = scenarios[a], y = scenarios[b]
            if x.isSafe != y.isSafe { return x.isSafe }
            if !x.isSafe {
                if x.memoryDisruptions != y.memoryDisruptions { return x.memoryDisruptions < y.memoryDisruptions }
                if x.throttleHighContainers != y.throttleHighContainers {
                    return x.throttleHighContainers < y.throttleHighContainers
                }
            }
            if x.totalCostUSD != y.totalCostUSD { return x.totalCostUSD < y.totalCostUSD }
            return a < b
        }
        var ranks = [Int](repeating: 0, count: scenarios.count)
        for (position, index) in order.enumerated() { ranks[index] = position + 1 }
        return ranks
    }

    /// Sets `rank` (1 = best) and returns the scenarios in rank order.
    public static func rank(_ scenarios: [ScenarioSummary]) -> [ScenarioSummary] {
        let ranks = ranks(scenarios)
        return scenarios.indices.sorted { ranks[$0] < ranks[$1] }.map { index in
            var scenario = scenarios[index]
            scenario.rank = ranks[index]
            return scenario
        }
    }
}

extension ScenarioSummary {
    /// Pods killed or evicted for memory: OOM kills and node-pressure evictions.
    var memoryDisruptions: Int { oomKills + (capacity?.nodePressureEvictions ?? 0) }
}

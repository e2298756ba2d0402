/// The default ranking of scenarios: safe ones (no OOM kill, no container with CPUThrottlingHigh or
/// starved by its node, no node-pressure eviction) first, cheapest first; the others after them by
/// how much they disrupt, then by cost. Scenarios of the same cost (to the cent) rank by how much
/// they throttle, then by the CPU demand they leave unserved; remaining ties keep the order given.
public enum ScenarioRanking {
    public static let rule =
        "scenarios with no OOM kills, no CPUThrottlingHigh containers, no containers starved by their node and no "
        + "node-pressure evictions rank first, cheapest first; the others follow with the fewest OOM kills and "
        + "node-pressure evictions first, then the fewest CPUThrottlingHigh or starved containers, then the lowest cost; "
        + "at the same cost (to the cent) the less throttled, then the one leaving less CPU demand unserved, ranks "
        + "first; remaining ties keep the order the policies were given"

    /// The rank of each scenario (1 = best), by position.
    public static func ranks(_ scenarios: [ScenarioSummary]) -> [Int] {
        let order = scenarios.indices.sorted { a, b in
            comesFirst(scenarios[a], scenarios[b]) ?? (a < b)
        }
        var ranks = [Int](repeating: 0, count: scenarios.count)
        for (position, index) in order.enumerated() { ranks[index] = position + 1 }
        return ranks
    }

    /// True when `x` ranks before `y`, false when after, nil when the rule cannot tell them apart.
    static func comesFirst(_ x: ScenarioSummary, _ y: ScenarioSummary) -> Bool? {
        if x.isSafe != y.isSafe { return x.isSafe }
        if !x.isSafe {
            if x.memoryDisruptions != y.memoryDisruptions { return x.memoryDisruptions < y.memoryDisruptions }
            if x.starvedContainers != y.starvedContainers { return x.starvedContainers < y.starvedContainers }
        }
        if x.cents != y.cents { return x.cents < y.cents }
        if x.throttledRatio != y.throttledRatio { return x.throttledRatio < y.throttledRatio }
        if x.unservedCPUCoreHours != y.unservedCPUCoreHours { return x.unservedCPUCoreHours < y.unservedCPUCoreHours }
        return nil
    }

    /// Why each scenario of `ranked` (in rank order) ranks where it does.
    public static func reasons(_ ranked: [ScenarioSummary]) -> [RankReason] {
        ranked.indices.map { i in
            let s = ranked[i]
            guard s.isSafe else { return .unsafe }
            guard i > 0 else { return .cheapestSafe }
            let above = ranked[i - 1]
            if above.cents == s.cents {
                if above.throttledRatio != s.throttledRatio { return .sameCostMoreThrottled(than: above.rank) }
                if above.unservedCPUCoreHours != s.unservedCPUCoreHours {
                    return .sameCostMoreUnserved(than: above.rank)
                }
                return .tied(with: above.rank)
            }
            return .dearer(than: ranked[0].rank, byUSD: s.totalCostUSD - ranked[0].totalCostUSD)
        }
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

    /// The total cost in whole cents, as the reports show it.
    var cents: Double { (totalCostUSD * 100).rounded() }
}

/// Why a scenario ranks where it does, against the scenarios above it.
public enum RankReason: Sendable, Equatable {
    /// Safe, and the cheapest safe scenario.
    case cheapestSafe
    /// Safe, and dearer than the cheapest safe scenario (ranked `than`) by `byUSD`.
    case dearer(than: Int, byUSD: Double)
    /// Safe, as cheap as the scenario ranked `than` but more throttled, or leaving more CPU demand unserved.
    case sameCostMoreThrottled(than: Int)
    case sameCostMoreUnserved(than: Int)
    /// Safe, and the same as the scenario ranked `with` on every figure the rule weighs.
    case tied(with: Int)
    /// Unsafe: its verdict's reasons say why; unsafe scenarios rank after the safe ones.
    case unsafe
}

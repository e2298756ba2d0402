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

    /// The rule in words under `constraints` (`rule` without any).
    public static func rule(_ constraints: ScenarioConstraints) -> String {
        guard !constraints.isDefault else { return rule }
        let order: String
        switch constraints.objective {
        case .cost: order = "cheapest first"
        case .slack: order = "least CPU slack first, then least memory slack, then cheapest"
        case .risk:
            order =
                "fewest OOM kills and node-pressure evictions first, then fewest CPUThrottlingHigh or starved containers, "
                + "then least throttled, then most available, then cheapest"
        }
        let first =
            constraints.hasLimits
            ? "scenarios that meet every constraint (\(constraints.summary))"
            : "scenarios with no OOM kills, no CPUThrottlingHigh containers, no containers starved by their node and no "
                + "node-pressure evictions"
        return "\(first) rank first, \(order); the others follow "
            + "with the fewest OOM kills and node-pressure evictions first, then the fewest CPUThrottlingHigh or starved "
            + "containers, then the fewest other constraints broken, then as the feasible ones; at the same cost (to the "
            + "cent) the less throttled, then the one leaving less CPU demand unserved, ranks first; remaining ties keep "
            + "the order the policies were given"
    }

    /// The rank of each scenario (1 = best), by position.
    public static func ranks(_ scenarios: [ScenarioSummary], constraints: ScenarioConstraints = .init()) -> [Int] {
        let feasible = scenarios.map(constraints.isAcceptable)
        let broken = scenarios.map { constraints.violations($0).count }
        let order = scenarios.indices.sorted { a, b in
            if feasible[a] != feasible[b] { return feasible[a] }
            if !feasible[a] {
                let (x, y) = (scenarios[a], scenarios[b])
                if x.memoryDisruptions != y.memoryDisruptions { return x.memoryDisruptions < y.memoryDisruptions }
                if x.starvedContainers != y.starvedContainers { return x.starvedContainers < y.starvedContainers }
                if broken[a] != broken[b] { return broken[a] < broken[b] }
            }
            return comesFirst(scenarios[a], scenarios[b], by: constraints.objective) ?? (a < b)
        }
        var ranks = [Int](repeating: 0, count: scenarios.count)
        for (position, index) in order.enumerated() { ranks[index] = position + 1 }
        return ranks
    }

    /// Between two scenarios equally feasible: true when `x` ranks before `y` by `objective`, false when
    /// after, nil when the rule cannot tell them apart.
    static func comesFirst(_ x: ScenarioSummary, _ y: ScenarioSummary, by objective: ScenarioConstraints.Objective)
        -> Bool?
    {
        if let first = objectiveComesFirst(x, y, objective) { return first }
        if x.cents != y.cents { return x.cents < y.cents }
        if x.throttledRatio != y.throttledRatio { return x.throttledRatio < y.throttledRatio }
        if x.unservedCPUCoreHours != y.unservedCPUCoreHours { return x.unservedCPUCoreHours < y.unservedCPUCoreHours }
        return nil
    }

    /// The objective's own order (before cost): nil when it does not tell `x` and `y` apart.
    static func objectiveComesFirst(
        _ x: ScenarioSummary, _ y: ScenarioSummary, _ objective: ScenarioConstraints.Objective
    ) -> Bool? {
        switch objective {
        case .cost: return nil
        case .slack:
            if x.slackCPUCoreHours != y.slackCPUCoreHours { return x.slackCPUCoreHours < y.slackCPUCoreHours }
            if x.slackMemoryGiBHours != y.slackMemoryGiBHours { return x.slackMemoryGiBHours < y.slackMemoryGiBHours }
        case .risk:
            if x.memoryDisruptions != y.memoryDisruptions { return x.memoryDisruptions < y.memoryDisruptions }
            if x.starvedContainers != y.starvedContainers { return x.starvedContainers < y.starvedContainers }
            if x.throttledRatio != y.throttledRatio { return x.throttledRatio < y.throttledRatio }
            if x.availabilityRatio != y.availabilityRatio { return x.availabilityRatio > y.availabilityRatio }
        }
        return nil
    }

    /// Why each scenario of `ranked` (in rank order) ranks where it does.
    public static func reasons(_ ranked: [ScenarioSummary], constraints: ScenarioConstraints = .init()) -> [RankReason]
    {
        ranked.indices.map { i in
            let s = ranked[i]
            guard constraints.isAcceptable(s) else { return .unsafe }
            guard i > 0 else { return constraints.objective == .cost ? .cheapestSafe : .best }
            let above = ranked[i - 1]
            if objectiveComesFirst(above, s, constraints.objective) == true { return .behind(than: above.rank) }
            if above.cents == s.cents {
                if above.throttledRatio != s.throttledRatio { return .sameCostMoreThrottled(than: above.rank) }
                if above.unservedCPUCoreHours != s.unservedCPUCoreHours {
                    return .sameCostMoreUnserved(than: above.rank)
                }
                return .tied(with: above.rank)
            }
            if constraints.objective != .cost {
                // As good as the one above by the objective: dearer than it.
                return .dearer(than: above.rank, byUSD: s.totalCostUSD - above.totalCostUSD)
            }
            return .dearer(than: ranked[0].rank, byUSD: s.totalCostUSD - ranked[0].totalCostUSD)
        }
    }

    /// Sets `rank` (1 = best) and returns the scenarios in rank order.
    public static func rank(_ scenarios: [ScenarioSummary], constraints: ScenarioConstraints = .init())
        -> [ScenarioSummary]
    {
        let ranks = ranks(scenarios, constraints: constraints)
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
    /// Safe (feasible), and the cheapest such scenario.
    case cheapestSafe
    /// Feasible, and first by the objective (slack or risk).
    case best
    /// Feasible, and after the scenario ranked `than` by the objective (slack or risk).
    case behind(than: Int)
    /// Safe, and dearer than the cheapest safe scenario (ranked `than`) by `byUSD`.
    case dearer(than: Int, byUSD: Double)
    /// Safe, as cheap as the scenario ranked `than` but more throttled, or leaving more CPU demand unserved.
    case sameCostMoreThrottled(than: Int)
    case sameCostMoreUnserved(than: Int)
    /// Safe, and the same as the scenario ranked `with` on every figure the rule weighs.
    case tied(with: Int)
    /// Unsafe (infeasible under constraints): its verdict's reasons say why; such scenarios rank after
    /// the others.
    case unsafe
}

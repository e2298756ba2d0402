/// The default ranking of scenarios: those with no OOM kill and no CPUThrottlingHigh container
/// first, then by total cost, then in the order given.
public enum ScenarioRanking {
    public static let rule = "scenarios with no OOM kills and no CPUThrottlingHigh containers rank first; then lower total cost ranks higher; ties keep the order the policies were given"

    /// Sets `rank` (1 = best) and returns the scenarios in rank order.
    public static func rank(_ scenarios: [ScenarioSummary]) -> [ScenarioSummary] {
        let order = scenarios.indices.sorted { a, b in
            let x = scenarios[a], y = scenarios[b]
            if x.isSafe != y.isSafe { return x.isSafe }
            if x.totalCostUSD != y.totalCostUSD { return x.totalCostUSD < y.totalCostUSD }
            return a < b
        }
        return order.enumerated().map { position, index in
            var scenario = scenarios[index]
            scenario.rank = position + 1
            return scenario
        }
    }
}

/// The Pareto front of scenarios over cost, risk and recovery: a scenario is on it when no other
/// scenario is at least as good on every figure below and better on one.
///
/// Figures (lower is better): the cost to the cent; OOM kills plus node-pressure evictions;
/// containers with CPUThrottlingHigh or starved by their node; the throttled ratio; the unavailable
/// share of replica time; the RTO of a disaster (0 without one).
public enum ScenarioPareto {
    /// The figures compared, in the order above.
    static func figures(_ s: ScenarioSummary) -> [Double] {
        [
            s.cents, Double(s.memoryDisruptions), Double(s.starvedContainers), s.throttledRatio,
            1 - s.availabilityRatio, s.rtoSeconds ?? 0,
        ]
    }

    /// True when `x` is at least as good as `y` on every figure and better on one.
    static func dominates(_ x: [Double], _ y: [Double]) -> Bool {
        var better = false
        for (a, b) in zip(x, y) {
            if a > b { return false }
            if a < b { better = true }
        }
        return better
    }

    /// Whether each of `scenarios` is on the front.
    public static func front(_ scenarios: [ScenarioSummary]) -> [Bool] {
        let points = scenarios.map(figures)
        return points.map { point in !points.contains { dominates($0, point) } }
    }
}

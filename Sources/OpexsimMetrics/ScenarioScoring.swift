/// The scenarios of a replay scored: every figure the reports show, the comparison with the
/// baseline, and the ranking.
public struct ScenarioScores: Sendable {
    /// The listed scenarios, best first (`rank` 1, 2, ...).
    public var ranked: [ScenarioSummary]
    /// The listed scenarios in the order the policies were given, ranks set.
    public var listed: [ScenarioSummary]
    /// The baseline (the recorded settings): listed or not, the reference of every cost change.
    public var baseline: ScenarioSummary
}

/// The one step from per-run summaries to what the reports read.
public enum ScenarioScoring {
    /// Scores a replay: `runs[r][s]` is the summary of scenario `s` in Monte Carlo run `r` (the same
    /// scenarios, in the same order, in every run; exactly one of them the baseline).
    /// 1. each scenario's figures become their mean over the runs, with their spread;
    /// 2. each scenario's cost is compared with the baseline's (`costChangeUSD`, positive = dearer);
    /// 3. each scenario gets its verdict (`ScenarioVerdict`) under `constraints`;
    /// 4. the listed scenarios are ranked by `ScenarioRanking`, each with the reason for its rank, and
    ///    marked when on the Pareto front (`ScenarioPareto`).
    public static func score(_ runs: [[ScenarioSummary]], constraints: ScenarioConstraints = .init()) -> ScenarioScores
    {
        precondition(
            !runs.isEmpty && runs.allSatisfy { $0.count == runs[0].count }, "every run scores the same scenarios")
        var summaries = runs[0].indices.map { scenario in ScenarioSummary.mean(of: runs.map { $0[scenario] }) }
        guard let baselineIndex = summaries.firstIndex(where: \.scenario.isBaseline) else {
            preconditionFailure("no baseline among the scenarios")
        }
        let baseline = summaries[baselineIndex]
        for index in summaries.indices { summaries[index].compare(with: baseline) }
        for index in summaries.indices {
            summaries[index].verdict = ScenarioVerdict(summaries[index], baseline: baseline, constraints: constraints)
        }
        var listed = summaries.filter(\.scenario.isListed)
        let ranks = ScenarioRanking.ranks(listed, constraints: constraints)
        for (index, pareto) in ScenarioPareto.front(listed).enumerated() {
            listed[index].rank = ranks[index]
            listed[index].pareto = pareto
        }
        var ranked = listed.indices.sorted { ranks[$0] < ranks[$1] }.map { listed[$0] }
        for (position, reason) in ScenarioRanking.reasons(ranked, constraints: constraints).enumerated() {
            ranked[position].rankReason = reason
            listed[listed.firstIndex { $0.rank == ranked[position].rank }!].rankReason = reason
        }
        return ScenarioScores(
            ranked: ranked, listed: listed,
            baseline: listed.first(where: \.scenario.isBaseline) ?? summaries[baselineIndex])
    }
}

extension ScenarioSummary {
    /// Sets the cost changes against `baseline`.
    mutating func compare(with baseline: ScenarioSummary) {
        costChangeUSD = totalCostUSD - baseline.totalCostUSD
        allocationCostChangeUSD = allocationCostUSD - baseline.allocationCostUSD
        if let nodes = nodeCostUSD, let baselineNodes = baseline.nodeCostUSD {
            nodeCostChangeUSD = nodes - baselineNodes
        }
    }
}

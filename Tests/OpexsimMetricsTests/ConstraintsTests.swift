import OpexsimPolicies
import Testing

@testable import OpexsimMetrics

@Suite("Constraints, objectives and the Pareto front")
struct ConstraintsTests {
    func summary(
        _ name: String, cost: Double, ooms: Int = 0, throttleHigh: Int = 0, throttled: Double = 0,
        availability: Double = 1, rto: Double? = nil, cpuSlack: Double = 0, isBaseline: Bool = false
    ) -> ScenarioSummary {
        var s = ScenarioSummary(
            scenario: Scenario(policy: PolicySpec(name: name), isBaseline: isBaseline), pricing: "p")
        s.totalCostUSD = cost
        s.oomKills = ooms
        s.throttleHighContainers = throttleHigh
        s.throttledRatio = throttled
        s.availabilityRatio = availability
        s.rtoSeconds = rto
        s.slackCPUCoreHours = cpuSlack
        return s
    }

    /// Four scenarios and the baseline:
    /// | name    | cost | OOM | throttle-high | throttled | availability | RTO   | CPU slack |
    /// | cheap   | 4    | 2   | 0             | 1%        | 99.95%       | -     | 10        |
    /// | tight   | 5    | 0   | 1             | 7%        | 100%         | -     | 2         |
    /// | roomy   | 9    | 0   | 0             | 0.5%      | 100%         | -     | 40        |
    /// | slow    | 6    | 0   | 0             | 2%        | 99.5%        | 2h    | 12        |
    /// | static  | 8    | 0   | 0             | 3%        | 100%         | -     | 30        |
    var runs: [[ScenarioSummary]] {
        [
            [
                summary("cheap", cost: 4, ooms: 2, throttled: 0.01, availability: 0.9995, cpuSlack: 10),
                summary("tight", cost: 5, throttleHigh: 1, throttled: 0.07, cpuSlack: 2),
                summary("roomy", cost: 9, throttled: 0.005, cpuSlack: 40),
                summary("slow", cost: 6, throttled: 0.02, availability: 0.995, rto: 7200, cpuSlack: 12),
                summary("static", cost: 8, throttled: 0.03, cpuSlack: 30, isBaseline: true),
            ]
        ]
    }

    func names(_ scores: ScenarioScores) -> [String] { scores.ranked.map(\.scenario.description) }

    @Test("without constraints feasible is safe, and the rule is the default one")
    func defaults() {
        let scores = ScenarioScoring.score(runs)
        // Safe: roomy, slow, static, cheapest first; then tight (a CPUThrottlingHigh container) before
        // cheap (2 OOM kills): fewest OOM kills first.
        #expect(names(scores) == ["slow", "static", "roomy", "tight", "cheap"])
        // No limit given: every scenario is feasible (CONTRACT: "meets every constraint given").
        #expect(scores.ranked.allSatisfy { $0.verdict.feasible })
        #expect(scores.ranked.map(\.verdict.safe) == [true, true, true, false, false])
        #expect(ScenarioRanking.rule(ScenarioConstraints()) == ScenarioRanking.rule)
        // An objective alone keeps the safe ones first, ranked by it.
        var risk = ScenarioConstraints()
        risk.objective = .risk
        #expect(names(ScenarioScoring.score(runs, constraints: risk)) == ["roomy", "slow", "static", "tight", "cheap"])
    }

    @Test("constraints given: 2 OOM kills allowed, 5% throttled at most, availability 99.9%, RTO 1h")
    func constraints() {
        var c = ScenarioConstraints()
        c.maxOOMKills = 2
        c.maxThrottledRatio = 0.05
        c.minAvailabilityRatio = 0.999
        c.maxRTOSeconds = 3600
        let scores = ScenarioScoring.score(runs, constraints: c)
        // Feasible: cheap (2 OOM kills allowed), roomy, static; tight breaks the default throttle-high
        // limit and 5%; slow breaks availability and RTO.
        #expect(names(scores) == ["cheap", "static", "roomy", "slow", "tight"])
        #expect(scores.ranked.map(\.verdict.feasible) == [true, true, true, false, false])
        #expect(scores.ranked.map(\.verdict.safe) == [false, true, true, true, false])
        let slow = scores.ranked[3].verdict.reasons
        #expect(
            slow == [
                "availability 99.500%, under the 99.900% required (by 0.400 points)",
                "RTO 2h, over the 1h allowed (by 1h)",
            ])
        #expect(scores.ranked[4].verdict.reasons.contains("throttled 7.00%, over the 5.00% allowed (by 2.00 points)"))
        // Infeasible: slow breaks two constraints, tight one plus the throttle-high default: slow has
        // no starved container, so it ranks first among them.
        #expect(
            scores.ranked.map(\.rankReason)[0...2] == [
                .cheapestSafe, .dearer(than: 1, byUSD: 4), .dearer(than: 1, byUSD: 5),
            ])
    }

    @Test("objectives: slack ranks the least CPU slack first, risk the least disruptive")
    func objectives() {
        var c = ScenarioConstraints()
        c.maxOOMKills = 5
        c.maxThrottleHighContainers = 1
        c.objective = .slack
        let slack = ScenarioScoring.score(runs, constraints: c)
        #expect(names(slack) == ["tight", "cheap", "slow", "static", "roomy"])
        #expect(slack.ranked[0].rankReason == .best && slack.ranked[1].rankReason == .behind(than: 1))
        c.objective = .risk
        let risk = ScenarioScoring.score(runs, constraints: c)
        // No OOM kills and no starved container first (roomy 0.5%, slow 2%, static 3%), then tight
        // (no OOM kills, one starved), then cheap (2 OOM kills).
        #expect(names(risk) == ["roomy", "slow", "static", "tight", "cheap"])
    }

    @Test("the Pareto front over cost, risk and recovery")
    func pareto() {
        let scores = ScenarioScoring.score(runs)
        let front = Dictionary(uniqueKeysWithValues: scores.ranked.map { ($0.scenario.description, $0.pareto) })
        // cheap: cheapest. tight: second cheapest, beaten on cost only by cheap, which has OOM kills.
        // roomy: least throttled. slow: dominated by static? static is dearer (8 > 6): no.
        // static: dominated by roomy? roomy is dearer (9 > 8): no; by slow? slow is less available: no.
        #expect(front == ["cheap": true, "tight": true, "roomy": true, "slow": true, "static": true])
        // A scenario worse on every figure is off the front.
        let worse = ScenarioPareto.front([
            summary("a", cost: 5, throttled: 0.01), summary("b", cost: 6, throttled: 0.02),
            summary("c", cost: 5, throttled: 0.01), summary("d", cost: 4, throttled: 0.03),
        ])
        #expect(worse == [true, false, true, true])
    }
}

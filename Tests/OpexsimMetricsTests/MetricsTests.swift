import OpexsimPolicies
import OpexsimPricing
import OpexsimTraces
import Testing

@testable import OpexsimMetrics

@Suite("Spans, CPUThrottlingHigh and ranking")
struct MetricsTests {
    func span(_ a: Int64, _ b: Int64) -> TimeSpan { TimeSpan(start: a, end: b) }

    @Test func spans() {
        #expect(TimeSpans.union([span(5, 8), span(0, 3), span(2, 4), span(8, 9)]) == [span(0, 4), span(5, 9)])
        #expect(
            TimeSpans.subtract([span(0, 10), span(20, 30)], [span(2, 3), span(8, 22), span(29, 40)])
                == [span(0, 2), span(3, 8), span(22, 29)])
        #expect(TimeSpans.intersect([span(0, 10), span(20, 30)], [span(5, 25)]) == [span(5, 10), span(20, 25)])
        #expect(TimeSpans.length([span(0, 4), span(5, 9)]) == 8)
    }

    @Test("fires only after 15 minutes above 25%, and stops when the ratio falls")
    func throttleHigh() {
        var detector = CPUThrottlingHighDetector()
        // One-minute samples, 600 runnable periods each; 40% throttled for 20 minutes.
        for minute in 1...20 {
            let time = Int64(minute) * 60_000
            detector.evaluate(at: time, throttledPeriods: 240, runnablePeriodsInWindow: Double(min(minute, 5)) * 600)
            if minute < 16 { #expect(!detector.fired, "fired early at minute \(minute)") }
        }
        #expect(detector.fired)
        // Fires at minute 16 (15 minutes after minute 1) and keeps firing to minute 20.
        #expect(detector.firingTime == 240_000)
        // Then 20%: the 5-minute window still holds 40% samples until minute 23 (28%), and at
        // minute 24 it reads 24%: the alert resolves after firing three more minutes.
        for minute in 21...40 {
            detector.evaluate(at: Int64(minute) * 60_000, throttledPeriods: 120, runnablePeriodsInWindow: 3000)
        }
        #expect(detector.firingTime == 240_000 + 180_000)
        // Released once no sample is left: what fired stays, the window is empty.
        detector.releaseWindow()
        #expect(detector.fired && detector.firingTime == 420_000 && detector.recent.capacity == 0)
        #expect(detector.isQuiet && detector.slide(to: 41 * 60_000, adding: 0) == 0)
    }

    @Test(
        "safe scenarios first by cost; the others by OOM kills, then throttle-high containers, then cost; then in the order given"
    )
    func ranking() {
        func scenario(_ name: String, cost: Double, ooms: Int = 0, throttleHigh: Int = 0) -> ScenarioSummary {
            var s = ScenarioSummary(scenario: Scenario(policy: PolicySpec(name: name), isBaseline: false), pricing: "p")
            s.totalCostUSD = cost
            s.oomKills = ooms
            s.throttleHighContainers = throttleHigh
            return s
        }
        let ranked = ScenarioRanking.rank([
            scenario("cheap-oom", cost: 1, ooms: 2), scenario("pricey", cost: 5), scenario("middle", cost: 3),
            scenario("cheap-throttled", cost: 0.5, throttleHigh: 1), scenario("middle-again", cost: 3),
            scenario("cheapest-many-ooms", cost: 0.2, ooms: 70), scenario("dear-throttled", cost: 9, throttleHigh: 1),
            scenario("dear-oom", cost: 8, ooms: 2), scenario("throttled-twice", cost: 0.1, throttleHigh: 2),
        ])
        // Unsafe ones: fewest OOM kills first, then fewest throttle-high containers, then cost.
        #expect(
            ranked.map(\.scenario.description) == [
                "middle", "middle-again", "pricey", "cheap-throttled", "dear-throttled", "throttled-twice",
                "cheap-oom", "dear-oom", "cheapest-many-ooms",
            ])
        #expect(ranked.map(\.rank) == Array(1...9))

        // Node-pressure evictions make a scenario unsafe and count with its OOM kills.
        var pressed = scenario("pressed", cost: 0.3)
        pressed.capacity = CapacitySummary(
            pools: [], nodeCostUSD: 0.3, idleCPUUSD: 0, idleMemoryUSD: 0, sharedIdle: false,
            unplacedAllocatedUSD: 0, unschedulablePods: [], nodePressureEvictions: 3, maxNodesReached: 0)
        let withPressure = ScenarioRanking.rank([
            pressed, scenario("oom", cost: 0.4, ooms: 2), scenario("safe", cost: 2),
        ])
        #expect(withPressure.map(\.scenario.description) == ["safe", "oom", "pressed"])
    }

    @Test(
        "a replay's scenarios: one per policy in the order given, the first bare static the baseline, else one added unlisted"
    )
    func scenarios() throws {
        let listed = Scenario.of([
            try PolicySpec(parsing: "vpa-auto"), PolicySpec(name: "static"),
            try PolicySpec(parsing: "static:cpu_request=1"),
        ])
        #expect(listed.map(\.description) == ["vpa-auto", "static", "static:cpu-request=1"])
        #expect(listed.map(\.isBaseline) == [false, true, false])
        #expect(listed.allSatisfy { $0.isListed })
        let added = Scenario.of([try PolicySpec(parsing: "percentile:cpu=90")])
        #expect(added.map(\.description) == ["percentile:cpu=90", "static"])
        #expect(added.map(\.isBaseline) == [false, true] && added.map(\.isListed) == [true, false])
    }

    @Test(
        "scoring: figures are means over runs; cost changes against the baseline are positive when dearer; only listed scenarios rank"
    )
    func scoring() throws {
        func summary(_ scenario: Scenario, cost: Double, ooms: Int = 0) -> ScenarioSummary {
            var s = ScenarioSummary(scenario: scenario, pricing: "p")
            s.totalCostUSD = cost
            s.allocationCostUSD = cost
            s.oomKills = ooms
            return s
        }
        let scenarios = Scenario.of([try PolicySpec(parsing: "vpa-auto"), try PolicySpec(parsing: "krr-simple")])
        // Two runs: vpa-auto costs 8 and 12 (mean 10), krr-simple 3 and 5 (mean 4) with 1 and 2 OOM kills
        // (mean 1.5, counted as 2), the baseline 6 and 6.
        let runs = [
            [summary(scenarios[0], cost: 8), summary(scenarios[1], cost: 3, ooms: 1), summary(scenarios[2], cost: 6)],
            [summary(scenarios[0], cost: 12), summary(scenarios[1], cost: 5, ooms: 2), summary(scenarios[2], cost: 6)],
        ]
        let scores = ScenarioScoring.score(runs)
        #expect(scores.ranked.map(\.scenario.description) == ["vpa-auto", "krr-simple"])
        #expect(scores.ranked.map(\.rank) == [1, 2])
        #expect(scores.listed.map(\.scenario.description) == ["vpa-auto", "krr-simple"])
        #expect(scores.listed.map(\.rank) == [1, 2])
        #expect(scores.listed.map(\.totalCostUSD) == [10, 4])
        #expect(scores.listed.map(\.costChangeUSD) == [4, -2])
        #expect(scores.listed.map(\.allocationCostChangeUSD) == [4, -2])
        #expect(scores.listed[1].oomKills == 2)
        #expect(scores.baseline.scenario.isBaseline && !scores.baseline.scenario.isListed)
        #expect(scores.baseline.rank == 0 && scores.baseline.costChangeUSD == 0)
        #expect(scores.listed.allSatisfy { $0.monteCarlo?.runs == 2 })
    }
}

@Suite("Ranking in depth: verdicts, ties at the same cost, and why each ranks where it does")
struct RankingDepthTests {
    func summary(_ name: String, cost: Double, throttled: Double = 0, unserved: Double = 0, isBaseline: Bool = false)
        -> ScenarioSummary
    {
        var s = ScenarioSummary(
            scenario: Scenario(policy: PolicySpec(name: name), isBaseline: isBaseline), pricing: "p")
        s.totalCostUSD = cost
        s.throttledRatio = throttled
        s.cpuThrottledCoreHours = unserved
        return s
    }

    @Test("at the same cost to the cent the less throttled ranks first, then the one leaving less CPU unserved")
    func tiesAtTheSameCost() {
        let scores = ScenarioScoring.score([
            [
                summary("throttled", cost: 11.031, throttled: 0.08), summary("calm", cost: 11.029, throttled: 0.02),
                summary("calm-but-hungry", cost: 11.03, throttled: 0.02, unserved: 0.5), summary("cheap", cost: 5.54),
                summary("static", cost: 11.03, throttled: 0.02, unserved: 0.5, isBaseline: true),
            ]
        ])
        #expect(
            scores.ranked.map(\.scenario.description) == ["cheap", "calm", "calm-but-hungry", "static", "throttled"])
        #expect(
            scores.ranked.map(\.rankReason) == [
                .cheapestSafe, .dearer(than: 1, byUSD: 11.029 - 5.54), .sameCostMoreUnserved(than: 2), .tied(with: 3),
                .sameCostMoreThrottled(than: 4),
            ])
    }

    @Test("the verdict names the containers: OOM kills with their counts, CPUThrottlingHigh, starved by their node")
    func verdictReasons() {
        func container(_ name: String, ooms: Int = 0, throttleHigh: Bool = false, starved: Bool = false)
            -> ContainerSummary
        {
            var c = ContainerSummary(
                containerIndex: 0, namespace: "shop", workload: name, name: "app", team: "t", replicaCount: 1,
                settings: .unset, costUSD: 0, cpuCostUSD: 0, memoryCostUSD: 0, throttledRatio: 0,
                throttleHigh: throttleHigh,
                oomKills: ooms, restarts: 0, availabilityRatio: 1, readyRatio: 1, slackCPUCoreHours: 0,
                slackMemoryGiBHours: 0, meanCPUCores: 0, meanMemoryBytes: 0, cpuThrottledCoreHours: 0,
                cpuLostCoreHours: 0)
            c.contentionHigh = starved
            return c
        }
        var s = summary("vpa", cost: 1)
        s.containers = [
            container("cart", ooms: 3), container("web", throttleHigh: true), container("etl", starved: true),
        ]
        s.oomKills = 3
        s.throttleHighContainers = 1
        s.contentionHighContainers = 1
        let verdict = ScenarioVerdict(s, baseline: s)
        #expect(!verdict.safe && verdict.feasible)
        #expect(
            verdict.reasons == [
                "3 OOM kills: shop/cart/app (3)", "CPUThrottlingHigh: shop/web/app",
                "starved by their node (over 25% of their CPU demand unserved for 15 minutes): shop/etl/app",
            ])
        #expect(verdict.caveats.isEmpty)
    }
}

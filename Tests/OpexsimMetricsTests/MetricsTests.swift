import Testing
import OpexsimMetrics
import OpexsimPricing
import OpexsimTraces

@Suite("Spans, CPUThrottlingHigh and ranking")
struct MetricsTests {
    func span(_ a: Int64, _ b: Int64) -> TimeSpan { TimeSpan(start: a, end: b) }

    @Test func spans() {
        #expect(TimeSpans.union([span(5, 8), span(0, 3), span(2, 4), span(8, 9)]) == [span(0, 4), span(5, 9)])
        #expect(TimeSpans.subtract([span(0, 10), span(20, 30)], [span(2, 3), span(8, 22), span(29, 40)])
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
    }

    @Test("safe scenarios first by cost; the others by OOM kills, then throttle-high containers, then cost; then in the order given")
    func ranking() {
        func scenario(_ name: String, cost: Double, ooms: Int = 0, throttleHigh: Int = 0) -> ScenarioSummary {
            var s = ScenarioSummary(policy: name, pricing: "p")
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
        #expect(ranked.map(\.policy) == ["middle", "middle-again", "pricey", "cheap-throttled", "dear-throttled", "throttled-twice",
                                         "cheap-oom", "dear-oom", "cheapest-many-ooms"])
        #expect(ranked.map(\.rank) == Array(1...9))

        // Node-pressure evictions make a scenario unsafe and count with its OOM kills.
        var pressed = scenario("pressed", cost: 0.3)
        pressed.capacity = CapacitySummary(pools: [], nodeCostUSD: 0.3, idleCPUUSD: 0, idleMemoryUSD: 0, sharedIdle: false,
                                           unplacedAllocatedUSD: 0, unschedulablePods: [], nodePressureEvictions: 3, maxNodesReached: 0)
        let withPressure = ScenarioRanking.rank([pressed, scenario("oom", cost: 0.4, ooms: 2), scenario("safe", cost: 2)])
        #expect(withPressure.map(\.policy) == ["safe", "oom", "pressed"])
    }
}

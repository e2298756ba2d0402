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

    @Test("safe scenarios first, then by cost, then in the order given")
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
        ])
        #expect(ranked.map(\.policy) == ["middle", "middle-again", "pricey", "cheap-throttled", "cheap-oom"])
        #expect(ranked.map(\.rank) == [1, 2, 3, 4, 5])
    }
}

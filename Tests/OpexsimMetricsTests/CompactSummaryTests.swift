import Testing

@testable import OpexsimMetrics

/// Summaries keep counts and indices in 32 bits and optional figures as NaN: what is set reads back.
@Suite("Compact summaries")
struct CompactSummaryTests {
    func container() -> ContainerSummary {
        ContainerSummary(
            containerIndex: 1_999_999, namespace: "shop", workload: "web", name: "app", team: "t",
            replicaCount: 3, settings: .unset, costUSD: 2, cpuCostUSD: 1.5, memoryCostUSD: 0.5,
            throttledRatio: 0.25, throttleHigh: true, oomKills: 7, restarts: 9, availabilityRatio: 0.99,
            readyRatio: 0.98, slackCPUCoreHours: 1, slackMemoryGiBHours: 2, meanCPUCores: 0.3,
            meanMemoryBytes: 4e9, cpuThrottledCoreHours: 0.1, cpuLostCoreHours: 0.2)
    }

    @Test("a container's counts, replica range and recovery figures read back as set")
    func containerFields() {
        var c = container()
        #expect(c.containerIndex == 1_999_999 && c.replicaCount == 3 && c.oomKills == 7 && c.restarts == 9)
        #expect(c.incidents == 0 && c.replicas == 0..<0)
        #expect(c.rpoSeconds == nil && c.rtoSeconds == nil)
        #expect(c.throttleHigh && !c.contentionHigh && c.name == "app" && c.namespace == "shop")
        c.replicas = 1_000_000..<1_000_003
        c.incidents += 4
        c.oomKills += 1
        c.rpoSeconds = 1800
        c.rtoSeconds = 0
        #expect(c.replicas == 1_000_000..<1_000_003 && c.incidents == 4 && c.oomKills == 8)
        #expect(c.rpoSeconds == 1800 && c.rtoSeconds == 0)
        c.rtoSeconds = nil
        #expect(c.rtoSeconds == nil && c.rpoSeconds == 1800)
        // A count past 32 bits is held at the largest one, never a trap.
        c.restarts = Int(Int32.max) + 10
        #expect(c.restarts == Int(Int32.max))
    }

    @Test("a series' index and counts read back as set; metrics' counts add up")
    func seriesFields() {
        var s = SeriesSummary(
            seriesIndex: 123_456, readyRatio: 0.5, throttledRatio: 0.1, cpuThrottledCoreSeconds: 3,
            cpuLostCoreSeconds: 4, oomKills: 2, restarts: 5, throttleHigh: false)
        #expect(s.seriesIndex == 123_456 && s.oomKills == 2 && s.restarts == 5 && s.readyRatio == 0.5)
        s.restarts += 1
        #expect(s.restarts == 6)
        var a = SeriesMetrics(), b = SeriesMetrics()
        a.oomKills = 3
        a.evictions = 1
        b.oomKills = 4
        b.restarts = 2
        b.nodePressureEvictions = 1
        a.add(b)
        #expect(a.oomKills == 7 && a.restarts == 2 && a.evictions == 1 && a.nodePressureEvictions == 1)
        #expect(a != SeriesMetrics())
    }
}

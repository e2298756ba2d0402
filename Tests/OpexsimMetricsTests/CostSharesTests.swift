import OpexsimPolicies
import OpexsimTraces
import Testing

@testable import OpexsimMetrics

@Suite("Cost shares")
struct CostSharesTests {
    func container(_ namespace: String, _ workload: String, cost: Double, slack: Double) -> ContainerSummary {
        ContainerSummary(
            containerIndex: 0, namespace: namespace, workload: workload, name: "app", team: "t", replicaCount: 1,
            settings: .unset, costUSD: cost, cpuCostUSD: cost, memoryCostUSD: 0, throttledRatio: 0,
            throttleHigh: false, oomKills: 0, restarts: 0, availabilityRatio: 1, readyRatio: 1,
            slackCPUCoreHours: slack, slackMemoryGiBHours: slack / 2, meanCPUCores: 0, meanMemoryBytes: 0,
            cpuThrottledCoreHours: 0, cpuLostCoreHours: 0)
    }

    func summary(_ containers: [ContainerSummary]) -> ScenarioSummary {
        var s = ScenarioSummary(scenario: Scenario(policy: PolicySpec(name: "static"), isBaseline: true), pricing: "p")
        s.containers = containers
        s.totalCostUSD = containers.reduce(0) { $0 + $1.costUSD }
        return s
    }

    @Test("by workload, runs of a trace's containers add up as the table of every key does")
    func workloadRuns() {
        // Two containers of shop/web, one of shop/cart and two of tools/web, in the trace's order.
        let s = summary([
            container("shop", "cart", cost: 0.1, slack: 1), container("shop", "web", cost: 0.2, slack: 2),
            container("shop", "web", cost: 0.30000000000000004, slack: 3),
            container("tools", "web", cost: 0.6, slack: 4),
            container("tools", "web", cost: -0.0, slack: 0),
        ])
        let runs = s.workloadShares(idle: 0.5)
        #expect(runs.map(\.name) == ["tools/web", "shop/web", "shop/cart", CostShare.idleName])
        // Added in the containers' order, from zero: 0.2 + 0.30000000000000004 rounds to 0.5.
        #expect(runs.map(\.totalUSD) == [0.6, 0.5, 0.1, 0.5])
        #expect(runs.map(\.slackCPUCoreHours) == [4, 5, 1, 0])
        let total = s.totalCostUSD
        #expect(runs.map(\.shareRatio) == [0.6 / total, 0.5 / total, 0.1 / total, 0.5 / total])
        // A workload whose only cost is -0.0 adds up to +0.0, as in the table (== cannot tell).
        let negativeZero = summary([container("shop", "idle", cost: -0.0, slack: 0)])
        #expect(negativeZero.workloadShares(idle: nil).map(\.totalUSD.sign) == [.plus])
        #expect(negativeZero.shares(idle: nil) { $0.workload }.map(\.totalUSD.sign) == [.plus])
        #expect(runs == s.shares(idle: 0.5) { "\($0.namespace)/\($0.workload)" })
    }

    @Test("out of order or with a slash in a name, the table adds them up: the same shares")
    func fallbacks() {
        let unordered = summary([
            container("shop", "web", cost: 1, slack: 1), container("shop", "cart", cost: 2, slack: 1),
            container("shop", "web", cost: 4, slack: 1),
        ])
        #expect(unordered.workloadShares(idle: nil).map(\.totalUSD) == [5, 2])
        // "a/b" + "c" and "a" + "b/c" are one key, as in the table.
        let slashes = summary([container("a", "b/c", cost: 1, slack: 0), container("a/b", "c", cost: 2, slack: 0)])
        #expect(slashes.workloadShares(idle: nil).map(\.name) == ["a/b/c"])
        #expect(slashes.workloadShares(idle: nil).map(\.totalUSD) == [3])
    }
}

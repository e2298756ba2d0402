import OpexsimPolicies
import OpexsimTraces
import Testing

@testable import OpexsimMetrics

@Suite("The per-workload mix: which policy each workload takes")
struct ScenarioMixTests {
    func container(_ workload: String, cost: Double, ooms: Int = 0, throttleHigh: Bool = false, throttled: Double = 0)
        -> ContainerSummary
    {
        ContainerSummary(
            containerIndex: 0, namespace: "ns", workload: workload, name: "c", team: "t", replicaCount: 1,
            settings: ResourceSettings(cpuRequest: 1, cpuLimit: nil, memoryRequest: 1, memoryLimit: nil), costUSD: cost,
            cpuCostUSD: cost, memoryCostUSD: 0, throttledRatio: throttled, throttleHigh: throttleHigh, oomKills: ooms,
            restarts: 0, availabilityRatio: 1, readyRatio: 1, slackCPUCoreHours: 0, slackMemoryGiBHours: 0,
            meanCPUCores: 0, meanMemoryBytes: 0, cpuThrottledCoreHours: 0, cpuLostCoreHours: 0)
    }

    func scenario(_ name: String, _ containers: [ContainerSummary]) -> ScenarioSummary {
        var s = ScenarioSummary(scenario: Scenario(policy: PolicySpec(name: name), isBaseline: false), pricing: "p")
        s.containers = containers
        return s
    }

    /// | workload | tight            | roomy | loose           |
    /// | api      | $1.00, 2 OOM     | $3.00 | $2.00           |
    /// | db       | $4.00            | $5.00 | $0.50, throttle-high |
    /// | cache    | $1.00, 1 OOM     | $2.00, throttle-high | $1.50, 1 OOM |
    var scenarios: [ScenarioSummary] {
        [
            scenario(
                "tight",
                [container("api", cost: 1, ooms: 2), container("db", cost: 4), container("cache", cost: 1, ooms: 1)]),
            scenario(
                "roomy",
                [container("api", cost: 3), container("db", cost: 5), container("cache", cost: 2, throttleHigh: true)]),
            scenario(
                "loose",
                [
                    container("api", cost: 2), container("db", cost: 0.5, throttleHigh: true),
                    container("cache", cost: 1.5, ooms: 1),
                ]),
        ]
    }

    @Test("the cheapest policy meeting the constraints on each workload; the least disruptive where none does")
    func safetyRule() {
        let choices = ScenarioMix.choose(scenarios, constraints: ScenarioConstraints())
        #expect(choices.map(\.policy) == ["loose", "tight", "roomy"])
        #expect(choices.map(\.scenarioIndex) == [2, 0, 1])
        #expect(
            choices[0].reason
                == "the cheapest of 2 policies meeting the constraints on this workload ($2.00 against $3.00 for `roomy`)"
        )
        #expect(
            choices[1].reason
                == "the cheapest of 2 policies meeting the constraints on this workload ($4.00 against $5.00 for `roomy`)"
        )
        // cache: every policy breaks the rule; fewest OOM kills (roomy has none but a throttle-high
        // container; tight and loose one OOM kill each): roomy.
        #expect(choices[2].policy == "roomy" && choices[2].reason.hasPrefix("no policy meets the constraints"))
    }

    @Test("constraints given: one OOM kill allowed")
    func constraints() {
        var c = ScenarioConstraints()
        c.maxOOMKills = 1
        let choices = ScenarioMix.choose(scenarios, constraints: c)
        // cache: tight ($1.00, 1 OOM kill) is now allowed and cheapest; api still excludes tight (2).
        #expect(choices.map(\.policy) == ["loose", "tight", "tight"])
        #expect(
            choices[2].reason.hasPrefix("the cheapest of 2 policies") && choices[2].reason.hasSuffix("for `loose`)"))
    }
}

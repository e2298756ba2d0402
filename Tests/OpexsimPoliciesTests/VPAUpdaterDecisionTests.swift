import OpexsimPolicies
import OpexsimTestSupport
import OpexsimTraces
import Testing

@Suite("VPA updater decisions")
struct VPAUpdaterDecisionTests {
    let parameters = VPAUpdaterParameters()

    func container(
        cpu: Double?, memory: Double?, target: (Double, Double), lower: (Double, Double) = (0, 0),
        upper: (Double, Double) = (100, 1e15), oom: Int64? = nil
    ) -> VPAUpdateContainer {
        VPAUpdateContainer(
            cpuRequest: cpu, memoryRequest: memory,
            target: ResourceAmounts(cpuCores: target.0, memoryBytes: target.1),
            lowerBound: ResourceAmounts(cpuCores: lower.0, memoryBytes: lower.1),
            upperBound: ResourceAmounts(cpuCores: upper.0, memoryBytes: upper.1), lastOOMRunningFor: oom)
    }

    @Test("each condition alone makes a candidate; none makes none")
    func conditions() {
        let young: Int64 = 3_600_000, old: Int64 = 13 * 3_600_000
        // Within bounds, young, small change: not a candidate.
        let calm = container(cpu: 1, memory: 1000 * mebibyte, target: (0.95, 1000 * mebibyte))
        #expect(VPAUpdater.priority(of: [calm], podAge: young, parameters: parameters) == nil)
        // 1. Outside bounds (request below the lower bound), however young.
        let below = container(cpu: 0.1, memory: 1000 * mebibyte, target: (0.5, 1000 * mebibyte), lower: (0.3, 0))
        #expect(VPAUpdater.priority(of: [below], podAge: young, parameters: parameters)?.outsideBounds == true)
        // A missing request counts as outside.
        let missing = container(cpu: nil, memory: 1000 * mebibyte, target: (0.5, 1000 * mebibyte))
        #expect(VPAUpdater.priority(of: [missing], podAge: young, parameters: parameters)?.outsideBounds == true)
        // 2. The example of docs/vpa.md, section 9.2: CPU 1000m vs 940m (0.06) plus memory 1000Mi vs 1050Mi (0.05) = 0.11.
        let drift = container(cpu: 1, memory: 1000 * mebibyte, target: (0.94, 1050 * mebibyte))
        #expect(VPAUpdater.priority(of: [drift], podAge: young, parameters: parameters) == nil)
        let priority = VPAUpdater.priority(of: [drift], podAge: old, parameters: parameters)
        #expect(priority != nil && abs(priority!.resourceDiff - 0.11) < 1e-12)
        #expect(priority?.scaleUp == true)
        // 3. A quick OOM (under 10 minutes) with any change, even tiny and young.
        let tiny = container(cpu: 1, memory: 1000 * mebibyte, target: (1, 1001 * mebibyte), oom: 300_000)
        #expect(VPAUpdater.priority(of: [tiny], podAge: young, parameters: parameters)?.quickOOM == true)
        let slowOOM = container(cpu: 1, memory: 1000 * mebibyte, target: (1, 1001 * mebibyte), oom: 700_000)
        #expect(VPAUpdater.priority(of: [slowOOM], podAge: young, parameters: parameters) == nil)
        let noChange = container(cpu: 1, memory: 1000 * mebibyte, target: (1, 1000 * mebibyte), oom: 300_000)
        #expect(VPAUpdater.priority(of: [noChange], podAge: young, parameters: parameters) == nil)
    }

    @Test("scale-ups first, then the larger change")
    func ordering() {
        let up = VPAUpdatePriority(outsideBounds: false, resourceDiff: 0.2, scaleUp: true, quickOOM: false)
        let bigDown = VPAUpdatePriority(outsideBounds: true, resourceDiff: 0.9, scaleUp: false, quickOOM: false)
        let smallDown = VPAUpdatePriority(outsideBounds: true, resourceDiff: 0.3, scaleUp: false, quickOOM: false)
        #expect([smallDown, bigDown, up].sorted(by: VPAUpdatePriority.isBefore) == [up, bigDown, smallDown])
    }

    @Test(
        "eviction tolerance: int(configured × 0.5), with 1, 2, 3, 4 and 10 replicas (docs/vpa.md, section 9.4)",
        arguments: [
            (1, 2, 0), (2, 2, 1), (3, 2, 1), (4, 2, 2), (10, 2, 5),
        ])
    func tolerance(configured: Int, minReplicas: Int, expected: Int) {
        #expect(
            VPAUpdater.evictionBudget(
                configured: configured, running: configured, live: configured,
                minReplicas: minReplicas, evictionTolerance: 0.5) == expected)
    }

    @Test("a single replica is evicted only with min-replicas 1; a group short of running pods waits")
    func singleReplica() {
        #expect(
            VPAUpdater.evictionBudget(configured: 1, running: 1, live: 1, minReplicas: 2, evictionTolerance: 0.5) == 0)
        #expect(
            VPAUpdater.evictionBudget(configured: 1, running: 1, live: 1, minReplicas: 1, evictionTolerance: 0.5) == 1)
        #expect(
            VPAUpdater.evictionBudget(configured: 1, running: 0, live: 1, minReplicas: 1, evictionTolerance: 0.5) == 0)
        // 10 replicas with 3 already down: 7 − (10 − 5) = 2 more may go.
        #expect(
            VPAUpdater.evictionBudget(configured: 10, running: 7, live: 10, minReplicas: 2, evictionTolerance: 0.5) == 2
        )
        #expect(
            VPAUpdater.evictionBudget(configured: 3, running: 2, live: 3, minReplicas: 2, evictionTolerance: 0.5) == 0)
    }

    @Test(
        "RequestsAndLimits keeps the limit ratio with integer arithmetic; RequestsOnly caps at the limit (docs/vpa.md, section 10)"
    )
    func controlledValues() {
        let policy = VPAContainerPolicy()
        // 200m/500m, target 300m → 750m.
        let a = VPAResourceWriter.settings(
            original: ResourceSettings(cpuRequest: 0.2, cpuLimit: 0.5),
            target: ResourceAmounts(cpuCores: 0.3, memoryBytes: nil), policy: policy)
        #expect(a.cpuRequest == .value(0.3) && a.cpuLimit == .value(0.75))
        // 100m/333m, target 150m → 499.5 → 499m.
        let b = VPAResourceWriter.settings(
            original: ResourceSettings(cpuRequest: 0.1, cpuLimit: 0.333),
            target: ResourceAmounts(cpuCores: 0.15, memoryBytes: nil), policy: policy)
        #expect(b.cpuLimit == .value(0.499))
        // 256Mi/512Mi, target 300Mi → 600Mi.
        let c = VPAResourceWriter.settings(
            original: ResourceSettings(memoryRequest: 256 * mebibyte, memoryLimit: 512 * mebibyte),
            target: ResourceAmounts(cpuCores: nil, memoryBytes: 300 * mebibyte), policy: policy)
        #expect(c.memoryLimit == .value(600 * mebibyte))
        // Limit equal to request, limit without request, no limit.
        #expect(
            VPAResourceWriter.settings(
                original: ResourceSettings(cpuRequest: 1, cpuLimit: 1),
                target: ResourceAmounts(cpuCores: 0.4, memoryBytes: nil), policy: policy
            ).cpuLimit == .value(0.4))
        #expect(
            VPAResourceWriter.settings(
                original: ResourceSettings(cpuLimit: 2), target: ResourceAmounts(cpuCores: 0.4, memoryBytes: nil),
                policy: policy
            ).cpuLimit == .value(0.4))
        #expect(
            VPAResourceWriter.settings(
                original: ResourceSettings(cpuRequest: 1), target: ResourceAmounts(cpuCores: 0.4, memoryBytes: nil),
                policy: policy
            ).cpuLimit == .unset)
        // RequestsOnly: the request is capped at the limit, which stays.
        let only = VPAContainerPolicy(controlledValues: .requestsOnly)
        let d = VPAResourceWriter.settings(
            original: ResourceSettings(cpuRequest: 0.2, cpuLimit: 0.5),
            target: ResourceAmounts(cpuCores: 0.8, memoryBytes: nil), policy: only)
        #expect(d.cpuRequest == .value(0.5) && d.cpuLimit == .recorded)
        // minAllowed and maxAllowed clamp the recommendation.
        let bounded = VPAContainerPolicy(
            minAllowed: ResourceAmounts(cpuCores: 0.25, memoryBytes: nil),
            maxAllowed: ResourceAmounts(cpuCores: nil, memoryBytes: 512 * mebibyte))
        #expect(
            bounded.capped(ResourceAmounts(cpuCores: 0.1, memoryBytes: 1024 * mebibyte))
                == ResourceAmounts(cpuCores: 0.25, memoryBytes: 512 * mebibyte))
    }
}

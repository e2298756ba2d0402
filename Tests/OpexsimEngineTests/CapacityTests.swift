import OpexsimMetrics
import OpexsimPolicies
import OpexsimPricing
import OpexsimTestSupport
import OpexsimTraces
import Testing

@testable import OpexsimEngine

/// One pod per entry: namespace, pod name, per-minute CPU and working set, and its settings.
struct PodTrace {
    var namespace = "a"
    var workload = "w"
    var pod: String
    var cpu: (Int) -> Double
    var memoryGiB: (Int) -> Double
    var settings: String
    var minutes = 120
    /// The first sample's minute (the pod is created a minute before).
    var firstMinute = 1
}

func podsCSV(_ pods: [PodTrace]) -> String {
    var text =
        "timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes,cpu_request,cpu_limit,memory_request,memory_limit\n"
    for pod in pods {
        for minute in pod.firstMinute...pod.minutes {
            text +=
                "\(60 * minute),\(pod.namespace),\(pod.workload),c,\(pod.pod),\(pod.cpu(minute)),\(Int(pod.memoryGiB(minute) * 1_073_741_824)),\(pod.settings)\n"
        }
    }
    return text
}

/// A pricing model with one pool of `vcpu`/`memoryGiB` nodes (all allocatable) at `hourly`.
func poolPricing(
    vcpu: Double = 2, memoryGiB: Double = 8, hourly: Double = 0.10, spotHourly: Double? = nil,
    capacity: CapacityMix = .onDemand, delay: Int64 = NodePool.defaultScaleDownDelay, shareIdle: Bool = false
) -> PricingModel {
    var model = PricingModel.openCostDefault
    model.nodePools = [
        NodePool(
            name: "p",
            nodeType: NodeType(
                name: "n", vcpu: vcpu, memoryGiB: memoryGiB, allocatableCPU: vcpu,
                allocatableMemoryBytes: memoryGiB * 1_073_741_824, onDemandHourly: hourly, spotHourly: spotHourly),
            capacity: capacity, scaleDownDelay: delay)
    ]
    model.shareIdle = shareIdle
    return model
}

func replaySummary(_ pods: [PodTrace], pricing: PricingModel, policy: String = "static") throws -> (
    ScenarioSummary, ScenarioResult
) {
    let outcome = try replayOutcome(pods, pricing: pricing, policy: policy)
    return (outcome.scenarios[0], outcome.results[0])
}

/// Replays `pods` under one policy (mean burst model).
func replayOutcome(_ pods: [PodTrace], pricing: PricingModel, policy: String = "static") throws -> ReplayOutcome {
    let trace = try CanonicalTraceReader().read(text: podsCSV(pods))
    var options = ReplayOptions()
    options.burstModel = .mean
    return try Replay(trace: trace, policies: [PolicySpec(parsing: policy)], pricing: pricing, options: options).run()
}

@Suite("Node pools: packing, scale-down, node cost, idle, contention and pressure")
struct CapacityTests {
    @Test("first-fit decreasing: 3, 3, 2, 2, 2 and 1 cores on 4-core nodes need 4 nodes")
    func packing() {
        let pool = NodePacking.Pool(allocatableCPU: 4, allocatableMemoryBytes: 1e12, maxPods: 110)
        let cores: [Double] = [2, 3, 1, 2, 3, 2]
        let result = NodePacking.pack(cores.map { NodePacking.Pod(cpu: $0, memoryBytes: 0, pools: [0]) }, onto: [pool])
        // Largest first: 3 → n0, 3 → n1, 2 → n2, 2 → n2, 2 → n3, 1 → n0.
        #expect(result.nodesPerPool == [4])
        #expect(result.placement == [2, 0, 0, 2, 1, 3])
        #expect(result.nodes.map(\.cpuUsed) == [4, 3, 4, 2])
        // Memory decides when it is the larger share; pods per node are limited too.
        let small = NodePacking.Pool(allocatableCPU: 4, allocatableMemoryBytes: 8, maxPods: 2)
        let byMemory = NodePacking.pack(
            [
                NodePacking.Pod(cpu: 1, memoryBytes: 6, pools: [0]),
                NodePacking.Pod(cpu: 1, memoryBytes: 3, pools: [0]),
                NodePacking.Pod(cpu: 1, memoryBytes: 2, pools: [0]),
                NodePacking.Pod(cpu: 0, memoryBytes: 0, pools: [0]),
            ],
            onto: [small])
        #expect(byMemory.placement == [0, 1, 0, 1])
        #expect(byMemory.nodesPerPool == [2])
    }

    @Test("pools in order, namespaces, minimum and maximum nodes, and pods that fit nowhere")
    func pools() {
        let first = NodePacking.Pool(
            allocatableCPU: 2, allocatableMemoryBytes: 100, maxPods: 110, minNodes: 1, maxNodes: 1)
        let second = NodePacking.Pool(allocatableCPU: 8, allocatableMemoryBytes: 100, maxPods: 110)
        let pods = [
            NodePacking.Pod(cpu: 1, memoryBytes: 1, pools: [0, 1]),
            NodePacking.Pod(cpu: 1.5, memoryBytes: 1, pools: [0, 1]),
            NodePacking.Pod(cpu: 1, memoryBytes: 1, pools: [1]),
            NodePacking.Pod(cpu: 9, memoryBytes: 1, pools: [0, 1]),
        ]
        let result = NodePacking.pack(pods, onto: [first, second])
        // 1.5 fills the first pool's only node; 1 then goes to the second pool, as does the pod only it admits.
        #expect(result.nodesPerPool == [1, 1])
        #expect(result.placement[1] == 0 && result.placement[0] == 1 && result.placement[2] == 1)
        #expect(result.unschedulable == [3])
        // An empty pool with a minimum keeps its nodes.
        #expect(NodePacking.pack([], onto: [first]).nodesPerPool == [1])
    }

    @Test("scale-down waits for the delay: 3 nodes needed until 5 minutes, then 1, keeps 3 until 15 minutes")
    func scaleDown() {
        var window = ScaleDownWindow(delay: 600_000)
        #expect(window.nodes(needing: 3, at: 0) == 3)
        #expect(window.nodes(needing: 1, at: 300_000) == 3)
        #expect(window.nodes(needing: 2, at: 600_000) == 3)
        #expect(window.nodes(needing: 1, at: 899_999) == 3)
        // The need of 3 ended at 5 minutes: ten minutes later only the need of 2 (until 15 minutes) holds.
        #expect(window.nodes(needing: 1, at: 900_000) == 2)
        #expect(window.nodes(needing: 1, at: 1_500_000) == 1)
        #expect(window.nodes(needing: 4, at: 1_500_001) == 4)
    }

    @Test("CPU under contention is shared by requests: demands 2 and 1 on 2 cores with equal requests get 1 each")
    func shares() {
        #expect(CPUShares.grant(demands: [2, 1], requests: [1, 1], capacity: 2) == [1, 1])
        // Requests 3:1 on 2 cores, both wanting 2: 1.5 and 0.5.
        #expect(CPUShares.grant(demands: [2, 2], requests: [3, 1], capacity: 2) == [1.5, 0.5])
        // A small demand is served in full and the rest is shared again.
        #expect(
            CPUShares.grant(demands: [0.2, 3, 3], requests: [1, 1, 2], capacity: 3) == [
                0.2, 0.9333333333333332, 1.8666666666666665,
            ])
        // Everything fits: everyone gets their demand.
        #expect(CPUShares.grant(demands: [0.5, 0.5], requests: [0, 0], capacity: 2) == [0.5, 0.5])
    }

    @Test("node cost, allocation at split rates and idle, by hand: two 1-core pods on one $0.10 node for 2 hours")
    func nodeCostAndIdle() throws {
        let pods = ["p1", "p2"].map { PodTrace(pod: $0, cpu: { _ in 0.5 }, memoryGiB: { _ in 1 }, settings: "1,,2Gi,") }
        let (summary, _) = try replaySummary(pods, pricing: poolPricing())
        let capacity = try #require(summary.capacity)
        #expect(capacity.pools[0].maxNodes == 1 && capacity.pools[0].minNodes == 1)
        #expect(abs(capacity.pools[0].nodeHours - 2) < 1e-9)
        #expect(abs(try #require(summary.nodeCostUSD) - 0.2) < 1e-12)
        #expect(abs(summary.totalCostUSD - 0.2) < 1e-12)
        // Allocations: 2 pods × 1 core × 2 h and 2 × 2 GiB × 2 h at the node's split rates.
        let ratio = 0.031611 / 0.004237
        let ram = 0.10 / (2 * ratio + 8), cpu = ram * ratio
        let allocated = 4 * cpu + 8 * ram
        #expect(abs(summary.allocationCostUSD - allocated) < 1e-9)
        #expect(abs(summary.idleUSD - (0.2 - allocated)) < 1e-9)
        // Showback: the team's cost plus the __idle__ line add up to the node cost.
        #expect(summary.byTeam.map(\.name) == ["a", CostShare.idleName])
        #expect(abs(summary.byTeam.reduce(0) { $0 + $1.totalUSD } - 0.2) < 1e-9)
        // Shared idle: no __idle__ line, and the pods carry the node cost.
        let (shared, _) = try replaySummary(pods, pricing: poolPricing(shareIdle: true))
        #expect(shared.byTeam.map(\.name) == ["a"])
        #expect(abs(shared.byTeam[0].totalUSD - 0.2) < 1e-9)
        #expect(abs(shared.containers.reduce(0) { $0 + $1.costUSD } - 0.2) < 1e-9)
    }

    @Test("a spot/on-demand mix: half spot at $0.04 makes the $0.10 node cost $0.07 an hour")
    func spotMix() throws {
        let pods = [PodTrace(pod: "p1", cpu: { _ in 0.5 }, memoryGiB: { _ in 1 }, settings: "1,,2Gi,")]
        let pricing = poolPricing(spotHourly: 0.04, capacity: CapacityMix(onDemand: 0.5, spot: 0.5, committed: 0))
        let (summary, _) = try replaySummary(pods, pricing: pricing)
        #expect(abs(try #require(summary.nodeCostUSD) - 0.14) < 1e-12)
        #expect(abs(try #require(summary.capacity).pools[0].nodeHourlyUSD - 0.07) < 1e-12)
    }

    @Test("a pod that leaves frees its node only after the 10-minute scale-down delay")
    func scaleDownDelay() throws {
        let pods = [
            PodTrace(pod: "p1", cpu: { _ in 1 }, memoryGiB: { _ in 1 }, settings: "1.5,,1Gi,"),
            PodTrace(pod: "p2", cpu: { _ in 1 }, memoryGiB: { _ in 1 }, settings: "1.5,,1Gi,", minutes: 60),
        ]
        let (summary, _) = try replaySummary(pods, pricing: poolPricing())
        let pool = try #require(summary.capacity).pools[0]
        // Two nodes until p2's last sample (1 h) plus 10 minutes, then one: 2 × 70 min + 50 min.
        #expect(abs(pool.nodeHours - (2 * 70.0 + 50) / 60) < 1e-9)
        #expect(pool.timeline.map(\.nodes) == [2, 1])
        #expect(pool.timeline.last?.time == 4_200_000)
        // Without a delay the node goes at once.
        let (quick, _) = try replaySummary(pods, pricing: poolPricing(delay: 0))
        #expect(abs(try #require(quick.capacity).pools[0].nodeHours - (2 * 60.0 + 60) / 60) < 1e-9)
    }

    @Test("CPU contention on a full node: demand 2 + 1 cores on 2 cores leaves 1 core unserved every minute")
    func contention() throws {
        let pods = [
            PodTrace(pod: "p1", cpu: { _ in 2 }, memoryGiB: { _ in 1 }, settings: "1,,1Gi,"),
            PodTrace(pod: "p2", cpu: { _ in 1 }, memoryGiB: { _ in 1 }, settings: "1,,1Gi,"),
        ]
        let (summary, _) = try replaySummary(pods, pricing: poolPricing())
        #expect(abs(summary.cpuContendedCoreHours - 2) < 1e-9)
        let hungry = try #require(summary.containers.first)
        #expect(hungry.replicas.count == 2 && summary.replicas[hungry.replicas].map(\.seriesIndex) == [0, 1])
        // Without node pools nothing is contended.
        let (flat, _) = try replaySummary(pods, pricing: .openCostDefault)
        #expect(flat.cpuContendedCoreHours == 0)
    }

    @Test("a container its node starves: half its demand unserved for two hours makes the scenario unsafe, named")
    func starvedByItsNode() throws {
        // p1 wants 2 cores and p2 1 on a 2-core node; equal requests share it 1:1, so p1 gets 1 core:
        // 1 of 2 cores unserved, 50% > 25%, from the first check on; the rule fires 15 minutes later.
        let pods = [
            PodTrace(workload: "hungry", pod: "p1", cpu: { _ in 2 }, memoryGiB: { _ in 1 }, settings: "1,,1Gi,"),
            PodTrace(workload: "modest", pod: "p2", cpu: { _ in 1 }, memoryGiB: { _ in 1 }, settings: "1,,1Gi,"),
        ]
        let outcome = try replayOutcome(pods, pricing: poolPricing())
        let summary = outcome.scenarios[0]
        #expect(summary.contentionHighContainers == 1)
        #expect(summary.containers.map(\.contentionHigh) == [true, false])
        #expect(!summary.isSafe && !summary.verdict.safe)
        #expect(
            summary.verdict.reasons == [
                "starved by their node (over 25% of their CPU demand unserved for 15 minutes): a/hungry/c"
            ])
        // Checks every minute from minute 1 (the end of the first sample): above 25% from there, so the
        // rule fires from minute 16 to the last check at minute 120: 104 minutes.
        let firing = try #require(outcome.results[0].metrics.first).contentionHighSeconds
        #expect(firing == Double(120 - 16) * 60)
    }

    @Test("contention under the rule: 0.2 of 1.2 cores unserved (17%), or 50% for 10 minutes only, stays safe")
    func contentionUnderTheRule() throws {
        let mild = [
            PodTrace(workload: "hungry", pod: "p1", cpu: { _ in 1.2 }, memoryGiB: { _ in 1 }, settings: "1,,1Gi,"),
            PodTrace(workload: "modest", pod: "p2", cpu: { _ in 1 }, memoryGiB: { _ in 1 }, settings: "1,,1Gi,"),
        ]
        let gentle = try replayOutcome(mild, pricing: poolPricing()).scenarios[0]
        #expect(gentle.cpuContendedCoreHours > 0 && gentle.contentionHighContainers == 0 && gentle.isSafe)
        let brief = [
            PodTrace(
                workload: "hungry", pod: "p1", cpu: { $0 <= 10 ? 2 : 0.5 }, memoryGiB: { _ in 1 }, settings: "1,,1Gi,"),
            PodTrace(workload: "modest", pod: "p2", cpu: { _ in 1 }, memoryGiB: { _ in 1 }, settings: "1,,1Gi,"),
        ]
        let short = try replayOutcome(brief, pricing: poolPricing()).scenarios[0]
        #expect(short.cpuContendedCoreHours > 0 && short.contentionHighContainers == 0 && short.isSafe)
    }

    @Test("memory pressure evicts the pod furthest above its request, without grace, until the node fits")
    func pressure() throws {
        let pods = [
            PodTrace(pod: "p1", cpu: { _ in 0.1 }, memoryGiB: { $0 <= 10 ? 3 : 1 }, settings: "0.5,,1Gi,"),
            PodTrace(pod: "p2", cpu: { _ in 0.1 }, memoryGiB: { _ in 1.5 }, settings: "0.5,,1Gi,"),
        ]
        let (summary, result) = try replaySummary(pods, pricing: poolPricing(memoryGiB: 4))
        let capacity = try #require(summary.capacity)
        // 3 + 1.5 GiB on 4 GiB for the first ten minutes: p1 (2 GiB above its request) goes each time.
        #expect(capacity.nodePressureEvictions == 10)
        #expect(summary.evictions == 10)
        #expect(result.metrics[0].nodePressureEvictions == 10 && result.metrics[1].nodePressureEvictions == 0)
        // Each eviction costs the 5 s start-up (no grace period).
        #expect(abs(result.metrics[0].upSeconds - (7200 - 50)) < 1e-9)
        #expect(summary.oomKills == 0)
    }
}

@Suite("What a trace cannot tell: censored memory and settings never recorded")
struct UnrecordedDemandTests {
    /// One container whose working set climbs 16 MiB a minute to its 256Mi limit, recorded as an OOM
    /// kill at minute 16 (256 MiB), then climbs again from 52 MiB by 4 MiB a minute (148 MiB at minute 40).
    func censoredTrace() -> String {
        let memory = (1...40).map { minute in
            (minute <= 16 ? Double(minute) * 16 : Double(minute - 16) * 4 + 48) * mebibyte
        }
        return csv(
            cpu: repeated(0.1, 40), memory: memory, settings: "100m,,128Mi,256Mi", extraHeader: ",oom_killed",
            extra: (1...40).map { $0 == 16 ? "1" : "0" })
    }

    func outcome(_ text: String, _ policies: [String]) throws -> ReplayOutcome {
        var options = ReplayOptions()
        options.burstModel = .mean
        return try Replay(
            trace: try CanonicalTraceReader().read(text: text), policies: policies.map { try PolicySpec(parsing: $0) },
            pricing: .openCostDefault, options: options
        ).run()
    }

    @Test("a raised memory limit replays no OOM kill, named as a lower bound; the recorded limit replays the kill")
    func censoredMemory() throws {
        let scores = try outcome(censoredTrace(), ["static", "static:memory_limit=1Gi"]).scores
        let recorded = scores.listed[0], raised = scores.listed[1]
        #expect(recorded.oomKills == 1 && recorded.verdict.caveats.isEmpty)
        #expect(raised.oomKills == 0 && raised.verdict.safe)
        #expect(
            raised.verdict.caveats == [
                "OOM kills are a lower bound for ns/w/c: the trace recorded their working set at their old memory limit "
                    + "(or an OOM kill), so what they would have used beyond it is unknown"
            ])
    }

    @Test("a trace without requests or limits: the baseline is BestEffort, said in its verdict and the report")
    func bestEffortBaseline() throws {
        let text = csv(cpu: repeated(0.1, 30), memory: repeated(64 * mebibyte, 30), settings: ",,,")
        #expect(try CanonicalTraceReader().read(text: text).bestEffortContainers == [0])
        let baseline = try outcome(text, ["static"]).scores.baseline
        #expect(baseline.containers[0].recordedBestEffort)
        #expect(
            baseline.verdict.caveats == [
                "the recorded settings reserve nothing for any container (no requests or limits: BestEffort), so their "
                    + "cost is only what the pods used"
            ])
        // With a request, the container is no longer BestEffort.
        #expect(
            try CanonicalTraceReader().read(text: csv(cpu: [0.1], memory: [1], settings: "100m,,,"))
                .bestEffortContainers.isEmpty)
    }
}

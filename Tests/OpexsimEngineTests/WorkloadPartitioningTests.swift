import Foundation
import OpexsimMetrics
import OpexsimPolicies
import OpexsimPricing
import OpexsimTraces
import Testing

@testable import OpexsimEngine

/// The sample trace the repository ships (datasets/sample-shop.csv).
func sampleShopTrace() throws -> Trace {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("datasets/sample-shop.csv").path
    return try CanonicalTraceReader().read([path])
}

@Suite("Workload groups replayed apart")
struct WorkloadPartitioningTests {
    @Test("groups are contiguous, balanced by samples, and follow from the trace alone")
    func groups() throws {
        let trace = try sampleShopTrace()
        #expect(trace.workloadGroups(maximum: 16, minimumSamples: 65_536) == [0..<trace.workloads.count])
        let groups = trace.workloadGroups(maximum: 4, minimumSamples: 1)
        #expect(groups.count == 4)
        #expect(groups.first?.lowerBound == 0 && groups.last?.upperBound == trace.workloads.count)
        for (a, b) in zip(groups, groups.dropFirst()) { #expect(a.upperBound == b.lowerBound && !a.isEmpty) }
        // As many groups as workloads at most, one workload each.
        let many = trace.workloadGroups(maximum: 1_000, minimumSamples: 1)
        #expect(many == (0..<trace.workloads.count).map { $0..<($0 + 1) })
    }

    @Test("a replay tells its progress every replica-sample once, whether scenarios run whole or in parts")
    func progress() throws {
        let trace = try sampleShopTrace()
        var options = ReplayOptions()
        options.partitioning = WorkloadPartitioning(maximumParts: 5, minimumSamplesPerPart: 1)
        let specs = try ["static", "vpa-recreate:min-replicas=1", "percentile:cpu=95"].map(PolicySpec.init(parsing:))
        var replay = try Replay(trace: trace, policies: specs, pricing: .openCostDefault, options: options)
        let counters = ProgressCounters()
        replay.progress = counters
        _ = replay.run()
        // Three scenarios (the recorded settings among them): the learning ones in five parts each.
        #expect(replay.scenarios.count == 3)
        #expect(counters.current.first == 3 * trace.sampleCount)
    }

    @Test("whole-trace replays start before the parts, every task once, parts in their order")
    func startOrder() {
        // Scenario 0 in three parts, scenario 1 whole, scenario 2 in two parts, scenario 3 whole.
        let tasks: [(scenario: Int, part: Int?)] = [(0, 0), (0, 1), (0, 2), (1, nil), (2, 0), (2, 1), (3, nil)]
        #expect(ScenarioRunner.startOrder(tasks) == [3, 6, 0, 1, 2, 4, 5])
        #expect(ScenarioRunner.startOrder([(0, nil)]) == [0])
    }

    @Test("a part renumbers its groupings and shares the samples")
    func part() throws {
        let trace = try sampleShopTrace()
        let slice = trace.slice(workloads: 2..<4)
        let part = trace.part(slice)
        #expect(part.workloads.count == 2)
        #expect(part.series.count == slice.series.count && part.containers.count == slice.containers.count)
        #expect(part.pods.count == slice.pods.count)
        for (index, series) in part.series.enumerated() {
            let original = trace.series[slice.series.lowerBound + index]
            #expect(series.range == original.range)
            #expect(series.containerIndex + slice.containers.lowerBound == original.containerIndex)
            #expect(series.podIndex + slice.pods.lowerBound == original.podIndex)
            #expect(series.workloadIndex + 2 == original.workloadIndex)
            #expect(part.containers[series.containerIndex].series.contains(index))
            #expect(part.pods[series.podIndex].series.contains(index))
        }
        #expect(part.names[part.workloads[0].workloadName] == trace.names[trace.workloads[2].workloadName])
        // The part's own start and end are its own; a replay of it is given the whole timeline.
        #expect(part.start >= trace.start && part.end <= trace.end)
    }

    @Test(
        "every policy that decides per workload gives the same replay in one part or in many",
        arguments: [
            "vpa-recreate:min-replicas=1", "vpa-inplace:min-replicas=1", "goldilocks-burstable",
            "percentile:cpu=95,memory=100", "krr-simple", "kubecost",
        ])
    func sameOutcome(policy: String) throws {
        let trace = try sampleShopTrace()
        let spec = try PolicySpec(parsing: policy)
        var whole = ReplayOptions()
        whole.reapplyInterval = 6 * 3_600_000
        whole.partitioning = WorkloadPartitioning(maximumParts: 1)
        var parted = whole
        parted.partitioning = WorkloadPartitioning(maximumParts: 5, minimumSamplesPerPart: 1)
        let one = try Replay(trace: trace, policies: [spec], pricing: .openCostDefault, options: whole).run()
        let five = try Replay(trace: trace, policies: [spec], pricing: .openCostDefault, options: parted).run()
        let a = one.results[0], b = five.results[0]
        #expect(ScenarioRunner(profile: five.profile, options: parted).slices.count == 5)
        #expect(a.metrics == b.metrics)
        #expect(a.finalSettings == b.finalSettings)
        #expect(a.evictions == b.evictions && a.resizes == b.resizes && a.settingsChanges == b.settingsChanges)
        #expect(a.burstModelSamples == b.burstModelSamples)
        #expect(a.notes == b.notes)
        #expect(a.costTimeline.map(\.time) == b.costTimeline.map(\.time))
        for (x, y) in zip(a.costTimeline, b.costTimeline) {
            #expect(abs(x.cpuCostUSD - y.cpuCostUSD) <= 1e-9 * max(1, x.cpuCostUSD))
            #expect(abs(x.memoryCostUSD - y.memoryCostUSD) <= 1e-9 * max(1, x.memoryCostUSD))
        }
        #expect(abs(one.scenarios[0].totalCostUSD - five.scenarios[0].totalCostUSD) < 1e-9)
        // The comparison has teeth: the policy changed the settings in this trace.
        let recorded = try Replay(
            trace: trace, policies: [PolicySpec(name: "static")], pricing: .openCostDefault, options: whole
        ).run()
        #expect(a.finalSettings != recorded.results[0].finalSettings)
    }

    @Test(
        "a part's copy says the same notes and folds in the same counts once its replay state is dropped",
        arguments: ["vpa-recreate:min-replicas=1", "goldilocks-burstable", "percentile", "krr-simple", "kubecost"])
    func droppedReplayState(policy: String) throws {
        let trace = try sampleShopTrace()
        let factory = try PolicyFactory(resolving: PolicySpec(parsing: policy))
        func replayed() -> any ResourcePolicy {
            let copy = factory.make()
            _ = ReplayEngine(
                profile: TraceProfile(trace), policy: copy, options: ReplayOptions(), evaluationStart: trace.start
            ).run()
            return copy
        }
        func whole(absorbing part: any ResourcePolicy) -> [String] {
            let whole = factory.make()
            var context = PolicyContext(
                trace: trace, start: trace.start, end: trace.end, warmupEnd: trace.start, reapplyInterval: nil)
            context.speaksForParts = true
            whole.prepare(context)
            (whole as? any PartitionablePolicy)?.absorb(part, workloadOffset: 0)
            return whole.notes
        }
        let kept = replayed(), dropped = replayed()
        let partitionable = try #require(dropped as? any PartitionablePolicy)
        partitionable.dropReplayState()
        #expect(dropped.notes == kept.notes)
        #expect(whole(absorbing: dropped) == whole(absorbing: kept))
        if policy.hasPrefix("vpa") {
            // The counts the notes give come through: the sample trace feeds the recommender.
            #expect(
                whole(absorbing: dropped).contains { $0.contains("CPU samples at the recommender's 1-minute cadence") })
        }
    }

    @Test("VPA objects from a manifest file: the same replay and notes in one part or in many")
    func sameOutcomeWithManifests() throws {
        let manifests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("models/policies/shop-vpa.yaml").path
        try sameOutcome(policy: manifests)
    }

    @Test("results without their per-series tables, as the CLI keeps them: the same summaries")
    func droppedSeriesTables() throws {
        let trace = try sampleShopTrace()
        let policies = try ["static", "vpa-recreate:min-replicas=1", "percentile:cpu=95,memory=100"].map(
            PolicySpec.init(parsing:))
        var options = ReplayOptions()
        options.partitioning = WorkloadPartitioning(maximumParts: 5, minimumSamplesPerPart: 1)
        let kept = try Replay(trace: trace, policies: policies, pricing: .openCostDefault, options: options).run()
        options.keepsSeriesResults = false
        let dropped = try Replay(trace: trace, policies: policies, pricing: .openCostDefault, options: options).run()
        #expect(kept.results.allSatisfy { $0.metrics.count == trace.series.count })
        #expect(dropped.results.allSatisfy { $0.metrics.isEmpty && $0.finalSettings.isEmpty })
        #expect(dropped.results.map(\.notes) == kept.results.map(\.notes))
        for (a, b) in zip(kept.scenarios, dropped.scenarios) {
            #expect(a.scenario == b.scenario && a.rank == b.rank)
            #expect(a.totalCostUSD == b.totalCostUSD && a.throttledRatio == b.throttledRatio)
            #expect(a.containers.map(\.costUSD) == b.containers.map(\.costUSD))
            #expect(a.replicas.map(\.readyRatio) == b.replicas.map(\.readyRatio))
        }
    }

    @Test("recommendations from parts name the whole trace's containers")
    func recommendations() throws {
        let trace = try sampleShopTrace()
        var whole = ReplayOptions()
        whole.partitioning = WorkloadPartitioning(maximumParts: 1)
        var parted = whole
        parted.partitioning = WorkloadPartitioning(maximumParts: 3, minimumSamplesPerPart: 1)
        for policy in ["vpa-auto", "krr-simple"] {
            let spec = try PolicySpec(parsing: policy)
            let a = try Replay.recommendations(trace: trace, policy: spec, options: whole)
            let b = try Replay.recommendations(trace: trace, policy: spec, options: parted)
            #expect(a.count == trace.containers.count)
            #expect(a == b)
        }
    }
}

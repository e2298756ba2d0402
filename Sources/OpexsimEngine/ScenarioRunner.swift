import Dispatch
import OpexsimFailures
import OpexsimMetrics
import OpexsimPolicies
import OpexsimPricing
import OpexsimTraces

/// Runs scenarios over one trace on all cores. A scenario whose policy decides per workload is
/// replayed as one engine per group of workloads (`WorkloadPartitioning`), each with its own copy of
/// the policy over the shared timeline; the parts' results are then merged back in series order.
/// Other scenarios replay the whole trace in one engine.
public struct ScenarioRunner: Sendable {
    public let profile: TraceProfile
    public let options: ReplayOptions
    public let pricing: PricingModel
    /// The workload groups, in order; one group covering everything when the trace is small.
    public let slices: [TraceSlice]
    /// The profile of each group's part (empty with a single group).
    let partProfiles: [TraceProfile]

    /// A runner over `profile`; `withParts` false when no scenario can be replayed in parts (node
    /// pools or failures couple the workloads, or no policy decides per workload), so that none are
    /// made.
    public init(
        profile: TraceProfile, options: ReplayOptions, pricing: PricingModel = .openCostDefault, withParts: Bool = true
    ) {
        let trace = profile.trace
        self.profile = profile
        self.options = options
        self.pricing = pricing
        let groups = trace.workloadGroups(
            maximum: withParts ? options.partitioning.maximumParts : 1,
            minimumSamples: options.partitioning.minimumSamplesPerPart)
        slices = groups.map { trace.slice(workloads: $0) }
        partProfiles = slices.count > 1 ? slices.map { profile.part($0) } : []
    }

    /// Told the replica-samples of each replay task as it ends, for a progress display; nil: none.
    public var progress: ProgressCounters?

    /// The replay's timeline: the whole trace's, shared by every part.
    var span: TimeSpan { TimeSpan(start: profile.trace.start, end: profile.trace.end) }

    /// Replays each scenario; results come in the order of `policies`.
    public func run(
        _ policies: [PolicyFactory], evaluationStart: TraceInstant, collectsRecommendations: Bool = false,
        failures: FailureTimeline = FailureTimeline()
    ) -> [ScenarioResult] {
        let tasks: [(scenario: Int, part: Int?)] = policies.indices.flatMap { index -> [(scenario: Int, part: Int?)] in
            // Node pools couple workloads (they share nodes): such replays run whole.
            // So do failures, which pick targets across workloads.
            policies[index].capabilities.decidesPerWorkload && partProfiles.count > 1 && !pricing.modelsNodes
                && failures.failures.isEmpty
                ? partProfiles.indices.map { (index, $0) } : [(index, nil)]
        }
        let slots = TaskSlots<TaskOutput>(count: tasks.count)
        let span = self.span
        let order = Self.startOrder(tasks)
        DispatchQueue.concurrentPerform(iterations: tasks.count) { position in
            let index = order[position]
            let task = tasks[index]
            // A fresh policy per task: policies keep what they learn.
            let policy = policies[task.scenario].make()
            let profile = task.part.map { self.partProfiles[$0] } ?? self.profile
            let engine = ReplayEngine(
                profile: profile, policy: policy, options: options,
                evaluationStart: evaluationStart, span: span, pricing: pricing, failures: failures)
            engine.collectsRecommendations = collectsRecommendations
            let result = engine.run()
            // A part's copy is kept until the merge only for what `absorb` and the notes read.
            if task.part != nil, let policy = policy as? any PartitionablePolicy { policy.dropReplayState() }
            slots.store(index, TaskOutput(result: result, policy: policy))
            // A part's trace shares the whole trace's columns: its samples are its series'.
            progress?.add(profile.trace.series.reduce(0) { $0 + $1.range.count })
        }
        var outputs: [TaskOutput?] = (0..<tasks.count).map { slots.take($0) }
        var results: [ScenarioResult] = []
        for scenario in policies.indices {
            // Each part handed over whole: a part's tables are freed as the merge copies them.
            var parts: [TaskOutput] = []
            for index in tasks.indices where tasks[index].scenario == scenario {
                parts.append(outputs[index]!)
                outputs[index] = nil
            }
            results.append(merge(parts, scenario: policies[scenario], evaluationStart: evaluationStart))
        }
        return results
    }

    /// A scenario's result from the results of its tasks: one whole replay, or its parts merged.
    private func merge(
        _ parts: consuming [TaskOutput], scenario: PolicyFactory, evaluationStart: TraceInstant
    ) -> ScenarioResult {
        if parts.count == 1 { return parts[0].result }
        // One more copy of the policy, prepared with the whole trace, speaks for all parts.
        let whole = scenario.make()
        var context = PolicyContext(
            trace: profile.trace, start: span.start, end: span.end,
            warmupEnd: max(evaluationStart, span.start), reapplyInterval: options.reapplyInterval)
        context.speaksForParts = true
        whole.prepare(context)
        if let whole = whole as? any PartitionablePolicy {
            for (slice, part) in zip(slices, parts) {
                whole.absorb(part.policy, workloadOffset: slice.workloads.lowerBound)
            }
        }
        let results = parts.map(\.result)
        parts = []
        return ScenarioResult(merging: consume results, slices: slices, notes: whole.notes)
    }
}

extension ScenarioRunner {
    /// The order tasks start in: whole-trace replays first, then the parts, each in the given order.
    /// A whole replay is the largest task: started last, it would still be running when the other
    /// cores have no part left to take.
    static func startOrder(_ tasks: [(scenario: Int, part: Int?)]) -> [Int] {
        tasks.indices.filter { tasks[$0].part == nil } + tasks.indices.filter { tasks[$0].part != nil }
    }
}

extension ScenarioResult {
    /// The result of a whole replay from the results of its parts, in workload order. Each part's
    /// per-series tables are freed once copied: the merge never holds every table twice.
    init(merging parts: consuming [ScenarioResult], slices: [TraceSlice], notes: [String]) {
        precondition(parts.count == slices.count && !parts.isEmpty, "\(parts.count) parts for \(slices.count) slices")
        var timeline = parts[0].costTimeline
        var burst: [BurstModelKind: Int] = [:]
        var recommendations: [ContainerRecommendation] = []
        for (part, slice) in zip(parts, slices) {
            precondition(
                part.metrics.count == slice.series.count,
                "part of \(part.metrics.count) series for slice \(slice.series)")
            for (kind, count) in part.burstModelSamples { burst[kind, default: 0] += count }
            recommendations += part.recommendations.map { recommendation in
                var recommendation = recommendation
                recommendation.containerIndex += slice.containers.lowerBound
                return recommendation
            }
        }
        for index in parts.indices.dropFirst() {
            let part = parts[index]
            precondition(
                part.costTimeline.map(\.time) == timeline.map(\.time), "parts with different billing timelines")
            for index in timeline.indices {
                timeline[index].cpuCostUSD += part.costTimeline[index].cpuCostUSD
                timeline[index].memoryCostUSD += part.costTimeline[index].memoryCostUSD
                timeline[index].nodeCostUSD += part.costTimeline[index].nodeCostUSD
                timeline[index].unplacedUSD += part.costTimeline[index].unplacedUSD
            }
        }
        var metrics: [SeriesMetrics] = []
        var finalSettings: [ResourceSettings] = []
        metrics.reserveCapacity(parts.reduce(0) { $0 + $1.metrics.count })
        finalSettings.reserveCapacity(parts.reduce(0) { $0 + $1.finalSettings.count })
        for index in parts.indices {
            metrics += parts[index].metrics
            finalSettings += parts[index].finalSettings
            parts[index].metrics = []
            parts[index].finalSettings = []
        }
        self.init(
            policy: parts[0].policy, metrics: metrics, finalSettings: finalSettings,
            costTimeline: timeline, burstModelSamples: burst,
            settingsChanges: parts.reduce(0) { $0 + $1.settingsChanges },
            evictions: parts.reduce(0) { $0 + $1.evictions },
            resizes: parts.reduce(0) { $0 + $1.resizes }, notes: notes, recommendations: recommendations, capacity: nil,
            incidents: [], failureNotes: parts[0].failureNotes)
    }
}

/// What one task of a run produced: its result and the policy copy that made it.
struct TaskOutput: @unchecked Sendable {
    var result: ScenarioResult
    /// Read only after every task has finished, on the calling thread.
    var policy: any ResourcePolicy
}

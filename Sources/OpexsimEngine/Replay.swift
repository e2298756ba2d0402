import Dispatch
import OpexsimFailures
import OpexsimMetrics
import OpexsimPolicies
import OpexsimPricing
import OpexsimTraces

/// A replay of several scenarios (policies) over one trace, ranked. The recorded settings
/// (`static`) always run as the baseline of savings, listed or not.
public struct Replay: Sendable {
    public let profile: TraceProfile
    public let policies: [PolicySpec]
    /// The policies resolved once (parameters parsed, manifests read).
    public let factories: [PolicyFactory]
    public let pricing: PricingModel
    public let options: ReplayOptions
    /// True when a policy learns from history, so that all scenarios are measured after the warmup.
    public let usesWarmup: Bool
    /// The failures to inject (none when nil).
    public let failures: FailureDocuments?

    /// Monte Carlo runs replayed: `options.runs` when the failures depend on the seed, else one (every
    /// run would be the same).
    public var runs: Int { failures?.isRandom == true ? max(1, options.runs) : 1 }

    /// Resolves the policies (each once) and profiles the trace.
    public init(trace: Trace, policies: [PolicySpec], pricing: PricingModel, options: ReplayOptions,
                failures: FailureDocuments? = nil) throws {
        self.failures = failures
        factories = try policies.map { try PolicyFactory(resolving: $0) }
        let learns = factories.contains { $0.capabilities.learnsFromHistory }
        guard trace.sampleCount > 0 else { throw PolicyError("the trace has no samples to replay") }
        self.profile = TraceProfile(trace)
        self.policies = policies
        self.pricing = pricing
        self.options = options
        self.usesWarmup = learns
        if learns && evaluationStart >= trace.end {
            throw PolicyError("the warmup (\(options.warmup)) covers the whole trace (\(DurationText.format(trace.end - trace.start))): "
                + "nothing is left to evaluate the learning policies on")
        }
    }

    /// The recorded settings: the baseline every scenario is compared with.
    static let recordedSettings = PolicyFactory(spec: PolicySpec(name: "static"), parameters: .recorded, type: StaticPolicy.self)

    /// Start of the evaluation window: the trace start, or the end of the warmup.
    public var evaluationStart: TraceInstant {
        let trace = profile.trace
        guard usesWarmup else { return trace.start }
        return trace.start + options.warmup.length(ofSpan: trace.end - trace.start)
    }

    /// Runs every scenario (on all cores) and ranks them.
    public func run() -> ReplayOutcome {
        let baselineIndex = policies.firstIndex { $0.name == "static" && $0.parameters.isEmpty }
        let specs = baselineIndex == nil ? factories + [Self.recordedSettings] : factories
        let evaluationStart = self.evaluationStart
        let trace = profile.trace
        let runner = ScenarioRunner(profile: profile, options: options, pricing: pricing)
        let window = TimeSpan(start: evaluationStart, end: trace.end)
        // Monte Carlo runs are independent (each resolves its failures from the seed and its number):
        // they share the cores, and only the first keeps its whole results (for the incident timeline).
        let firstRun = TaskSlots<[ScenarioResult]>(count: 1)
        let runSummaries = TaskSlots<[ScenarioSummary]>(count: runs)
        let failures = self.failures
        let seed = options.seed
        DispatchQueue.concurrentPerform(iterations: runs) { run in
            let timeline = failures.map {
                FailureTimeline.resolve($0, trace: trace, start: trace.start, end: trace.end, seed: seed, run: run)
            } ?? FailureTimeline()
            let results = runner.run(specs, evaluationStart: evaluationStart, failures: timeline)
            if run == 0 { firstRun.store(0, results) }
            runSummaries.store(run, results.map { summarize($0, window: window) })
        }
        let raw = firstRun.take(0)
        let perRun = (0..<runs).map { runSummaries.take($0) }
        var summaries = specs.indices.map { scenario in ScenarioSummary.mean(of: perRun.map { $0[scenario] }) }
        for index in summaries.indices { summaries[index].order = index }
        let baseline = summaries[baselineIndex ?? specs.count - 1]
        for index in summaries.indices {
            summaries[index].savingsVsStaticUSD = summaries[index].totalCostUSD - baseline.totalCostUSD
            summaries[index].allocationSavingsVsStaticUSD = summaries[index].allocationCostUSD - baseline.allocationCostUSD
            if let nodes = summaries[index].nodeCostUSD, let baselineNodes = baseline.nodeCostUSD {
                summaries[index].nodeSavingsVsStaticUSD = nodes - baselineNodes
            }
        }
        let listed = Array(summaries.prefix(policies.count))
        return ReplayOutcome(
            profile: profile, evaluationWindow: window, usesWarmup: usesWarmup, options: options,
            scenarios: ScenarioRanking.rank(listed), baseline: baseline,
            results: Array(raw.prefix(policies.count)), failures: failures, runs: runs)
    }

    /// Per container, the RPO and RTO of each namespace restore that brought it back: RTO from the
    /// deletion until the last of its replicas the deletion hit runs again.
    func applyContainerRecovery(_ disasters: [Incident], result: ScenarioResult, to summary: inout ScenarioSummary) {
        guard !disasters.isEmpty else { return }
        let trace = profile.trace
        var index: [String: Int] = [:]
        for (position, c) in summary.containers.enumerated() { index["\(c.namespace)/\(c.workload)/\(c.name)"] = position }
        for incident in disasters {
            // Per container: the latest end of its down spans covering the deletion.
            var back: [Int: TraceInstant] = [:]
            for series in incident.series {
                let container = trace.containers[trace.series[series].containerIndex]
                let key = "\(trace.names[container.namespace])/\(trace.names[container.workload])/\(trace.names[container.container])"
                guard let position = index[key] else { continue }
                let end = result.metrics[series].downSpans.first { $0.start <= incident.time && incident.time < $0.end }?.end ?? incident.time
                back[position] = max(back[position] ?? end, end)
            }
            for (position, end) in back {
                if let rpo = incident.rpoSeconds { summary.containers[position].rpoSeconds = max(summary.containers[position].rpoSeconds ?? 0, rpo) }
                // Not restored, or not back by the end: no RTO.
                guard incident.restore?.backup != nil, incident.recoveredAt != nil else { continue }
                summary.containers[position].rtoSeconds = max(summary.containers[position].rtoSeconds ?? 0, Double(end - incident.time) / 1000)
            }
        }
    }

    func summarize(_ result: ScenarioResult, window: TimeSpan) -> ScenarioSummary {
        let trace = profile.trace
        let paid = result.capacity == nil
            ? result.costTimeline.map { ($0.time, $0.cpuCostUSD + $0.memoryCostUSD) }
            : result.costTimeline.map { ($0.time, $0.nodeCostUSD + $0.unplacedUSD) }
        var summary = ScenarioSummary(
            policy: result.policy.description, trace: trace, coverage: profile.coverage,
            metrics: result.metrics, finalSettings: result.finalSettings, pricing: pricing, window: window, costAt: paid)
        summary.evictions = result.evictions
        let disasters = result.incidents.filter { $0.restore != nil }
        applyContainerRecovery(disasters, result: result, to: &summary)
        if !disasters.isEmpty {
            let points = disasters.compactMap(\.rpoSeconds)
            summary.rpoSeconds = points.count == disasters.count ? points.max() : nil
            let times = disasters.map(\.recoverySeconds)
            summary.rtoSeconds = times.contains(where: { $0 == nil }) ? nil : times.compactMap { $0 }.max()
            summary.volumeBytesLost = disasters.reduce(0) { $0 + ($1.restore?.volumeBytesLost ?? 0) }
        }
        if let capacity = result.capacity {
            let seconds = Double(window.length) / 1000
            summary.apply(capacity: CapacitySummary(
                pools: capacity.pools.map { pool in
                    PoolSummary(
                        name: pool.name, nodeType: pool.nodeType, capacity: pool.capacity.description,
                        nodeHourlyUSD: pool.nodeHourlyUSD, cpuPerCoreHourUSD: pool.cpuPerCoreHourUSD,
                        memoryPerGiBHourUSD: pool.memoryPerGiBHourUSD, meanNodes: pool.meanNodes(over: seconds),
                        minNodes: pool.minNodes, maxNodes: pool.maxNodes, nodeHours: pool.nodeSeconds / 3600,
                        nodeCostUSD: pool.nodeCostUSD, allocatedUSD: pool.allocatedCPUUSD + pool.allocatedMemoryUSD,
                        idleUSD: pool.idleCPUUSD + pool.idleMemoryUSD, timeline: pool.timeline.map { ($0.time, $0.nodes) })
                },
                nodeCostUSD: capacity.nodeCostUSD, idleCPUUSD: capacity.idleCPUUSD, idleMemoryUSD: capacity.idleMemoryUSD,
                sharedIdle: pricing.shareIdle, unplacedAllocatedUSD: capacity.unplacedAllocatedUSD,
                unschedulablePods: capacity.unschedulablePods.map { "\(trace.names[trace.pods[$0].namespace])/\(trace.names[trace.pods[$0].pod])" },
                nodePressureEvictions: capacity.nodePressureEvictions, maxNodesReached: capacity.maxNodesReached), window: window)
        }
        return summary
    }
}

/// The ranked scenarios of a replay with what the report needs to explain them.
public struct ReplayOutcome: Sendable {
    public let profile: TraceProfile
    /// The span every scenario is measured over.
    public let evaluationWindow: TimeSpan
    public let usesWarmup: Bool
    public let options: ReplayOptions
    /// Scenarios in rank order.
    public let scenarios: [ScenarioSummary]
    /// The recorded settings, the reference of savings.
    public let baseline: ScenarioSummary
    /// Raw results in the order the policies were given (of the first run).
    public let results: [ScenarioResult]
    /// The failures injected, and the Monte Carlo runs replayed.
    public var failures: FailureDocuments? = nil
    public var runs = 1
}

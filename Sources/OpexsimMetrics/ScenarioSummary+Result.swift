import OpexsimPricing
import OpexsimTraces

/// What summarizing a scenario's result needs besides the result: the trace and its coverage, the
/// pricing and the evaluation window, the same for every scenario of a replay.
public struct SummaryContext: Sendable {
    public var trace: Trace
    /// Per series, the spans its samples cover (`TraceProfile.coverage`).
    public var coverage: CoverageTable
    public var pricing: PricingModel
    public var window: TimeSpan
    /// Per container: samples recorded at the memory limit or with an OOM kill (censored memory).
    public var censoredMemorySamples: [Int]
    /// Containers the trace recorded no settings for (BestEffort).
    public var bestEffortContainers: Set<Int>

    public init(
        trace: Trace, coverage: CoverageTable, pricing: PricingModel, window: TimeSpan,
        censoredMemorySamples: [Int] = [],
        bestEffortContainers: Set<Int> = []
    ) {
        self.trace = trace
        self.coverage = coverage
        self.pricing = pricing
        self.window = window
        self.censoredMemorySamples = censoredMemorySamples
        self.bestEffortContainers = bestEffortContainers
    }
}

extension ScenarioSummary {
    /// The summary of one run of `scenario`: the result priced and aggregated, with the recovery
    /// from disasters, the node pools, and what the report tells of the run (incidents, the policy's
    /// notes, throttled samples per burst model). The result's per-series tables are freed before
    /// the costs are grouped, when the caller holds no other copy of them.
    public init(scenario: Scenario, result: consuming ScenarioResult, context: SummaryContext) {
        let paid =
            result.capacity == nil
            ? result.costTimeline.map { ($0.time, $0.cpuCostUSD + $0.memoryCostUSD) }
            : result.costTimeline.map { ($0.time, $0.nodeCostUSD + $0.unplacedUSD) }
        self.init(scenario: scenario, pricing: context.pricing.name)
        aggregate(
            trace: context.trace, coverage: context.coverage, metrics: result.metrics,
            finalSettings: result.finalSettings, window: context.window)
        evictions = result.evictions
        inPlaceResizes = result.resizes
        settingsChanges = result.settingsChanges
        incidentTimeline = result.incidents
        policyNotes = result.notes
        burstModelSamples = result.burstModelSamples
        for index in containers.indices {
            let container = containers[index].containerIndex
            containers[index].memoryCensored =
                context.censoredMemorySamples.indices.contains(container)
                && context.censoredMemorySamples[container] > 0
            containers[index].recordedBestEffort = context.bestEffortContainers.contains(container)
        }
        applyDisasters(result.incidents.filter { $0.restore != nil }, result: result, trace: context.trace)
        result.dropSeriesTables()
        computeCosts(window: context.window)
        dailyCostUSD = Self.dailyCost(paid, window: context.window)
        if let capacity = result.capacity {
            apply(
                capacity: CapacitySummary(
                    capacity, trace: context.trace, pricing: context.pricing, window: context.window),
                window: context.window)
        }
    }

    /// RPO, RTO and volume data lost over the namespace deletions, for the scenario and per container.
    mutating func applyDisasters(_ disasters: [Incident], result: ScenarioResult, trace: Trace) {
        guard !disasters.isEmpty else { return }
        applyContainerRecovery(disasters, result: result, trace: trace)
        let points = disasters.compactMap(\.rpoSeconds)
        rpoSeconds = points.count == disasters.count ? points.max() : nil
        let times = disasters.map(\.recoverySeconds)
        rtoSeconds = times.contains(where: { $0 == nil }) ? nil : times.compactMap { $0 }.max()
        volumeBytesLost = disasters.reduce(0) { $0 + ($1.restore?.volumeBytesLost ?? 0) }
    }

    /// Per container, the RPO and RTO of each namespace restore that brought it back: RTO from the
    /// deletion until the last of its replicas the deletion hit runs again.
    mutating func applyContainerRecovery(_ disasters: [Incident], result: ScenarioResult, trace: Trace) {
        var index: [String: Int] = [:]
        for (position, c) in containers.enumerated() { index["\(c.namespace)/\(c.workload)/\(c.name)"] = position }
        for incident in disasters {
            // Per container: the latest end of its down spans covering the deletion.
            var back: [Int: TraceInstant] = [:]
            for series in incident.series {
                let container = trace.containers[trace.series[series].containerIndex]
                let key =
                    "\(trace.names[container.namespaceName])/\(trace.names[container.workloadName])/\(trace.names[container.containerName])"
                guard let position = index[key] else { continue }
                let end =
                    result.metrics[series].downSpans.first { $0.start <= incident.time && incident.time < $0.end }?.end
                    ?? incident.time
                back[position] = max(back[position] ?? end, end)
            }
            for (position, end) in back {
                if let rpo = incident.rpoSeconds {
                    containers[position].rpoSeconds = max(containers[position].rpoSeconds ?? 0, rpo)
                }
                // Not restored, or not back by the end: no RTO.
                guard incident.restore?.backup != nil, incident.recoveredAt != nil else { continue }
                containers[position].rtoSeconds = max(
                    containers[position].rtoSeconds ?? 0, Double(end - incident.time) / 1000)
            }
        }
    }
}

extension CapacitySummary {
    /// The node pools of a result over the evaluation window, for the report.
    init(_ capacity: CapacityOutcome, trace: Trace, pricing: PricingModel, window: TimeSpan) {
        let seconds = Double(window.length) / 1000
        self.init(
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
            unschedulablePods: capacity.unschedulablePods.map {
                "\(trace.names[trace.pods[$0].namespaceName])/\(trace.names[trace.pods[$0].podName])"
            },
            nodePressureEvictions: capacity.nodePressureEvictions, maxNodesReached: capacity.maxNodesReached)
    }
}

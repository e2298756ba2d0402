import OpexsimTraces

/// `percentile`: requests at a percentile of the usage observed so far, pooled over all replicas of
/// a container, plus a margin; limits by a `LimitRule`. Learned walk-forward: applied at the end of
/// the warmup, and re-learned at every reapply interval when one is given.
///
/// Parameters: `cpu` (percentile, default 95), `memory` (default 100, the peak), `margin` (fraction
/// added, default 0.15), `limit` (both limits), `cpu-limit` and `memory-limit` (default
/// `proportional`), `window` (history used, default all), `min-cpu` (default 10m), `min-memory`
/// (default 20Mi). CPU is rounded up to whole millicores and memory up to whole MiB.
public final class PercentilePolicy: CataloguedPolicy, LearningPolicy, PartitionablePolicy {
    public let spec: PolicySpec
    public let parameters: Parameters

    /// What a `percentile` spec sets.
    public struct Parameters: Sendable, Equatable {
        public var cpuPercentile: Double
        public var memoryPercentile: Double
        public var margin: Double
        public var cpuLimitRule: LimitRule
        public var memoryLimitRule: LimitRule
        public var window: Int64?
        public var minimumCPU: Double
        public var minimumMemory: Double
    }

    public static let parameterNames = [
        "cpu", "memory", "margin", "limit", "cpu-limit", "memory-limit", "window", "min-cpu", "min-memory",
    ]

    /// Observations of one container, in arrival order; times only when a window needs them.
    struct History {
        var time: [TraceInstant] = []
        var cpu: [Double] = []
        var memoryTime: [TraceInstant] = []
        var memory: [Double] = []
    }

    private var histories: [History] = []
    private var context: PolicyContext?

    public init(spec: PolicySpec, parameters: Parameters) {
        self.spec = spec
        self.parameters = parameters
    }

    public static func parameters(of spec: PolicySpec) throws -> Parameters {
        let cpu = try spec.number("cpu", default: 95, in: 0...100)
        let memory = try spec.number("memory", default: 100, in: 0...100)
        let margin = try spec.number("margin", default: 0.15, in: 0...10)
        let both =
            try spec["limit"].map { try LimitRule(parsing: $0, key: "policy percentile: limit") } ?? .proportional
        return Parameters(
            cpuPercentile: cpu, memoryPercentile: memory, margin: margin,
            cpuLimitRule: try spec["cpu-limit"].map { try LimitRule(parsing: $0, key: "policy percentile: cpu-limit") }
                ?? both,
            memoryLimitRule: try spec["memory-limit"].map {
                try LimitRule(parsing: $0, key: "policy percentile: memory-limit")
            } ?? both,
            window: try spec.duration("window", default: nil),
            minimumCPU: try spec.quantity("min-cpu", default: 0.01, cores: true)!,
            minimumMemory: try spec.quantity("min-memory", default: 20 * 1_048_576, cores: false)!)
    }

    /// The containers' histories: nothing of them is read after the replay.
    public func dropReplayState() { histories = [] }

    public func prepare(_ context: PolicyContext) {
        self.context = context
        histories = Array(repeating: History(), count: context.speaksForParts ? 0 : context.trace.containers.count)
    }

    public func nextTick(after time: TraceInstant) -> TraceInstant? {
        context?.learningTick(after: time)
    }

    /// Learned for its ticks alone: nothing else reads what it observed during the replay.
    public var learnsOnlyForTicks: Bool { true }

    public func observe(_ batch: ObservationBatch) {
        var history = histories[batch.containerIndex]
        histories[batch.containerIndex] = History()
        let timed = parameters.window != nil
        for i in 0..<batch.time.count {
            let cpu = batch.cpu[i]
            if !cpu.isNaN {
                if timed { history.time.append(batch.time[i]) }
                history.cpu.append(cpu)
            }
            let memory = batch.memory[i]
            if !memory.isNaN {
                if timed { history.memoryTime.append(batch.time[i]) }
                history.memory.append(memory)
            }
        }
        histories[batch.containerIndex] = history
    }

    public func record(_ event: ContainerEvent) {}

    /// The percentile of the values observed after `since`.
    private func percentile(_ values: [Double], times: [TraceInstant], since: TraceInstant?, _ level: Double) -> Double?
    {
        guard let since else { return Percentile.of(values, percentile: level) }
        // Times arrive in order per series but series interleave: filter, do not bisect.
        var selected: [Double] = []
        for (value, time) in zip(values, times) where time > since { selected.append(value) }
        return Percentile.of(selected, percentile: level)
    }

    /// The learned settings of a container at `time`, or nil when nothing was observed yet.
    func learned(container: Int, at time: TraceInstant, recorded: ResourceSettings) -> (
        SettingsOverride, ResourceAmounts
    )? {
        let history = histories[container]
        let since = parameters.window.map { time - $0 }
        let cpu = learn(
            history.cpu, times: history.time, since: since, percentile: parameters.cpuPercentile,
            minimum: parameters.minimumCPU,
            rule: parameters.cpuLimitRule, recordedRequest: recorded.effectiveCPURequestIfSet,
            recordedLimit: recorded.cpuLimit,
            round: Self.roundCPU)
        let memory = learn(
            history.memory, times: history.memoryTime, since: since, percentile: parameters.memoryPercentile,
            minimum: parameters.minimumMemory, rule: parameters.memoryLimitRule,
            recordedRequest: recorded.effectiveMemoryRequestIfSet,
            recordedLimit: recorded.memoryLimit, round: Self.roundMemory)
        guard cpu != nil || memory != nil else { return nil }
        var override = SettingsOverride.recorded
        if let cpu { (override.cpuRequest, override.cpuLimit) = (.value(cpu.request), cpu.limit) }
        if let memory { (override.memoryRequest, override.memoryLimit) = (.value(memory.request), memory.limit) }
        return (override, ResourceAmounts(cpuCores: cpu?.request, memoryBytes: memory?.request))
    }

    /// One resource's request (percentile plus margin, at least `minimum`, rounded up) and limit,
    /// or nil when nothing was observed.
    private func learn(
        _ values: [Double], times: [TraceInstant], since: TraceInstant?, percentile level: Double, minimum: Double,
        rule: LimitRule, recordedRequest: Double?, recordedLimit: Double?,
        round: (Double) -> Double
    ) -> (request: Double, limit: SettingsOverride.Field)? {
        guard let base = percentile(values, times: times, since: since, level) else { return nil }
        let request = round(max(base * (1 + parameters.margin), minimum))
        var percentileLimit: Double?
        if case .percentile(let limitLevel) = rule {
            percentileLimit = percentile(values, times: times, since: since, limitLevel).map {
                round($0 * (1 + parameters.margin))
            }
        }
        var limit = rule.limit(
            newRequest: request, recordedRequest: recordedRequest, recordedLimit: recordedLimit,
            percentileValue: percentileLimit)
        if case .value(let value) = limit { limit = .value(round(value)) }
        return (request, limit)
    }

    /// Whole millicores, rounded up.
    static func roundCPU(_ cores: Double) -> Double { (cores * 1000 - 1e-9).rounded(.up) / 1000 }
    /// Whole MiB, rounded up.
    static func roundMemory(_ bytes: Double) -> Double { (bytes / 1_048_576 - 1e-9).rounded(.up) * 1_048_576 }

    public func tick(at time: TraceInstant, cluster: any ClusterView) -> [PolicyAction] {
        cluster.trace.containers.indices.compactMap { container in
            learned(container: container, at: time, recorded: cluster.recordedSettings(ofContainer: container))
                .map { .apply(container: container, $0.0) }
        }
    }

    public func recommendations(at time: TraceInstant, cluster: any ClusterView) -> [ContainerRecommendation] {
        cluster.trace.containers.indices.map { container in
            let recorded = cluster.recordedSettings(ofContainer: container)
            guard let (override, target) = learned(container: container, at: time, recorded: recorded) else {
                return ContainerRecommendation(
                    containerIndex: container, target: ResourceAmounts(cpuCores: nil, memoryBytes: nil),
                    settings: recorded)
            }
            return ContainerRecommendation(
                containerIndex: container, target: target, settings: override.applied(to: recorded))
        }
    }
}

extension ResourceSettings {
    /// The CPU request, or the limit Kubernetes defaults it to; nil when neither is set.
    public var effectiveCPURequestIfSet: Double? { cpuRequest ?? cpuLimit }
    /// The memory request, or the limit Kubernetes defaults it to; nil when neither is set.
    public var effectiveMemoryRequestIfSet: Double? { memoryRequest ?? memoryLimit }
}

import OpexsimTraces

/// What the Robusta KRR strategies share (`krr-simple`, `krr-simple-limit`): a flat history window,
/// memory request = limit at the peak working set plus a buffer, the points-required check, and
/// KRR's rounding (CPU up to whole millicores, memory up to whole MiB, then the floors). The CPU
/// request and limit come from a `KRRCPURule`.
///
/// KRR reports once; here it is learned walk-forward like `percentile`: applied at the end of the
/// warmup and re-learned at every reapply interval. A pod is a series of the trace; its samples
/// stand in for KRR's 75 s query steps (`timeframe_duration` is not emulated, so
/// `points_required` counts the trace's samples), and the CPU it was served for the rate of
/// `container_cpu_usage_seconds_total`. A resource with fewer samples than `points_required`
/// keeps its recorded settings ("Not enough data"; its target is nil). HPAs are not in traces, so
/// `allow_hpa` has no counterpart.
public class KRRPolicy: LearningPolicy, PartitionablePolicy {
    public let spec: PolicySpec
    public let settings: KRRSettings
    public let cpuRule: KRRCPURule

    private var context: PolicyContext?
    /// Per series of the trace.
    private var pods: [KRRPodSamples] = []
    /// Per container of the trace.
    private var oomKills: [[KRROOMKill]] = []
    /// The settings last applied per container, to tell when a rollout replaced its pods.
    private var applied: [SettingsOverride?] = []

    /// What a KRR spec sets: the shared settings and the strategy's CPU rule.
    public struct Parameters: Sendable, Equatable {
        public var settings: KRRSettings
        public var cpuRule: KRRCPURule
    }

    init(spec: PolicySpec, parameters: Parameters) {
        self.spec = spec
        settings = parameters.settings
        cpuRule = parameters.cpuRule
    }

    /// The pods' samples, OOM kills and applied settings: nothing of them is read after the replay.
    public func dropReplayState() { (pods, oomKills, applied) = ([], [], []) }

    public func prepare(_ context: PolicyContext) {
        self.context = context
        // A copy that only speaks for parts replayed apart keeps nothing per series or container.
        let (series, containers) =
            context.speaksForParts ? (0, 0) : (context.trace.series.count, context.trace.containers.count)
        pods = Array(repeating: KRRPodSamples(), count: series)
        oomKills = Array(repeating: [], count: containers)
        applied = Array(repeating: nil, count: containers)
    }

    public func nextTick(after time: TraceInstant) -> TraceInstant? {
        context?.learningTick(after: time)
    }

    /// Learned for its ticks alone: nothing else reads what it observed during the replay.
    public var learnsOnlyForTicks: Bool { true }

    public func observe(_ batch: ObservationBatch) {
        var pod = pods[batch.series]
        pods[batch.series] = KRRPodSamples()
        for i in 0..<batch.time.count {
            let time = batch.time[i]
            pod.lastSeen = time
            if !batch.cpu[i].isNaN {
                pod.cpuTime.append(time)
                pod.cpu.append(batch.cpu[i])
            }
            if !batch.memory[i].isNaN {
                pod.memoryTime.append(time)
                pod.memory.append(batch.memory[i])
            }
        }
        pods[batch.series] = pod
    }

    public func record(_ event: ContainerEvent) {
        guard case .oomKilled(let series, let time, _, let limit?, _) = event, let context else { return }
        let container = context.trace.series[series].containerIndex
        oomKills[container].append(KRROOMKill(series: series, time: time, memoryLimit: limit))
    }

    /// The limits of the OOM kills KRR's query would see in the window after `since`: those whose
    /// killed pod lived into the window.
    private func oomKillLimits(container: Int, after since: TraceInstant) -> [Double] {
        oomKills[container].compactMap { kill in
            let gone = kill.replacedAt ?? max(kill.time, pods[kill.series].lastSeen)
            return gone > since ? kill.memoryLimit : nil
        }
    }

    /// The settings KRR recommends for a container at `time`, with the requests; nil when neither
    /// resource has enough data.
    func learned(container: Int, at time: TraceInstant, trace: Trace) -> (SettingsOverride, ResourceAmounts)? {
        let since = time - settings.history
        let series = trace.containers[container].series
        var override = SettingsOverride.recorded
        var target = ResourceAmounts(cpuCores: nil, memoryBytes: nil)

        let cpu = series.map { pods[$0].cpu(after: since) }
        if cpu.reduce(0, { $0 + $1.count }) >= settings.pointsRequired, let proposal = cpuRule.proposal(pods: cpu) {
            let request = max(PercentilePolicy.roundCPU(proposal.request), settings.minimumCPU)
            override.cpuRequest = .value(request)
            override.cpuLimit =
                proposal.limit.map { .value(max(PercentilePolicy.roundCPU($0), settings.minimumCPU)) } ?? .unset
            target.cpuCores = request
        }

        let memory = series.map { pods[$0].memory(after: since) }
        if memory.reduce(0, { $0 + $1.count }) >= settings.pointsRequired,
            let proposal = settings.memoryProposal(
                podPeaks: memory.compactMap { $0.max() },
                oomKillLimits: oomKillLimits(container: container, after: since))
        {
            let value = max(PercentilePolicy.roundMemory(proposal), settings.minimumMemory)
            (override.memoryRequest, override.memoryLimit) = (.value(value), .value(value))
            target.memoryBytes = value
        }
        return override == .recorded ? nil : (override, target)
    }

    public func tick(at time: TraceInstant, cluster: any ClusterView) -> [PolicyAction] {
        let trace = cluster.trace
        var actions: [PolicyAction] = []
        for container in trace.containers.indices {
            guard let (override, _) = learned(container: container, at: time, trace: trace) else { continue }
            actions.append(.apply(container: container, override))
            if applied[container] != override {
                // The rollout replaces the pods, and with them their last terminated reason.
                applied[container] = override
                for index in oomKills[container].indices where oomKills[container][index].replacedAt == nil {
                    oomKills[container][index].replacedAt = time
                }
            }
        }
        // Later ticks look at later windows: older samples are not needed again.
        let since = time - settings.history
        for series in pods.indices { pods[series].forget(through: since) }
        return actions
    }

    public func recommendations(at time: TraceInstant, cluster: any ClusterView) -> [ContainerRecommendation] {
        cluster.trace.containers.indices.map { container in
            let recorded = cluster.recordedSettings(ofContainer: container)
            guard let (override, target) = learned(container: container, at: time, trace: cluster.trace) else {
                return ContainerRecommendation(
                    containerIndex: container, target: ResourceAmounts(cpuCores: nil, memoryBytes: nil),
                    settings: recorded)
            }
            return ContainerRecommendation(
                containerIndex: container, target: target, settings: override.applied(to: recorded))
        }
    }
}

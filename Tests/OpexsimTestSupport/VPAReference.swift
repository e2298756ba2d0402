import OpexsimEngine
import OpexsimPolicies
import OpexsimTraces

/// A policy that keeps the recorded settings and learns what the VPA recommender would, twice: through
/// the replay's `VPARecommender` (with its cadence mapping), and the upstream way as a reference: every
/// CPU sample of each series goes straight into its container's aggregate, added when it starts after
/// that series' last added sample (`ContainerState.addCPUSample`, docs/vpa.md section 4), memory and
/// OOM kills as the recommender takes them.
public final class VPAReferenceProbe: LearningPolicy {
    public let spec = PolicySpec(name: "vpa-reference")
    public let parameters: VPARecommenderParameters
    /// The recommender as the replay runs it.
    public private(set) var replayed: VPARecommender?
    /// The reference: one aggregate per container, one state per series.
    public private(set) var aggregates: [VPAAggregateState] = []
    private var states: [VPAContainerState] = []
    private var containersInPod: [Int] = []
    private var seriesContainer: [Int] = []
    /// CPU samples the reference added.
    public private(set) var referenceSamples = 0

    public init(parameters: VPARecommenderParameters = VPARecommenderParameters()) {
        self.parameters = parameters
    }

    public func prepare(_ context: PolicyContext) {
        let trace = context.trace
        replayed = VPARecommender(trace: trace, start: context.start, parameters: parameters) { _ in true }
        aggregates = Array(
            repeating: VPAAggregateState(parameters: parameters, creationTime: context.start),
            count: trace.containers.count)
        states = Array(repeating: VPAContainerState(), count: trace.series.count)
        seriesContainer = trace.series.map(\.containerIndex)
        containersInPod = trace.containers.map { max(1, trace.workloads[$0.workloadIndex].containers.count) }
    }

    public func nextTick(after time: TraceInstant) -> TraceInstant? { nil }

    public func tick(at time: TraceInstant, cluster: any ClusterView) -> [PolicyAction] { [] }

    public func recommendations(at time: TraceInstant, cluster: any ClusterView) -> [ContainerRecommendation] { [] }

    public func observe(_ batch: ObservationBatch) {
        replayed?.observe(batch)
        let series = batch.series, container = batch.containerIndex
        for i in 0..<batch.time.count {
            let cpu = batch.cpu[i]
            if !cpu.isNaN
                && states[series].addCPUSample(
                    start: batch.start[i], cores: cpu, request: batch.cpuRequest > 0 ? batch.cpuRequest : nil,
                    into: &aggregates[container])
            {
                referenceSamples += 1
            }
            if !batch.memory[i].isNaN {
                states[series].addMemorySample(
                    start: batch.start[i], bytes: batch.memory[i], into: &aggregates[container])
            }
        }
    }

    public func record(_ event: ContainerEvent) {
        guard case .oomKilled(let series, let time, let request, _, _) = event, let replayed else { return }
        let container = seriesContainer[series]
        replayed.recordOOM(series: series, container: container, at: time, memoryRequest: request)
        states[series].recordOOM(time: time, memoryRequest: request ?? 0, into: &aggregates[container])
    }

    /// The reference's estimate for a container.
    public func referenceEstimate(container: Int) -> VPAEstimate? {
        VPAEstimator.estimate(
            aggregate: aggregates[container], containersInPod: containersInPod[container], parameters: parameters)
    }

    /// The replay recommender's estimate for a container, as last published.
    public func replayedEstimate(container: Int) -> VPAEstimate? {
        replayed?.publish()
        return replayed?.estimate(of: container)
    }

    /// Replays `trace` under the recorded settings with a probe learning from the whole of it, as
    /// `opexsim recommend` does.
    public static func run(_ trace: Trace, options: ReplayOptions = ReplayOptions()) -> VPAReferenceProbe {
        let probe = VPAReferenceProbe()
        let engine = ReplayEngine(
            profile: TraceProfile(trace), policy: probe, options: options, evaluationStart: trace.end)
        _ = engine.run()
        return probe
    }
}

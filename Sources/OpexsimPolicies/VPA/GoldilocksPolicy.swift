import OpexsimTraces

/// Fairwinds Goldilocks: a VPA in `Off` mode per workload whose recommendation a user applies
/// (`docs/faq.md`). `goldilocks-guaranteed` sets request = limit = the VPA target; `goldilocks-burstable`
/// sets the request to the lower bound and the limit to the upper bound (which inherits the VPA's
/// confidence inflation early on). Learned walk-forward: the VPA recommender learns from the start,
/// and the recommendation is applied at the end of the warmup and at every reapply interval.
/// Parameters: `margin` (0.15), `half-life` (24h), `cpu-weighting` (`constant` or `request`).
public final class GoldilocksPolicy: CataloguedPolicy, LearningPolicy, PartitionablePolicy {
    public enum QoS: Sendable, Equatable { case guaranteed, burstable }

    public let spec: PolicySpec
    public let parameters: Parameters
    private var recommender: VPARecommender?
    private var context: PolicyContext?

    /// What a `goldilocks-*` spec sets: the QoS class from the name, the recommender from the parameters.
    public struct Parameters: Sendable, Equatable {
        public var qos: QoS
        public var recommender: VPARecommenderParameters
    }

    public static let parameterNames = ["margin", "half-life", "cpu-weighting"]

    public init(spec: PolicySpec, parameters: Parameters) {
        self.spec = spec
        self.parameters = parameters
    }

    public static func parameters(of spec: PolicySpec) throws -> Parameters {
        var parameters = VPARecommenderParameters()
        parameters.safetyMarginFraction = try spec.number(
            "margin", default: parameters.safetyMarginFraction, in: 0...10)
        if let halfLife = try spec.duration("half-life", default: nil) {
            parameters.cpuHistogramDecayHalfLife = halfLife
            parameters.memoryHistogramDecayHalfLife = halfLife
        }
        if let weighting = spec["cpu-weighting"] {
            guard ["constant", "request"].contains(weighting.lowercased()) else {
                throw PolicyError(
                    "policy \(spec.name): cpu-weighting must be constant or request, found \"\(weighting)\"")
            }
            parameters.cpuWeighting = weighting.lowercased() == "request" ? .request : .constant
        }
        return Parameters(qos: spec.name == "goldilocks-burstable" ? .burstable : .guaranteed, recommender: parameters)
    }

    /// The recommender's tables: nothing of them is read after the replay.
    public func dropReplayState() { recommender = nil }

    public func prepare(_ context: PolicyContext) {
        self.context = context
        recommender = VPARecommender(
            trace: context.trace, start: context.start, parameters: parameters.recommender,
            tables: !context.speaksForParts
        ) { _ in true }
    }

    public func nextTick(after time: TraceInstant) -> TraceInstant? {
        context?.learningTick(after: time)
    }

    /// Learned for its ticks alone: nothing else reads what it observed during the replay.
    public var learnsOnlyForTicks: Bool { true }

    public func observe(_ batch: ObservationBatch) { recommender?.observe(batch) }

    public func record(_ event: ContainerEvent) {
        guard case .oomKilled(let series, let time, let request, _, _) = event, let context else { return }
        recommender?.recordOOM(
            series: series, container: context.trace.series[series].containerIndex, at: time, memoryRequest: request)
    }

    /// The settings Goldilocks shows for a container, or nil without a recommendation.
    func settings(container: Int) -> (SettingsOverride, VPAEstimate)? {
        guard let estimate = recommender?.estimate(of: container) else { return nil }
        switch parameters.qos {
        case .guaranteed:
            let cpu = estimate.target.cpuCores, memory = Double(estimate.target.memoryBytes)
            return (
                SettingsOverride(
                    cpuRequest: .value(cpu), cpuLimit: .value(cpu), memoryRequest: .value(memory),
                    memoryLimit: .value(memory)), estimate
            )
        case .burstable:
            return (
                SettingsOverride(
                    cpuRequest: .value(estimate.lowerBound.cpuCores), cpuLimit: .value(estimate.upperBound.cpuCores),
                    memoryRequest: .value(Double(estimate.lowerBound.memoryBytes)),
                    memoryLimit: .value(Double(estimate.upperBound.memoryBytes))), estimate
            )
        }
    }

    public func tick(at time: TraceInstant, cluster: any ClusterView) -> [PolicyAction] {
        recommender?.publish()
        return cluster.trace.containers.indices.compactMap { container in
            settings(container: container).map { .apply(container: container, $0.0) }
        }
    }

    public func recommendations(at time: TraceInstant, cluster: any ClusterView) -> [ContainerRecommendation] {
        recommender?.publish()
        return cluster.trace.containers.indices.map { container in
            let recorded = cluster.trace.finalRecordedSettings(ofContainer: container)
            guard let (override, estimate) = settings(container: container) else {
                return ContainerRecommendation(
                    containerIndex: container, target: ResourceAmounts(cpuCores: nil, memoryBytes: nil),
                    settings: recorded)
            }
            return ContainerRecommendation(
                containerIndex: container, target: estimate.target.resourceAmounts,
                lowerBound: estimate.lowerBound.resourceAmounts,
                upperBound: estimate.upperBound.resourceAmounts, settings: override.applied(to: recorded))
        }
    }
}

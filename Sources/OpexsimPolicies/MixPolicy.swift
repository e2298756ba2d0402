import OpexsimTraces

/// The per-workload mix: each workload follows the policy chosen for it. Every chosen policy runs as
/// its own copy over the whole replay; its decisions (and recommendations) count only for the
/// workloads it was chosen for, and it sees the samples and events of those workloads only.
public final class MixPolicy: LearningPolicy, AdmittingPolicy, NamespaceEventObserver {
    public let spec: PolicySpec
    let children: [any ResourcePolicy]
    /// Per workload (`Trace.workloads` index), the index of its policy in `children`.
    let owner: [Int]
    /// Per series and per pod, the index of its policy (set in `prepare`).
    var seriesOwner: [Int] = []
    var podOwner: [Int] = []
    var containerOwner: [Int] = []
    /// Each child's next tick, nil when it must be asked again.
    var due: [TraceInstant?]

    /// A mix of `children`, workload `w` following `children[owner[w]]`.
    public init(spec: PolicySpec = PolicySpec(name: "mix"), children: [any ResourcePolicy], owner: [Int]) {
        self.spec = spec
        self.children = children
        self.owner = owner
        due = Array(repeating: nil, count: children.count)
    }

    public func prepare(_ context: PolicyContext) {
        let trace = context.trace
        seriesOwner = trace.series.map { owner[$0.workloadIndex] }
        podOwner = trace.pods.map { owner[$0.workloadIndex] }
        containerOwner = trace.containers.map { owner[$0.workloadIndex] }
        for child in children { child.prepare(context) }
    }

    public func nextTick(after time: TraceInstant) -> TraceInstant? {
        var next: TraceInstant?
        for (i, child) in children.enumerated() {
            if due[i].map({ $0 <= time }) ?? true { due[i] = child.nextTick(after: time) }
            if let tick = due[i], next.map({ tick < $0 }) ?? true { next = tick }
        }
        return next
    }

    public func tick(at time: TraceInstant, cluster: any ClusterView) -> [PolicyAction] {
        var actions: [PolicyAction] = []
        for (i, child) in children.enumerated() where due[i] == time {
            due[i] = nil
            actions += child.tick(at: time, cluster: cluster).filter { owns(i, $0) }
        }
        return actions
    }

    func owns(_ child: Int, _ action: PolicyAction) -> Bool {
        switch action {
        case .apply(let container, _): containerOwner[container] == child
        case .evict(let pod): podOwner[pod] == child
        case .resize(let series, _): seriesOwner[series] == child
        }
    }

    public func recommendations(at time: TraceInstant, cluster: any ClusterView) -> [ContainerRecommendation] {
        children.enumerated().flatMap { i, child in
            child.recommendations(at: time, cluster: cluster).filter { containerOwner[$0.containerIndex] == i }
        }
    }

    public var notes: [String] {
        children.flatMap { child in child.notes.map { "`\(child.spec.description)`: \($0)" } }
    }

    /// When every policy it mixes learns for its ticks alone.
    public var learnsOnlyForTicks: Bool {
        children.allSatisfy { ($0 as? any LearningPolicy)?.learnsOnlyForTicks ?? true }
    }

    public func observe(_ batch: ObservationBatch) {
        (children[seriesOwner[batch.series]] as? any LearningPolicy)?.observe(batch)
    }

    public func record(_ event: ContainerEvent) {
        let series: Int
        switch event {
        case .oomKilled(let s, _, _, _, _): series = s
        case .restarted(let s, _): series = s
        }
        (children[seriesOwner[series]] as? any LearningPolicy)?.record(event)
    }

    public var admitsPods: Bool { children.contains { ($0 as? any AdmittingPolicy)?.admitsPods == true } }

    public func admit(series: Int, at time: TraceInstant, cluster: any ClusterView) -> SettingsOverride? {
        guard let child = children[seriesOwner[series]] as? any AdmittingPolicy, child.admitsPods else { return nil }
        return child.admit(series: series, at: time, cluster: cluster)
    }

    public func record(namespace event: NamespaceEvent) {
        for child in children { (child as? any NamespaceEventObserver)?.record(namespace: event) }
    }
}

extension PolicyFactory {
    /// The factory of a per-workload mix: workload `w` follows a fresh copy of `children[owner[w]]`.
    public static func mix(_ children: [PolicyFactory], owner: [Int], spec: PolicySpec = PolicySpec(name: "mix"))
        -> PolicyFactory
    {
        let capabilities = PolicyCapabilities(
            learnsFromHistory: children.contains { $0.capabilities.learnsFromHistory }, decidesPerWorkload: false,
            writesVPAObjects: false)
        return PolicyFactory(spec: spec, capabilities: capabilities) {
            MixPolicy(spec: spec, children: children.map { $0.make() }, owner: owner)
        }
    }
}

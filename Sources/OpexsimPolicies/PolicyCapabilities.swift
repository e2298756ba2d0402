import OpexsimTraces

/// A policy that learns from history: the engine passes it every sample a replayed container saw
/// and what happened to containers, in time order. Such policies get a warmup under the recorded
/// settings before they act (`PolicyContext.warmupEnd`).
public protocol LearningPolicy: ResourcePolicy {
    /// Samples of one series as the replayed container saw them, in time order.
    func observe(_ batch: ObservationBatch)
    /// Something that happened to a replayed container.
    func record(_ event: ContainerEvent)
    /// True when what the policy learns matters only to its own ticks (not to its notes or
    /// admissions): once it has no tick left, and no recommendations are asked of it at the end,
    /// the replay stops handing it samples. False unless a policy says so.
    var learnsOnlyForTicks: Bool { get }
}

extension LearningPolicy {
    public var learnsOnlyForTicks: Bool { false }
}

/// A policy that sets the resources of pods as they are created (an admission webhook).
public protocol AdmittingPolicy: ResourcePolicy {
    /// True when this replay needs the admission calls (known once the policy is prepared).
    var admitsPods: Bool { get }
    /// The settings of a container of a pod being created (its first sample, or its replacement after
    /// an eviction); nil keeps the container-level settings. Called only when `admitsPods`.
    func admit(series: Int, at time: TraceInstant, cluster: any ClusterView) -> SettingsOverride?
}

/// A policy that keeps state in the cluster's namespaces (the VPA's checkpoints) and so reacts to a
/// namespace's backup, deletion and restore.
public protocol NamespaceEventObserver: ResourcePolicy {
    /// Something that happened to a whole namespace.
    func record(namespace event: NamespaceEvent)
}

/// A policy that decides for each workload from that workload's own samples and events only, so
/// that groups of workloads can be replayed apart (on several cores) with the same outcome, each by
/// its own copy of the policy.
public protocol PartitionablePolicy: ResourcePolicy {
    /// Folds in what a copy of this policy saw replaying a part of the trace (see `Trace.part(_:)`)
    /// whose workloads start at `workloadOffset`, so that `notes` speaks for the whole replay.
    /// Called on a copy prepared with the whole trace, for each part in workload order.
    func absorb(_ part: any ResourcePolicy, workloadOffset: Int)
    /// Called on a copy once it has replayed its part (its result made, its recommendations
    /// given): frees what only the replay needed. `absorb` and `notes` still read the rest, and
    /// the copies of every part are kept until the parts are merged.
    func dropReplayState()
}

extension PartitionablePolicy {
    /// Nothing to fold in: the notes do not depend on what the parts saw.
    public func absorb(_ part: any ResourcePolicy, workloadOffset: Int) {}

    /// Nothing held beyond what `notes` reads.
    public func dropReplayState() {}
}

/// What a kind of policy can do, known before any replay.
public struct PolicyCapabilities: Sendable, Equatable {
    /// It learns from history (`LearningPolicy`), so scenarios are measured after a warmup.
    public var learnsFromHistory: Bool
    /// It decides per workload (`PartitionablePolicy`).
    public var decidesPerWorkload: Bool
    /// It stands for VerticalPodAutoscaler objects that `recommend --format yaml` can write.
    public var writesVPAObjects: Bool

    public init(learnsFromHistory: Bool, decidesPerWorkload: Bool, writesVPAObjects: Bool) {
        self.learnsFromHistory = learnsFromHistory
        self.decidesPerWorkload = decidesPerWorkload
        self.writesVPAObjects = writesVPAObjects
    }

    /// The capabilities of a policy type, from the protocols it conforms to.
    public init<Policy: ResourcePolicy>(of type: Policy.Type, writesVPAObjects: Bool = false) {
        self.init(
            learnsFromHistory: type is any LearningPolicy.Type,
            decidesPerWorkload: type is any PartitionablePolicy.Type,
            writesVPAObjects: writesVPAObjects)
    }
}

/// A policy whose ticks change nothing until it learns something new (a sample, an event, an
/// admission) or a time it knows of comes: the replay skips those ticks. Skipping must be
/// invisible: a tick skipped would have returned no actions and changed no state.
public protocol QuietTickingPolicy: ResourcePolicy {
    /// After the tick at `time`: the earliest time at which a tick could act if nothing new is
    /// learnt before it; `time` or earlier when the next tick may act, `.max` for never.
    func quietUntil(after time: TraceInstant) -> TraceInstant

    /// After the tick at `time`, once the replay knows when the next one comes (nil: none before the
    /// replay ends; a later event may still bring it forward, never push it back).
    func ticked(at time: TraceInstant, next: TraceInstant?)
}

extension QuietTickingPolicy {
    public func ticked(at time: TraceInstant, next: TraceInstant?) {}
}

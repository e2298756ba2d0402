import OpexsimTraces

/// A request/limit policy replayed against a trace. Every policy follows one walk-forward protocol:
/// the engine shows it only what has happened so far, asks it for decisions at the ticks it
/// schedules, and applies them from then on.
///
/// This is the core every policy has. What only some policies do is a capability of its own:
/// learning from the replay (`LearningPolicy`), setting the resources of pods as they are created
/// (`AdmittingPolicy`), reacting to namespace backups, deletions and restores
/// (`NamespaceEventObserver`), and deciding per workload so that parts of a trace can replay apart
/// (`PartitionablePolicy`).
public protocol ResourcePolicy: AnyObject {
    /// The policy as the user wrote it; its description labels the scenario.
    var spec: PolicySpec { get }
    /// Called once before the replay.
    func prepare(_ context: PolicyContext)
    /// The first instant after `time` at which the policy wants `tick`, or nil for none.
    func nextTick(after time: TraceInstant) -> TraceInstant?
    /// Decisions at a tick; all series have been replayed up to `time`.
    func tick(at time: TraceInstant, cluster: any ClusterView) -> [PolicyAction]
    /// What the policy would recommend now, per container of the trace.
    func recommendations(at time: TraceInstant, cluster: any ClusterView) -> [ContainerRecommendation]
    /// What the report should say about how the policy behaved (after the replay).
    var notes: [String] { get }
}

extension ResourcePolicy {
    public var notes: [String] { [] }
}

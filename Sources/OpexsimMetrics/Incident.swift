import OpexsimFailures
import OpexsimTraces

/// One injected failure as the replay lived it: what it hit, when, and when everything it took down
/// was running again.
public struct Incident: Sendable, Equatable {
    /// The experiment or plan entry.
    public var name: String
    /// `pod-kill`, `pod-failure`, `container-kill`, `stress`, `node-loss`, `namespace-deletion`.
    public var kind: String
    public var time: TraceInstant
    /// What it hit: `namespace/pod` names, `namespace/pod/container` for container-level failures,
    /// `node/NAME`, or the namespace.
    public var targets: [String]
    /// Series taken down (`Trace.series` indices).
    public var series: [Int]
    /// When the last of them was running again; nil when some never came back before the trace ended;
    /// the time itself for failures that take nothing down (stress).
    public var recoveredAt: TraceInstant?
    /// Namespace deletion: the restore, with its recovery point.
    public var restore: RestorePlan?

    /// Recovery time: from the failure until everything it took down runs again.
    public var recoverySeconds: Double? { recoveredAt.map { Double($0 - time) / 1000 } }
    /// Recovery point objective met by the backup: the state lost, seconds.
    public var rpoSeconds: Double? { restore?.recoveryPoint(deletedAt: time).map { Double($0) / 1000 } }

    public init(
        name: String, kind: String, time: TraceInstant, targets: [String], series: [Int], recoveredAt: TraceInstant?,
        restore: RestorePlan?
    ) {
        self.name = name
        self.kind = kind
        self.time = time
        self.targets = targets
        self.series = series
        self.recoveredAt = recoveredAt
        self.restore = restore
    }
}

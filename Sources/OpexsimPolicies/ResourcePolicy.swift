import OpexsimTraces

/// A request/limit policy replayed against a trace. Every policy follows one walk-forward protocol:
/// the engine shows it only what has happened so far (observed samples and replay events, in time
/// order), asks it for decisions at the ticks it schedules, and applies them from then on.
///
/// Policies that learn from history get a warmup under the recorded settings before they act;
/// `PolicyContext.warmupEnd` says when it ends.
public protocol ResourcePolicy: AnyObject {
    /// The policy as the user wrote it; its description labels the scenario.
    var spec: PolicySpec { get }
    /// True when the policy learns from history and so needs the warmup.
    var learnsFromHistory: Bool { get }
    /// True when the engine must pass each observed sample to `observe(_:)`.
    var observesSamples: Bool { get }

    /// Called once before the replay.
    func prepare(_ context: PolicyContext)
    /// The first instant after `time` at which the policy wants `tick`, or nil for none.
    func nextTick(after time: TraceInstant) -> TraceInstant?
    /// Samples of one series as the replayed container saw them, in time order.
    func observe(_ batch: ObservationBatch)
    /// Something that happened to a replayed container.
    func record(_ event: ContainerEvent)
    /// Something that happened to a whole namespace (a backup of its objects, its deletion, its restore).
    func record(namespace event: NamespaceEvent)
    /// Decisions at a tick; all series have been replayed up to `time`.
    func tick(at time: TraceInstant, cluster: any ClusterView) -> [PolicyAction]
    /// What the policy would recommend now, per container of the trace.
    func recommendations(at time: TraceInstant, cluster: any ClusterView) -> [ContainerRecommendation]

    /// True when the policy sets the resources of pods as they are created (an admission webhook).
    var admitsPods: Bool { get }
    /// The settings of a container of a pod being created (its first sample, or its replacement after
    /// an eviction); nil keeps the container-level settings. Called only when `admitsPods`.
    func admit(series: Int, at time: TraceInstant, cluster: any ClusterView) -> SettingsOverride?
    /// What the report should say about how the policy behaved (after the replay).
    var notes: [String] { get }

    /// True when the policy decides for each workload from that workload's own samples and events
    /// only, so that groups of workloads can be replayed apart (on several cores) with the same
    /// outcome, each by its own copy of the policy.
    var decidesPerWorkload: Bool { get }
    /// Folds in what a copy of this policy saw replaying a part of the trace (see `Trace.part(_:)`)
    /// whose workloads start at `workloadOffset`, so that `notes` speaks for the whole replay.
    /// Called on a copy prepared with the whole trace, for each part in workload order.
    func absorb(_ part: any ResourcePolicy, workloadOffset: Int)
}

extension ResourcePolicy {
    public var notes: [String] { [] }
    public var admitsPods: Bool { false }
    public func admit(series: Int, at time: TraceInstant, cluster: any ClusterView) -> SettingsOverride? { nil }
    public func record(namespace event: NamespaceEvent) {}
    public var decidesPerWorkload: Bool { false }
    public func absorb(_ part: any ResourcePolicy, workloadOffset: Int) {}
}

/// The replay's timeline as a policy sees it.
public struct PolicyContext: Sendable {
    public var trace: Trace
    /// Start of the replay (the trace's start).
    public var start: TraceInstant
    /// End of the replay (the trace's last sample).
    public var end: TraceInstant
    /// End of the warmup, when policies that learn start to act.
    public var warmupEnd: TraceInstant
    /// How often learned settings are re-learned and re-applied; nil for once.
    public var reapplyInterval: Int64?

    public init(trace: Trace, start: TraceInstant, end: TraceInstant, warmupEnd: TraceInstant, reapplyInterval: Int64?) {
        self.trace = trace
        self.start = start
        self.end = end
        self.warmupEnd = warmupEnd
        self.reapplyInterval = reapplyInterval
    }
}

/// Observed samples of one series: valid only during the `observe` call.
public struct ObservationBatch {
    /// Index into `Trace.series`.
    public var series: Int
    /// Index into `Trace.containers`.
    public var container: Int
    /// Sample end times.
    public var time: UnsafeBufferPointer<TraceInstant>
    /// Sample start times: each sample covers `(start, time]`.
    public var start: UnsafeBufferPointer<TraceInstant>
    /// CPU the container was served, cores averaged over its running time in the interval; NaN
    /// when it did not run at all.
    public var cpu: UnsafeBufferPointer<Double>
    /// Working set seen, bytes (at most the memory limit); NaN when not running or not recorded.
    public var memory: UnsafeBufferPointer<Double>
    /// The container's CPU request when the batch was handed over, cores (0 when unset).
    public var cpuRequest: Double

    public init(series: Int, container: Int, time: UnsafeBufferPointer<TraceInstant>, start: UnsafeBufferPointer<TraceInstant>,
                cpu: UnsafeBufferPointer<Double>, memory: UnsafeBufferPointer<Double>, cpuRequest: Double = 0) {
        self.series = series
        self.container = container
        self.time = time
        self.start = start
        self.cpu = cpu
        self.memory = memory
        self.cpuRequest = cpuRequest
    }
}

/// Container events of the replay that policies may react to.
public enum ContainerEvent: Sendable, Equatable {
    /// The kernel OOM-killed the container; `memoryRequest` is its request at the time.
    case oomKilled(series: Int, at: TraceInstant, memoryRequest: Double?, memoryLimit: Double?, workingSet: Double)
    /// The container started again after a crash.
    case restarted(series: Int, at: TraceInstant)
}

/// Events of a whole namespace that policies keeping state in the cluster may react to (the VPA keeps
/// its history in VerticalPodAutoscalerCheckpoint objects in the namespace).
public enum NamespaceEvent: Sendable, Equatable {
    /// A backup that holds the namespace's VPA checkpoints captured its state now (`snapshot` names it).
    case checkpointed(namespace: String, snapshot: Int)
    /// The namespace and all its objects are gone.
    case deleted(namespace: String)
    /// The namespace is back from a backup; `snapshot` is the checkpoint state restored with it, nil
    /// when the backup held none.
    case restored(namespace: String, snapshot: Int?)
}

/// A policy decision.
public enum PolicyAction: Sendable, Equatable {
    /// From now on, every replica of a container (`Trace.containers` index) runs with these
    /// settings, including replicas created later. Applied as a rolling update with surge: no
    /// replica is unavailable because of it.
    case apply(container: Int, SettingsOverride)
    /// Evict a pod (`Trace.pods` index): its containers stop now, stay down for the graceful
    /// termination and the replacement's start-up, and the replacement is admitted anew.
    case evict(pod: Int)
    /// Change one container of one pod (`Trace.series` index) in place, without a restart.
    case resize(series: Int, SettingsOverride)
}

/// The replay's state as policies may read it at a tick.
public protocol ClusterView {
    var trace: Trace { get }
    /// The settings in effect for a series now.
    func settings(ofSeries series: Int) -> ResourceSettings
    /// The settings the trace recorded at the series' latest replayed sample (its first if none).
    func recordedSettings(ofSeries series: Int) -> ResourceSettings
    /// True when the series has replayed at least one sample and has samples left.
    func isLive(series: Int) -> Bool
    /// The lifecycle of a series' container and pod now.
    func status(ofSeries series: Int) -> ReplicaStatus
}

/// What the updater of an autoscaler sees of one container of a running pod.
public struct ReplicaStatus: Sendable, Equatable {
    /// The series has started and has samples left.
    public var isLive: Bool
    /// The container is running now (not crashed, not stopped).
    public var isRunning: Bool
    /// The pod is being replaced after an eviction (the replacement is Pending).
    public var isPending: Bool
    /// When the current pod was created (its first interval's start, or its re-creation).
    public var podStartedAt: TraceInstant
    /// When the container was last OOM-killed in this pod, and how long it had run before.
    public var lastOOMKill: TraceInstant?
    public var lastOOMRunningFor: Int64?
    /// The latest working set seen, bytes (NaN when unknown).
    public var workingSet: Double

    public init(isLive: Bool, isRunning: Bool, isPending: Bool = false, podStartedAt: TraceInstant, lastOOMKill: TraceInstant?,
                lastOOMRunningFor: Int64?, workingSet: Double) {
        self.isLive = isLive
        self.isRunning = isRunning
        self.isPending = isPending
        self.podStartedAt = podStartedAt
        self.lastOOMKill = lastOOMKill
        self.lastOOMRunningFor = lastOOMRunningFor
        self.workingSet = workingSet
    }
}

/// CPU and memory amounts, either of which may be unknown.
public struct ResourceAmounts: Sendable, Equatable {
    public var cpuCores: Double?
    public var memoryBytes: Double?
    public init(cpuCores: Double?, memoryBytes: Double?) {
        self.cpuCores = cpuCores
        self.memoryBytes = memoryBytes
    }
}

/// What a policy recommends for one container.
public struct ContainerRecommendation: Sendable, Equatable {
    /// Index into `Trace.containers`.
    public var container: Int
    public var target: ResourceAmounts
    public var lowerBound: ResourceAmounts?
    public var upperBound: ResourceAmounts?
    /// The requests and limits the policy would set.
    public var settings: ResourceSettings

    public init(container: Int, target: ResourceAmounts, lowerBound: ResourceAmounts? = nil,
                upperBound: ResourceAmounts? = nil, settings: ResourceSettings) {
        self.container = container
        self.target = target
        self.lowerBound = lowerBound
        self.upperBound = upperBound
        self.settings = settings
    }
}

extension ClusterView {
    /// The recorded settings of a container: those of its latest live replica, else its first.
    public func recordedSettings(ofContainer container: Int) -> ResourceSettings {
        let series = trace.containers[container].series
        let live = series.last { isLive(series: $0) } ?? series[0]
        return recordedSettings(ofSeries: live)
    }

    /// The settings in effect for a container: those of its latest live replica, else its first.
    public func settings(ofContainer container: Int) -> ResourceSettings {
        let series = trace.containers[container].series
        let live = series.last { isLive(series: $0) } ?? series[0]
        return settings(ofSeries: live)
    }
}

extension PolicyContext {
    /// The walk-forward schedule of policies that learn and apply: the end of the warmup, then every
    /// reapply interval (when there is one) before the end of the trace.
    public func learningTick(after time: TraceInstant) -> TraceInstant? {
        if time < warmupEnd { return warmupEnd }
        guard let interval = reapplyInterval else { return nil }
        let next = warmupEnd + ((time - warmupEnd) / interval + 1) * interval
        return next < end ? next : nil
    }
}

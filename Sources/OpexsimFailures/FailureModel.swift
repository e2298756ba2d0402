import OpexsimTraces

/// What a failure does to its targets.
public enum FailureAction: Sendable, Equatable {
    /// Chaos Mesh PodChaos `pod-kill`: the pod is deleted (after `gracePeriod` ms, Chaos Mesh default 0)
    /// and its controller creates a replacement, admitted anew.
    case podKill(gracePeriod: Int64)
    /// PodChaos `pod-failure`: every container of the pod is down for `duration` ms, then starts again.
    case podFailure(duration: Int64)
    /// PodChaos `container-kill`: the named containers (the pod's first container when empty) are
    /// killed and restart in place after the CrashLoopBackOff delay.
    case containerKill(containerNames: [String])
    /// StressChaos: adds `cpuCores` of demand and `memoryBytes` of working set to the target
    /// containers (all when `containerNames` is empty) for `duration` ms (nil: to the end).
    case stress(cpuCores: Double, memoryBytes: Double, duration: Int64?, containerNames: [String])
    /// The node stops: its replicas go down; replacements come after the node monitor grace period,
    /// the pods' `tolerationSeconds` for the unreachable taint (ms) and the start-up.
    case nodeLoss(toleration: Int64)
    /// The namespace is deleted, then restored from the latest completed Velero backup that covers it.
    case namespaceDeletion
    /// A spot node is reclaimed: the cloud gives `notice` ms of warning (AWS: two minutes). With
    /// `drained` an interruption handler cordons and drains the node at the notice, so its pods are
    /// evicted (graceful termination) and replaced at once; without, the node dies when the notice
    /// ends and its pods follow the node-loss timeline with the default toleration.
    case spotInterruption(notice: Int64, drained: Bool)

    /// The warning AWS gives before it reclaims a spot instance: two minutes.
    public static let spotNotice: Int64 = 120_000

    /// The toleration the DefaultTolerationSeconds admission plugin gives every pod for the
    /// `node.kubernetes.io/unreachable` and `not-ready` taints: 300 s.
    public static let defaultToleration: Int64 = 300_000
}

/// How many of the matching targets a failure hits (Chaos Mesh `mode` and `value`).
public enum SelectionMode: Sendable, Equatable {
    case one
    case all
    case fixed(Int)
    case fixedPercent(Double)
    case randomMaxPercent(Double)
}

/// Which pods a failure may hit: the Chaos Mesh selector mapped onto the trace.
public struct TargetSelector: Sendable, Equatable {
    /// Namespaces (empty: any).
    public var namespaces: [String] = []
    /// Workload names (a FailurePlan's `workload`), empty: any.
    public var workloads: [String] = []
    /// Label requirements, ANDed (Chaos Mesh `labelSelectors` and `expressionSelectors`), empty: any.
    public var labels: [LabelRequirement] = []
    /// Annotation requirements (`annotationSelectors`), empty: any.
    public var annotations: [LabelRequirement] = []
    /// Pods by namespace and name (Chaos Mesh `pods`), empty: any.
    public var pods: [String: [String]] = [:]
    /// Pods on these nodes (the trace's `node` column), empty: any.
    public var nodes: [String] = []
    public var mode: SelectionMode = .all

    public init(
        namespaces: [String] = [], workloads: [String] = [], pods: [String: [String]] = [:], nodes: [String] = [],
        mode: SelectionMode = .all, labels: [LabelRequirement] = [], annotations: [LabelRequirement] = []
    ) {
        self.labels = labels
        self.annotations = annotations
        self.namespaces = namespaces
        self.workloads = workloads
        self.pods = pods
        self.nodes = nodes
        self.mode = mode
    }
}

/// When a failure happens.
public enum FailureTiming: Sendable, Equatable {
    /// Once, at an offset from the trace start (milliseconds) or at an absolute instant.
    case offset(Int64)
    case instant(TraceInstant)
    /// Once, as soon as something it targets runs: a Chaos Mesh experiment without `opexsim.io/start`
    /// is created when the cluster runs, and acts on the first pods (or node) it selects.
    case whenTargetsRun
    /// At every time of a cron schedule; with `forbidConcurrent` a run is skipped while the previous
    /// one still lasts (Chaos Mesh `concurrencyPolicy: Forbid`, the default).
    case schedule(CronSchedule, forbidConcurrent: Bool)
    /// At random: exponential times between failures with mean `mtbf` milliseconds, drawn per run.
    case random(mtbf: Int64)
}

/// One failure as the files describe it, before it is placed on a trace.
public struct FailureSpec: Sendable, Equatable {
    /// The experiment or plan entry, for the report (`PodChaos shop/kill-one-cart`).
    public var name: String
    /// `file:line:column` of its definition.
    public var location: String
    public var action: FailureAction
    public var selector: TargetSelector
    public var timing: FailureTiming
    /// Node loss: the node (the trace's `node` column), nil to pick one at random per occurrence.
    public var node: String?
    /// Namespace deletion: the namespace.
    public var namespace: String?
    /// How long a random failure's effect lasts when the action has a duration (MTTR), ms.
    public var mttr: Int64?

    public init(
        name: String, location: String, action: FailureAction, selector: TargetSelector = TargetSelector(),
        timing: FailureTiming, node: String? = nil, namespace: String? = nil, mttr: Int64? = nil
    ) {
        self.name = name
        self.location = location
        self.action = action
        self.selector = selector
        self.timing = timing
        self.node = node
        self.namespace = namespace
        self.mttr = mttr
    }
}

/// A Velero `Schedule` (`velero.io/v1`): when backups are taken and what they hold.
public struct BackupSchedule: Sendable, Equatable {
    public var name: String
    public var location: String
    /// `spec.schedule`, a standard five-field cron (optionally `CRON_TZ=UTC ` first).
    public var cron: CronSchedule
    /// `template.includedNamespaces` (empty or `*`: all) and `excludedNamespaces`.
    public var includedNamespaces: [String]
    public var excludedNamespaces: [String]
    /// Volume data is in the backup: `snapshotVolumes` true, or `defaultVolumesToFsBackup` true, or
    /// `snapshotVolumes` unset where a volume snapshot provider is configured (the restore model's
    /// `volumeSnapshotProvider`, applied once all files are read).
    public var backsUpVolumes: Bool
    /// `template.snapshotVolumes` was not written (Velero then snapshots where a provider is configured).
    public var snapshotVolumesUnset = false
    /// `template.labelSelector`, or each of `orLabelSelectors` (ORed): the pods whose labels meet one
    /// of them are in the backups. Empty: every pod.
    public var labelSelectors: [[LabelRequirement]] = []
    /// VerticalPodAutoscalerCheckpoint objects are in the backup (not excluded by resource filters).
    public var includesVPACheckpoints: Bool
    /// `template.ttl`, default Velero's `--default-backup-ttl` 720 h.
    public var ttl: Int64
    /// `spec.paused`.
    public var paused: Bool
    /// `metadata.creationTimestamp`: where an `@every` schedule counts from (Velero's schedule controller
    /// asks the cron library for the next run after the last backup, or after the creation). Nil: the
    /// trace's start.
    public var created: TraceInstant? = nil

    public init(
        name: String, location: String, cron: CronSchedule, includedNamespaces: [String] = [],
        excludedNamespaces: [String] = [],
        backsUpVolumes: Bool = false, includesVPACheckpoints: Bool = true, ttl: Int64 = BackupSchedule.defaultTTL,
        paused: Bool = false
    ) {
        self.name = name
        self.location = location
        self.cron = cron
        self.includedNamespaces = includedNamespaces
        self.excludedNamespaces = excludedNamespaces
        self.backsUpVolumes = backsUpVolumes
        self.includesVPACheckpoints = includesVPACheckpoints
        self.ttl = ttl
        self.paused = paused
    }

    /// Velero's `--default-backup-ttl`: 720 h.
    public static let defaultTTL: Int64 = 720 * 3_600_000

    /// True when the backups hold a pod with `labels` (taken as whole when its labels are not recorded).
    public func holds(labels: LabelSet?) -> Bool {
        guard let labels, !labelSelectors.isEmpty else { return true }
        return labelSelectors.contains { $0.matches(labels) }
    }

    /// True when the backups hold `namespace`.
    public func covers(namespace: String) -> Bool {
        if excludedNamespaces.contains(where: { NamespaceGlob.matches($0, namespace) }) { return false }
        return includedNamespaces.isEmpty || includedNamespaces.contains { NamespaceGlob.matches($0, namespace) }
    }
}

/// Everything the failure files say: the failures, the backup schedules, how restores take time,
/// and what was not understood.
public struct FailureDocuments: Sendable, Equatable {
    public var failures: [FailureSpec] = []
    public var backups: [BackupSchedule] = []
    public var restore = RestoreModel()
    /// Objects read but not modelled (`NetworkChaos shop/latency at file:3:1: not modelled`).
    public var unsupported: [String] = []
    /// The files read.
    public var files: [String] = []

    public init() {}

    /// True when a run's failures depend on the seed (random timing or selection), so that Monte
    /// Carlo runs differ.
    public var isRandom: Bool {
        failures.contains { spec in
            if case .random = spec.timing { return true }
            if case .nodeLoss = spec.action, spec.node == nil { return true }
            if case .spotInterruption = spec.action, spec.node == nil { return true }
            switch spec.selector.mode {
            case .all: return false
            case .fixedPercent(let share): return share > 0 && share < 100
            default: return true
            }
        }
    }
}

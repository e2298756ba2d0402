import OpexsimTraces

/// The Vertical Pod Autoscaler in one of its update modes (`vpa-off`, `vpa-initial`, `vpa-recreate`,
/// `vpa-auto`, `vpa-inplace`): the recommender learns from the start of the replay; after the warmup
/// the admission controller sets the resources of pods as they are created, and (Recreate, Auto,
/// InPlaceOrRecreate) the updater evicts or resizes running pods every minute, within the eviction
/// budget. OOM kills of the replay feed back into the recommender.
///
/// Inline parameters (`vpa-auto:min-replicas=1,controlled-values=RequestsOnly`): `min-replicas` (2),
/// `controlled-values` (RequestsAndLimits), `cpu-weighting` (`constant`, or `request` for the
/// pre-1.4 variant), `eviction-tolerance` (0.5), `pod-update-threshold` (0.1), `lifetime-threshold`
/// (12h), `evict-after-oom` (10m), `margin` (0.15), `target-percentile` (0.9), `lower-percentile`
/// (0.5), `upper-percentile` (0.95), `half-life` (24h), `min-allowed-cpu`, `min-allowed-memory`,
/// `max-allowed-cpu`, `max-allowed-memory`. Or a file of VerticalPodAutoscaler objects: each applies
/// to its target workload with its update mode, minReplicas and container policies.
///
/// Decides per workload (partitionable): the recommender keeps one aggregate per workload container
/// and the updater decides per workload.
public final class VPAPolicy: CataloguedPolicy, LearningPolicy, AdmittingPolicy, NamespaceEventObserver,
    PartitionablePolicy, QuietTickingPolicy
{
    public let spec: PolicySpec
    public private(set) var admitsPods = false

    public static let parameterNames = [
        "min-replicas", "controlled-values", "cpu-weighting", "eviction-tolerance", "pod-update-threshold",
        "lifetime-threshold", "evict-after-oom", "margin", "target-percentile", "lower-percentile",
        "upper-percentile", "half-life", "min-allowed-cpu", "min-allowed-memory", "max-allowed-cpu",
        "max-allowed-memory",
    ]

    /// The parameters, and the inline configuration or the manifests by target name.
    public let setup: VPASetup
    /// The updater's parameters (a hot copy: the per-minute loop reads them for every pod).
    private let updater: VPAUpdaterParameters
    /// Per workload, resolved in `prepare`; nil where no VPA targets it.
    private(set) var configurations: [VPAConfiguration?] = []
    /// Per workload, its VPA's update mode and minimum replicas (nil without a VPA): hot copies that
    /// the per-minute loops read without touching the configurations' shared arrays.
    private var modes: [(mode: VPAUpdateMode, minReplicas: Int)?] = []
    private var recommender: VPARecommender? {
        didSet { observingRecommender = recommender.map { Unmanaged.passUnretained($0) } }
    }
    /// The same recommender, unretained, for the per-batch path.
    private var observingRecommender: Unmanaged<VPARecommender>?
    private var context: PolicyContext?
    private var containerNames: [String] = []
    /// Hot copies of the trace's structure: no `Trace` copies in the per-minute loops.
    private var seriesContainer: [Int] = []
    private var seriesWorkload: [Int] = []
    private var containerWorkload: [Int] = []
    private var podSeries: [IndexList] = []
    private var workloadPods: [IndexList] = []
    private var warmupEnd: TraceInstant = .max
    /// The updater re-evaluates a workload only when something its decision depends on changed:
    /// a published estimate, a pod event, a blocked eviction, or a pod ageing past the lifetime
    /// threshold (`wake`). Otherwise the decision would be the same as at the last loop.
    private var dirty: [Bool] = []
    private var wake: [TraceInstant] = []
    /// Per container: a VPA targets its workload (its samples feed the recommender).
    private var hasVPA: [Bool] = []
    /// The container policy of each container, nil where no VPA controls it (resolved once).
    private var controlledBy: [VPAContainerPolicy?] = []
    /// What the per-loop check of new estimates reads of each container's policy, without copying it.
    private var decisionShapes: [VPADecisionShape] = []
    /// The estimate each container had when its workload's decisions were last made, and the
    /// requests each series had then (cpu, memory; nil before the first evaluation).
    private var knownEstimates: [VPAEstimate?] = []
    private var knownRequests: [(cpu: Double?, memory: Double?)?] = []
    /// The series of container `c` are `containerSeries[containerSeriesStart[c]..<containerSeriesStart[c + 1]]`.
    private var containerSeries: [Int] = []
    private var containerSeriesStart: [Int] = []
    /// Scratch space of the updater loop, reused from pod to pod.
    private var scratchStatuses: [SeriesStatus] = []
    private var scratchContainers: [VPAUpdateContainer] = []
    private var singleReplicaSkips = Set<Int>()
    /// Checkpoints taken by backups, by snapshot; namespaces whose history a deletion wiped (and that
    /// no checkpoint brought back), and those restored from a checkpoint.
    private var checkpoints: [Int: [VPAAggregateState]] = [:]
    private var historyLosses = Set<String>()
    private var restoredFromCheckpoint = Set<String>()
    private var manifestNotes: [String]
    /// Loops whose estimates no one reads leave them unpublished (off only to check that this changes
    /// nothing).
    var defersUnreadLoops = true

    public init(spec: PolicySpec, parameters: VPASetup) {
        self.spec = spec
        setup = parameters
        updater = parameters.updater
        manifestNotes = parameters.manifestNotes
    }

    public static func parameters(of spec: PolicySpec) throws -> VPASetup { try VPASetup(spec: spec) }

    public static func vpaSetup(of parameters: VPASetup) -> VPASetup? { parameters }

    public func prepare(_ context: PolicyContext) {
        self.context = context
        let trace = context.trace
        if context.speaksForParts {
            // The notes need the configurations and the recommender's counts, nothing per container.
            resolveConfigurations(trace)
            recommender = VPARecommender(
                trace: trace, start: context.start, parameters: setup.recommender, tables: false
            ) { _ in false }
            return
        }
        containerNames = trace.containers.map { trace.names[$0.containerName] }
        seriesContainer = trace.series.map(\.containerIndex)
        seriesWorkload = trace.series.map(\.workloadIndex)
        containerWorkload = trace.containers.map(\.workloadIndex)
        podSeries = trace.pods.map(\.series)
        workloadPods = trace.workloads.map(\.pods)
        warmupEnd = context.warmupEnd
        dirty = Array(repeating: true, count: trace.workloads.count)
        knownEstimates = Array(repeating: nil, count: trace.containers.count)
        knownRequests = Array(repeating: nil, count: trace.series.count)
        containerSeries = trace.containers.flatMap(\.series)
        containerSeriesStart = [0]
        for container in trace.containers {
            containerSeriesStart.append(containerSeriesStart.last! + container.series.count)
        }
        wake = Array(repeating: .max, count: trace.workloads.count)
        resolveConfigurations(trace)
        hasVPA = containerWorkload.map { self.configurations[$0] != nil }
        controlledBy = trace.containers.indices.map { container in
            guard let configuration = self.configurations[self.containerWorkload[container]] else { return nil }
            let policy = VPAContainerPolicy.matching(
                self.containerNames[container], in: configuration.containerPolicies)
            return policy.isOff ? nil : policy
        }
        decisionShapes = controlledBy.map { VPADecisionShape($0) }
        let configurations = self.configurations
        let names = containerNames
        recommender = VPARecommender(trace: trace, start: context.start, parameters: setup.recommender) { container in
            guard let configuration = configurations[trace.containers[container].workloadIndex] else { return false }
            return !VPAContainerPolicy.matching(names[container], in: configuration.containerPolicies).isOff
        }
    }

    /// Each workload's VPA, its update mode, and the notes on the manifests.
    private func resolveConfigurations(_ trace: Trace) {
        configurations = trace.workloads.map { workload in
            setup.configuration(
                forWorkload: trace.names[workload.workloadName], namespace: trace.names[workload.namespaceName])?.0
        }
        modes = configurations.map { $0.map { ($0.mode, $0.minReplicas) } }
        admitsPods = configurations.contains { $0?.mode.admits == true }
        if setup.inline == nil {
            let targeted = configurations.compactMap { $0 }.count
            manifestNotes.append(
                "\(targeted) of \(trace.workloads.count) workloads have a VPA in \(spec.name); the others keep their recorded settings"
            )
            for manifest in setup.manifests
            where !trace.workloads.contains(where: { trace.names[$0.workloadName] == manifest.targetName }) {
                manifestNotes.append(
                    "VPA \(manifest.name) targets \(manifest.targetKind) \(manifest.targetName), which the trace does not have"
                )
            }
            manifestNotes += Self.targetNotes(setup.manifests, trace: trace)
        }
    }

    public func nextTick(after time: TraceInstant) -> TraceInstant? {
        guard let context else { return nil }
        let interval = min(setup.recommender.recommenderInterval, updater.interval)
        let next = time == .min ? context.start + interval : (time / interval + 1) * interval
        return next <= context.end ? next : nil
    }

    public func observe(_ batch: ObservationBatch) {
        // Called once per series and batch: the recommender is borrowed, not retained, for the call
        // (this policy holds it for as long as it exists).
        guard let observing = observingRecommender, hasVPA[batch.containerIndex] else { return }
        observing._withUnsafeGuaranteedRef { $0.observe(batch) }
    }

    public func record(_ event: ContainerEvent) {
        let affected: Int
        switch event {
        case .oomKilled(let series, _, _, _, _), .restarted(let series, _): affected = series
        }
        dirty[seriesWorkload[affected]] = true
        guard case .oomKilled(let series, let time, let request, _, _) = event else { return }
        let container = seriesContainer[series]
        guard modes[containerWorkload[container]] != nil else { return }
        recommender?.recordOOM(series: series, container: container, at: time, memoryRequest: request)
    }

    public func record(namespace event: NamespaceEvent) {
        guard let recommender, let context else { return }
        let trace = context.trace
        func members(_ namespace: String) -> (containers: [Int], series: [Int]) {
            let containers = trace.containers.indices.filter {
                trace.names[trace.containers[$0].namespaceName] == namespace
            }
            return (containers, containers.flatMap { trace.containers[$0].series })
        }
        switch event {
        case .checkpointed(let namespace, let snapshot):
            checkpoints[snapshot] = recommender.checkpoint(containers: members(namespace).containers)
        case .deleted(let namespace):
            let (containers, series) = members(namespace)
            recommender.forget(containers: containers, series: series)
            for container in containers {
                knownEstimates[container] = nil
                dirty[containerWorkload[container]] = true
            }
            for replica in series { knownRequests[replica] = nil }
            historyLosses.insert(namespace)
        case .restored(let namespace, let snapshot):
            let containers = members(namespace).containers
            if let snapshot, let saved = checkpoints[snapshot] {
                recommender.restore(containers: containers, from: saved)
                historyLosses.remove(namespace)
                restoredFromCheckpoint.insert(namespace)
            }
            for container in containers { dirty[containerWorkload[container]] = true }
        }
    }

    /// The capped recommendation of a container, or nil when it has none or the VPA does not control it.
    func recommendation(container: Int) -> (estimate: VPAEstimate, policy: VPAContainerPolicy)? {
        guard let policy = controlledBy[container], let estimate = recommender?.estimate(of: container) else {
            return nil
        }
        return (estimate, policy)
    }

    /// What the admission controller writes into a series' container now.
    func admission(series: Int, cluster: any ClusterView) -> SettingsOverride? {
        guard let (estimate, policy) = recommendation(container: seriesContainer[series]) else { return nil }
        let target = policy.capped(estimate.target.resourceAmounts)
        return VPAResourceWriter.settings(
            original: cluster.recordedSettings(ofSeries: series), target: target, policy: policy)
    }

    public func admit(series: Int, at time: TraceInstant, cluster: any ClusterView) -> SettingsOverride? {
        if !dirty.isEmpty { dirty[seriesWorkload[series]] = true }
        guard time >= warmupEnd, let configuration = modes[seriesWorkload[series]], configuration.mode.admits
        else { return nil }
        return admission(series: series, cluster: cluster)
    }

    public func tick(at time: TraceInstant, cluster: any ClusterView) -> [PolicyAction] {
        guard (time >= warmupEnd && admitsPods) || !defersUnreadLoops else {
            // No one reads this loop's estimates: admissions and updates wait for the warmup's end
            // (every workload is marked for a look until then), and `vpa-off` only reports the last
            // estimates. The loop before the warmup's end publishes them (`ticked(at:next:)`).
            recommender?.deferPublishing()
            return []
        }
        publishEstimates()
        guard time >= warmupEnd else { return [] }
        var actions: [PolicyAction] = []
        for w in workloadPods.indices {
            guard let configuration = modes[w], configuration.mode.updates else { continue }
            if time >= wake[w] {
                wake[w] = .max
                dirty[w] = true
            }
            guard dirty[w] else { continue }
            dirty[w] = false
            actions += update(
                workload: w, pods: workloadPods[w], configuration: configuration, at: time, cluster: cluster)
        }
        return actions
    }

    /// The loop before the warmup's end publishes its estimates, which admissions after the end read
    /// until the next loop.
    public func ticked(at time: TraceInstant, next: TraceInstant?) {
        guard defersUnreadLoops, time < warmupEnd, admitsPods, next ?? .max >= warmupEnd else { return }
        publishEstimates()
    }

    /// Publishes the recommender's new estimates and marks the workloads whose decisions they may change.
    private func publishEstimates() {
        recommender?.publish { container in
            if changesDecisions(container) { dirty[containerWorkload[container]] = true }
        }
    }

    /// A tick does nothing while no estimate waits to be published, no updating workload is
    /// marked for a new look (before the warmup ends, marked ones wait for it) and no workload's
    /// wake time has come.
    public func quietUntil(after time: TraceInstant) -> TraceInstant {
        if recommender?.hasUnpublishedChanges == true { return time }
        var until = TraceInstant.max
        for (w, mode) in modes.enumerated() {
            guard let mode, mode.mode.updates else { continue }
            if dirty[w] { until = min(until, max(time, warmupEnd)) }
            if wake[w] != .max { until = min(until, max(wake[w], warmupEnd)) }
        }
        return until
    }

    /// One updater loop over a replica group.
    func update(
        workload: Int, pods: IndexList, configuration: (mode: VPAUpdateMode, minReplicas: Int), at time: TraceInstant,
        cluster: any ClusterView
    ) -> [PolicyAction] {
        var live = 0, running = 0
        var candidates: [(pod: Int, priority: VPAUpdatePriority)] = []
        for pod in pods {
            scratchStatuses.removeAll(keepingCapacity: true)
            for series in podSeries[pod] { scratchStatuses.append(cluster.status(ofSeries: series)) }
            guard scratchStatuses.contains(where: \.isLive) else { continue }
            live += 1
            // A pod counts as running unless its replacement is pending; a crash-looping pod's phase
            // is still Running, and the updater may evict it. A pending pod changes the group soon.
            guard !scratchStatuses.contains(where: \.isPending) else {
                dirty[workload] = true
                continue
            }
            running += 1
            guard let priority = priority(ofPod: pod, workload: workload, at: time, cluster: cluster) else { continue }
            candidates.append((pod, priority))
        }
        guard !candidates.isEmpty else { return [] }
        if live < configuration.minReplicas {
            singleReplicaSkips.insert(workload)
            return []
        }
        let budget = VPAUpdater.evictionBudget(
            configured: live, running: running, live: live, minReplicas: configuration.minReplicas,
            evictionTolerance: updater.evictionTolerance)
        candidates.sort { VPAUpdatePriority.isBefore($0.priority, $1.priority) }
        // Candidates left over for lack of budget are tried again at the next loop.
        dirty[workload] = true
        var actions: [PolicyAction] = []
        for (pod, _) in candidates.prefix(budget) {
            if configuration.mode.resizesInPlace, let resizes = inPlace(pod: pod, cluster: cluster) {
                actions += resizes
            } else if configuration.mode != .inPlace {
                // InPlace never evicts: a pod it cannot resize keeps its settings.
                actions.append(.evict(pod: pod))
            }
        }
        return actions
    }

    /// The updater's priority for a running pod of `workload` (its live containers' statuses are in
    /// `scratchStatuses`), nil when it is no candidate now; a pod that becomes one once old enough
    /// wakes the workload up then.
    func priority(ofPod pod: Int, workload: Int, at time: TraceInstant, cluster: any ClusterView) -> VPAUpdatePriority?
    {
        scratchContainers.removeAll(keepingCapacity: true)
        var started = time
        for (series, status) in zip(podSeries[pod], scratchStatuses) where status.isLive {
            started = min(started, status.podStartedAt)
            guard let (estimate, policy) = recommendation(container: seriesContainer[series]) else { continue }
            let settings = cluster.settings(ofSeries: series)
            knownRequests[series] = (settings.effectiveCPURequestIfSet, settings.effectiveMemoryRequestIfSet)
            scratchContainers.append(
                VPAUpdateContainer(
                    cpuRequest: policy.controlsCPU ? settings.effectiveCPURequestIfSet : nil,
                    memoryRequest: policy.controlsMemory ? settings.effectiveMemoryRequestIfSet : nil,
                    target: restrict(policy.capped(estimate.target.resourceAmounts), policy),
                    lowerBound: restrict(policy.capped(estimate.lowerBound.resourceAmounts), policy),
                    upperBound: restrict(policy.capped(estimate.upperBound.resourceAmounts), policy),
                    lastOOMRunningFor: status.lastOOMRunningFor))
        }
        guard !scratchContainers.isEmpty else { return nil }
        guard let priority = VPAUpdater.priority(of: scratchContainers, podAge: time - started, parameters: updater)
        else {
            // Eligible once old enough: look again then.
            if VPAUpdater.priority(of: scratchContainers, podAge: .max, parameters: updater) != nil {
                wake[workload] = min(wake[workload], started + updater.podLifetimeThreshold)
            }
            return nil
        }
        return priority
    }

    /// True when a container's newly published estimate can change an updater decision: its target
    /// moved (the change a pod would see), or a bound moved across a request of one of its pods.
    /// Bounds also move with confidence alone, minute by minute; that changes nothing while no
    /// request lies between the old and the new bound.
    func changesDecisions(_ container: Int) -> Bool {
        let new = recommender?.estimate(of: container)
        let old = knownEstimates[container]
        knownEstimates[container] = new
        let shape = decisionShapes[container]
        guard shape.controlled, let old, let new else { return true }
        if old.target != new.target { return true }
        if old.lowerBound == new.lowerBound && old.upperBound == new.upperBound { return false }
        var (oldLower, newLower) = (old.lowerBound.resourceAmounts, new.lowerBound.resourceAmounts)
        var (oldUpper, newUpper) = (old.upperBound.resourceAmounts, new.upperBound.resourceAmounts)
        if shape.capped, let policy = controlledBy[container] {
            (oldLower, newLower) = (policy.capped(oldLower), policy.capped(newLower))
            (oldUpper, newUpper) = (policy.capped(oldUpper), policy.capped(newUpper))
        }
        func crosses(_ request: Double?, _ a: Double?, _ b: Double?) -> Bool {
            guard let request, let a, let b else { return a != b }
            return (request < a) != (request < b)
        }
        func crossesAbove(_ request: Double?, _ a: Double?, _ b: Double?) -> Bool {
            guard let request, let a, let b else { return a != b }
            return (request > a) != (request > b)
        }
        for index in containerSeriesStart[container]..<containerSeriesStart[container + 1] {
            guard let requests = knownRequests[containerSeries[index]] else { return true }
            if shape.controlsCPU
                && (crosses(requests.cpu, oldLower.cpuCores, newLower.cpuCores)
                    || crossesAbove(requests.cpu, oldUpper.cpuCores, newUpper.cpuCores))
            {
                return true
            }
            if shape.controlsMemory
                && (crosses(requests.memory, oldLower.memoryBytes, newLower.memoryBytes)
                    || crossesAbove(requests.memory, oldUpper.memoryBytes, newUpper.memoryBytes))
            {
                return true
            }
        }
        return false
    }

    /// The resizes that apply a pod's recommendation in place, or nil when one is not possible: a
    /// memory limit below the container's working set cannot be applied without a restart.
    func inPlace(pod: Int, cluster: any ClusterView) -> [PolicyAction]? {
        var actions: [PolicyAction] = []
        for series in podSeries[pod] {
            guard let override = admission(series: series, cluster: cluster) else { continue }
            let settings = override.applied(to: cluster.recordedSettings(ofSeries: series))
            let workingSet = cluster.status(ofSeries: series).workingSet
            if let limit = settings.memoryLimit, !workingSet.isNaN, limit < workingSet { return nil }
            actions.append(.resize(series: series, override))
        }
        return actions
    }

    /// Drops the resources a container policy does not control.
    func restrict(_ amounts: ResourceAmounts, _ policy: VPAContainerPolicy) -> ResourceAmounts {
        ResourceAmounts(
            cpuCores: policy.controlsCPU ? amounts.cpuCores : nil,
            memoryBytes: policy.controlsMemory ? amounts.memoryBytes : nil)
    }

    public func recommendations(at time: TraceInstant, cluster: any ClusterView) -> [ContainerRecommendation] {
        recommender?.publish()
        return cluster.trace.containers.indices.map { container in
            let recorded = cluster.trace.finalRecordedSettings(ofContainer: container)
            guard let (estimate, policy) = recommendation(container: container) else {
                return ContainerRecommendation(
                    containerIndex: container, target: ResourceAmounts(cpuCores: nil, memoryBytes: nil),
                    settings: recorded)
            }
            let target = policy.capped(estimate.target.resourceAmounts)
            let settings = VPAResourceWriter.settings(original: recorded, target: target, policy: policy).applied(
                to: recorded)
            return ContainerRecommendation(
                containerIndex: container, target: target,
                lowerBound: policy.capped(estimate.lowerBound.resourceAmounts),
                upperBound: policy.capped(estimate.upperBound.resourceAmounts), settings: settings)
        }
    }

    /// Keeps the configurations, the recommender's counts and the skipped workloads (what `notes`
    /// and `absorb` read); frees the recommender's tables and the updater's per-series state.
    public func dropReplayState() {
        if let recommender, let trace = context?.trace { self.recommender = recommender.countsOnly(of: trace) }
        (containerNames, seriesContainer, seriesWorkload, containerWorkload) = ([], [], [], [])
        (podSeries, workloadPods, dirty, wake, hasVPA) = ([], [], [], [], [])
        (controlledBy, decisionShapes, knownEstimates, knownRequests) = ([], [], [], [])
        (containerSeries, containerSeriesStart, scratchStatuses, scratchContainers) = ([], [], [], [])
        checkpoints = [:]
    }

    public func absorb(_ part: any ResourcePolicy, workloadOffset: Int) {
        guard let part = part as? VPAPolicy else { return }
        if let recommender, let other = part.recommender { recommender.absorbCounts(of: other) }
        singleReplicaSkips.formUnion(part.singleReplicaSkips.map { $0 + workloadOffset })
    }

    public var notes: [String] {
        var notes = manifestNotes
        if configurations.contains(where: { $0?.mode == .auto }) {
            notes.append("update mode Auto is deprecated upstream (kubernetes/autoscaler#8424) and behaves as Recreate")
        }
        if let recommender {
            notes.append(
                "\(recommender.cpuSamples) CPU samples at the recommender's 1-minute cadence"
                    + (recommender.averagedSamples > 0
                        ? " (\(recommender.averagedSamples) averaged from finer samples)"
                        : " (one per trace interval where the trace is coarser: confidence counts them, so bounds stay wider than with 1-minute data)")
            )
        }
        if !singleReplicaSkips.isEmpty, let context {
            let names = singleReplicaSkips.sorted().map { index -> String in
                let workload = context.trace.workloads[index]
                return "\(context.trace.names[workload.namespaceName])/\(context.trace.names[workload.workloadName])"
            }
            let shown =
                names.count > 8
                ? names.prefix(8).joined(separator: ", ") + " and \(names.count - 8) more"
                : names.joined(separator: ", ")
            notes.append(
                "pods of \(names.count) workload\(names.count == 1 ? "" : "s") (\(shown)) qualified for eviction but were kept: fewer live replicas than min-replicas (\(updater.minReplicas)); set min-replicas=1 to let the updater evict single-replica workloads"
            )
        }
        for namespace in historyLosses.sorted() {
            notes.append(
                "namespace \(namespace) was deleted and its VerticalPodAutoscalerCheckpoints were not in the backup restored: the recommender started again from an empty history"
            )
        }
        for namespace in restoredFromCheckpoint.sorted() {
            notes.append(
                "namespace \(namespace) was restored with its VerticalPodAutoscalerCheckpoints: the recommender resumed from the history as of the backup"
            )
        }
        return notes
    }
}

extension VPAPolicy {
    /// What a manifest asks that does nothing in the trace: a VPA in another namespace than the
    /// workload it names (a VPA acts in its own namespace), and container policies naming containers the
    /// workload does not have.
    static func targetNotes(_ manifests: [VPAManifest], trace: Trace) -> [String] {
        var notes: [String] = []
        for manifest in manifests {
            let targets = trace.workloads.filter { trace.names[$0.workloadName] == manifest.targetName }
            let namespaces = targets.map { trace.names[$0.namespaceName] }
            if let namespace = manifest.namespace, !targets.isEmpty, !namespaces.contains(namespace) {
                notes.append(
                    "VPA \(manifest.name) is in namespace \(namespace) but \(manifest.targetKind) \(manifest.targetName) is in \(namespaces.joined(separator: ", ")): a VPA acts in its own namespace, so it does nothing here"
                )
            }
            for workload in targets where manifest.namespace.map({ $0 == trace.names[workload.namespaceName] }) ?? true
            {
                let containers = Set(workload.containers.map { trace.names[trace.containers[$0].containerName] })
                let unknown = manifest.containerPolicies.map(\.containerName).filter {
                    $0 != "*" && !containers.contains($0)
                }
                guard !unknown.isEmpty else { continue }
                notes.append(
                    "VPA \(manifest.name): containerPolicies name \(unknown.joined(separator: ", ")), which \(trace.names[workload.namespaceName])/\(manifest.targetName) does not have (it has \(containers.sorted().joined(separator: ", "))): they apply to nothing"
                )
            }
        }
        return notes
    }
}

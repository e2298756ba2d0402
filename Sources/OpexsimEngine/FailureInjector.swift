import OpexsimFailures
import OpexsimMetrics
import OpexsimPolicies
import OpexsimTraces

/// The failures of one run injected into the replay (`FailureInjector+Actions.swift` says what each
/// kind does): it schedules each failure, the backups that restores will bring VPA checkpoints back
/// from, and the restores; it records what each failure hit as an `Incident`, and where a node was
/// replaced, the node each series runs on now.
final class FailureInjector: ReplayComponent {
    unowned let engine: ReplayEngine
    let failures: FailureTimeline
    /// The node pools, whose spare nodes decide how soon a lost node's pods come back.
    let capacity: NodeCapacity?
    private(set) var incidents: [Incident] = []
    /// Per series, the node it runs on now: the trace's node, or a replacement node after a loss
    /// (`node-a~1`); nil without a node column.
    var currentNode: [String?]
    /// Replacement nodes created per lost node name, for their names.
    var replacementNodes: [String: Int] = [:]
    /// Failures that struck when nothing they target was running: the first few of each failure as
    /// they happened, then how many more and the last (`MissedFailures`).
    private(set) var missedFailures = MissedFailures()

    init(failures: FailureTimeline, engine: ReplayEngine, capacity: NodeCapacity?) {
        self.failures = failures
        self.engine = engine
        self.capacity = capacity
        let trace = engine.trace
        currentNode = trace.series.map { $0.nodeName >= 0 ? trace.names[$0.nodeName] : nil }
    }

    /// Schedules the failures of the run, the checkpoints restores will bring back, and the restores.
    func start() {
        for (index, failure) in failures.failures.enumerated() {
            engine.schedule(at: failure.time) { [unowned self] time in inject(index, at: time) }
            if let restore = failure.restore, restore.checkpointsRestored, let backupStart = restore.backupStart {
                // The replay's history before its start is empty: a backup older than the start holds that.
                engine.schedule(at: min(failure.time, max(engine.start, backupStart))) { [unowned self] _ in
                    checkpoint(for: index)
                }
            }
        }
    }

    /// Applies failure `index` at `time` (every series has been replayed up to `time`) and records
    /// what it hit; a failure that hit nothing it targets is noted instead.
    func inject(_ index: Int, at time: TraceInstant) {
        let failure = failures.failures[index]
        var incident = Incident(
            name: failure.name, kind: failure.action.kind, time: time, targets: [], series: [],
            recoveredAt: nil, restore: failure.restore)
        switch failure.action {
        case .podKill(let grace):
            takeDown(
                failure.pods, at: time, until: time + grace + engine.options.startupDelay, recreate: true,
                into: &incident)
        case .podFailure(let duration):
            takeDown(
                failure.pods, at: time, until: time + duration + engine.options.startupDelay, recreate: false,
                into: &incident)
        case .containerKill:
            for series in failure.series where engine.crash(series, at: time) {
                incident.series.append(series)
                incident.targets.append(containerName(series))
            }
        case .stress(let cpu, let memory, let duration, _):
            let until = duration.map { time + $0 } ?? .max
            for series in failure.series {
                engine.addExtraDemand(
                    ExtraDemand(from: time, until: until, cpuCores: cpu, memoryBytes: memory), to: series)
                incident.targets.append(containerName(series))
            }
            incident.recoveredAt = duration.map { time + $0 }
        case .nodeLoss, .spotInterruption:
            loseNode(failure, at: time, into: &incident)
        case .namespaceDeletion:
            guard let namespace = failure.namespace else { break }
            deleteNamespace(namespace, failure: index, at: time, into: &incident)
        }
        if incident.series.isEmpty && failure.action.takesDown && failure.action != .namespaceDeletion {
            missedFailures.add(failure.name, at: time)
            return
        }
        incidents.append(incident)
    }

    /// `namespace/pod` of a pod.
    func podName(_ pod: Int) -> String {
        let trace = engine.trace
        return "\(trace.names[trace.pods[pod].namespaceName])/\(trace.names[trace.pods[pod].podName])"
    }

    /// `namespace/pod/container` of a series.
    func containerName(_ series: Int) -> String {
        let trace = engine.trace
        return "\(podName(trace.series[series].podIndex))/\(trace.names[trace.series[series].containerName])"
    }

    /// Takes `pods` down (see `ReplayEngine.stop(pod:at:until:recreate:)`); each pod it hit is a target.
    func takeDown(
        _ pods: [Int], at time: TraceInstant, until: TraceInstant?, recreate: Bool, into incident: inout Incident
    ) {
        for pod in pods where takeDown(pod, at: time, until: until, recreate: recreate, into: &incident) {
            incident.targets.append(podName(pod))
        }
    }

    /// Takes one pod down; true when it was running or had samples left.
    func takeDown(
        _ pod: Int, at time: TraceInstant, until: TraceInstant?, recreate: Bool, into incident: inout Incident
    ) -> Bool {
        let stopped = engine.stop(pod: pod, at: time, until: until, recreate: recreate)
        incident.series += stopped
        return !stopped.isEmpty
    }

    /// Each incident's recovery from the containers' down spans: the end of the span that covers the
    /// failure, the latest over its containers; nil while one is still down at the end.
    func finish(into result: inout ScenarioResult) {
        result.incidents = incidents.map { incident in
            var incident = incident
            guard !incident.series.isEmpty else { return incident }
            var recovered: TraceInstant? = incident.time
            for series in incident.series {
                let state = engine.states[series]
                if let span = state.downSpans.last(where: { $0.start <= incident.time && incident.time < $0.end }) {
                    recovered = recovered.map { max($0, span.end) }
                } else if !state.isUp && state.downStart <= incident.time {
                    recovered = nil
                    break
                }
            }
            incident.recoveredAt = recovered
            return incident
        }
        result.failureNotes = failures.notes + missedFailures.notes
    }
}

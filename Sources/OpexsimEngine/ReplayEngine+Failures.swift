import OpexsimFailures
import OpexsimMetrics
import OpexsimPolicies
import OpexsimTraces

extension ReplayEngine {
    /// Schedules the failures of the run, the checkpoints restores will bring back, and the restores.
    func scheduleFailures() {
        for (index, failure) in failures.failures.enumerated() {
            globalEvents.schedule(.failure(index), at: failure.time)
            if let restore = failure.restore, restore.checkpointsRestored, let backupStart = restore.backupStart {
                // The replay's history before its start is empty: a backup older than the start holds that.
                globalEvents.schedule(.checkpoint(index), at: min(failure.time, max(start, backupStart)))
            }
        }
    }

    /// Applies failure `index` at `time` (every series has been replayed up to `time`).
    func inject(_ index: Int, at time: TraceInstant) {
        let failure = failures.failures[index]
        let tracePods = trace.pods
        let names = trace.names
        let startup = options.startupDelay
        var incident = Incident(name: failure.name, kind: failure.action.kind, time: time, targets: [], series: [],
                                recoveredAt: nil, restore: failure.restore)
        func podName(_ pod: Int) -> String { "\(names[tracePods[pod].namespace])/\(names[tracePods[pod].pod])" }
        switch failure.action {
        case .podKill(let grace):
            for pod in failure.pods where takeDown(pod: pod, at: time, until: time + grace + startup, recreate: true, into: &incident) {
                incident.targets.append(podName(pod))
            }
        case .podFailure(let duration):
            for pod in failure.pods where takeDown(pod: pod, at: time, until: time + duration + startup, recreate: false, into: &incident) {
                incident.targets.append(podName(pod))
            }
        case .containerKill:
            for series in failure.series where killContainer(series, at: time) {
                incident.series.append(series)
                incident.targets.append("\(podName(trace.series[series].podIndex))/\(names[trace.series[series].container])")
            }
        case .stress(let cpu, let memory, let duration, _):
            let until = duration.map { time + $0 } ?? .max
            for series in failure.series {
                stressWindows[series, default: []].append(StressWindow(from: time, until: until, cpuCores: cpu, memoryBytes: memory))
                states[series].stressed = true
                incident.targets.append("\(podName(trace.series[series].podIndex))/\(names[trace.series[series].container])")
            }
            incident.recoveredAt = duration.map { time + $0 }
        case .nodeLoss, .spotInterruption:
            guard let node = failure.node ?? randomNode(failure.nodePick) else { break }
            // When the replacements are created: after the node monitor grace period and the pods'
            // toleration for a lost node; at once for a drained spot node, whose pods are evicted
            // (graceful termination, within the notice).
            let replacedAfter: Int64
            switch failure.action {
            case .nodeLoss(let toleration): replacedAfter = NodeFailureTimeline.monitorGracePeriod + toleration
            case .spotInterruption(let notice, true): replacedAfter = min(options.terminationGracePeriod, notice)
            default: replacedAfter = NodeFailureTimeline.monitorGracePeriod + FailureAction.defaultToleration
            }
            incident.targets.append("node/\(node)")
            var pods = Set<Int>()
            for series in 0..<states.count where currentNode[series] == node {
                guard states[series].recordedIndex != .max, states[series].cursor < states[series].end else { continue }
                pods.insert(trace.series[series].podIndex)
            }
            // The replacements run on a new node, which later failures can strike in turn.
            let base = node.split(separator: "~").first.map(String.init) ?? node
            let replacement = "\(base)~\(replacementNodes[base, default: 0] + 1)"
            if !pods.isEmpty { replacementNodes[base, default: 0] += 1 }
            for pod in pods.sorted() {
                // Without a spare node in its pool, the replacement also waits for a new node.
                let newNode = capacity.flatMap { capacity in capacity.podPool[pod].map { capacity.replacementNodeDelay(pool: $0) } } ?? 0
                let comeback = time + replacedAfter + newNode + startup
                if takeDown(pod: pod, at: time, until: comeback, recreate: true, into: &incident) {
                    incident.targets.append(podName(pod))
                }
                // The replacements run elsewhere: a later loss of this node does not hit them.
                for series in tracePods[pod].series { currentNode[series] = replacement }
            }
        case .namespaceDeletion:
            guard let namespace = failure.namespace else { break }
            let restore = failure.restore
            let comeback: TraceInstant? = restore?.backupStart == nil ? nil : time + restore!.restoreTime + startup
            for pod in failure.pods where takeDown(pod: pod, at: time, until: comeback, recreate: true, into: &incident) {
                incident.targets.append(podName(pod))
            }
            // Pods the trace creates while the namespace is gone cannot exist before the restore: they
            // start with it (or never, without one).
            let hit = Set(failure.pods)
            for pod in tracePods.indices where !hit.contains(pod) && names[tracePods[pod].namespace] == namespace {
                var held = false
                for series in tracePods[pod].series where holdBack(series, until: comeback) { held = true }
                if held { incident.targets.append(podName(pod)) }
            }
            if incident.targets.isEmpty { incident.targets.append(namespace) }
            namespaceObserver?.record(namespace: .deleted(namespace: namespace))
            if let restore, restore.backupStart != nil {
                globalEvents.schedule(.namespaceRestored(index), at: time + restore.restoreTime)
            }
        }
        if incident.series.isEmpty && failure.action.takesDown && failure.action != .namespaceDeletion {
            missedFailures.append("\(failure.name) at \(TraceTime.format(time)): nothing it targets was running")
            return
        }
        incidents.append(incident)
    }

    /// The node a random node failure strikes: drawn with `pick` among the nodes that run pods now
    /// (a replacement node included), by name; nil when none does.
    func randomNode(_ pick: UInt64?) -> String? {
        guard let pick else { return nil }
        var running = Set<String>()
        for series in 0..<states.count {
            guard let node = currentNode[series], states[series].recordedIndex != .max, states[series].cursor < states[series].end else { continue }
            running.insert(node)
        }
        let nodes = running.sorted()
        return nodes.isEmpty ? nil : nodes[Int(pick % UInt64(nodes.count))]
    }

    /// A backup that a later restore uses captures the namespace's VPA checkpoints.
    func checkpoint(for index: Int) {
        guard let namespace = failures.failures[index].namespace else { return }
        namespaceObserver?.record(namespace: .checkpointed(namespace: namespace, snapshot: index))
    }

    /// The restore of failure `index` has brought the namespace's objects back.
    func namespaceRestored(for index: Int) {
        let failure = failures.failures[index]
        guard let namespace = failure.namespace, let restore = failure.restore else { return }
        namespaceObserver?.record(namespace: .restored(namespace: namespace, snapshot: restore.checkpointsRestored ? index : nil))
    }

    /// Stops every live container of `pod` at `time` until `until` (nil: for good). With `recreate`, a
    /// replacement pod comes back (admitted anew, its backoff reset); otherwise the containers restart
    /// in place. Returns true when the pod was running or had samples left.
    @discardableResult
    func takeDown(pod: Int, at time: TraceInstant, until: TraceInstant?, recreate: Bool, into incident: inout Incident) -> Bool {
        var hit = false
        for series in trace.pods[pod].series where stop(series, at: time, until: until, recreate: recreate) {
            incident.series.append(series)
            hit = true
        }
        return hit
    }

    /// Stops one container (see `takeDown`); false when it has not started or has no samples left.
    func stop(_ series: Int, at time: TraceInstant, until: TraceInstant?, recreate: Bool) -> Bool {
        var state = states[series]
        guard state.recordedIndex != .max, state.cursor < state.end else { return false }
        if state.isUp {
            state.isUp = false
            state.downStart = time
        }
        if recreate {
            state.recreating = true
            state.backoff = CrashLoopBackOff()
        }
        scheduleRestart(series, of: &state, at: until)
        states[series] = state
        return true
    }

    /// Sets when a down container comes back and queues it; nil, or a time past its last sample,
    /// means never.
    func scheduleRestart(_ series: Int, of state: inout ReplicaState, at time: TraceInstant?) {
        if let time, time < seriesLastTime[series] {
            state.restartAt = time
            localEvents.schedule(series, at: time)
        } else {
            state.restartAt = .max
        }
    }

    /// Keeps a container whose pod the trace has not created yet down from its creation until `until`
    /// (nil: for good), when its pod is created anew. False when it starts at or after `until` or has
    /// already started.
    func holdBack(_ series: Int, until: TraceInstant?) -> Bool {
        var state = states[series]
        guard state.previousTime == .min, state.cursor < state.end else { return false }
        let created = columns!.time[state.cursor] - seriesInterval[series]
        if let until, created >= until { return false }
        state.isUp = false
        state.downStart = created
        state.recreating = true
        scheduleRestart(series, of: &state, at: until)
        states[series] = state
        return true
    }

    /// Chaos Mesh container-kill: the container dies and restarts in place after the CrashLoopBackOff
    /// delay and the start-up, like a crash. False when it was not running.
    func killContainer(_ series: Int, at time: TraceInstant) -> Bool {
        var state = states[series]
        guard state.recordedIndex != .max, state.cursor < state.end, state.isUp else { return false }
        let delay = state.backoff.delay(crashAt: time, runningSince: state.upSince)
        state.isUp = false
        state.downStart = time
        scheduleRestart(series, of: &state, at: time + delay + options.startupDelay)
        states[series] = state
        return true
    }

    /// Each incident's recovery from the containers' down spans: the end of the span that covers the
    /// failure, the latest over its containers; nil while one is still down at the end.
    func finishIncidents() -> [Incident] {
        incidents.map { incident in
            var incident = incident
            guard !incident.series.isEmpty else { return incident }
            var recovered: TraceInstant? = incident.time
            for series in incident.series {
                let state = states[series]
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
    }
}

extension FailureAction {
    /// True for failures that take containers down (all but stress).
    var takesDown: Bool {
        if case .stress = self { return false }
        return true
    }

    /// The kind's name in reports.
    public var kind: String {
        switch self {
        case .podKill: return "pod-kill"
        case .podFailure: return "pod-failure"
        case .containerKill: return "container-kill"
        case .stress: return "stress"
        case .nodeLoss: return "node-loss"
        case .spotInterruption: return "spot-interruption"
        case .namespaceDeletion: return "namespace-deletion"
        }
    }
}

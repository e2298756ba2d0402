import OpexsimFailures
import OpexsimMetrics
import OpexsimPolicies
import OpexsimTraces

/// What node losses, spot interruptions and namespace deletions do.
extension FailureInjector {
    /// A node is lost: its pods are replaced after the node monitor grace period and their toleration
    /// for a lost node (at once for a drained spot node, whose pods are evicted within the notice),
    /// on a new node, which later failures can strike in turn.
    func loseNode(_ node: String, _ action: FailureAction, at time: TraceInstant, into incident: inout Incident) {
        let replacedAfter: Int64
        switch action {
        case .nodeLoss(let toleration): replacedAfter = NodeFailureTimeline.monitorGracePeriod + toleration
        case .spotInterruption(let notice, true): replacedAfter = min(engine.options.terminationGracePeriod, notice)
        default: replacedAfter = NodeFailureTimeline.monitorGracePeriod + FailureAction.defaultToleration
        }
        incident.targets.append("node/\(node)")
        var pods = Set<Int>()
        for series in 0..<engine.states.count where currentNode[series] == node && engine.isLive(series: series) {
            pods.insert(engine.trace.series[series].podIndex)
        }
        let base = node.split(separator: "~").first.map(String.init) ?? node
        let replacement = "\(base)~\(replacementNodes[base, default: 0] + 1)"
        if !pods.isEmpty { replacementNodes[base, default: 0] += 1 }
        for pod in pods.sorted() {
            // Without a spare node in its pool, the replacement also waits for a new node.
            let newNode =
                capacity.flatMap { capacity in
                    capacity.cluster.placement.podPool[pod].map { capacity.cluster.replacementNodeDelay(pool: $0) }
                } ?? 0
            let comeback = time + replacedAfter + newNode + engine.options.startupDelay
            if takeDown(pod, at: time, until: comeback, recreate: true, into: &incident) {
                incident.targets.append(podName(pod))
            }
            // The replacements run elsewhere: a later loss of this node does not hit them.
            for series in engine.trace.pods[pod].series { currentNode[series] = replacement }
        }
    }

    /// The node a random node failure strikes: drawn with `pick` among the nodes that run pods now
    /// (a replacement node included), by name; nil when none does.
    func randomNode(_ pick: UInt64?) -> String? {
        guard let pick else { return nil }
        var running = Set<String>()
        for series in 0..<engine.states.count {
            guard let node = currentNode[series], engine.isLive(series: series) else { continue }
            running.insert(node)
        }
        let nodes = running.sorted()
        return nodes.isEmpty ? nil : nodes[Int(pick % UInt64(nodes.count))]
    }

    /// A namespace is deleted: its pods go down until the restore (for good without a backup), pods
    /// the trace creates meanwhile start with the restore, and the policy forgets what it kept there.
    func deleteNamespace(_ namespace: String, failure index: Int, at time: TraceInstant, into incident: inout Incident)
    {
        let failure = failures.failures[index]
        let trace = engine.trace
        let restore = failure.restore
        let comeback: TraceInstant? =
            restore?.backupStart == nil ? nil : time + restore!.restoreTime + engine.options.startupDelay
        takeDown(failure.pods, at: time, until: comeback, recreate: true, into: &incident)
        // Pods the trace creates while the namespace is gone cannot exist before the restore: they
        // start with it (or never, without one).
        let hit = Set(failure.pods)
        for pod in trace.pods.indices
        where !hit.contains(pod) && trace.names[trace.pods[pod].namespaceName] == namespace {
            var held = false
            for series in trace.pods[pod].series where engine.holdBack(series, until: comeback) { held = true }
            if held { incident.targets.append(podName(pod)) }
        }
        if incident.targets.isEmpty { incident.targets.append(namespace) }
        engine.driver.record(namespace: .deleted(namespace: namespace))
        if let restore, restore.backupStart != nil {
            engine.schedule(at: time + restore.restoreTime) { [unowned self] _ in namespaceRestored(for: index) }
        }
    }

    /// A backup that a later restore uses captures the namespace's VPA checkpoints.
    func checkpoint(for index: Int) {
        guard let namespace = failures.failures[index].namespace else { return }
        engine.driver.record(namespace: .checkpointed(namespace: namespace, snapshot: index))
    }

    /// The restore of failure `index` has brought the namespace's objects back.
    func namespaceRestored(for index: Int) {
        let failure = failures.failures[index]
        guard let namespace = failure.namespace, let restore = failure.restore else { return }
        engine.driver.record(
            namespace: .restored(namespace: namespace, snapshot: restore.checkpointsRestored ? index : nil))
    }
}

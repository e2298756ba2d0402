import OpexsimFailures
import OpexsimMetrics
import OpexsimPolicies
import OpexsimTraces

/// What node losses, spot interruptions and namespace deletions do.
extension FailureInjector {
    /// A node is lost: its pods are replaced after the node monitor grace period and their toleration
    /// for a lost node (at once for a drained spot node, whose pods are evicted within the notice).
    /// Without node pools the node is one the trace recorded (named, or drawn among those running pods)
    /// and the replacements run on a new node (`node-a~1`) that later failures can strike in turn.
    /// With node pools it is a node the scenario packed its pods onto: for a node of the trace, the
    /// scenario's node (`general-0`: pool and index) that runs most of the pods the trace recorded
    /// there, or one drawn among the scenario's nodes that run pods; the replacements wait for a new
    /// node when the pool has no spare one.
    func loseNode(_ failure: ScheduledFailure, at time: TraceInstant, into incident: inout Incident) {
        let replacedAfter = Self.replacedAfter(failure.action, gracePeriod: engine.options.terminationGracePeriod)
        if let capacity {
            let placement = capacity.cluster.placement
            let names = capacity.cluster.nodeNames
            let node =
                failure.node.map { packedNode(runningPodsOf: $0, placement: placement) }
                ?? failure.nodePick.flatMap {
                    pick(among: Array(Set(placement.podNode.compactMap { $0 })), by: names, pick: $0)
                }
            guard let node else { return }
            incident.targets.append("node/\(names[node])")
            let newNode = capacity.cluster.replacementNodeDelay(pool: placement.packing.nodes[node].pool)
            let comeback = time + replacedAfter + newNode + engine.options.startupDelay
            for pod in placement.podNode.indices
            where placement.podNode[pod] == node
                && takeDown(pod, at: time, until: comeback, recreate: true, into: &incident)
            {
                incident.targets.append(podName(pod))
            }
            return
        }
        guard let node = failure.node ?? randomNode(failure.nodePick) else { return }
        incident.targets.append("node/\(node)")
        var pods = Set<Int>()
        for series in 0..<engine.states.count where currentNode[series] == node && engine.isLive(series: series) {
            pods.insert(engine.trace.series[series].podIndex)
        }
        let base = node.split(separator: "~").first.map(String.init) ?? node
        let replacement = "\(base)~\(replacementNodes[base, default: 0] + 1)"
        if !pods.isEmpty { replacementNodes[base, default: 0] += 1 }
        let comeback = time + replacedAfter + engine.options.startupDelay
        for pod in pods.sorted() {
            if takeDown(pod, at: time, until: comeback, recreate: true, into: &incident) {
                incident.targets.append(podName(pod))
            }
            // The replacements run elsewhere: a later loss of this node does not hit them.
            for series in engine.trace.pods[pod].series { currentNode[series] = replacement }
        }
    }

    /// When a lost node's pods are replaced: after the node monitor grace period and their
    /// toleration for a lost node; at once for a drained spot node, whose pods are evicted (graceful
    /// termination, within the notice).
    static func replacedAfter(_ action: FailureAction, gracePeriod: Int64) -> Int64 {
        switch action {
        case .nodeLoss(let toleration): return NodeFailureTimeline.monitorGracePeriod + toleration
        case .spotInterruption(let notice, true): return min(gracePeriod, notice)
        default: return NodeFailureTimeline.monitorGracePeriod + FailureAction.defaultToleration
        }
    }

    /// The scenario's node that runs most of the live pods the trace recorded on node `name` (the first
    /// such node on a tie), nil when none runs.
    func packedNode(runningPodsOf name: String, placement: PackingState) -> Int? {
        var count: [Int: Int] = [:]
        for series in 0..<engine.states.count where engine.isLive(series: series) {
            let recorded = engine.trace.series[series].nodeName
            guard recorded >= 0, engine.trace.names[recorded] == name,
                let node = placement.podNode[engine.trace.series[series].podIndex]
            else { continue }
            count[node, default: 0] += 1
        }
        return count.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
    }

    /// One of `nodes` drawn with `pick`, in the order of their names; nil when there is none.
    func pick(among nodes: [Int], by names: [String], pick: UInt64) -> Int? {
        let sorted = nodes.sorted { names[$0] < names[$1] }
        return sorted.isEmpty ? nil : sorted[Int(pick % UInt64(sorted.count))]
    }

    /// The node a random node failure strikes without node pools: drawn with `pick` among the nodes
    /// of the trace that run pods now (a replacement node included), by name; nil when none does.
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
        // Pods the backup does not hold (its label selector leaves them out) never come back.
        let unrestored = Set(restore?.unrestoredPods ?? [])
        takeDown(
            failure.pods.filter { !unrestored.contains($0) }, at: time, until: comeback, recreate: true, into: &incident
        )
        takeDown(failure.pods.filter(unrestored.contains), at: time, until: nil, recreate: true, into: &incident)
        // Pods the trace creates while the namespace is gone cannot exist before the restore: they
        // start with it (or never, without one).
        let hit = Set(failure.pods)
        for pod in trace.pods.indices
        where !hit.contains(pod) && trace.names[trace.pods[pod].namespaceName] == namespace {
            var held = false
            let until = unrestored.contains(pod) ? nil : comeback
            for series in trace.pods[pod].series where engine.holdBack(series, until: until) { held = true }
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

import OpexsimTraces

/// What placing failures needs to know about a trace: when each pod runs, where, and by what names.
struct TraceIndex {
    let trace: Trace
    /// Per pod: from one interval before its first sample to its last sample.
    let podSpan: [(start: TraceInstant, end: TraceInstant)]
    /// Per pod: the nodes its replicas ran on.
    let podNodes: [Set<String>]
    let nodeNames: Set<String>
    let namespaces: Set<String>
    /// Per pod: its recorded labels and annotations, nil where the trace has none.
    let podLabels: [LabelSet?]
    let podAnnotations: [LabelSet?]

    init(_ trace: Trace) {
        self.trace = trace
        podSpan = trace.pods.map { pod in
            var start = TraceInstant.max, end = TraceInstant.min
            for series in pod.series {
                let entry = trace.series[series]
                guard !entry.range.isEmpty else { continue }
                start = min(start, trace.time[entry.range.lowerBound] - entry.interval)
                end = max(end, trace.time[entry.range.upperBound - 1])
            }
            return (start, end)
        }
        podNodes = trace.pods.map { pod in
            Set(pod.series.compactMap { trace.series[$0].nodeName >= 0 ? trace.names[trace.series[$0].nodeName] : nil })
        }
        nodeNames = podNodes.reduce(into: Set<String>()) { $0.formUnion($1) }
        namespaces = Set(trace.workloads.map { trace.names[$0.namespaceName] })
        podLabels = trace.pods.indices.map { trace.labels(ofPod: $0) }
        podAnnotations = trace.pods.indices.map { trace.annotations(ofPod: $0) }
    }

    /// Pods without recorded labels.
    var podsWithoutLabels: Int { podLabels.lazy.filter { $0 == nil }.count }

    /// Pods running at `time`, in pod order.
    func pods(liveAt time: TraceInstant) -> [Int] {
        podSpan.indices.filter { podSpan[$0].start <= time && time <= podSpan[$0].end }
    }

    /// Nodes with a running pod at `time`, sorted by name.
    func nodes(liveAt time: TraceInstant) -> [String] {
        pods(liveAt: time).reduce(into: Set<String>()) { $0.formUnion(podNodes[$1]) }.sorted()
    }

    /// True when `pod` matches every part of `selector` that is set.
    func matches(pod: Int, _ selector: TargetSelector) -> Bool {
        let entry = trace.pods[pod]
        let namespace = trace.names[entry.namespaceName]
        if !selector.namespaces.isEmpty && !selector.namespaces.contains(namespace) { return false }
        if !selector.workloads.isEmpty && !selector.workloads.contains(trace.names[entry.workloadName]) { return false }
        if !selector.pods.isEmpty && !(selector.pods[namespace]?.contains(trace.names[entry.podName]) ?? false) {
            return false
        }
        if !selector.nodes.isEmpty && podNodes[pod].isDisjoint(with: selector.nodes) { return false }
        if !selector.labels.isEmpty {
            if let labels = podLabels[pod] {
                if !selector.labels.matches(labels) { return false }
            } else if !Self.matchesByName(selector.labels, workload: trace.names[entry.workloadName]) {
                return false
            }
        }
        if !selector.annotations.isEmpty {
            guard let annotations = podAnnotations[pod], selector.annotations.matches(annotations) else { return false }
        }
        return true
    }

    /// A pod without recorded labels is taken to carry each conventional name label
    /// (`TargetSelector.workloadLabelKeys`) with its workload's name and nothing else is known: a
    /// requirement on another key matches nothing.
    static func matchesByName(_ requirements: [LabelRequirement], workload: String) -> Bool {
        let keys = TargetSelector.workloadLabelKeys
        guard requirements.allSatisfy({ keys.contains($0.key) }) else { return false }
        return requirements.matches(LabelSet(Dictionary(uniqueKeysWithValues: keys.map { ($0, workload) })))
    }

    /// What the report should say about how `selector` meets the trace's labels, if anything: that
    /// labels were matched against workload names, or that a requirement cannot be matched.
    func labelNotes(_ selector: TargetSelector) -> [String] {
        var notes: [String] = []
        let unlabelled = podsWithoutLabels
        if !selector.labels.isEmpty && unlabelled > 0 {
            let whose =
                unlabelled == podLabels.count
                ? "the trace records no pod labels" : "\(unlabelled) of \(podLabels.count) pods have no recorded labels"
            let names = selector.labels.filter { TargetSelector.workloadLabelKeys.contains($0.key) }.map(\.description)
            let others = selector.labels.filter { !TargetSelector.workloadLabelKeys.contains($0.key) }.map(
                \.description)
            var text = "\(whose), so "
            if others.isEmpty {
                text += "its labels (\(names.joined(separator: ", "))) were matched against workload names"
            } else {
                text +=
                    "it selects none of them: \(others.joined(separator: ", ")) needs recorded labels (a labels column, or kube_pod_labels when importing from Prometheus)"
            }
            notes.append(text)
        }
        if !selector.annotations.isEmpty && podAnnotations.contains(where: { $0 == nil }) {
            let count = podAnnotations.lazy.filter { $0 == nil }.count
            let whose =
                count == podAnnotations.count
                ? "the trace records no pod annotations"
                : "\(count) of \(podAnnotations.count) pods have no recorded annotations"
            notes.append("\(whose), so its annotationSelectors select none of them")
        }
        return notes
    }

    /// When the first thing `spec` targets runs: the earliest first sample of a pod its selector
    /// matches (of a pod on its node, for a node loss), nil when nothing matches. A replica runs from
    /// its first sample on: before it, the replay has not started it.
    func firstRun(of spec: FailureSpec) -> TraceInstant? {
        switch spec.action {
        case .nodeLoss, .spotInterruption:
            guard let node = spec.node else { return nil }
            return podSpan.indices.filter { podNodes[$0].contains(node) }.map(podSeriesFirstSample).min()
        case .namespaceDeletion:
            return nil
        case .podKill, .podFailure, .containerKill, .stress:
            return podSpan.indices.filter { matches(pod: $0, spec.selector) }.map(podSeriesFirstSample).min()
        }
    }

    /// The time of the first sample of any container of `pod`.
    func podSeriesFirstSample(_ pod: Int) -> TraceInstant {
        trace.pods[pod].series.lazy.map { self.trace.series[$0] }.filter { !$0.range.isEmpty }
            .map { self.trace.time[$0.range.lowerBound] }.min() ?? .max
    }

    /// The containers (series) of `pod` named in `names`; all of them when `names` is empty, or only
    /// the first (Chaos Mesh's container-kill default) with `firstWhenEmpty`.
    func containers(of pod: Int, named names: [String], firstWhenEmpty: Bool) -> [Int] {
        let series = trace.pods[pod].series
        if names.isEmpty { return firstWhenEmpty ? Array(series.prefix(1)) : Array(series) }
        return series.filter { names.contains(trace.names[trace.series[$0].containerName]) }
    }
}

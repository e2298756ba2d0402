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
    }

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
        return true
    }

    /// The containers (series) of `pod` named in `names`; all of them when `names` is empty, or only
    /// the first (Chaos Mesh's container-kill default) with `firstWhenEmpty`.
    func containers(of pod: Int, named names: [String], firstWhenEmpty: Bool) -> [Int] {
        let series = trace.pods[pod].series
        if names.isEmpty { return firstWhenEmpty ? Array(series.prefix(1)) : series }
        return series.filter { names.contains(trace.names[trace.series[$0].containerName]) }
    }
}

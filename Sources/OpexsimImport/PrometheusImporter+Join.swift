import OpexsimTraces

extension PrometheusImporter {
    /// Writes one row per container and time at which CPU or memory has a point, in (namespace,
    /// pod, container, time) order.
    static func join(_ collection: Collection, workloads: [PodKey: String], into sink: inout ImportSink) throws {
        let empty: [ContainerKey: [Point]] = [:]
        let cpu = collection.tables[.cpu] ?? empty
        let memory = collection.tables[.memory] ?? empty
        let throttling = collection.tables[.throttling] ?? empty
        let oom = collection.tables[.oom] ?? empty
        let recordsOOM = collection.roles.contains(.oom)
        var unmatchedKills = 0

        for key in Set(cpu.keys).union(memory.keys).sorted() {
            let cpuPoints = cpu[key] ?? [], memoryPoints = memory[key] ?? []
            let podKey = key.podKey
            let workload = workloads[podKey] ?? PodNameRule.workload(ofPod: key.pod)
            let node = collection.nodes[podKey]
            let labels = collection.podLabels[podKey].map { LabelSet($0) }
            let annotations = collection.podAnnotations[podKey].map { LabelSet($0) }
            var kills = oom[key].map { killStarts($0, step: collection.oomSteps[key] ?? .max) } ?? []
            var c = 0, m = 0
            while c < cpuPoints.count || m < memoryPoints.count {
                let time = min(
                    c < cpuPoints.count ? cpuPoints[c].time : .max, m < memoryPoints.count ? memoryPoints[m].time : .max
                )
                var cores: Double?, bytes: Double?
                if c < cpuPoints.count && cpuPoints[c].time == time {
                    cores = cpuPoints[c].value
                    c += 1
                }
                if m < memoryPoints.count && memoryPoints[m].time == time {
                    bytes = memoryPoints[m].value
                    m += 1
                }
                guard let cores else {
                    sink.drop("rows with memory but no CPU")
                    continue
                }
                let settings = try checkedSettings(of: key, at: time, in: collection)
                var killed = false
                if let first = kills.first, first <= time {
                    killed = true
                    kills.removeAll { $0 <= time }
                }
                try sink.append(
                    CanonicalRow(
                        time: time, namespace: key.namespace, workload: workload, container: key.container,
                        pod: key.pod,
                        cpuCores: cores, memoryBytes: bytes,
                        settings: settings,
                        node: node,
                        throttledRatio: throttling[key].flatMap { exactValue($0, at: time) },
                        oomKilled: recordsOOM ? killed : nil, labels: labels, annotations: annotations))
            }
            unmatchedKills += kills.count
        }
        for key in oom.keys where cpu[key] == nil && memory[key] == nil {
            unmatchedKills += killStarts(oom[key] ?? [], step: collection.oomSteps[key] ?? .max).count
        }
        if unmatchedKills > 0 {
            sink.drop("OOM kills with no CPU row at or after them", count: unmatchedKills)
        }
    }

    /// `settings(of:at:in:)`, refused where a request is above its limit (`checkSettings`).
    static func checkedSettings(of key: ContainerKey, at time: TraceInstant, in collection: Collection) throws
        -> ResourceSettings
    {
        let settings = settings(of: key, at: time, in: collection)
        try checkSettings(settings, of: key, at: time, in: collection)
        return settings
    }

    /// The requests and limits of a container at `time`, from the settings series.
    static func settings(of key: ContainerKey, at time: TraceInstant, in collection: Collection) -> ResourceSettings {
        func value(_ table: Table) -> Double? { settingValue(collection.tables[table]?[key], at: time) }
        return ResourceSettings(
            cpuRequest: value(.cpuRequest), cpuLimit: value(.cpuLimit), memoryRequest: value(.memoryRequest),
            memoryLimit: value(.memoryLimit))
    }

    /// The starts of the runs of points with value 1: a run ends at a 0 or at a missing step (two
    /// points more than `step`, the query step, apart).
    static func killStarts(_ points: [Point], step: Int64) -> [TraceInstant] {
        var starts: [TraceInstant] = []
        var previous: Point?
        for point in points {
            let on = point.value >= 0.5
            let continues = previous.map { $0.value >= 0.5 && point.time - $0.time <= step } ?? false
            if on && !continues { starts.append(point.time) }
            previous = point
        }
        return starts
    }

    /// A request or limit at `time`: the point at `time`, else the latest earlier one, else the first
    /// (kube-state-metrics can start reporting a pod after its first usage point; settings are fixed
    /// for a pod's life).
    static func settingValue(_ points: [Point]?, at time: TraceInstant) -> Double? {
        settingPoint(points, at: time)?.value
    }

    /// The point `settingValue` takes its value from.
    static func settingPoint(_ points: [Point]?, at time: TraceInstant) -> Point? {
        guard let points, !points.isEmpty else { return nil }
        let index = firstIndex(after: time, in: points)
        return index > 0 ? points[index - 1] : points[0]
    }

    /// The value of the point exactly at `time`, if any.
    static func exactValue(_ points: [Point], at time: TraceInstant) -> Double? {
        let index = firstIndex(after: time, in: points)
        return index > 0 && points[index - 1].time == time ? points[index - 1].value : nil
    }

    /// The index of the first point later than `time` (binary search over time-sorted points).
    private static func firstIndex(after time: TraceInstant, in points: [Point]) -> Int {
        var low = 0, high = points.count
        while low < high {
            let middle = (low + high) / 2
            if points[middle].time <= time { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

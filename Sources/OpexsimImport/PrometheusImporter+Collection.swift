import OpexsimTraces

extension PrometheusImporter {
    /// A container of a pod: the key every point is joined on.
    struct ContainerKey: Hashable, Comparable {
        var namespace: String
        var pod: String
        var container: String

        var podKey: PodKey { PodKey(namespace: namespace, name: pod) }

        static func < (a: ContainerKey, b: ContainerKey) -> Bool {
            (a.namespace, a.pod, a.container) < (b.namespace, b.pod, b.container)
        }
    }

    /// A pod, or (for `kube_replicaset_owner`) a ReplicaSet, in its namespace.
    struct PodKey: Hashable, Comparable {
        var namespace: String
        var name: String

        static func < (a: PodKey, b: PodKey) -> Bool { (a.namespace, a.name) < (b.namespace, b.name) }
    }

    /// The per-container point tables the join reads.
    enum Table {
        case cpu, memory, throttling, oom, cpuRequest, cpuLimit, memoryRequest, memoryLimit
    }

    /// The controller a `kube_pod_owner` or `kube_replicaset_owner` series names.
    struct Owner {
        var kind: String
        var name: String
        var isController: Bool
    }

    /// Everything read from the answers, keyed for the join.
    struct Collection {
        var tables: [Table: [ContainerKey: [Point]]] = [:]
        var podOwners: [PodKey: Owner] = [:]
        var replicaSetOwners: [PodKey: Owner] = [:]
        /// Pod labels and annotations from `kube_pod_labels` and `kube_pod_annotations`.
        var podLabels: [PodKey: [String: String]] = [:]
        var podAnnotations: [PodKey: [String: String]] = [:]
        /// True when a `kube_pod_labels` or `kube_pod_annotations` answer was given (even empty).
        var readsLabels = false
        var readsAnnotations = false
        /// Workload names found in labels of CPU or memory series.
        var workloadLabels: [PodKey: String] = [:]
        var nodes: [PodKey: String] = [:]
        /// Roles of the files given (by flag or by metric name), even of empty answers.
        var roles: Set<PrometheusRole> = []
        /// The step of the answer each container's OOM points came from (the smallest, if several).
        var oomSteps: [ContainerKey: Int64] = [:]
        var throttlingNaN = 0
        var throttlingClamped = 0
        var otherResources: Set<String> = []
        var otherReasons: Set<String> = []
        /// Points that fell on the same container and time as a point of another series.
        var duplicatePoints = 0
        /// The earliest and latest CPU points kept, for `checkSpan`.
        var cpuExtremes: (earliest: PointPlace, latest: PointPlace)?
        /// The files that held series of each role.
        var roleFiles: [PrometheusRole: [String]] = [:]
        /// Where each container's request and limit series start (file, offset of the series), for an
        /// error about one of their points.
        var settingsSeries: [Table: [ContainerKey: PointPlace]] = [:]

        /// Sorts each container's points by time, keeping the largest value where series overlap.
        mutating func normalize() {
            for (table, byKey) in tables {
                var result = byKey
                for (key, points) in byKey where !Self.isStrictlyIncreasing(points) {
                    var sorted = points.enumerated().sorted {
                        ($0.element.time, $0.offset) < ($1.element.time, $1.offset)
                    }
                    .map(\.element)
                    var write = 0
                    for read in sorted.indices {
                        if write > 0 && sorted[write - 1].time == sorted[read].time {
                            duplicatePoints += 1
                            if sorted[read].value > sorted[write - 1].value || sorted[write - 1].value.isNaN {
                                sorted[write - 1].value = sorted[read].value
                            }
                        } else {
                            sorted[write] = sorted[read]
                            write += 1
                        }
                    }
                    sorted.removeSubrange(write...)
                    result[key] = sorted
                }
                tables[table] = result
            }
        }

        /// Notes that `path` holds series of `role`.
        mutating func addFile(_ path: String, role: PrometheusRole) {
            if roleFiles[role]?.contains(path) != true { roleFiles[role, default: []].append(path) }
        }

        /// Keeps the earliest and latest of CPU `points` in `cpuExtremes`.
        mutating func noteCPUTimes(_ points: [Point], file: String, seriesOffset: Int) {
            for point in points {
                let place = { PointPlace(time: point.time, file: file, seriesOffset: seriesOffset) }
                guard let extremes = cpuExtremes else {
                    cpuExtremes = (place(), place())
                    continue
                }
                if point.time < extremes.earliest.time { cpuExtremes?.earliest = place() }
                if point.time > extremes.latest.time { cpuExtremes?.latest = place() }
            }
        }

        private static func isStrictlyIncreasing(_ points: [Point]) -> Bool {
            zip(points, points.dropFirst()).allSatisfy { $0.time < $1.time }
        }
    }

    /// The largest value kept: no container uses 10^15 bytes, and larger ones would not survive the
    /// trace's number formatting. CPU, in cores, is kept up to `Quantity.maximumCores`.
    static let plausibleLimit = 1e15

    /// The largest value kept in `table`, and how the drop reason says it.
    static func plausibleLimit(of table: Table) -> (value: Double, text: String) {
        switch table {
        case .cpu, .cpuRequest, .cpuLimit: return (Quantity.maximumCores, "\(Quantity.maximumCoresText) cores")
        default: return (plausibleLimit, "1e15")
        }
    }

    /// Labels that name a pod's workload directly, in order of preference.
    static let workloadLabelNames = ["workload", "owner_name", "deployment", "statefulset", "daemonset"]

    /// Files the points of one answer into `collection`; `role` is the file's role flag, if any.
    static func collect(
        _ response: Response, role: PrometheusRole?, scanner: JSONScanner,
        into collection: inout Collection, sink: inout ImportSink
    ) throws {
        let path = scanner.file
        if let role {
            collection.roles.insert(role)
            collection.addFile(path, role: role)
        }
        if response.series.isEmpty {
            sink.note("\(path): the answer has no series")
            return
        }
        if response.histogramSeries > 0 {
            sink.note("\(path): native histogram samples of \(response.histogramSeries) series ignored")
        }
        for warning in response.warnings { sink.note("\(path): Prometheus warning: \(warning)") }

        let kinds = try response.series.map { try kind(of: $0, fileRole: role, scanner: scanner) }
        let usage = zip(response.series, kinds).filter {
            if case .role = $0.1.kind { return true } else { return false }
        }
        func hasPodLabels(_ series: Series) -> Bool {
            !(series.labels["namespace"] ?? "").isEmpty && !(series.labels["pod"] ?? "").isEmpty
        }
        if !usage.isEmpty && !usage.contains(where: { hasPodLabels($0.0) }) {
            throw scanner.error(
                "series with no namespace/pod labels: none of the \(usage.count) series has both; the query must keep "
                    + "them (aggregate with by (namespace,pod,container))",
                at: usage[0].0.offset)
        }
        // The query step: the smallest step between two points of one series.
        var step = Int64.max
        for series in response.series {
            for (earlier, later) in zip(series.points, series.points.dropFirst()) where later.time > earlier.time {
                step = min(step, later.time - earlier.time)
            }
        }
        for (series, kind) in zip(response.series, kinds) {
            switch kind.kind {
            case .podOwner:
                addOwner(series, key: "pod", to: &collection.podOwners)
            case .replicaSetOwner:
                addOwner(series, key: "replicaset", to: &collection.replicaSetOwners)
            case .podLabels:
                collection.readsLabels = true
                addPodLabels(series, prefix: "label_", to: &collection.podLabels)
            case .podAnnotations:
                collection.readsAnnotations = true
                addPodLabels(series, prefix: "annotation_", to: &collection.podAnnotations)
            case .role(let seriesRole):
                collection.roles.insert(seriesRole)
                collection.addFile(path, role: seriesRole)
                try collectUsage(
                    series, role: seriesRole, resource: kind.resource, step: step, scanner: scanner,
                    into: &collection, sink: &sink)
            }
        }
    }

    /// The kind of one series, and for a kube-state-metrics v1 resource series, its resource.
    private static func kind(of series: Series, fileRole: PrometheusRole?, scanner: JSONScanner) throws
        -> (kind: SeriesKind, resource: String?)
    {
        let name = series.labels["__name__"]
        let recognised = name.map(metricName) ?? .unknown
        let at = series.offset
        switch recognised {
        case .counter(let advice):
            throw scanner.error(
                "series \(series.position) is the raw counter \(name ?? ""): a counter is not a rate; \(advice)", at: at
            )
        case .kind(let kind):
            if let fileRole, kind != .role(fileRole) {
                throw scanner.error("given as \(fileRole.flag), but series \(series.position) is \(name ?? "")", at: at)
            }
            return (kind, nil)
        case .legacyResource(let role, let resource):
            if let fileRole, fileRole != role {
                throw scanner.error("given as \(fileRole.flag), but series \(series.position) is \(name ?? "")", at: at)
            }
            return (.role(role), resource)
        case .unknown:
            if let fileRole { return (.role(fileRole), nil) }
            if let name {
                throw scanner.error(
                    "series \(series.position) is \(name), a metric this importer does not know: give the file a role with "
                        + PrometheusRole.flagList,
                    at: at)
            }
            throw scanner.error(
                "series \(series.position) has no __name__ label (the query applied a function or an aggregation), so what it "
                    + "measures is unknown: give the file a role with \(PrometheusRole.flagList)",
                at: at)
        }
    }

    private static func addOwner(_ series: Series, key: String, to owners: inout [PodKey: Owner]) {
        guard let namespace = series.labels["namespace"], let name = series.labels[key],
            let kind = series.labels["owner_kind"], let ownerName = series.labels["owner_name"],
            kind != "<none>", ownerName != "<none>", !ownerName.isEmpty
        else { return }
        let owner = Owner(kind: kind, name: ownerName, isController: series.labels["owner_is_controller"] != "false")
        let podKey = PodKey(namespace: namespace, name: name)
        if let existing = owners[podKey], existing.isController || !owner.isController { return }
        owners[podKey] = owner
    }

    /// The `label_<key>` (or `annotation_<key>`) labels of a kube-state-metrics series, keys without
    /// the prefix (still in the sanitized form kube-state-metrics writes: `app_kubernetes_io_name`).
    /// A later series of the same pod adds to and overrides an earlier one.
    private static func addPodLabels(_ series: Series, prefix: String, to table: inout [PodKey: [String: String]]) {
        guard let namespace = series.labels["namespace"], let pod = series.labels["pod"] else { return }
        let key = PodKey(namespace: namespace, name: pod)
        // The trace's cells separate pairs with `;`: a value holding one cannot be written.
        for (name, value) in series.labels
        where name.hasPrefix(prefix) && name.count > prefix.count && !value.isEmpty && !value.contains(";") {
            table[key, default: [:]][String(name.dropFirst(prefix.count))] = value
        }
    }

    /// Files the points of a CPU, memory, request, limit, throttling or OOM series.
    private static func collectUsage(
        _ series: Series, role: PrometheusRole, resource legacyResource: String?, step: Int64,
        scanner: JSONScanner, into collection: inout Collection, sink: inout ImportSink
    ) throws {
        // Prometheus never writes an empty label; a hand-made file might.
        let labels = series.labels.filter { !$0.value.isEmpty }
        guard let namespace = labels["namespace"], let pod = labels["pod"] else {
            throw scanner.error(
                "series with no namespace/pod labels: series \(series.position) (labels {\(labels.keys.sorted().joined(separator: ","))}); "
                    + "every series must name its namespace and pod",
                at: series.offset)
        }
        let podKey = PodKey(namespace: namespace, name: pod)
        if let node = labels["node"], collection.nodes[podKey] == nil { collection.nodes[podKey] = node }
        guard let container = labels["container"] else {
            if role == .cpu || role == .memory || role == .throttling {
                sink.drop(
                    "\(role.label) points of pod-level cgroup series (no container label)", count: series.points.count)
            } else {
                sink.drop("\(role.label) points of series without a container label", count: series.points.count)
            }
            return
        }
        if container == "POD" {
            sink.drop("\(role.label) points of the pause container (container=\"POD\")", count: series.points.count)
            return
        }
        let key = ContainerKey(namespace: namespace, pod: pod, container: container)
        guard
            let table = pointTable(
                for: series, role: role, resource: legacyResource, labels: labels, key: key, step: step,
                into: &collection, sink: &sink)
        else { return }
        if table == .oom { try checkOOMFlags(series, scanner: scanner) }
        let kept = usablePoints(of: series, role: role, table: table, into: &collection, sink: &sink)
        if table == .cpu { collection.noteCPUTimes(kept, file: scanner.file, seriesOffset: series.offset) }
        if [.cpuRequest, .cpuLimit, .memoryRequest, .memoryLimit].contains(table),
            collection.settingsSeries[table]?[key] == nil
        {
            collection.settingsSeries[table, default: [:]][key] = PointPlace(
                time: 0, file: scanner.file, seriesOffset: series.offset)
        }
        collection.tables[table, default: [:]][key, default: []].append(contentsOf: kept)
    }

    /// The table a container series' points go to, nil when they are dropped (a resource other than
    /// CPU and memory, an OOM series of another reason); notes the pod's workload label and the OOM
    /// step on the way.
    private static func pointTable(
        for series: Series, role: PrometheusRole, resource legacyResource: String?, labels: [String: String],
        key: ContainerKey, step: Int64, into collection: inout Collection, sink: inout ImportSink
    ) -> Table? {
        switch role {
        case .cpu, .memory:
            let podKey = key.podKey
            if collection.workloadLabels[podKey] == nil,
                let workload = workloadLabelNames.lazy.compactMap({ labels[$0] }).first
            {
                collection.workloadLabels[podKey] = workload
            }
            return role == .cpu ? .cpu : .memory
        case .requests, .limits:
            let resource = legacyResource ?? labels["resource"] ?? ""
            switch resource {
            case "cpu": return role == .requests ? .cpuRequest : .cpuLimit
            case "memory": return role == .requests ? .memoryRequest : .memoryLimit
            default:
                collection.otherResources.insert(resource.isEmpty ? "(no resource label)" : resource)
                sink.drop("\(role.label) points of resources other than cpu and memory", count: series.points.count)
                return nil
            }
        case .throttling:
            return .throttling
        case .oom:
            if let reason = labels["reason"], reason != "OOMKilled" {
                collection.otherReasons.insert(reason)
                sink.drop("OOM points of other termination reasons", count: series.points.count)
                return nil
            }
            collection.oomSteps[key] = min(collection.oomSteps[key] ?? .max, step)
            return .oom
        }
    }

    /// The points of a series that are kept: non-finite, implausible and negative values dropped
    /// and counted, except for throttling ratios, where NaN (no runnable period) is 0 and values
    /// outside 0...1 are clamped.
    private static func usablePoints(
        of series: Series, role: PrometheusRole, table: Table, into collection: inout Collection,
        sink: inout ImportSink
    ) -> [Point] {
        let limit = plausibleLimit(of: table)
        var kept: [Point] = []
        kept.reserveCapacity(series.points.count)
        for var point in series.points {
            if point.value.isNaN && role == .throttling {
                // 0/0: no runnable CFS period in the window, so nothing was throttled.
                collection.throttlingNaN += 1
                point.value = 0
            } else if !point.value.isFinite {
                let text = point.value.isNaN ? "NaN" : point.value > 0 ? "+Inf" : "-Inf"
                sink.drop("\(role.label) points with value \(text)")
                continue
            } else if point.value > limit.value && role != .throttling {
                sink.drop("\(role.label) points with an implausible value (over \(limit.text))")
                continue
            } else if point.value < 0 {
                if role == .throttling {
                    collection.throttlingClamped += 1
                    point.value = 0
                } else {
                    sink.drop("\(role.label) points with a negative value")
                    continue
                }
            } else if role == .throttling && point.value > 1 {
                collection.throttlingClamped += 1
                point.value = 1
            }
            kept.append(point)
        }
        return kept
    }
}

import OpexsimTraces

/// Answers of Prometheus range queries (`/api/v1/query_range`, `"resultType": "matrix"`), one
/// file per query, joined into a canonical trace.
///
/// ## Queries to run
///
/// One range query per role over the window to replay, at a 60 s step, each answer saved as is.
/// `PROM` is the server's address; `START` and `END` are Unix seconds (or RFC 3339):
///
/// ```sh
/// PROM=http://prometheus.monitoring.svc:9090
/// END=$(date -u +%s); START=$((END - 6 * 3600))
///
/// # --cpu: CPU used, cores
/// curl -s "$PROM/api/v1/query_range" -d start=$START -d end=$END -d step=60 --data-urlencode \
///   'query=max(rate(container_cpu_usage_seconds_total{container!="",container!="POD"}[2m])) by (namespace,pod,container)' > cpu.json
/// # --memory: working set, bytes
/// curl -s "$PROM/api/v1/query_range" -d start=$START -d end=$END -d step=60 --data-urlencode \
///   'query=max(container_memory_working_set_bytes{container!="",container!="POD"}) by (namespace,pod,container)' > memory.json
/// # requests and limits (recognised by name; --requests, --limits only for queries that drop __name__)
/// curl -s "$PROM/api/v1/query_range" -d start=$START -d end=$END -d step=60 --data-urlencode \
///   'query=kube_pod_container_resource_requests' > requests.json
/// curl -s "$PROM/api/v1/query_range" -d start=$START -d end=$END -d step=60 --data-urlencode \
///   'query=kube_pod_container_resource_limits' > limits.json
/// # owners, for workload names (recognised by name)
/// curl -s "$PROM/api/v1/query_range" -d start=$START -d end=$END -d step=60 --data-urlencode \
///   'query=kube_pod_owner' > owner.json
/// curl -s "$PROM/api/v1/query_range" -d start=$START -d end=$END -d step=60 --data-urlencode \
///   'query=kube_replicaset_owner' > replicaset_owner.json
/// # --throttling (optional): share of runnable CFS periods throttled, 0..1
/// curl -s "$PROM/api/v1/query_range" -d start=$START -d end=$END -d step=60 --data-urlencode \
///   'query=increase(container_cpu_cfs_throttled_periods_total[2m]) / increase(container_cpu_cfs_periods_total[2m])' > throttling.json
/// # OOM kills (optional; recognised by name, --oom for queries that drop __name__)
/// curl -s "$PROM/api/v1/query_range" -d start=$START -d end=$END -d step=60 --data-urlencode \
///   'query=kube_pod_container_status_last_terminated_reason{reason="OOMKilled"}' > oom.json
///
/// opexsim import --from prometheus --cpu cpu.json --memory memory.json --throttling throttling.json \
///   requests.json limits.json owner.json replicaset_owner.json oom.json -o trace.csv
/// ```
///
/// The `[2m]` window suits scrape intervals up to 30 s (a window should span at least four
/// scrapes). Prometheus answers at most 11,000 steps per series, so at a 60 s step one query covers
/// at most 7.6 days: split longer windows into several files per role and give them all (a point
/// that two files share is kept once). An answer with `"status": "error"` (HTTP 400, 422, 503) is
/// reported with its `errorType` and `error`.
///
/// ## What the files are
///
/// A file's role (`PrometheusRole`: cpu, memory, requests, limits, throttling, oom) is its flag
/// (`roles[path]`), else its series' `__name__`:
/// `container_memory_working_set_bytes` is memory; `kube_pod_container_resource_requests` and
/// `kube_pod_container_resource_limits` (and their kube-state-metrics v1 forms
/// `..._cpu_cores` / `..._memory_bytes`) are requests and limits, `resource="cpu"` in cores and
/// `"memory"` in bytes; `kube_pod_container_status_last_terminated_reason` is OOM;
/// `kube_pod_owner` and `kube_replicaset_owner` are owners. The kubernetes-mixin recording rules
/// `node_namespace_pod_container:container_cpu_usage_seconds_total:sum_rate5m` (and `:sum_irate`)
/// and `node_namespace_pod_container:container_memory_working_set_bytes` are CPU and memory. A raw
/// counter (`container_cpu_usage_seconds_total`, the CFS period counters) is refused: it is not a
/// rate. Series without `__name__` (functions and aggregations drop it) need the file's flag.
///
/// ## The join
///
/// Every point is keyed by (namespace, pod, container) and its own time (series start and end at
/// different steps). One row per container and time at which CPU or memory has a point and CPU
/// has one: `cpu_cores` from CPU, `memory_bytes` from memory (empty where memory has no point);
/// where series overlap (several files, a restarted container), the larger value. Requests and
/// limits are the point at that time, else the latest earlier one (else the first: they are fixed
/// for a pod's life); unset where the container has no such series (kube-state-metrics writes no
/// series for an unset request or limit). `cpu_throttled_ratio` is the point at that time, clamped
/// to 0...1, with `NaN` (no runnable period in the window) written as 0. `oom_killed` is 1 in the
/// row of the first step of each run of `OOMKilled` points (a run after a gap counts again), 0
/// elsewhere. The throttling and OOM columns are written only when such files were given. `node`
/// comes from a `node` label on any series of the pod (kube-state-metrics resource series have it).
///
/// The CPU rate is kept as Prometheus computed it, including where it differs from the usage of
/// that minute: at a pod's first step (the window reaches back before the pod's first sample, so
/// the rate is low), at its last step, and at the step after a pod ended, where `rate()` still
/// sees its last samples (the old pod's tail after a replacement). None of these is counted. The
/// memory, requests and limits of a pod that ended can go on for the 5 minute lookback (data
/// without staleness markers); past the CPU tail they make no rows and count as rows with memory
/// but no CPU.
///
/// ## Workloads
///
/// A pod's workload is, in order: a `workload`, `owner_name`, `deployment`, `statefulset` or
/// `daemonset` label on its CPU or memory series; its `kube_pod_owner` controller, where a
/// ReplicaSet is mapped to its Deployment by `kube_replicaset_owner` (or named without its
/// pod-template hash when that series is missing) and a StatefulSet, DaemonSet or Job is used as
/// is; else `PodNameRule` on the pod's name. The summary notes how many pods each rule named.
///
/// ## Dropped (counted in the summary)
///
/// Pod-level cgroup series (CPU, memory or throttling series with no `container` label: Prometheus
/// drops empty labels) and the pause container (`container="POD"`); CPU and memory points that
/// are `NaN`, `±Inf`, negative or over 10^15 (CPU, requests and limits in cores: over 1,000,000); rows
/// with memory but no CPU; requests and limits of other resources (GPUs, ephemeral storage);
/// termination reasons other than `OOMKilled`. A series without `namespace` or `pod` labels is an
/// error, as is an answer that is not a matrix, an OOM value above 1 (a count, not the flag) and CPU
/// points more than `Trace.maximumSpan` apart; every error names the file it is about.
public struct PrometheusImporter: TraceImporter {
    public var options: ImportOptions
    /// The role of each file that has a role flag, by path.
    public var roles: [String: PrometheusRole]

    public init(options: ImportOptions, roles: [String: PrometheusRole] = [:]) {
        self.options = options
        self.roles = roles
    }

    /// Reads every file of `inputs` (`-` is standard input) and joins them into rows.
    public func run(_ inputs: [String]) throws -> ImportSink {
        guard !inputs.isEmpty else {
            throw TraceError(
                file: "prometheus", line: 0, column: 0, message: "no input files: give the answers of the queries")
        }
        var collection = Collection()
        // Drops and notes made while reading, before the optional columns are known.
        var pending = ImportSink()
        for path in inputs {
            let file = try MappedFile(path)
            try file.withBytes { bytes in
                var scanner = JSONScanner(bytes, file: path)
                let response = try Self.readResponse(&scanner)
                try Self.collect(response, role: roles[path], scanner: scanner, into: &collection, sink: &pending)
            }
        }
        collection.normalize()
        guard let cpu = collection.tables[.cpu], cpu.values.contains(where: { !$0.isEmpty }) else {
            throw Self.noCPU(inputs, collection: collection, dropped: pending.dropped)
        }
        try Self.checkSpan(collection)

        var sink = ImportSink(
            throttledRatio: collection.roles.contains(.throttling), oomKilled: collection.roles.contains(.oom),
            labels: collection.readsLabels, annotations: collection.readsAnnotations)
        for (reason, count) in pending.dropped { sink.drop(reason, count: count) }
        for note in pending.notes { sink.note(note) }

        let pods = Set(cpu.keys.map(\.podKey)).sorted()
        let (workloads, rules) = Self.workloads(of: pods, collection)
        try Self.join(collection, workloads: workloads, into: &sink)
        Self.addNotes(collection, pods: pods, workloadRules: rules, to: &sink)
        return sink
    }

    /// The error for inputs without a CPU point to make rows from: about the CPU answers where some
    /// were given, else about all the inputs.
    static func noCPU(_ inputs: [String], collection: Collection, dropped: [(reason: String, count: Int)]) -> TraceError
    {
        guard let files = collection.roleFiles[.cpu], !files.isEmpty else {
            return TraceError(
                file: inputs.joined(separator: ", "), line: 0, column: 0,
                message: "no CPU usage among the inputs: add the answer of the CPU rate query with --cpu")
        }
        let drops = dropped.filter { $0.reason.hasPrefix("CPU points") }.map { "\($0.count) \($0.reason)" }
        return TraceError(
            file: files.joined(separator: ", "), line: 0, column: 0,
            message: "no CPU usage to import: "
                + (drops.isEmpty
                    ? "no series has a point" : "every point was dropped (\(drops.joined(separator: "; ")))"))
    }

    private static func addNotes(
        _ collection: Collection, pods: [PodKey], workloadRules: [WorkloadRule: Int],
        to sink: inout ImportSink
    ) {
        for rule in WorkloadRule.allCases {
            guard let count = workloadRules[rule] else { continue }
            sink.note("workload of \(count) \(count == 1 ? "pod" : "pods") from \(rule.summary)")
        }
        let withoutNode = pods.filter { collection.nodes[$0] == nil }
        if !withoutNode.isEmpty {
            let names = withoutNode.prefix(5).map { "\($0.namespace)/\($0.name)" }.joined(separator: ", ")
            sink.note(
                "node unknown for \(withoutNode.count) of \(pods.count) pods (no series of theirs has a node label): "
                    + names + (withoutNode.count > 5 ? ", ..." : ""))
        }
        if collection.readsLabels {
            let without = pods.filter { collection.podLabels[$0] == nil }
            sink.note(
                "labels of \(pods.count - without.count) of \(pods.count) pods from kube_pod_labels (keys as kube-state-metrics "
                    + "writes them, app.kubernetes.io/name as app_kubernetes_io_name; selectors match either form)")
        }
        if collection.readsAnnotations {
            let with = pods.filter { collection.podAnnotations[$0] != nil }.count
            sink.note("annotations of \(with) of \(pods.count) pods from kube_pod_annotations")
        }
        if collection.throttlingNaN > 0 {
            sink.note(
                "\(collection.throttlingNaN) throttling points were NaN (no runnable CFS period in the window): written as 0"
            )
        }
        if collection.throttlingClamped > 0 {
            sink.note("\(collection.throttlingClamped) throttling ratios outside 0..1 were clamped")
        }
        if collection.duplicatePoints > 0 {
            sink.note(
                "\(collection.duplicatePoints) points shared a container and time with a point of another series "
                    + "(overlapping files or a restarted container's old series): the larger value was kept")
        }
        if !collection.otherResources.isEmpty {
            sink.note(
                "requests and limits of resources other than cpu and memory ignored: "
                    + collection.otherResources.sorted().joined(separator: ", "))
        }
        if !collection.otherReasons.isEmpty {
            sink.note(
                "termination reasons other than OOMKilled ignored: "
                    + collection.otherReasons.sorted().joined(separator: ", "))
        }
    }
}

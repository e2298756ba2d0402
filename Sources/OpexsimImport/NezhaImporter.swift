import OpexsimTraces

/// Nezha (FSE '23) per-pod metric files (`<pod>_metric.csv`): CPU in millicores, memory in MiB,
/// one row a minute. Times come from `Time`, the collector's wall clock (`2022-08-22 03:51:19.6
/// +0000 UTC m=+0.11`, with the Go monotonic suffix dropped), not `TimeStamp`, which one file has
/// 2e8 s too large. The workload comes from the pod name (`PodNameRule`); Nezha records one container
/// per pod, named after the workload. No requests or limits are recorded. A file holds one pod: a
/// row naming another `PodName` than the file's first row is refused with its place.
public struct NezhaImporter: TraceImporter {
    public var options: ImportOptions

    public init(options: ImportOptions) { self.options = options }

    public func run(_ inputs: [String]) throws -> ImportSink {
        var sink = ImportSink()
        let namespace = options.namespace ?? "default"
        // Files are converted on all cores and appended in order.
        _ = try sink.appendFiles(inputs) { path, fileSink in
            try Self.convert(path, namespace: namespace, into: &fileSink)
        }
        return sink
    }

    /// Converts one pod's metric file into `sink`.
    static func convert(_ path: String, namespace: String, into sink: inout ImportSink) throws {
        let table = try DelimitedTable(path: path)
        var columns: (time: Int, pod: Int, cpu: Int, memory: Int)?
        var cpuTotal = 0.0, memoryTotal = 0.0, rows = 0
        /// The pod of the file's first row, and its line.
        var filePod: (pod: String, line: Int)?
        var times = RepeatedTimes()
        try table.forEachRow { row in
            guard let c = columns else {
                columns = try Self.columns(ofHeader: row)
                return
            }
            try row.requireFields(max(c.time, c.pod, c.cpu, c.memory) + 1, "a Nezha metric row")
            let time = try Self.parseTime(row, c.time)
            let millicores = try row.number(c.cpu, "CpuUsage(m)")
            let mebibytes = try row.number(c.memory, "MemoryUsage(Mi)")
            guard millicores >= 0 else { throw row.error(c.cpu, "CpuUsage(m): negative value \(millicores)") }
            guard mebibytes >= 0 else { throw row.error(c.memory, "MemoryUsage(Mi): negative value \(mebibytes)") }
            let pod = row.text(c.pod)
            if let first = filePod, first.pod != pod {
                throw row.error(
                    c.pod,
                    "PodName: \(pod) is another pod than the file's \(first.pod) (line \(first.line)): a Nezha metric file holds one pod"
                )
            }
            if filePod == nil { filePod = (pod, row.line) }
            if let earlier = times.note(time, line: row.line) {
                throw row.error(
                    c.time,
                    "Time: \(row.text(c.time)) repeats line \(earlier): a pod has one reading per time (a duplicate sample)"
                )
            }
            let workload = PodNameRule.workload(ofPod: pod)
            cpuTotal += millicores
            memoryTotal += mebibytes
            rows += 1
            try sink.append(
                CanonicalRow(
                    time: time, namespace: namespace, workload: workload, container: workload, pod: pod,
                    cpuCores: millicores / 1000, memoryBytes: mebibytes * 1_048_576), line: row.line)
        }
        let podSeen = filePod?.pod ?? ""
        if rows > 0 && cpuTotal == 0 && memoryTotal == 0 {
            sink.note("\(podSeen): every CPU and memory value is zero (kept: no data was collected for it)")
        } else if rows > 0 && cpuTotal == 0 {
            sink.note("\(podSeen): every CPU value is zero")
        }
    }

    /// Where the header row puts the columns read.
    static func columns(ofHeader row: DelimitedRow) throws -> (time: Int, pod: Int, cpu: Int, memory: Int) {
        let header = row.texts
        func column(_ name: String) throws -> Int {
            guard let index = header.firstIndex(of: name) else {
                throw row.error(
                    0,
                    "not a Nezha metric file: no \(name) column (the header has \(header.prefix(6).joined(separator: ",")),...)"
                )
            }
            return index
        }
        return (try column("Time"), try column("PodName"), try column("CpuUsage(m)"), try column("MemoryUsage(Mi)"))
    }

    /// `2022-08-22 03:51:19.607158889 +0000 UTC m=+0.113112869` as an instant.
    static func parseTime(_ row: DelimitedRow, _ index: Int) throws -> TraceInstant {
        let parts = row.text(index).split(separator: " ")
        guard parts.count >= 3, parts[2].count == 5, let sign = parts[2].first, sign == "+" || sign == "-",
            let hours = Int(parts[2].dropFirst().prefix(2)), let minutes = Int(parts[2].suffix(2)),
            let local = TraceTime.parse("\(parts[0])T\(parts[1])Z")
        else {
            throw row.error(
                index,
                "Time: expected a Go time such as 2022-08-22 03:51:19.607 +0000 UTC, found \"\(row.text(index))\"")
        }
        let offset = Int64(hours * 3600 + minutes * 60) * 1000 * (sign == "-" ? -1 : 1)
        return local - offset
    }
}

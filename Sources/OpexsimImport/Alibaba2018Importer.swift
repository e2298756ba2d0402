import OpexsimTraces

/// Alibaba cluster-trace-v2018 containers: `container_usage.csv` and `container_meta.csv`, without
/// headers, in the column order of the trace's schema. The files may come in any order and are told
/// apart by their width: 11 fields for usage (container_id, machine_id, time_stamp,
/// cpu_util_percent, mem_util_percent, cpi, mem_gps, mpki, net_in, net_out, disk_io_percent), 8 for
/// meta (container_id, machine_id, time_stamp, app_du, status, cpu_request, cpu_limit, mem_size).
///
/// Each usage row takes the settings of its container's latest meta row at or before its time (the
/// container's first meta row when it comes earlier; `status` is not used). Workload = `app_du`,
/// container `container`, pod = `container_id`, node = the usage row's `machine_id`.
///
/// - CPU: `cpu_request` and `cpu_limit` count 100 per core. Assumption: `cpu_util_percent` is
///   relative to the container's request, so cores = cpu_util_percent / 100 × cpu_request / 100.
/// - Memory: `mem_size` is normalized to 100 = one machine (`ImportOptions.machineMemoryBytes`)
///   and is both request and limit; `mem_util_percent` is relative to it, so bytes =
///   mem_util_percent / 100 × mem_size / 100 × machine bytes.
/// - Time: `time_stamp` is seconds from the trace start; the data holds no absolute time, and the
///   default epoch, 2018-01-01T00:00:00Z, is an assumption.
/// - A negative meta value (the trace's -1) is read as not recorded.
/// - Dropped and counted: usage rows of containers without meta, with missing or abnormal
///   utilization (negative, as the trace's -1, or above 100), whose meta has no `cpu_request`, or
///   repeating a container's time.
public struct Alibaba2018Importer: TraceImporter {
    public var options: ImportOptions

    /// The instant `time_stamp` counts from when `ImportOptions.epoch` is not set: 2018-01-01T00:00:00Z (assumed).
    public static let defaultEpoch = TraceInstant(TraceTime.daysSinceEpoch(year: 2018, month: 1, day: 1)) * 86_400_000
    /// Fields of a `container_usage` row.
    public static let usageFields = 11
    /// Fields of a `container_meta` row.
    public static let metaFields = 8

    public init(options: ImportOptions) { self.options = options }

    /// A container's settings from one `container_meta` row.
    struct Meta {
        var time: Double
        var application: String
        /// Cores, nil where not recorded (empty or negative).
        var cpuRequest: Double?
        var cpuLimit: Double?
        /// Bytes, nil where not recorded.
        var memorySize: Double?
    }

    /// The part of a `container_usage` row that becomes a row.
    struct Usage {
        var time: Double
        var machine: String
        /// Percent of the request (CPU) and of `mem_size` (memory).
        var cpuPercent: Double
        var memoryPercent: Double
    }

    public func run(_ inputs: [String]) throws -> ImportSink {
        var sink = ImportSink()
        let (metas, usages) = try readContainerFiles(inputs, sink: &sink)
        let namespace = options.namespace ?? "alibaba2018"
        let epoch = options.epoch ?? Self.defaultEpoch
        var beforeFirstMeta = 0
        for container in usages.keys.sorted() {
            let rows = Self.inTimeOrder(usages[container]!, time: \.time)
            guard let history = metas[container].map({ Self.inTimeOrder($0, time: \.time) }) else {
                sink.drop("usage rows of containers without container_meta", count: rows.count)
                continue
            }
            try appendRows(
                of: container, usage: rows, history: history, namespace: namespace, epoch: epoch,
                beforeFirstMeta: &beforeFirstMeta, into: &sink)
        }
        sink.note(
            "cpu_util_percent read as percent of the container's cpu_request, mem_util_percent as percent of its mem_size"
        )
        sink.note("mem_size 100 taken as \(Quantity.formatMemory(options.machineMemoryBytes)) (--machine-memory-bytes)")
        if options.epoch == nil {
            sink.note(
                "time_stamp counts from \(TraceTime.format(epoch)), an assumed origin: the data holds no absolute time (--epoch)"
            )
        }
        if beforeFirstMeta > 0 {
            sink.note(
                "\(beforeFirstMeta) usage rows came before their container's first container_meta row and took its settings"
            )
        }
        return sink
    }

    /// Reads every input, told apart by width, into each container's meta and usage rows (in file
    /// order); an error unless there is at least one file of each.
    func readContainerFiles(_ inputs: [String], sink: inout ImportSink) throws -> (
        metas: [String: [Meta]], usages: [String: [Usage]]
    ) {
        var metas: [String: [Meta]] = [:]
        var usages: [String: [Usage]] = [:]
        var usageFiles = 0, metaFiles = 0
        for path in inputs {
            var fields: Int?
            try DelimitedTable(path: path).forEachRow { row in
                if fields == nil {
                    guard row.count == Self.usageFields || row.count == Self.metaFields else {
                        throw row.error(
                            0,
                            "not an Alibaba 2018 container file: expected \(Self.usageFields) fields (container_usage) or \(Self.metaFields) (container_meta), found \(row.count)"
                        )
                    }
                    fields = row.count
                    if row.count == Self.usageFields { usageFiles += 1 } else { metaFiles += 1 }
                }
                if row.count != fields {
                    let file = fields == Self.usageFields ? "container_usage" : "container_meta"
                    throw row.error(min(row.count, fields!), "a \(file) row has \(fields!) fields, found \(row.count)")
                }
                let container = row.text(0)
                guard !container.isEmpty else { throw row.error(0, "container_id: empty") }
                if row.count == Self.metaFields {
                    metas[container, default: []].append(try meta(row))
                } else if let usage = try usage(row, sink: &sink) {
                    usages[container, default: []].append(usage)
                }
            }
        }
        guard usageFiles > 0, metaFiles > 0 else {
            let missing =
                usageFiles == 0
                ? "container_usage (\(Self.usageFields) fields)" : "container_meta (\(Self.metaFields) fields)"
            throw TraceError(
                file: inputs.joined(separator: ", "), line: 0, column: 0,
                message: "no \(missing) file among the inputs: both container_usage and container_meta are needed")
        }
        return (metas, usages)
    }

    /// Appends one container's usage rows, both in time order, each with the settings of its latest
    /// meta row; `beforeFirstMeta` counts rows earlier than the container's first meta row.
    func appendRows(
        of container: String, usage rows: [Usage], history: [Meta], namespace: String, epoch: TraceInstant,
        beforeFirstMeta: inout Int, into sink: inout ImportSink
    ) throws {
        var current = 0
        var previousTime: Double?
        for usage in rows {
            if usage.time == previousTime {
                sink.drop("usage rows repeating a container's time_stamp")
                continue
            }
            previousTime = usage.time
            while current + 1 < history.count && history[current + 1].time <= usage.time { current += 1 }
            let meta = history[current]
            if meta.time > usage.time { beforeFirstMeta += 1 }
            guard let request = meta.cpuRequest, request > 0 else {
                sink.drop("usage rows whose container_meta has no cpu_request")
                continue
            }
            try sink.append(
                CanonicalRow(
                    time: epoch + TraceInstant((usage.time * 1000).rounded()), namespace: namespace,
                    workload: meta.application, container: "container", pod: container,
                    cpuCores: usage.cpuPercent / 100 * request,
                    memoryBytes: meta.memorySize.map { usage.memoryPercent / 100 * $0 },
                    settings: ResourceSettings(
                        cpuRequest: request, cpuLimit: meta.cpuLimit,
                        memoryRequest: meta.memorySize, memoryLimit: meta.memorySize),
                    node: usage.machine.isEmpty ? nil : usage.machine))
        }
    }

    /// `items` sorted by time, ties kept in input order.
    static func inTimeOrder<Item>(_ items: [Item], time: (Item) -> Double) -> [Item] {
        items.indices.sorted { (time(items[$0]), $0) < (time(items[$1]), $1) }.map { items[$0] }
    }

    func meta(_ row: DelimitedRow) throws -> Meta {
        func recorded(_ index: Int, _ name: String) throws -> Double? {
            guard let value = try row.optionalNumber(index, name), value >= 0 else { return nil }
            return value
        }
        let time = try row.number(2, "time_stamp")
        guard time >= 0, time < 1e12 else {
            throw row.error(2, "time_stamp: expected seconds from the trace start, found \(row.text(2))")
        }
        let application = row.text(3)
        guard !application.isEmpty else { throw row.error(3, "app_du: empty") }
        let request = try recorded(5, "cpu_request").map { $0 / 100 }
        let limit = try recorded(6, "cpu_limit").map { $0 / 100 }
        // As the trace is written (9 decimals): Kubernetes refuses a request above its limit.
        if let request, let limit, (request * 1e9).rounded() > (limit * 1e9).rounded() {
            throw row.error(
                5,
                "cpu_request \(row.text(5)) is above cpu_limit \(row.text(6)) (Kubernetes refuses a request above its limit)"
            )
        }
        return Meta(
            time: time, application: application, cpuRequest: request, cpuLimit: limit,
            memorySize: try recorded(7, "mem_size").map { $0 / 100 * options.machineMemoryBytes })
    }

    /// The usage of a `container_usage` row, or nil when it is dropped.
    func usage(_ row: DelimitedRow, sink: inout ImportSink) throws -> Usage? {
        let time = try row.number(2, "time_stamp")
        guard time >= 0, time < 1e12 else {
            throw row.error(2, "time_stamp: expected seconds from the trace start, found \(row.text(2))")
        }
        guard let cpu = try row.optionalNumber(3, "cpu_util_percent"),
            let memory = try row.optionalNumber(4, "mem_util_percent")
        else {
            sink.drop("usage rows with missing utilization")
            return nil
        }
        guard (0...100).contains(cpu), (0...100).contains(memory) else {
            sink.drop("usage rows with abnormal utilization (negative or above 100%)")
            return nil
        }
        return Usage(time: time, machine: row.text(1), cpuPercent: cpu, memoryPercent: memory)
    }
}

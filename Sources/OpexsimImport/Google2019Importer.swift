import OpexsimTraces

/// Google cluster-data 2019 (Borg) per-task usage in 5-minute windows, as CSV files with a header
/// (the `instance_usage` table joined with task metadata; columns are found by name). One file holds
/// one task, which becomes one replica: workload `job-<collection_id>`, container `task`, pod
/// `unique_id` (else `<collection_id>-<instance_index>`), node `machine_id`.
///
/// - Time: `time` is the window start in µs since the trace origin. A canonical timestamp is the
///   window end: the task's next window start, but at most 300 s after this start (windows are
///   shorter when a task starts, stops or moves; after a gap the window is the full 300 s). The data
///   holds no absolute time: offsets count from `ImportOptions.epoch`, by default
///   2019-05-01T00:00:00Z (the trace was recorded in May 2019).
/// - Units: CPU and memory are normalized to the largest machine; 1.0 stands for
///   `machineCPUCores` cores and `machineMemoryBytes` bytes. CPU is `avg_cpu_usage`; memory is
///   `max_memory_usage`, the window's peak. The per-window CPU percentiles (p0, p10 … p90,
///   p91 … p99) and `max_cpu_usage` (as `cpu_max`) feed the burst model.
/// - Settings: CPU request and limit are both `cpu_limit` (Borg's CPU limit is what the task asked
///   for). The memory request is `memory_limit`; the memory limit is `assigned_memory`, the limit
///   Borg enforced at run time (it differs from the requested `memory_limit`, by 0.99× to 1.61× in
///   the public extract), else `memory_limit` where it is 0 or absent. A request above the enforced
///   limit is lowered to it, since Kubernetes requires request ≤ limit.
/// - A negative value (the trace writes -1 where it has none, e.g. the CPU percentiles of a task's
///   last window) is read as not recorded.
/// - Dropped and counted: windows with `sample_rate` 0 (no CPU samples), without usage values, or
///   repeating a start already seen for the task.
/// - Refused with their place (`RowValues`): a value that, scaled, is more than any node has; a
///   `sample_rate` over 100 a second; CPU percentiles that decrease; a `max_cpu_usage` below
///   `avg_cpu_usage`.
public struct Google2019Importer: TraceImporter, Sendable {
    public var options: ImportOptions

    /// The instant window offsets count from when `ImportOptions.epoch` is not set: 2019-05-01T00:00:00Z.
    public static let defaultEpoch = TraceInstant(TraceTime.daysSinceEpoch(year: 2019, month: 5, day: 1)) * 86_400_000
    /// The full length of a usage window, µs.
    public static let windowMicroseconds: Int64 = 300_000_000
    /// CPU percentile levels written per row: the trace's p0, p10 … p90, p91 … p99 and 100 for `max_cpu_usage`.
    public static let percentileLevels = Array(stride(from: 0, through: 90, by: 10)) + Array(91...100)

    public init(options: ImportOptions) { self.options = options }

    public func run(_ inputs: [String]) throws -> ImportSink {
        var sink = ImportSink(cpuPercentileLevels: Self.percentileLevels)
        let namespace = options.namespace ?? "google2019"
        let epoch = options.epoch ?? Self.defaultEpoch
        // Files are converted on all cores and appended in order.
        let outcomes = try sink.appendFiles(inputs) { [self] path, fileSink in
            try convert(path, namespace: namespace, epoch: epoch, into: &fileSink)
        }
        let shortWindows = outcomes.reduce(0) { $0 + $1.shortWindows }
        let negativeWindows = outcomes.reduce(0) { $0 + $1.negativeWindows }
        note(epoch: epoch, shortWindows: shortWindows, negativeWindows: negativeWindows, in: &sink)
        return sink
    }

    /// Windows of one task file shorter than 5 minutes, and with values the trace did not record.
    struct FileOutcome: Sendable {
        var shortWindows = 0
        var negativeWindows = 0
    }

    /// Converts one task's file into `sink`.
    func convert(_ path: String, namespace: String, epoch: TraceInstant, into sink: inout ImportSink) throws
        -> FileOutcome
    {
        var outcome = FileOutcome()
        let windows = try readWindows(
            path, namespace: namespace, sink: &sink, negativeWindows: &outcome.negativeWindows)
        // Each window ends where the task's next one starts, at most a full window later.
        let ordered = windows.indices.sorted {
            (windows[$0].pod, windows[$0].start, $0) < (windows[$1].pod, windows[$1].start, $1)
        }
        var emitted: (pod: String, start: Int64)?
        for (position, index) in ordered.enumerated() {
            let window = windows[index]
            guard var row = window.row else { continue }
            if let emitted, emitted.pod == window.pod, emitted.start == window.start {
                sink.drop("windows repeating a start already seen for the task")
                continue
            }
            emitted = (window.pod, window.start)
            var end = window.start + Self.windowMicroseconds
            if let next = ordered[(position + 1)...].lazy.map({ windows[$0] }).first(where: {
                $0.pod != window.pod || $0.start > window.start
            }),
                next.pod == window.pod, next.start < end
            {
                end = next.start
                outcome.shortWindows += 1
            }
            row.time = epoch + (end + 500) / 1000
            try sink.append(row, line: window.line)
        }
        return outcome
    }

    /// What the summary says about the scale, the time origin and odd windows.
    func note(epoch: TraceInstant, shortWindows: Int, negativeWindows: Int, in sink: inout ImportSink) {
        let cores = CanonicalTraceWriter.number(options.machineCPUCores, decimals: 3)
        sink.note(
            "normalized units scaled as 1.0 = \(cores) cores and \(Quantity.formatMemory(options.machineMemoryBytes)) (--machine-cpu-cores, --machine-memory-bytes)"
        )
        if options.epoch == nil {
            sink.note(
                "window offsets count from \(TraceTime.format(epoch)), an assumed origin: the data holds no absolute time (--epoch)"
            )
        }
        if negativeWindows > 0 {
            sink.note(
                "\(negativeWindows) windows had negative values (-1 marks a value the trace did not record), written as not recorded"
            )
        }
        if shortWindows > 0 {
            sink.note("\(shortWindows) windows were shorter than 5 minutes (a task starting, stopping or moving)")
        }
    }

    /// One usage window of a file: its task, start (µs) and row, or no row when it was dropped
    /// (its start still ends the window before it).
    struct Window {
        var pod: String
        var start: Int64
        var row: CanonicalRow?
        /// The input line of the window's row.
        var line = 0
    }

    /// The windows of one file; `negativeWindows` counts those with a value of -1 (not recorded).
    func readWindows(_ path: String, namespace: String, sink: inout ImportSink, negativeWindows: inout Int) throws
        -> [Window]
    {
        let table = try DelimitedTable(path: path)
        var columns: Columns?
        var windows: [Window] = []
        try table.forEachRow { row in
            guard let c = columns else {
                columns = try Columns(header: row)
                return
            }
            windows.append(
                try window(row, columns: c, namespace: namespace, sink: &sink, negativeWindows: &negativeWindows))
        }
        if columns == nil {
            throw TraceError(
                file: path, line: 0, column: 0, message: "empty file: expected a Google 2019 usage CSV with a header")
        }
        return windows
    }

    /// The window of one usage row; `negativeWindows` counts it when it has a value of -1 (not recorded).
    func window(
        _ row: DelimitedRow, columns c: Columns, namespace: String, sink: inout ImportSink,
        negativeWindows: inout Int
    ) throws -> Window {
        let cores = options.machineCPUCores, bytes = options.machineMemoryBytes
        try row.requireFields(c.width, "a Google 2019 usage row")
        let startValue = try row.number(c.time, "time")
        guard startValue >= 0, startValue < 9e15 else {
            throw row.error(c.time, "time: expected microseconds since the trace origin, found \(row.text(c.time))")
        }
        let start = Int64(startValue.rounded())
        let collection = row.text(c.collection)
        guard !collection.isEmpty else { throw row.error(c.collection, "collection_id: empty") }
        let pod = try Self.taskPod(row, task: c.task, collection: collection)
        let values = try RowValues(row, columns: c, options: options)
        let cpuLimit = values.cpuLimit.map { $0 * cores }
        let requestedMemory = values.memoryLimit.map { $0 * bytes }
        let enforcedMemory = values.assignedMemory.flatMap { $0 > 0 ? $0 * bytes : nil } ?? requestedMemory
        let settings = ResourceSettings(
            cpuRequest: cpuLimit, cpuLimit: cpuLimit,
            memoryRequest: requestedMemory.map { min($0, enforcedMemory ?? $0) }, memoryLimit: enforcedMemory)
        if values.sawNegative { negativeWindows += 1 }
        var window = Window(pod: pod, start: start, row: nil, line: row.line)
        if values.sampleRate == 0 {
            sink.drop("windows with sample_rate 0 (no CPU samples)")
        } else if let averageCPU = values.averageCPU, let peakMemory = values.peakMemory {
            window.row = CanonicalRow(
                time: 0, namespace: namespace, workload: "job-\(collection)", container: "task", pod: pod,
                cpuCores: averageCPU * cores, memoryBytes: peakMemory * bytes, settings: settings,
                node: c.machine.map(row.text).flatMap { $0.isEmpty ? nil : $0 },
                cpuPercentiles: values.percentiles.map { $0.map { $0 * cores } ?? .nan })
        } else {
            sink.drop("windows without usage values (avg_cpu_usage or max_memory_usage empty or negative)")
        }
        return window
    }

    /// The pod a row's task becomes: its `unique_id`, else `<collection_id>-<instance_index>`.
    static func taskPod(_ row: DelimitedRow, task: Columns.Task, collection: String) throws -> String {
        switch task {
        case .uniqueID(let index):
            let pod = row.text(index)
            guard !pod.isEmpty else { throw row.error(index, "unique_id: empty") }
            return pod
        case .instanceIndex(let index):
            return "\(collection)-\(row.text(index))"
        }
    }
}

extension Google2019Importer {
    /// Where the columns of a Google 2019 usage file are, from its header.
    struct Columns {
        /// How a row names its task.
        enum Task {
            case uniqueID(Int)
            case instanceIndex(Int)
        }

        var time: Int
        var collection: Int
        var task: Task
        var averageCPU: Int
        var peakMemory: Int
        var machine: Int?
        var sampleRate: Int?
        var maximumCPU: Int?
        /// One entry per `Google2019Importer.percentileLevels` level (nil where the column is absent).
        var percentiles: [Int?]
        var cpuLimit: Int?
        var memoryLimit: Int?
        var assignedMemory: Int?
        /// Fields a row must have: one past the last column used.
        var width: Int

        init(header row: DelimitedRow) throws {
            let header = row.texts
            func required(_ name: String) throws -> Int {
                guard let index = header.firstIndex(of: name) else {
                    throw row.error(
                        0,
                        "not a Google 2019 usage file: no \(name) column (the header has \(header.prefix(6).joined(separator: ","))\(header.count > 6 ? ",..." : ""))"
                    )
                }
                return index
            }
            time = try required("time")
            collection = try required("collection_id")
            averageCPU = try required("avg_cpu_usage")
            peakMemory = try required("max_memory_usage")
            if let index = header.firstIndex(of: "unique_id") {
                task = .uniqueID(index)
            } else {
                task = .instanceIndex(try required("instance_index"))
            }
            machine = header.firstIndex(of: "machine_id")
            sampleRate = header.firstIndex(of: "sample_rate")
            maximumCPU = header.firstIndex(of: "max_cpu_usage")
            percentiles = Google2019Importer.percentileLevels.map {
                $0 == 100 ? nil : header.firstIndex(of: "p\($0)_cpu_usage")
            }
            cpuLimit = header.firstIndex(of: "cpu_limit")
            memoryLimit = header.firstIndex(of: "memory_limit")
            assignedMemory = header.firstIndex(of: "assigned_memory")
            let taskColumn: Int
            switch task {
            case .uniqueID(let index), .instanceIndex(let index): taskColumn = index
            }
            let used =
                [time, collection, averageCPU, peakMemory, taskColumn]
                + [machine, sampleRate, maximumCPU, cpuLimit, memoryLimit, assignedMemory].compactMap { $0 }
                + percentiles.compactMap { $0 }
            width = (used.max() ?? 0) + 1
        }
    }
}

extension Google2019Importer {
    /// The values of one usage row, normalized as the trace writes them; nil where empty or negative
    /// (the trace writes -1 for a value it did not record). Refused at their place: a value that,
    /// scaled, is more than any node has; a `sample_rate` over `maximumSampleRate`; CPU percentiles
    /// that decrease; a `max_cpu_usage` below `avg_cpu_usage`. The last two allow a relative
    /// `tolerance` for rounding.
    struct RowValues {
        /// The most CPU samples a second accepted: Borg takes about one.
        static let maximumSampleRate = 100.0
        /// How far, relatively, a value may fall below one it cannot be below (float rounding).
        static let tolerance = 1e-6

        var sampleRate, averageCPU, maximumCPU, peakMemory, cpuLimit, memoryLimit, assignedMemory: Double?
        /// One value per `Google2019Importer.percentileLevels` level, `max_cpu_usage` last.
        var percentiles: [Double?] = []
        /// True when a value was negative (not recorded).
        var sawNegative = false

        /// What a column holds: CPU or memory scaled by the machine, or samples a second.
        enum Unit {
            case cpu, memory, rate
        }

        init(_ row: DelimitedRow, columns c: Columns, options: ImportOptions) throws {
            var negative = false
            func value(_ index: Int?, _ name: String, _ unit: Unit) throws -> Double? {
                let read = try Self.value(row, index, name, unit, options: options)
                if read.negative { negative = true }
                return read.value
            }
            sampleRate = try value(c.sampleRate, "sample_rate", .rate)
            averageCPU = try value(c.averageCPU, "avg_cpu_usage", .cpu)
            peakMemory = try value(c.peakMemory, "max_memory_usage", .memory)
            maximumCPU = try value(c.maximumCPU, "max_cpu_usage", .cpu)
            for (level, index) in zip(Google2019Importer.percentileLevels, c.percentiles) where level < 100 {
                percentiles.append(try value(index, "p\(level)_cpu_usage", .cpu))
            }
            percentiles.append(maximumCPU)
            cpuLimit = try value(c.cpuLimit, "cpu_limit", .cpu)
            memoryLimit = try value(c.memoryLimit, "memory_limit", .memory)
            assignedMemory = try value(c.assignedMemory, "assigned_memory", .memory)
            sawNegative = negative
            try checkOrder(row, columns: c)
        }

        /// The value of one column and whether it was negative; an error where it is out of bounds.
        static func value(_ row: DelimitedRow, _ index: Int?, _ name: String, _ unit: Unit, options: ImportOptions)
            throws -> (value: Double?, negative: Bool)
        {
            guard let index, let value = try row.optionalNumber(index, name) else { return (nil, false) }
            guard value >= 0 else { return (nil, true) }
            switch unit {
            case .cpu where value * options.machineCPUCores > Quantity.maximumCores:
                let cores = CanonicalTraceWriter.number(options.machineCPUCores, decimals: 3)
                throw row.error(
                    index,
                    "\(name): \(row.text(index)) × \(cores) cores is more than any node has (at most \(Quantity.maximumCoresText) cores)"
                )
            case .memory where value * options.machineMemoryBytes > Quantity.maximumBytes:
                throw row.error(
                    index,
                    "\(name): \(row.text(index)) × \(Quantity.formatMemory(options.machineMemoryBytes)) is more than any node has (at most 1Ei)"
                )
            case .rate where value > maximumSampleRate:
                throw row.error(
                    index,
                    "\(name): \(row.text(index)) is not a rate of CPU samples a second (Borg takes about 1; at most 100)"
                )
            default: return (value, false)
            }
        }

        /// Refuses CPU percentiles that decrease (p0 … p99, recorded ones only) and a maximum below
        /// the average.
        func checkOrder(_ row: DelimitedRow, columns c: Columns) throws {
            var previous: (value: Double, index: Int, level: Int)?
            for (level, (value, index)) in zip(Google2019Importer.percentileLevels, zip(percentiles, c.percentiles))
            where level < 100 {
                guard let value, let index else { continue }
                if let previous, value < previous.value * (1 - Self.tolerance) {
                    throw row.error(
                        index,
                        "p\(level)_cpu_usage: \(row.text(index)) is below p\(previous.level)_cpu_usage \(row.text(previous.index)) (a window's CPU percentiles cannot decrease)"
                    )
                }
                previous = (value, index, level)
            }
            if let maximumCPU, let averageCPU, let index = c.maximumCPU, maximumCPU < averageCPU * (1 - Self.tolerance)
            {
                throw row.error(
                    index,
                    "max_cpu_usage: \(row.text(index)) is below avg_cpu_usage \(row.text(c.averageCPU)) (a window's maximum cannot be below its average)"
                )
            }
        }
    }
}

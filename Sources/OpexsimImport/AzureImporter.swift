import OpexsimTraces

/// Azure Public Dataset V1 CPU readings: percent of a VM's vCPUs, one reading per VM every 5 minutes.
/// Two layouts, told apart by content:
///
/// - wide: a header `row,offset_s,vm_<id>,...`, one column per VM, seconds from the first reading.
///   The inputs are an average file and, optionally, a maximum file: a name containing `max` or
///   `avg` says which is which; two files named neither way are average then maximum. Both must
///   have the same VM columns and the same offsets.
/// - long: the original `vm_cpu_readings-file-*.csv`, no header, `timestamp,vmid,min_cpu,max_cpu,avg_cpu`
///   with the timestamp in seconds from the trace start; any number of files.
///
/// One VM is one workload with one replica (`vm-<id>`, container `vm`). CPU cores = avg % / 100 ×
/// `ImportOptions.vmCores`, the assumed VM size (the data has none), which is also recorded as the
/// CPU limit: a VM cannot use more than its vCPUs. The interval's maximum feeds the burst model as
/// `cpu_max` (and the minimum of the long form as `cpu_p0`). Memory is not recorded.
///
/// A reading is stamped at the end of its interval: `ImportOptions.epoch` + offset + 300 s. The data
/// holds no absolute time; the default epoch, 2016-11-15T00:00:00Z, is an assumption. Readings
/// without an average, or outside 0–100 %, are dropped and counted; a maximum that is missing or out
/// of range leaves that reading without `cpu_max`.
public struct AzureImporter: TraceImporter {
    public var options: ImportOptions

    /// The instant offsets count from when `ImportOptions.epoch` is not set: 2016-11-15T00:00:00Z (assumed).
    public static let defaultEpoch = TraceInstant(TraceTime.daysSinceEpoch(year: 2016, month: 11, day: 15)) * 86_400_000
    /// The length of one reading's interval, milliseconds.
    public static let readingInterval: TraceInstant = 300_000

    public init(options: ImportOptions) { self.options = options }

    public func run(_ inputs: [String]) throws -> ImportSink {
        guard !inputs.isEmpty else {
            throw TraceError(file: "azure", line: 0, column: 0, message: "no input files")
        }
        let tables = try inputs.map(DelimitedTable.init(path:))
        let layouts = try tables.map(Self.layout)
        var sink: ImportSink
        if layouts.allSatisfy({ $0 == .wide }) {
            sink = try importWide(tables)
        } else if layouts.allSatisfy({ $0 == .long }) {
            sink = try importLong(tables)
        } else {
            let wide = inputs[layouts.firstIndex(of: .wide)!], long = inputs[layouts.firstIndex(of: .long)!]
            throw TraceError(
                file: long, line: 0, column: 0,
                message: "a vm_cpu_readings file (long form) cannot be mixed with wide-form files such as \(wide)")
        }
        let cores = CanonicalTraceWriter.number(options.vmCores, decimals: 3)
        sink.note(
            "CPU percent turned into cores assuming \(cores) vCPUs per VM (--vm-cores; the data has no VM size), recorded as each VM's CPU limit"
        )
        sink.note("memory is not recorded by the Azure CPU readings: reports show memory figures as n/a")
        if options.epoch == nil {
            sink.note(
                "reading offsets count from \(TraceTime.format(Self.defaultEpoch)), an assumed origin: the data holds no absolute time (--epoch)"
            )
        }
        return sink
    }

    /// The two layouts of the readings.
    enum Layout {
        case wide, long
    }

    /// Stops a read after the first row.
    private struct FirstRowRead: Error {}

    /// The layout of a file, from its first line.
    static func layout(of table: DelimitedTable) throws -> Layout {
        var found: Result<Layout, TraceError>?
        do {
            try table.forEachRow { row in
                if row.texts.contains("offset_s") {
                    found = .success(.wide)
                } else if row.count == 5 {
                    found = .success(.long)
                } else {
                    found = .failure(
                        row.error(
                            0,
                            "not Azure CPU readings: expected a header with offset_s and vm_<id> columns (wide form) or 5 fields timestamp,vmid,min_cpu,max_cpu,avg_cpu (vm_cpu_readings), found \(row.count) fields"
                        ))
                }
                throw FirstRowRead()
            }
        } catch is FirstRowRead {}
        guard let found else {
            throw TraceError(file: table.path, line: 0, column: 0, message: "empty file: expected Azure CPU readings")
        }
        return try found.get()
    }

    /// The part of a reading that becomes a row.
    struct Reading {
        var vm: String
        /// Seconds from the trace start to the interval's start.
        var offset: Double
        var average: Double?
        var maximum: Double?
        var minimum: Double?
    }

    /// Counts of readings kept with part of their burst vector missing or adjusted.
    struct BurstVectorIssues {
        var unusableMaximum = 0
        var maximumBelowAverage = 0
        var unusableMinimum = 0
    }

    /// Appends one reading as a row with the sink's percentile levels (0 = minimum, 100 = maximum), or drops it.
    func append(
        _ reading: Reading, to sink: inout ImportSink, namespace: String, epoch: TraceInstant,
        issues: inout BurstVectorIssues
    ) throws {
        guard let average = reading.average else {
            sink.drop("readings without an average value")
            return
        }
        guard (0...100).contains(average) else {
            sink.drop("readings outside 0–100%")
            return
        }
        let scale = options.vmCores / 100
        var percentiles: [Double] = []
        for level in sink.cpuPercentileLevels {
            if level == 100 {
                guard let maximum = reading.maximum, (0...100).contains(maximum) else {
                    issues.unusableMaximum += 1
                    percentiles.append(.nan)
                    continue
                }
                if maximum < average { issues.maximumBelowAverage += 1 }
                percentiles.append(max(maximum, average) * scale)
            } else {
                guard let minimum = reading.minimum, minimum >= 0, minimum <= average else {
                    issues.unusableMinimum += 1
                    percentiles.append(.nan)
                    continue
                }
                percentiles.append(minimum * scale)
            }
        }
        let time = epoch + TraceInstant((reading.offset * 1000).rounded()) + Self.readingInterval
        let name = "vm-" + reading.vm
        try sink.append(
            CanonicalRow(
                time: time, namespace: namespace, workload: name, container: "vm", pod: name,
                cpuCores: average * scale, memoryBytes: nil, settings: ResourceSettings(cpuLimit: options.vmCores),
                cpuPercentiles: percentiles))
    }

    func noteIssues(_ issues: BurstVectorIssues, in sink: inout ImportSink) {
        if issues.unusableMaximum > 0 {
            sink.note(
                "\(issues.unusableMaximum) readings had no usable maximum (empty or outside 0–100%) and were kept without cpu_max"
            )
        }
        if issues.maximumBelowAverage > 0 {
            sink.note(
                "\(issues.maximumBelowAverage) readings had a maximum below their average; cpu_max was raised to the average"
            )
        }
        if issues.unusableMinimum > 0 {
            sink.note(
                "\(issues.unusableMinimum) readings had no usable minimum (empty, negative or above the average) and were kept without cpu_p0"
            )
        }
    }
}

// MARK: - Wide form

extension AzureImporter {
    /// A wide-form file read whole: VM ids, then per row its line, offset and one value per VM.
    struct WideReadings {
        var path: String
        var vms: [String] = []
        var lines: [Int] = []
        var offsets: [Double] = []
        var offsetColumn = 0
        /// Row-major, `vms.count` per row; nil where the cell is empty.
        var values: [Double?] = []
    }

    func importWide(_ tables: [DelimitedTable]) throws -> ImportSink {
        let (average, maximum) = try Self.averageAndMaximum(tables)
        let averages = try Self.readWide(average)
        let maximums = try maximum.map(Self.readWide)
        if let maximums { try Self.checkSameShape(averages, maximums) }
        var sink = ImportSink(cpuPercentileLevels: maximums == nil ? [] : [100])
        let namespace = options.namespace ?? "azure"
        let epoch = options.epoch ?? Self.defaultEpoch
        var issues = BurstVectorIssues()
        let width = averages.vms.count
        for (column, vm) in averages.vms.enumerated() {
            for row in averages.offsets.indices {
                let reading = Reading(
                    vm: vm, offset: averages.offsets[row], average: averages.values[row * width + column],
                    maximum: maximums?.values[row * width + column])
                try append(reading, to: &sink, namespace: namespace, epoch: epoch, issues: &issues)
            }
        }
        noteIssues(issues, in: &sink)
        if maximums == nil {
            sink.note("no maximum file given: the readings carry no within-interval peak (cpu_max)")
        }
        return sink
    }

    /// The average file and the optional maximum file among the inputs.
    static func averageAndMaximum(_ tables: [DelimitedTable]) throws -> (DelimitedTable, DelimitedTable?) {
        func role(_ table: DelimitedTable) -> String? {
            let name = (table.path.split(separator: "/").last.map(String.init) ?? table.path).lowercased()
            switch (name.contains("avg"), name.contains("max")) {
            case (true, false): return "avg"
            case (false, true): return "max"
            default: return nil
            }
        }
        switch tables.count {
        case 1:
            if role(tables[0]) == "max" {
                throw TraceError(
                    file: tables[0].path, line: 0, column: 0,
                    message:
                        "a maximum file alone: give the average file too (the average is the usage; the maximum only shapes bursts)"
                )
            }
            return (tables[0], nil)
        case 2:
            let roles = tables.map(role)
            if roles[0] != nil && roles[0] == roles[1] {
                throw TraceError(
                    file: tables[1].path, line: 0, column: 0,
                    message:
                        "both wide files are named as \(roles[0] == "max" ? "maximum" : "average") readings (\(tables[0].path)); give one average and one maximum file"
                )
            }
            return roles[0] == "max" || roles[1] == "avg" ? (tables[1], tables[0]) : (tables[0], tables[1])
        default:
            throw TraceError(
                file: tables[2].path, line: 0, column: 0,
                message: "wide-form Azure readings take at most two files (average and maximum), given \(tables.count)")
        }
    }

    static func readWide(_ table: DelimitedTable) throws -> WideReadings {
        var readings = WideReadings(path: table.path)
        var vmColumns: [Int] = []
        var lineOfOffset: [Double: Int] = [:]
        var sawHeader = false
        try table.forEachRow { row in
            if !sawHeader {
                sawHeader = true
                let header = row.texts
                readings.offsetColumn = header.firstIndex(of: "offset_s")!
                for (index, name) in header.enumerated() where name.hasPrefix("vm_") && name.count > 3 {
                    vmColumns.append(index)
                    readings.vms.append(String(name.dropFirst(3)))
                }
                guard !vmColumns.isEmpty else { throw row.error(0, "no vm_<id> columns in the header") }
                return
            }
            try row.requireFields(
                max(readings.offsetColumn, vmColumns.last!) + 1, "offset_s and one value per vm_<id> column")
            let offset = try row.number(readings.offsetColumn, "offset_s")
            guard offset >= 0, offset < 1e12 else {
                throw row.error(
                    readings.offsetColumn,
                    "offset_s: expected seconds from the first reading, found \(row.text(readings.offsetColumn))")
            }
            if let earlier = lineOfOffset[offset] {
                throw row.error(
                    readings.offsetColumn,
                    "offset_s: \(row.text(readings.offsetColumn)) repeats the offset of line \(earlier)")
            }
            lineOfOffset[offset] = row.line
            readings.lines.append(row.line)
            readings.offsets.append(offset)
            for (index, column) in vmColumns.enumerated() {
                readings.values.append(try row.optionalNumber(column, "vm_\(readings.vms[index])"))
            }
        }
        return readings
    }

    /// Throws unless the maximum file has the average file's VM columns and offsets.
    static func checkSameShape(_ averages: WideReadings, _ maximums: WideReadings) throws {
        if averages.vms != maximums.vms {
            let detail: String
            if averages.vms.count != maximums.vms.count {
                detail = "\(maximums.vms.count) VM columns against \(averages.vms.count)"
            } else {
                let index = averages.vms.indices.first { averages.vms[$0] != maximums.vms[$0] }!
                detail = "VM column \(index + 1) is vm_\(maximums.vms[index]) here, vm_\(averages.vms[index]) there"
            }
            throw TraceError(
                file: maximums.path, line: 1, column: 1,
                message:
                    "the maximum readings do not have the VM columns of the average readings (\(averages.path)): \(detail)"
            )
        }
        if averages.offsets.count != maximums.offsets.count {
            throw TraceError(
                file: maximums.path, line: 0, column: 0,
                message:
                    "\(maximums.offsets.count) rows of maximum readings against \(averages.offsets.count) rows of average readings (\(averages.path)): both must cover the same intervals"
            )
        }
        if let row = averages.offsets.indices.first(where: { averages.offsets[$0] != maximums.offsets[$0] }) {
            throw TraceError(
                file: maximums.path, line: maximums.lines[row], column: 1,
                message:
                    "offset_s is \(CanonicalTraceWriter.number(maximums.offsets[row])) here but \(CanonicalTraceWriter.number(averages.offsets[row])) on line \(averages.lines[row]) of the average readings (\(averages.path))"
            )
        }
    }
}

// MARK: - Long form

extension AzureImporter {
    func importLong(_ tables: [DelimitedTable]) throws -> ImportSink {
        var sink = ImportSink(cpuPercentileLevels: [0, 100])
        let namespace = options.namespace ?? "azure"
        let epoch = options.epoch ?? Self.defaultEpoch
        var issues = BurstVectorIssues()
        // Each VM's reading times, to drop a reading that repeats one (next to it or not).
        var seen: [String: RepeatedTimes] = [:]
        for table in tables {
            try table.forEachRow { row in
                if row.line == 1 && row.text(0) == "timestamp" { return }
                guard row.count == 5 else {
                    throw row.error(
                        min(row.count, 5),
                        "expected 5 fields (timestamp,vmid,min_cpu,max_cpu,avg_cpu), found \(row.count)")
                }
                let offset = try row.number(0, "timestamp")
                guard offset >= 0, offset < 1e12 else {
                    throw row.error(0, "timestamp: expected seconds from the trace start, found \(row.text(0))")
                }
                let vm = row.text(1)
                guard !vm.isEmpty else { throw row.error(1, "vmid: empty") }
                let reading = Reading(
                    vm: vm, offset: offset, average: try row.optionalNumber(4, "avg_cpu"),
                    maximum: try row.optionalNumber(3, "max_cpu"), minimum: try row.optionalNumber(2, "min_cpu"))
                if seen[vm, default: RepeatedTimes()].note(TraceInstant((offset * 1000).rounded()), line: row.line)
                    != nil
                {
                    sink.drop("readings repeating a VM's timestamp")
                    return
                }
                try append(reading, to: &sink, namespace: namespace, epoch: epoch, issues: &issues)
            }
        }
        noteIssues(issues, in: &sink)
        return sink
    }
}

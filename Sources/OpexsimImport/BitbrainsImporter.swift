import OpexsimTraces

/// Bitbrains GWA-T-12 VM files (`<vm>.csv`): fields separated by `;` and a tab, a timestamp column
/// headed "[ms]" that holds Unix seconds, CPU in MHz and memory in KB. One VM is one workload with
/// one replica (`vm-<id>`, from the file name). CPU cores = usage MHz / (provisioned MHz / cores);
/// memory bytes = usage KB × 1024 (KB read as binary). The provisioned cores and memory become the
/// recorded limits. A memory usage of 0 is a monitoring gap, written as "not recorded". Negative
/// values, more cores or memory than any node has and a provisioned speed over 10,000 MHz a core
/// are refused with their place.
public struct BitbrainsImporter: TraceImporter {
    public var options: ImportOptions
    /// The fastest provisioned core accepted, MHz (the data's cores run at 2,600 to 2,926 MHz).
    public static let maximumCoreMHz = 10_000.0
    /// The columns read, as the header names them.
    static let fieldNames = [
        "Timestamp", "CPU cores", "CPU capacity provisioned [MHZ]", "CPU usage [MHZ]", "CPU usage [%]",
        "Memory capacity provisioned [KB]", "Memory usage [KB]",
    ]

    public init(options: ImportOptions) { self.options = options }

    public func run(_ inputs: [String]) throws -> ImportSink {
        var sink = ImportSink()
        let namespace = options.namespace ?? "bitbrains"
        // Files are converted on all cores and appended in order.
        let files = try sink.appendFiles(inputs) { path, fileSink in
            try Self.convert(path, namespace: namespace, into: &fileSink)
        }
        let offVMs = files.filter { $0.kept == 0 }.map(\.vm)
        let zeroMemory = files.filter { $0.zeroMemory > 0 }
        Self.note(
            offVMs: offVMs, zeroMemoryRows: zeroMemory.reduce(0) { $0 + $1.zeroMemory },
            zeroMemoryVMs: zeroMemory.count, in: &sink)
        return sink
    }

    /// What one VM file held besides its rows.
    struct FileOutcome: Sendable {
        var vm: String
        var kept = 0
        /// Rows whose memory usage was 0.
        var zeroMemory = 0
    }

    /// Converts one VM file into `sink`.
    static func convert(_ path: String, namespace: String, into sink: inout ImportSink) throws -> FileOutcome {
        let name = String(path.split(separator: "/").last ?? Substring(path))
        var outcome = FileOutcome(vm: "vm-" + (name.hasSuffix(".csv") ? String(name.dropLast(4)) : name))
        let vm = outcome.vm
        let table = try DelimitedTable(path: path)
        var sawHeader = false
        var times = RepeatedTimes()
        try table.forEachRow(separator: UInt8(ascii: ";")) { row in
            if !sawHeader {
                sawHeader = true
                guard row.text(0).lowercased().hasPrefix("timestamp") else {
                    throw row.error(
                        0,
                        "not a Bitbrains file: expected a header starting with \"Timestamp [ms]\", found \"\(row.text(0))\""
                    )
                }
                return
            }
            guard let converted = try Self.row(row, vm: vm, namespace: namespace) else {
                sink.drop("rows of a VM with no provisioned CPU (all zeros: switched off)")
                return
            }
            if let earlier = times.note(converted.time, line: row.line) {
                throw row.error(
                    0,
                    "Timestamp: \(row.text(0)) repeats line \(earlier): a VM has one reading per time (a duplicate sample)"
                )
            }
            outcome.kept += 1
            if converted.memoryBytes == nil { outcome.zeroMemory += 1 }
            try sink.append(converted, line: row.line)
        }
        return outcome
    }

    /// The canonical row of one data line, nil for a VM switched off (no provisioned CPU). Refused
    /// at their place: negative values, more cores or memory than any node has, and a provisioned
    /// speed over `maximumCoreMHz` a core (usage would shrink to nothing).
    static func row(_ row: DelimitedRow, vm: String, namespace: String) throws -> CanonicalRow? {
        try row.requireFields(
            7, "timestamp; cores; capacity MHz; usage MHz; usage %; memory capacity KB; memory usage KB")
        let seconds = try row.number(0, "Timestamp")
        // Unix seconds within ±10,000 years; beyond, the milliseconds would not fit.
        guard abs(seconds) < 3e11 else {
            throw row.error(0, "Timestamp: \(row.text(0)) is not a time (Unix seconds within ±10,000 years)")
        }
        func value(_ index: Int) throws -> Double {
            let value = try row.number(index, fieldNames[index])
            guard value >= 0 else { throw row.error(index, "\(fieldNames[index]): negative value \(row.text(index))") }
            return value
        }
        let (cores, capacity, usage) = (try value(1), try value(2), try value(3))
        let (memoryCapacity, memoryUsage) = (try value(5), try value(6))
        guard cores > 0, capacity > 0 else { return nil }
        if cores > Quantity.maximumCores {
            throw row.error(
                1, "CPU cores: \(row.text(1)) is more than any node has (at most \(Quantity.maximumCoresText) cores)")
        }
        if capacity / cores > maximumCoreMHz {
            throw row.error(
                2,
                "CPU capacity provisioned [MHZ]: \(row.text(2)) for \(row.text(1)) cores is more than any node has (at most 10,000 MHz a core)"
            )
        }
        let coreMHz = capacity / cores
        if usage / coreMHz > Quantity.maximumCores {
            throw row.error(
                3,
                "CPU usage [MHZ]: \(row.text(3)) with \(row.text(2)) MHz provisioned for \(row.text(1)) cores is more than any node has (at most \(Quantity.maximumCoresText) cores)"
            )
        }
        for index in 5...6 where (index == 5 ? memoryCapacity : memoryUsage) * 1024 > Quantity.maximumBytes {
            throw row.error(index, "\(fieldNames[index]): \(row.text(index)) is more than any node has (at most 1Ei)")
        }
        return CanonicalRow(
            time: Int64((seconds * 1000).rounded()), namespace: namespace, workload: vm, container: "vm", pod: vm,
            cpuCores: usage / coreMHz, memoryBytes: memoryUsage > 0 ? memoryUsage * 1024 : nil,
            settings: ResourceSettings(cpuLimit: cores, memoryLimit: memoryCapacity > 0 ? memoryCapacity * 1024 : nil))
    }

    /// Tells which VMs were left out (switched off throughout) and how many rows had no memory reading.
    static func note(offVMs: [String], zeroMemoryRows: Int, zeroMemoryVMs: Int, in sink: inout ImportSink) {
        if !offVMs.isEmpty {
            sink.note(
                "\(offVMs.count) VMs had no provisioned CPU in any row and were left out: \(offVMs.prefix(12).joined(separator: ", "))\(offVMs.count > 12 ? ", ..." : "")"
            )
        }
        if zeroMemoryRows > 0 {
            sink.note(
                "\(zeroMemoryRows) rows of \(zeroMemoryVMs) VMs had memory usage 0, written as not recorded (monitoring gaps)"
            )
        }
    }
}

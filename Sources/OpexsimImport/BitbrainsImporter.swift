import OpexsimTraces

/// Bitbrains GWA-T-12 VM files (`<vm>.csv`): fields separated by `;` and a tab, a timestamp column
/// headed "[ms]" that holds Unix seconds, CPU in MHz and memory in KB. One VM is one workload with
/// one replica (`vm-<id>`, from the file name). CPU cores = usage MHz / (provisioned MHz / cores);
/// memory bytes = usage KB × 1024 (KB read as binary). The provisioned cores and memory become the
/// recorded limits. A memory usage of 0 is a monitoring gap, written as "not recorded".
public struct BitbrainsImporter: TraceImporter {
    public var options: ImportOptions

    public init(options: ImportOptions) { self.options = options }

    public func run(_ inputs: [String]) throws -> ImportSink {
        var sink = ImportSink()
        let namespace = options.namespace ?? "bitbrains"
        var zeroMemoryRows = 0, zeroMemoryVMs = 0
        var offVMs: [String] = []
        for path in inputs {
            let name = String(path.split(separator: "/").last ?? Substring(path))
            let vm = "vm-" + (name.hasSuffix(".csv") ? String(name.dropLast(4)) : name)
            let table = try DelimitedTable(path: path)
            var sawHeader = false
            var zeroMemory = 0, kept = 0
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
                try row.requireFields(
                    7, "timestamp; cores; capacity MHz; usage MHz; usage %; memory capacity KB; memory usage KB")
                let seconds = try row.number(0, "Timestamp")
                // Unix seconds within ±10,000 years; beyond, the milliseconds would not fit.
                guard abs(seconds) < 3e11 else {
                    throw row.error(0, "Timestamp: \(row.text(0)) is not a time (Unix seconds within ±10,000 years)")
                }
                let cores = try row.number(1, "CPU cores")
                let capacity = try row.number(2, "CPU capacity provisioned [MHZ]")
                let usage = try row.number(3, "CPU usage [MHZ]")
                let memoryCapacity = try row.number(5, "Memory capacity provisioned [KB]")
                let memoryUsage = try row.number(6, "Memory usage [KB]")
                guard cores > 0, capacity > 0 else {
                    sink.drop("rows of a VM with no provisioned CPU (all zeros: switched off)")
                    return
                }
                kept += 1
                guard usage >= 0 else { throw row.error(3, "CPU usage [MHZ]: negative value \(usage)") }
                guard memoryUsage >= 0 else { throw row.error(6, "Memory usage [KB]: negative value \(memoryUsage)") }
                if memoryUsage == 0 { zeroMemory += 1 }
                sink.append(
                    CanonicalRow(
                        time: Int64((seconds * 1000).rounded()), namespace: namespace, workload: vm, container: "vm",
                        pod: vm,
                        cpuCores: usage / (capacity / cores), memoryBytes: memoryUsage > 0 ? memoryUsage * 1024 : nil,
                        settings: ResourceSettings(
                            cpuLimit: cores, memoryLimit: memoryCapacity > 0 ? memoryCapacity * 1024 : nil)))
            }
            if kept == 0 { offVMs.append(vm) }
            if zeroMemory > 0 {
                zeroMemoryRows += zeroMemory
                zeroMemoryVMs += 1
            }
        }
        Self.note(offVMs: offVMs, zeroMemoryRows: zeroMemoryRows, zeroMemoryVMs: zeroMemoryVMs, in: &sink)
        return sink
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

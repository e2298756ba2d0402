extension TraceBuilder {
    /// One row given as the values its canonical CSV cells read as (`CanonicalTraceWriter.formatNumber`
    /// returns them): NaN for an empty cell.
    public struct RowValues {
        public var time: TraceInstant
        public var cpu: Double
        public var memory: Double
        public var cpuRequest: Double
        public var cpuLimit: Double
        public var memoryRequest: Double
        public var memoryLimit: Double
        /// NaN when not recorded; ignored without a `cpu_throttled_ratio` column.
        public var throttledRatio: Double
        /// Ignored without an `oom_killed` column.
        public var oomKilled: Bool
        /// At `percentileLevels`, in order; NaN where empty.
        public var cpuPercentiles: [Double]

        public init(
            time: TraceInstant, cpu: Double, memory: Double, cpuRequest: Double, cpuLimit: Double,
            memoryRequest: Double, memoryLimit: Double, throttledRatio: Double = .nan, oomKilled: Bool = false,
            cpuPercentiles: [Double] = []
        ) {
            self.time = time
            self.cpu = cpu
            self.memory = memory
            self.cpuRequest = cpuRequest
            self.cpuLimit = cpuLimit
            self.memoryRequest = memoryRequest
            self.memoryLimit = memoryLimit
            self.throttledRatio = throttledRatio
            self.oomKilled = oomKilled
            self.cpuPercentiles = cpuPercentiles
        }
    }

    /// The earliest and latest instants a canonical timestamp can write (years 0000 to 9999).
    public static let writableTimes: ClosedRange<TraceInstant> = -62_167_219_200_000...253_402_300_799_999

    /// Appends the rows of `other`, a builder of rows from at most one file, as rows of that file
    /// (registered here); `other` is not used afterwards.
    public mutating func append(rowsOf other: consuming TraceBuilder) {
        precondition(other.files.count <= 1, "rows of one file")
        guard other.rowCount > 0 else { return }
        let index = addFile(other.files.first ?? "")
        merge(other, fileIndex: index, lineOffset: 0)
    }

    /// Sets the columns of a canonical CSV with these optional columns, as its reader would.
    public mutating func prepareColumns(throttledRatio: Bool, oomKilled: Bool, percentileLevels: [Double]) {
        if throttledRatio { enableThrottled() }
        if oomKilled { enableOOM() }
        if !percentileLevels.isEmpty { _ = adoptPercentileLevels(percentileLevels) }
    }

    /// Appends a row of `series` built from values rather than read from bytes, refusing what the
    /// canonical reader refuses in the cells those values are written as, with the same messages;
    /// errors name `files[file]` and `line` (the row's source). A builder fed so holds the trace its
    /// written CSV reads as.
    public mutating func appendChecked(series: Int, _ row: RowValues, file: Int, line: Int) throws {
        settleKeptRows()
        func fail(_ message: String) -> TraceError {
            TraceError(file: files.isEmpty ? "" : files[file], line: line, column: 1, message: message)
        }
        func text(_ value: Double, _ decimals: Int) -> String { Self.cellText(value, decimals: decimals) }
        guard Self.writableTimes.contains(row.time) else {
            throw fail("timestamp: \(row.time) ms is not a time RFC 3339 can write (years 0000 to 9999)")
        }
        guard !row.cpu.isNaN else { throw fail("cpu_cores: expected a number of cores, found \"\"") }
        if row.cpu < 0 { throw fail("cpu_cores: negative value \(text(row.cpu, 9))") }
        if row.cpu > Quantity.maximumCores {
            throw fail(
                "cpu_cores: \(text(row.cpu, 9)) is more than any node has (at most \(Quantity.maximumCoresText) cores)")
        }
        if row.memory < 0 { throw fail("memory_bytes: negative value \(text(row.memory, 0))") }
        if row.memory > Quantity.maximumBytes {
            throw fail("memory_bytes: \(text(row.memory, 0)) is more than any node has (at most 1Ei)")
        }
        let key = SettingsKey(row.cpuRequest, row.cpuLimit, row.memoryRequest, row.memoryLimit)
        let last = seriesLastSettings[series]
        if last == UInt32.max || settingsKeys[Int(last)] != key {
            if let problem = Self.settingsProblem(row) { throw fail(problem) }
        }
        var throttled = Double.nan
        if hasThrottled && !row.throttledRatio.isNaN {
            guard row.throttledRatio >= 0, row.throttledRatio <= 1.001 else {
                throw fail(
                    "cpu_throttled_ratio: expected a fraction between 0 and 1, found \(text(row.throttledRatio, 6))")
            }
            throttled = min(row.throttledRatio, 1)
        }
        var vector: [Double] = []
        if !percentileLevels.isEmpty {
            precondition(row.cpuPercentiles.count == percentileLevels.count, "one value per percentile level")
            vector = row.cpuPercentiles
            for value in vector where !value.isNaN && !(value >= 0 && value <= Quantity.maximumCores) {
                throw fail("cpu percentile: expected a number of cores, found \(text(value, 9))")
            }
            if let problem = percentileOrderProblem(vector, cpu: row.cpu) { notePercentileOrder(fail(problem)) }
        }
        let settings = settingsID(series: series, key)
        appendRow(
            series: series, time: row.time, cpu: row.cpu, memory: row.memory, settings: settings,
            throttled: throttled, oom: row.oomKilled ? 1 : 0, percentiles: vector, file: file, line: line)
    }

    /// A number's cell as the reader quotes it in a message: `"0.25"`.
    static func cellText(_ value: Double, decimals: Int) -> String {
        "\"" + CanonicalTraceWriter.number(value, decimals: decimals) + "\""
    }

    /// What the canonical reader refuses in a row's settings cells, nil when nothing.
    static func settingsProblem(_ row: RowValues) -> String? {
        func text(_ value: Double, _ isCPU: Bool) -> String { cellText(value, decimals: isCPU ? 9 : 0) }
        for (name, value, isCPU) in [
            ("cpu_request", row.cpuRequest, true), ("cpu_limit", row.cpuLimit, true),
            ("memory_request", row.memoryRequest, false), ("memory_limit", row.memoryLimit, false),
        ] where !value.isNaN {
            if value < 0 { return "\(name): negative value \(text(value, isCPU))" }
            if value > (isCPU ? Quantity.maximumCores : Quantity.maximumBytes) {
                return
                    "\(name): \(text(value, isCPU)) is more than any node has (at most \(isCPU ? "\(Quantity.maximumCoresText) cores" : "1Ei"))"
            }
        }
        if row.cpuRequest > row.cpuLimit || row.memoryRequest > row.memoryLimit {
            let isCPU = row.cpuRequest > row.cpuLimit
            let (request, limit) = isCPU ? ("cpu_request", "cpu_limit") : ("memory_request", "memory_limit")
            let (a, b) = isCPU ? (row.cpuRequest, row.cpuLimit) : (row.memoryRequest, row.memoryLimit)
            return
                "\(request) \(text(a, isCPU)) is above \(limit) \(text(b, isCPU)) (Kubernetes refuses a request above its limit)"
        }
        return nil
    }

    /// The series id for these names, as `series(...)` gives it, refusing what the canonical reader
    /// refuses in the cells they are written as: an empty namespace, workload or container, labels
    /// that are not Kubernetes labels. Errors name `files[file]` and `line`.
    public mutating func checkedSeries(
        namespace: String, workload: String, container: String, pod: String, node: String?, team: String?,
        labels: LabelSet?, annotations: LabelSet?, file: Int, line: Int
    ) throws -> Int {
        func fail(_ message: String) -> TraceError {
            TraceError(file: files.isEmpty ? "" : files[file], line: line, column: 1, message: message)
        }
        for (column, name) in [("namespace", namespace), ("workload", workload), ("container", container)]
        where name.isEmpty {
            throw fail("\(column): empty; every row needs a namespace, workload and container")
        }
        var checked: [LabelSet?] = []
        for (column, set) in [("labels", labels), ("annotations", annotations)] {
            guard let set, !set.isEmpty else {
                checked.append(nil)
                continue
            }
            do {
                let parsed = try LabelSet.parse(Array(set.text.utf8), kubernetesSyntax: column == "labels")
                checked.append(parsed.isEmpty ? nil : parsed)
            } catch {
                throw fail("\(column): \(error.message)")
            }
        }
        return series(
            namespace: namespace, workload: workload, container: container, pod: pod, node: node, team: team,
            labels: checked[0], annotations: checked[1])
    }

    /// What the canonical reader says of a percentile vector out of order, nil when in order.
    func percentileOrderProblem(_ vector: [Double], cpu: Double) -> String? {
        func name(_ k: Int) -> String {
            percentileLevels[k] == 100 ? "cpu_max" : "cpu_p\(Int(percentileLevels[k]))"
        }
        func text(_ value: Double) -> String { Self.cellText(value, decimals: 9) }
        var previous: Int?
        for k in vector.indices where !vector[k].isNaN {
            if let p = previous, vector[k] < vector[p] * (1 - 1e-6) {
                return "\(name(k)) \(text(vector[k])) is below \(name(p)) \(text(vector[p]))"
            }
            previous = k
        }
        if let k = vector.indices.last, percentileLevels[k] == 100, !vector[k].isNaN, vector[k] < cpu * (1 - 1e-6) {
            return "cpu_max \(text(vector[k])) is below the mean cpu_cores \(text(cpu))"
        }
        return nil
    }
}

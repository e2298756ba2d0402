import Dispatch

/// Collects samples in any order and builds a `Trace`: groups them by series, sorts each series by
/// time, rejects (or with `skipBadRows` drops) duplicate samples, and measures intervals and gaps.
public struct TraceBuilder {
    struct Identity: Hashable {
        var namespace: Int32
        var workload: Int32
        var container: Int32
        var pod: Int32
    }

    /// Settings as bit patterns, NaN for unset, so that rows compare and hash cheaply.
    struct SettingsKey: Hashable {
        var cpuRequest: UInt64
        var cpuLimit: UInt64
        var memoryRequest: UInt64
        var memoryLimit: UInt64

        static let unsetBits = Double.nan.bitPattern

        init(_ cpuRequest: Double, _ cpuLimit: Double, _ memoryRequest: Double, _ memoryLimit: Double) {
            self.cpuRequest = cpuRequest.isNaN ? Self.unsetBits : cpuRequest.bitPattern
            self.cpuLimit = cpuLimit.isNaN ? Self.unsetBits : cpuLimit.bitPattern
            self.memoryRequest = memoryRequest.isNaN ? Self.unsetBits : memoryRequest.bitPattern
            self.memoryLimit = memoryLimit.isNaN ? Self.unsetBits : memoryLimit.bitPattern
        }

        init(_ settings: ResourceSettings) {
            self.init(
                settings.cpuRequest ?? .nan, settings.cpuLimit ?? .nan,
                settings.memoryRequest ?? .nan, settings.memoryLimit ?? .nan)
        }

        var settings: ResourceSettings {
            func value(_ bits: UInt64) -> Double? { bits == Self.unsetBits ? nil : Double(bitPattern: bits) }
            return ResourceSettings(
                cpuRequest: value(cpuRequest), cpuLimit: value(cpuLimit),
                memoryRequest: value(memoryRequest), memoryLimit: value(memoryLimit))
        }
    }

    var names = NameTable()
    /// The source files registered (`addFile`), in order.
    public internal(set) var files: [String] = []
    var identities: [Identity] = []
    var seriesNode: [Int32] = []
    var seriesTeam: [Int32] = []
    /// Per series: the normalized `labels` and `annotations` text (names ids), -1 when not recorded.
    var seriesLabels: [Int32] = []
    var seriesAnnotations: [Int32] = []
    var identityIndex = IdentityIndex()

    var rowSeries = ColumnBuffer<UInt32>()
    var time = ColumnBuffer<Int64>()
    var cpu = ColumnBuffer<Double>()
    var memory = ColumnBuffer<Double>()
    var settingsIndex = ColumnBuffer<UInt32>()
    /// Throttled ratios as `FixedPointRatio` codes.
    var throttled = ColumnBuffer<UInt32>()
    var oom = ColumnBuffer<UInt8>()
    var percentiles = ColumnBuffer<Double>()
    var line = ColumnBuffer<UInt32>()
    var file = ColumnBuffer<UInt16>()

    /// Whether rows keep their source line (for errors that name rows once the trace is built:
    /// duplicate samples, a span too long). Readers that can read the input again on such an error
    /// leave it off and save 4 bytes a row.
    public var recordsLines = true
    var hasThrottled = false
    var hasOOM = false
    var percentileLevels: [Double] = []

    var settingsKeys: [SettingsKey] = []
    var settingsLookup: [SettingsKey: UInt32] = [:]
    var seriesLastSettings: [UInt32] = []
    /// Later chunks of the last file read, behind the rows above (`keep`).
    var keptRows: [RowSegment] = []

    var skippedRows = 0
    var warnings: [String] = []
    /// The first few problems of skipped rows, for the summary.
    var skippedExamples: [TraceError] = []
    /// Rows kept with CPU percentiles out of order (decreasing, or a maximum below the mean), and the first.
    var percentileOrderRows = 0
    var percentileOrderExample: TraceError?

    public init() {}

    /// Number of rows appended so far.
    public var rowCount: Int { keptRows.reduce(time.count) { $0 + $1.count } }

    /// Reserves room for about `rows` more samples.
    public mutating func reserve(rows: Int) {
        let total = time.count + rows
        rowSeries.reserve(total)
        time.reserve(total)
        cpu.reserve(total)
        memory.reserve(total)
        settingsIndex.reserve(total)
        if recordsLines { line.reserve(total) }
        if hasThrottled { throttled.reserve(total) }
        if hasOOM { oom.reserve(total) }
    }

    /// Registers a source file; returns its index for `append(... file:)`.
    public mutating func addFile(_ path: String) -> Int {
        settleKeptRows()
        files.append(path)
        if files.count == 2 { file = ColumnBuffer(repeating: 0, count: time.count) }
        return files.count - 1
    }

    /// The series id for these names, creating the series when it is new. An empty or missing pod
    /// makes the workload itself the single replica. Node, team, labels and annotations are taken
    /// from the first row.
    public mutating func series(
        namespace: String, workload: String, container: String, pod: String?,
        node: String? = nil, team: String? = nil, labels: LabelSet? = nil, annotations: LabelSet? = nil
    ) -> Int {
        let ns = names.intern(namespace)
        let wl = names.intern(workload)
        let identity = Identity(
            namespace: ns, workload: wl, container: names.intern(container),
            pod: names.intern((pod?.isEmpty ?? true) ? workload : pod!))
        if let existing = identityIndex.findOrFile(identity, in: identities) { return existing }
        return register(
            identity, node: (node?.isEmpty ?? true) ? -1 : names.intern(node!),
            team: (team?.isEmpty ?? true) ? ns : names.intern(team!),
            labels: labels.map { names.intern($0.text) } ?? -1,
            annotations: annotations.map { names.intern($0.text) } ?? -1)
    }

    /// Adds the series of `identity`, just filed under the next id in `identityIndex`.
    private mutating func register(_ identity: Identity, node: Int32, team: Int32, labels: Int32, annotations: Int32)
        -> Int
    {
        let id = identities.count
        identities.append(identity)
        seriesNode.append(node)
        seriesTeam.append(team)
        seriesLabels.append(labels)
        seriesAnnotations.append(annotations)
        seriesLastSettings.append(UInt32.max)
        return id
    }

    @inline(__always)
    mutating func settingsID(series: Int, _ key: SettingsKey) -> UInt32 {
        let last = seriesLastSettings[series]
        if last != UInt32.max && settingsKeys[Int(last)] == key { return last }
        let id = intern(key)
        seriesLastSettings[series] = id
        return id
    }

    /// The id of distinct settings, adding them when new.
    mutating func intern(_ key: SettingsKey) -> UInt32 {
        if let existing = settingsLookup[key] { return existing }
        let id = UInt32(settingsKeys.count)
        settingsKeys.append(key)
        settingsLookup[key] = id
        return id
    }

    /// Starts carrying a throttled-ratio column (earlier rows get NaN).
    mutating func enableThrottled() {
        guard !hasThrottled else { return }
        settleKeptRows()
        hasThrottled = true
        throttled = ColumnBuffer(repeating: FixedPointRatio.notRecorded, count: time.count)
    }

    /// Starts carrying an OOM column (earlier rows get 0).
    mutating func enableOOM() {
        guard !hasOOM else { return }
        settleKeptRows()
        hasOOM = true
        oom = ColumnBuffer(repeating: 0, count: time.count)
    }

    /// Adds percentile levels; returns, for each level given, its slot in the builder's vector.
    mutating func adoptPercentileLevels(_ levels: [Double]) -> [Int] {
        let merged = Array(Set(percentileLevels).union(levels)).sorted()
        if merged != percentileLevels {
            settleKeptRows()
            let oldStride = percentileLevels.count
            let widened = ColumnBuffer<Double>(repeating: .nan, count: time.count * merged.count)
            let slot = percentileLevels.map { merged.firstIndex(of: $0)! }
            for row in 0..<time.count {
                for (k, target) in slot.enumerated() {
                    widened[row * merged.count + target] = percentiles[row * oldStride + k]
                }
            }
            percentiles = widened
            percentileLevels = merged
        }
        return levels.map { percentileLevels.firstIndex(of: $0)! }
    }

    /// Appends one sample. Values are in cores, bytes and milliseconds; `memory` NaN = not recorded.
    public mutating func append(
        series: Int, time: TraceInstant, cpu: Double, memory: Double, settings: ResourceSettings = .unset,
        throttledRatio: Double? = nil, oomKilled: Bool? = nil, cpuPercentiles: [Double: Double] = [:],
        file: Int = 0, line: Int = 0
    ) {
        settleKeptRows()
        if throttledRatio != nil { enableThrottled() }
        if oomKilled != nil { enableOOM() }
        var vector: [Double] = []
        if !cpuPercentiles.isEmpty {
            let slots = adoptPercentileLevels(cpuPercentiles.keys.sorted())
            vector = Array(repeating: .nan, count: percentileLevels.count)
            for (level, slot) in zip(cpuPercentiles.keys.sorted(), slots) { vector[slot] = cpuPercentiles[level]! }
        } else if !percentileLevels.isEmpty {
            vector = Array(repeating: .nan, count: percentileLevels.count)
        }
        appendRow(
            series: series, time: time, cpu: cpu, memory: memory,
            settings: settingsID(series: series, SettingsKey(settings)),
            throttled: throttledRatio ?? .nan, oom: oomKilled == true ? 1 : 0,
            percentiles: vector, file: file, line: line)
    }

    @inline(__always)
    mutating func appendRow(
        series: Int, time t: Int64, cpu c: Double, memory m: Double, settings s: UInt32,
        throttled r: Double, oom o: UInt8, percentiles p: [Double], file f: Int, line l: Int
    ) {
        rowSeries.append(UInt32(series))
        time.append(t)
        cpu.append(c)
        memory.append(m)
        settingsIndex.append(s)
        if hasThrottled { throttled.append(FixedPointRatio.encode(r)) }
        if hasOOM { oom.append(o) }
        if !percentileLevels.isEmpty { percentiles.append(contentsOf: p) }
        if recordsLines { line.append(UInt32(truncatingIfNeeded: l)) }
        if files.count > 1 { file.append(UInt16(truncatingIfNeeded: f)) }
    }

    /// Records a row kept with its CPU percentiles out of order.
    mutating func notePercentileOrder(_ problem: TraceError) {
        percentileOrderRows += 1
        if percentileOrderExample == nil { percentileOrderExample = problem }
    }

    /// Records a skipped malformed row.
    mutating func skip(_ error: TraceError) {
        skippedRows += 1
        if skippedExamples.count < 3 { skippedExamples.append(error) }
    }
}

extension TraceBuilder {
    /// Gets ready for rows of a file with this layout: enables its optional columns and reserves room.
    mutating func prepare(for layout: CanonicalLayout, rows: Int) {
        if layout[.cpuThrottledRatio] >= 0 { enableThrottled() }
        if layout[.oomKilled] >= 0 { enableOOM() }
        if !layout.percentileLevels.isEmpty { _ = adoptPercentileLevels(layout.percentileLevels) }
        reserve(rows: rows)
    }

    /// Appends the rows of `other` (a builder of one file chunk), as rows of file `fileIndex` with
    /// their line numbers shifted by `lineOffset`.
    mutating func merge(_ other: consuming TraceBuilder, fileIndex: Int, lineOffset: Int) {
        settleKeptRows()
        if other.hasThrottled { enableThrottled() }
        if other.hasOOM { enableOOM() }
        let slots = other.percentileLevels.isEmpty ? [] : adoptPercentileLevels(other.percentileLevels)
        let seriesMap = adoptSeries(of: other)
        let settingsMap = other.settingsKeys.map { intern($0) }
        // Column by column, on all cores: copies where nothing changes, a table look-up where ids do.
        let rows = other.rowCount
        let (hasThrottled, hasOOM, recordsLines) = (
            self.hasThrottled, self.hasOOM, self.recordsLines && other.recordsLines
        )
        let (rowSeries, time, cpu, memory) = (self.rowSeries, self.time, self.cpu, self.memory)
        let (settingsIndex, throttled, oom, line) = (self.settingsIndex, self.throttled, self.oom, self.line)
        let source = (
            rowSeries: other.rowSeries, time: other.time, cpu: other.cpu, memory: other.memory,
            settingsIndex: other.settingsIndex, throttled: other.throttled, oom: other.oom, line: other.line,
            hasThrottled: other.hasThrottled, hasOOM: other.hasOOM
        )
        appendPercentiles(of: other, slots: slots)
        other.percentiles.release()
        // Each of `other`'s columns is freed once copied: `other` is not used afterwards.
        DispatchQueue.concurrentPerform(iterations: 8) { column in
            switch column {
            case 0:
                rowSeries.append(moving: source.rowSeries) { UInt32(seriesMap[Int($0)]) }
            case 1: Self.move(source.time, into: time)
            case 2: Self.move(source.cpu, into: cpu)
            case 3: Self.move(source.memory, into: memory)
            case 4:
                settingsIndex.append(moving: source.settingsIndex) { settingsMap[Int($0)] }
            case 5:
                Self.move(
                    source.throttled, into: throttled, if: hasThrottled,
                    else: source.hasThrottled ? nil : FixedPointRatio.notRecorded,
                    rows: rows)
            case 6: Self.move(source.oom, into: oom, if: hasOOM, else: source.hasOOM ? nil : 0, rows: rows)
            default:
                if recordsLines {
                    line.append(moving: source.line) { UInt32(truncatingIfNeeded: Int($0) + lineOffset) }
                } else {
                    source.line.release()
                }
            }
        }
        if files.count > 1 { file.append(repeating: UInt16(truncatingIfNeeded: fileIndex), times: rows) }
        adoptNotes(of: other, lineOffset: lineOffset)
    }

    /// Takes the skipped rows, examples and warnings of `other`, a chunk whose lines start at `lineOffset`.
    mutating func adoptNotes(of other: borrowing TraceBuilder, lineOffset: Int) {
        skippedRows += other.skippedRows
        percentileOrderRows += other.percentileOrderRows
        if percentileOrderExample == nil, var example = other.percentileOrderExample {
            example.line += lineOffset
            percentileOrderExample = example
        }
        for var example in other.skippedExamples where skippedExamples.count < 3 {
            example.line += lineOffset
            skippedExamples.append(example)
        }
        warnings += other.warnings
    }

    /// Appends `source` to `target` when `enabled`, or `fill` once per row of the chunk when the chunk
    /// lacks the column (`fill` not nil), then frees `source`.
    static func move<T>(
        _ source: ColumnBuffer<T>, into target: ColumnBuffer<T>, if enabled: Bool = true, else fill: T? = nil,
        rows: Int = 0
    ) {
        if enabled && fill == nil {
            // Moved a block at a time: the two copies are never held whole at once.
            target.append(moving: source)
            return
        }
        if enabled, let fill { target.append(repeating: fill, times: rows) }
        source.release()
    }

    /// This builder's series id of each series of `other`, registering the new ones.
    mutating func adoptSeries(of other: TraceBuilder) -> [Int] {
        // Names move by their bytes, each once, in the order `series` would intern them (a series
        // already here brings no node, team or labels); labels and annotations are stored
        // normalised, so their text moves as is.
        var map = [Int32](repeating: -1, count: other.names.count)
        func mapped(_ id: Int32) -> Int32 {
            guard id >= 0 else { return -1 }
            if map[Int(id)] < 0 { map[Int(id)] = other.names.withBytes(of: id) { names.intern(bytes: $0) } }
            return map[Int(id)]
        }
        return other.identities.indices.map { id -> Int in
            let theirs = other.identities[id]
            let identity = Identity(
                namespace: mapped(theirs.namespace), workload: mapped(theirs.workload),
                container: mapped(theirs.container), pod: mapped(theirs.pod))
            if let existing = identityIndex.findOrFile(identity, in: identities) { return existing }
            return register(
                identity, node: mapped(other.seriesNode[id]), team: mapped(other.seriesTeam[id]),
                labels: mapped(other.seriesLabels[id]), annotations: mapped(other.seriesAnnotations[id]))
        }
    }

    /// Appends the percentile vectors of `other`'s rows, each value in this builder's slot for its
    /// level (`slots`), NaN for levels `other` does not have.
    mutating func appendPercentiles(of other: TraceBuilder, slots: [Int]) {
        let stride = percentileLevels.count
        guard stride > 0 else { return }
        var vector = [Double](repeating: .nan, count: stride)
        for row in 0..<other.rowCount {
            for (k, slot) in slots.enumerated() { vector[slot] = other.percentiles[row * slots.count + k] }
            percentiles.append(contentsOf: vector)
        }
    }
}

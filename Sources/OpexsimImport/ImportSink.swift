import OpexsimTraces

/// Where an importer writes: canonical rows, plus the rows it dropped (by reason) and what it
/// noticed about the input, for the summary. Each row is written as canonical CSV and, at the same
/// time, added to the trace that CSV reads as (the values its cells read back as, checked as the
/// reader checks them), so the summary and a trace cache need no second reading. Used by one owner:
/// its trace columns are shared, not copied, when the sink is.
public struct ImportSink {
    public internal(set) var writer: CanonicalTraceWriter
    /// Bytes of the CSV before the writer's: rows appended from other sinks, kept as they were
    /// written rather than copied (`csvBytes`, `write(to:)` put them in order).
    var pieces: [ArraySlice<UInt8>] = []
    /// The trace the written rows read as; errors name each row's input file and line.
    var builder = TraceBuilder()
    /// CPU percentile levels of the rows' `cpuPercentiles` (100 = `cpu_max`).
    public let cpuPercentileLevels: [Int]
    public let hasThrottledRatio: Bool
    public let hasOOMKilled: Bool
    public let hasLabels: Bool
    public let hasAnnotations: Bool
    /// Dropped rows by reason, in the order the reasons first came up.
    public private(set) var dropped: [(reason: String, count: Int)] = []
    /// Things worth telling the user, in order.
    public private(set) var notes: [String] = []
    /// The builder's index of the input the next rows come from, nil before any.
    private var input: Int?
    /// The last row's names, its series and its identity cells as written.
    private var lastIdentity: (namespace: String, workload: String, container: String, pod: String)?
    private var lastSeries = 0
    private var lastIdentityCells: [UInt8] = []
    private var percentileValues: [Double] = []

    public init(
        throttledRatio: Bool = false, oomKilled: Bool = false, cpuPercentileLevels: [Int] = [], labels: Bool = false,
        annotations: Bool = false
    ) {
        writer = CanonicalTraceWriter(
            throttledRatio: throttledRatio, oomKilled: oomKilled, cpuPercentileLevels: cpuPercentileLevels,
            labels: labels, annotations: annotations)
        hasLabels = labels
        hasAnnotations = annotations
        self.cpuPercentileLevels = cpuPercentileLevels
        hasThrottledRatio = throttledRatio
        hasOOMKilled = oomKilled
        builder.prepareColumns(
            throttledRatio: throttledRatio, oomKilled: oomKilled, percentileLevels: cpuPercentileLevels.map(Double.init)
        )
        percentileValues = Array(repeating: .nan, count: cpuPercentileLevels.count)
    }

    public var rowCount: Int { writer.rows }

    /// The whole CSV written: header and rows.
    public var csvBytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(pieces.reduce(writer.bytes.count) { $0 + $1.count })
        for piece in pieces { bytes += piece }
        return bytes + writer.bytes
    }

    /// Writes the whole CSV to `file`, piece by piece.
    public func write(to file: StreamingFile) {
        for piece in pieces { file.write(piece) }
        file.write(writer.bytes[...])
    }

    /// Names the input the next rows come from (their errors name it with their line).
    public mutating func beginInput(_ path: String) {
        input = builder.addFile(path)
    }

    /// Writes one row, formatting each cell straight into the writer's bytes, and adds it to the
    /// trace as the canonical reader reads those cells. `line` is its line in the current input
    /// (0 when it has none). Throws what the reader would refuse in the written row, at that line.
    public mutating func append(_ row: CanonicalRow, line: Int = 0) throws {
        if input == nil { beginInput("the converted rows") }
        let file = input!
        var newSeries = true
        if let last = lastIdentity, last.namespace == row.namespace, last.workload == row.workload,
            last.container == row.container, last.pod == row.pod
        {
            newSeries = false
        } else {
            lastIdentity = nil
            lastIdentityCells.removeAll(keepingCapacity: true)
            CanonicalTraceWriter.formatText(row.namespace, into: &lastIdentityCells)
            for text in [row.workload, row.container, row.pod] {
                lastIdentityCells.append(UInt8(ascii: ","))
                CanonicalTraceWriter.formatText(text, into: &lastIdentityCells)
            }
        }
        writer.appendTime(row.time)
        writer.appendCells(lastIdentityCells, count: 4)
        var values = TraceBuilder.RowValues(
            time: row.time, cpu: appendNumber(row.cpuCores, decimals: 9),
            memory: appendNumber(row.memoryBytes?.rounded(), decimals: 0),
            cpuRequest: appendNumber(row.settings.cpuRequest, decimals: 9),
            cpuLimit: appendNumber(row.settings.cpuLimit, decimals: 9),
            memoryRequest: appendNumber(row.settings.memoryRequest?.rounded(), decimals: 0),
            memoryLimit: appendNumber(row.settings.memoryLimit?.rounded(), decimals: 0))
        writer.appendText(row.node ?? "")
        writer.appendText(row.team ?? "")
        if hasThrottledRatio { values.throttledRatio = appendNumber(row.throttledRatio, decimals: 6) }
        if hasOOMKilled {
            if let killed = row.oomKilled {
                writer.appendText(killed ? "1" : "0")
                values.oomKilled = killed
            } else {
                writer.appendEmpty()
            }
        }
        if !cpuPercentileLevels.isEmpty {
            for k in cpuPercentileLevels.indices {
                let value = k < row.cpuPercentiles.count ? row.cpuPercentiles[k] : .nan
                percentileValues[k] = appendNumber(value.isNaN ? nil : value, decimals: 9)
            }
            values.cpuPercentiles = percentileValues
        }
        if hasLabels { writer.appendText(row.labels?.text ?? "") }
        if hasAnnotations { writer.appendText(row.annotations?.text ?? "") }
        writer.endRow()
        if newSeries {
            lastSeries = try builder.checkedSeries(
                namespace: row.namespace, workload: row.workload, container: row.container, pod: row.pod,
                node: row.node, team: row.team, labels: hasLabels ? row.labels : nil,
                annotations: hasAnnotations ? row.annotations : nil, file: file, line: line)
            lastIdentity = (row.namespace, row.workload, row.container, row.pod)
        }
        try builder.appendChecked(series: lastSeries, values, file: file, line: line)
    }

    /// A number cell, empty for nil; returns what the reader reads from it (NaN when empty).
    private mutating func appendNumber(_ value: Double?, decimals: Int) -> Double {
        if let value { return writer.appendNumber(value, decimals: decimals) }
        writer.appendEmpty()
        return .nan
    }

    /// Counts `count` input rows dropped for `reason`.
    public mutating func drop(_ reason: String, count: Int = 1) {
        guard count > 0 else { return }
        if let index = dropped.firstIndex(where: { $0.reason == reason }) {
            dropped[index].count += count
        } else {
            dropped.append((reason, count))
        }
    }

    /// Records something the user should know about the input.
    public mutating func note(_ text: String) {
        if !notes.contains(text) { notes.append(text) }
    }
}

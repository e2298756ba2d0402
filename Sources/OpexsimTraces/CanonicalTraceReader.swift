/// Reads canonical utilization traces (CONTRACT §1) at the byte level: each file is read whole in
/// one buffer and parsed without building strings, except for the names of new series.
public struct CanonicalTraceReader {
    /// Skip malformed rows and count them instead of stopping at the first.
    public var skipBadRows: Bool

    public init(skipBadRows: Bool = false) {
        self.skipBadRows = skipBadRows
    }

    /// Reads and builds the trace from one or more files (`-` is standard input).
    public func read(_ paths: [String]) throws -> Trace {
        var builder = TraceBuilder()
        for path in paths {
            let bytes = try FileBytes.read(path)
            try parse(bytes, file: path, into: &builder)
        }
        return try builder.build(skipBadRows: skipBadRows)
    }

    /// Parses one file's bytes into `builder`.
    public func parse(_ bytes: [UInt8], file: String, into builder: inout TraceBuilder) throws {
        try bytes.withUnsafeBufferPointer { buffer in
            var parser = try CanonicalRowParser(buffer: buffer, file: file, skipBadRows: skipBadRows, builder: &builder)
            try parser.parseRows(into: &builder)
        }
    }

    /// Parses CSV text (for tests and small inputs).
    public func read(text: String, file: String = "<text>") throws -> Trace {
        var builder = TraceBuilder()
        try parse(Array(text.utf8), file: file, into: &builder)
        return try builder.build(skipBadRows: skipBadRows)
    }
}

/// The row loop of one file.
struct CanonicalRowParser {
    let buffer: UnsafeBufferPointer<UInt8>
    let file: String
    let fileIndex: Int
    let skipBadRows: Bool
    let layout: CanonicalLayout
    /// Position of the first data row.
    let dataStart: Int
    /// Builder slots of this file's percentile columns.
    let percentileSlots: [Int]
    var keys = SeriesKeyTable()
    /// Builder series id of each local key-table id.
    var localToSeries: [Int] = []

    static let comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
    static let quote = UInt8(ascii: "\"")

    init(buffer: UnsafeBufferPointer<UInt8>, file: String, skipBadRows: Bool, builder: inout TraceBuilder) throws {
        self.buffer = buffer
        self.file = file
        self.skipBadRows = skipBadRows
        var start = 0
        if buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { start = 3 }
        var end = start
        while end < buffer.count && buffer[end] != Self.newline { end += 1 }
        let headerText = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self)
        if headerText.trimmingSpaces().isEmpty {
            throw TraceError(
                file: file, line: 1, column: 1,
                message: "empty file: expected a header row naming at least \(CanonicalColumn.required.map(\.rawValue).joined(separator: ", "))")
        }
        let header = Self.splitHeader(headerText)
        layout = try CanonicalLayout(header: header, file: file)
        dataStart = min(end + 1, buffer.count)
        fileIndex = builder.addFile(file)
        if !layout.unknown.isEmpty {
            builder.warnings.append("\(file): unknown column\(layout.unknown.count > 1 ? "s" : "") ignored: \(layout.unknown.joined(separator: ", "))")
        }
        if layout[.cpuThrottledRatio] >= 0 { builder.enableThrottled() }
        if layout[.oomKilled] >= 0 { builder.enableOOM() }
        percentileSlots = layout.percentileLevels.isEmpty ? [] : builder.adoptPercentileLevels(layout.percentileLevels)
        builder.reserve(rows: buffer.count / 64)
    }

    static func splitHeader(_ text: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        for character in text {
            if character == "\"" {
                quoted.toggle()
            } else if character == "," && !quoted {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }

    func error(line: Int, at position: Int, lineStart: Int, _ message: String) -> TraceError {
        TraceError(file: file, line: line, column: position - lineStart + 1, message: message)
    }

    func text(_ span: FieldSpan) -> String {
        let shown = min(span.count, 40)
        let value = String(decoding: UnsafeBufferPointer(rebasing: buffer[span.start..<span.start + shown]), as: UTF8.self)
        return "\"" + value + (span.count > shown ? "…" : "") + "\""
    }

    func string(_ span: FieldSpan) -> String {
        var bytes = Array(buffer[span.start..<span.end])
        var i = 0
        while i + 1 < bytes.count {
            if bytes[i] == Self.quote && bytes[i + 1] == Self.quote { bytes.remove(at: i + 1) }
            i += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses every data row.
    mutating func parseRows(into builder: inout TraceBuilder) throws {
        let fieldCount = layout.fieldCount
        let spans = UnsafeMutableBufferPointer<FieldSpan>.allocate(capacity: fieldCount)
        defer { spans.deallocate() }
        spans.initialize(repeating: .empty)
        let base = buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
        let end = buffer.count
        var position = dataStart
        var lineNumber = 1
        var lastSeries = -1
        var percentileVector = [Double](repeating: .nan, count: builder.percentileLevels.count)

        let fTime = layout[.timestamp], fNamespace = layout[.namespace], fWorkload = layout[.workload]
        let fContainer = layout[.container], fPod = layout[.pod], fCPU = layout[.cpuCores]
        let fMemory = layout[.memoryBytes], fCPURequest = layout[.cpuRequest], fCPULimit = layout[.cpuLimit]
        let fMemoryRequest = layout[.memoryRequest], fMemoryLimit = layout[.memoryLimit]
        let fThrottled = layout[.cpuThrottledRatio], fOOM = layout[.oomKilled]

        rows: while position < end {
            lineNumber += 1
            let lineStart = position
            // Blank lines (and a final newline) are allowed.
            if base[position] == Self.newline { position += 1; continue }
            if base[position] == Self.carriageReturn && position + 1 < end && base[position + 1] == Self.newline {
                position += 2
                continue
            }
            // Split the row into fields.
            var field = 0
            var rowError: TraceError?
            while true {
                var p = position
                let fieldStart = p
                var span: FieldSpan
                if p < end && base[p] == Self.quote {
                    p += 1
                    while p < end {
                        if base[p] == Self.quote {
                            if p + 1 < end && base[p + 1] == Self.quote { p += 2; continue }
                            break
                        }
                        p += 1
                    }
                    if p >= end {
                        rowError = rowError ?? error(line: lineNumber, at: fieldStart, lineStart: lineStart, "unterminated quoted field")
                        span = FieldSpan(start: fieldStart + 1, end: end)
                    } else {
                        span = FieldSpan(start: fieldStart + 1, end: p)
                        p += 1
                    }
                    if p < end && base[p] != Self.comma && base[p] != Self.newline && base[p] != Self.carriageReturn {
                        rowError = rowError ?? error(line: lineNumber, at: p, lineStart: lineStart, "expected a comma after a quoted field")
                        while p < end && base[p] != Self.comma && base[p] != Self.newline { p += 1 }
                    }
                } else {
                    while p < end {
                        let byte = base[p]
                        if byte > Self.comma || (byte != Self.comma && byte != Self.newline && byte != Self.carriageReturn) {
                            p += 1
                            continue
                        }
                        break
                    }
                    span = FieldSpan(start: fieldStart, end: p)
                }
                if field < fieldCount {
                    spans[field] = span
                } else if rowError == nil {
                    rowError = error(line: lineNumber, at: fieldStart, lineStart: lineStart,
                                     "expected \(fieldCount) fields as in the header, found more")
                }
                field += 1
                if p < end && base[p] == Self.comma {
                    position = p + 1
                    continue
                }
                // End of line.
                if p < end && base[p] == Self.carriageReturn { p += 1 }
                if p < end && base[p] == Self.newline { p += 1 }
                if field < fieldCount && rowError == nil {
                    rowError = error(line: lineNumber, at: p - (p > lineStart && base[p - 1] == Self.newline ? 1 : 0), lineStart: lineStart,
                                     "expected \(fieldCount) fields as in the header, found \(field)")
                }
                position = p
                break
            }
            if let failure = rowError {
                if skipBadRows { builder.skip(failure); continue rows }
                throw failure
            }

            do {
                // Identity.
                let podSpan = fPod >= 0 ? spans[fPod] : .empty
                let identity = (spans[fNamespace], spans[fWorkload], spans[fContainer], podSpan)
                if identity.0.count == 0 || identity.1.count == 0 || identity.2.count == 0 {
                    let (column, span) = identity.0.count == 0 ? ("namespace", identity.0)
                        : identity.1.count == 0 ? ("workload", identity.1) : ("container", identity.2)
                    throw error(line: lineNumber, at: span.start, lineStart: lineStart,
                                "\(column): empty; every row needs a namespace, workload and container")
                }
                let series: Int
                if lastSeries >= 0 && keys.isSeries(lastSeries, base, identity) {
                    series = localToSeries[lastSeries]
                } else {
                    let hash = SeriesKeyTable.hash(base, identity)
                    var local = keys.find(hash: hash, base, identity)
                    if local == nil {
                        local = keys.insert(hash: hash, base, identity)
                        let node = layout[.node] >= 0 ? string(spans[layout[.node]]) : nil
                        let team = layout[.team] >= 0 ? string(spans[layout[.team]]) : nil
                        localToSeries.append(builder.series(
                            namespace: string(identity.0), workload: string(identity.1), container: string(identity.2),
                            pod: fPod >= 0 ? string(podSpan) : nil, node: node, team: team))
                    }
                    lastSeries = local!
                    series = localToSeries[local!]
                }

                // Values.
                let timeSpan = spans[fTime]
                guard let instant = TraceTime.parse(buffer, from: timeSpan.start, to: timeSpan.end) else {
                    throw error(line: lineNumber, at: timeSpan.start, lineStart: lineStart,
                                "timestamp: expected RFC 3339 (2026-01-05T10:00:10Z) or Unix seconds, found \(text(timeSpan))")
                }
                let cpuSpan = spans[fCPU]
                guard let cpu = DecimalScanner.parseDouble(buffer, from: cpuSpan.start, to: cpuSpan.end) else {
                    throw error(line: lineNumber, at: cpuSpan.start, lineStart: lineStart,
                                "cpu_cores: expected a number of cores, found \(text(cpuSpan))")
                }
                if cpu < 0 {
                    throw error(line: lineNumber, at: cpuSpan.start, lineStart: lineStart, "cpu_cores: negative value \(text(cpuSpan))")
                }
                let memorySpan = spans[fMemory]
                var memory = Double.nan
                if memorySpan.count > 0 {
                    guard let value = DecimalScanner.parseDouble(buffer, from: memorySpan.start, to: memorySpan.end) else {
                        throw error(line: lineNumber, at: memorySpan.start, lineStart: lineStart,
                                    "memory_bytes: expected a number of bytes, found \(text(memorySpan))")
                    }
                    if value < 0 {
                        throw error(line: lineNumber, at: memorySpan.start, lineStart: lineStart, "memory_bytes: negative value \(text(memorySpan))")
                    }
                    memory = value
                }
                let cpuRequest = try quantity(fCPURequest, .cpuRequest, spans, lineNumber, lineStart)
                let cpuLimit = try quantity(fCPULimit, .cpuLimit, spans, lineNumber, lineStart)
                let memoryRequest = try quantity(fMemoryRequest, .memoryRequest, spans, lineNumber, lineStart)
                let memoryLimit = try quantity(fMemoryLimit, .memoryLimit, spans, lineNumber, lineStart)
                var throttled = Double.nan
                if fThrottled >= 0 && spans[fThrottled].count > 0 {
                    let span = spans[fThrottled]
                    guard let value = DecimalScanner.parseDouble(buffer, from: span.start, to: span.end), value >= 0, value <= 1.001 else {
                        throw error(line: lineNumber, at: span.start, lineStart: lineStart,
                                    "cpu_throttled_ratio: expected a fraction between 0 and 1, found \(text(span))")
                    }
                    throttled = min(value, 1)
                }
                var oom: UInt8 = 0
                if fOOM >= 0 && spans[fOOM].count > 0 {
                    let span = spans[fOOM]
                    switch string(span).lowercased() {
                    case "0", "false": oom = 0
                    case "1", "true": oom = 1
                    default:
                        throw error(line: lineNumber, at: span.start, lineStart: lineStart, "oom_killed: expected 0 or 1, found \(text(span))")
                    }
                }
                if !percentileSlots.isEmpty {
                    if percentileVector.count != builder.percentileLevels.count {
                        percentileVector = Array(repeating: .nan, count: builder.percentileLevels.count)
                    }
                    for (k, fieldIndex) in layout.percentileFields.enumerated() {
                        let span = spans[fieldIndex]
                        var value = Double.nan
                        if span.count > 0 {
                            guard let parsed = DecimalScanner.parseDouble(buffer, from: span.start, to: span.end), parsed >= 0 else {
                                throw error(line: lineNumber, at: span.start, lineStart: lineStart,
                                            "cpu percentile: expected a number of cores, found \(text(span))")
                            }
                            value = parsed
                        }
                        percentileVector[percentileSlots[k]] = value
                    }
                } else if percentileVector.count != builder.percentileLevels.count {
                    percentileVector = Array(repeating: .nan, count: builder.percentileLevels.count)
                }
                let settings = builder.settingsID(series: series, .init(cpuRequest, cpuLimit, memoryRequest, memoryLimit))
                builder.appendRow(series: series, time: instant, cpu: cpu, memory: memory, settings: settings,
                                  throttled: throttled, oom: oom, percentiles: percentileVector,
                                  file: fileIndex, line: lineNumber)
            } catch let failure as TraceError {
                if skipBadRows { builder.skip(failure); continue rows }
                throw failure
            }
        }
        if builder.rowCount == 0 && builder.skippedRows == 0 && position >= end && lineNumber <= 1 {
            builder.warnings.append("\(file): no data rows after the header")
        }
    }

    @inline(__always)
    func quantity(_ fieldIndex: Int, _ column: CanonicalColumn, _ spans: UnsafeMutableBufferPointer<FieldSpan>,
                  _ lineNumber: Int, _ lineStart: Int) throws -> Double {
        guard fieldIndex >= 0 else { return .nan }
        let span = spans[fieldIndex]
        guard span.count > 0 else { return .nan }
        guard let value = Quantity.parse(buffer, from: span.start, to: span.end) else {
            let unit = column == .cpuRequest || column == .cpuLimit ? "cores, e.g. 250m or 1.5" : "bytes, e.g. 512Mi or 1G"
            throw error(line: lineNumber, at: span.start, lineStart: lineStart,
                        "\(column.rawValue): expected a Kubernetes quantity in \(unit), found \(text(span))")
        }
        if value < 0 {
            throw error(line: lineNumber, at: span.start, lineStart: lineStart, "\(column.rawValue): negative value \(text(span))")
        }
        return value
    }
}

import FuzzSupport
import OpexsimTraces

/// The canonical CSV reader: the input is one trace file. It is read in one pass, in small chunks
/// on several threads (both must give the same trace or the same error), and skipping bad rows;
/// every trace read must survive its binary cache unchanged.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafeRawPointer?, _ size: Int) -> CInt {
    let bytes = Fuzz.bytes(data, size)
    let serial = reading(bytes, with: CanonicalTraceReader(parallelism: 1))
    var chunked = CanonicalTraceReader(parallelism: 3)
    chunked.minimumChunkBytes = 16
    let parallel = reading(bytes, with: chunked)
    // Two known differences of parsing a buffer in chunks are left out of the comparison (reading
    // files, `read(_:)` reads again in one pass when chunks meet an error or a bad row). Chunks are
    // cut at line ends, also inside a quoted cell: a line break in a quoted cell parses in one pass
    // but not in chunks. And each chunk reads the labels and annotations of the first row it has of
    // a series, which one pass reads only on the series' first row.
    let labelsRefused = (serial + parallel).contains { $0.contains(": labels: ") || $0.contains(": annotations: ") }
    if !breaksLineInQuotes(bytes) && !labelsRefused {
        Fuzz.expect(serial == parallel, "one pass and chunks read differently:\n\(serial)\n---\n\(parallel)")
    }
    _ = reading(bytes, with: CanonicalTraceReader(skipBadRows: true, parallelism: 1))
    return 0
}

/// The trace `reader` builds from `bytes` as lines, or its error.
private func reading(_ bytes: [UInt8], with reader: CanonicalTraceReader) -> [String] {
    do {
        var builder = TraceBuilder()
        try bytes.withUnsafeBufferPointer { try reader.parse($0, file: "fuzz.csv", into: &builder) }
        let trace = try builder.build(skipBadRows: reader.skipBadRows)
        Fuzz.roundTrip(trace, file: "fuzz.opxt")
        return Fuzz.fingerprint(trace)
    } catch {
        return ["error: \(error)"]
    }
}

/// True when a line break comes inside a quoted cell, as the reader quotes: a quote opens a quoted
/// cell only as the cell's first byte (elsewhere it is an ordinary byte), `""` inside is one quote, and
/// the next lone quote closes it.
private func breaksLineInQuotes(_ bytes: [UInt8]) -> Bool {
    let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n")
    var quoted = false
    var cellStart = true
    var index = 0
    while index < bytes.count {
        let byte = bytes[index]
        if quoted {
            if byte == newline { return true }
            if byte == quote {
                if index + 1 < bytes.count && bytes[index + 1] == quote {
                    index += 2
                    continue
                }
                quoted = false
                cellStart = false
            }
        } else {
            quoted = byte == quote && cellStart
            cellStart = byte == comma || byte == newline
        }
        index += 1
    }
    return false
}

import OpexsimTraces

/// A delimited text file read at the byte level: lines split on a separator byte, fields trimmed of
/// spaces and tabs, values parsed in place with errors located by file, line and column.
public struct DelimitedTable {
    public let path: String
    let file: MappedFile

    public init(path: String) throws {
        self.path = path
        file = try MappedFile(path)
    }

    /// Calls `body` for each non-blank line (1-based line numbers).
    public func forEachRow(separator: UInt8 = UInt8(ascii: ","), _ body: (DelimitedRow) throws -> Void) throws {
        try file.withBytes { buffer in
            var fields: [FieldSpan] = []
            fields.reserveCapacity(32)
            var position = 0
            var line = 0
            if buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { position = 3 }
            while position < buffer.count {
                line += 1
                let lineStart = position
                fields.removeAll(keepingCapacity: true)
                var fieldStart = position
                while true {
                    position = Self.delimiter(buffer, separator, from: position)
                    guard position < buffer.count && buffer[position] == separator else { break }
                    fields.append(Self.trimmed(buffer, fieldStart, position))
                    position += 1
                    fieldStart = position
                }
                var lineEnd = position
                if lineEnd > lineStart && buffer[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
                fields.append(Self.trimmed(buffer, fieldStart, max(fieldStart, lineEnd)))
                position += 1
                if fields.count == 1 && fields[0].count == 0 { continue }
                try body(DelimitedRow(path: path, buffer: buffer, line: line, lineStart: lineStart, fields: fields))
            }
        }
    }

    /// The position of the first `separator` or line feed at or after `start`, or the buffer's end.
    /// Eight bytes at a time: a byte equal to either becomes zero after XOR, and the lowest flagged
    /// zero byte of `(v - 0x01…) & ~v & 0x80…` is always a true one.
    @inline(__always)
    static func delimiter(_ buffer: UnsafeBufferPointer<UInt8>, _ separator: UInt8, from start: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let end = buffer.count
        guard let base = buffer.baseAddress else { return end }
        var p = start
        while p + 8 <= end {
            let word = UnsafeRawPointer(base + p).loadUnaligned(as: UInt64.self)
            let separators = word ^ (ones &* UInt64(separator))
            let newlines = word ^ (ones &* UInt64(UInt8(ascii: "\n")))
            let found = ((separators &- ones) & ~separators | (newlines &- ones) & ~newlines) & highs
            if found != 0 { return p + found.trailingZeroBitCount >> 3 }
            p += 8
        }
        while p < end && base[p] != separator && base[p] != UInt8(ascii: "\n") { p += 1 }
        return p
    }

    static func trimmed(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> FieldSpan {
        var a = start, b = end
        while a < b && (buffer[a] == UInt8(ascii: " ") || buffer[a] == UInt8(ascii: "\t")) { a += 1 }
        while b > a
            && (buffer[b - 1] == UInt8(ascii: " ") || buffer[b - 1] == UInt8(ascii: "\t")
                || buffer[b - 1] == UInt8(ascii: "\r"))
        { b -= 1 }
        if b - a >= 2 && buffer[a] == UInt8(ascii: "\"") && buffer[b - 1] == UInt8(ascii: "\"") {
            a += 1
            b -= 1
        }
        return FieldSpan(start: a, end: b)
    }
}

/// One row of a `DelimitedTable`, valid during the callback.
public struct DelimitedRow {
    public let path: String
    let buffer: UnsafeBufferPointer<UInt8>
    /// 1-based line number.
    public let line: Int
    let lineStart: Int
    let fields: [FieldSpan]

    public var count: Int { fields.count }

    /// The text of field `index` (0-based).
    public func text(_ index: Int) -> String {
        let span = fields[index]
        return String(decoding: UnsafeBufferPointer(rebasing: buffer[span.start..<span.end]), as: UTF8.self)
    }

    /// The texts of all fields.
    public var texts: [String] { fields.indices.map(text) }

    public func isEmpty(_ index: Int) -> Bool { fields[index].count == 0 }

    /// An error at field `index` (or at the line's end for a missing field).
    public func error(_ index: Int, _ message: String) -> TraceError {
        let column =
            index < fields.count
            ? fields[index].start - lineStart + 1 : (fields.last.map { $0.end - lineStart + 1 } ?? 1)
        return TraceError(file: path, line: line, column: column, message: message)
    }

    /// Field `index` as a number (plain or with an exponent); `what` names it in errors.
    public func number(_ index: Int, _ what: String) throws -> Double {
        guard index < fields.count else { throw error(index, "\(what): missing (the line has \(fields.count) fields)") }
        let span = fields[index]
        guard let value = DecimalScanner.parseDouble(buffer, from: span.start, to: span.end) else {
            throw error(index, "\(what): expected a number, found \"\(text(index))\"")
        }
        return value
    }

    /// Field `index` as a number, or nil when empty.
    public func optionalNumber(_ index: Int, _ what: String) throws -> Double? {
        guard index < fields.count, fields[index].count > 0 else { return nil }
        return try number(index, what)
    }

    /// Throws unless the row has at least `count` fields.
    public func requireFields(_ count: Int, _ what: String) throws {
        if fields.count < count {
            throw error(fields.count, "expected at least \(count) fields (\(what)), found \(fields.count)")
        }
    }
}

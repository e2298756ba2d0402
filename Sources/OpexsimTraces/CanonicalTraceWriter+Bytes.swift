extension CanonicalTraceWriter {
    /// Starts a cell: a comma unless it is the row's first.
    @inline(__always)
    mutating func separate() {
        if cellsInRow > 0 { bytes.append(UInt8(ascii: ",")) }
        cellsInRow += 1
    }

    /// A text cell, quoted as CSV requires when it holds a comma, a quote or a line break.
    public mutating func appendText(_ text: String) {
        separate()
        Self.formatText(text, into: &bytes)
    }

    /// `text` as a CSV cell: quoted, its quotes doubled, when it holds a comma, a quote or a line
    /// break (the reader reads a quoted cell whole, line breaks included).
    public static func formatText(_ text: String, into bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in
            if utf8.contains(where: {
                $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n")
                    || $0 == UInt8(ascii: "\r")
            }) {
                bytes.append(UInt8(ascii: "\""))
                for byte in utf8 {
                    if byte == UInt8(ascii: "\"") { bytes.append(byte) }
                    bytes.append(byte)
                }
                bytes.append(UInt8(ascii: "\""))
            } else {
                bytes.append(contentsOf: utf8)
            }
        }
    }

    /// Whole rows formatted elsewhere (each ending in a line feed, with every column), streamed as
    /// `append` streams.
    public mutating func appendRows(_ rowBytes: ArraySlice<UInt8>, count: Int) {
        precondition(cellsInRow == 0, "rows appended inside a row")
        bytes.append(contentsOf: rowBytes)
        rows += count
        if bytes.count >= flushThreshold { flush() }
    }

    /// The bytes not yet streamed (the header, say), for a caller that writes its rows to `output`
    /// itself; the writer's buffer starts empty again.
    public mutating func takeBuffered() -> [UInt8] {
        precondition(cellsInRow == 0, "bytes taken inside a row")
        var taken: [UInt8] = []
        swap(&taken, &bytes)
        return taken
    }

    /// Counts `count` rows the caller wrote to `output` itself.
    public mutating func countRows(_ count: Int) {
        rows += count
    }

    /// An empty cell.
    public mutating func appendEmpty() { separate() }

    /// A number cell, as `CanonicalTraceWriter.number` writes it, formatted straight into the bytes;
    /// returns the number the canonical reader reads from it (NaN for an empty cell).
    @discardableResult
    public mutating func appendNumber(_ value: Double, decimals: Int) -> Double {
        separate()
        return Self.formatNumber(value, decimals: decimals, into: &bytes)
    }

    /// `count` cells formatted before (separated by commas, as a row holds them), appended as they are.
    public mutating func appendCells(_ formatted: [UInt8], count: Int) {
        if cellsInRow > 0 { bytes.append(UInt8(ascii: ",")) }
        bytes.append(contentsOf: formatted)
        cellsInRow += count
    }

    /// `value` with at most `decimals` decimals and no trailing zeros (`0.25`, `3`), nothing when it is
    /// not finite. Past 2^63 the digits do not fit an Int64: Swift's shortest form (`1e+25`), which the
    /// reader then refuses as more than any node has, with the place. Returns the number the canonical
    /// reader reads from the cell written (NaN for an empty cell), so that a writer can build the trace
    /// it writes without reading it back.
    @discardableResult
    public static func formatNumber(_ value: Double, decimals: Int, into bytes: inout [UInt8]) -> Double {
        format(value, decimals: decimals, into: &bytes, readingBack: true)
    }

    /// `formatNumber` for a writer that does not need the number read back (it is not worked out).
    public static func writeNumber(_ value: Double, decimals: Int, into bytes: inout [UInt8]) {
        _ = format(value, decimals: decimals, into: &bytes, readingBack: false)
    }

    @inline(__always)
    static func format(_ value: Double, decimals: Int, into bytes: inout [UInt8], readingBack: Bool) -> Double {
        guard value.isFinite else { return .nan }
        precondition((0...18).contains(decimals), "at most 18 decimals")
        let power = exactPower(decimals)
        let scaled = (abs(value) * Double(power)).rounded()
        let written = bytes.count
        guard scaled < 9.2e18 else {
            bytes.append(contentsOf: "\(value)".utf8)
            return readingBack ? readBack(bytes, from: written) : .nan
        }
        let whole = Int64(scaled)
        var integer = whole / power
        var fraction = whole % power
        var width = decimals
        while fraction > 0 && fraction % 10 == 0 {
            fraction /= 10
            width -= 1
        }
        // The digits the reader will scan, as one mantissa: its exact fast path when they fit 53 bits.
        let digits = fraction > 0 ? whole / exactPower(decimals - width) : integer
        let exponent = fraction > 0 ? -width : 0
        // Filled from the right of a scratch buffer: at most 20 digits (19 and the leading zero of a
        // fraction), a point and a sign.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { scratch in
            var start = 24
            if fraction > 0 {
                for _ in 0..<width {
                    start -= 1
                    scratch[start] = UInt8(ascii: "0") + UInt8(fraction % 10)
                    fraction /= 10
                }
                start -= 1
                scratch[start] = UInt8(ascii: ".")
            }
            repeat {
                start -= 1
                scratch[start] = UInt8(ascii: "0") + UInt8(integer % 10)
                integer /= 10
            } while integer > 0
            if value < 0 && scaled != 0 {
                start -= 1
                scratch[start] = UInt8(ascii: "-")
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[start..<24]))
        }
        guard readingBack else { return .nan }
        guard digits < 100_000_000_000_000_000 else { return readBack(bytes, from: written) }
        return DecimalScanner.toDouble(
            ScannedDecimal(
                mantissa: UInt64(digits), exponent: exponent,
                isNegative: value < 0 && scaled != 0, isTruncated: false),
            UnsafeBufferPointer(start: nil, count: 0), from: 0, to: 0)
    }

    /// The number the canonical reader reads from the cell written at `bytes[start...]`.
    static func readBack(_ bytes: [UInt8], from start: Int) -> Double {
        bytes.withUnsafeBufferPointer { DecimalScanner.parseDouble($0, from: start, to: $0.count) ?? .nan }
    }

    /// 10^exponent for 0 ... 18.
    @inline(__always)
    static func exactPower(_ exponent: Int) -> Int64 {
        var power: Int64 = 1
        for _ in 0..<exponent { power *= 10 }
        return power
    }

    /// An RFC 3339 UTC timestamp cell, as `TraceTime.format` writes it.
    public mutating func appendTime(_ instant: TraceInstant) {
        separate()
        Self.formatTime(instant, into: &bytes)
    }

    /// `instant` as an RFC 3339 UTC timestamp, as `TraceTime.format` writes it.
    public static func formatTime(_ instant: TraceInstant, into bytes: inout [UInt8]) {
        let millis = ((instant % 1000) + 1000) % 1000
        let totalSeconds = (instant - millis) / 1000
        let days = (totalSeconds >= 0 ? totalSeconds : totalSeconds - 86_399) / 86_400
        let secondOfDay = totalSeconds - days * 86_400
        let (year, month, day) = TraceTime.date(daysSinceEpoch: Int(days))
        if (0...9999).contains(year) {
            // The common case, in one append: `YYYY-MM-DDTHH:MM:SS[.mmm]Z`.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { scratch in
                @inline(__always) func put(_ value: Int, _ width: Int, at end: Int) {
                    var rest = value
                    for k in stride(from: end - 1, through: end - width, by: -1) {
                        scratch[k] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
                        rest /= 10
                    }
                }
                let seconds = Int(secondOfDay)
                put(year, 4, at: 4)
                scratch[4] = UInt8(ascii: "-")
                put(month, 2, at: 7)
                scratch[7] = UInt8(ascii: "-")
                put(day, 2, at: 10)
                scratch[10] = UInt8(ascii: "T")
                put(seconds / 3600, 2, at: 13)
                scratch[13] = UInt8(ascii: ":")
                put(seconds / 60 % 60, 2, at: 16)
                scratch[16] = UInt8(ascii: ":")
                put(seconds % 60, 2, at: 19)
                var length = 19
                if millis != 0 {
                    scratch[19] = UInt8(ascii: ".")
                    put(Int(millis), 3, at: 23)
                    length = 23
                }
                scratch[length] = UInt8(ascii: "Z")
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[0...length]))
            }
            return
        }
        appendDigits(Int64(year), minimumWidth: 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(Int64(month), minimumWidth: 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(Int64(day), minimumWidth: 2, to: &bytes)
        bytes.append(UInt8(ascii: "T"))
        appendDigits(secondOfDay / 3600, minimumWidth: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay / 60 % 60, minimumWidth: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay % 60, minimumWidth: 2, to: &bytes)
        if millis != 0 {
            bytes.append(UInt8(ascii: "."))
            appendDigits(millis, minimumWidth: 3, to: &bytes)
        }
        bytes.append(UInt8(ascii: "Z"))
    }

    /// Ends the row; the columns written must be all the writer's columns.
    public mutating func endRow() {
        precondition(cellsInRow == columns.count, "row has \(cellsInRow) cells for \(columns.count) columns")
        bytes.append(UInt8(ascii: "\n"))
        cellsInRow = 0
        rows += 1
        if bytes.count >= flushThreshold { flush() }
    }

    /// The decimal digits of a non-negative `value`, zero-padded to `minimumWidth`.
    @inline(__always)
    static func appendDigits(_ value: Int64, minimumWidth: Int, to bytes: inout [UInt8]) {
        // Int64 has at most 19 digits: filled from the right of a 20-byte scratch buffer.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { scratch in
            var start = 20
            var rest = max(0, value)
            repeat {
                start -= 1
                scratch[start] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            for _ in 0..<max(0, minimumWidth - (20 - start)) { bytes.append(UInt8(ascii: "0")) }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[start..<20]))
        }
    }
}

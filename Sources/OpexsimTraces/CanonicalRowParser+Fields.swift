extension CanonicalRowParser {
    /// Splits the row at `start` field by field (quoted cells, any line ending, any field count) into
    /// `spans`; returns where the next row starts. The first problem found is left in `error`.
    func splitFields(
        _ base: UnsafePointer<UInt8>, at start: Int, end: Int, spans: UnsafeMutableBufferPointer<FieldSpan>,
        line: Int, error: inout TraceError?
    ) -> Int {
        let fieldCount = spans.count
        var position = start
        var field = 0
        while true {
            var p = position
            let fieldStart = p
            var span: FieldSpan
            if p < end && base[p] == Self.quote {
                (span, p) = quotedField(base, at: fieldStart, end: end, line: line, rowStart: start, error: &error)
            } else {
                p = Self.delimiter(in: base, from: p, to: end)
                span = FieldSpan(start: fieldStart, end: p)
            }
            if field < fieldCount {
                spans[field] = span
            } else if error == nil {
                error = self.error(
                    line: line, at: fieldStart, lineStart: start,
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
            if field < fieldCount && error == nil {
                error = self.error(
                    line: line, at: p - (p > start && base[p - 1] == Self.newline ? 1 : 0),
                    lineStart: start,
                    "expected \(fieldCount) fields as in the header, found \(field)")
            }
            return p
        }
    }

    /// Reads the quoted cell at `fieldStart` (`""` inside is one quote); returns its span, inside the
    /// quotes, and the position of the byte after it. The first problem found is left in `error`.
    func quotedField(
        _ base: UnsafePointer<UInt8>, at fieldStart: Int, end: Int, line: Int, rowStart start: Int,
        error: inout TraceError?
    ) -> (FieldSpan, Int) {
        var p = fieldStart
        let span: FieldSpan
        p += 1
        while p < end {
            if base[p] == Self.quote {
                if p + 1 < end && base[p + 1] == Self.quote {
                    p += 2
                    continue
                }
                break
            }
            p += 1
        }
        if p >= end {
            error =
                error
                ?? self.error(
                    line: line, at: fieldStart, lineStart: start, "unterminated quoted field")
            span = FieldSpan(start: fieldStart + 1, end: end)
        } else {
            span = FieldSpan(start: fieldStart + 1, end: p)
            p += 1
        }
        if p < end && base[p] != Self.comma && base[p] != Self.newline && base[p] != Self.carriageReturn {
            error =
                error
                ?? self.error(
                    line: line, at: p, lineStart: start, "expected a comma after a quoted field")
            while p < end && base[p] != Self.comma && base[p] != Self.newline { p += 1 }
        }
        return (span, p)
    }
}

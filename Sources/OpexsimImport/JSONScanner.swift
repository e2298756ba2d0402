import OpexsimTraces

/// A pull tokenizer over the bytes of one JSON document (RFC 8259), for readers that walk a known
/// structure and keep only what they need: nothing is built for the parts they skip, so memory
/// stays bounded by what the caller keeps, not by the size of the text.
///
/// The caller drives it: `beginObject()` then `nextKey()` until nil, `beginArray()` then
/// `nextElement()` until false, and one value reader (`readString()`, `readNumber()`, ...,
/// `skipValue()`) after each key or element. Errors are `TraceError`s located at the offending
/// byte (1-based line, and column counted in bytes); the line is computed only when one is thrown.
public struct JSONScanner {
    /// The kind of value that starts at the next non-blank byte.
    public enum ValueKind: Sendable, Equatable {
        case object, array, string, number, bool, null
    }

    /// A string token in place: its bytes between the quotes, still escaped when `hasEscapes`.
    public struct StringToken: Sendable, Equatable {
        /// Offsets of the bytes between the quotes.
        public var content: Range<Int>
        public var hasEscapes: Bool
    }

    public let bytes: UnsafeBufferPointer<UInt8>
    /// Named in errors.
    public let file: String
    /// Offset of the next byte to read.
    public private(set) var offset: Int
    /// True right after `{` or `[`, where no comma may come before the first member.
    private var atContainerStart = false

    /// A scanner at the start of `bytes` (after a UTF-8 byte order mark, if any).
    public init(_ bytes: UnsafeBufferPointer<UInt8>, file: String) {
        self.bytes = bytes
        self.file = file
        offset = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    /// A scanner at `offset` of `bytes`, to read a value again that an earlier pass skipped over.
    public init(_ bytes: UnsafeBufferPointer<UInt8>, file: String, offset: Int) {
        self.bytes = bytes
        self.file = file
        self.offset = offset
    }

    // MARK: Structure

    /// The kind of the next value, without consuming it.
    public mutating func peekKind() throws -> ValueKind {
        skipWhitespace()
        guard offset < bytes.count else { throw endOfInput("a value") }
        switch bytes[offset] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        default: throw unexpected("a value")
        }
    }

    /// Consumes the `{` that opens an object.
    public mutating func beginObject() throws {
        try expect(UInt8(ascii: "{"), "an object ({)")
        atContainerStart = true
    }

    /// The next key of the current object (its `:` consumed), or nil after the closing `}`.
    public mutating func nextKey() throws -> String? {
        guard try advanceToMember(closer: UInt8(ascii: "}")) else { return nil }
        let key = try readString()
        try expect(UInt8(ascii: ":"), "':' after the key")
        return key
    }

    /// Consumes the `[` that opens an array.
    public mutating func beginArray() throws {
        try expect(UInt8(ascii: "["), "an array ([)")
        atContainerStart = true
    }

    /// True when another element of the current array follows; false after the closing `]`.
    public mutating func nextElement() throws -> Bool {
        try advanceToMember(closer: UInt8(ascii: "]"))
    }

    /// Throws unless only whitespace is left.
    public mutating func finish() throws {
        skipWhitespace()
        if offset < bytes.count { throw unexpected("the end of the document") }
    }

    // MARK: Values

    /// The next value as a string, escapes decoded.
    public mutating func readString() throws -> String {
        decode(try readStringToken())
    }

    /// The next value as a string token, left in place.
    public mutating func readStringToken() throws -> StringToken {
        skipWhitespace()
        guard offset < bytes.count else { throw endOfInput("a string") }
        guard bytes[offset] == UInt8(ascii: "\"") else { throw unexpected("a string") }
        return try scanString()
    }

    /// The text of a string token, escapes decoded (a lone surrogate becomes U+FFFD).
    public func decode(_ token: StringToken) -> String {
        let content = UnsafeBufferPointer(rebasing: bytes[token.content])
        guard token.hasEscapes else { return String(decoding: content, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(content.count)
        var i = 0
        while i < content.count {
            let byte = content[i]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                i += 1
                continue
            }
            let escape = content[i + 1]
            i += 2
            switch escape {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = Self.hexValue(content, i)
                i += 4
                if (0xD800...0xDBFF).contains(scalar), i + 6 <= content.count,
                    content[i] == UInt8(ascii: "\\"), content[i + 1] == UInt8(ascii: "u")
                {
                    let low = Self.hexValue(content, i + 2)
                    if (0xDC00...0xDFFF).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    }
                }
                Self.appendUTF8(Unicode.Scalar(scalar) ?? "\u{FFFD}", to: &out)
            default: out.append(escape)  // \" \\ \/
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The next value as the offsets of a number's text (JSON grammar: `-?int[.frac][e±exp]`).
    public mutating func readNumber() throws -> Range<Int> {
        skipWhitespace()
        let start = offset
        guard offset < bytes.count else { throw endOfInput("a number") }
        if bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        guard offset < bytes.count, isDigit(bytes[offset]) else {
            throw offset < bytes.count ? unexpected("a number") : endOfInput("a number")
        }
        if bytes[offset] == UInt8(ascii: "0") {
            offset += 1
        } else {
            skipDigits()
        }
        if offset < bytes.count && bytes[offset] == UInt8(ascii: ".") {
            offset += 1
            guard offset < bytes.count, isDigit(bytes[offset]) else { throw digitExpected("after the decimal point") }
            skipDigits()
        }
        if offset < bytes.count && bytes[offset] | 0x20 == UInt8(ascii: "e") {
            offset += 1
            if offset < bytes.count && (bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-")) {
                offset += 1
            }
            guard offset < bytes.count, isDigit(bytes[offset]) else { throw digitExpected("in the exponent") }
            skipDigits()
        }
        return start..<offset
    }

    /// The next value as a number.
    public mutating func readDouble() throws -> Double {
        let span = try readNumber()
        return DecimalScanner.parseDouble(bytes, from: span.lowerBound, to: span.upperBound) ?? .nan
    }

    /// The next value as `true` or `false`.
    public mutating func readBool() throws -> Bool {
        skipWhitespace()
        if try matchLiteral("true") { return true }
        if try matchLiteral("false") { return false }
        throw offset < bytes.count ? unexpected("true or false") : endOfInput("true or false")
    }

    /// Consumes a `null`; returns false (consuming nothing) when the next value is something else.
    public mutating func readNull() throws -> Bool {
        skipWhitespace()
        return try matchLiteral("null")
    }

    /// Consumes the next value, whatever it is, checking that it is well formed. Nesting depth costs
    /// one byte per level of heap, never stack.
    public mutating func skipValue() throws {
        var closers: [UInt8] = []
        while true {
            // A value starts here.
            switch try peekKind() {
            case .object:
                offset += 1
                skipWhitespace()
                if offset < bytes.count && bytes[offset] == UInt8(ascii: "}") {
                    offset += 1
                } else {
                    closers.append(UInt8(ascii: "}"))
                    _ = try readStringToken()
                    try expect(UInt8(ascii: ":"), "':' after the key")
                    continue
                }
            case .array:
                offset += 1
                skipWhitespace()
                if offset < bytes.count && bytes[offset] == UInt8(ascii: "]") {
                    offset += 1
                } else {
                    closers.append(UInt8(ascii: "]"))
                    continue
                }
            case .string: _ = try scanString()
            case .number: _ = try readNumber()
            case .bool: _ = try readBool()
            case .null: _ = try readNull()
            }
            // A value ended: close containers until one continues with a comma.
            var continues = false
            while let closer = closers.last {
                skipWhitespace()
                guard offset < bytes.count else {
                    throw endOfInput(closer == UInt8(ascii: "}") ? "',' or '}'" : "',' or ']'")
                }
                if bytes[offset] == UInt8(ascii: ",") {
                    offset += 1
                    if closer == UInt8(ascii: "}") {
                        _ = try readStringToken()
                        try expect(UInt8(ascii: ":"), "':' after the key")
                    }
                    continues = true
                    break
                }
                guard bytes[offset] == closer else {
                    throw unexpected(closer == UInt8(ascii: "}") ? "',' or '}'" : "',' or ']'")
                }
                offset += 1
                closers.removeLast()
            }
            if !continues { return }
        }
    }

    // MARK: Errors

    /// The 1-based line and byte column of `offset`.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        for index in 0..<min(offset, bytes.count) where bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        return (line, offset - lineStart + 1)
    }

    /// An error located at `offset`.
    public func error(_ message: String, at offset: Int) -> TraceError {
        let (line, column) = location(of: offset)
        return TraceError(file: file, line: line, column: column, message: message)
    }

    // MARK: Private

    private mutating func advanceToMember(closer: UInt8) throws -> Bool {
        let first = atContainerStart
        atContainerStart = false
        skipWhitespace()
        let what = closer == UInt8(ascii: "}") ? "'}'" : "']'"
        guard offset < bytes.count else { throw endOfInput(first ? "a member or \(what)" : "',' or \(what)") }
        if bytes[offset] == closer {
            offset += 1
            return false
        }
        if !first {
            guard bytes[offset] == UInt8(ascii: ",") else { throw unexpected("',' or \(what)") }
            offset += 1
        }
        return true
    }

    private mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): offset += 1
            default: return
            }
        }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws {
        skipWhitespace()
        guard offset < bytes.count else { throw endOfInput(what) }
        guard bytes[offset] == byte else { throw unexpected(what) }
        offset += 1
    }

    /// Scans the string whose opening quote is at `offset`, validating escapes.
    private mutating func scanString() throws -> StringToken {
        let start = offset + 1
        var i = start
        var hasEscapes = false
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") {
                offset = i + 1
                return StringToken(content: start..<i, hasEscapes: hasEscapes)
            }
            if byte < 0x20 {
                throw error("control character 0x\(String(byte, radix: 16)) in a string (it must be escaped)", at: i)
            }
            if byte == UInt8(ascii: "\\") {
                hasEscapes = true
                guard i + 1 < bytes.count else { break }
                switch bytes[i + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    i += 2
                case UInt8(ascii: "u"):
                    for k in 0..<4 {
                        guard i + 2 + k < bytes.count else {
                            offset = bytes.count
                            throw endOfInput("a \\u escape of four hexadecimal digits")
                        }
                        guard Self.hexDigit(bytes[i + 2 + k]) != nil else {
                            throw error("invalid \\u escape: expected four hexadecimal digits", at: i)
                        }
                    }
                    i += 6
                default:
                    throw error("invalid escape \\\(Self.describe(bytes[i + 1])) in a string", at: i)
                }
                continue
            }
            i += 1
        }
        offset = bytes.count
        throw error(
            "unexpected end of input in the string that starts at \(position(start - 1)) (is the file truncated?)",
            at: bytes.count)
    }

    private mutating func matchLiteral(_ literal: StaticString) throws -> Bool {
        let count = literal.utf8CodeUnitCount
        let text = UnsafeBufferPointer(start: literal.utf8Start, count: count)
        guard offset < bytes.count, bytes[offset] == text[0] else { return false }
        for k in 1..<count {
            guard offset + k < bytes.count else {
                offset = bytes.count
                throw endOfInput("the rest of \(literal)")
            }
            guard bytes[offset + k] == text[k] else { throw error("invalid literal: expected \(literal)", at: offset) }
        }
        offset += count
        return true
    }

    private mutating func skipDigits() {
        while offset < bytes.count && isDigit(bytes[offset]) { offset += 1 }
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") <= 9 }

    private func position(_ offset: Int) -> String {
        let (line, column) = location(of: offset)
        return "\(line):\(column)"
    }

    private func endOfInput(_ what: String) -> TraceError {
        error("unexpected end of input: expected \(what) (is the file truncated?)", at: bytes.count)
    }

    private func unexpected(_ what: String) -> TraceError {
        error("expected \(what), found \(Self.describe(bytes[offset]))", at: offset)
    }

    private func digitExpected(_ where: String) -> TraceError {
        offset < bytes.count
            ? error("invalid number: expected a digit \(`where`)", at: offset) : endOfInput("a digit \(`where`)")
    }

    private static func describe(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
    }

    private static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    /// The value of four hexadecimal digits already validated by `scanString`.
    private static func hexValue(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> UInt32 {
        var value: UInt32 = 0
        for k in 0..<4 { value = value << 4 | (hexDigit(bytes[start + k]) ?? 0) }
        return value
    }

    private static func appendUTF8(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        UTF8.encode(scalar, into: { out.append($0) })
    }
}

/// A JSON value with object keys kept in the order written, rendered deterministically.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])
    /// An array of `count` values made one at a time as they are written, so that the values of a
    /// long list (a million containers) never exist all at once.
    case lazyArray(count: Int, element: @Sendable (Int) -> JSONValue)

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.rendered() == b.rendered() }

    /// A number, or null when it is not finite.
    public static func finite(_ value: Double?) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        return .number(value)
    }

    /// Pretty-printed with two-space indents and a final newline.
    public func rendered() -> String { String(decoding: renderedBytes(), as: UTF8.self) }

    /// The same as UTF-8 bytes, without a copy into a `String`.
    public func renderedBytes() -> [UInt8] {
        var out: [UInt8] = []
        write(into: &out, indent: 0)
        out.append(UInt8(ascii: "\n"))
        return out
    }

    /// The same bytes in pieces of about `size` bytes, each handed to `emit` as it is made: a
    /// report of a million containers is never held whole.
    public func render(inPiecesOf size: Int = 1 << 22, to emit: ([UInt8]) -> Void) {
        var out: [UInt8] = []
        out.reserveCapacity(size + size / 4)
        withoutActuallyEscaping(emit) { emit in
            write(into: &out, indent: 0) { pending in
                guard pending.count >= size else { return }
                emit(pending)
                pending.removeAll(keepingCapacity: true)
            }
        }
        out.append(UInt8(ascii: "\n"))
        emit(out)
    }

    /// Appends the value's text as UTF-8 bytes (reports of a million containers are long); `flush`,
    /// where given, may take the bytes so far after each element of a lazy array.
    private func write(into out: inout [UInt8], indent: Int, flush: ((inout [UInt8]) -> Void)? = nil) {
        switch self {
        case .null: out += "null".utf8
        case .bool(let value): out += (value ? "true" : "false").utf8
        case .int(let value): out += String(value).utf8
        case .number(let value): out += Self.format(value).utf8
        case .string(let value): Self.quote(value, into: &out)
        case .lazyArray(let count, let element):
            guard count > 0 else {
                out += "[]".utf8
                return
            }
            out += "[\n".utf8
            for index in 0..<count {
                Self.spaces(indent + 2, into: &out)
                element(index).write(into: &out, indent: indent + 2, flush: flush)
                out += (index + 1 < count ? ",\n" : "\n").utf8
                flush?(&out)
            }
            Self.spaces(indent, into: &out)
            out.append(UInt8(ascii: "]"))
        case .array(let values):
            if values.isEmpty {
                out += "[]".utf8
                return
            }
            if values.allSatisfy(\.isScalar) {
                out.append(UInt8(ascii: "["))
                for (index, value) in values.enumerated() {
                    if index > 0 { out += ", ".utf8 }
                    value.write(into: &out, indent: indent)
                }
                out.append(UInt8(ascii: "]"))
                return
            }
            out += "[\n".utf8
            for (index, value) in values.enumerated() {
                Self.spaces(indent + 2, into: &out)
                value.write(into: &out, indent: indent + 2, flush: flush)
                out += (index + 1 < values.count ? ",\n" : "\n").utf8
            }
            Self.spaces(indent, into: &out)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty {
                out += "{}".utf8
                return
            }
            out += "{\n".utf8
            for (index, (key, value)) in members.enumerated() {
                Self.spaces(indent + 2, into: &out)
                Self.quote(key, into: &out)
                out += ": ".utf8
                value.write(into: &out, indent: indent + 2, flush: flush)
                out += (index + 1 < members.count ? ",\n" : "\n").utf8
            }
            Self.spaces(indent, into: &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func spaces(_ count: Int, into out: inout [UInt8]) {
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count))
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object, .lazyArray: return false
        default: return true
        }
    }

    /// Shortest round-trip form; integers without a fraction; non-finite values as null.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        var text = String(value)
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            // Swift writes 1e-05; JSON allows it, but keep the usual 1e-5.
            let mantissa = text[..<e]
            var exponent = String(text[text.index(after: e)...])
            let negative = exponent.hasPrefix("-")
            exponent = String(exponent.drop { $0 == "-" || $0 == "+" || $0 == "0" })
            text = "\(mantissa)e\(negative ? "-" : "")\(exponent.isEmpty ? "0" : exponent)"
        }
        return text
    }

    static func quote(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most strings need no escape: copied whole.
        let plain = text.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            guard !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
                return false
            }
            out.append(contentsOf: utf8)
            return true
        }
        if plain == true {
            out.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += "\\\"".utf8
            case UInt8(ascii: "\\"): out += "\\\\".utf8
            case UInt8(ascii: "\n"): out += "\\n".utf8
            case UInt8(ascii: "\r"): out += "\\r".utf8
            case UInt8(ascii: "\t"): out += "\\t".utf8
            case 0..<0x20:
                let hex = String(byte, radix: 16)
                out += ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// Rounding of report figures, so that reports show meaningful digits.
public enum Rounding {
    /// `value` rounded to `decimals` decimal places.
    public static func decimals(_ value: Double, _ decimals: Int) -> Double {
        guard value.isFinite else { return value }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        return rounded == 0 ? 0 : rounded
    }
}

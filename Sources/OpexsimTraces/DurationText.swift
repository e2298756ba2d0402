/// Durations written the way operators write them: `90s`, `15m`, `12h`, `7d`, `500ms`, `1h30m`,
/// `1.5h`, `2w`; a bare number means seconds. Values are whole milliseconds.
public enum DurationText {
    /// Parses a duration; nil when the text is not one.
    public static func parse(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> Int64? in
            var i = 0
            var total = 0.0
            while i < buffer.count {
                guard let (number, afterNumber) = DecimalScanner.scanMantissa(buffer, from: i, to: buffer.count),
                    !number.isNegative
                else { return nil }
                let value = DecimalScanner.toDouble(number, buffer, from: i, to: afterNumber)
                var j = afterNumber
                while j < buffer.count, (buffer[j] | 0x20) >= UInt8(ascii: "a"), (buffer[j] | 0x20) <= UInt8(ascii: "z")
                {
                    j += 1
                }
                let unit = String(decoding: UnsafeBufferPointer(rebasing: buffer[afterNumber..<j]), as: UTF8.self)
                let scale: Double
                switch unit {
                case "ms": scale = 1
                case "s", "": scale = 1000
                case "m", "min": scale = 60_000
                case "h": scale = 3_600_000
                case "d": scale = 86_400_000
                case "w": scale = 604_800_000
                default: return nil
                }
                if unit.isEmpty && (afterNumber != buffer.count || i != 0) { return nil }
                total += value * scale
                i = j
            }
            guard total.isFinite, total < 9e15 else { return nil }
            return Int64(total.rounded())
        }
    }

    /// The shortest exact rendering: `1h30m`, `90s`, `7d`, `250ms`, `0s`.
    public static func format(_ milliseconds: Int64) -> String {
        if milliseconds == 0 { return "0s" }
        var rest = milliseconds < 0 ? -milliseconds : milliseconds
        var text = milliseconds < 0 ? "-" : ""
        for (unit, size) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1)]
        where rest >= size {
            text += "\(rest / size)\(unit)"
            rest %= size
        }
        return text
    }
}

/// Durations in Go's `time.ParseDuration` syntax, which Chaos Mesh (`duration`, `@every`) and
/// Velero (`ttl`) use: an optionally signed sequence of decimal numbers, each with an optional
/// fraction and a unit `ns`, `us` (`µs`), `ms`, `s`, `m` or `h`, such as `1h30m`, `1.5h`,
/// `168h0m0s`; a bare `0` is allowed. No days.
enum GoDuration {
    /// Nanoseconds; nil when the text is not a Go duration or overflows (as Go rejects it).
    static func nanoseconds(_ text: String) -> Int64? {
        let scalars = Array(text.unicodeScalars)
        var i = 0
        var negative = false
        if i < scalars.count, scalars[i] == "-" || scalars[i] == "+" {
            negative = scalars[i] == "-"
            i += 1
        }
        if i == scalars.count - 1 && scalars[i] == "0" { return 0 }
        guard i < scalars.count else { return nil }
        func isDigit(_ k: Int) -> Bool { k < scalars.count && scalars[k].value >= 48 && scalars[k].value <= 57 }
        var total: Int64 = 0
        while i < scalars.count {
            guard isDigit(i) || scalars[i] == "." else { return nil }
            var whole: Int64 = 0
            var wholeDigits = 0
            while isDigit(i) {
                let (times, overflow1) = whole.multipliedReportingOverflow(by: 10)
                let (plus, overflow2) = times.addingReportingOverflow(Int64(scalars[i].value - 48))
                if overflow1 || overflow2 { return nil }
                whole = plus
                wholeDigits += 1
                i += 1
            }
            var fraction: Int64 = 0
            var scale = 1.0
            var fractionDigits = 0
            if i < scalars.count, scalars[i] == "." {
                i += 1
                while isDigit(i) {
                    // Like Go, digits beyond what the fraction can hold only lose precision.
                    if fractionDigits < 18 {
                        fraction = fraction * 10 + Int64(scalars[i].value - 48)
                        scale *= 10
                    }
                    fractionDigits += 1
                    i += 1
                }
            }
            guard wholeDigits + fractionDigits > 0 else { return nil }
            let unitStart = i
            while i < scalars.count, scalars[i] != ".", !isDigit(i) { i += 1 }
            guard let unit = unitNanoseconds(String(String.UnicodeScalarView(scalars[unitStart..<i]))) else {
                return nil
            }
            let (scaled, overflow) = whole.multipliedReportingOverflow(by: unit)
            if overflow { return nil }
            let (part, overflowPart) = scaled.addingReportingOverflow(Int64(Double(fraction) * (Double(unit) / scale)))
            let (sum, overflowSum) = total.addingReportingOverflow(part)
            if overflowPart || overflowSum { return nil }
            total = sum
        }
        return negative ? -total : total
    }

    /// Nanoseconds in one `unit` (`ns`, `us`, `µs`, `ms`, `s`, `m`, `h`); nil for any other text.
    static func unitNanoseconds(_ unit: String) -> Int64? {
        switch unit {
        case "ns": 1
        case "us", "\u{00B5}s", "\u{03BC}s": 1_000
        case "ms": 1_000_000
        case "s": 1_000_000_000
        case "m": 60_000_000_000
        case "h": 3_600_000_000_000
        default: nil
        }
    }
}

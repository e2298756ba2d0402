/// Instants on the trace's clock, in whole milliseconds since the Unix epoch (UTC).
public typealias TraceInstant = Int64

/// Parsing and formatting of trace timestamps: RFC 3339 (`2026-01-05T10:00:10Z`, fractional
/// seconds, `+hh:mm` offsets) and Unix seconds (integer or decimal).
public enum TraceTime {
    /// Parses `bytes[start..<end]` as an RFC 3339 timestamp or Unix seconds; nil if it is neither.
    @inlinable
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> TraceInstant? {
        if end - start >= 19 && bytes[start + 4] == UInt8(ascii: "-") {
            return parseRFC3339(bytes, from: start, to: end)
        }
        return parseUnixSeconds(bytes, from: start, to: end)
    }

    /// Parses text as a timestamp.
    public static func parse(_ text: String) -> TraceInstant? {
        let utf8 = Array(text.utf8)
        return utf8.withUnsafeBufferPointer { parse($0, from: 0, to: $0.count) }
    }

    /// Unix seconds, integer or decimal, rounded to the millisecond.
    @inlinable
    public static func parseUnixSeconds(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int)
        -> TraceInstant?
    {
        guard let (scanned, after) = DecimalScanner.scanMantissa(bytes, from: start, to: end) else { return nil }
        var value = scanned
        var i = after
        if i < end {
            guard let (exponent, afterExponent) = DecimalScanner.scanExponent(bytes, from: i, to: end) else {
                return nil
            }
            value.exponent += exponent
            i = afterExponent
        }
        guard i == end else { return nil }
        let msExponent = value.exponent + 3
        var millis: Int64
        if msExponent >= 0 {
            guard msExponent <= 12, value.mantissa <= UInt64(Int64.max) else { return nil }
            var m = Int64(value.mantissa)
            for _ in 0..<msExponent {
                let (product, overflow) = m.multipliedReportingOverflow(by: 10)
                if overflow { return nil }
                m = product
            }
            millis = m
        } else {
            guard msExponent >= -18 else { return 0 }
            var divisor: UInt64 = 1
            for _ in 0..<(-msExponent) { divisor *= 10 }
            let quotient = value.mantissa / divisor
            let remainder = value.mantissa % divisor
            millis = Int64(quotient) + (remainder * 2 >= divisor ? 1 : 0)
        }
        if value.isNegative { millis = -millis }
        return millis
    }

    @inlinable
    static func twoDigits(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        let a = bytes[i] &- 48, b = bytes[i + 1] &- 48
        guard a <= 9, b <= 9 else { return nil }
        return Int(a) * 10 + Int(b)
    }

    /// Parses `YYYY-MM-DD[T ]hh:mm:ss[.frac](Z|±hh:mm)`.
    @inlinable
    public static func parseRFC3339(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> TraceInstant?
    {
        var memo = DateMemo()
        return parseRFC3339(bytes, from: start, to: end, memo: &memo)
    }

    /// `parse`, reading the date from `memo` when the timestamp's first ten bytes are the last date
    /// parsed with it (consecutive rows of a series usually share their date); `memo` then holds
    /// this timestamp's date.
    @inlinable
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, memo: inout DateMemo)
        -> TraceInstant?
    {
        if end - start >= 19 && bytes[start + 4] == UInt8(ascii: "-") {
            return parseRFC3339(bytes, from: start, to: end, memo: &memo)
        }
        return parseUnixSeconds(bytes, from: start, to: end)
    }

    /// Days since the epoch of the `YYYY-MM-DD` at `s`; nil for no such date.
    @inlinable
    static func parseDate(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int) -> Int? {
        guard let y1 = twoDigits(bytes, s), let y2 = twoDigits(bytes, s + 2),
            bytes[s + 4] == UInt8(ascii: "-"), let month = twoDigits(bytes, s + 5),
            bytes[s + 7] == UInt8(ascii: "-"), let day = twoDigits(bytes, s + 8)
        else { return nil }
        let year = y1 * 100 + y2
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month) else { return nil }
        return daysSinceEpoch(year: year, month: month, day: day)
    }

    /// `parseRFC3339`, with the date read from `memo` when its bytes are the same.
    @inlinable
    public static func parseRFC3339(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, memo: inout DateMemo
    ) -> TraceInstant? {
        guard end - start >= 20, let base = bytes.baseAddress else { return nil }
        let s = start
        let (head, tail) = DateMemo.key(base + s)
        let days: Int
        if memo.matches(head, tail) {
            days = memo.days
        } else {
            guard let parsed = parseDate(bytes, s) else { return nil }
            days = parsed
            memo = DateMemo(head: head, tail: tail, days: days)
        }
        let separator = bytes[s + 10]
        guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == UInt8(ascii: " "),
            let hour = twoDigits(bytes, s + 11), bytes[s + 13] == UInt8(ascii: ":"),
            let minute = twoDigits(bytes, s + 14), bytes[s + 16] == UInt8(ascii: ":"),
            let second = twoDigits(bytes, s + 17)
        else { return nil }
        guard hour <= 23, minute <= 59, second <= 60 else { return nil }
        var i = s + 19
        var millis = 0
        if i < end && bytes[i] == UInt8(ascii: ".") {
            i += 1
            var digits = 0
            var scale = 100
            var rounding = 0
            while i < end, bytes[i] &- 48 <= 9 {
                let digit = Int(bytes[i] &- 48)
                if digits < 3 {
                    millis += digit * scale
                    scale /= 10
                } else if digits == 3 {
                    rounding = digit >= 5 ? 1 : 0
                }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            millis += rounding
        }
        guard i < end else { return nil }
        var offsetMinutes = 0
        let zone = bytes[i]
        if zone == UInt8(ascii: "Z") || zone == UInt8(ascii: "z") {
            i += 1
        } else if zone == UInt8(ascii: "+") || zone == UInt8(ascii: "-") {
            guard end - i >= 6, let oh = twoDigits(bytes, i + 1), bytes[i + 3] == UInt8(ascii: ":"),
                let om = twoDigits(bytes, i + 4), oh <= 23, om <= 59
            else { return nil }
            offsetMinutes = (oh * 60 + om) * (zone == UInt8(ascii: "-") ? -1 : 1)
            i += 6
        } else {
            return nil
        }
        guard i == end else { return nil }
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetMinutes * 60)
        return seconds * 1000 + Int64(millis)
    }

    @inlinable
    static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    @inlinable
    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    @inlinable
    public static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
    public static func date(daysSinceEpoch days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// RFC 3339 in UTC: `2026-01-05T10:00:10Z`, with `.mmm` only when the instant has milliseconds.
    public static func format(_ instant: TraceInstant) -> String {
        let millis = Int(((instant % 1000) + 1000) % 1000)
        let totalSeconds = (instant - Int64(millis)) / 1000
        let days = Int((totalSeconds >= 0 ? totalSeconds : totalSeconds - 86_399) / 86_400)
        let secondOfDay = Int(totalSeconds - Int64(days) * 86_400)
        let (year, month, day) = date(daysSinceEpoch: days)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        var text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T"
        text += "\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
        if millis != 0 { text += ".\(pad(millis, 3))" }
        return text + "Z"
    }
}

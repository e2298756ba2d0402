import OpexsimTraces

/// A POSIX TZ rule, as TZif footers write it (`EST5EDT,M3.2.0,M11.1.0`, `<+0330>-3:30`,
/// `AEST-10AEDT,M10.1.0,M4.1.0/3`): a standard offset, and optionally a daylight offset with the
/// yearly dates it starts and ends (`Mm.w.d`, `Jn`, `n`, each with an optional `/time`, which may be
/// negative or beyond 24 h as RFC 8536 allows). Offsets are written west-positive; stored east-positive.
struct PosixTimeZone: Sendable, Equatable {
    var standardOffset: Int32
    var daylight: Daylight?

    struct Daylight: Sendable, Equatable {
        var offset: Int32
        var start: DateRule
        var end: DateRule
    }

    /// A day of the year and the local time of day the change happens.
    struct DateRule: Sendable, Equatable {
        enum Day: Sendable, Equatable {
            /// `Jn`: day 1...365, February 29 never counted.
            case julian(Int)
            /// `n`: day 0...365, February 29 counted in leap years.
            case zeroBased(Int)
            /// `Mm.w.d`: weekday `d` (0 Sunday) of week `w` (5: the last) of month `m`.
            case monthWeekDay(month: Int, week: Int, weekday: Int)
        }
        var day: Day
        /// Seconds after local midnight (default 2:00).
        var time: Int64 = 7_200
    }

    init?(parsing text: String) {
        var scanner = Scanner(Array(text.utf8))
        guard scanner.name() != nil, let standard = scanner.offset() else { return nil }
        standardOffset = Int32(-standard)
        if scanner.atEnd { return }
        guard scanner.name() != nil else { return nil }
        var daylightOffset = standard - 3_600
        if let explicit = scanner.offset() { daylightOffset = explicit }
        // A daylight name without dates: POSIX leaves the rule to the implementation; Go uses M3.2.0,M11.1.0.
        var start = DateRule(day: .monthWeekDay(month: 3, week: 2, weekday: 0))
        var end = DateRule(day: .monthWeekDay(month: 11, week: 1, weekday: 0))
        if !scanner.atEnd {
            guard scanner.take(UInt8(ascii: ",")), let first = scanner.dateRule(), scanner.take(UInt8(ascii: ",")),
                let second = scanner.dateRule(), scanner.atEnd
            else { return nil }
            (start, end) = (first, second)
        }
        daylight = Daylight(offset: Int32(-daylightOffset), start: start, end: end)
    }

    /// The offset at `utc` and the span of the year's rule it holds over.
    func lookup(_ utc: Int64) -> (offset: Int32, start: Int64, end: Int64) {
        guard let daylight else { return (standardOffset, Int64.min, Int64.max) }
        let year = TraceTime.date(daysSinceEpoch: Int(floorDivide(utc + Int64(standardOffset), 86_400))).year
        // Changes of the year before, this year and the next, in UTC, sorted.
        var changes: [(time: Int64, offset: Int32)] = []
        for y in (year - 1)...(year + 1) {
            // The start is given in standard time, the end in daylight time.
            changes.append((start(of: daylight.start, year: y) - Int64(standardOffset), daylight.offset))
            changes.append((start(of: daylight.end, year: y) - Int64(daylight.offset), standardOffset))
        }
        changes.sort { $0.time < $1.time }
        var offset = changes[0].offset == daylight.offset ? standardOffset : daylight.offset
        var start = Int64.min
        for change in changes {
            if change.time > utc { return (offset, start, change.time) }
            (offset, start) = (change.offset, change.time)
        }
        return (offset, start, Int64.max)
    }

    /// Local seconds since the epoch (wall clock read as UTC) of `rule` in `year`.
    func start(of rule: DateRule, year: Int) -> Int64 {
        let january = Int64(TraceTime.daysSinceEpoch(year: year, month: 1, day: 1))
        let isLeap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        var day: Int64
        switch rule.day {
        case .julian(let n):
            day = january + Int64(n - 1) + (isLeap && n >= 60 ? 1 : 0)
        case .zeroBased(let n):
            day = january + Int64(n)
        case .monthWeekDay(let month, let week, let weekday):
            let first = Int64(TraceTime.daysSinceEpoch(year: year, month: month, day: 1))
            // 1970-01-01 was a Thursday.
            let firstWeekday = Int(((first % 7) + 11) % 7)
            day = first + Int64((weekday - firstWeekday + 7) % 7) + Int64(7 * (week - 1))
            let nextMonth = month == 12 ? (year + 1, 1) : (year, month + 1)
            let limit = Int64(TraceTime.daysSinceEpoch(year: nextMonth.0, month: nextMonth.1, day: 1))
            while day >= limit { day -= 7 }
        }
        return day * 86_400 + rule.time
    }

    private func floorDivide(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : (a - b + 1) / b }
}

/// Reads the parts of a POSIX TZ string.
private struct Scanner {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { position >= bytes.count }

    mutating func take(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    /// A zone abbreviation: three or more letters, or `<...>` quoted.
    mutating func name() -> String? {
        let begin = position
        if take(UInt8(ascii: "<")) {
            while position < bytes.count && bytes[position] != UInt8(ascii: ">") { position += 1 }
            guard take(UInt8(ascii: ">")) else { return nil }
            return String(decoding: bytes[begin..<position], as: UTF8.self)
        }
        while position < bytes.count,
            (bytes[position] | 0x20) >= UInt8(ascii: "a") && (bytes[position] | 0x20) <= UInt8(ascii: "z")
        {
            position += 1
        }
        return position - begin >= 3 ? String(decoding: bytes[begin..<position], as: UTF8.self) : nil
    }

    mutating func number() -> Int? {
        let begin = position
        var value = 0
        while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
            value = value * 10 + Int(bytes[position] - UInt8(ascii: "0"))
            position += 1
            if value > 1_000_000 { return nil }
        }
        return position > begin ? value : nil
    }

    /// `[+-]hh[:mm[:ss]]` in seconds (the sign as written: west of UTC is positive).
    mutating func offset() -> Int64? {
        var sign: Int64 = 1
        if take(UInt8(ascii: "-")) { sign = -1 } else { _ = take(UInt8(ascii: "+")) }
        guard let hours = number() else { return nil }
        var seconds = Int64(hours) * 3_600
        if take(UInt8(ascii: ":")) {
            guard let minutes = number() else { return nil }
            seconds += Int64(minutes) * 60
            if take(UInt8(ascii: ":")) {
                guard let secs = number() else { return nil }
                seconds += Int64(secs)
            }
        }
        return sign * seconds
    }

    mutating func dateRule() -> PosixTimeZone.DateRule? {
        var rule: PosixTimeZone.DateRule
        if take(UInt8(ascii: "M")) {
            guard let month = number(), take(UInt8(ascii: ".")), let week = number(), take(UInt8(ascii: ".")),
                let weekday = number(), (1...12).contains(month), (1...5).contains(week), (0...6).contains(weekday)
            else { return nil }
            rule = .init(day: .monthWeekDay(month: month, week: week, weekday: weekday))
        } else if take(UInt8(ascii: "J")) {
            guard let day = number(), (1...365).contains(day) else { return nil }
            rule = .init(day: .julian(day))
        } else {
            guard let day = number(), (0...365).contains(day) else { return nil }
            rule = .init(day: .zeroBased(day))
        }
        if take(UInt8(ascii: "/")) {
            guard let time = offset() else { return nil }
            rule.time = time
        }
        return rule
    }
}

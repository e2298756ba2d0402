import OpexsimTraces

/// The six fields of a cron schedule as bit sets (bit n set: value n matches), the way robfig/cron
/// v3 keeps them in `SpecSchedule`; `starBit` marks a field written `*` or `?`.
struct CronFields: Sendable, Equatable {
    var second: UInt64
    var minute: UInt64
    var hour: UInt64
    var dayOfMonth: UInt64
    var month: UInt64
    var dayOfWeek: UInt64

    /// Set on a field written `*` or `?` (robfig's `starBit`), which changes how the two day fields
    /// combine.
    static let starBit: UInt64 = 1 << 63

    /// The bits `low...high` every `step`.
    static func bits(_ low: Int, _ high: Int, step: Int = 1) -> UInt64 {
        var bits: UInt64 = 0
        for value in stride(from: low, through: high, by: step) { bits |= 1 << UInt64(value) }
        return bits
    }

    /// Every value of `bounds`, written `*`.
    static func all(_ bounds: CronFieldBounds) -> UInt64 { bits(bounds.minimum, bounds.maximum) | starBit }

    /// robfig's `dayMatches`: when either day field is `*` or `?`, a day must match both (so the
    /// star one matches every day); otherwise it must match either.
    func dayMatches(day: Int, weekday: Int) -> Bool {
        let domMatch = dayOfMonth & (1 << UInt64(day)) != 0
        let dowMatch = dayOfWeek & (1 << UInt64(weekday)) != 0
        if dayOfMonth & Self.starBit != 0 || dayOfWeek & Self.starBit != 0 { return domMatch && dowMatch }
        return domMatch || dowMatch
    }

    /// The first matching second after `second` (seconds since the epoch, UTC), nil beyond five
    /// years. Like robfig's `SpecSchedule.Next`, it advances the largest mismatching field to its
    /// next value with the smaller fields reset, and checks again from the month down.
    func next(after second: Int64) -> Int64? {
        var t = second + 1
        let yearLimit = Self.calendarFields(t).year + 5
        while true {
            let fields = Self.calendarFields(t)
            if fields.year > yearLimit { return nil }
            if month & (1 << UInt64(fields.month)) == 0 {
                let (year, nextMonth) = fields.month == 12 ? (fields.year + 1, 1) : (fields.year, fields.month + 1)
                t = Int64(TraceTime.daysSinceEpoch(year: year, month: nextMonth, day: 1)) * 86_400
                continue
            }
            if !dayMatches(day: fields.day, weekday: fields.weekday) {
                t = (fields.days + 1) * 86_400
                continue
            }
            if hour & (1 << UInt64(fields.secondOfDay / 3600)) == 0 {
                t = (fields.days * 86_400) + Int64(fields.secondOfDay / 3600 + 1) * 3600
                continue
            }
            if minute & (1 << UInt64(fields.secondOfDay / 60 % 60)) == 0 {
                t = (fields.days * 86_400) + Int64(fields.secondOfDay / 60 + 1) * 60
                continue
            }
            if self.second & (1 << UInt64(fields.secondOfDay % 60)) == 0 {
                t += 1
                continue
            }
            return t
        }
    }

    /// The UTC calendar fields of a second since the epoch.
    static func calendarFields(_ t: Int64) -> (
        days: Int64, year: Int, month: Int, day: Int, weekday: Int, secondOfDay: Int
    ) {
        let days = t >= 0 ? t / 86_400 : (t - 86_399) / 86_400
        let (year, month, day) = TraceTime.date(daysSinceEpoch: Int(days))
        // 1970-01-01 was a Thursday (weekday 4, Sunday being 0).
        let weekday = Int(((days % 7) + 11) % 7)
        return (days, year, month, day, weekday, Int(t - days * 86_400))
    }
}

/// The values a cron field may take, its name for errors, and the names it accepts (robfig's
/// `bounds`: months JAN–DEC, weekdays SUN–SAT, case-insensitive).
struct CronFieldBounds: Sendable {
    let name: String
    let minimum: Int
    let maximum: Int
    let names: [String: Int]

    static let second = CronFieldBounds(name: "second", minimum: 0, maximum: 59, names: [:])
    static let minute = CronFieldBounds(name: "minute", minimum: 0, maximum: 59, names: [:])
    static let hour = CronFieldBounds(name: "hour", minimum: 0, maximum: 23, names: [:])
    static let dayOfMonth = CronFieldBounds(name: "day of month", minimum: 1, maximum: 31, names: [:])
    static let month = CronFieldBounds(
        name: "month", minimum: 1, maximum: 12,
        names: [
            "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
            "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
        ])
    /// robfig v3 takes 0–6 only (7 is not Sunday there).
    static let dayOfWeek = CronFieldBounds(
        name: "day of week", minimum: 0, maximum: 6,
        names: [
            "sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6,
        ])
}

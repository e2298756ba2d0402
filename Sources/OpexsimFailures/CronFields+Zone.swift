import OpexsimTraces

extension CronFields {
    /// Local calendar fields of an instant in `zone`.
    struct LocalTime {
        var year: Int, month: Int, day: Int, weekday: Int, hour: Int, minute: Int, second: Int
    }

    static func localTime(_ utc: Int64, in zone: TimeZoneRules) -> LocalTime {
        let fields = calendarFields(zone.local(utc))
        return LocalTime(
            year: fields.year, month: fields.month, day: fields.day, weekday: fields.weekday,
            hour: fields.secondOfDay / 3600, minute: fields.secondOfDay / 60 % 60, second: fields.secondOfDay % 60)
    }

    /// Go's `time.Date(year, month, day, hour, minute, second, 0, zone)`: out-of-range months and days
    /// roll over; a wall time the zone skips or repeats resolves as `TimeZoneRules.instant(ofLocal:)`.
    static func date(
        _ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int, in zone: TimeZoneRules
    )
        -> Int64
    {
        let months = year * 12 + (month - 1)
        let (y, m) = (months >= 0 ? months / 12 : (months - 11) / 12, ((months % 12) + 12) % 12 + 1)
        let days = Int64(TraceTime.daysSinceEpoch(year: y, month: m, day: 1)) + Int64(day - 1)
        let local = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return zone.instant(ofLocal: local)
    }

    /// The first matching second after `second` with the fields read in `zone`: robfig/cron v3's
    /// `SpecSchedule.Next` step by step, including its daylight-saving behaviour. A wall time the
    /// zone skips (02:30 on the spring-forward night) does not fire that day; one it repeats (01:30
    /// on the fall-back night) fires twice, once in each offset.
    func next(after second: Int64, in zone: TimeZoneRules) -> Int64? {
        var t = second + 1
        var added = false
        var f = Self.localTime(t, in: zone)
        let yearLimit = f.year + 5
        wrap: while true {
            f = Self.localTime(t, in: zone)
            if f.year > yearLimit { return nil }
            while month & (1 << UInt64(f.month)) == 0 {
                if !added {
                    added = true
                    t = Self.date(f.year, f.month, 1, 0, 0, 0, in: zone)
                    f = Self.localTime(t, in: zone)
                }
                t = Self.date(f.year, f.month + 1, f.day, f.hour, f.minute, f.second, in: zone)
                f = Self.localTime(t, in: zone)
                if f.month == 1 { continue wrap }
            }
            while !dayMatches(day: f.day, weekday: f.weekday) {
                if !added {
                    added = true
                    t = Self.date(f.year, f.month, f.day, 0, 0, 0, in: zone)
                    f = Self.localTime(t, in: zone)
                }
                t = Self.date(f.year, f.month, f.day + 1, f.hour, f.minute, f.second, in: zone)
                f = Self.localTime(t, in: zone)
                // robfig: if the hour is no longer midnight because of a DST change, move to it.
                if f.hour != 0 {
                    t += f.hour > 12 ? Int64(24 - f.hour) * 3600 : -Int64(f.hour) * 3600
                    f = Self.localTime(t, in: zone)
                }
                if f.day == 1 { continue wrap }
            }
            while hour & (1 << UInt64(f.hour)) == 0 {
                if !added {
                    added = true
                    t = Self.date(f.year, f.month, f.day, f.hour, 0, 0, in: zone)
                }
                t += 3600
                f = Self.localTime(t, in: zone)
                if f.hour == 0 { continue wrap }
            }
            while minute & (1 << UInt64(f.minute)) == 0 {
                if !added {
                    added = true
                    t -= ((t % 60) + 60) % 60
                }
                t += 60
                f = Self.localTime(t, in: zone)
                if f.minute == 0 { continue wrap }
            }
            while self.second & (1 << UInt64(f.second)) == 0 {
                added = true
                t += 1
                f = Self.localTime(t, in: zone)
                if f.second == 0 { continue wrap }
            }
            return t
        }
    }
}

import OpexsimFailures
import OpexsimTestSupport
import OpexsimTraces
import Testing

/// An instant from RFC 3339 text.
func at(_ text: String) -> TraceInstant {
    guard let instant = TraceTime.parse(text) else { fatalError("not RFC 3339: \(text)") }
    return instant
}

/// The next firing of `expression` after `start`, as RFC 3339 text (nil when none).
func next(_ expression: String, after start: String, allowSeconds: Bool = true) throws -> String? {
    try CronSchedule(parsing: expression, allowSeconds: allowSeconds).next(after: at(start)).map(TraceTime.format)
}

/// The error message parsing `expression` gives.
func cronError(_ expression: String, allowSeconds: Bool = true) -> String? {
    do {
        _ = try CronSchedule(parsing: expression, allowSeconds: allowSeconds)
        return nil
    } catch let error as CronError {
        return error.message
    } catch {
        return "unexpected \(error)"
    }
}

// 2026-01-01 is a Thursday, so 2026-01-05 is a Monday, 2026-01-09 a Friday and 2026-01-13 a Tuesday.
@Suite("Cron schedules (robfig/cron v3 semantics)")
struct CronScheduleTests {
    @Test("5 * * * *: minute 5 of every hour, strictly after the given time")
    func minuteFive() throws {
        for allowSeconds in [true, false] {
            #expect(
                try next("5 * * * *", after: "2026-01-05T10:00:00Z", allowSeconds: allowSeconds)
                    == "2026-01-05T10:05:00Z")
            #expect(
                try next("5 * * * *", after: "2026-01-05T10:05:00Z", allowSeconds: allowSeconds)
                    == "2026-01-05T11:05:00Z")
            #expect(
                try next("5 * * * *", after: "2026-01-05T10:04:59.500Z", allowSeconds: allowSeconds)
                    == "2026-01-05T10:05:00Z")
            // Inside the firing second, that second counts as past.
            #expect(
                try next("5 * * * *", after: "2026-01-05T10:05:00.250Z", allowSeconds: allowSeconds)
                    == "2026-01-05T11:05:00Z")
        }
        #expect(try next("5 * * * *", after: "2026-01-05T23:30:00Z") == "2026-01-06T00:05:00Z")
    }

    @Test("*/15 * * * *: every 15 minutes; 5/20 runs from minute 5 to the end of the hour")
    func steps() throws {
        #expect(try next("*/15 * * * *", after: "2026-01-05T10:07:30Z") == "2026-01-05T10:15:00Z")
        #expect(try next("*/15 * * * *", after: "2026-01-05T10:45:00Z") == "2026-01-05T11:00:00Z")
        #expect(try next("*/15 * * * *", after: "2026-12-31T23:50:00Z") == "2027-01-01T00:00:00Z")
        #expect(try next("5/20 * * * *", after: "2026-01-05T10:26:00Z") == "2026-01-05T10:45:00Z")
        #expect(try next("5/20 * * * *", after: "2026-01-05T10:46:00Z") == "2026-01-05T11:05:00Z")
    }

    @Test("0 30 2 * * *: six fields with seconds, 02:30:00 daily")
    func sixFields() throws {
        #expect(try next("0 30 2 * * *", after: "2026-01-05T01:00:00Z") == "2026-01-05T02:30:00Z")
        #expect(try next("0 30 2 * * *", after: "2026-01-05T02:30:00Z") == "2026-01-06T02:30:00Z")
        #expect(try next("*/20 * * * * *", after: "2026-01-05T10:00:00Z") == "2026-01-05T10:00:20Z")
        #expect(try next("*/20 * * * * *", after: "2026-01-05T10:00:40.500Z") == "2026-01-05T10:01:00Z")
    }

    @Test("@every: the time truncated to the second plus the delay")
    func every() throws {
        #expect(try next("@every 45m", after: "2026-01-05T10:00:00.750Z") == "2026-01-05T10:45:00Z")
        #expect(try next("@every 45m", after: "2026-01-05T10:00:10Z") == "2026-01-05T10:45:10Z")
        #expect(try next("@every 1h30m", after: "2026-01-05T10:00:00Z") == "2026-01-05T11:30:00Z")
        #expect(try next("@every 90s", after: "2026-01-05T10:00:00Z") == "2026-01-05T10:01:30Z")
        // Sub-second parts are dropped; under a second becomes one second (robfig's Every).
        #expect(try next("@every 2.5s", after: "2026-01-05T10:00:00Z") == "2026-01-05T10:00:02Z")
        #expect(try next("@every 300ms", after: "2026-01-05T10:00:00Z") == "2026-01-05T10:00:01Z")
    }

    @Test("descriptors: @hourly, @daily, @midnight, @weekly, @monthly, @yearly, @annually")
    func descriptors() throws {
        #expect(try next("@hourly", after: "2026-01-05T10:00:00Z") == "2026-01-05T11:00:00Z")
        #expect(try next("@hourly", after: "2026-01-05T10:59:59.999Z") == "2026-01-05T11:00:00Z")
        #expect(try next("@daily", after: "2026-01-05T10:00:00Z") == "2026-01-06T00:00:00Z")
        #expect(try next("@midnight", after: "2026-01-05T00:00:00Z") == "2026-01-06T00:00:00Z")
        #expect(try next("@weekly", after: "2026-01-05T10:00:00Z") == "2026-01-11T00:00:00Z")
        #expect(try next("@monthly", after: "2026-01-31T10:00:00Z") == "2026-02-01T00:00:00Z")
        #expect(try next("@yearly", after: "2026-03-01T00:00:00Z") == "2027-01-01T00:00:00Z")
        #expect(try next("@annually", after: "2026-03-01T00:00:00Z", allowSeconds: false) == "2027-01-01T00:00:00Z")
    }

    @Test("0 9-17/2 * * 1-5: 9, 11, 13, 15 and 17 o'clock on weekdays")
    func rangesAndSteps() throws {
        #expect(try next("0 9-17/2 * * 1-5", after: "2026-01-05T09:00:00Z") == "2026-01-05T11:00:00Z")
        #expect(try next("0 9-17/2 * * 1-5", after: "2026-01-05T10:00:00Z") == "2026-01-05T11:00:00Z")
        #expect(try next("0 9-17/2 * * 1-5", after: "2026-01-05T17:00:00Z") == "2026-01-06T09:00:00Z")
        // Friday evening to Monday morning.
        #expect(try next("0 9-17/2 * * 1-5", after: "2026-01-09T17:30:00Z") == "2026-01-12T09:00:00Z")
    }

    @Test("lists, month and weekday names in any case")
    func listsAndNames() throws {
        #expect(try next("0,30 8,20 * * *", after: "2026-01-05T08:00:00Z") == "2026-01-05T08:30:00Z")
        #expect(try next("0,30 8,20 * * *", after: "2026-01-05T08:30:00Z") == "2026-01-05T20:00:00Z")
        #expect(try next("0,30 8,20 * * *", after: "2026-01-05T20:30:00Z") == "2026-01-06T08:00:00Z")
        #expect(try next("0 12 1 JAN,jul *", after: "2026-01-01T12:00:00Z") == "2026-07-01T12:00:00Z")
        // Saturday 2026-01-10 to Monday 2026-01-12.
        #expect(try next("0 8 * * mon-FRI", after: "2026-01-10T00:00:00Z") == "2026-01-12T08:00:00Z")
        #expect(try next("0 0 * * Sun", after: "2026-01-05T00:00:00Z") == "2026-01-11T00:00:00Z")
        #expect(try next("0 0 * ? 0", after: "2026-01-05T00:00:00Z") == "2026-01-11T00:00:00Z")
    }

    @Test("day of month or day of week: both restricted fires on either, a star one needs the other")
    func dayOfMonthOrWeek() throws {
        // The 13th or any Friday: Friday the 9th, Tuesday the 13th, Friday the 16th.
        #expect(try next("0 0 13 * FRI", after: "2026-01-05T00:00:00Z") == "2026-01-09T00:00:00Z")
        #expect(try next("0 0 13 * FRI", after: "2026-01-09T00:00:00Z") == "2026-01-13T00:00:00Z")
        #expect(try next("0 0 13 * FRI", after: "2026-01-13T00:00:00Z") == "2026-01-16T00:00:00Z")
        // Only the 13th, only Fridays.
        #expect(try next("0 0 13 * *", after: "2026-01-13T00:00:00Z") == "2026-02-13T00:00:00Z")
        #expect(try next("0 0 * * FRI", after: "2026-01-09T00:00:00Z") == "2026-01-16T00:00:00Z")
    }

    @Test("month rollover, leap days, and no firing within five years")
    func calendar() throws {
        // February has no 31st.
        #expect(try next("0 0 31 * *", after: "2026-01-31T00:00:00Z") == "2026-03-31T00:00:00Z")
        #expect(try next("0 0 1 * *", after: "2026-12-15T00:00:00Z") == "2027-01-01T00:00:00Z")
        #expect(try next("0 0 29 2 *", after: "2026-03-01T00:00:00Z") == "2028-02-29T00:00:00Z")
        // 2100 is not a leap year.
        #expect(try next("0 0 29 2 *", after: "2100-03-01T00:00:00Z") == "2104-02-29T00:00:00Z")
        #expect(try next("0 0 30 2 *", after: "2026-01-01T00:00:00Z") == nil)
    }

    @Test("Velero: five fields and an optional time zone prefix")
    func veleroTimeZone() throws {
        #expect(
            try next("CRON_TZ=UTC 0 * * * *", after: "2026-01-05T10:30:00Z", allowSeconds: false)
                == "2026-01-05T11:00:00Z")
        #expect(
            try next("TZ=Etc/UTC 15 3 * * *", after: "2026-01-05T10:30:00Z", allowSeconds: false)
                == "2026-01-06T03:15:00Z")
        #expect(
            try next("CRON_TZ=UTC @hourly", after: "2026-01-05T10:30:00Z", allowSeconds: false)
                == "2026-01-05T11:00:00Z")
        #expect(
            cronError("CRON_TZ=Mars/Olympus 0 * * * *", allowSeconds: false)?.hasPrefix(
                "time zone \"Mars/Olympus\" is not in the tz database") == true)
        #expect(cronError("CRON_TZ=../../etc/passwd 0 * * * *")?.hasSuffix("is not a zone name") == true)
        #expect(
            try CronSchedule(parsing: "CRON_TZ=UTC 0 * * * *", allowSeconds: false).expression
                == "CRON_TZ=UTC 0 * * * *")
    }

    @Test("bad expressions name the field")
    func errors() {
        #expect(cronError("61 * * * *") == "minute field \"61\": 61 is above the maximum 59")
        #expect(
            cronError("* * *")
                == "expected 5 or 6 fields ([second] minute hour day-of-month month day-of-week), found 3")
        #expect(
            cronError("* * *", allowSeconds: false)
                == "expected 5 fields (minute hour day-of-month month day-of-week), found 3")
        #expect(
            cronError("0 30 2 * * *", allowSeconds: false)
                == "expected 5 fields (minute hour day-of-month month day-of-week), found 6")
        #expect(cronError("0 0 * * 7") == "day of week field \"7\": 7 is above the maximum 6")
        #expect(cronError("0 0 0 * *") == "day of month field \"0\": 0 is below the minimum 1")
        #expect(cronError("0 24 * * *") == "hour field \"24\": 24 is above the maximum 23")
        #expect(cronError("0 0 1 13 *") == "month field \"13\": 13 is above the maximum 12")
        #expect(
            cronError("0 0 1 FOO *")
                == "month field \"FOO\": expected a number from 1 to 12 or a name such as JAN, found \"FOO\"")
        #expect(cronError("5-1 * * * *") == "minute field \"5-1\": the range starts at 5, after its end 1")
        #expect(cronError("*/0 * * * *") == "minute field \"*/0\": the step \"0\" must be a positive whole number")
        #expect(cronError("1-2-3 * * * *") == "minute field \"1-2-3\": too many hyphens in \"1-2-3\"")
        #expect(cronError("") == "the expression is empty")
        #expect(cronError("@fortnightly")?.hasPrefix("unknown descriptor @fortnightly") == true)
        #expect(cronError("@every 1d") == "@every needs a Go duration such as 1h30m, 45m or 90s, found \"1d\"")
        let error = CronError(expression: "61 * * * *", message: "minute field \"61\": 61 is above the maximum 59")
        #expect(error.description == "cron \"61 * * * *\": minute field \"61\": 61 is above the maximum 59")
    }
}

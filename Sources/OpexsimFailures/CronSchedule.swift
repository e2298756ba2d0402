import OpexsimTraces

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A cron schedule, evaluated in UTC to the second, with the semantics of robfig/cron v3, the
/// library behind both Chaos Mesh's `Schedule` and Velero's `Schedule`:
/// - Chaos Mesh (`allowSeconds: true`) parses with `SecondOptional | Minute | Hour | Dom | Month |
///   Dow | Descriptor`: five or six fields, the first of six being seconds;
/// - Velero (`allowSeconds: false`) uses `cron.ParseStandard`: five fields;
/// - both take the descriptors `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`,
///   `@midnight`, `@hourly` and `@every <Go duration>`, and an optional `CRON_TZ=` or `TZ=` prefix
///   naming a zone of the system's tz database, in whose wall time the fields are read (daylight
///   saving changes as robfig handles them: a skipped wall time does not fire, a repeated one fires
///   twice). Without a prefix the schedule is read in UTC (the controllers' zone is taken as UTC).
public struct CronSchedule: Sendable, Equatable {
    /// The expression as written.
    public let expression: String
    /// What the expression means.
    let rule: CronRule
    /// The zone the fields are read in.
    public let zone: TimeZoneRules

    /// Parses `expression`. `allowSeconds`: Chaos Mesh's parser also takes an optional leading
    /// seconds field; Velero takes the standard five fields only. Throws a `CronError` naming the
    /// bad field.
    public init(parsing expression: String, allowSeconds: Bool) throws {
        self.expression = expression
        self.rule = try CronRule(parsing: expression, allowSeconds: allowSeconds)
        var zone = TimeZoneRules.utc
        if let prefix = CronRule.zonePrefix(Substring(expression).drop { $0 == " " || $0 == "\t" }) {
            var environment: [String: String] = [:]
            if let directory = getenv("ZONEINFO") { environment["ZONEINFO"] = String(cString: directory) }
            switch TimeZoneRules.load(prefix.zone, environment: environment) {
            case .success(let rules): zone = rules
            case .failure(let problem): throw CronError(expression: expression, message: problem.message)
            }
        }
        self.zone = zone
    }

    /// True for `@every`: firings count from the schedule's creation, not from the clock.
    public var isConstantDelay: Bool {
        if case .every = rule { return true }
        return false
    }

    /// True for an `@every` whose delay was under a second (zero and negative included), which
    /// robfig's `Every` rounds up to one second.
    public var isRoundedUpToOneSecond: Bool {
        guard case .every(let seconds) = rule, seconds == 1 else { return false }
        let text = expression.split(separator: " ").last.map(String.init) ?? ""
        return (GoDuration.nanoseconds(text) ?? 0) < 1_000_000_000
    }

    /// The delay of an `@every` schedule, milliseconds; nil for a clock schedule.
    public var constantDelay: Int64? {
        if case .every(let delay) = rule { return delay * 1000 }
        return nil
    }

    /// The first time strictly after `time` that the schedule fires, nil if never within five
    /// years (robfig's `SpecSchedule.Next` gives up at the same horizon). Firings are whole
    /// seconds, so a `time` inside a second counts that second as past.
    public func next(after time: TraceInstant) -> TraceInstant? {
        let second = time >= 0 ? time / 1000 : (time - 999) / 1000
        switch rule {
        case .every(let delay):
            // robfig's ConstantDelaySchedule: the time truncated to the second, plus the delay.
            return (second + delay) * 1000
        case .fields(let fields):
            if zone == .utc { return fields.next(after: second).map { $0 * 1000 } }
            return fields.next(after: second, in: zone).map { $0 * 1000 }
        }
    }
}

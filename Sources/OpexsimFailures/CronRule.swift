/// What a cron expression means: calendar fields, or a constant delay (`@every`).
enum CronRule: Sendable, Equatable {
    case fields(CronFields)
    /// robfig's `ConstantDelaySchedule`: whole seconds, at least one.
    case every(Int64)

    /// Parses like robfig/cron v3's `Parser.Parse` with `SecondOptional` when `allowSeconds`
    /// (Chaos Mesh), or like `ParseStandard` otherwise (Velero).
    init(parsing expression: String, allowSeconds: Bool) throws {
        func fail(_ message: String) -> CronError { CronError(expression: expression, message: message) }
        var spec = Substring(expression).drop { $0 == " " || $0 == "\t" }
        while let last = spec.last, last == " " || last == "\t" { spec.removeLast() }
        guard !spec.isEmpty else { throw fail("the expression is empty") }
        if let prefix = Self.zonePrefix(spec) {
            spec = prefix.rest
            guard !spec.isEmpty else { throw fail("nothing follows the time zone prefix") }
        }
        if spec.first == "@" {
            self = try Self.descriptor(spec, fail: fail)
            return
        }
        var fields = spec.split(whereSeparator: { $0 == " " || $0 == "\t" })
        if allowSeconds {
            guard fields.count == 5 || fields.count == 6 else {
                throw fail(
                    "expected 5 or 6 fields ([second] minute hour day-of-month month day-of-week), found \(fields.count)"
                )
            }
        } else {
            guard fields.count == 5 else {
                throw fail("expected 5 fields (minute hour day-of-month month day-of-week), found \(fields.count)")
            }
        }
        // A missing seconds field is 0 (robfig's defaults).
        if fields.count == 5 { fields.insert("0", at: 0) }
        let bounds: [CronFieldBounds] = [.second, .minute, .hour, .dayOfMonth, .month, .dayOfWeek]
        var masks: [UInt64] = []
        for (field, bound) in zip(fields, bounds) {
            do {
                masks.append(try Self.field(field, bound))
            } catch let problem as FieldProblem {
                throw fail("\(bound.name) field \"\(field)\": \(problem.message)")
            }
        }
        self = .fields(
            CronFields(
                second: masks[0], minute: masks[1], hour: masks[2], dayOfMonth: masks[3],
                month: masks[4], dayOfWeek: masks[5]))
    }

    /// A leading `CRON_TZ=<zone>` or `TZ=<zone>` (robfig's parser): the zone name and what follows it.
    static func zonePrefix(_ spec: Substring) -> (zone: String, rest: Substring)? {
        guard spec.hasPrefix("TZ=") || spec.hasPrefix("CRON_TZ=") else { return nil }
        let afterEquals = spec[spec.index(after: spec.firstIndex(of: "=")!)...]
        let zone = afterEquals.prefix { $0 != " " && $0 != "\t" }
        return (String(zone), afterEquals.dropFirst(zone.count).drop { $0 == " " || $0 == "\t" })
    }

    /// robfig's `parseDescriptor`: exact, case-sensitive names.
    static func descriptor(_ spec: Substring, fail: (String) -> CronError) throws -> CronRule {
        let all = CronFields.all
        let midnight = (second: UInt64(1), minute: UInt64(1), hour: UInt64(1))
        switch spec {
        case "@yearly", "@annually":
            return .fields(
                CronFields(
                    second: midnight.second, minute: midnight.minute, hour: midnight.hour,
                    dayOfMonth: 1 << 1, month: 1 << 1, dayOfWeek: all(.dayOfWeek)))
        case "@monthly":
            return .fields(
                CronFields(
                    second: midnight.second, minute: midnight.minute, hour: midnight.hour,
                    dayOfMonth: 1 << 1, month: all(.month), dayOfWeek: all(.dayOfWeek)))
        case "@weekly":
            return .fields(
                CronFields(
                    second: midnight.second, minute: midnight.minute, hour: midnight.hour,
                    dayOfMonth: all(.dayOfMonth), month: all(.month), dayOfWeek: 1 << 0))
        case "@daily", "@midnight":
            return .fields(
                CronFields(
                    second: midnight.second, minute: midnight.minute, hour: midnight.hour,
                    dayOfMonth: all(.dayOfMonth), month: all(.month), dayOfWeek: all(.dayOfWeek)))
        case "@hourly":
            return .fields(
                CronFields(
                    second: midnight.second, minute: midnight.minute, hour: all(.hour),
                    dayOfMonth: all(.dayOfMonth), month: all(.month), dayOfWeek: all(.dayOfWeek)))
        default:
            break
        }
        if spec.hasPrefix("@every ") || spec.hasPrefix("@every\t") {
            let text = String(spec.dropFirst(7).drop { $0 == " " || $0 == "\t" })
            guard let nanoseconds = GoDuration.nanoseconds(text) else {
                throw fail("@every needs a Go duration such as 1h30m, 45m or 90s, found \"\(text)\"")
            }
            // robfig's Every: under a second becomes one second; the rest is truncated to seconds.
            return .every(max(1, nanoseconds / 1_000_000_000))
        }
        throw fail(
            "unknown descriptor \(spec) (expected @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly or @every <duration>)"
        )
    }

    /// A field problem, before it is given the field's name.
    struct FieldProblem: Error {
        let message: String
    }

    /// robfig's `getField`: a comma-separated list of ranges.
    static func field(_ text: Substring, _ bounds: CronFieldBounds) throws -> UInt64 {
        var mask: UInt64 = 0
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard !part.isEmpty else { throw FieldProblem(message: "an empty list item") }
            mask |= try range(part, bounds)
        }
        return mask
    }

    /// robfig's `getRange`: `*` or `?`, `a`, `a-b`, each optionally `/step`; `a/step` runs from `a`
    /// to the field's maximum. A star keeps its star bit only with step 1.
    static func range(_ text: Substring, _ bounds: CronFieldBounds) throws -> UInt64 {
        let rangeAndStep = text.split(separator: "/", omittingEmptySubsequences: false)
        guard rangeAndStep.count <= 2 else { throw FieldProblem(message: "too many slashes in \"\(text)\"") }
        let lowAndHigh = rangeAndStep[0].split(separator: "-", omittingEmptySubsequences: false)
        guard lowAndHigh.count <= 2 else { throw FieldProblem(message: "too many hyphens in \"\(text)\"") }
        var low: Int
        var high: Int
        var star: UInt64 = 0
        if lowAndHigh[0] == "*" || lowAndHigh[0] == "?" {
            guard lowAndHigh.count == 1 else {
                throw FieldProblem(message: "a star cannot start a range (\"\(text)\")")
            }
            low = bounds.minimum
            high = bounds.maximum
            star = CronFields.starBit
        } else {
            low = try value(lowAndHigh[0], bounds)
            high = lowAndHigh.count == 2 ? try value(lowAndHigh[1], bounds) : low
        }
        var step = 1
        if rangeAndStep.count == 2 {
            let stepText = rangeAndStep[1]
            guard !stepText.isEmpty, stepText.allSatisfy({ $0.isASCII && $0.isNumber }), let parsed = Int(stepText),
                parsed > 0
            else {
                throw FieldProblem(message: "the step \"\(stepText)\" must be a positive whole number")
            }
            step = parsed
            if lowAndHigh.count == 1 { high = bounds.maximum }
            if step > 1 { star = 0 }
        }
        if low < bounds.minimum {
            throw FieldProblem(message: "\(low) is below the minimum \(bounds.minimum)")
        }
        if high > bounds.maximum {
            throw FieldProblem(message: "\(high) is above the maximum \(bounds.maximum)")
        }
        if low > high {
            throw FieldProblem(message: "the range starts at \(low), after its end \(high)")
        }
        return CronFields.bits(low, high, step: step) | star
    }

    /// A number, or a month or weekday name (case-insensitive).
    static func value(_ text: Substring, _ bounds: CronFieldBounds) throws -> Int {
        if let named = bounds.names[text.lowercased()] { return named }
        guard !text.isEmpty, text.count <= 9, text.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(text)
        else {
            let names = bounds.names.isEmpty ? "" : " or a name such as \(bounds.name == "month" ? "JAN" : "MON")"
            throw FieldProblem(
                message: "expected a number from \(bounds.minimum) to \(bounds.maximum)\(names), found \"\(text)\"")
        }
        return number
    }
}

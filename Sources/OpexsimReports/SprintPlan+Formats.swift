import OpexsimTraces

extension SprintPlan {
    public static let schema = "opexsim.plan/v1"

    /// The `opexsim.plan/v1` document.
    public func json() -> JSONValue {
        .object([
            ("schema", .string(Self.schema)), ("report", .string(report)), ("scenario", .string(scenario)),
            ("capacity_points", capacityPoints.map(JSONValue.int) ?? .null), ("items", .array(items.map(Self.json))),
            ("total_monthly_savings_usd", .number(Rounding.decimals(totalMonthlySavingsUSD, 4))),
            ("total_points", .int(totalPoints)), ("deferred", .array(deferred.map(Self.json))),
            ("whole_trace_check", .string(wholeTraceCheck)),
        ])
    }

    static func settings(_ w: ReportDocument.Workload) -> JSONValue {
        settings(
            ResourceSettings(
                cpuRequest: w.cpuRequest, cpuLimit: w.cpuLimit, memoryRequest: w.memoryRequest,
                memoryLimit: w.memoryLimit))
    }

    static func settings(_ r: ResourceSettings) -> JSONValue {
        func value(_ x: Double?) -> JSONValue { x.map(JSONValue.number) ?? .null }
        return .object([
            ("requests", .object([("cpu_cores", value(r.cpuRequest)), ("memory_bytes", value(r.memoryRequest))])),
            ("limits", .object([("cpu_cores", value(r.cpuLimit)), ("memory_bytes", value(r.memoryLimit))])),
        ])
    }

    /// The whole-trace recommendation where it differs, in one sentence.
    static func wholeTraceNote(_ item: Item) -> String? {
        guard let r = item.wholeTrace else { return nil }
        return "Over the whole trace `opexsim recommend` gives requests \(pair(r.cpuRequest, r.memoryRequest)), limits "
            + "\(pair(r.cpuLimit, r.memoryLimit)); the plan carries the settings the replay evaluated (learned before "
            + "the window they were judged on), not these."
    }

    static func json(_ item: Item) -> JSONValue {
        .object([
            ("team", .string(item.to.team)), ("namespace", .string(item.to.namespace)),
            ("workload", .string(item.to.workload)), ("container", .string(item.to.container)),
            ("from", settings(item.from)), ("to", settings(item.to)),
            ("monthly_savings_usd", .number(Rounding.decimals(item.monthlySavingsUSD, 4))),
            (
                "risk_delta",
                .object([
                    ("throttled_ratio", .number(Rounding.decimals(item.throttledRatioDelta, 6))),
                    ("oom_kills", .int(item.oomKillsDelta)),
                    ("availability_ratio", .number(Rounding.decimals(item.availabilityRatioDelta, 6))),
                ])
            ),
            ("points", .int(item.points)), ("confidence", .string(item.confidence)), ("rollout", .string(item.rollout)),
            ("patch", .string(item.patch)), ("risk", item.risk.map(JSONValue.string) ?? .null),
            ("whole_trace_recommendation", item.wholeTrace.map(settings) ?? .null),
        ])
    }

    /// `500m / 512Mi`: CPU and memory, `-` where unset.
    static func pair(_ cpu: Double?, _ memory: Double?) -> String {
        "\(TextFormat.cpu(cpu)) / \(TextFormat.memory(memory))"
    }

    /// The item in one line: settings from and to, savings, risk delta.
    static func summary(_ item: Item) -> String {
        var text =
            "requests \(pair(item.from.cpuRequest, item.from.memoryRequest)) → \(pair(item.to.cpuRequest, item.to.memoryRequest))"
        text +=
            ", limits \(pair(item.from.cpuLimit, item.from.memoryLimit)) → \(pair(item.to.cpuLimit, item.to.memoryLimit))"
        let saving = item.monthlySavingsUSD
        text +=
            saving >= 0
            ? "; saves \(TextFormat.dollars(saving)) a month" : "; costs \(TextFormat.dollars(-saving)) a month more"
        text +=
            "; throttled \(signed(item.throttledRatioDelta * 100, 2)) points, OOM kills \(signed(Double(item.oomKillsDelta), 0)), "
        text += "availability \(signed(item.availabilityRatioDelta * 100, 3)) points"
        return text
    }

    static func signed(_ x: Double, _ decimals: Int) -> String {
        let text = TextFormat.fixed(abs(x), decimals)
        return TextFormat.fixed(x, decimals) == TextFormat.fixed(0, decimals) ? "±" + text : (x > 0 ? "+" : "−") + text
    }

    /// CSV for Jira's import: Summary, Description, Labels, Story Points, Component/s (the team).
    public func csv() -> String {
        var out = "Summary,Description,Labels,Story Points,Component/s\r\n"
        for item in items {
            let summary =
                "Right-size \(item.to.path) (\(scenario)): "
                + (item.monthlySavingsUSD >= 0
                    ? "save \(TextFormat.dollars(item.monthlySavingsUSD)) a month"
                    : "\(TextFormat.dollars(-item.monthlySavingsUSD)) a month more")
            var description = Self.summary(item) + ".\n"
            if let risk = item.risk { description += "Risk: \(risk).\n" }
            if let note = Self.wholeTraceNote(item) { description += note + "\n" }
            description += "Confidence: \(item.confidence).\nRollout: \(item.rollout)\n\n" + item.patch
            let fields = [
                summary, description, "opexsim", String(item.points),
                item.to.team.isEmpty ? item.to.namespace : item.to.team,
            ]
            out += fields.map(Self.quoted).joined(separator: ",") + "\r\n"
        }
        return out
    }

    /// A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.
    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        var out = "\""
        for character in field {
            out.append(character)
            if character == "\"" { out.append("\"") }
        }
        return out + "\""
    }

    /// Markdown: one task per item, a section per team.
    public func markdown() -> String {
        var out =
            "# Sprint plan: `\(scenario)`\n\nFrom `\(report)`: \(items.count) change\(items.count == 1 ? "" : "s"), "
        out +=
            "\(totalPoints) point\(totalPoints == 1 ? "" : "s"), saving \(TextFormat.dollars(totalMonthlySavingsUSD)) a month at the report's prices"
        out += capacityPoints.map { " (capacity \($0) points; \(deferred.count) deferred)" } ?? ""
        out +=
            ". Sorted by savings per point; changes the risk guard holds back (adding OOM kills, losing availability, "
        out += "throttling over 5 points more) come last. Points: README, \"Planning\"."
        out += wholeTraceCheck.isEmpty ? "\n" : " \(wholeTraceCheck)\n"
        var teams: [String] = []
        for item in items where !teams.contains(item.to.team) { teams.append(item.to.team) }
        for team in teams {
            out += "\n## \(team.isEmpty ? "No team" : "Team \(team)")\n\n"
            for item in items where item.to.team == team { out += Self.task(item) }
        }
        if !deferred.isEmpty {
            out += "\n## Deferred (beyond the capacity)\n\n"
            for item in deferred {
                out += "- \(item.to.path): \(item.points) point\(item.points == 1 ? "" : "s"), \(Self.summary(item))\n"
            }
        }
        return out
    }

    static func task(_ item: Item) -> String {
        var out = "- [ ] **\(item.to.path)** (\(item.points) point\(item.points == 1 ? "" : "s")): \(summary(item)).\n"
        if let risk = item.risk { out += "  Risk: \(risk).\n" }
        if let note = wholeTraceNote(item) { out += "  \(note)\n" }
        out += "  Confidence: \(item.confidence). Rollout: \(item.rollout)\n\n"
        out += "  ```yaml\n" + item.patch.split(separator: "\n").map { "  \($0)\n" }.joined() + "  ```\n\n"
        return out
    }
}

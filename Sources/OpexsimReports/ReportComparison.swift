/// Two or more replay reports side by side (`opexsim compare`): before and after a change, two
/// clusters, two weeks. Every figure reads `A → B → ...` in the order the reports were given, and
/// each change is the last report's figure minus the first's.
public enum ReportComparison {
    /// The Markdown comparison of `reports` (at least two).
    public static func markdown(_ reports: [ReportDocument]) -> String {
        let names = reports.indices.map(label)
        var out = "# opexsim comparison\n\n"
        out += MarkdownReport.table(
            ["Report", "File", "Trace", "Samples", "Pricing"],
            zip(names, reports).map { name, r in
                [
                    name, "`\(r.file)`", "\(r.traceStart) to \(r.traceEnd)", TextFormat.fixed(Double(r.samples), 0),
                    "`\(r.pricing)`",
                ]
            }, rightAligned: [3])
        out +=
            "\nFigures read " + names.joined(separator: " → ") + "; a change is \(names.last!) minus \(names[0]).\n\n"
        out += scenarios(reports)
        out += rankChanges(reports, names)
        out += workloads(reports)
        return out
    }

    /// `A`, `B`, ... `Z`, then `R27`, ...
    static func label(_ index: Int) -> String {
        index < 26 ? String(UnicodeScalar(UInt8(65 + index))) : "R\(index + 1)"
    }

    /// The policies of every report: the first report's in rank order, then any others as they come.
    static func policies(_ reports: [ReportDocument]) -> [String] {
        var seen: [String] = []
        for report in reports {
            for s in report.scenarios.sorted(by: { $0.rank < $1.rank }) where !seen.contains(s.policy) {
                seen.append(s.policy)
            }
        }
        return seen
    }

    /// `a → b → c`, `-` where a report lacks the figure; one value when every report has the same.
    static func chain<T>(_ values: [T?], _ format: (T) -> String) -> String {
        let texts = values.map { $0.map(format) ?? "-" }
        return Set(texts).count == 1 && !values.contains(where: { $0 == nil })
            ? texts[0] : texts.joined(separator: " → ")
    }

    static func scenarios(_ reports: [ReportDocument]) -> String {
        var rows: [[String]] = []
        for policy in policies(reports) {
            let s = reports.map { report in report.scenarios.first { $0.policy == policy } }
            let change: String
            if let first = s.first ?? nil, let last = s.last ?? nil {
                change = TextFormat.dollarChange(last.perMonthUSD - first.perMonthUSD)
            } else {
                change = "-"
            }
            rows.append([
                "`\(policy)`", chain(s) { "\($0.rank)" }, chain(s) { TextFormat.dollars($0.perMonthUSD) }, change,
                chain(s) { TextFormat.percent($0.throttledRatio, 2) }, chain(s) { "\($0.throttleHighContainers)" },
                chain(s) { "\($0.oomKills)" }, chain(s) { "\($0.restarts)" },
                chain(s) { TextFormat.percent($0.availabilityRatio, 3) },
                chain(s) { TextFormat.duration(seconds: $0.mttrSeconds) },
                chain(s) { !$0.feasible ? "infeasible" : $0.safe ? "safe" : "unsafe" },
            ])
        }
        var out = "## Scenarios\n\n"
        out += MarkdownReport.table(
            [
                "Policy", "Rank", "Per month", "Change", "Throttled", "Throttle-high", "OOM kills", "Restarts",
                "Availability", "MTTR", "Verdict",
            ], rows, rightAligned: Set(1..<10))
        return out
            + "\nPer month projects each report's window to 730 hours, so windows of different lengths compare.\n\n"
    }

    static func rankChanges(_ reports: [ReportDocument], _ names: [String]) -> String {
        var lines: [String] = []
        for policy in policies(reports) {
            let ranks = reports.map { report in report.scenarios.first { $0.policy == policy }?.rank }
            let present = zip(names, ranks).filter { $0.1 != nil }
            if present.count < reports.count {
                lines.append("- `\(policy)`: only in \(present.map(\.0).joined(separator: ", ")).")
            } else if Set(ranks.compactMap { $0 }).count > 1 {
                lines.append(
                    "- `\(policy)`: " + zip(names, ranks).map { "#\($0.1!) in \($0.0)" }.joined(separator: ", ") + ".")
            }
        }
        return "## Rank changes\n\n"
            + (lines.isEmpty ? "No scenario changed rank.\n" : lines.joined(separator: "\n") + "\n") + "\n"
    }

    static func workloads(_ reports: [ReportDocument]) -> String {
        var out = "## Workloads that differ\n\n"
        for policy in policies(reports) {
            let s = reports.compactMap { report in report.scenarios.first { $0.policy == policy } }
            guard s.count == reports.count else { continue }
            var paths: [String] = []
            for scenario in s { for w in scenario.workloads where !paths.contains(w.path) { paths.append(w.path) } }
            var rows: [[String]] = []
            for path in paths {
                // Costs per month, as the scenarios' (windows may differ in length).
                let w = s.map { scenario in
                    scenario.workloads.first { $0.path == path }.map { workload in
                        var monthly = workload
                        monthly.costUSD *= scenario.totalUSD > 0 ? scenario.perMonthUSD / scenario.totalUSD : 0
                        return monthly
                    }
                }
                guard differ(w) else { continue }
                let change = (w.first ?? nil).flatMap { first in (w.last ?? nil).map { $0.costUSD - first.costUSD } }
                rows.append([
                    path, chain(w) { "\(TextFormat.cpu($0.cpuRequest)) / \(TextFormat.memory($0.memoryRequest))" },
                    chain(w) { "\(TextFormat.cpu($0.cpuLimit)) / \(TextFormat.memory($0.memoryLimit))" },
                    chain(w) { TextFormat.dollars($0.costUSD) }, change.map(TextFormat.dollarChange) ?? "-",
                    chain(w) { TextFormat.percent($0.throttledRatio, 2) }, chain(w) { "\($0.oomKills)" },
                    chain(w) { TextFormat.percent($0.availabilityRatio, 3) },
                ])
            }
            out += "### `\(policy)`\n\n"
            out +=
                rows.isEmpty
                ? "No container differs.\n\n"
                : MarkdownReport.table(
                    [
                        "Container", "Requests (CPU / memory)", "Limits (CPU / memory)", "Per month", "Change",
                        "Throttled",
                        "OOM kills", "Availability",
                    ],
                    rows, rightAligned: Set(3..<8)) + "\n"
        }
        return out
    }

    /// True when the container is missing from a report or any figure shown differs.
    static func differ(_ w: [ReportDocument.Workload?]) -> Bool {
        guard let first = w.first ?? nil, w.allSatisfy({ $0 != nil }) else { return true }
        return w.dropFirst().contains { other in
            guard let other else { return true }
            return other.cpuRequest != first.cpuRequest || other.memoryRequest != first.memoryRequest
                || other.cpuLimit != first.cpuLimit || other.memoryLimit != first.memoryLimit
                || TextFormat.dollars(other.costUSD) != TextFormat.dollars(first.costUSD)
                || TextFormat.percent(other.throttledRatio, 2) != TextFormat.percent(first.throttledRatio, 2)
                || other.oomKills != first.oomKills
                || TextFormat.percent(other.availabilityRatio, 3) != TextFormat.percent(first.availabilityRatio, 3)
        }
    }
}

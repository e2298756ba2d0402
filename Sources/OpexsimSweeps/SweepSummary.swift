import OpexsimReports
import OpexsimTraces

/// The summary across a sweep's combinations (`summary.md`, `summary.json`), read back from each
/// combination's `report.json` so that a sweep and the merge of its shards write the same bytes.
public enum SweepSummary {
    /// The summary files of `combinations`, whose reports are under `out/<folder>/report.json`.
    public static func files(_ combinations: [SweepCombination], matrix: SweepMatrix, out: String) throws
        -> [(name: String, text: String)]
    {
        let documents = try combinations.map { try ReportDocument.load(path: out + "/" + $0.folder + "/report.json") }
        return [
            ("summary.json", json(combinations, documents, matrix: matrix).rendered()),
            ("summary.md", markdown(combinations, documents, matrix: matrix)),
        ]
    }

    static func best(_ document: ReportDocument) -> ReportDocument.Scenario? {
        document.scenarios.min { $0.rank < $1.rank }
    }

    static func json(_ combinations: [SweepCombination], _ documents: [ReportDocument], matrix: SweepMatrix)
        -> JSONValue
    {
        .object([
            ("schema", .string("opexsim.sweep/v1")),
            ("matrix_digest", .string(matrix.digest)),
            ("policies", .array(matrix.policies.map(JSONValue.string))),
            (
                "combinations",
                .array(
                    zip(combinations, documents).map { combination, document in
                        let top = best(document)
                        return .object([
                            ("folder", .string(combination.folder)), ("trace", .string(combination.trace)),
                            ("pricing", .string(combination.pricing)),
                            ("failures", .array(combination.failures.map(JSONValue.string))),
                            ("seed", .string(String(combination.seed))),
                            ("best_policy", top.map { .string($0.policy) } ?? .null),
                            ("best_per_month_usd", top.map { .number($0.perMonthUSD) } ?? .null),
                            ("best_safe", top.map { .bool($0.safe) } ?? .null),
                            ("baseline_per_month_usd", document.baseline.map { .number($0.perMonthUSD) } ?? .null),
                            (
                                "ranking",
                                .array(
                                    document.scenarios.sorted { $0.rank < $1.rank }.map { s in
                                        .object([
                                            ("policy", .string(s.policy)), ("rank", .int(s.rank)),
                                            ("per_month_usd", .number(s.perMonthUSD)), ("safe", .bool(s.safe)),
                                            ("oom_kills", .int(s.oomKills)),
                                            ("throttled_ratio", .number(s.throttledRatio)),
                                            ("availability_ratio", .number(s.availabilityRatio)),
                                        ])
                                    })
                            ),
                        ])
                    })
            ),
        ])
    }

    static func markdown(_ combinations: [SweepCombination], _ documents: [ReportDocument], matrix: SweepMatrix)
        -> String
    {
        var out = "# Sweep summary\n\n"
        out += "\(combinations.count) combinations of trace, pricing, failure files and seed; in each, the policies "
        out += matrix.policies.map { "`\($0)`" }.joined(separator: ", ") + " are the scenarios. "
        out += "Each combination's full report is in its folder.\n\n"
        out +=
            "| Combination | Trace | Pricing | Failures | Seed | Best | Per month | Safe | Recorded settings per month |\n"
        out += "|---|---|---|---|---:|---|---:|---|---:|\n"
        for (combination, document) in zip(combinations, documents) { out += row(combination, document) }
        out += "\n## How often each policy ranks first\n\n| Policy | First in | Safe when first |\n|---|---:|---:|\n"
        for policy in matrix.policies {
            let firsts = documents.compactMap(best).filter { $0.policy == policy }
            out += "| `\(policy)` | \(firsts.count) of \(documents.count) | \(firsts.filter(\.safe).count) |\n"
        }
        return out
    }

    /// One combination's line of the summary table.
    static func row(_ combination: SweepCombination, _ document: ReportDocument) -> String {
        let top = best(document)
        let failures = combination.failures.isEmpty ? "none" : combination.failures.joined(separator: ", ")
        let policy: String = top.map { "`\($0.policy)`" } ?? "-"
        let cost: String = top.map { "$" + TextFormat.fixed($0.perMonthUSD, 2) } ?? "-"
        let safe: String = top.map { $0.safe ? "yes" : "no" } ?? "-"
        let baseline: String = document.baseline.map { "$" + TextFormat.fixed($0.perMonthUSD, 2) } ?? "-"
        var cells: [String] = ["[\(combination.folder)](\(combination.folder)/report.md)"]
        cells += ["`\(combination.trace)`", "`\(combination.pricing)`", failures, String(combination.seed)]
        cells += [policy, cost, safe, baseline]
        return "| " + cells.joined(separator: " | ") + " |\n"
    }
}

import OpexsimEngine
import OpexsimMetrics
import OpexsimPricing
import OpexsimTraces

/// The Markdown report of a replay: the ranking, the node pools and the recovery when the replay has
/// them, the best scenarios per workload, the change against the recorded settings, who drives
/// cost, and the assumptions behind the figures. Each section renders on its own
/// (`MarkdownReport+Ranking.swift`, ...), from the scored scenarios only.
public enum MarkdownReport {
    /// How many of the best scenarios get per-workload tables.
    public static let detailedScenarios = 3

    /// The whole report.
    public static func render(_ outcome: ReplayOutcome, pricing: PricingModel) -> String {
        var out = ""
        render(outcome, pricing: pricing) { out += $0 }
        return out
    }

    /// The whole report, section by section, each handed to `emit` as it is rendered (a report of a
    /// million containers is never held whole).
    public static func render(_ outcome: ReplayOutcome, pricing: PricingModel, to emit: (String) -> Void) {
        let report = MarkdownContext(outcome: outcome, pricing: pricing)
        emit(header(report))
        for kind in ReportSection.reportOrder { section(kind, report, to: emit) }
    }

    /// Appends a table row of `cells`, their pipes escaped.
    static func appendRow(_ cells: [String], to text: inout String) {
        text += "| "
        for (index, cell) in cells.enumerated() {
            if index > 0 { text += " | " }
            text += cell.replacingPipes()
        }
        text += " |\n"
    }

    /// A Markdown table's header row and alignment row.
    static func tableHeader(_ header: [String], rightAligned: Set<Int> = []) -> String {
        "| " + header.joined(separator: " | ") + " |\n" + "|"
            + header.indices.map { rightAligned.contains($0) ? "---:|" : "---|" }.joined() + "\n"
    }

    /// Only the named sections that the report has, in the report's order (for a ticket or a
    /// notebook); the text ends with one newline.
    public static func render(_ sections: [ReportSection], of outcome: ReplayOutcome, pricing: PricingModel) -> String {
        let report = MarkdownContext(outcome: outcome, pricing: pricing)
        var out = ""
        for kind in ReportSection.reportOrder where sections.contains(kind) { section(kind, report) { out += $0 } }
        while out.hasSuffix("\n\n") { out.removeLast() }
        return out
    }

    /// One section from its heading to the end of its last paragraph, handed to `emit` (the ones
    /// with a row per container in pieces); nothing when the report does not have it.
    static func section(_ section: ReportSection, _ report: MarkdownContext, to emit: (String) -> Void) {
        guard section.isPresent(in: report.outcome, pricing: report.pricing),
            section != .changes || !report.outcome.scenarios.isEmpty
        else { return }
        emit("## \(section.title)\n\n")
        switch section {
        case .ranking: emit(ranking(report))
        case .capacity: emit(capacity(report))
        case .recovery: emit(recovery(report))
        case .workloads: workloads(report, to: emit)
        case .changes: changes(best: report.outcome.scenarios[0], report, to: emit)
        case .cost: emit(showback(report))
        case .assumptions: emit(assumptions(report))
        }
    }

    /// The title and what the trace and the evaluation window are.
    static func header(_ report: MarkdownContext) -> String {
        let outcome = report.outcome
        let trace = report.trace
        let window = outcome.evaluationWindow
        let fileList = trace.files.map { "`\($0)`" }.joined(separator: ", ")
        var out = "# opexsim replay report\n\n"
        out += "Trace \(fileList): \(trace.workloads.count) workloads, \(trace.containers.count) containers, "
        out += "\(trace.pods.count) replicas, \(TextFormat.fixed(Double(trace.sampleCount), 0)) samples, "
        out +=
            "\(TraceTime.format(trace.start)) to \(TraceTime.format(trace.end)), sampled every \(DurationText.format(trace.interval)).\n"
        out +=
            "Figures cover \(TraceTime.format(window.start)) to \(TraceTime.format(window.end)) (\(DurationText.format(window.length))"
        out +=
            outcome.usesWarmup ? "; before it, a warmup under the recorded settings).\n\n" : ", the whole trace).\n\n"
        let bestEffort = outcome.baseline.containers.filter(\.recordedBestEffort).count
        if bestEffort > 0 {
            let which =
                bestEffort == trace.containers.count
                ? "any of its containers" : "\(bestEffort) of its \(trace.containers.count) containers"
            out +=
                "The trace records no requests or limits for \(which) (BestEffort): under the recorded settings (`static`) "
            out +=
                "nothing is reserved for them and they pay only for what they use, so `static` is a floor on cost, not "
            out += "a setting to keep.\n\n"
        }
        return out
    }

    /// `old → new`, or `new` when they are the same.
    static func change(_ old: String, _ new: String) -> String {
        old == new ? new : "\(old) → \(new)"
    }

    /// A Markdown table with the given header, rows and right-aligned columns.
    static func table(_ header: [String], _ rows: [[String]], rightAligned: Set<Int> = []) -> String {
        var out = tableHeader(header, rightAligned: rightAligned)
        for row in rows { appendRow(row, to: &out) }
        return out
    }
}

/// What every section of a report renders from.
struct MarkdownContext {
    let outcome: ReplayOutcome
    let pricing: PricingModel
    /// The trace records memory (else memory figures show as n/a); found once per report.
    let hasMemory: Bool

    init(outcome: ReplayOutcome, pricing: PricingModel) {
        self.outcome = outcome
        self.pricing = pricing
        hasMemory = outcome.profile.trace.hasMemory
    }

    var trace: Trace { outcome.profile.trace }
    /// The scenarios in rank order, then the baseline when it is not one of them (not ranked).
    var scenariosAndBaseline: [ScenarioSummary] {
        outcome.scenarios + (outcome.baseline.scenario.isListed ? [] : [outcome.baseline])
    }
}

extension String {
    func replacingPipes() -> String {
        utf8.contains(UInt8(ascii: "|"))
            ? split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|") : self
    }
}

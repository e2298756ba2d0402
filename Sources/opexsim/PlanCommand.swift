import ArgumentParser
import OpexsimReports
import OpexsimTraces

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Turn a replay report into a sprint backlog: one item per container a scenario changes.",
        discussion: """
            Reads a report of `opexsim replay --format json` (or report.json from --out). Items carry the settings \
            from and to, the monthly savings at the report's prices, the risk delta, a size in points, the \
            confidence, the rollout advice and the strategic-merge patch; sorted by savings per point, changes \
            that add OOM kills or lose availability last, cut at --capacity points.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case markdown, csv, json
    }

    @Argument(help: "An opexsim.report/v1 document.")
    var report: String

    @Option(name: .long, help: "The scenario (policy) to plan; default the best feasible one.")
    var scenario: String?

    @Option(name: .long, help: "Story points the sprint has for these changes.")
    var capacity: Int?

    @Option(name: .long, help: "Markdown tasks, CSV for Jira's import, or the opexsim.plan/v1 JSON document.")
    var format: Format = .markdown

    @Option(name: .long, help: "Write the plan to this file instead of printing it.")
    var out: String?

    func validate() throws {
        if let capacity, capacity < 1 { throw ValidationError("--capacity must be at least 1 point") }
    }

    func run() throws {
        let document = reportingErrors { try ReportDocument.load(path: report) }
        let plan: SprintPlan
        do {
            plan = try SprintPlan.make(document, scenario: scenario, capacity: capacity)
        } catch let error as PlanError {
            fail(error.description)
        }
        let text: String
        switch format {
        case .markdown: text = plan.markdown()
        case .csv: text = plan.csv()
        case .json: text = plan.json().rendered()
        }
        if let out {
            reportingErrors { try FileBytes.writeAtomically(Array(text.utf8), to: out) }
            note("wrote \(out)")
        } else {
            emit(text)
        }
    }
}

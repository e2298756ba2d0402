import ArgumentParser
import Foundation
import OpexsimEngine
import OpexsimPolicies
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

    @Argument(help: "An opexsim.report/v1 document.", completion: .file(extensions: ["json"]))
    var report: String

    @Option(name: .long, help: "The scenario (policy) to plan; default the best feasible one.")
    var scenario: String?

    @Option(name: .long, help: "Story points the sprint has for these changes.")
    var capacity: Int?

    @Option(name: .long, help: "Markdown tasks, CSV for Jira's import, or the opexsim.plan/v1 JSON document.")
    var format: Format = .markdown

    @Option(name: .long, help: "Write the plan to this file instead of printing it.", completion: .file())
    var out: String?

    @Option(
        name: .long,
        help: "The trace to check the settings against `recommend` on (repeatable); default the report's own files.",
        completion: .file(extensions: ["csv"]))
    var trace: [String] = []

    func validate() throws {
        if let capacity, capacity < 1 { throw ValidationError("--capacity must be at least 1 point") }
    }

    func run() throws {
        let document = reportingErrors { try ReportDocument.load(path: report) }
        let plan: SprintPlan
        do {
            let chosen = try SprintPlan.scenario(document, scenario)
            let (wholeTrace, check) = wholeTraceRecommendations(chosen, document)
            plan = try SprintPlan.make(
                document, scenario: scenario, capacity: capacity, wholeTrace: wholeTrace, wholeTraceCheck: check)
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

    /// What `opexsim recommend` gives over the whole trace for the containers of `chosen`, by path, and
    /// a sentence on how it was found (or why not).
    func wholeTraceRecommendations(_ chosen: ReportDocument.Scenario, _ document: ReportDocument)
        -> ([String: ResourceSettings], String)
    {
        let files = trace.isEmpty ? document.traceFiles : trace
        let policies = chosen.choices.isEmpty ? [chosen.policy] : Array(Set(chosen.choices.values)).sorted()
        let learned = policies.filter { (try? PolicySpec(parsing: $0))?.name != "static" }
        if learned.isEmpty {
            return ([:], "The settings are fixed, not learned: `opexsim recommend` gives the same.")
        }
        guard !files.isEmpty, files.allSatisfy({ FileManager.default.isReadableFile(atPath: $0) }) else {
            return (
                [:],
                "Not checked against `opexsim recommend` over the whole trace: the report's trace "
                    + "(\(files.joined(separator: ", "))) is not readable here; give it with --trace."
            )
        }
        let traceData = reportingErrors { try CanonicalTraceReader().read(files) }
        var out: [String: ResourceSettings] = [:]
        for policy in learned {
            let recommendations = reportingErrors {
                try Replay.recommendations(
                    trace: traceData, policy: try PolicySpec(parsing: policy), options: ReplayOptions())
            }
            for r in recommendations {
                let container = traceData.containers[r.containerIndex]
                let namespace = traceData.names[container.namespaceName],
                    workload = traceData.names[container.workloadName]
                if !chosen.choices.isEmpty && chosen.choices["\(namespace)/\(workload)"] != policy { continue }
                out["\(namespace)/\(workload)/\(traceData.names[container.containerName])"] = r.settings
            }
        }
        return (
            out,
            "Each item was checked against `opexsim recommend` over the whole trace (\(files.joined(separator: ", "))); "
                + "where it differs, the item says so."
        )
    }
}

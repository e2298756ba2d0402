import ArgumentParser
import Foundation
import OpexsimReports
import OpexsimTraces

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Set two or more replay reports (report.json) side by side in Markdown.",
        discussion: """
            Reports of `opexsim replay --format json` (or report.json from --out): before and after a change, two \
            clusters, two weeks. Per scenario and per workload the cost, risk and recovery of each report, the \
            change from the first to the last, settings that differ, and what changed rank.
            """)

    @Argument(help: "Two or more opexsim.report/v1 documents.", completion: .file(extensions: ["json"]))
    var reports: [String] = []

    @Option(name: .long, help: "Write the comparison to this file instead of printing it.", completion: .file())
    var out: String?

    func validate() throws {
        if reports.count < 2 { throw ValidationError("give two or more reports to compare") }
    }

    func run() throws {
        let documents = reportingErrors { try reports.map(ReportDocument.load) }
        let markdown = ReportComparison.markdown(documents)
        if let out {
            reportingErrors { try FileBytes.writeAtomically(Array(markdown.utf8), to: out) }
            note("wrote \(out)")
        } else {
            emit(markdown)
        }
    }
}

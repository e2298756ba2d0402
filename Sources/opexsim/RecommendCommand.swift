import ArgumentParser
import Foundation
import OpexsimEngine
import OpexsimPolicies
import OpexsimReports
import OpexsimTraces

struct RecommendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "Print a policy's recommendations at the end of a trace.",
        discussion:
            "The policy learns over the whole trace, recorded under its settings, and recommends once at the end.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, yaml, markdown
    }

    @OptionGroup var input: TraceOptions

    @Option(name: .long, help: "The policy (NAME or NAME:key=value,...); one.", completion: Completions.policies)
    var policy: [String] = []

    @Option(name: .long, help: "json (opexsim.recommendations/v1), yaml (patches to apply) or markdown.")
    var format: Format = .json

    @Option(
        name: .long, help: "With --format yaml: write one file per workload into this directory.",
        completion: .directory)
    var out: String?

    func validate() throws {
        if let out {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory) && !isDirectory.boolValue {
                throw ValidationError("--out \(out) is a file, not a directory: give a directory for the YAML files")
            }
        }
        if out != nil && format != .yaml {
            throw ValidationError("--out writes one YAML file per workload: use it with --format yaml")
        }
        if policy.count > 1 {
            throw ValidationError(
                "recommend takes one --policy, found \(policy.count) (\(policy.joined(separator: ", "))): run it once per policy"
            )
        }
    }

    func run() throws {
        // Checked here, not in validate(): the parser reports a mistyped option (`--polcy`) only after
        // validate() passes, and that is the message a user needs.
        if policy.isEmpty { usageError("give the policy to recommend with (e.g. --policy vpa-off)", in: Self.self) }
        let spec = reportingErrors { try PolicySpec(parsing: policy[0]) }
        let factory = reportingErrors { try PolicyFactory(resolving: spec) }
        let trace = input.read()
        let recommendations = reportingErrors {
            try Replay.recommendations(trace: trace, policy: factory, options: ReplayOptions())
        }
        switch format {
        case .json: emit(RecommendationReport.json(recommendations, policy: spec, trace: trace).rendered())
        case .yaml:
            let (header, documents) =
                factory.vpaSetup.map {
                    RecommendationReport.vpaDocuments(recommendations, policy: spec, setup: $0, trace: trace)
                } ?? RecommendationReport.patchDocuments(recommendations, policy: spec, trace: trace)
            guard let out else {
                emit(header + documents.map(\.text).joined())
                return
            }
            let files: [FileSet.File] = documents.map {
                ("\($0.namespace)-\($0.workload).yaml", Array((header + $0.text).utf8))
            }
            reportingErrors {
                try FileBytes.makeDirectory(out)
                try FileSet.write(files, into: out)
            }
            note(
                factory.vpaSetup != nil
                    ? "wrote \(documents.count) VerticalPodAutoscalers to \(out): kubectl apply -f \(out) (their status is informative)"
                    : "wrote \(documents.count) patches to \(out): kubectl -n NAMESPACE patch deployment NAME --type strategic --patch-file \(out)/NAMESPACE-NAME.yaml"
            )
        case .markdown: emit(RecommendationReport.markdown(recommendations, policy: spec, trace: trace))
        }
    }
}

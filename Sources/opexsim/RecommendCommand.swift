import ArgumentParser
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

    @Option(name: .long, help: "The policy (NAME or NAME:key=value,...); one.")
    var policy: [String] = []

    @Option(name: .long, help: "json (opexsim.recommendations/v1), yaml (patches to apply) or markdown.")
    var format: Format = .json

    func validate() throws {
        if policy.isEmpty { throw ValidationError("give the policy to recommend with (e.g. --policy vpa-off)") }
        if policy.count > 1 {
            throw ValidationError(
                "recommend takes one --policy, found \(policy.count) (\(policy.joined(separator: ", "))): run it once per policy"
            )
        }
    }

    func run() throws {
        let spec = reportingErrors { try PolicySpec(parsing: policy[0]) }
        let factory = reportingErrors { try PolicyFactory(resolving: spec) }
        let trace = input.read()
        let recommendations = reportingErrors {
            try Replay.recommendations(trace: trace, policy: factory, options: ReplayOptions())
        }
        switch format {
        case .json: emit(RecommendationReport.json(recommendations, policy: spec, trace: trace).rendered())
        case .yaml:
            if let setup = factory.vpaSetup {
                emit(RecommendationReport.vpaYAML(recommendations, policy: spec, setup: setup, trace: trace))
            } else {
                emit(RecommendationReport.yaml(recommendations, policy: spec, trace: trace))
            }
        case .markdown: emit(RecommendationReport.markdown(recommendations, policy: spec, trace: trace))
        }
    }
}

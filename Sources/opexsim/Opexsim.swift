import ArgumentParser

@main
struct Opexsim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "opexsim",
        abstract:
            "Replay utilization traces under candidate request/limit policies: cost, throttling, OOM kills, availability.",
        version: "0.1.0",
        subcommands: [
            ReplayCommand.self, RecommendCommand.self, ImportCommand.self, PoliciesCommand.self, GenerateCommand.self,
            InspectCommand.self, CompareCommand.self, PlanCommand.self,
        ])
}

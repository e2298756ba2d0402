import ArgumentParser
import Foundation
import OpexsimTraces

@main
struct Opexsim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "opexsim",
        abstract:
            "Replay utilization traces under candidate request/limit policies: cost, throttling, OOM kills, availability.",
        version: "0.1.0",
        subcommands: [
            ReplayCommand.self, RecommendCommand.self, ImportCommand.self, PoliciesCommand.self, GenerateCommand.self,
            InspectCommand.self, CompareCommand.self, PlanCommand.self, CacheCommand.self, SweepCommand.self,
            MergeCommand.self,
        ])

    /// The subcommand names, for messages and completion.
    static var commandNames: [String] { configuration.subcommands.compactMap { $0.configuration.commandName } }

    /// Names an unknown command (`opexsim replya`, `opexsim help nosuch`) before the parser, which
    /// would print the overview (for help) or "unexpected argument" without the commands.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        var name = arguments.first
        if name == "help" { name = arguments.dropFirst().first }
        if let name, !name.hasPrefix("-"), !commandNames.contains(name), name != "help" {
            var message = "Error: unknown command '\(name)'"
            if let close = CommandSuggestion.closest(to: name, among: commandNames) {
                message += ". Did you mean '\(close)'?"
            }
            message +=
                "\nCommands: \(commandNames.joined(separator: ", "))\n  See 'opexsim --help' for more information.\n"
            StandardStreams.write(message, to: 2)
            Foundation.exit(64)
        }
        TemporaryFiles.removeOnSignals()
        main(nil)
    }
}

/// The nearest of a set of names to a mistyped one.
enum CommandSuggestion {
    /// The name at the smallest edit distance from `input`, if within a third of its length (at least 2).
    static func closest(to input: String, among names: [String]) -> String? {
        let limit = max(2, input.count / 3)
        let scored = names.map { ($0, distance(Array(input), Array($0))) }.filter { $0.1 <= limit }
        return scored.min { $0.1 < $1.1 }?.0
    }

    /// Levenshtein distance, adjacent transpositions counting one.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}

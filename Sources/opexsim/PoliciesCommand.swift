import ArgumentParser
import OpexsimPolicies

struct PoliciesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policies",
        abstract: "List the policies opexsim can replay, one line each.")

    func run() throws {
        var out = ""
        for entry in PolicyCatalogue.entries {
            out += "\(entry.name)\t\(entry.summary); parameters: \(entry.parameters.joined(separator: ", "))\n"
        }
        out +=
            "mix\tper workload, the cheapest of the other policies given that meets the constraints on that workload, "
            + "replayed as a scenario of its own; parameters: none\n"
        emit(out)
    }
}

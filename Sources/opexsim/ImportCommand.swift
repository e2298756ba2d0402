import ArgumentParser

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Convert Prometheus answers and public cluster traces into a canonical trace.")

    @Option(name: .long, help: "The source format.")
    var from: String

    @Argument(help: "Input files.")
    var inputs: [String]

    @Option(name: .shortAndLong, help: "Output canonical trace CSV.")
    var output: String

    func run() throws {
        fail("import --from \(from): no importer is available in this version yet")
    }
}

import ArgumentParser
import Foundation
import OpexsimTraces

struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Write traces as a binary trace cache (.opxt) that every command reads without parsing.",
        discussion: """
            The cache holds the trace as read (columns, names, series) with a checksum and the size and \
            modification time of its sources: a cache whose source changed since is refused as stale, a \
            corrupt one as corrupt. Every command that takes a trace takes the .opxt alone in its place.
            """)

    @OptionGroup var input: TraceOptions

    @Option(
        name: .shortAndLong, help: "The cache file (default: the first trace's name with .opxt).",
        completion: .file(extensions: ["opxt"]))
    var output: String?

    func validate() throws {
        if input.traces.contains("-") && output == nil {
            throw ValidationError("reading standard input: give the cache file with -o")
        }
        if let output, !output.hasSuffix(".opxt") {
            throw ValidationError("-o \(output): a trace cache file ends in .opxt")
        }
    }

    /// `trace.csv` → `trace.opxt`; a name without an extension gains one.
    static func defaultOutput(for path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return path + ".opxt" }
        return String(path.dropLast(name.distance(from: dot, to: name.endIndex))) + ".opxt"
    }

    func run() throws {
        let destination = output ?? Self.defaultOutput(for: input.traces[0])
        if input.traces.contains(destination) { fail("\(destination): the cache would overwrite its own source") }
        let trace = input.read()
        reportingErrors { try TraceCache.write(trace, to: destination) }
        emit(
            "wrote \(destination): \(trace.sampleCount) rows, \(trace.pods.count) replicas, \(trace.containers.count) containers\n"
        )
    }
}

import ArgumentParser
import Dispatch
import Foundation
import OpexsimImport
import OpexsimTraces

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Convert Prometheus answers and public cluster traces into a canonical trace.",
        discussion: """
            Sources: prometheus, nezha, bitbrains, google2019, azure, alibaba2018. A directory given as an input \
            stands for the .csv and .json files in it. The summary (rows, replicas, span, interval, gaps, rows \
            dropped and why) goes to standard output, or to standard error when the trace does (-o -).
            """)

    @Option(
        name: .long, help: "The source format: \(ImportSource.allCases.map(\.rawValue).joined(separator: ", ")).",
        completion: .list(ImportSource.allCases.map(\.rawValue)))
    var from: String

    @Argument(help: "Input files or directories (- for standard input).", completion: .file())
    var inputs: [String] = []

    @Option(
        name: .shortAndLong,
        help: "Output canonical trace CSV (- for standard output), or a binary trace cache when it ends in .opxt.",
        completion: .file(extensions: ["csv", "opxt"]))
    var output: String

    @Option(name: .long, help: "Namespace for sources that have none.")
    var namespace: String?

    @Option(
        name: .long, help: "The time relative timestamps count from (RFC 3339); each source has a documented default.")
    var epoch: String?

    @Option(name: .long, help: "Cores that a normalized CPU unit of 1.0 stands for (google2019).")
    var machineCPUCores = 64.0

    @Option(
        name: .long,
        help: "Bytes that normalized memory of 1.0 (google2019) or 100 (alibaba2018) stands for; quantities allowed.")
    var machineMemoryBytes = "256Gi"

    @Option(name: .long, help: "vCPUs of each VM (azure, whose readings are percentages).")
    var vmCores = 2.0

    @Option(name: .long, help: "Prometheus answer holding CPU usage in cores (repeatable).")
    var cpu: [String] = []
    @Option(name: .long, help: "Prometheus answer holding working-set bytes (repeatable).")
    var memory: [String] = []
    @Option(name: .long, help: "Prometheus answer holding kube_pod_container_resource_requests (repeatable).")
    var requests: [String] = []
    @Option(name: .long, help: "Prometheus answer holding kube_pod_container_resource_limits (repeatable).")
    var limits: [String] = []
    @Option(name: .long, help: "Prometheus answer holding the throttled share of CFS periods (repeatable).")
    var throttling: [String] = []
    @Option(
        name: .long,
        help:
            "Prometheus answer holding kube_pod_container_status_last_terminated_reason{reason=\"OOMKilled\"} (repeatable)."
    )
    var oom: [String] = []

    func validate() throws {
        guard ImportSource(rawValue: from) != nil else {
            throw ValidationError(
                "--from must be one of \(ImportSource.allCases.map(\.rawValue).joined(separator: ", ")), found \"\(from)\""
            )
        }
        let roles = cpu + memory + requests + limits + throttling + oom
        if inputs.isEmpty && roles.isEmpty { throw ValidationError("give at least one input") }
        if !roles.isEmpty && from != ImportSource.prometheus.rawValue {
            throw ValidationError(
                "--cpu, --memory, --requests, --limits, --throttling and --oom are for --from prometheus")
        }
        if let epoch, TraceTime.parse(epoch) == nil {
            throw ValidationError("--epoch must be an RFC 3339 time, found \"\(epoch)\"")
        }
        if machineCPUCores <= 0 || vmCores <= 0 {
            throw ValidationError("--machine-cpu-cores and --vm-cores must be positive")
        }
        if (Quantity.parse(machineMemoryBytes) ?? 0) <= 0 {
            throw ValidationError(
                "--machine-memory-bytes must be a positive quantity such as 256Gi, found \"\(machineMemoryBytes)\"")
        }
    }

    func run() throws {
        var options = ImportOptions()
        options.namespace = namespace
        options.epoch = epoch.flatMap(TraceTime.parse)
        options.machineCPUCores = machineCPUCores
        options.machineMemoryBytes = Quantity.parse(machineMemoryBytes)!
        options.vmCores = vmCores
        var roles: [String: PrometheusRole] = [:]
        for (role, paths) in [
            (PrometheusRole.cpu, cpu), (.memory, memory), (.requests, requests), (.limits, limits),
            (.throttling, throttling), (.oom, oom),
        ] {
            for path in paths { roles[path] = role }
        }
        let files = reportingErrors { try Self.expand(inputs + roles.keys.sorted().filter { !inputs.contains($0) }) }
        let source = ImportSource(rawValue: from)!
        let sink: ImportSink = reportingErrors {
            switch source {
            case .prometheus: return try PrometheusImporter(options: options, roles: roles).run(files)
            case .nezha: return try NezhaImporter(options: options).run(files)
            case .bitbrains: return try BitbrainsImporter(options: options).run(files)
            case .google2019: return try Google2019Importer(options: options).run(files)
            case .azure: return try AzureImporter(options: options).run(files)
            case .alibaba2018: return try Alibaba2018Importer(options: options).run(files)
            }
        }
        if sink.rowCount == 0 { fail("\(files.joined(separator: ", ")): no rows to import") }
        // A CSV output is written to its temporary file while the trace its rows read as is built for
        // the summary, and put in place only once they make a trace.
        let file: StreamingFile? =
            output == "-" || output.hasSuffix(".opxt") ? nil : reportingErrors { try StreamingFile(path: output) }
        let summary = summarise(sink, writingTo: file)
        if output == "-" {
            StandardStreams.write(sink.csvBytes, to: 1)
            StandardStreams.write(summary.text, to: 2)
        } else if output.hasSuffix(".opxt") {
            // A binary trace cache instead of CSV (`opexsim cache`).
            reportingErrors { try TraceCache.write(summary.trace, to: output) }
            emit("wrote \(output) (trace cache)\n" + summary.text)
        } else {
            reportingErrors { try file?.commit() }
            emit("wrote \(output)\n" + summary.text)
        }
    }

    /// Builds the trace the converted rows read as and summarises it, writing them to `file`
    /// meanwhile; rows refused as a trace (a duplicate sample, a timestamp far from the others) are an
    /// error naming the input rows.
    func summarise(_ sink: ImportSink, writingTo file: StreamingFile?) -> ImportSummary {
        let outcome = SummaryOutcome()
        let shared = SharedImport(sink: sink, file: file)
        DispatchQueue.concurrentPerform(iterations: 2) { task in
            if task == 0 {
                outcome.result = Result {
                    try ImportSummary(source: from, sink: shared.sink)
                }
            } else {
                if let file = shared.file { shared.sink.write(to: file) }
            }
        }
        switch outcome.result {
        case .success(let summary): return summary
        case .failure(let error as TraceError):
            file?.discard()
            fail("\(error.description); nothing was written")
        case .failure(let error):
            file?.discard()
            fail("\(error)")
        case nil: fail("the converted rows were not read back")
        }
    }

    /// Files and directories to files: a directory stands for its .csv and .json files, sorted.
    static func expand(_ inputs: [String]) throws -> [String] {
        var files: [String] = []
        for input in inputs {
            var isDirectory: ObjCBool = false
            if input != "-" && FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory)
                && isDirectory.boolValue
            {
                let names = try FileManager.default.contentsOfDirectory(atPath: input).sorted()
                    .filter { $0.hasSuffix(".csv") || $0.hasSuffix(".json") }
                if names.isEmpty {
                    throw TraceError(
                        file: input, line: 0, column: 0, message: "no .csv or .json files in this directory")
                }
                files += names.map { (input.hasSuffix("/") ? input : input + "/") + $0 }
            } else {
                files.append(input)
            }
        }
        return files
    }
}

/// What `ImportCommand.summarise` builds, set by one core.
final class SummaryOutcome: @unchecked Sendable {
    var result: Result<ImportSummary, any Error>?
}

/// The converted rows and their output file, read by one core and written out by another.
struct SharedImport: @unchecked Sendable {
    let sink: ImportSink
    let file: StreamingFile?
}

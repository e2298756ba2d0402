import ArgumentParser
import Foundation
import OpexsimEngine
import OpexsimMetrics
import OpexsimModelFiles
import OpexsimPolicies
import OpexsimPricing
import OpexsimReports
import OpexsimTraces

/// Writes a one-line error to standard error and exits with status 1.
func fail(_ message: String) -> Never {
    StandardStreams.write("opexsim: error: \(StandardStreams.oneLine(message))\n", to: 2)
    Foundation.exit(1)
}

/// A usage error found after parsing, printed as the parser prints its own (the message, the
/// command's usage, where to find help), with the parser's exit status 64.
func usageError(_ message: String, in command: any ParsableCommand.Type) -> Never {
    let name = command.configuration.commandName ?? ""
    StandardStreams.write(
        "Error: \(message)\nUsage: \(Opexsim.usageString(for: command))\n  See 'opexsim \(name) --help' for more information.\n",
        to: 2)
    Foundation.exit(64)
}

/// Writes a note to standard error.
func note(_ message: String) {
    StandardStreams.write("opexsim: \(StandardStreams.oneLine(message))\n", to: 2)
}

/// Runs `body`, turning input errors into a one-line message and exit status 1.
func reportingErrors<T>(_ body: () throws -> T) -> T {
    do {
        return try body()
    } catch let error as TraceError {
        fail(error.description)
    } catch let error as PolicyError {
        fail(error.description)
    } catch let error as ModelFileError {
        fail(error.description)
    } catch {
        fail("\(error)")
    }
}

/// Options every command that reads traces shares.
struct TraceOptions: ParsableArguments {
    @Argument(help: "Canonical trace CSV files (- for standard input).", completion: .file(extensions: ["csv"]))
    var traces: [String]

    @Flag(name: .long, help: "Skip malformed rows and count them instead of stopping at the first.")
    var skipBadRows = false

    func validate() throws {
        if traces.isEmpty { throw ValidationError("give at least one trace file") }
    }

    func read() -> Trace {
        var reader = CanonicalTraceReader(skipBadRows: skipBadRows)
        let counters = ProgressCounters()
        let line = ProgressLine.reading(traces, counters)
        if line != nil { reader.progress = counters }
        let read = Result { try reader.read(traces) }
        line?.finish()
        let trace = reportingErrors { try read.get() }
        for warning in trace.warnings { note("warning: \(warning)") }
        if trace.sampleCount == 0 { fail("\(traces.joined(separator: ", ")): no samples after the header") }
        return trace
    }
}

/// A `--seed` value: a whole number from 0 to 2⁶⁴ − 1; anything else the range error.
enum SeedValue {
    @Sendable static func parse(_ text: String) throws -> UInt64 {
        guard let value = UInt64(text) else {
            throw ValidationError("expected a whole number from 0 to \(UInt64.max)")
        }
        return value
    }
}

/// What shell completion offers (`opexsim --generate-completion-script bash|zsh|fish`).
enum Completions {
    /// The catalogue's policy names and the shipped policy files.
    static let policies = CompletionKind.list(
        PolicyCatalogue.entries.map(\.name) + ShippedModels.policyPaths)
    /// The shipped pricing models.
    static let pricing = CompletionKind.list(ShippedModels.pricingNames)
}

/// Prints text to standard output in one write.
func emit(_ text: String) {
    StandardStreams.write(text, to: 1)
}

extension BurstModelKind: ExpressibleByArgument {}
extension ReportSection: ExpressibleByArgument {}

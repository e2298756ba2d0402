import ArgumentParser
import OpexsimSamples
import OpexsimTraces

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write the seeded sample trace (a small shop-like cluster) as canonical CSV.")

    @Option(name: .shortAndLong, help: "Output file (- for standard output).", completion: .file(extensions: ["csv"]))
    var output = "-"

    @Option(name: .long, help: "Random seed.", transform: SeedValue.parse)
    var seed: UInt64 = 7

    @Option(name: .long, help: "Length of the trace.")
    var duration = "2d"

    @Option(name: .long, help: "Sampling interval.")
    var interval = "5m"

    @Option(name: .long, help: "Start time (RFC 3339).")
    var start = "2026-01-05T00:00:00Z"

    @Option(name: .long, help: "Copies of the cluster, each in its own namespaces (for larger traces).")
    var copies = 1

    /// The most rows `generate` writes (about 25 GB of CSV).
    static let maximumRows = 2e8

    func validate() throws {
        guard let d = DurationText.parse(duration), d > 0 else {
            throw ValidationError("--duration must be a duration such as 2d")
        }
        guard let i = DurationText.parse(interval), i >= 1000, i <= d else {
            throw ValidationError("--interval must be a duration from 1s to --duration")
        }
        guard TraceTime.parse(start) != nil else { throw ValidationError("--start must be an RFC 3339 time") }
        guard copies >= 1 else { throw ValidationError("--copies must be at least 1") }
        guard d <= Trace.maximumSpan else {
            throw ValidationError(
                "--duration must be at most \(Trace.maximumSpanText), the longest trace opexsim replays")
        }
        // One row per replica of each copy of the cluster and interval.
        let replicas = SampleTraceGenerator.shop.reduce(0) { $0 + $1.replicas }
        let rows = Double(copies) * Double(replicas) * Double(d / i)
        guard rows <= Self.maximumRows else {
            throw ValidationError(
                "--copies \(copies) × --duration \(duration) at --interval \(interval) would write \(Int(rows)) rows; at most 200,000,000"
            )
        }
    }

    func run() throws {
        let generator = SampleTraceGenerator(
            seed: seed, start: TraceTime.parse(start)!, duration: DurationText.parse(duration)!,
            interval: DurationText.parse(interval)!, copies: copies)
        // Streamed in chunks: memory stays bounded whatever the size.
        let file = reportingErrors { try StreamingFile(path: output) }
        var writer = SampleTraceGenerator.writer(output: file)
        generator.generate(into: &writer)
        reportingErrors { try writer.finish() }
    }
}

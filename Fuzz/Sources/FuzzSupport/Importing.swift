import OpexsimImport
import OpexsimTraces

extension Fuzz {
    /// Splits the input into files named `names` (at NUL bytes), runs `importer` on them and builds
    /// the trace of the rows it wrote, as `opexsim import` does; that trace, or its refusal, must be
    /// what reading the written rows gives.
    public static func importing(
        _ data: UnsafeRawPointer?, _ size: Int, names: [String], _ importer: ([String]) throws -> ImportSink
    ) {
        let paths = files(parts(bytes(data, size), limit: names.count), names: names)
        refusing {
            let sink = try importer(paths)
            guard sink.rowCount > 0 else { return }
            let read = Result {
                try sink.csvBytes.withUnsafeBufferPointer { buffer -> Trace in
                    var builder = TraceBuilder()
                    try CanonicalTraceReader().parse(buffer, file: "converted trace", into: &builder)
                    return try builder.build()
                }
            }
            let built = Result { try ImportSummary(source: "fuzz", sink: sink) }
            switch (built, read) {
            case (.success(let summary), .success(let trace)):
                expect(
                    fingerprint(summary.trace, sources: false) == fingerprint(trace, sources: false),
                    "the trace an import builds differs from its rows read back")
                _ = summary.text
                roundTrip(summary.trace, file: "converted trace")
            case (.failure, .failure):
                return
            default:
                expect(false, "an import's trace and its rows read back disagree on refusing: \(built) \(read)")
            }
        }
    }
}

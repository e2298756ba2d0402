import Foundation
import OpexsimImport
import OpexsimTestSupport
import OpexsimTraces

/// The `.csv` files of a shared dataset folder, sorted.
func csvFiles(in relative: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: sharedPath(relative)).sorted()
        .filter { $0.hasSuffix(".csv") }.map { sharedPath(relative + "/" + $0) }
}

/// The trace an import wrote, read back.
func trace(of sink: ImportSink) throws -> Trace {
    try sink.csvBytes.withUnsafeBufferPointer { buffer in
        var builder = TraceBuilder()
        try CanonicalTraceReader().parse(buffer, file: "imported.csv", into: &builder)
        return try builder.build()
    }
}

/// The Azure extract as the importer reads it (the maximum file first: the names say which is which),
/// imported once for the tests that use it.
struct AzureExtract: Sendable {
    var trace: Trace
    var rows: Int
    /// Reasons the importer dropped rows for (none in this extract).
    var dropReasons: Int
}

let azureExtract = Result<AzureExtract, any Error> {
    let sink = try AzureImporter(options: ImportOptions()).run([
        sharedPath("azure-v1/max_cpu_pct_5min.csv"), sharedPath("azure-v1/avg_cpu_pct_5min.csv"),
    ])
    return AzureExtract(trace: try trace(of: sink), rows: sink.rowCount, dropReasons: sink.dropped.count)
}

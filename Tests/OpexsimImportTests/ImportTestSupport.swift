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
    try sink.writer.bytes.withUnsafeBufferPointer { buffer in
        var builder = TraceBuilder()
        try CanonicalTraceReader().parse(buffer, file: "imported.csv", into: &builder)
        return try builder.build()
    }
}

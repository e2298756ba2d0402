import Foundation
import OpexsimImport
import OpexsimTraces

/// `../shared/datasets`, beside the repository.
let sharedDatasets = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("shared/datasets")

func sharedPath(_ relative: String) -> String { sharedDatasets.appendingPathComponent(relative).path }

func haveShared(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: sharedPath(relative)) }

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

/// Writes `text` into a fresh temporary file named `name` and returns its path.
func temporaryFile(_ text: String, name: String) throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("opexsim-import-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let url = directory.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
}

import Foundation
import OpexsimSamples
import OpexsimTraces

/// Generated traces on disk for the read benchmarks at 10 M and 50 M rows, and the cache of the
/// larger one: made once (about a minute, 9.4 GB in all) in `OPEXSIM_BENCHMARK_DATA` (default: a
/// folder `opexsim-benchmarks` in the temporary directory) and reused by later runs. Each is the
/// sample cluster `copies` times over 58 days at one-minute samples, rows in time order, 15 columns:
/// what `opexsim generate --copies N --duration 58d --interval 1m` writes.
struct LargeTrace: Sendable {
    let copies: Int
    /// 17,280 rows per copy and day: 12 replicas a copy.
    var rows: Int { copies * 58 * 17_280 }

    static let tenMillion = LargeTrace(copies: 10)
    static let fiftyMillion = LargeTrace(copies: 50)

    static var folder: String {
        let base = ProcessInfo.processInfo.environment["OPEXSIM_BENCHMARK_DATA"]
        return base ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("opexsim-benchmarks")
    }

    var csvPath: String { (Self.folder as NSString).appendingPathComponent("generated-\(copies)x58d.csv") }
    /// Named by the cache format: a format change makes a new one.
    var cachePath: String {
        (Self.folder as NSString).appendingPathComponent("generated-\(copies)x58d-v\(TraceCache.version).opxt")
    }

    /// The CSV, generated when missing.
    func csv() throws -> String {
        if !FileManager.default.fileExists(atPath: csvPath) {
            try FileManager.default.createDirectory(atPath: Self.folder, withIntermediateDirectories: true)
            let generator = SampleTraceGenerator(
                seed: 7, duration: 58 * 86_400_000, interval: 60_000, copies: copies)
            var writer = SampleTraceGenerator.writer(output: try StreamingFile(path: csvPath))
            generator.generate(into: &writer)
            try writer.finish()
        }
        return csvPath
    }

    /// The cache of the CSV, written when missing.
    func cache() throws -> String {
        if !FileManager.default.fileExists(atPath: cachePath) {
            try TraceCache.write(try CanonicalTraceReader().read([try csv()]), to: cachePath)
        }
        return cachePath
    }
}

import OpexsimTraces
import Foundation
let t = Date()
let trace = try CanonicalTraceReader(parallelism: Int(ProcessInfo.processInfo.environment["P"] ?? "2")!).read(Array(CommandLine.arguments.dropFirst()))
let e = Date().timeIntervalSince(t)
print("read", e, Double(trace.sampleCount) / e / 1e6, "M rows/s", trace.series.count)

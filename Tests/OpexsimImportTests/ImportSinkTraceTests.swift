import OpexsimImport
import OpexsimTestSupport
import OpexsimTraces
import Testing

/// The trace a sink builds as it writes must be the trace its written CSV reads as, and it must
/// refuse what the reader refuses, with the reader's message, at the input row.
@Suite("The trace an import builds without reading its output")
struct ImportSinkTraceTests {
    /// The trace and message (or the refusal) of reading the sink's bytes.
    func readBack(_ sink: ImportSink) -> Result<Trace, TraceError> {
        Result {
            try sink.csvBytes.withUnsafeBufferPointer { buffer in
                var builder = TraceBuilder()
                try CanonicalTraceReader().parse(buffer, file: "written.csv", into: &builder)
                return try builder.build()
            }
        }.mapError { $0 as! TraceError }
    }

    /// A random number in `range` with up to 12 decimals, or one of `odd` (values at the edges, refused
    /// ones, nil) once in `oddOneIn` draws.
    func draw(_ random: inout SeededRandom, _ range: ClosedRange<Double>, _ odd: [Double?], oddOneIn: UInt64 = 40)
        -> Double?
    {
        if random.next() % oddOneIn == 0 { return odd[Int(random.next() % UInt64(odd.count))] }
        let value = range.lowerBound + random.nextUnit() * (range.upperBound - range.lowerBound)
        var p = 1.0
        for _ in 0..<Int(random.next() % 13) { p *= 10 }
        return random.next() % 2 == 0 ? (value * p).rounded() / p : value
    }

    @Test("random rows, odd values and bad ones: the same trace or the same refusal as reading the CSV")
    func sameAsReadBack() throws {
        var random = SeededRandom(seed: 2026)
        let names = ["web", "api,v2", "q\"uote", "ünï", "db-0", "x", "line\nbreak", "cr\r\nlf"]
        var refusals = 0
        var traces = 0
        for round in 0..<400 {
            var sink = ImportSink(
                throttledRatio: round % 2 == 0, oomKilled: round % 3 == 0,
                cpuPercentileLevels: round % 4 == 0 ? [50, 90, 100] : [])
            sink.beginInput("input-\(round).csv")
            var refusal: TraceError?
            for line in 1...(1 + Int(random.next() % 40)) {
                let pick = { (random: inout SeededRandom) in names[Int(random.next() % UInt64(names.count))] }
                let cpu = draw(&random, 0...64, [0, 1e-10, 999_999.999_999_999, 1_000_000.1, -0.25, .nan, .infinity])
                let memory =
                    random.next() % 5 == 0
                    ? nil : draw(&random, 0...1e10, [0, 0.4, -0.4, -3, 1e18, 1.2e18, 9_007_199_254_740_994])
                let request = random.next() % 2 == 0 ? nil : draw(&random, 0...0.25, [-1, 2e6, 0.3])
                let limit = random.next() % 2 == 0 ? nil : draw(&random, 0.25...8, [.nan, 0.2])
                let memoryRequest = random.next() % 2 == 0 ? nil : draw(&random, 0...1e8, [1.1e8])
                let memoryLimit =
                    random.next() % 2 == 0 ? nil : draw(&random, 1e8...2e9, [2e18, 1_152_921_504_606_846_976])
                let throttled = random.next() % 4 == 0 ? nil : draw(&random, 0...1, [0, 1, 1.0005, 1.01, -0.1])
                let percentiles = (0..<3).map { k in
                    draw(&random, Double(k)...Double(k + 1), [.nan, .nan, -1, 2e6, 0.5]) ?? .nan
                }
                let time: TraceInstant =
                    random.next() % 2000 == 0
                    ? 253_402_300_800_000 : TraceInstant(random.next() % 90) * 60_000 + TraceInstant(line)
                let row = CanonicalRow(
                    time: time, namespace: random.next() % 2000 == 0 ? "" : "ns", workload: pick(&random),
                    container: pick(&random), pod: random.next() % 2 == 0 ? "" : pick(&random), cpuCores: cpu ?? .nan,
                    memoryBytes: memory,
                    settings: ResourceSettings(
                        cpuRequest: request, cpuLimit: limit, memoryRequest: memoryRequest, memoryLimit: memoryLimit),
                    node: random.next() % 2 == 0 ? nil : pick(&random), team: nil, throttledRatio: throttled,
                    oomKilled: random.next() % 4 == 0 ? nil : random.next() % 2 == 0,
                    cpuPercentiles: round % 4 == 0 ? percentiles : [])
                do {
                    try sink.append(row, line: line)
                } catch let error as TraceError {
                    refusal = error
                    break
                }
            }
            let read = readBack(sink)
            if let refusal {
                refusals += 1
                guard case .failure(let expected) = read else {
                    Issue.record("round \(round): refused (\(refusal)) but the CSV reads")
                    continue
                }
                #expect(refusal.file == "input-\(round).csv")
                if !refusal.message.hasPrefix("timestamp") {
                    #expect(refusal.message == expected.message, "round \(round)")
                }
                continue
            }
            let built = Result { try ImportSummary(source: "test", sink: sink).trace }.mapError { $0 as! TraceError }
            switch (built, read) {
            case (.success(let trace), .success(let expected)):
                traces += 1
                #expect(sameTrace(trace, expected, sources: false), "round \(round)")
                #expect(trace.warnings.count == expected.warnings.count, "round \(round)")
                // It stands for the converted rows: as a cache, the bytes of caching them read back,
                // but for its warnings, which name input rows rather than lines of the CSV written.
                #expect(trace.files == ["converted trace"] && trace.sourceFile.isEmpty && trace.sourceLine.isEmpty)
                var named = expected
                named.files = ["converted trace"]
                named.warnings = trace.warnings
                #expect(TraceCache.encode(trace) == TraceCache.encode(named), "round \(round)")
            case (.failure(let error), .failure(let expected)):
                refusals += 1
                #expect(error.message.replacing("input-\(round).csv ", with: "") == expected.message)
                #expect(error.file == "input-\(round).csv", "round \(round)")
            default:
                Issue.record("round \(round): built \(built), read back \(read)")
            }
        }
        // Both outcomes are exercised, not only one.
        #expect(refusals > 50 && traces > 50, "\(refusals) refusals, \(traces) traces")
    }

    @Test("a trace refused whole (a time far from the others) names the input row, not the converted CSV")
    func wholeTraceErrorNamesInputRows() throws {
        let header =
            "Timestamp [ms];\tCPU cores;\tCPU capacity provisioned [MHZ];\tCPU usage [MHZ];\tCPU usage [%];\t"
            + "Memory capacity provisioned [KB];\tMemory usage [KB]\n"
        let row = { (t: Int) in "\(t);\t2;\t5000;\t100;\t2;\t1024;\t512\n" }
        let first = try temporaryFile(header + row(1_372_629_804) + row(1_372_630_104), name: "vm1.csv")
        let second = try temporaryFile(header + row(1_372_629_804) + row(99_372_630_104), name: "vm2.csv")
        let sink = try BitbrainsImporter(options: ImportOptions()).run([first, second])
        do {
            _ = try ImportSummary(source: "bitbrains", sink: sink)
            Issue.record("a span of 3,000 years was accepted")
        } catch let error as TraceError {
            #expect(error.file == second && error.line == 3 && error.column == 1)
            #expect(error.message.hasPrefix("timestamp 5118-12-30T04:21:44Z is more than 3650d"), "\(error.message)")
            #expect(error.message.contains("(\(first) line 2)"), "\(error.message)")
        }
    }
}

import Benchmark
import OpexsimTraces

/// Resident memory the read grew the process by, per row.
let residentBytesPerRow = BenchmarkMetric.custom(
    "resident B/row", polarity: .prefersSmaller, useScalingFactor: false)

/// Inputs of the shape benchmarks, built once on first use and never measured.
enum ShapeFixture {
    /// The issue-sized interleaved trace: 2,000 series × 2,000 minutes, 4 M rows, 7 columns.
    static let interleaved = ShapedCSV.interleaved(series: 2_000, samples: 2_000)
    /// 100 VMs × 10,000 five-minute readings (35 days) with four percentile columns: 1 M rows.
    static let percentiles = ShapedCSV.percentileColumns(series: 100, samples: 10_000)
}

/// The rate and threshold of `configuration(rate:)` plus the resident memory per row (a check fails
/// when it grows by more than 10%), in at most `iterations` runs of up to 30 s in all: a run reads
/// millions of rows.
func largeConfiguration(iterations: Int) -> Benchmark.Configuration {
    .init(
        metrics: [.wallClock, .throughput, rowsPerSecond, residentBytesPerRow],
        warmupIterations: 1, scalingFactor: .one, maxDuration: .seconds(30), maxIterations: iterations,
        thresholds: [
            rowsPerSecond: .init(relative: [.p50: 25.0]),
            .throughput: .init(relative: [.p50: 25.0]),
            .wallClock: .init(relative: [.p50: 25.0]),
            residentBytesPerRow: .init(relative: [.p50: 10.0]),
        ])
}

/// Reads `rows` rows with `body`, timed, and records the rate and the resident growth per row.
func measureRead(_ benchmark: Benchmark, rows: Int, _ body: () throws -> Trace) throws {
    var count = 0
    let (growth, _) = try ResidentPeak.growth {
        try measure(benchmark, rowsPerSecond, count: rows) {
            let trace = try body()
            count = trace.sampleCount
            blackHole(trace)
        }
    }
    precondition(count == rows, "read \(count) rows where \(rows) were written")
    if let growth { benchmark.measurement(residentBytesPerRow, growth / max(rows, 1)) }
}

/// The reading shapes: interleaved series and percentile columns from memory, and generated files
/// of 10 M and 50 M rows and the 50 M-row cache from disk, as `opexsim` reads a file.
func registerShapeBenchmarks() {
    Benchmark("Ingest interleaved CSV, 2,000 series", configuration: configuration(rate: rowsPerSecond)) {
        benchmark in
        let csv = ShapeFixture.interleaved
        try measure(benchmark, rowsPerSecond, count: 4_000_000) { blackHole(try Fixture.parse(csv)) }
    } setup: {
        _ = ShapeFixture.interleaved
    }

    Benchmark("Ingest percentile columns", configuration: configuration(rate: rowsPerSecond)) { benchmark in
        let csv = ShapeFixture.percentiles
        try measure(benchmark, rowsPerSecond, count: 1_000_000) { blackHole(try Fixture.parse(csv)) }
    } setup: {
        _ = ShapeFixture.percentiles
    }

    for (name, trace, iterations) in [
        ("Read 10 M rows from a CSV file", LargeTrace.tenMillion, 10),
        ("Read 50 M rows from a CSV file", .fiftyMillion, 3),
    ] {
        Benchmark(name, configuration: largeConfiguration(iterations: iterations)) { benchmark in
            let path = try trace.csv()
            try measureRead(benchmark, rows: trace.rows) { try CanonicalTraceReader().read([path]) }
        } setup: {
            _ = try trace.csv()
        }
    }

    Benchmark("Read 50 M rows from the cache", configuration: largeConfiguration(iterations: 10)) { benchmark in
        let path = try LargeTrace.fiftyMillion.cache()
        try measureRead(benchmark, rows: LargeTrace.fiftyMillion.rows) { try CanonicalTraceReader().read([path]) }
    } setup: {
        _ = try LargeTrace.fiftyMillion.cache()
    }
}

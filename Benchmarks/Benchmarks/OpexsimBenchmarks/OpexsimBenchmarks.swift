import Benchmark
import OpexsimEngine
import OpexsimFailures
import OpexsimPolicies
import OpexsimPricing
import OpexsimSamples
import OpexsimTraces

/// Inputs shared by the benchmarks, built once on first use and never measured: the sample cluster
/// 40 times over, two days at one-minute samples (about 1.4 M rows), as CSV and parsed.
enum Fixture {
    static let csv: [UInt8] = SampleTraceGenerator(seed: 7, duration: 2 * 86_400_000, interval: 60_000, copies: 40)
        .generate()
    static let trace: Trace = try! parse(csv)
    static let profile = TraceProfile(trace)

    /// Parses canonical CSV bytes and builds the trace, as `opexsim` does for a file.
    static func parse(_ bytes: [UInt8]) throws -> Trace {
        var builder = TraceBuilder()
        try bytes.withUnsafeBufferPointer { try CanonicalTraceReader().parse($0, file: "bench.csv", into: &builder) }
        return try builder.build()
    }
}

/// Trace rows read per second of wall-clock time in one run.
let rowsPerSecond = BenchmarkMetric.custom("rows/s", polarity: .prefersLarger, useScalingFactor: false)
/// Replica-samples replayed per second of wall-clock time in one run.
let samplesPerSecond = BenchmarkMetric.custom("replica-samples/s", polarity: .prefersLarger, useScalingFactor: false)

/// Few, long iterations: each run handles the whole trace, so `.throughput` counts whole runs per
/// second (coarse) and `rate` the rows (or replica-samples) per second. A baseline check fails when
/// the rate, the runs per second or the wall-clock time regress by more than 25% at the median, or
/// allocations grow by more than 5% (the package's default).
func configuration(rate: BenchmarkMetric) -> Benchmark.Configuration {
    .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, rate],
        warmupIterations: 1, scalingFactor: .one, maxDuration: .seconds(10), maxIterations: 20,
        thresholds: [
            rate: .init(relative: [.p50: 25.0]),
            .throughput: .init(relative: [.p50: 25.0]),
            .wallClock: .init(relative: [.p50: 25.0]),
        ])
}

/// Runs `body` once, timed, and records `count` per second of it as `rate`.
func measure(_ benchmark: Benchmark, _ rate: BenchmarkMetric, count: Int, _ body: () throws -> Void) rethrows {
    let clock = ContinuousClock()
    let started = clock.now
    try body()
    let elapsed = started.duration(to: clock.now)
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    benchmark.measurement(rate, Int(Double(count) / seconds))
}

let benchmarks: @Sendable () -> Void = {
    // Reading: canonical CSV bytes in memory to a built `Trace`.
    Benchmark("Ingest canonical CSV", configuration: configuration(rate: rowsPerSecond)) { benchmark in
        let csv = Fixture.csv
        try measure(benchmark, rowsPerSecond, count: Fixture.trace.sampleCount) {
            blackHole(try Fixture.parse(csv))
        }
    } setup: {
        _ = Fixture.trace
    }

    // Replay under the recorded settings over the whole trace.
    Benchmark("Replay static", configuration: configuration(rate: samplesPerSecond)) { benchmark in
        let profile = Fixture.profile
        try measure(benchmark, samplesPerSecond, count: profile.trace.sampleCount) {
            let policy = try PolicyFactory(resolving: PolicySpec(name: "static")).make()
            let engine = ReplayEngine(
                profile: profile, policy: policy, options: ReplayOptions(), evaluationStart: profile.trace.start)
            blackHole(engine.run())
        }
    } setup: {
        _ = Fixture.profile
    }

    // Learning policies, evaluated after the default warmup (the first quarter), as `opexsim replay`
    // runs them: in workload groups on all cores. The percentile policy observes every sample; the
    // VPA in Recreate mode also runs its recommender and updater loops every minute, admits pods and
    // evicts them.
    for spec in ["percentile:cpu=95,memory=100", "vpa-recreate:min-replicas=1"] {
        let name = "Replay " + (spec.split(separator: ":").first.map(String.init) ?? spec)
        Benchmark(name, configuration: configuration(rate: samplesPerSecond)) { benchmark in
            let profile = Fixture.profile
            let trace = profile.trace
            let policy = try PolicyFactory(resolving: PolicySpec(parsing: spec))
            measure(benchmark, samplesPerSecond, count: trace.sampleCount) {
                let runner = ScenarioRunner(profile: profile, options: ReplayOptions())
                blackHole(runner.run([policy], evaluationStart: trace.start + (trace.end - trace.start) / 4))
            }
        } setup: {
            _ = Fixture.profile
        }
    }

    // Failures in Monte Carlo runs, as `opexsim replay --failures FILE --runs 8` runs them: every run
    // resolves its own seeded failures and replays the whole trace (failures pick targets across
    // workloads, so no workload groups), then is summarized; the runs share the cores.
    Benchmark("Replay failures, 8 runs", configuration: configuration(rate: samplesPerSecond)) { benchmark in
        let trace = Fixture.trace
        let failures = try FailureDocuments.parse(Fixture.failurePlan, file: "bench-failures.yaml")
        var options = ReplayOptions()
        options.runs = 8
        options.seed = 5
        let replay = try Replay(
            trace: trace, policies: [PolicySpec(name: "static")], pricing: .openCostDefault,
            options: options, failures: failures)
        measure(benchmark, samplesPerSecond, count: trace.sampleCount * options.runs) {
            blackHole(replay.run())
        }
    } setup: {
        _ = Fixture.profile
    }

    registerShapeBenchmarks()
}

extension Fixture {
    /// Random pod kills (one an hour on average), pod failures, container kills, node losses (one in
    /// 12 hours) and the deletion of the first copy's shop namespace at 24 h, restored from an hourly
    /// Velero backup.
    static let failurePlan = """
        apiVersion: opexsim.io/v1
        kind: FailurePlan
        failures:
          - {kind: random, failure: pod-kill, mtbf: 1h}
          - {kind: random, failure: pod-failure, mtbf: 4h, mttr: 10m}
          - {kind: random, failure: container-kill, mtbf: 2h}
          - {kind: random, failure: node-loss, mtbf: 12h}
          - {kind: namespace-deletion, namespace: shop, at: 24h}
        ---
        apiVersion: velero.io/v1
        kind: Schedule
        metadata: {name: shop-hourly, namespace: velero}
        spec:
          schedule: "0 * * * *"
          template: {includedNamespaces: [shop], snapshotVolumes: true}

        """
}

import OpexsimEngine
import OpexsimMetrics
import OpexsimPolicies
import OpexsimPricing
import OpexsimTestSupport
import OpexsimTraces
import Testing

/// Records what the engine shows a policy, to check that it never sees the future.
final class SpyPolicy: LearningPolicy {
    let spec = PolicySpec(name: "spy")
    var latestObserved: TraceInstant = .min
    var ticks: [(time: TraceInstant, latestObserved: TraceInstant)] = []
    var context: PolicyContext?

    func prepare(_ context: PolicyContext) { self.context = context }
    func nextTick(after time: TraceInstant) -> TraceInstant? {
        let next = time == .min ? context!.start + 600_000 : time + 600_000
        return next <= context!.end ? next : nil
    }
    func observe(_ batch: ObservationBatch) {
        for t in batch.time { latestObserved = max(latestObserved, t) }
    }
    func record(_ event: ContainerEvent) {}
    func tick(at time: TraceInstant, cluster: any ClusterView) -> [PolicyAction] {
        ticks.append((time, latestObserved))
        return []
    }
    func recommendations(at time: TraceInstant, cluster: any ClusterView) -> [ContainerRecommendation] { [] }
}

@Suite("Walk-forward learning")
struct WalkForwardTests {
    @Test("at every tick the policy has seen all samples up to it and none after")
    func noPeeking() throws {
        // Two replicas with samples at different phases, 60 s apart, for two hours.
        var text = "timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes\n"
        for i in 1...120 {
            text += "\(60 * i),ns,w,c,a,0.1,100\n\(60 * i + 30),ns,w,c,b,0.2,100\n"
        }
        let trace = try CanonicalTraceReader().read(text: text)
        let spy = SpyPolicy()
        _ = ReplayEngine(
            profile: TraceProfile(trace), policy: spy, options: ReplayOptions(), evaluationStart: trace.start
        ).run()
        #expect(spy.ticks.count == 12)
        for tick in spy.ticks {
            #expect(tick.latestObserved <= tick.time)
            #expect(tick.latestObserved >= tick.time - 30_000)
        }
    }

    @Test("percentile learns the warmup only and applies it afterwards")
    func percentileWarmup() throws {
        // 0.1 cores for the first hour, 1 core for the second; warmup = first hour.
        let cpu = (0..<120).map { $0 < 60 ? 0.1 : 1.0 }
        let text = csv(cpu: cpu, memory: Array(repeating: 100 * mebibyte, count: 120), settings: "500m,,256Mi,")
        let (result, _) = try replay(
            text, policy: "percentile:cpu=95,memory=100,margin=0.15", evaluationStart: 3_600_000)
        // Learned from 0.1 only: 0.1 × 1.15 = 115m; the memory peak 100Mi × 1.15 = 115Mi.
        #expect(result.finalSettings[0].cpuRequest == 0.115)
        #expect(result.finalSettings[0].memoryRequest == 115 * mebibyte)
        // No recorded limit: `proportional` keeps none.
        #expect(result.finalSettings[0].cpuLimit == nil)
        #expect(result.settingsChanges == 1)
        // Allocation after the warmup: max(115m, 1 core) for 3600 s.
        #expect(abs(result.metrics[0].cpuAllocatedCoreSeconds - 3600) < 1e-6)
    }

    @Test("with --reapply, later data is learned at later ticks")
    func reapply() throws {
        let cpu = (0..<120).map { $0 < 60 ? 0.1 : 1.0 }
        let text = csv(cpu: cpu, memory: Array(repeating: 100 * mebibyte, count: 120), settings: "500m,,256Mi,")
        let (result, _) = try replay(
            text, policy: "percentile:cpu=50,margin=0", evaluationStart: 3_600_000, reapply: 1_200_000)
        // Ticks at 3600 s, 4800 s and 6000 s; at 6000 s, 100 samples of which 40 at 1 core: p50 = 0.1.
        // The last tick before the end (7200 s) is 6000 s: samples 1..100 → median 0.1.
        #expect(result.finalSettings[0].cpuRequest == 0.1)
        let (later, _) = try replay(
            text, policy: "percentile:cpu=90,margin=0", evaluationStart: 3_600_000, reapply: 1_200_000)
        // p90 of samples up to 6000 s: 40 of 100 are 1 core, so p90 = 1.
        #expect(later.finalSettings[0].cpuRequest == 1)
        #expect(later.settingsChanges == 2)
    }

    @Test("recommendations at the end use the whole trace")
    func recommendWholeTrace() throws {
        let cpu = (0..<100).map { Double($0 + 1) / 100 }
        let trace = try CanonicalTraceReader().read(
            text: csv(cpu: cpu, memory: Array(repeating: 100 * mebibyte, count: 100), settings: "250m,,128Mi,"))
        let recommendations = try Replay.recommendations(
            trace: trace, policy: PolicySpec(parsing: "percentile:cpu=95,margin=0"), options: ReplayOptions())
        // R-7 over 0.01...1.00: rank 0.95 × 99 = 94.05 → 0.95 + 0.05 × 0.01 = 0.9505 → 951m.
        #expect(recommendations[0].target.cpuCores == 0.951)
    }
}

/// A learning policy that ticks every minute but says its ticks do nothing until it learns something
/// or `wakeAt` comes; records the ticks it gets and what it had seen by then.
final class QuietSpyPolicy: LearningPolicy, QuietTickingPolicy {
    let spec = PolicySpec(name: "quiet-spy")
    var context: PolicyContext?
    var learnt = false
    var latestObserved: TraceInstant = .min
    var ticks: [(time: TraceInstant, latestObserved: TraceInstant)] = []
    let wakeAt: TraceInstant

    init(wakeAt: TraceInstant) { self.wakeAt = wakeAt }

    func prepare(_ context: PolicyContext) { self.context = context }
    func nextTick(after time: TraceInstant) -> TraceInstant? {
        let next = time == .min ? context!.start + 60_000 : (time / 60_000 + 1) * 60_000
        return next <= context!.end ? next : nil
    }
    func observe(_ batch: ObservationBatch) {
        learnt = true
        for t in batch.time { latestObserved = max(latestObserved, t) }
    }
    func record(_ event: ContainerEvent) { learnt = true }
    func tick(at time: TraceInstant, cluster: any ClusterView) -> [PolicyAction] {
        ticks.append((time, latestObserved))
        learnt = false
        return []
    }
    func quietUntil(after time: TraceInstant) -> TraceInstant { learnt ? time : (time < wakeAt ? wakeAt : .max) }
    func recommendations(at time: TraceInstant, cluster: any ClusterView) -> [ContainerRecommendation] { [] }
}

@Suite("Quiet ticks are skipped")
struct QuietTickTests {
    @Test("a policy with nothing new is ticked at the first minute at or after the next sample or its wake time")
    func skipsToSamplesAndWake() throws {
        // One replica, a sample every 5 minutes (at 5:00, 10:00, ... 60:00); the policy wakes at 23:30.
        var text = "timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes\n"
        for i in 1...12 { text += "\(300 * i),ns,w,c,a,0.1,100\n" }
        let trace = try CanonicalTraceReader().read(text: text)
        let spy = QuietSpyPolicy(wakeAt: 1_410_000)
        _ = ReplayEngine(
            profile: TraceProfile(trace), policy: spy, options: ReplayOptions(), evaluationStart: trace.start
        ).run()
        // The trace starts at 0:00 (one interval before 5:00): first tick at 1:00 (nothing seen yet),
        // then the minute of each sample, and 24:00 for the wake time; the minutes between are skipped.
        let minutes = spy.ticks.map { $0.time / 60_000 }
        #expect(minutes == [1, 5, 10, 15, 20, 24, 25, 30, 35, 40, 45, 50, 55, 60])
        for tick in spy.ticks where tick.time >= 300_000 {
            // Every sample up to the tick has been seen, none after.
            #expect(tick.latestObserved == tick.time / 300_000 * 300_000)
        }
    }

    @Test("a restart between samples brings the tick back to the first minute after it")
    func restartWakes() throws {
        // The sample at 10:00 is over its 1000-byte memory limit: OOM-killed, restarted after the
        // 10 s back-off and the 5 s start-up, at 10:15.
        var text = "timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes,memory_limit\n"
        for i in 1...4 { text += "\(300 * i),ns,w,c,a,0.1,\(i == 2 ? 2000 : 100),1000\n" }
        let trace = try CanonicalTraceReader().read(text: text)
        let spy = QuietSpyPolicy(wakeAt: .max)
        let result = ReplayEngine(
            profile: TraceProfile(trace), policy: spy, options: ReplayOptions(), evaluationStart: trace.start
        ).run()
        #expect(result.metrics[0].oomKills == 1)
        #expect(spy.ticks.map { $0.time / 60_000 } == [1, 5, 10, 11, 15, 20])
    }
}

/// A learning policy with ticks every 10 minutes up to `lastTick`, counting the samples it is handed.
final class CountingLearner: LearningPolicy {
    let spec = PolicySpec(name: "counting")
    let learnsOnlyForTicks: Bool
    let lastTick: TraceInstant
    var context: PolicyContext?
    var observed = 0
    var ticks = 0

    init(learnsOnlyForTicks: Bool, lastTick: TraceInstant) {
        self.learnsOnlyForTicks = learnsOnlyForTicks
        self.lastTick = lastTick
    }

    func prepare(_ context: PolicyContext) { self.context = context }
    func nextTick(after time: TraceInstant) -> TraceInstant? {
        let next = time == .min ? 600_000 : (time / 600_000 + 1) * 600_000
        return next <= lastTick ? next : nil
    }
    func observe(_ batch: ObservationBatch) { observed += batch.time.count }
    func record(_ event: ContainerEvent) {}
    func tick(at time: TraceInstant, cluster: any ClusterView) -> [PolicyAction] {
        ticks += 1
        return []
    }
    func recommendations(at time: TraceInstant, cluster: any ClusterView) -> [ContainerRecommendation] { [] }
}

@Suite("Samples nothing reads")
struct UnreadSamplesTests {
    /// 70 replicas (enough to stream on several cores), a sample a minute for two hours, one of them
    /// OOM-killed every 17 minutes (6 times after the warmup).
    func trace() throws -> Trace {
        var text = "timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes,memory_limit\n"
        for minute in 1...120 {
            for pod in 0..<70 {
                let memory = pod == 3 && minute % 17 == 0 ? 2000 : 100 + pod
                text += "\(60 * minute),ns,w\(pod),c,w\(pod)-0,0.\(pod % 9 + 1),\(memory),1000\n"
            }
        }
        return try CanonicalTraceReader().read(text: text)
    }

    func run(_ trace: Trace, _ learner: CountingLearner, recommendations: Bool = false) -> ScenarioResult {
        let engine = ReplayEngine(
            profile: TraceProfile(trace), policy: learner, options: ReplayOptions(), evaluationStart: 1_800_000)
        engine.collectsRecommendations = recommendations
        return engine.run()
    }

    @Test("a policy that learns only for its ticks is handed no sample after its last tick; the replay is the same")
    func stopsAfterLastTick() throws {
        let trace = try trace()
        let onlyTicks = CountingLearner(learnsOnlyForTicks: true, lastTick: 1_800_000)
        let everything = CountingLearner(learnsOnlyForTicks: false, lastTick: 1_800_000)
        let stopped = run(trace, onlyTicks)
        let fed = run(trace, everything)
        #expect(onlyTicks.ticks == 3 && everything.ticks == 3)
        // Minutes 1 to 30 of 70 replicas (the killed one is down for some of them), then nothing.
        #expect(onlyTicks.observed > 29 * 70 && onlyTicks.observed <= 30 * 70)
        #expect(everything.observed > 119 * 70)
        #expect(stopped.metrics == fed.metrics)
        let killed = try #require(trace.series.indices.first { trace.names[trace.series[$0].podName] == "w3-0" })
        #expect(fed.metrics[killed].oomKills == 6)
        // Asked for recommendations at the end, it keeps learning.
        let asked = CountingLearner(learnsOnlyForTicks: true, lastTick: 1_800_000)
        _ = run(trace, asked, recommendations: true)
        #expect(asked.observed == everything.observed)
    }
}

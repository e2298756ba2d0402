import OpexsimEngine
import OpexsimMetrics
import OpexsimPolicies
import OpexsimTestSupport
import OpexsimTraces
import Testing

/// A policy that admits pods with fixed settings and, at given ticks, evicts or resizes.
final class ScriptedPolicy: AdmittingPolicy {
    let spec = PolicySpec(name: "scripted")
    var admitsPods: Bool { true }
    let admission: SettingsOverride
    let script: [TraceInstant: [PolicyAction]]
    var admitted: [(series: Int, time: TraceInstant)] = []
    var statuses: [SeriesStatus] = []

    init(admission: SettingsOverride, script: [TraceInstant: [PolicyAction]]) {
        self.admission = admission
        self.script = script
    }

    func prepare(_ context: PolicyContext) {}
    func nextTick(after time: TraceInstant) -> TraceInstant? { script.keys.filter { $0 > time }.min() }
    func tick(at time: TraceInstant, cluster: any ClusterView) -> [PolicyAction] {
        statuses.append(cluster.status(ofSeries: 0))
        return script[time] ?? []
    }
    func recommendations(at time: TraceInstant, cluster: any ClusterView) -> [ContainerRecommendation] { [] }
    func admit(series: Int, at time: TraceInstant, cluster: any ClusterView) -> SettingsOverride? {
        admitted.append((series, time))
        return admission
    }
}

@Suite("Pod lifecycle: admission, eviction, in-place resize")
struct PodLifecycleTests {
    func run(_ policy: ScriptedPolicy, memory: [Double]? = nil) throws -> ScenarioResult {
        let count = 30
        let text = csv(
            cpu: Array(repeating: 0.2, count: count), memory: memory ?? Array(repeating: 100 * mebibyte, count: count),
            settings: "500m,1,256Mi,512Mi")
        let trace = try CanonicalTraceReader().read(text: text)
        return ReplayEngine(
            profile: TraceProfile(trace), policy: policy, options: ReplayOptions(), evaluationStart: trace.start
        ).run()
    }

    @Test("a pod is admitted when it starts, and its settings come from the admission")
    func admission() throws {
        let policy = ScriptedPolicy(admission: SettingsOverride(cpuRequest: .value(0.25)), script: [:])
        let result = try run(policy)
        #expect(policy.admitted.map(\.time) == [0])
        #expect(
            result.finalSettings[0]
                == ResourceSettings(
                    cpuRequest: 0.25, cpuLimit: 1, memoryRequest: 256 * mebibyte, memoryLimit: 512 * mebibyte))
        // 0.25 core requested for 1800 s, usage 0.2 below it.
        #expect(abs(result.metrics[0].cpuAllocatedCoreSeconds - 450) < 1e-9)
    }

    @Test("an evicted pod is down for the graceful termination and the start-up, then admitted anew")
    func eviction() throws {
        let policy = ScriptedPolicy(
            admission: SettingsOverride(cpuRequest: .value(0.25)), script: [600_000: [.evict(pod: 0)]])
        let result = try run(policy)
        // Evicted at 600 s: 30 s of termination plus 5 s of start-up.
        #expect(result.metrics[0].downSpans == [TimeSpan(start: 600_000, end: 635_000)])
        #expect(result.metrics[0].evictions == 1)
        #expect(result.evictions == 1)
        #expect(result.metrics[0].restarts == 0)
        #expect(policy.admitted.map(\.time) == [0, 635_000])
        #expect(abs(result.metrics[0].cpuLostCoreSeconds - 0.2 * 35) < 1e-9)
        // Before the eviction the updater saw a pod started at 0 and running.
        #expect(policy.statuses[0].podStartedAt == 0 && policy.statuses[0].isRunning)
    }

    @Test("an in-place resize changes one container without a restart")
    func resize() throws {
        let policy = ScriptedPolicy(
            admission: .recorded,
            script: [600_000: [.resize(series: 0, SettingsOverride(memoryLimit: .value(200 * mebibyte)))]])
        var memory = Array(repeating: 100 * mebibyte, count: 30)
        memory[20] = 300 * mebibyte
        let result = try run(policy, memory: memory)
        #expect(result.resizes == 1)
        #expect(result.metrics[0].downSpans.count == 1)
        // 300Mi at 1260 s exceeds the resized 200Mi limit (the recorded 512Mi would not have killed it).
        #expect(result.metrics[0].oomKills == 1)
        #expect(result.finalSettings[0].memoryLimit == 200 * mebibyte)
    }
}

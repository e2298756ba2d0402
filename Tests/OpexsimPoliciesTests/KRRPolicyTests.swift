import OpexsimEngine
import OpexsimMetrics
import OpexsimPolicies
import OpexsimPricing
import OpexsimTestSupport
import OpexsimTraces
import Testing

@Suite("Robusta KRR strategies")
struct KRRPolicyTests {
    /// The worked example: per-pod P95 of 120m (pod a) and 310.2m (pod b), peaks 400 and 350 MiB.
    func workedExample() -> String {
        // a: 101 samples, R-7 rank 0.95 × 100 = 95: the 96th smallest, 0.12.
        let a = (
            cpu: repeated(0.05, 95) + [0.12] + repeated(0.5, 5),
            memory: repeated(200 * mebibyte, 50) + [400 * mebibyte] + repeated(200 * mebibyte, 50)
        )
        // b: 111 samples, rank 0.95 × 110 = 104.5: halfway between 0.3002 and 0.3202, 0.3102.
        let b = (
            cpu: repeated(0.1, 104) + [0.3002, 0.3202] + repeated(0.9, 5),
            memory: repeated(100 * mebibyte, 10) + [350 * mebibyte] + repeated(100 * mebibyte, 100)
        )
        return podsCSV([("a", a.cpu, a.memory), ("b", b.cpu, b.memory)])
    }

    @Test("worked example: max of per-pod P95 310.2m → 311m, no CPU limit; 400 MiB × 1.15 = 460 MiB")
    func simpleWorkedExample() throws {
        let text = workedExample()
        // The warmup covers every sample: the policy learns them all at the trace end (6660 s).
        let (result, trace) = try replay(text, policy: "krr-simple", evaluationStart: 6_660_000)
        #expect(trace.series.count == 2)
        for settings in result.finalSettings {
            #expect(settings.cpuRequest == 0.311)
            #expect(settings.cpuLimit == nil)
            #expect(settings.memoryRequest == 460 * mebibyte)
            #expect(settings.memoryLimit == 460 * mebibyte)
        }
        #expect(result.settingsChanges == 1)

        let recommendations = try Replay.recommendations(
            trace: trace, policy: PolicySpec(parsing: "krr-simple"), options: ReplayOptions())
        #expect(recommendations.count == 1)
        #expect(recommendations[0].target == ResourceAmounts(cpuCores: 0.311, memoryBytes: 460 * mebibyte))
        #expect(recommendations[0].lowerBound == nil && recommendations[0].upperBound == nil)
        #expect(
            recommendations[0].settings
                == ResourceSettings(
                    cpuRequest: 0.311, cpuLimit: nil,
                    memoryRequest: 460 * mebibyte, memoryLimit: 460 * mebibyte))
    }

    /// Pods a (0.01 ... 0.51 cores) and b (0.52 ... 1.02): pooled, the 102 values (i + 1)/100.
    func ladder() -> String {
        let a = (1...51).map { Double($0) / 100 }, b = (52...102).map { Double($0) / 100 }
        return podsCSV([("a", a, repeated(100 * mebibyte, 51)), ("b", b, repeated(100 * mebibyte, 51))])
    }

    @Test("simple_limit: pooled P66 → 677m request and P96 → 980m limit; simple lets the busiest pod decide")
    func simpleLimitPooled() throws {
        let (pooled, _) = try replay(ladder(), policy: "krr-simple-limit", evaluationStart: 3_060_000)
        // Rank 101 × 0.66 = 66.66: 0.67 + 0.66 × 0.01 = 0.6766; rank 96.96: 0.97 + 0.96 × 0.01 = 0.9796.
        for settings in pooled.finalSettings {
            #expect(settings.cpuRequest == 0.677)
            #expect(settings.cpuLimit == 0.98)
            // Memory as simple: 100 MiB × 1.15.
            #expect(settings.memoryRequest == 115 * mebibyte && settings.memoryLimit == 115 * mebibyte)
        }
        // Per pod, rank 50 × 0.66 = 33: a 0.34, b 0.85; the larger wins.
        let (perPod, _) = try replay(ladder(), policy: "krr-simple:cpu_percentile=66", evaluationStart: 3_060_000)
        #expect(perPod.finalSettings[0].cpuRequest == 0.85)
        #expect(perPod.finalSettings[0].cpuLimit == nil)
    }

    @Test("floors after rounding: 10m and 100 MiB, or cpu_min and mem_min")
    func floors() throws {
        let text = csv(cpu: repeated(0.001, 100), memory: repeated(10 * mebibyte, 100), settings: "250m,1,128Mi,256Mi")
        let (result, _) = try replay(text, policy: "krr-simple", evaluationStart: 6_000_000)
        #expect(
            result.finalSettings[0]
                == ResourceSettings(
                    cpuRequest: 0.01, cpuLimit: nil,
                    memoryRequest: 100 * mebibyte, memoryLimit: 100 * mebibyte))
        let (custom, _) = try replay(
            text, policy: "krr-simple-limit:cpu_min=25,mem_min=64Mi", evaluationStart: 6_000_000)
        #expect(
            custom.finalSettings[0]
                == ResourceSettings(
                    cpuRequest: 0.025, cpuLimit: 0.025,
                    memoryRequest: 64 * mebibyte, memoryLimit: 64 * mebibyte))
    }

    @Test("points_required counts samples over all pods: 99 → no recommendation, 100 → one")
    func pointsRequired() throws {
        func twoPods(_ second: Int) -> String {
            podsCSV([
                ("a", repeated(0.2, 50), repeated(100 * mebibyte, 50)),
                ("b", repeated(0.2, second), repeated(100 * mebibyte, second)),
            ])
        }
        let recorded = ResourceSettings(
            cpuRequest: 0.25, cpuLimit: 2, memoryRequest: 128 * mebibyte, memoryLimit: 1024 * mebibyte)
        let (short, shortTrace) = try replay(twoPods(49), policy: "krr-simple", evaluationStart: 3_000_000)
        #expect(short.settingsChanges == 0)
        #expect(short.finalSettings.allSatisfy { $0 == recorded })
        let none = try Replay.recommendations(
            trace: shortTrace, policy: PolicySpec(parsing: "krr-simple"), options: ReplayOptions())
        #expect(none[0].target == ResourceAmounts(cpuCores: nil, memoryBytes: nil))
        #expect(none[0].settings == recorded)

        let (enough, _) = try replay(twoPods(50), policy: "krr-simple", evaluationStart: 3_000_000)
        #expect(enough.settingsChanges == 1)
        #expect(enough.finalSettings[0].cpuRequest == 0.2)
        #expect(enough.finalSettings[0].memoryLimit == 115 * mebibyte)
        // A lower requirement, as KRR's flag sets it.
        let (lower, _) = try replay(twoPods(49), policy: "krr-simple:points_required=99", evaluationStart: 3_000_000)
        #expect(lower.settingsChanges == 1)
    }

    @Test("use_oomkill_data: killed at a 256 MiB limit → at least 256 × 1.25 = 320 MiB")
    func oomKillData() throws {
        // 200 MiB, twice 300 MiB: above the recorded 256 MiB limit, so the replay kills the container.
        var memory = repeated(200 * mebibyte, 200)
        memory[49] = 300 * mebibyte
        memory[99] = 300 * mebibyte
        let text = csv(cpu: repeated(0.2, 200), memory: memory, settings: "250m,1,128Mi,256Mi")
        let (recorded, _) = try replay(text)
        #expect(recorded.metrics[0].oomKills == 2)
        // Without OOM data the peak seen is the limit the kill stopped it at: 256 × 1.15 = 294.4 → 295 MiB.
        let (plain, _) = try replay(text, policy: "krr-simple", evaluationStart: 12_000_000)
        #expect(plain.finalSettings[0].memoryLimit == 295 * mebibyte)
        let (withKills, _) = try replay(text, policy: "krr-simple:use_oomkill_data=true", evaluationStart: 12_000_000)
        #expect(withKills.finalSettings[0].memoryRequest == 320 * mebibyte)
        #expect(withKills.finalSettings[0].memoryLimit == 320 * mebibyte)
        let (limitStrategy, _) = try replay(
            text, policy: "krr-simple-limit:use-oomkill-data=yes,oom-memory-buffer-percentage=50",
            evaluationStart: 12_000_000)
        #expect(limitStrategy.finalSettings[0].memoryLimit == 384 * mebibyte)
        // The kills (3000 s, 6000 s) precede a one-hour window (8400 s, 12000 s], but the pod lives on
        // with its last terminated reason OOMKilled, so KRR's query still sees the limit.
        let (recent, _) = try replay(
            text, policy: "krr-simple:use_oomkill_data=true,history_duration=1,points_required=50",
            evaluationStart: 12_000_000)
        #expect(recent.finalSettings[0].memoryLimit == 320 * mebibyte)
        // Applied at 7200 s, the new settings roll out new pods without that reason; by 10800 s the
        // replaced pods are out of the window: 200 MiB × 1.15 = 230 MiB.
        let (rolled, _) = try replay(
            text, policy: "krr-simple:use_oomkill_data=true,history_duration=1,points_required=50",
            evaluationStart: 7_200_000, reapply: 3_600_000)
        #expect(rolled.finalSettings[0].memoryLimit == 230 * mebibyte)
        #expect(rolled.settingsChanges == 2)
    }

    @Test("history_duration keeps the samples in (tick − history, tick]")
    func historyWindow() throws {
        // 0.5 cores at 60 ... 7200 s, then 0.1 at 7260 ... 10800 s; P100 shows any older sample that leaks in.
        let text = csv(cpu: repeated(0.5, 120) + repeated(0.1, 60), memory: repeated(100 * mebibyte, 180))
        let (hour, _) = try replay(
            text, policy: "krr-simple:cpu_percentile=100,history_duration=1,points_required=60",
            evaluationStart: 10_800_000)
        #expect(hour.finalSettings[0].cpuRequest == 0.1)
        let (sameHour, _) = try replay(
            text, policy: "krr-simple:cpu_percentile=100,history_duration=60m,points_required=60",
            evaluationStart: 10_800_000)
        #expect(sameHour.finalSettings[0].cpuRequest == 0.1)
        // One hour holds 60 samples: 61 required is not enough.
        let (tooFew, _) = try replay(
            text, policy: "krr-simple:cpu_percentile=100,history_duration=1,points_required=61",
            evaluationStart: 10_800_000)
        #expect(tooFew.settingsChanges == 0)
        let (fortnight, _) = try replay(text, policy: "krr-simple:cpu_percentile=100", evaluationStart: 10_800_000)
        #expect(fortnight.finalSettings[0].cpuRequest == 0.5)
    }

    @Test("walk-forward: the warmup only, then later data at later ticks")
    func walkForward() throws {
        // 0.1 cores for 150 samples (to 9000 s), then 1 core for 50.
        let text = csv(
            cpu: repeated(0.1, 150) + repeated(1, 50), memory: repeated(100 * mebibyte, 200), settings: "500m,,256Mi,")
        let (simple, _) = try replay(text, policy: "krr-simple", evaluationStart: 9_000_000)
        #expect(simple.finalSettings[0].cpuRequest == 0.1)
        #expect(simple.settingsChanges == 1)
        // After the warmup the container ran at 1 core on a 100m request, unlimited: 3000 s × 1 core.
        #expect(abs(simple.metrics[0].cpuAllocatedCoreSeconds - 3000) < 1e-6)
        let (limited, _) = try replay(text, policy: "krr-simple-limit", evaluationStart: 9_000_000)
        #expect(limited.finalSettings[0].cpuRequest == 0.1 && limited.finalSettings[0].cpuLimit == 0.1)
        // Ticks at 9000, 10200 and 11400 s; from 10200 s, 20 of 170 samples are 1 core: rank 160.55 → P95 = 1.
        let (later, _) = try replay(text, policy: "krr-simple", evaluationStart: 9_000_000, reapply: 1_200_000)
        #expect(later.finalSettings[0].cpuRequest == 1)
        #expect(later.settingsChanges == 2)
    }

    @Test("parameters: KRR's names with underscores or dashes, unknown ones rejected")
    func parameters() throws {
        let simple = try KRRSimplePolicy(
            PolicySpec(parsing: "krr-simple:cpu_percentile=90,history-duration=24,memory_buffer_percentage=20"))
        #expect(simple.cpuRule == .perPodPercentile(90))
        #expect(simple.settings.history == 24 * 3_600_000)
        #expect(simple.settings.memoryBufferPercentage == 20)
        let defaults = try KRRSimpleLimitPolicy(PolicySpec(parsing: "krr-simple-limit"))
        #expect(defaults.cpuRule == .pooledPercentiles(request: 66, limit: 96))
        #expect(defaults.settings.history == 336 * 3_600_000)
        #expect(defaults.settings.pointsRequired == 100)
        #expect(!defaults.settings.usesOOMKillData)
        #expect(defaults.settings.oomMemoryBufferPercentage == 25)
        #expect(defaults.settings.minimumCPU == 0.01 && defaults.settings.minimumMemory == 100 * mebibyte)
        #expect(
            try KRRSimplePolicy(PolicySpec(parsing: "krr-simple:history_duration=7d")).settings.history == 7
                * 86_400_000)
        let capabilities = try PolicyFactory(resolving: PolicySpec(parsing: "krr-simple-limit")).capabilities
        #expect(
            capabilities
                == PolicyCapabilities(learnsFromHistory: true, decidesPerWorkload: true, writesVPAObjects: false))

        let unknown = #expect(throws: PolicyError.self) {
            try PolicyFactory(resolving: PolicySpec(parsing: "krr-simple:cpu_request=66"))
        }
        #expect(unknown?.description.contains("known: cpu-percentile, history-duration") == true)
        #expect(throws: PolicyError.self) {
            try PolicyFactory(resolving: PolicySpec(parsing: "krr-simple-limit:cpu_percentile=95"))
        }
        #expect(throws: PolicyError.self) {
            try PolicyFactory(resolving: PolicySpec(parsing: "krr-simple:cpu_percentile=0"))
        }
        #expect(throws: PolicyError.self) {
            try PolicyFactory(resolving: PolicySpec(parsing: "krr-simple:points_required=1.5"))
        }
        #expect(throws: PolicyError.self) {
            try PolicyFactory(resolving: PolicySpec(parsing: "krr-simple:use_oomkill_data=maybe"))
        }
    }

    @Test("the percentile KRR writes into PromQL: round(p / 100, 2) as Python rounds")
    func promQLPercentile() {
        #expect(KRRSettings.promQLPercentile(95) == 95)
        #expect(KRRSettings.promQLPercentile(90.4) == 90)
        #expect(KRRSettings.promQLPercentile(90.6) == 91)
        // 0.995 is stored just below 0.995: Python gives 0.99.
        #expect(KRRSettings.promQLPercentile(99.5) == 99)
        // Exact halves go to the even neighbour: round(0.125, 2) = 0.12, round(0.375, 2) = 0.38.
        #expect(KRRSettings.promQLPercentile(12.5) == 12)
        #expect(KRRSettings.promQLPercentile(37.5) == 38)
    }
}

@Suite(
    "Robusta KRR on a real trace",
    .enabled(if: haveSharedDatasets, "../shared/datasets is not present: KRR real-trace tests skipped"))
struct KRRRealTraceTests {
    @Test("Prometheus ground truth: figures checked by hand from truth.csv")
    func prometheusTruth() throws {
        let trace = try CanonicalTraceReader().read([sharedDatasets.appendingPathComponent("prometheus/truth.csv").path]
        )
        let specs = try ["krr-simple", "krr-simple-limit"].map(PolicySpec.init(parsing:))
        let outcome = try Replay(trace: trace, policies: specs, pricing: .openCostDefault, options: ReplayOptions())
            .run()
        // The warmup is 25% of 06:59–13:00: to 08:29:15, 90 samples per replica.
        #expect(TraceTime.format(outcome.evaluationWindow.start).hasPrefix("2026-11-02T08:29:15"))
        func settings(_ result: ScenarioResult, _ name: String) -> [ResourceSettings] {
            let container = trace.containers.firstIndex { trace.name(of: $0) == name }!
            return trace.containers[container].series.map { result.finalSettings[$0] }
        }
        let simple = outcome.results[0], limit = outcome.results[1]

        // Single-replica containers have 90 < 100 points: they keep their recorded settings.
        #expect(
            settings(simple, "payments/ledger-worker/worker").allSatisfy {
                $0
                    == ResourceSettings(
                        cpuRequest: 0.25, cpuLimit: 1, memoryRequest: 384 * mebibyte, memoryLimit: 512 * mebibyte)
            })
        #expect(settings(simple, "platform/debug-toolbox/toolbox").allSatisfy { $0 == .unset })
        // Every other container loses its CPU limit, including replicas started after the warmup.
        for container in trace.containers
        where !["ledger-worker", "debug-toolbox"].contains(trace.names[container.workloadName]) {
            #expect(
                settings(simple, trace.name(of: container)).allSatisfy { $0.cpuLimit == nil && $0.cpuRequest != nil })
        }
        // shop/frontend/app, 3 replicas: per-pod P95 at most 0.531794 → 532m; peak 309.94 MiB × 1.15 → 357 MiB.
        #expect(
            settings(simple, "shop/frontend/app").allSatisfy {
                $0
                    == ResourceSettings(
                        cpuRequest: 0.532, cpuLimit: nil, memoryRequest: 357 * mebibyte, memoryLimit: 357 * mebibyte)
            })
        // The idle config-reloader: P95 0 and a 9.2 MiB peak, raised to the 10m and 100 MiB floors.
        #expect(
            settings(simple, "platform/ingest-gateway/config-reloader").allSatisfy {
                $0
                    == ResourceSettings(
                        cpuRequest: 0.01, cpuLimit: nil, memoryRequest: 100 * mebibyte, memoryLimit: 100 * mebibyte)
            })
        // simple_limit on frontend/app: pooled P66 0.417267 → 418m, P96 0.507417 → 508m.
        #expect(
            settings(limit, "shop/frontend/app").allSatisfy {
                $0
                    == ResourceSettings(
                        cpuRequest: 0.418, cpuLimit: 0.508, memoryRequest: 357 * mebibyte, memoryLimit: 357 * mebibyte)
            })
    }
}

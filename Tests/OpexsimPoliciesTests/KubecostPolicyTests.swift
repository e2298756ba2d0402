import OpexsimEngine
import OpexsimPolicies
import OpexsimPricing
import OpexsimTestSupport
import OpexsimTraces
import Testing

@Suite("Kubecost request right-sizing")
struct KubecostPolicyTests {
    /// The docs' example: replica peaks 120m / 300 MiB and 800m / 120 MiB.
    func docExample(settings: String = "250m,2,128Mi,1Gi") -> String {
        podsCSV(
            [
                ("r1", [0.05, 0.12, 0.08], [300 * mebibyte, 200 * mebibyte, 250 * mebibyte]),
                ("r2", [0.8, 0.3, 0.5], [120 * mebibyte, 100 * mebibyte, 110 * mebibyte]),
            ], settings: settings)
    }

    @Test("docs example: base 800m and 300 MiB → 800/0.7 → 1143m and 300 MiB/0.7 → 449,389,715 B; limits kept")
    func docsExample() throws {
        let (result, trace) = try replay(docExample(), policy: "kubecost", evaluationStart: 180_000)
        // CPU rounded up to whole millicores, memory up to whole bytes: 314,572,800 / 0.7 = 449,389,714.29.
        let expected = ResourceSettings(
            cpuRequest: 1.143, cpuLimit: 2, memoryRequest: 449_389_715, memoryLimit: 1024 * mebibyte)
        #expect(result.finalSettings.allSatisfy { $0 == expected })
        let recommendations = try Replay.recommendations(
            trace: trace, policy: PolicySpec(parsing: "kubecost"), options: ReplayOptions())
        #expect(recommendations[0].target == ResourceAmounts(cpuCores: 1.143, memoryBytes: 449_389_715))
        #expect(recommendations[0].lowerBound == nil && recommendations[0].upperBound == nil)
        #expect(recommendations[0].settings == expected)
    }

    @Test("target utilization: 100m at 0.8 → 125m; text that is not a number means 0.7")
    func targetUtilization() throws {
        let text = csv(cpu: [0.1, 0.05], memory: [100 * mebibyte, 100 * mebibyte], settings: "250m,2,128Mi,1Gi")
        let (eight, _) = try replay(
            text, policy: "kubecost:target_cpu_utilization=0.8,target-ram-utilization=1", evaluationStart: 120_000)
        #expect(eight.finalSettings[0].cpuRequest == 0.125)
        #expect(eight.finalSettings[0].memoryRequest == 100 * mebibyte)
        let (fallback, _) = try replay(text, policy: "kubecost:target_cpu_utilization=eighty", evaluationStart: 120_000)
        // 100m / 0.7 = 142.86m → 143m.
        #expect(fallback.finalSettings[0].cpuRequest == 0.143)
        #expect(throws: PolicyError.self) {
            try PolicyFactory(resolving: PolicySpec(parsing: "kubecost:target_cpu_utilization=0"))
        }
    }

    @Test("quantile mode: median of the pooled samples")
    func quantile() throws {
        let (result, _) = try replay(
            docExample(), policy: "kubecost:algorithm_cpu=quantile,q_cpu=0.5,algorithm-ram=quantile,q-ram=0.5",
            evaluationStart: 180_000)
        // CPU sorted 0.05 0.08 0.12 0.3 0.5 0.8: rank 2.5 → 0.21; / 0.7 = 300m.
        #expect(result.finalSettings[0].cpuRequest == 0.3)
        // Memory sorted 100 110 120 200 250 300 MiB: rank 2.5 → 160 MiB; 167,772,160 / 0.7 = 239,674,514.29.
        #expect(result.finalSettings[0].memoryRequest == 239_674_515)
        // The maximum is the quantile 1.
        let (top, _) = try replay(
            docExample(), policy: "kubecost:algorithm_cpu=quantile,q_cpu=1", evaluationStart: 180_000)
        #expect(top.finalSettings[0].cpuRequest == 1.143)
    }

    @Test("floors: 10m and 20 MiB")
    func floors() throws {
        let text = csv(cpu: [0.001, 0.002], memory: [5 * mebibyte, 6 * mebibyte], settings: "250m,2,128Mi,1Gi")
        let (result, _) = try replay(text, policy: "kubecost", evaluationStart: 120_000)
        #expect(
            result.finalSettings[0]
                == ResourceSettings(
                    cpuRequest: 0.01, cpuLimit: 2, memoryRequest: 20 * mebibyte, memoryLimit: 1024 * mebibyte))
        let (custom, _) = try replay(
            text, policy: "kubecost:min_rec_cpu_millicores=50,min_rec_ram_bytes=1048576", evaluationStart: 120_000)
        // 6 MiB / 0.7 = 8,987,794.29 B, above the 1 MiB floor.
        #expect(
            custom.finalSettings[0]
                == ResourceSettings(
                    cpuRequest: 0.05, cpuLimit: 2, memoryRequest: 8_987_795, memoryLimit: 1024 * mebibyte))
    }

    @Test("recorded limits are kept; a request above one is lowered to it, as Kubernetes requires")
    func recordedLimits() throws {
        let (result, trace) = try replay(
            docExample(settings: "250m,1,128Mi,"), policy: "kubecost", evaluationStart: 180_000)
        // 1143m exceeds the recorded 1-core limit; no memory limit stays none.
        #expect(
            result.finalSettings[0]
                == ResourceSettings(cpuRequest: 1, cpuLimit: 1, memoryRequest: 449_389_715, memoryLimit: nil))
        let recommendations = try Replay.recommendations(
            trace: trace, policy: PolicySpec(parsing: "kubecost"), options: ReplayOptions())
        #expect(recommendations[0].target.cpuCores == 1.143)
        #expect(recommendations[0].settings.cpuRequest == 1)
    }

    @Test("window keeps the samples in (tick − window, tick]")
    func window() throws {
        // 0.5 cores at 60 ... 7200 s, then 0.1 at 7260 ... 10800 s.
        let text = csv(
            cpu: repeated(0.5, 120) + repeated(0.1, 60), memory: repeated(100 * mebibyte, 180),
            settings: "250m,2,128Mi,1Gi")
        let (hour, _) = try replay(text, policy: "kubecost:window=1h", evaluationStart: 10_800_000)
        #expect(hour.finalSettings[0].cpuRequest == 0.143)
        // The default 2d holds everything: 0.5 / 0.7 = 714.29m → 715m.
        let (days, _) = try replay(text, policy: "kubecost", evaluationStart: 10_800_000)
        #expect(days.finalSettings[0].cpuRequest == 0.715)
    }

    @Test("walk-forward: the warmup only, then later data at later ticks")
    func walkForward() throws {
        let text = csv(
            cpu: repeated(0.1, 150) + repeated(1, 50), memory: repeated(100 * mebibyte, 200), settings: "500m,,256Mi,")
        let (result, _) = try replay(text, policy: "kubecost", evaluationStart: 9_000_000)
        #expect(result.finalSettings[0].cpuRequest == 0.143)
        #expect(result.finalSettings[0].cpuLimit == nil)
        #expect(result.settingsChanges == 1)
        // 1 core after the warmup on a 143m request, no limit: 3000 s × 1 core allocated.
        #expect(abs(result.metrics[0].cpuAllocatedCoreSeconds - 3000) < 1e-6)
        let (later, _) = try replay(text, policy: "kubecost", evaluationStart: 9_000_000, reapply: 1_200_000)
        // From 10200 s the window holds 1-core samples: 1 / 0.7 → 1429m.
        #expect(later.finalSettings[0].cpuRequest == 1.429)
        #expect(later.settingsChanges == 2)
    }

    @Test("parameters: underscores or dashes, quantile needs q, unknown ones rejected")
    func parameters() throws {
        let policy = try KubecostPolicy(PolicySpec(parsing: "kubecost:window=7d,algorithm_ram=quantile,q_ram=0.9"))
        let parameters = policy.parameters
        #expect(parameters.window == 7 * 86_400_000)
        #expect(parameters.cpuAlgorithm == .max && parameters.memoryAlgorithm == .quantile(0.9))
        #expect(parameters.targetCPUUtilization == 0.7 && parameters.targetMemoryUtilization == 0.7)
        #expect(parameters.minimumCPU == 0.01 && parameters.minimumMemory == 20 * mebibyte)
        let capabilities = try PolicyFactory(resolving: PolicySpec(parsing: "kubecost")).capabilities
        #expect(
            capabilities
                == PolicyCapabilities(learnsFromHistory: true, decidesPerWorkload: true, writesVPAObjects: false))
        #expect(throws: PolicyError.self) {
            try PolicyFactory(resolving: PolicySpec(parsing: "kubecost:algorithm_cpu=quantile"))
        }
        #expect(throws: PolicyError.self) { try PolicyFactory(resolving: PolicySpec(parsing: "kubecost:q_cpu=0.9")) }
        #expect(throws: PolicyError.self) {
            try PolicyFactory(resolving: PolicySpec(parsing: "kubecost:algorithm_cpu=quantile,q_cpu=0"))
        }
        #expect(throws: PolicyError.self) {
            try PolicyFactory(resolving: PolicySpec(parsing: "kubecost:algorithm_cpu=quantileOfMaxes"))
        }
        let unknown = #expect(throws: PolicyError.self) {
            try PolicyFactory(resolving: PolicySpec(parsing: "kubecost:margin=0.1"))
        }
        #expect(unknown?.description.contains("known: window, algorithm-cpu") == true)
    }
}

@Suite(
    "Kubecost on a real trace",
    .enabled(if: haveSharedDatasets, "../shared/datasets is not present: Kubecost real-trace tests skipped"))
struct KubecostRealTraceTests {
    @Test("Prometheus ground truth: requests from the warmup's maxima, checked by hand from truth.csv")
    func prometheusTruth() throws {
        let trace = try CanonicalTraceReader().read([sharedDatasets.appendingPathComponent("prometheus/truth.csv").path]
        )
        let outcome = try Replay(
            trace: trace, policies: [PolicySpec(name: "kubecost")], pricing: .openCostDefault, options: ReplayOptions()
        ).run()
        let result = outcome.results[0]
        func settings(_ name: String) -> [ResourceSettings] {
            let container = trace.containers.firstIndex { trace.name(of: $0) == name }!
            return trace.containers[container].series.map { result.finalSettings[$0] }
        }
        // The warmup (to 08:29:15) as the policy saw it: every replica ran under its recorded settings.
        let warmupEnd = outcome.evaluationWindow.start
        let app = trace.containers.first { trace.name(of: $0) == "shop/frontend/app" }!
        var maxCPU = 0.0
        for series in app.series {
            for i in trace.series[series].range where trace.time[i] <= warmupEnd { maxCPU = max(maxCPU, trace.cpu[i]) }
        }
        // truth.csv: the largest of the three replicas is 0.597198224 cores; / 0.7 = 853.14m → 854m.
        #expect(abs(maxCPU - 0.597198224) < 1e-9)
        #expect(
            settings("shop/frontend/app").allSatisfy {
                $0.cpuRequest == 0.854 && $0.cpuRequest! >= maxCPU / 0.7 && $0.cpuLimit == 1
                    // Peak 309.94 MiB (324,993,024 B) / 0.7 → 464,275,749 B; the 512 MiB limit is kept.
                    && $0.memoryRequest == 464_275_749 && $0.memoryLimit == 512 * mebibyte
            })
        // payment-api/api is Guaranteed at 500m / 512 MiB: 454.5m / 0.7 = 650m and 420.2 MiB / 0.7
        // exceed the limits, so the requests stay at the limits.
        #expect(
            settings("payments/payment-api/api").allSatisfy {
                $0
                    == ResourceSettings(
                        cpuRequest: 0.5, cpuLimit: 0.5, memoryRequest: 512 * mebibyte, memoryLimit: 512 * mebibyte)
            })
        // No points requirement: the single ledger-worker replica gets 764.1m / 0.7 → 1092m, lowered to its 1-core limit.
        #expect(settings("payments/ledger-worker/worker").allSatisfy { $0.cpuRequest == 1 && $0.cpuLimit == 1 })
    }
}

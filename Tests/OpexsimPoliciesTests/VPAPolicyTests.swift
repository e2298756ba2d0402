import Foundation
import OpexsimEngine
import OpexsimMetrics
import OpexsimPolicies
import OpexsimPricing
import OpexsimTestSupport
import OpexsimTraces
import Testing

@Suite("VPA in the replay")
struct VPAPolicyTests {
    /// One pod of one container sampled every minute for `minutes`.
    func trace(minutes: Int, cpu: Double, memory: (Int) -> Double, settings: String) throws -> Trace {
        var text =
            "timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes,cpu_request,cpu_limit,memory_request,memory_limit\n"
        for i in 1...minutes { text += "\(60 * i),ns,w,c,w-1,\(cpu),\(memory(i)),\(settings)\n" }
        return try CanonicalTraceReader().read(text: text)
    }

    func run(_ trace: Trace, _ policy: String, evaluationStart: TraceInstant? = nil) throws -> ScenarioResult {
        let engine = ReplayEngine(
            profile: TraceProfile(trace), policy: try PolicyFactory(resolving: PolicySpec(parsing: policy)).make(),
            options: ReplayOptions(), evaluationStart: evaluationStart ?? trace.start)
        engine.collectsRecommendations = true
        return engine.run()
    }

    @Test("the OOM feedback loop: a memory limit too low gets bumped and the OOM kills stop")
    func oomFeedback() throws {
        // 300 MiB of working set under a recorded 200Mi/256Mi: a crash loop. With the backoff capped
        // at 300 s plus the start-up, that is one kill about every 6 minutes: 65 in 6 hours.
        let trace = try self.trace(
            minutes: 360, cpu: 0.1, memory: { _ in 300 * 1_048_576 }, settings: "100m,200m,200Mi,256Mi")
        let recorded = try run(trace, "static")
        #expect(recorded.metrics[0].oomKills == 65)
        let vpa = try run(trace, "vpa-recreate:min-replicas=1")
        let kills = vpa.metrics[0].oomKills
        #expect(kills >= 1 && kills <= 5, "OOM kills: \(kills)")
        #expect(vpa.evictions >= 1)
        // The replacement runs with the bumped request and the limit scaled by the recorded 1.28 ratio.
        let settings = vpa.finalSettings[0]
        #expect(try #require(settings.memoryLimit) > 300 * 1_048_576)
        #expect(try #require(settings.memoryRequest) >= 356 * 1_048_576)
        let ratio = try #require(settings.memoryLimit) / settings.memoryRequest!
        #expect(abs(ratio - 1.28) < 0.001)
        // The first bump follows docs/vpa.md, section 7: max(request 200Mi, peak 256Mi) = 256Mi → max(+100Mi, ×1.2) = 356Mi.
        #expect(
            VPAOOMBump.memoryNeeded(
                request: 200 * 1_048_576, peak: 256 * 1_048_576, parameters: VPARecommenderParameters()) == 356
                * 1_048_576)
    }

    @Test("a single-replica workload is never evicted with the default min-replicas, and the report says so")
    func minReplicas() throws {
        let trace = try self.trace(
            minutes: 240, cpu: 0.1, memory: { _ in 300 * 1_048_576 }, settings: "100m,200m,200Mi,256Mi")
        let vpa = try run(trace, "vpa-recreate")
        #expect(vpa.evictions == 0)
        #expect(
            vpa.notes.contains {
                $0.hasPrefix(
                    "pods of 1 workload (ns/w) qualified for eviction but were kept: fewer live replicas than min-replicas (2)"
                )
            })
    }

    @Test("vpa-off and vpa-initial never change running pods; InPlaceOrRecreate resizes without restarts")
    func modes() throws {
        let trace = try self.trace(
            minutes: 1440, cpu: 0.05, memory: { 100 * 1_048_576 + Double($0 % 7) * 1_048_576 }, settings: "1,2,1Gi,2Gi")
        let off = try run(trace, "vpa-off")
        #expect(
            off.finalSettings[0]
                == ResourceSettings(
                    cpuRequest: 1, cpuLimit: 2, memoryRequest: 1_073_741_824, memoryLimit: 2_147_483_648))
        // Off still recommends: far below the recorded 1 core and 1Gi.
        let recommendation = try #require(off.recommendations.first)
        #expect(try #require(recommendation.target.cpuCores) < 0.2)
        #expect(try #require(recommendation.target.memoryBytes) < 300 * 1_048_576)
        let initial = try run(trace, "vpa-initial:min-replicas=1")
        #expect(initial.evictions == 0 && initial.finalSettings[0] == off.finalSettings[0])
        // Over-provisioned: the request is above the upper bound, so the updater acts once it has a
        // recommendation; in place, without an eviction.
        let inPlace = try run(trace, "vpa-inplace:min-replicas=1")
        #expect(inPlace.evictions == 0)
        #expect(inPlace.resizes >= 1)
        #expect(try #require(inPlace.finalSettings[0].cpuRequest) < 0.2)
        #expect(inPlace.metrics[0].downSpans.isEmpty)
        let recreate = try run(trace, "vpa-recreate:min-replicas=1")
        #expect(recreate.evictions >= 1)
        #expect(recreate.metrics[0].downSpans.first?.length == 35_000)
    }

    @Test(
        "a pod admitted after the warmup's end, before the first loop after it, gets the estimates of the loop before")
    func admissionBetweenLoops() throws {
        // w-1 sampled at 30 s past every minute, its working set growing; w-2 (the same container)
        // starts at 3,650 s with 10-second samples, so it is created at 3,640 s. The loops run at whole
        // minutes: with the warmup ending at 3,630 s, the admission at 3,640 s reads the loop of
        // 3,600 s, as it does when the warmup ends at 3,600 s.
        var text =
            "timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes,cpu_request,cpu_limit,memory_request,memory_limit\n"
        for i in 0..<120 { text += "\(30 + 60 * i),ns,w,c,w-1,0.1,\(100 * 1_048_576 + i * 4_194_304),1,2,1Gi,2Gi\n" }
        for t in stride(from: 3_650, to: 7_200, by: 10) { text += "\(t),ns,w,c,w-2,0.1,104857600,1,2,1Gi,2Gi\n" }
        let trace = try CanonicalTraceReader().read(text: text)
        let second = try #require(trace.series.indices.first { trace.names[trace.series[$0].podName] == "w-2" })
        let betweenLoops = try run(trace, "vpa-initial", evaluationStart: 3_630_000).finalSettings[second]
        let atLoop = try run(trace, "vpa-initial", evaluationStart: 3_600_000).finalSettings[second]
        let oneLoopLater = try run(trace, "vpa-initial", evaluationStart: 3_660_000).finalSettings[second]
        #expect(betweenLoops == atLoop)
        // The admission took a VPA estimate, one that the next loop's samples would have raised.
        let request = try #require(betweenLoops.memoryRequest)
        let later = try #require(oneLoopLater.memoryRequest)
        #expect(request < 1_073_741_824 && request < later)
    }

    @Test(
        "every recommender replays the Prometheus ground truth",
        .enabled(if: haveSharedDatasets, "../shared/datasets is not present: real-trace VPA test skipped"))
    func realTrace() throws {
        let trace = try CanonicalTraceReader().read([sharedDatasets.appendingPathComponent("prometheus/truth.csv").path]
        )
        let names = [
            "static", "vpa-off", "vpa-initial", "vpa-recreate", "vpa-auto", "vpa-inplace", "goldilocks-guaranteed",
            "goldilocks-burstable", "krr-simple", "krr-simple-limit", "kubecost",
        ]
        let outcome = try Replay(
            trace: trace, policies: names.map { try PolicySpec(parsing: $0) }, pricing: .openCostDefault,
            options: ReplayOptions()
        ).run()
        #expect(outcome.scenarios.count == names.count)
        let byPolicy = Dictionary(uniqueKeysWithValues: outcome.scenarios.map { ($0.scenario.description, $0) })
        // vpa-off changes nothing: the same figures as the recorded settings.
        #expect(byPolicy["vpa-off"]!.totalCostUSD == byPolicy["static"]!.totalCostUSD)
        #expect(byPolicy["vpa-off"]!.oomKills == byPolicy["static"]!.oomKills)
        // Auto behaves as Recreate, and the report says Auto is deprecated.
        #expect(byPolicy["vpa-auto"]!.totalCostUSD == byPolicy["vpa-recreate"]!.totalCostUSD)
        let auto = outcome.results.first { $0.policy.name == "vpa-auto" }!
        #expect(auto.notes.contains { $0.contains("deprecated upstream") })
        // Multi-replica workloads get evicted by Recreate after the warmup.
        #expect(byPolicy["vpa-recreate"]!.evictions > 0)
    }
}

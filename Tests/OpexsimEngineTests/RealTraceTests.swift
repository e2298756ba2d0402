import Foundation
import OpexsimEngine
import OpexsimMetrics
import OpexsimPolicies
import OpexsimPricing
import OpexsimTestSupport
import OpexsimTraces
import Testing

@Suite(
    "Real traces from ../shared/datasets",
    .enabled(if: haveSharedDatasets, "../shared/datasets is not present: real-trace tests skipped"))
struct RealTraceTests {
    /// Nezha OnlineBoutique per-pod metrics as a canonical trace: `Time` (the Go wall clock, with its
    /// monotonic suffix dropped) as the timestamp, millicores to cores, MiB to bytes, the workload from
    /// the pod name without its ReplicaSet and pod hashes.
    func nezhaTrace() throws -> Trace {
        let folder = sharedDatasets.appendingPathComponent("nezha/onlineboutique_2022-08-22/metric")
        var text = "timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes\n"
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        where name.hasSuffix("_metric.csv") {
            let lines = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8).split(
                separator: "\n")
            let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let time = header.firstIndex(of: "Time")!, pod = header.firstIndex(of: "PodName")!
            let cpu = header.firstIndex(of: "CpuUsage(m)")!, memory = header.firstIndex(of: "MemoryUsage(Mi)")!
            for line in lines.dropFirst() {
                let cells = line.split(separator: ",", omittingEmptySubsequences: false)
                // "2022-08-22 03:51:19.799087274 +0000 UTC m=+0.305041286" → RFC 3339.
                let clock = cells[time].split(separator: " ")
                let timestamp = "\(clock[0])T\(clock[1])Z"
                let podName = String(cells[pod])
                let workload = podName.split(separator: "-").dropLast(2).joined(separator: "-")
                text +=
                    "\(timestamp),onlineboutique,\(workload),\(workload),\(podName),\(Double(cells[cpu])! / 1000),\(Double(cells[memory])! * 1_048_576)\n"
            }
        }
        return try CanonicalTraceReader().read(text: text, file: "nezha-onlineboutique.csv")
    }

    @Test("Nezha OnlineBoutique: the figures of SOURCE.md, then a replay end to end")
    func nezha() throws {
        let trace = try nezhaTrace()
        // SOURCE.md: 10 pods, 12,090 rows (1,209 each), 03:51:19 → 23:59:20 UTC at 60 s.
        #expect(trace.series.count == 10)
        #expect(trace.sampleCount == 12_090)
        #expect(trace.series.allSatisfy { $0.range.count == 1209 })
        #expect(TraceTime.format(trace.end).hasPrefix("2022-08-22T23:59:20"))
        // Steps of 59–61 s: the median is within a few milliseconds of a minute.
        #expect(abs(trace.interval - 60_000) < 100)
        #expect(trace.names[trace.series[0].workloadName] == "adservice")

        // No recorded settings: the baseline requests nothing, so a percentile policy costs more,
        // and without limits nothing is throttled or killed.
        let policies = try ["static", "percentile:cpu=95,memory=100,limit=request"].map(PolicySpec.init(parsing:))
        let outcome = try Replay(trace: trace, policies: policies, pricing: .openCostDefault, options: ReplayOptions())
            .run()
        let byPolicy = Dictionary(uniqueKeysWithValues: outcome.scenarios.map { ($0.scenario.description, $0) })
        let baseline = try #require(byPolicy["static"])
        let percentile = try #require(byPolicy["percentile:cpu=95,memory=100,limit=request"])
        #expect(baseline.oomKills == 0 && baseline.throttledRatio == 0 && baseline.availabilityRatio == 1)
        #expect(baseline.totalCostUSD > 0)
        // With requests the allocation is max(request, usage) ≥ usage: never cheaper than no requests.
        #expect(percentile.totalCostUSD >= baseline.totalCostUSD)
        #expect(percentile.containers.allSatisfy { ($0.settings.cpuRequest ?? 0) >= 0.01 })
        // Evaluated after the warmup: 75% of the 20.1 h span.
        let span = trace.end - trace.start
        #expect(outcome.evaluationWindow.start == trace.start + Int64((Double(span) * 0.25).rounded()))
    }

    @Test("Prometheus ground truth: the recorded OOM kill of ledger-worker replays as one kill")
    func prometheusTruth() throws {
        let trace = try CanonicalTraceReader().read([sharedDatasets.appendingPathComponent("prometheus/truth.csv").path]
        )
        // README: 13 pods of 6 Deployments (9 container specs, 21 containers) over 6 h at 60 s
        // steps; 7,019 rows.
        #expect(trace.sampleCount == 7019)
        #expect(trace.pods.count == 13)
        #expect(trace.containers.count == 9)
        #expect(trace.series.count == 21)
        #expect(trace.workloads.count == 6)
        #expect(trace.interval == 60_000)
        let outcome = try Replay(
            trace: trace, policies: [PolicySpec(name: "static")], pricing: .openCostDefault, options: ReplayOptions()
        ).run()
        let scenario = outcome.scenarios[0]
        #expect(scenario.oomKills == 1)
        let worker = try #require(scenario.containers.first { $0.workload == "ledger-worker" })
        #expect(worker.oomKills == 1)
        #expect(worker.restarts == 1)
        // Down for the first restart (immediate) plus the 5 s start-up.
        #expect(scenario.incidents == 1 && scenario.mttrSeconds == 5)
        // The recorded throttling ratio drives the throttling estimate under the recorded limits.
        #expect(scenario.throttledRatio > 0)
        #expect(outcome.results[0].burstModelSamples[.observed] != nil)
    }
}

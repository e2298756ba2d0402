import Foundation
import OpexsimEngine
import OpexsimImport
import OpexsimPolicies
import OpexsimTestSupport
import OpexsimTraces
import Testing

/// The VPA's bounds at the end of each real trace, as `opexsim recommend --policy vpa-off` gives them,
/// against a reference computed the upstream way from the same replay: every CPU sample of each series
/// into its container's aggregate (`ContainerState.addCPUSample`, `AggregateContainerState`), then the
/// estimator (docs/vpa.md, sections 4 and 6).
@Suite("VPA bounds on the real traces, against the upstream way")
struct VPARealTraceTests {
    /// The largest difference, in histogram buckets, between the replay's and the reference's lower
    /// bound, target and upper bound of any container, CPU and memory separately.
    struct Differences: CustomStringConvertible {
        var cpu = 0, memory = 0
        var description: String { "CPU \(cpu), memory \(memory) buckets" }
    }

    func bucketDifference(_ a: Double?, _ b: Double?, _ options: VPAHistogramOptions) -> Int {
        guard let a, let b else { return a == nil && b == nil ? 0 : Int.max }
        return abs(options.bucketIndex(of: a) - options.bucketIndex(of: b))
    }

    /// Checks every container of `trace` and prints what it found. `merged` CPU samples are under
    /// a minute and share their minute with another: the replay averages them as a finer trace's.
    func check(_ trace: Trace, name: String, merged: Int = 0) throws {
        let recommendations = try Replay.recommendations(
            trace: trace, policy: PolicySpec(name: "vpa-off"), options: ReplayOptions())
        let probe = VPAReferenceProbe.run(trace)
        let replayed = try #require(probe.replayed)
        // One recommender sample per trace sample of a minute or more.
        #expect(replayed.cpuSamples == probe.referenceSamples - merged, "\(name)")
        var differences = Differences()
        for recommendation in recommendations {
            let container = recommendation.containerIndex
            let reference = try #require(probe.referenceEstimate(container: container))
            // The probe saw what the replay saw: its recommender agrees with `recommend`.
            #expect(
                probe.replayedEstimate(container: container)?.upperBound.resourceAmounts == recommendation.upperBound)
            let pairs = [
                (recommendation.lowerBound, reference.lowerBound), (recommendation.target, reference.target),
                (recommendation.upperBound, reference.upperBound),
            ]
            for (replay, upstream) in pairs {
                let amounts = upstream.resourceAmounts
                differences.cpu = max(
                    differences.cpu, bucketDifference(replay?.cpuCores, amounts.cpuCores, VPAHistogramOptions.cpu))
                differences.memory = max(
                    differences.memory,
                    bucketDifference(replay?.memoryBytes, amounts.memoryBytes, VPAHistogramOptions.memory))
            }
        }
        #expect(differences.cpu <= 1 && differences.memory <= 1, "\(name): \(differences)")
        print(
            "\(name): \(recommendations.count) containers, \(replayed.cpuSamples) CPU samples in the replay and "
                + "\(probe.referenceSamples) upstream; largest difference \(differences)")
    }

    @Test(
        "Nezha OnlineBoutique (60 s ± 0.6 s)",
        .enabled(if: haveShared("nezha"), "../shared/datasets is not present: Nezha VPA bounds test skipped"))
    func nezha() throws {
        let folder = "nezha/onlineboutique_2022-08-22/metric"
        let files = try FileManager.default.contentsOfDirectory(atPath: sharedPath(folder)).sorted()
            .map { sharedPath(folder + "/" + $0) }
        var options = ImportOptions()
        options.namespace = "onlineboutique"
        try check(try trace(of: NezhaImporter(options: options).run(files)), name: "nezha")
    }

    @Test(
        "Prometheus ground truth (truth.csv, 60 s, a pod replaced)",
        .enabled(if: haveShared("prometheus"), "../shared/datasets is not present: Prometheus VPA bounds test skipped"))
    func prometheusTruth() throws {
        try check(try CanonicalTraceReader().read([sharedPath("prometheus/truth.csv")]), name: "prometheus truth")
    }

    @Test(
        "Prometheus query results through the importer",
        .enabled(if: haveShared("prometheus"), "../shared/datasets is not present: Prometheus VPA bounds test skipped"))
    func prometheusImport() throws {
        let names = [
            "cpu.json", "memory.json", "requests.json", "limits.json", "owner.json", "replicaset_owner.json",
            "throttling.json", "oom.json",
        ]
        let roles: [String: PrometheusRole] = [
            sharedPath("prometheus/cpu.json"): .cpu, sharedPath("prometheus/memory.json"): .memory,
            sharedPath("prometheus/throttling.json"): .throttling,
        ]
        let sink = try PrometheusImporter(options: ImportOptions(), roles: roles).run(
            names.map { sharedPath("prometheus/" + $0) })
        try check(try trace(of: sink), name: "prometheus import")
    }

    @Test(
        "Google 2019 job 382 (300 s windows)",
        .enabled(
            if: haveShared("google2019/job_382"),
            "../shared/datasets is not present: Google 2019 VPA bounds test skipped"))
    func google2019() throws {
        let sink = try Google2019Importer(options: ImportOptions()).run(try csvFiles(in: "google2019/job_382"))
        // 18 windows of 1 to 5 s where a task starts, stops or moves; 8 of them end in a minute with
        // another window and are averaged with it, as samples of a finer trace are.
        try check(try trace(of: sink), name: "google2019 job_382", merged: 8)
    }

    @Test(
        "Bitbrains Rnd, first two days of 120 VMs (300 s)",
        .enabled(
            if: haveShared("bitbrains-rnd"), "../shared/datasets is not present: Bitbrains VPA bounds test skipped"))
    func bitbrains() throws {
        let sink = try BitbrainsImporter(options: ImportOptions()).run(
            try csvFiles(in: "bitbrains-rnd/first2days_120vms"))
        try check(try trace(of: sink), name: "bitbrains")
    }

    @Test(
        "Azure 2017, 100 VMs over 14 days (300 s, no memory)",
        .enabled(if: haveShared("azure-v1"), "../shared/datasets is not present: Azure VPA bounds test skipped"))
    func azure() throws {
        try check(try azureExtract.get().trace, name: "azure")
    }
}

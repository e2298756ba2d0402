import Foundation
import Testing

/// What replaying one file of `UpstreamCorpus/` must give.
struct CorpusCase: CustomTestStringConvertible, Sendable {
    enum Outcome: Sendable {
        /// Replayed: every named failure is placed (or the named backup schedule is read).
        case simulated([String])
        /// Read, with each of these texts among the report's notes (not modelled, assumptions).
        case noted([String])
        /// Simulated and noted.
        case both(simulated: [String], noted: [String])
        /// Refused with this text in the error.
        case refused(String)
    }

    enum Use: Sendable { case failures, policy, pricing }

    var file: String
    var use: Use
    var outcome: Outcome

    var testDescription: String { file }
}

/// The corpus: files shaped like the upstream projects' examples and docs (written for these tests),
/// each with what the replay does with it. Built one case at a time: a single literal of them all takes
/// the type checker too long.
let upstreamCorpus: [CorpusCase] = {
    var cases: [CorpusCase] = []
    func simulated(_ file: String, _ use: CorpusCase.Use, _ names: [String]) {
        cases.append(CorpusCase(file: file, use: use, outcome: .simulated(names)))
    }
    func noted(_ file: String, _ use: CorpusCase.Use, _ texts: [String]) {
        cases.append(CorpusCase(file: file, use: use, outcome: .noted(texts)))
    }
    func both(_ file: String, _ use: CorpusCase.Use, _ names: [String], _ texts: [String]) {
        cases.append(CorpusCase(file: file, use: use, outcome: .both(simulated: names, noted: texts)))
    }
    simulated("podchaos-pod-kill.yaml", .failures, ["PodChaos chaos-testing/pod-kill-cache"])
    simulated("podchaos-pod-failure.yaml", .failures, ["PodChaos shop/pod-failure-frontend"])
    simulated("podchaos-container-kill.yaml", .failures, ["PodChaos shop/container-kill-api"])
    let memoryNotes = ["stressors.memory.options not modelled", "stressors.memory.oomScoreAdj -1000 not modelled"]
    both("stresschaos-memory.yaml", .failures, ["StressChaos shop/memory-stress-cart"], memoryNotes)
    simulated("stresschaos-cpu.yaml", .failures, ["StressChaos payments/burn-cpu"])
    simulated("schedule-podchaos.yaml", .failures, ["Schedule shop/schedule-pod-kill"])
    noted("schedule-timechaos.yaml", .failures, ["Schedule shop/schedule-time-shift", "type TimeChaos not modelled"])
    noted("networkchaos-delay.yaml", .failures, ["NetworkChaos shop/delay", "not modelled"])
    noted("iochaos-latency.yaml", .failures, ["IOChaos data/io-latency", "not modelled"])
    noted("statuscheck-http.yaml", .failures, ["StatusCheck shop/frontend-health", "not modelled"])
    noted("workflow-serial.yaml", .failures, ["Workflow shop/try-workflow-serial", "not modelled"])
    noted("physicalmachinechaos.yaml", .failures, ["PhysicalMachineChaos chaos-mesh/pm-stress", "not modelled"])
    let stop = ["duration 5m: the instance comes back"]
    both("awschaos-ec2-stop.yaml", .failures, ["AWSChaos chaos-testing/ec2-stop-example"], stop)
    let unannotated = [
        "GCPChaos chaos-testing/node-stop-example", "not modelled without the annotation opexsim.io/node",
    ]
    noted("gcpchaos-node-stop.yaml", .failures, unannotated)
    simulated("podchaos-list.yaml", .failures, ["PodChaos platform/kill-ingest"])
    let every = ["Velero Schedule shop-every-6h", "snapshotVolumes is unset, so volumes are snapshotted"]
    both("velero-schedule-every.yaml", .failures, ["shop-every-6h", "namespace-deletion shop"], every)
    simulated("velero-schedule-cron-tz.yaml", .failures, ["daily-new-york"])
    let labels = ["backs up the pods matching app.kubernetes.io/component=cache, !tier"]
    both("velero-schedule-labels.yaml", .failures, ["shop-stateful", "namespace-deletion shop"], labels)
    let reference = [
        "backs up the pods matching app.kubernetes.io/name=postgres or app.kubernetes.io/name=ledger",
        "backup template fields not modelled",
    ]
    both("velero-schedule-reference.yaml", .failures, ["a"], reference)
    noted("velero-backup-restore.yaml", .failures, ["Backup velero/shop-once", "Restore velero/shop-restore"])
    simulated("vpa-off-quoted.yaml", .policy, ["frontend"])
    simulated("vpa-inplace.yaml", .policy, ["checkout"])
    simulated("vpa-list.yaml", .policy, ["ingest"])
    let ignored = [
        "spec.recommenders names alternative: ignored",
        "annotation vpa-post-processor.kubernetes.io/worker_integerCPU ignored", "sidecar",
    ]
    both("vpa-ignored-fields.yaml", .policy, ["ledger"], ignored)
    noted("vpa-other-namespace.yaml", .policy, ["VPA postgres-vpa", "monitoring"])
    simulated("opencost-custom-pricing.json", .pricing, ["opencost-custom-pricing"])
    noted("opencost-provider-aws.json", .pricing, ["provider"])
    let csv = "CSV pricing files are not supported"
    cases.append(CorpusCase(file: "opencost-pricing.csv", use: .pricing, outcome: .refused(csv)))
    return cases
}()

/// The sample trace with pod labels: `app.kubernetes.io/name` the workload, `app.kubernetes.io/component`
/// its role, and `tier=frontend` on the shop's frontend.
func labelledSample(in directory: URL) throws -> String {
    let components: [String: String] = [
        "frontend": "web", "checkout": "api", "cart": "cache", "ledger": "worker", "fraud-scorer": "scoring",
        "ingest": "gateway", "nightly-etl": "batch", "postgres": "database",
    ]
    let text = try String(contentsOf: repositoryRoot.appendingPathComponent(sampleTrace), encoding: .utf8)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    lines[0] += ",labels"
    for index in lines.indices.dropFirst() {
        let workload = String(lines[index].split(separator: ",", omittingEmptySubsequences: false)[2])
        var labels = "app.kubernetes.io/name=\(workload);app.kubernetes.io/component=\(components[workload] ?? "other")"
        if workload == "frontend" { labels += ";tier=frontend" }
        lines[index] += "," + labels
    }
    return try write(lines.joined(separator: "\n") + "\n", "labelled.csv", in: directory)
}

@Suite("Upstream-shaped files, as written: simulated, or noted as not modelled, never silently dropped")
struct UpstreamCorpusCLITests {
    static let directory = repositoryRoot.appendingPathComponent("Tests/OpexsimCLITests/UpstreamCorpus")

    @Test("every file of the corpus has a case")
    func complete() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).sorted()
        #expect(files == upstreamCorpus.map(\.file).sorted())
    }

    @Test("each file replays as expected", arguments: upstreamCorpus)
    func replay(_ item: CorpusCase) throws {
        let scratch = try temporaryDirectory()
        let trace = try labelledSample(in: scratch)
        let path = Self.directory.appendingPathComponent(item.file).path
        var arguments = ["replay", trace, "--policy", "static", "--format", "json"]
        switch item.use {
        case .failures: arguments += ["--failures", path]
        case .policy: arguments += ["--policy", path]
        case .pricing: arguments += ["--pricing", path]
        }
        let run = try opexsim(arguments)
        var simulated: [String] = []
        var noted: [String] = []
        switch item.outcome {
        case .refused(let text):
            #expect(run.status != 0)
            #expect(run.stdout.isEmpty)
            #expect(run.stderr.contains(text), "\(run.stderr)")
            return
        case .simulated(let names): simulated = names
        case .noted(let texts): noted = texts
        case .both(let names, let texts): (simulated, noted) = (names, texts)
        }
        #expect(run.status == 0, "\(run.stderr)")
        let report = try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let notes = Self.notes(of: report)
        for text in noted {
            #expect(notes.contains { $0.contains(text) }, "\(item.file): no note with \(text) among \(notes)")
        }
        for name in simulated { try Self.expectSimulated(name, use: item.use, report: report, file: item.file) }
    }

    /// Every note of a report: failures not modelled, assumptions and placement notes, scenario notes,
    /// pricing notes.
    static func notes(of report: [String: Any]) -> [String] {
        var notes: [String] = []
        if let failures = report["failures"] as? [String: Any] {
            for key in ["not_modelled", "assumptions", "placement_notes"] { notes += failures[key] as? [String] ?? [] }
        }
        notes += (report["pricing"] as? [String: Any])?["notes"] as? [String] ?? []
        for scenario in report["scenarios"] as? [[String: Any]] ?? [] { notes += scenario["notes"] as? [String] ?? [] }
        return notes
    }

    /// A failure placed (listed, and named by no placement note saying it hit nothing), a backup
    /// schedule read, a VPA's workload taking part, or a pricing model used.
    static func expectSimulated(_ name: String, use: CorpusCase.Use, report: [String: Any], file: String) throws {
        switch use {
        case .failures:
            let failures = try #require(report["failures"] as? [String: Any])
            let specs = (failures["failures"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            let schedules = (failures["backup_schedules"] as? [[String: Any]] ?? []).compactMap {
                $0["name"] as? String
            }
            #expect(specs.contains(name) || schedules.contains(name), "\(file): \(name) not among \(specs + schedules)")
            let placement = failures["placement_notes"] as? [String] ?? []
            let missed = placement.filter { $0.hasPrefix(name) && ($0.contains("matches") || $0.contains("nothing")) }
            #expect(missed.isEmpty, "\(file): \(name) hit nothing: \(missed)")
        case .policy:
            // The VPA's workload is in the trace and takes part: "1 of 8 workloads have a VPA".
            let scenarios = report["scenarios"] as? [[String: Any]] ?? []
            let notes = scenarios.flatMap { $0["notes"] as? [String] ?? [] }
            let targeted = notes.contains { $0.hasPrefix("1 of 8 workloads have a VPA") }
            let missing = notes.contains { $0.contains("which the trace does not have") }
            #expect(targeted && !missing, "\(file): \(notes)")
            let workloads = scenarios.flatMap { $0["workloads"] as? [[String: Any]] ?? [] }
            #expect(workloads.contains { ($0["workload"] as? String) == name }, "\(file): no workload \(name)")
        case .pricing:
            let pricing = report["pricing"] as? [String: Any]
            #expect((pricing?["name"] as? String) == name, "\(file): pricing \(String(describing: pricing?["name"]))")
        }
    }
}

import OpexsimEngine
import OpexsimMetrics
import OpexsimPolicies
import OpexsimPricing
import OpexsimTestSupport
import OpexsimTraces
import Testing

@testable import OpexsimFailures

/// Replays `pods` (see `PodTrace`) under `policy` with `documents` injected.
func replayWithFailures(
    _ pods: [PodTrace], _ documents: FailureDocuments, policy: String = "static", runs: Int = 1,
    seed: UInt64 = 1, startupDelay: Int64 = 5_000
) throws -> ReplayOutcome {
    let trace = try CanonicalTraceReader().read(text: podsCSV(pods))
    var options = ReplayOptions()
    options.burstModel = .mean
    options.runs = runs
    options.seed = seed
    options.startupDelay = startupDelay
    return try Replay(
        trace: trace, policies: [PolicySpec(parsing: policy)], pricing: .openCostDefault, options: options,
        failures: documents
    ).run()
}

func documents(_ failures: [FailureSpec], backups: [BackupSchedule] = [], restore: RestoreModel = RestoreModel())
    -> FailureDocuments
{
    var documents = FailureDocuments()
    documents.failures = failures
    documents.backups = backups
    documents.restore = restore
    return documents
}

/// Two one-container pods, w-1 on node-a and w-2 on node-b, sampled every minute for `minutes`; with
/// `requests` each asks for 1.5 cores and 1Gi, a 2-core node of its own.
func twoNodeTrace(minutes: Int = 120, requests: Bool = false) throws -> Trace {
    var text =
        "timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes,node"
        + (requests ? ",cpu_request,memory_request\n" : "\n")
    let asks = requests ? ",1.5,1Gi" : ""
    for minute in 1...minutes {
        text +=
            "\(60 * minute),a,w,c,w-1,0.2,100000000,node-a\(asks)\n\(60 * minute),a,w,c,w-2,0.2,100000000,node-b\(asks)\n"
    }
    return try CanonicalTraceReader().read(text: text)
}

/// Replays `trace` under the recorded settings with `failures` (mean burst model).
func replayStatic(_ trace: Trace, _ failures: [FailureSpec], pricing: PricingModel = .openCostDefault) throws
    -> ReplayOutcome
{
    var options = ReplayOptions()
    options.burstModel = .mean
    return try Replay(
        trace: trace, policies: [PolicySpec(name: "static")], pricing: pricing, options: options,
        failures: documents(failures)
    ).run()
}

@Suite("Failures injected into the replay: timelines by hand")
struct FailureInjectionTests {
    let steady = PodTrace(pod: "w-1", cpu: { _ in 0.2 }, memoryGiB: { _ in 0.25 }, settings: "500m,1,512Mi,1Gi")

    @Test("pod-kill at 30 min with no grace: the replacement runs 5 s later; one incident of 5 s")
    func podKill() throws {
        let kill = FailureSpec(
            name: "kill", location: "t", action: .podKill(gracePeriod: 0), timing: .offset(30 * minute))
        let outcome = try replayWithFailures([steady], documents([kill]))
        let incident = try #require(outcome.results[0].incidents.first)
        #expect(incident.time == 30 * minute && incident.targets == ["a/w-1"])
        #expect(incident.recoveredAt == 30 * minute + 5_000)
        let summary = outcome.scenarios[0]
        #expect(summary.incidents == 1 && summary.mttrSeconds == 5 && summary.maxRecoverySeconds == 5)
        // 5 s down in 2 hours, 0.2 cores of demand lost over them.
        #expect(abs(summary.availabilityRatio - (1 - 5.0 / 7200)) < 1e-12)
        #expect(abs(summary.cpuLostCoreHours - 0.2 * 5 / 3600) < 1e-12)
        #expect(summary.rpoSeconds == nil && summary.rtoSeconds == nil)
        // With a grace period the pod stops at once too, and the replacement waits for the grace period.
        let graceful = FailureSpec(
            name: "kill", location: "t", action: .podKill(gracePeriod: 30_000), timing: .offset(30 * minute))
        let later = try replayWithFailures([steady], documents([graceful]))
        #expect(later.results[0].incidents.first?.recoverySeconds == 35)
    }

    @Test("pod-failure keeps the pod down for its duration, then the start-up")
    func podFailure() throws {
        let failure = FailureSpec(
            name: "outage", location: "t", action: .podFailure(duration: 10 * minute), timing: .offset(30 * minute))
        let outcome = try replayWithFailures([steady], documents([failure]))
        #expect(outcome.results[0].incidents.first?.recoverySeconds == 605)
        #expect(outcome.scenarios[0].restarts == 1)
    }

    @Test("container-kill restarts in place with the CrashLoopBackOff delay: 0 then 10 s, plus the start-up")
    func containerKill() throws {
        let first = FailureSpec(
            name: "k1", location: "t", action: .containerKill(containerNames: []), timing: .offset(30 * minute))
        let second = FailureSpec(
            name: "k2", location: "t", action: .containerKill(containerNames: []), timing: .offset(35 * minute))
        let outcome = try replayWithFailures([steady], documents([first, second]))
        let incidents = outcome.results[0].incidents
        #expect(incidents.map(\.recoverySeconds) == [5, 15])
        #expect(incidents[0].targets == ["a/w-1/c"])
        #expect(outcome.scenarios[0].restarts == 2)
    }

    @Test(
        "node loss: replacements after the 50 s grace period, the 300 s toleration and the start-up; a later loss of the node misses them"
    )
    func nodeLoss() throws {
        let trace = try twoNodeTrace()
        let loss = FailureSpec(
            name: "loss", location: "t", action: .nodeLoss(toleration: FailureAction.defaultToleration),
            timing: .offset(60 * minute), node: "node-a")
        let again = FailureSpec(
            name: "again", location: "t", action: .nodeLoss(toleration: FailureAction.defaultToleration),
            timing: .offset(90 * minute), node: "node-a")
        let outcome = try replayStatic(trace, [loss, again])
        let incidents = outcome.results[0].incidents
        #expect(incidents.count == 1)
        #expect(incidents[0].targets == ["node/node-a", "a/w-1"])
        #expect(incidents[0].recoverySeconds == 355)
        #expect(outcome.results[0].failureNotes.contains { $0.hasPrefix("again at") })
        // One of two replicas down for 355 s: the workload stays available.
        #expect(outcome.scenarios[0].availabilityRatio == 1)
        // Pods that tolerate the unreachable taint for 30 s instead: 50 s + 30 s + 5 s.
        let short = FailureSpec(
            name: "loss", location: "t", action: .nodeLoss(toleration: 30_000), timing: .offset(60 * minute),
            node: "node-a")
        let quick = try replayStatic(trace, [short])
        #expect(quick.results[0].incidents.first?.recoverySeconds == 85)
    }

    @Test("@every 6h backups run at the schedule's creation plus whole delays, not counted from the deletion")
    func everySixHours() throws {
        let every = try CronSchedule(parsing: "@every 6h", allowSeconds: false)
        let pods = [
            PodTrace(
                pod: "w-1", cpu: { _ in 0.2 }, memoryGiB: { _ in 0.25 }, settings: "500m,1,512Mi,1Gi", minutes: 720)
        ]
        func rpo(deletedAt minutes: Int64, created: TraceInstant?) throws -> Double? {
            var backup = BackupSchedule(name: "six", location: "t", cron: every, includedNamespaces: ["a"])
            backup.created = created
            let deletion = FailureSpec(
                name: "delete", location: "t", action: .namespaceDeletion, timing: .offset(minutes * minute),
                namespace: "a")
            let outcome = try replayWithFailures(
                pods, documents([deletion], backups: [backup], restore: RestoreModel()))
            return outcome.results[0].incidents.first?.rpoSeconds
        }
        // No creation time: runs at the trace start (00:00) and every 6 h, each starting 30 s late.
        #expect(try rpo(deletedAt: 5 * 60, created: nil) == 5 * 3600 - 30)
        #expect(try rpo(deletedAt: 6 * 60 + 30, created: nil) == 30 * 60 - 30)
        #expect(try rpo(deletedAt: 11 * 60 + 50, created: nil) == 5 * 3600 + 50 * 60 - 30)
        // Created at 01:00: runs at 01:00, 07:00, ... (and 19:00 the day before).
        #expect(try rpo(deletedAt: 6 * 60 + 30, created: 3_600_000) == 5 * 3600 + 30 * 60 - 30)
        #expect(try rpo(deletedAt: 30, created: 3_600_000) == 5 * 3600 + 30 * 60 - 30)
    }

    @Test(
        "namespace deletion at 10:50 restored from the hourly backup: RPO 49 m 30 s, RTO detection + objects + volumes + start-up"
    )
    func restore() throws {
        let hourly = try CronSchedule(parsing: "0 * * * *", allowSeconds: false)
        let backup = BackupSchedule(
            name: "hourly", location: "t", cron: hourly, includedNamespaces: ["a"], backsUpVolumes: true)
        var model = RestoreModel()
        model.volumeBytes = ["a": 1.5e9]
        let deletion = FailureSpec(
            name: "delete", location: "t", action: .namespaceDeletion, timing: .offset(650 * minute), namespace: "a")
        let pods = [
            PodTrace(
                pod: "w-1", cpu: { _ in 0.2 }, memoryGiB: { _ in 0.25 }, settings: "500m,1,512Mi,1Gi", minutes: 720)
        ]
        let outcome = try replayWithFailures(pods, documents([deletion], backups: [backup], restore: model))
        let incident = try #require(outcome.results[0].incidents.first)
        let restore = try #require(incident.restore)
        // The 10:00 backup starts 30 s late; the transfer (11 objects × 50 ms + 1.5 GB at 150 MB/s = 10.55 s) ends well before 10:50.
        #expect(restore.backup == "hourly-19700101100030")
        #expect(incident.rpoSeconds == 2970.0)
        // RTO: 5 min detection + 10.55 s transfer + 5 s start-up.
        #expect(restore.restoreTime == 300_000 + 10_550)
        #expect(incident.recoverySeconds == 300 + 10.55 + 5)
        let summary = outcome.scenarios[0]
        #expect(summary.rpoSeconds == 2970 && summary.rtoSeconds == 315.55)
        // Per container too: its state lost and the time until its replica ran again.
        #expect(summary.containers.map(\.rpoSeconds) == [2970] && summary.containers.map(\.rtoSeconds) == [315.55])
        #expect(summary.volumeBytesLost == 0)
        // Without volume snapshots the namespace's volume data is lost.
        let noVolumes = BackupSchedule(
            name: "hourly", location: "t", cron: hourly, includedNamespaces: ["a"], backsUpVolumes: false)
        let lost = try replayWithFailures(pods, documents([deletion], backups: [noVolumes], restore: model))
        #expect(lost.scenarios[0].volumeBytesLost == 1.5e9)
        #expect(lost.results[0].incidents.first?.recoverySeconds == 300 + 0.55 + 5)
    }

    @Test(
        "a pod the trace creates while its namespace is gone starts with the restore; one created after it runs as recorded"
    )
    func createdDuringOutage() throws {
        let hourly = try CronSchedule(parsing: "0 * * * *", allowSeconds: false)
        let backup = BackupSchedule(
            name: "hourly", location: "t", cron: hourly, includedNamespaces: ["a"], backsUpVolumes: true)
        let deletion = FailureSpec(
            name: "delete", location: "t", action: .namespaceDeletion, timing: .offset(60 * minute), namespace: "a")
        var during = steady
        during.pod = "w-2"
        during.firstMinute = 62
        var after = steady
        after.pod = "w-3"
        after.firstMinute = 70
        var elsewhere = steady
        elsewhere.namespace = "b"
        elsewhere.pod = "v-1"
        elsewhere.firstMinute = 62
        let outcome = try replayWithFailures(
            [steady, during, after, elsewhere], documents([deletion], backups: [backup]))
        let trace = outcome.profile.trace
        func spans(_ pod: String) -> [TimeSpan] {
            let series = trace.series.indices.first {
                trace.names[trace.pods[trace.series[$0].podIndex].podName] == pod
            }!
            return outcome.results[0].metrics[series].downSpans
        }
        // Back at 60 min + 5 min detection + 13 objects (10 for the workload, one per pod of the namespace
        // in the trace) × 50 ms + 5 s start-up = 65 min 5.65 s.
        let comeback: TraceInstant = 60 * minute + 300_000 + 650 + 5_000
        #expect(spans("w-1") == [TimeSpan(start: 60 * minute, end: comeback)])
        // w-2 is created at 61 min, while the namespace is gone: down until the restore brings it up.
        #expect(spans("w-2") == [TimeSpan(start: 61 * minute, end: comeback)])
        #expect(spans("w-3").isEmpty)
        #expect(spans("v-1").isEmpty)
        let incident = try #require(outcome.results[0].incidents.first)
        #expect(incident.targets == ["a/w-1", "a/w-2"])
        #expect(incident.recoveredAt == comeback)
        // Without a backup it never starts.
        let lost = try replayWithFailures([steady, during], documents([deletion]))
        let series = lost.profile.trace.series.indices.first {
            lost.profile.trace.names[lost.profile.trace.pods[lost.profile.trace.series[$0].podIndex].podName] == "w-2"
        }!
        #expect(lost.results[0].metrics[series].downSpans == [TimeSpan(start: 61 * minute, end: 120 * minute)])
    }

    @Test("a deletion with no usable backup is never restored: no RPO, no RTO, down to the end")
    func noBackup() throws {
        let deletion = FailureSpec(
            name: "delete", location: "t", action: .namespaceDeletion, timing: .offset(60 * minute), namespace: "a")
        let outcome = try replayWithFailures([steady], documents([deletion]))
        let incident = try #require(outcome.results[0].incidents.first)
        #expect(incident.restore?.backup == nil && incident.recoveredAt == nil)
        #expect(outcome.scenarios[0].rpoSeconds == nil && outcome.scenarios[0].rtoSeconds == nil)
        #expect(
            outcome.scenarios[0].containers[0].rpoSeconds == nil && outcome.scenarios[0].containers[0].rtoSeconds == nil
        )
        // Down from 60 min to the end of the 2-hour trace.
        #expect(abs(outcome.scenarios[0].availabilityRatio - 0.5) < 1e-9)
        // An expired backup does not count: a 30-minute TTL for the backup that ended 59 m 29 s before.
        let daily = try CronSchedule(parsing: "0 0 * * *", allowSeconds: false)
        let short = BackupSchedule(name: "daily", location: "t", cron: daily, includedNamespaces: ["a"], ttl: 1_800_000)
        let expired = try replayWithFailures([steady], documents([deletion], backups: [short]))
        #expect(expired.results[0].incidents.first?.restore?.backup == nil)
        let kept = BackupSchedule(name: "daily", location: "t", cron: daily, includedNamespaces: ["a"], ttl: 3_600_000)
        let restored = try replayWithFailures([steady], documents([deletion], backups: [kept]))
        #expect(restored.results[0].incidents.first?.restore?.backup == "daily-19700101000030")
    }

    @Test("StressChaos memory pushes a container over its limit: OOM kills while it lasts, none after")
    func stress() throws {
        let pod = PodTrace(pod: "w-1", cpu: { _ in 0.2 }, memoryGiB: { _ in 0.4 }, settings: "500m,1,512Mi,512Mi")
        let stress = FailureSpec(
            name: "stress", location: "t",
            action: .stress(cpuCores: 1.2, memoryBytes: 300 * 1_048_576, duration: 15 * minute, containerNames: []),
            timing: .offset(30 * minute))
        let outcome = try replayWithFailures([pod], documents([stress]))
        let summary = outcome.scenarios[0]
        #expect(summary.oomKills > 0)
        let calm = try replayWithFailures([pod], documents([]))
        #expect(calm.scenarios[0].oomKills == 0)
        // CPU stress adds 1.2 cores over a 1-core limit: throttled while it lasts.
        let cpuOnly = FailureSpec(
            name: "cpu", location: "t",
            action: .stress(cpuCores: 1.2, memoryBytes: 0, duration: 15 * minute, containerNames: []),
            timing: .offset(30 * minute))
        let throttled = try replayWithFailures([pod], documents([cpuOnly]))
        #expect(abs(throttled.scenarios[0].cpuThrottledCoreHours - 0.4 * 15 / 60) < 1e-9)
    }

    @Test("VPA history: lost with the namespace unless its checkpoints were in the backup")
    func vpaHistory() throws {
        let pods = ["w-1", "w-2"].map {
            PodTrace(
                pod: $0, cpu: { 0.2 + 0.1 * Double($0 % 7) }, memoryGiB: { _ in 0.3 }, settings: "500m,1,512Mi,1Gi",
                minutes: 720)
        }
        let hourly = try CronSchedule(parsing: "0 * * * *", allowSeconds: false)
        let deletion = FailureSpec(
            name: "delete", location: "t", action: .namespaceDeletion, timing: .offset(600 * minute), namespace: "a")
        let withCheckpoints = BackupSchedule(name: "hourly", location: "t", cron: hourly, includedNamespaces: ["a"])
        let withoutCheckpoints = BackupSchedule(
            name: "hourly", location: "t", cron: hourly, includedNamespaces: ["a"], includesVPACheckpoints: false)
        let kept = try replayWithFailures(pods, documents([deletion], backups: [withCheckpoints]), policy: "vpa-off")
        let lost = try replayWithFailures(pods, documents([deletion], backups: [withoutCheckpoints]), policy: "vpa-off")
        #expect(
            lost.results[0].notes.contains {
                $0.hasPrefix("namespace a was deleted and its VerticalPodAutoscalerCheckpoints were not in the backup")
            })
        #expect(
            kept.results[0].notes.contains {
                $0.hasPrefix("namespace a was restored with its VerticalPodAutoscalerCheckpoints")
            })
        // The recommender's confidence follows its history: 2 h after the restore the upper bound is far
        // wider with the history lost than with the 9 h the checkpoint kept.
        let trace = try CanonicalTraceReader().read(text: podsCSV(pods))
        var options = ReplayOptions()
        options.burstModel = .mean
        func upperBound(_ backup: BackupSchedule) throws -> Double {
            let timeline = FailureTimeline.resolve(
                documents([deletion], backups: [backup]), trace: trace, start: trace.start, end: trace.end,
                seed: 1, run: 0)
            let engine = ReplayEngine(
                profile: TraceProfile(trace), policy: try PolicyFactory(resolving: PolicySpec(name: "vpa-off")).make(),
                options: options, evaluationStart: trace.end, failures: timeline)
            engine.collectsRecommendations = true
            return try #require(engine.run().recommendations.first?.upperBound?.cpuCores)
        }
        #expect(try upperBound(withoutCheckpoints) > 1.5 * upperBound(withCheckpoints))
    }

    @Test("random failures: the same seed gives the same Monte Carlo figures; another seed differs")
    func monteCarlo() throws {
        let random = FailureSpec(
            name: "random kills", location: "t", action: .podKill(gracePeriod: 30_000),
            timing: .random(mtbf: 30 * minute))
        let docs = documents([random])
        #expect(docs.isRandom)
        let a = try replayWithFailures([steady], docs, runs: 20, seed: 7)
        let b = try replayWithFailures([steady], docs, runs: 20, seed: 7)
        let c = try replayWithFailures([steady], docs, runs: 20, seed: 8)
        let figures = try #require(a.scenarios[0].monteCarlo)
        #expect(figures.runs == 20)
        #expect(a.scenarios[0].monteCarlo == b.scenarios[0].monteCarlo)
        #expect(a.scenarios[0].availabilityRatio == b.scenarios[0].availabilityRatio)
        #expect(a.scenarios[0].monteCarlo != c.scenarios[0].monteCarlo)
        // About 4 kills in 2 hours at a 30-minute MTBF, each 35 s down: the mean is near 4.
        let incidents = try #require(figures.figures.first { $0.name == "incidents" }).distribution
        #expect(incidents.mean > 2 && incidents.mean < 6)
        #expect(incidents.low <= incidents.mean && incidents.mean <= incidents.high && incidents.p95 <= incidents.high)
        // Without anything random, one run is replayed whatever --runs says.
        let fixed = try replayWithFailures(
            [steady],
            documents([
                FailureSpec(
                    name: "kill", location: "t", action: .podKill(gracePeriod: 0),
                    timing: .offset(30 * minute))
            ]), runs: 20)
        #expect(fixed.runs == 1 && fixed.scenarios[0].monteCarlo == nil)
    }

    @Test("with node pools a replacement starts only where capacity allows: one that fits no node stays pending")
    func replacementsNeedCapacity() throws {
        let pods = ["w-1", "w-2"].map {
            PodTrace(pod: $0, cpu: { _ in 0.5 }, memoryGiB: { _ in 0.5 }, settings: "1.5,,1Gi,")
        }
        var pricing = poolPricing()
        pricing.nodePools[0].maxNodes = 1
        let kills = ["w-1", "w-2"].map { name in
            FailureSpec(
                name: "kill \(name)", location: "t", action: .podKill(gracePeriod: 0),
                selector: TargetSelector(pods: ["a": [name]]),
                timing: .offset(30 * minute))
        }
        let outcome = try replayStatic(try CanonicalTraceReader().read(text: podsCSV(pods)), kills, pricing: pricing)
        let incidents = outcome.results[0].incidents
        // w-1 has the only node: its replacement starts 5 s later. w-2 never fitted (it ran as recorded,
        // priced at the flat rates); its replacement cannot be scheduled and stays pending.
        #expect(incidents.map(\.recoverySeconds) == [5, nil])
        #expect(try #require(outcome.scenarios[0].capacity).unschedulablePods == ["a/w-2"])
    }

    @Test(
        "node loss with node pools: without a spare node the replacements also wait for a new one's provisioning delay")
    func nodeLossNeedsANewNode() throws {
        // Two pods of 1.5 cores on 2-core nodes: each needs a node of its own.
        let trace = try twoNodeTrace(requests: true)
        let loss = FailureSpec(
            name: "loss", location: "t", action: .nodeLoss(toleration: FailureAction.defaultToleration),
            timing: .offset(60 * minute), node: "node-a")
        func recovery(provisioning: Int64, minNodes: Int = 0) throws -> Double? {
            var pricing = poolPricing()
            pricing.nodePools[0].provisioningDelay = provisioning
            pricing.nodePools[0].minNodes = minNodes
            return try replayStatic(trace, [loss], pricing: pricing).results[0].incidents.first?.recoverySeconds
        }
        // 50 s grace + 300 s toleration + 120 s until the new node is Ready + 5 s start-up.
        #expect(try recovery(provisioning: 120_000) == 475)
        #expect(try recovery(provisioning: 0) == 355)
        // A third node kept by min_nodes is spare: the replacement runs there without waiting.
        #expect(try recovery(provisioning: 120_000, minNodes: 3) == 355)
    }

    @Test("random node losses strike the nodes that run pods then, replacement nodes included")
    func randomNodeLossesKeepLanding() throws {
        let trace = try twoNodeTrace(minutes: 600)
        let random = FailureSpec(
            name: "random node-loss", location: "t", action: .nodeLoss(toleration: FailureAction.defaultToleration),
            timing: .random(mtbf: 60 * minute))
        let timeline = FailureTimeline.resolve(
            documents([random]), trace: trace, start: trace.start, end: trace.end, seed: 1, run: 0)
        #expect(timeline.failures.count >= 6)
        let outcome = try replayStatic(trace, [random])
        // Every loss hits a node with a pod on it: after the first losses, the replacement nodes.
        let incidents = outcome.results[0].incidents
        #expect(incidents.count == timeline.failures.count)
        #expect(outcome.results[0].failureNotes.isEmpty)
        #expect(incidents.allSatisfy { $0.targets.count == 2 })
        #expect(incidents.contains { $0.targets[0].hasSuffix("~1") })
        #expect(incidents.contains { $0.targets[0].hasSuffix("~2") })
    }

    @Test(
        "spot interruption: drained at the notice, replacements after the graceful termination; undrained, lost when the notice ends"
    )
    func spotInterruption() throws {
        let trace = try twoNodeTrace(requests: true)
        func incident(drained: Bool, pricing: PricingModel = .openCostDefault) throws -> Incident {
            let spot = FailureSpec(
                name: "spot", location: "t",
                action: .spotInterruption(notice: FailureAction.spotNotice, drained: drained),
                timing: .offset(60 * minute), node: "node-a")
            return try #require(try replayStatic(trace, [spot], pricing: pricing).results[0].incidents.first)
        }
        // Drained: evicted at the notice, back after the 30 s graceful termination and the 5 s start-up.
        let drained = try incident(drained: true)
        #expect(drained.kind == "spot-interruption" && drained.time == 60 * minute && drained.recoverySeconds == 35)
        #expect(drained.targets == ["node/node-a", "a/w-1"])
        // Undrained: the node runs to the end of the 2-minute notice, then the node-loss timeline (50 s + 300 s + 5 s).
        let undrained = try incident(drained: false)
        #expect(undrained.time == 62 * minute && undrained.recoverySeconds == 355)
        // With node pools and no spare node, the drained pods also wait for a new node's provisioning.
        var pricing = poolPricing()
        pricing.nodePools[0].provisioningDelay = 120_000
        #expect(try incident(drained: true, pricing: pricing).recoverySeconds == 30 + 120 + 5)
        // An undrained notice that runs past the trace strikes nothing, and says so.
        let late = FailureSpec(
            name: "late", location: "t", action: .spotInterruption(notice: FailureAction.spotNotice, drained: false),
            timing: .offset(119 * minute), node: "node-a")
        let outcome = try replayStatic(trace, [late])
        #expect(outcome.results[0].incidents.isEmpty)
        #expect(
            outcome.results[0].failureNotes == [
                "late (t): the notice given at 1970-01-01T01:59:00Z ends after the trace"
            ])
    }

    @Test("with node pools a replacement placed on a node still launching waits until it is Ready")
    func replacementWaitsForLaunchingNode() throws {
        // w-1 runs all along on the pool's one node; w-2 appears at 30 min and needs a second node,
        // launched at the 30-minute check and Ready 2 minutes later. w-2 is killed at 31 min.
        var text = "timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes,cpu_request,memory_request\n"
        for minute in 1...120 {
            text += "\(60 * minute),a,w,c,w-1,0.2,100000000,1.5,1Gi\n"
            if minute >= 30 { text += "\(60 * minute),a,w,c,w-2,0.2,100000000,1.5,1Gi\n" }
        }
        var pricing = poolPricing()
        pricing.nodePools[0].provisioningDelay = 120_000
        let kill = FailureSpec(
            name: "kill", location: "t", action: .podKill(gracePeriod: 0),
            selector: TargetSelector(pods: ["a": ["w-2"]]),
            timing: .offset(31 * minute))
        let outcome = try replayStatic(try CanonicalTraceReader().read(text: text), [kill], pricing: pricing)
        // Ready at 32 min: 60 s after the kill, rather than the 5 s start-up.
        #expect(outcome.results[0].incidents.first?.recoverySeconds == 60)
        // The node is paid from its launch: 2 nodes from 30 min (the interval before it included) on.
        let capacity = try #require(outcome.scenarios[0].capacity)
        #expect(capacity.pools[0].nodeHours == (120.0 + 91) / 60)
    }

    @Test(
        "a killed pod's replacement takes the policy's settings: vpa-initial applies only to pods created after the warmup"
    )
    func replacementsAreAdmitted() throws {
        let pods = ["w-1", "w-2"].map {
            PodTrace(pod: $0, cpu: { _ in 0.1 }, memoryGiB: { _ in 0.2 }, settings: "1,2,1Gi,2Gi", minutes: 480)
        }
        let calm = try replayWithFailures(pods, documents([]), policy: "vpa-initial")
        #expect(calm.results[0].finalSettings.allSatisfy { $0.cpuRequest == 1 })
        let kill = FailureSpec(
            name: "kill", location: "t", action: .podKill(gracePeriod: 0),
            selector: TargetSelector(pods: ["a": ["w-1"]]),
            timing: .offset(300 * minute))
        let killed = try replayWithFailures(pods, documents([kill]), policy: "vpa-initial")
        let settings = killed.results[0].finalSettings
        // The replacement of w-1 got the VPA's target; w-2 kept the recorded request.
        #expect(try #require(settings[0].cpuRequest) < 0.5)
        #expect(settings[1].cpuRequest == 1)
    }
}

@Suite("Placing failures on a trace")
struct FailureTimelineTests {
    @Test("Chaos Mesh's modes: one, all, fixed, fixed-percent rounds down, random-max-percent draws 0...value")
    func modes() {
        let pods = Array(0..<10)
        var random = SeededRandom(seed: 5)
        #expect(FailureTimeline.select(pods, mode: .all, random: &random) == pods)
        #expect(FailureTimeline.select(pods, mode: .one, random: &random).count == 1)
        #expect(FailureTimeline.select(pods, mode: .fixed(3), random: &random).count == 3)
        #expect(FailureTimeline.select(pods, mode: .fixed(30), random: &random) == pods)
        // ⌊10 × 25 / 100⌋ = 2; ⌊10 × 5 / 100⌋ = 0.
        #expect(FailureTimeline.select(pods, mode: .fixedPercent(25), random: &random).count == 2)
        #expect(FailureTimeline.select(pods, mode: .fixedPercent(5), random: &random).isEmpty)
        var counts = Set<Int>()
        for _ in 0..<200 {
            counts.insert(FailureTimeline.select(pods, mode: .randomMaxPercent(30), random: &random).count)
        }
        #expect(counts == [0, 1, 2, 3])
        // Chosen pods are distinct and kept in order; the same seed picks the same ones.
        var a = SeededRandom(seed: 9), b = SeededRandom(seed: 9)
        let first = FailureTimeline.select(pods, mode: .fixed(4), random: &a)
        #expect(first == first.sorted() && Set(first).count == 4)
        #expect(FailureTimeline.select(pods, mode: .fixed(4), random: &b) == first)
    }

    @Test("a cron schedule with Forbid skips runs while the previous pod-failure lasts")
    func forbid() throws {
        let every = try CronSchedule(parsing: "@every 10m", allowSeconds: true)
        let spec = FailureSpec(
            name: "outage", location: "t", action: .podFailure(duration: 25 * minute),
            timing: .schedule(every, forbidConcurrent: true))
        var random = SeededRandom(seed: 1)
        let index = TraceIndex(Trace())
        let times = FailureTimeline.occurrences(spec, start: 0, end: 60 * minute, index: index, random: &random)
        // 10 m fires; 20 and 30 m fall inside it (until 35 m); 40 m fires; 50 and 60 m inside (until 65 m).
        #expect(times == [10 * minute, 40 * minute])
        var allowed = spec
        allowed.timing = .schedule(every, forbidConcurrent: false)
        #expect(
            FailureTimeline.occurrences(allowed, start: 0, end: 61 * minute, index: index, random: &random).count == 6)
    }
}

@Suite("FailurePlan pod failures: one pod unless a mode says otherwise")
struct PlanPodFailureModeTests {
    /// Replays the two-pod trace with a FailurePlan holding `entry`; returns the first incident's pods.
    func hitPods(_ entry: String) throws -> [String] {
        let path = try temporaryFile(
            "apiVersion: opexsim.io/v1\nkind: FailurePlan\nfailures:\n  - \(entry)\n", name: "plan.yaml")
        let trace = try twoNodeTrace()
        var options = ReplayOptions()
        options.burstModel = .mean
        let outcome = try Replay(
            trace: trace, policies: [PolicySpec(name: "static")], pricing: .openCostDefault, options: options,
            failures: FailureDocuments.load(paths: [path])
        ).run()
        return try #require(outcome.scenarios[0].incidentTimeline.first).targets
    }

    @Test("a pod-kill, a pod-failure and a container-kill of a two-pod workload hit one pod; mode: all hits both")
    func defaultsToOne() throws {
        #expect(try hitPods("{kind: pod-kill, workload: w, at: 30m}").count == 1)
        #expect(try hitPods("{kind: pod-failure, workload: w, at: 30m, duration: 5m}").count == 1)
        #expect(try hitPods("{kind: container-kill, workload: w, at: 30m}").count == 1)
        #expect(try hitPods("{kind: pod-kill, workload: w, at: 30m, mode: all}") == ["a/w-1", "a/w-2"])
    }
}

@Suite("With node pools, node failures strike the nodes the scenario packed its pods onto")
struct PackedNodeLossTests {
    /// The two-node trace (1.5 cores and 1Gi per pod, recorded on node-a and node-b) on 4-core nodes:
    /// the scenario packs both pods onto one node, `p-0`.
    func lose(_ node: String) throws -> Incident {
        let loss = FailureSpec(
            name: "loss", location: "t", action: .nodeLoss(toleration: 300_000), selector: TargetSelector(),
            timing: .offset(30 * minute), node: node)
        let outcome = try replayStatic(try twoNodeTrace(requests: true), [loss], pricing: poolPricing(vcpu: 4))
        return try #require(outcome.scenarios[0].incidentTimeline.first)
    }

    @Test("losing node-a (where the trace ran w-1) loses the scenario's node p-0, and both pods on it")
    func recordedNodeMapsToPackedNode() throws {
        let incident = try lose("node-a")
        #expect(incident.targets == ["node/p-0", "a/w-1", "a/w-2"])
        #expect(incident.series.count == 2)
        // 50 s grace + 300 s toleration + 5 s start-up; a new node is ready at once (no provisioning delay).
        #expect(incident.recoverySeconds == 355)
    }

    @Test("a random node loss draws among the scenario's nodes: the one node running both pods")
    func randomPackedNode() throws {
        let loss = FailureSpec(
            name: "loss", location: "t", action: .nodeLoss(toleration: 300_000), selector: TargetSelector(),
            timing: .random(mtbf: 20 * minute))
        let outcome = try replayStatic(try twoNodeTrace(requests: true), [loss], pricing: poolPricing(vcpu: 4))
        let incidents = outcome.scenarios[0].incidentTimeline
        #expect(!incidents.isEmpty)
        #expect(incidents.allSatisfy { $0.targets.first == "node/p-0" })
        #expect(incidents.contains { $0.targets == ["node/p-0", "a/w-1", "a/w-2"] })
    }

    @Test("without node pools the same failure loses only what the trace ran on node-a")
    func recordedNodesWithoutPools() throws {
        let loss = FailureSpec(
            name: "loss", location: "t", action: .nodeLoss(toleration: 300_000), selector: TargetSelector(),
            timing: .offset(30 * minute), node: "node-a")
        let outcome = try replayStatic(try twoNodeTrace(requests: true), [loss])
        #expect(try #require(outcome.scenarios[0].incidentTimeline.first).targets == ["node/node-a", "a/w-1"])
    }
}

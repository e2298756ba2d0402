import OpexsimMetrics
import OpexsimTraces
import Testing

@testable import OpexsimEngine
@testable import OpexsimPolicies

/// Loops whose VPA estimates no one reads leave them unpublished, and policies that learn only for
/// their ticks get no sample after the last one; both are meant to change no result. These replays
/// compare each policy with and without those skips on random clusters.
@Suite("Work nothing reads is skipped without changing a result")
struct UnreadWorkEquivalenceTests {
    /// Six hours, ending off the minute so that samples follow the last loop: 1 to 3 workloads of 1
    /// to 3 replicas, sampled every 10 s, minute or 5 minutes (replicas offset from each other), some
    /// replicas starting late (at any time, or in the 45 s after the warmup ends at `warmupEnd` s),
    /// requests far above the usage or memory limits that the working set passes now and then. One
    /// more workload sampled every 10 s has a replica from the start and one created in the 15 s after
    /// the warmup ends (`warmupEnd` lies in the first half of its minute, so that replica is admitted
    /// before the next loop).
    func randomTrace(_ random: inout SeededRandom, warmupEnd: Int) throws -> Trace {
        var text =
            "timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes,cpu_request,cpu_limit,memory_request,memory_limit\n"
        for w in 0..<(1 + random.below(3)) {
            let interval = [10, 60, 300][random.below(3)]
            let tight = random.below(3) == 0
            let settings = tight ? "200m,400m,100Mi,128Mi" : "1,2,1Gi,2Gi"
            for replica in 0..<(1 + random.below(3)) {
                let late = random.below(4)
                let start =
                    late == 0 ? 3_000 + random.below(2_400) : late == 1 ? warmupEnd + 1 + random.below(45) : replica * 7
                var t = start + interval
                while t <= 21_595 {
                    let cpu = 0.05 + Double(random.below(300)) / 1_000
                    let spike = tight && random.below(40) == 0
                    let memory = (spike ? 140 : 60 + random.below(30)) * 1_048_576
                    text += "\(t),ns,w\(w),app,w\(w)-\(replica),\(cpu),\(memory),\(settings)\n"
                    t += interval
                }
            }
        }
        for (replica, start) in [0, warmupEnd + 1 + random.below(15)].enumerated() {
            for t in stride(from: start + 10, through: 21_595, by: 10) {
                text += "\(t),ns,edge,app,edge-\(replica),0.1,\((60 + random.below(30)) * 1_048_576),1,2,1Gi,2Gi\n"
            }
        }
        return try CanonicalTraceReader().read(text: text)
    }

    func run(
        _ trace: Trace, _ policy: String, evaluationStart: TraceInstant, reapply: Int64?, skipping: Bool
    ) throws -> ScenarioResult {
        let made = try PolicyFactory(resolving: PolicySpec(parsing: policy)).make()
        (made as? VPAPolicy)?.defersUnreadLoops = skipping
        var options = ReplayOptions()
        options.reapplyInterval = reapply
        let engine = ReplayEngine(
            profile: TraceProfile(trace), policy: made, options: options, evaluationStart: evaluationStart)
        engine.driver.stopsFeedingAfterLastTick = skipping
        return engine.run()
    }

    @Test("every VPA mode and learning policy gives the same results with and without the skips")
    func sameResults() throws {
        var random = SeededRandom(seed: 17)
        let policies = [
            "vpa-off", "vpa-initial", "vpa-recreate:min-replicas=1", "vpa-inplace:min-replicas=1", "vpa-recreate",
            "percentile", "krr-simple", "kubecost", "goldilocks-burstable",
        ]
        var evictions = 0, kills = 0
        for round in 0..<24 {
            // Off the minute, so that admissions can fall between the warmup's end and the next loop.
            let warmupEnd = 3_600 + 60 * random.below(60) + random.below(30)
            let evaluationStart = Int64(warmupEnd) * 1_000 + 500
            let trace = try randomTrace(&random, warmupEnd: warmupEnd)
            let reapply: Int64? = round % 4 == 3 ? 5_400_000 : nil
            for policy in policies {
                let skipped = try run(trace, policy, evaluationStart: evaluationStart, reapply: reapply, skipping: true)
                let full = try run(trace, policy, evaluationStart: evaluationStart, reapply: reapply, skipping: false)
                let same =
                    skipped.metrics == full.metrics && skipped.finalSettings == full.finalSettings
                    && skipped.evictions == full.evictions && skipped.resizes == full.resizes
                    && skipped.settingsChanges == full.settingsChanges && skipped.notes == full.notes
                    && skipped.burstModelSamples == full.burstModelSamples
                #expect(same, "round \(round), \(policy)")
                if !same { return }
                evictions += full.evictions
                kills += full.metrics.reduce(0) { $0 + $1.oomKills }
            }
        }
        // The clusters gave the updater and the OOM path work to do.
        #expect(evictions > 20 && kills > 20, "evictions \(evictions), OOM kills \(kills)")
    }
}

extension SeededRandom {
    /// A number in 0..<n.
    fileprivate mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

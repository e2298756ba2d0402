import OpexsimEngine
import OpexsimPolicies
import OpexsimTestSupport
import OpexsimTraces
import Testing

/// 2026-01-05T00:00:00Z in Unix milliseconds.
private let origin: Int64 = 1_767_571_200_000

/// Trace rows of pod `pod` of container `ns/w/c` at `times` (Unix milliseconds), `cores` and 200 MiB
/// each, without recorded settings (so nothing is throttled).
private func rows(pod: String, times: [Int64], cores: Double = 0.5) -> String {
    times.map { time in
        let seconds = "\(time / 1000).\(String(time % 1000 + 1000).dropFirst())"
        return "\(seconds),ns,w,c,\(pod),\(cores),209715200,,,,\n"
    }.joined()
}

/// Sample `i` (from 1) of a trace stepping `step` ms with ±`jitter` ms alternating: odd samples early,
/// even ones late.
private func jittered(_ i: Int64, step: Int64, jitter: Int64, from start: Int64 = origin) -> Int64 {
    start + i * step + (i % 2 == 0 ? jitter : -jitter)
}

private func recommendation(_ trace: Trace) throws -> ContainerRecommendation {
    let recommendations = try Replay.recommendations(
        trace: trace, policy: PolicySpec(name: "vpa-off"), options: ReplayOptions())
    return try #require(recommendations.first)
}

@Suite("VPA CPU cadence in the replay (docs/vpa.md, section 4)")
struct VPACadenceTests {
    @Test("worked case: 2 days at 59.999 s ± 0.1 s, constant 0.5 cores → confidence 2, upper = target × 1.5")
    func jitteredMinutes() throws {
        // Sample i (1…2881) at i × 59.999 s plus a seeded jitter, uniform in ±0.1 s.
        let count: Int64 = 2881
        var random = SeededRandom(seed: 2022)
        let times = (1...count).map { origin + $0 * 59_999 + Int64(((random.nextUnit() * 2 - 1) * 100).rounded()) }
        let trace = try CanonicalTraceReader().read(text: TraceText.header + "\n" + rows(pod: "p", times: times))
        #expect(zip(times, times.dropFirst()).allSatisfy { abs($1 - $0 - 59_999) <= 200 })
        let interval = trace.series[0].interval
        #expect(abs(interval - 59_999) <= 200)
        let probe = VPAReferenceProbe.run(trace)
        let replayed = try #require(probe.replayed)
        // Every trace sample is one recommender sample: nothing dropped, nothing averaged.
        #expect(replayed.cpuSamples == Int(count) && replayed.averagedSamples == 0)
        #expect(probe.referenceSamples == Int(count))
        // By hand: sample i covers (t(i−1), t(i)], the first one nominal interval back, so the first
        // start is t(1) − interval ≈ 0 and the last t(2880) ≈ 2880 × 59.999 s = 172,797.12 s (each
        // within ±0.3 s): a span of 1.99997 days. The count term is 2881 / 1440 = 2.0007, so
        // confidence = min(1.99997, 2.0007) ≈ 2.
        let span = Double(times[2879] - (times[0] - interval)) / Double(day)
        let estimate = try #require(probe.replayedEstimate(container: 0))
        #expect(estimate.cpuConfidence == min(span, Double(count) / 1440))
        #expect(abs(estimate.cpuConfidence - 2) < 1e-4)
        // 0.5 cores is in bucket 25, whose end is 0.511134 cores → 511m; plus 15% (76.65 truncated to
        // 76) = 587m at every percentile. Upper bound: 587 × (1 + 1/2) = 880.5 → 880m (the factor is
        // 1.500008 at confidence 1.99997: 880.505 → 880m); lower bound: 587 × (1 + 0.001/2)^−2 =
        // 586.41 → 586m.
        #expect(VPAHistogramOptions.cpu.bucketIndex(of: 0.5) == 25)
        #expect(estimate.target.cpuMillicores == 587)
        #expect(estimate.upperBound.cpuMillicores == 880)
        #expect(estimate.lowerBound.cpuMillicores == 586)
        let final = try recommendation(trace)
        #expect(final.target.cpuCores == 0.587)
        #expect(final.upperBound?.cpuCores == 0.88)
        #expect(final.lowerBound?.cpuCores == 0.586)
        #expect(probe.referenceEstimate(container: 0) == estimate)
    }

    @Test("a finer trace (10 s ± 0.1 s) is still averaged to one sample per minute")
    func finerTrace() throws {
        // Two hours of 10 s samples, ending in minutes 0…119 but the last, 0.1 s late, in minute 120. A
        // minute is fed once a sample of a later minute arrives: minutes 0…119 give one sample each,
        // minute 120 stays open.
        let times = (1...720).map { jittered(Int64($0), step: 10_000, jitter: 100) }
        let trace = try CanonicalTraceReader().read(text: TraceText.header + "\n" + rows(pod: "p", times: times))
        let probe = VPAReferenceProbe.run(trace)
        let replayed = try #require(probe.replayed)
        #expect(replayed.cpuSamples == 120 && replayed.averagedSamples == 120)
        #expect(probe.referenceSamples == 720)
        // Each minute's sample starts where its first sample starts: minute 0 at t(1) − interval, minute
        // 119 at t(713) = 7129.9 s (sample 714 ends at 7140.1 s, the first in minute 119).
        let aggregate = replayed.checkpoint(containers: [0])[0]
        #expect(aggregate.totalSamplesCount == 120)
        #expect(aggregate.firstSampleStart == times[0] - trace.series[0].interval)
        #expect(aggregate.lastSampleStart == times[712] && times[712] == origin + 7_129_900)
        let estimate = try #require(probe.replayedEstimate(container: 0))
        #expect(estimate.target.cpuMillicores == 587)
        // The span term binds: about 7130 s = 0.0825 days, against 120 / 1440 = 0.0833.
        let span = Double(times[712] - (times[0] - trace.series[0].interval)) / Double(day)
        #expect(estimate.cpuConfidence == span && span < 120.0 / 1440)
    }

    @Test("a finer trace with a missing sample: the longer sample stands alone and nothing is dropped")
    func finerTraceWithGap() throws {
        // 30 s samples for an hour, without the one at 10:45 (a 60 s step).
        let times = (1...120).filter { $0 != 21 }.map { origin + Int64($0) * 30_000 }
        let trace = try CanonicalTraceReader().read(text: TraceText.header + "\n" + rows(pod: "p", times: times))
        let probe = VPAReferenceProbe.run(trace)
        let replayed = try #require(probe.replayed)
        // Minutes 0…9 averaged, the sample over (10:00, 11:00] alone, minutes 11…58 averaged; minute 59 open.
        #expect(replayed.cpuSamples == 59)
        #expect(replayed.averagedSamples == 58)
    }

    @Test("a pod replaced mid-trace: each series keeps its own last sample start, nothing is dropped")
    func replacedPod() throws {
        // Pod a for a day, then pod b (a new series of the same container) from 5 minutes before a's
        // last sample for another day, both at 60 s ± 0.15 s.
        let a = (1...1440).map { jittered(Int64($0), step: 60_000, jitter: 150) }
        let b = (1...1440).map { jittered(Int64($0), step: 60_000, jitter: 150, from: origin + 1435 * minute) }
        let text = TraceText.header + "\n" + rows(pod: "w-a", times: a) + rows(pod: "w-b", times: b, cores: 0.25)
        let trace = try CanonicalTraceReader().read(text: text)
        #expect(trace.series.count == 2 && trace.containers.count == 1)
        let probe = VPAReferenceProbe.run(trace)
        let replayed = try #require(probe.replayed)
        #expect(replayed.cpuSamples == 2880 && replayed.averagedSamples == 0)
        #expect(probe.referenceSamples == 2880)
        let estimate = try #require(probe.replayedEstimate(container: 0))
        #expect(probe.referenceEstimate(container: 0) == estimate)
        // Starts from a's first, t(1) − interval, to b's last, t(1439) of b: 1435 + 1439 minutes ≈ 1.9965 days.
        #expect(
            isClose(
                estimate.cpuConfidence, Double(b[1438] - (a[0] - trace.series[0].interval)) / Double(day),
                relative: 1e-12))
    }
}

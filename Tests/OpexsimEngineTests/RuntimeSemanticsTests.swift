import OpexsimMetrics
import OpexsimTestSupport
import OpexsimTraces
import Testing

@testable import OpexsimEngine

@Suite("Runtime semantics: throttling, OOM kills, backoff")
struct RuntimeSemanticsTests {
    @Test("CrashLoopBackOff: 0, 10, 20, 40, 80, 160, 300, 300 s (pod-lifecycle)")
    func backoffSchedule() {
        #expect(
            (1...9).map(CrashLoopBackOff.delay(forCrash:)) == [
                0, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000,
            ])
        var backoff = CrashLoopBackOff()
        #expect(backoff.delay(crashAt: 100_000, runningSince: 0) == 0)
        #expect(backoff.delay(crashAt: 200_000, runningSince: 105_000) == 10_000)
        #expect(backoff.delay(crashAt: 300_000, runningSince: 215_000) == 20_000)
        // Ten minutes running resets the count.
        #expect(backoff.delay(crashAt: 1_000_000, runningSince: 325_000) == 0)
    }

    @Test("a mean above the CPU limit throttles every period and holds back the excess")
    func meanThrottling() throws {
        // 0.5 cores recorded under a 1-core limit, replayed against 400m for 10 minutes of 60 s samples.
        let (result, _) = try replay(
            csv(
                cpu: Array(repeating: 0.5, count: 10), memory: Array(repeating: 100 * mebibyte, count: 10),
                settings: "250m,1,128Mi,256Mi"), policy: "static:cpu_limit=400m")
        let m = result.metrics[0]
        #expect(m.observedSeconds == 600)
        #expect(m.runnablePeriods == 6000)
        #expect(m.throttledPeriods == 6000)
        #expect(abs(m.cpuThrottledCoreSeconds - 60) < 1e-9)
        #expect(abs(m.cpuUsedCoreSeconds - 240) < 1e-9)
        // OpenCost allocation: max(250m request, 400m used) for 600 s.
        #expect(abs(m.cpuAllocatedCoreSeconds - 240) < 1e-9)
        #expect(m.memoryAllocatedByteSeconds == 128 * mebibyte * 600)
        #expect(m.cpuSlackCoreSeconds == 0)
        #expect(m.memorySlackByteSeconds == 28 * mebibyte * 600)
        // Fully throttled for 10 minutes: not yet the 15 minutes CPUThrottlingHigh needs.
        #expect(!m.throttleHigh)
    }

    @Test("CPUThrottlingHigh fires after 15 minutes above 25%")
    func throttleHigh() throws {
        let (result, _) = try replay(
            csv(
                cpu: Array(repeating: 0.5, count: 20), memory: Array(repeating: 100 * mebibyte, count: 20),
                settings: "250m,1,128Mi,256Mi"), policy: "static:cpu_limit=400m")
        // First evaluation above the threshold at 60 s; fires from 960 s to the end at 1200 s.
        #expect(result.metrics[0].throttleHigh)
        #expect(result.metrics[0].throttleHighSeconds == 240)
    }

    @Test("no limit, no throttling and no OOM kill")
    func noLimit() throws {
        let (result, _) = try replay(csv(cpu: [5, 5, 5], memory: [9e9, 9e9, 9e9], settings: "250m,,128Mi,"))
        #expect(result.metrics[0].throttledPeriods == 0)
        #expect(result.metrics[0].oomKills == 0)
        #expect(result.metrics[0].cpuUsedCoreSeconds == 900)
    }

    @Test("OOM kills restart with backoff; demand while down is lost")
    func oomKills() throws {
        // Samples every 60 s to 1260 s; the working set exceeds 256Mi at 180 s, 300 s and 1200 s.
        var memory = Array(repeating: 100 * mebibyte, count: 21)
        memory[2] = 300 * mebibyte
        memory[4] = 300 * mebibyte
        memory[19] = 300 * mebibyte
        let (result, _) = try replay(csv(cpu: Array(repeating: 0.2, count: 21), memory: memory))
        let m = result.metrics[0]
        #expect(m.oomKills == 3)
        #expect(m.restarts == 3)
        // 1st crash: immediate restart + 5 s start-up; 2nd: 10 s backoff + 5 s; the 3rd comes after
        // 885 s of running, so the backoff has reset: 0 + 5 s.
        #expect(
            m.downSpans == [
                TimeSpan(start: 180_000, end: 185_000), TimeSpan(start: 300_000, end: 315_000),
                TimeSpan(start: 1_200_000, end: 1_205_000),
            ])
        #expect(abs(m.cpuLostCoreSeconds - 0.2 * 25) < 1e-9)
        #expect(m.upSeconds == 1260 - 25)
    }

    @Test("a recorded OOM kill counts under a memory limit as low as the recorded one, not under a higher one")
    func recordedOOM() throws {
        let text = csv(
            cpu: [0.1, 0.1, 0.1], memory: [100 * mebibyte, 250 * mebibyte, 100 * mebibyte],
            extraHeader: ",oom_killed", extra: ["0", "1", "0"])
        #expect(try replay(text).0.metrics[0].oomKills == 1)
        #expect(try replay(text, policy: "static:memory_limit=512Mi").0.metrics[0].oomKills == 0)
    }

    @Test("gaps are no data: not observed, not billed")
    func gaps() throws {
        // Samples at 60, 120, then 1200 (a gap of 1020 s, of which 960 s are no data).
        let text = """
            timestamp,namespace,workload,container,cpu_cores,memory_bytes,cpu_request,memory_request
            60,ns,w,c,0.1,100,1,1000
            120,ns,w,c,0.1,100,1,1000
            1200,ns,w,c,0.1,100,1,1000
            """
        let (result, _) = try replay(text)
        #expect(result.metrics[0].observedSeconds == 180)
        #expect(result.metrics[0].cpuAllocatedCoreSeconds == 180)
    }

    @Test("fitted burst model: a mean under the limit still throttles when the container is bursty")
    func fittedBursts() throws {
        // Alternating 0.1 and 0.7 cores: the samples vary a lot around their local mean.
        let cpu = (0..<40).map { $0 % 2 == 0 ? 0.1 : 0.7 }
        let text = csv(cpu: cpu, memory: Array(repeating: 100 * mebibyte, count: 40), settings: "250m,2,128Mi,256Mi")
        let mean = try replay(text, policy: "static:cpu_limit=600m", burst: .mean).0.metrics[0]
        let fitted = try replay(text, policy: "static:cpu_limit=600m", burst: .fitted).0.metrics[0]
        // Mean model: the 0.7 samples exceed 600m, the 0.1 ones never do.
        #expect(mean.throttledPeriods / mean.runnablePeriods == 0.5)
        #expect(fitted.throttledPeriods > 0)
        #expect(abs(fitted.cpuUsedCoreSeconds + fitted.cpuThrottledCoreSeconds - fitted.cpuDemandCoreSeconds) < 1e-9)
    }

    @Test("under the recorded limit the recorded usage is what the container got")
    func recordedLimitServesRecordedUsage() throws {
        let text = csv(cpu: [0.5, 0.5], memory: [100 * mebibyte, 100 * mebibyte], settings: "250m,400m,128Mi,256Mi")
        let m = try replay(text).0.metrics[0]
        #expect(m.cpuUsedCoreSeconds == 60)
        // The mean model still reports the limit held demand back.
        #expect(m.throttledPeriods == 1200)
        #expect(abs(m.cpuThrottledCoreSeconds - 12) < 1e-9)
    }
}

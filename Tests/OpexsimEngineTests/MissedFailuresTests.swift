import Testing

@testable import OpexsimEngine

@Suite("Failures that found nothing running, as the report lists them")
struct MissedFailuresTests {
    @Test(
        "the first three misses of a failure one line each, then how many more and the last; failures in first-miss order"
    )
    func summary() {
        var missed = MissedFailures()
        for minute in 0..<5 { missed.add("kill-a", at: Int64(minute) * 60_000) }
        missed.add("kill-b", at: 30_000)
        #expect(
            missed.notes == [
                "kill-a at 1970-01-01T00:00:00Z: nothing it targets was running",
                "kill-a at 1970-01-01T00:01:00Z: nothing it targets was running",
                "kill-a at 1970-01-01T00:02:00Z: nothing it targets was running",
                "kill-a: 2 more runs found nothing it targets running (the last at 1970-01-01T00:04:00Z)",
                "kill-b at 1970-01-01T00:00:30Z: nothing it targets was running",
            ])
    }
}

import OpexsimImport
import OpexsimTraces
import Testing

@Suite("The import summary")
struct ImportSummaryTests {
    /// A sink of two containers, one minute each for three minutes; `settings` for the second.
    func sink(second settings: ResourceSettings) throws -> ImportSink {
        var sink = ImportSink()
        for minute in 1...3 {
            let time = TraceInstant(minute) * 60_000
            try sink.append(
                CanonicalRow(
                    time: time, namespace: "ns", workload: "a", container: "c", pod: "a-0", cpuCores: 0.1,
                    memoryBytes: 1e6))
            try sink.append(
                CanonicalRow(
                    time: time, namespace: "ns", workload: "b", container: "c", pod: "b-0", cpuCores: 0.1,
                    memoryBytes: 1e6,
                    settings: settings))
        }
        return sink
    }

    @Test("containers recorded without requests or limits are named BestEffort")
    func bestEffort() throws {
        let none = try ImportSummary(source: "test", sink: try sink(second: .unset))
        #expect(none.bestEffortContainers == 2)
        #expect(
            none.text.contains(
                "settings: no requests or limits recorded for any container (BestEffort): replayed as recorded (`static`) "
                    + "they reserve nothing and pay only for what they use\n"))
        let some = try ImportSummary(
            source: "test", sink: try sink(second: ResourceSettings(cpuRequest: 0.5)))
        #expect(some.bestEffortContainers == 1)
        #expect(some.text.contains("settings: no requests or limits recorded for 1 of 2 containers (BestEffort)"))
    }
}

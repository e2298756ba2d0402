import OpexsimMetrics
import OpexsimTraces
import Testing

@Suite("Coverage of every series in one table")
struct CoverageTableTests {
    @Test("each series' spans as the trace gives them, a gap splitting them; slices keep their series")
    func spansPerSeries() throws {
        let text = """
            timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes
            60,ns,a,c,p,0.1,1
            120,ns,a,c,p,0.1,1
            600,ns,a,c,p,0.1,1
            60,ns,b,c,p,0.1,1
            120,ns,c,c,p,0.1,1
            180,ns,c,c,p,0.1,1

            """
        let trace = try CanonicalTraceReader(parallelism: 1).read(text: text)
        let table = CoverageTable(trace)
        #expect(table.count == 3)
        for index in trace.series.indices { #expect(Array(table[index]) == trace.coverage(ofSeries: index)) }
        // Series a: (0 s, 120 s] and, after the gap, (540 s, 600 s].
        #expect(
            Array(table[0]) == [
                TimeSpan(start: 0, end: 120_000), TimeSpan(start: 540_000, end: 600_000),
            ])
        let part = table.slice(1..<3)
        #expect(part.count == 2 && Array(part[0]) == Array(table[1]) && Array(part[1]) == Array(table[2]))
        #expect(table.slice(0..<1).count == 1 && Array(table.slice(0..<1)[0]) == Array(table[0]))
        #expect(table.slice(2..<2).isEmpty)
        #expect(CoverageTable([[], [TimeSpan(start: 1, end: 2)], []]).map(\.count) == [0, 1, 0])
    }
}

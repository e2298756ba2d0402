import OpexsimTraces
import Testing

@Suite("Index lists")
struct IndexListTests {
    @Test("indices beyond 32 bits, and runs reaching them, are held as they are")
    func largeIndices() {
        let big = Int(Int32.max)
        #expect(Array(IndexList((big - 2)..<(big + 2))) == [big - 2, big - 1, big, big + 1])
        var list = IndexList()
        for index in [big - 2, big - 1, big, big + 1, 7] { list.append(index) }
        #expect(Array(list) == [big - 2, big - 1, big, big + 1, 7])
        #expect(list == IndexList([big - 2, big - 1, big, big + 1, 7]))
        #expect(Array(list.shifted(by: -big)) == [-2, -1, 0, 1, 7 - big])
        var negative = IndexList()
        negative.append(-3)
        negative.append(-2)
        #expect(Array(negative) == [-3, -2] && Array(IndexList(-1..<1)) == [-1, 0])
    }

    @Test("consecutive indices, then one out of line: the same elements as an array built alike")
    func appending() {
        var list = IndexList()
        var array: [Int] = []
        #expect(list.isEmpty && list == [])
        for index in [4, 5, 6, 9, 10, 2] {
            list.append(index)
            array.append(index)
            #expect(Array(list) == array)
            #expect(list.count == array.count && list.last == array.last)
        }
        #expect(list == [4, 5, 6, 9, 10, 2])
        #expect(list != [4, 5, 6, 9, 10])
    }

    @Test("equal lists hash alike however they are held; shifting renumbers both forms")
    func equalityAndShift() {
        let range = IndexList(3..<7)
        let spread = IndexList([3, 4, 5, 6])
        #expect(range == spread && range.hashValue == spread.hashValue)
        #expect(Set([range, spread]).count == 1)
        #expect(range.shifted(by: -3) == [0, 1, 2, 3])
        #expect(IndexList([7, 2, 9]).shifted(by: -2) == [5, 0, 7])
        #expect(IndexList(5..<5).isEmpty && IndexList(5..<5) == IndexList())
        #expect(IndexList([8, 1]).description == "[8, 1]")
    }

    @Test("a pod of two containers lists its series apart; each container's series are consecutive")
    func traceGroups() throws {
        let csv = """
            timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes
            2026-01-05T00:00:00Z,shop,web,app,web-1,0.1,100
            2026-01-05T00:00:00Z,shop,web,app,web-2,0.1,100
            2026-01-05T00:00:00Z,shop,web,proxy,web-1,0.1,100
            2026-01-05T00:00:00Z,shop,web,proxy,web-2,0.1,100
            2026-01-05T00:01:00Z,shop,web,app,web-1,0.1,100
            2026-01-05T00:00:00Z,tools,cron,job,cron-1,0.1,100
            2026-01-05T00:00:00Z,tools,cron,log,cron-1,0.1,100

            """
        var builder = TraceBuilder()
        try Array(csv.utf8).withUnsafeBufferPointer {
            try CanonicalTraceReader().parse($0, file: "pods.csv", into: &builder)
        }
        let trace = try builder.build()
        #expect(trace.containers.map(\.series) == [[0, 1], [2, 3], [4], [5]])
        #expect(trace.pods.map(\.series) == [[0, 2], [1, 3], [4, 5]])
        #expect(trace.workloads[0].containers == [0, 1] && trace.workloads[0].pods == [0, 1])
        #expect(trace.workloads[1].containers == [2, 3] && trace.workloads[1].pods == [2])
        // The second workload's part counts from zero, both forms renumbered.
        let part = trace.part(trace.slice(workloads: 1..<2))
        #expect(part.containers.map(\.series) == [[0], [1]] && part.pods.map(\.series) == [[0, 1]])
        #expect(part.workloads[0].containers == [0, 1] && part.workloads[0].pods == [0])
    }
}

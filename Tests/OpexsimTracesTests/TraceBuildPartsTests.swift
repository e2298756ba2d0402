import Testing

@testable import OpexsimTraces

@Suite("Building a trace on all cores")
struct TraceBuildPartsTests {
    @Test("rows of many series in random order land in their series, sorted, with each series' interval and gaps")
    func placedAndMeasured() throws {
        // 300 series; series k samples every (1 + k % 3) minutes with one gap of 10 steps; rows are
        // appended in a shuffled order, enough of them for the placement to run in parts.
        var random = SeededRandom(seed: 7)
        var builder = TraceBuilder()
        var rows: [(series: Int, time: Int64)] = []
        let seriesCount = 300
        for k in 0..<seriesCount {
            let id = builder.series(namespace: "ns", workload: "w\(k / 10)", container: "c", pod: "p\(k)")
            #expect(id == k)
            let step = Int64(60_000 * (1 + k % 3))
            for i in 0..<(700 + k % 7) { rows.append((k, step * Int64(i < 400 ? i : i + 10) + Int64(k))) }
        }
        rows.shuffle(using: &random)
        // Over 2^17 rows: placed in parts on a machine of two cores or more.
        #expect(rows.count > 2 << 16)
        for (line, row) in rows.enumerated() {
            builder.append(
                series: row.series, time: row.time, cpu: Double(row.time % 1_000_003) / 7, memory: Double(row.series),
                line: line + 2)
        }
        let trace = try builder.build()
        #expect(trace.sampleCount == rows.count)
        #expect(trace.series.count == seriesCount)
        // Series come in name order: p0, p1, p10, p100, ...; find each by its pod name.
        var seen = 0
        for s in trace.series {
            let k = Int(trace.names[s.podName].dropFirst())!
            let step = Int64(60_000 * (1 + k % 3))
            let times = Array(trace.time[s.range])
            let expected = (0..<(700 + k % 7)).map { step * Int64($0 < 400 ? $0 : $0 + 10) + Int64(k) }
            #expect(times == expected, "series \(k)")
            #expect(trace.cpu[s.range].elementsEqual(expected.map { Double($0 % 1_000_003) / 7 }))
            #expect(trace.memory[s.range].allSatisfy { $0 == Double(k) })
            #expect(s.interval == step)
            #expect(s.gapTime == 10 * step)
            seen += s.range.count
        }
        #expect(seen == rows.count)
        #expect(trace.interval == 120_000)
    }
}

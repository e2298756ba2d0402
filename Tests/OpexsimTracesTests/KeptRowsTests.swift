import Foundation
import Testing

@testable import OpexsimTraces

@Suite("Later chunks of a file kept where they were parsed")
struct KeptRowsTests {
    /// A builder of rows of `pods` (named in the order given, so that its series ids differ from
    /// another builder's), with settings that change over time.
    func chunk(pods: [String], times: [Int64], cpu base: Double, throttled: Bool = false) -> TraceBuilder {
        var builder = TraceBuilder()
        builder.recordsLines = false
        _ = builder.addFile("t.csv")
        if throttled { builder.enableThrottled() }
        for time in times {
            for (k, pod) in pods.enumerated() {
                let id = builder.series(namespace: "ns", workload: "w", container: "c", pod: pod)
                builder.append(
                    series: id, time: time, cpu: base + Double(k) + Double(time) / 1e6, memory: Double(time),
                    settings: ResourceSettings(cpuRequest: time < 300_000 ? 0.5 : 1, cpuLimit: nil),
                    throttledRatio: throttled ? Double(k) / 10 : nil)
            }
        }
        return builder
    }

    func columns(_ trace: Trace) -> [String] {
        [
            "\(trace.time)", "\(trace.cpu)", "\(trace.memory)", "\(trace.throttledRatio)", "\(trace.sourceFile)",
            "\(trace.series.map(\.range))", "\(trace.series.map { trace.names[$0.podName] })",
            "\(trace.settingsIndex.map { trace.settings[Int($0)] })",
        ]
    }

    @Test("kept chunks build the trace a copied merge builds, with their series and settings renumbered")
    func keptEqualsMerged() throws {
        func parts() -> [TraceBuilder] {
            [
                chunk(pods: ["a", "b"], times: [60_000, 120_000], cpu: 0),
                chunk(pods: ["c", "b", "a"], times: [180_000, 240_000, 300_000], cpu: 10),
                // Out of time order within series a: the build sorts across segments.
                chunk(pods: ["a", "d"], times: [360_000, 90_000], cpu: 20),
            ]
        }
        var kept = parts()
        var merged = parts()
        var keeping = kept.removeFirst()
        var copying = merged.removeFirst()
        for (k, (a, b)) in zip(kept, merged).enumerated() {
            keeping.keep(a, fileIndex: 0, lineOffset: k)
            copying.merge(b, fileIndex: 0, lineOffset: k)
        }
        #expect(keeping.keptRows.count == 2 && copying.keptRows.isEmpty)
        #expect(keeping.rowCount == 4 + 9 + 4 && copying.rowCount == keeping.rowCount)
        let a = try keeping.build(), b = try copying.build()
        #expect(columns(a) == columns(b))
        #expect(a.series.map { a.names[$0.podName] } == ["a", "b", "c", "d"])
        #expect(a.time[a.series[0].range] == [60_000, 90_000, 120_000, 180_000, 240_000, 300_000, 360_000])
        #expect(a.cpu[a.series[3].range] == [21.09, 21.36])
        #expect(a.settings.count == 2)
    }

    @Test("rows added after kept chunks (another file, other columns) come after them")
    func settledBeforeLaterRows() throws {
        var builder = chunk(pods: ["a"], times: [60_000], cpu: 0)
        builder.keep(chunk(pods: ["a"], times: [120_000], cpu: 1), fileIndex: 0, lineOffset: 0)
        #expect(builder.keptRows.count == 1)
        // A chunk with a throttled column the builder lacks is copied, after the kept rows.
        builder.keep(chunk(pods: ["a"], times: [180_000], cpu: 2, throttled: true), fileIndex: 0, lineOffset: 0)
        #expect(builder.keptRows.isEmpty && builder.hasThrottled)
        builder.keep(chunk(pods: ["b"], times: [60_000], cpu: 3, throttled: true), fileIndex: 0, lineOffset: 0)
        #expect(builder.keptRows.count == 1)
        // A second file settles the kept rows first: its rows are file 1's, the earlier ones file 0's.
        let second = builder.addFile("u.csv")
        #expect(builder.keptRows.isEmpty && second == 1)
        let id = builder.series(namespace: "ns", workload: "w", container: "c", pod: "a")
        builder.append(series: id, time: 240_000, cpu: 4, memory: 0, file: second)
        let trace = try builder.build()
        #expect(trace.cpu == [0.06, 1.12, 2.18, 4, 3.06])
        #expect(trace.sourceFile == [0, 0, 0, 1, 0])
        #expect(trace.throttledRatio.count == 5 && trace.throttledRatio[0].isNaN && trace.throttledRatio[2] == 0)
    }

    @Test("a later file read in chunks keeps its file index in every segment")
    func keptChunksOfASecondFile() throws {
        let directory = FileManager.default.temporaryDirectory.path + "/opexsim-kept-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var paths: [String] = []
        for (file, start) in [(0, 0), (1, 200)] {
            var lines = ["timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes,cpu_throttled_ratio"]
            for i in start..<(start + 200) {
                lines.append("\(60 * (i + 1)),ns,w,c,p\(i % 4),0.\(i % 10),\(i),0.\(file)")
            }
            let path = directory + "/\(file).csv"
            try FileBytes.writeAtomically(Array((lines.joined(separator: "\n") + "\n").utf8), to: path)
            paths.append(path)
        }
        var chunked = CanonicalTraceReader(parallelism: 3)
        chunked.minimumChunkBytes = 64
        let a = try chunked.read(paths), b = try CanonicalTraceReader(parallelism: 1).read(paths)
        #expect(columns(a) == columns(b))
        #expect(a.sourceFile.filter { $0 == 1 }.count == 200 && a.sampleCount == 400)
    }
}

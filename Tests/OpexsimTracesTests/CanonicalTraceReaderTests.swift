import Testing

@testable import OpexsimTraces

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Canonical trace reader")
struct CanonicalTraceReaderTests {
    let reader = CanonicalTraceReader()

    func readError(_ text: String, skip: Bool = false) -> TraceError? {
        do {
            _ = try CanonicalTraceReader(skipBadRows: skip).read(text: text, file: "t.csv")
            return nil
        } catch let error as TraceError {
            return error
        } catch {
            return nil
        }
    }

    @Test("columns and rows in any order, grouped and sorted per replica")
    func anyOrder() throws {
        let trace = try reader.read(
            text: """
                memory_bytes,container,cpu_cores,timestamp,workload,namespace,pod,cpu_request,memory_limit
                300,app,0.3,2026-01-01T00:03:00Z,web,shop,web-1,250m,1Gi
                100,app,0.1,2026-01-01T00:01:00Z,web,shop,web-1,250m,1Gi
                900,pg,0.9,1767225660,db,shop,db-0,,
                200,app,0.2,2026-01-01T00:02:00Z,web,shop,web-1,500m,1Gi
                """)
        #expect(trace.series.count == 2)
        #expect(trace.sampleCount == 4)
        // Series are in name order: shop/db before shop/web.
        #expect(trace.names[trace.series[0].workloadName] == "db")
        let web = trace.series[1]
        #expect(trace.time[web.range] == [1_767_225_660_000, 1_767_225_720_000, 1_767_225_780_000])
        #expect(trace.cpu[web.range] == [0.1, 0.2, 0.3])
        #expect(trace.memory[web.range] == [100, 200, 300])
        let settings = trace.settingsIndex[web.range].map { trace.settings[Int($0)] }
        #expect(settings[0] == ResourceSettings(cpuRequest: 0.25, memoryLimit: 1_073_741_824))
        #expect(settings[1] == ResourceSettings(cpuRequest: 0.5, memoryLimit: 1_073_741_824))
        #expect(settings[2] == settings[0])
        #expect(trace.sourceLine[web.range] == [3, 5, 2])
        #expect(trace.settings[Int(trace.settingsIndex[trace.series[0].range.lowerBound])] == .unset)
        #expect(trace.containers.count == 2 && trace.workloads.count == 2 && trace.pods.count == 2)
        #expect(trace.names[trace.series[1].teamName] == "shop")
    }

    @Test("without a pod column each container of a workload is one replica of one pod")
    func noPodColumn() throws {
        let trace = try reader.read(
            text: """
                timestamp,namespace,workload,container,cpu_cores,memory_bytes,team
                60,ns,w,a,0.1,1,payments
                60,ns,w,b,0.2,2,payments
                """)
        #expect(trace.series.count == 2)
        #expect(trace.pods.count == 1)
        #expect(trace.pods[0].series == [0, 1])
        #expect(trace.names[trace.series[0].teamName] == "payments")
    }

    @Test("intervals and gaps: a step over three intervals is no data")
    func gaps() throws {
        // 60 s samples, then a 10-minute hole: 9 minutes of it are a gap.
        let rows = [60, 120, 180, 240, 840, 900].map { "\($0),ns,w,c,0.5,100" }.joined(separator: "\n")
        let trace = try reader.read(text: "timestamp,namespace,workload,container,cpu_cores,memory_bytes\n" + rows)
        #expect(trace.interval == 60_000)
        #expect(trace.series[0].gapTime == 540_000)
        // Covered: (0, 240] and (780, 900].
        #expect(trace.series[0].coveredTime(in: trace) == 360_000)
        #expect(trace.start == 0)
        #expect(trace.end == 900_000)
    }

    @Test("optional columns: throttled ratio, OOM kills, percentile vector, CRLF, BOM, quotes")
    func optionalColumns() throws {
        let trace = try reader.read(
            text:
                "\u{FEFF}timestamp,namespace,workload,container,cpu_cores,memory_bytes,cpu_throttled_ratio,oom_killed,cpu_p99,cpu_p50,extra\r\n"
                + "60,\"ns\",w,c,0.5,100,0.25,1,0.9,0.4,x\r\n"
                + "120,ns,w,c,0.5,,,,,,y\r\n")
        #expect(trace.series.count == 1)
        #expect(trace.throttledRatio[0] == 0.25)
        #expect(trace.throttledRatio[1].isNaN)
        #expect(trace.oomKilled == [1, 0])
        #expect(trace.cpuPercentileLevels == [50, 99])
        #expect(trace.cpuPercentiles[0] == 0.4 && trace.cpuPercentiles[1] == 0.9)
        #expect(trace.cpuPercentiles[2].isNaN)
        #expect(trace.memory[1].isNaN)
        #expect(trace.warnings.contains { $0.contains("unknown column ignored: extra") })
    }

    @Test("errors name file, line and column")
    func located() {
        let header = "timestamp,namespace,workload,container,cpu_cores,memory_bytes\n"
        #expect(readError("")?.description.hasPrefix("t.csv:1:1: empty file") == true)
        #expect(
            readError("timestamp,namespace,workload,container,cpu_cores\n1,a,b,c,1\n")?.description
                == "t.csv:1:1: missing required column memory_bytes (the header has: timestamp,namespace,workload,container,cpu_cores)"
        )
        #expect(
            readError(header + "60,ns,w,c,0.1,1\n120,ns,w,c,zero,1\n")?.description
                == "t.csv:3:12: cpu_cores: expected a number of cores, found \"zero\"")
        #expect(
            readError(header + "60,ns,w,c,0.1,-5\n")?.description == "t.csv:2:15: memory_bytes: negative value \"-5\"")
        #expect(
            readError(header + "2026-13-01T00:00:00Z,ns,w,c,0.1,5\n")?.description.hasPrefix(
                "t.csv:2:1: timestamp: expected RFC 3339") == true)
        #expect(
            readError(header + "60,ns,w,c,0.1\n")?.description
                == "t.csv:2:14: expected 6 fields as in the header, found 5")
        #expect(
            readError(header + "60,ns,w,c,0.1,1,7\n")?.description
                == "t.csv:2:17: expected 6 fields as in the header, found more")
        #expect(readError(header + "60,,w,c,0.1,1\n")?.description.hasPrefix("t.csv:2:4: namespace: empty") == true)
        #expect(
            readError(header + "60,ns,w,c,0.1,1\n60,ns,w,c,0.2,1\n")?.description
                == "t.csv:3:1: duplicate sample: same namespace, workload, container, pod and timestamp as line 2")
        #expect(
            readError(
                "timestamp,namespace,workload,container,cpu_cores,memory_bytes,cpu_limit\n60,ns,w,c,0.1,1,2 cores\n")?
                .description
                == "t.csv:2:17: cpu_limit: expected a Kubernetes quantity in cores, e.g. 250m or 1.5, found \"2 cores\""
        )
        // Magnitudes no node has are typing errors (and would overflow the figures).
        #expect(
            readError(header + "60,ns,w,c,1e308,1\n")?.description
                == "t.csv:2:11: cpu_cores: \"1e308\" is more than any node has (at most 1,000,000 cores)")
        #expect(
            readError(
                header
                    + "2026-01-05T00:00:00Z,ns,w,c,0.1,1\n2026-01-05T00:01:00Z,ns,w,c,0.1,1\n3026-01-05T00:00:00Z,ns,w,c,0.1,1\n"
            )?
            .description
                == "t.csv:4:1: timestamp 3026-01-05T00:00:00Z is more than 3650d (10 years) from 2026-01-05T00:00:00Z (line 2); "
                + "a trace may span at most 3650d (10 years)")
        // Bare CR line endings, and a quoted line break in a bad value, still give one line.
        #expect(
            readError(String(header.dropLast()) + "\r60,ns,w,c,0.1,1\r")?.description
                == "t.csv:1:62: lines end with a bare carriage return (CR); opexsim reads LF or CRLF line endings")
        #expect(
            readError(header + "60,ns,w,c,\"0.1\nx\",1\n")?.description
                == "t.csv:2:12: cpu_cores: expected a number of cores, found \"0.1?x\"")
        #expect(
            readError(header + "60,ns,w,c,0.1,2e18\n")?.description
                == "t.csv:2:15: memory_bytes: \"2e18\" is more than any node has (at most 1Ei)")
        #expect(
            readError(
                "timestamp,namespace,workload,container,cpu_cores,memory_bytes,cpu_request\n60,ns,w,c,0.1,1,99999999999999999999\n"
            )?
            .description
                == "t.csv:2:17: cpu_request: \"99999999999999999999\" is more than any node has (at most 1,000,000 cores)"
        )
    }

    @Test("skip-bad-rows skips, counts and keeps the rest")
    func skipping() throws {
        let trace = try CanonicalTraceReader(skipBadRows: true).read(
            text: """
                timestamp,namespace,workload,container,cpu_cores,memory_bytes
                60,ns,w,c,0.1,1
                120,ns,w,c,zero,1
                180,ns,w,c,0.3
                240,ns,w,c,0.4,4
                240,ns,w,c,0.5,5
                """, file: "t.csv")
        // Two malformed rows and one duplicate (the first of the two 240 s samples is kept).
        #expect(trace.cpu == [0.1, 0.4])
        #expect(trace.skippedRows == 3)
        #expect(trace.warnings.contains("dropped 1 duplicate sample (same series and timestamp)"))
        #expect(
            trace.warnings.contains { $0.hasPrefix("skipped 2 malformed rows (first: t.csv:3:12: cpu_cores") },
            "\(trace.warnings)")
    }

    @Test("a skipped row adds no replica: a pod seen only in bad rows is not in the trace")
    func skippedRowsAddNoSeries() throws {
        let trace = try CanonicalTraceReader(skipBadRows: true).read(
            text: """
                timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes,cpu_request
                60,ns,w,c,p-1,0.1,1,200m
                60,ns,w,c,p-2,0.1,1,1e
                60,ns,v,c,p-3,oops,1,200m
                """, file: "t.csv")
        #expect(trace.pods.map { trace.names[$0.podName] } == ["p-1"])
        #expect(trace.series.count == 1 && trace.workloads.count == 1 && trace.skippedRows == 2)
    }
}

@Suite("Chunked parallel parsing")
struct ChunkedReaderTests {
    func text(rows: Int, badRow: Int? = nil) -> String {
        var lines = ["timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes,cpu_request"]
        for i in 0..<rows {
            let cpu = i == badRow ? "oops" : String(Double(i % 17) / 10)
            lines.append("\(60 * (i / 3 + 1)),ns,w\(i % 3),c,p\(i % 3),\(cpu),\(i * 1000),\(i % 2 == 0 ? "250m" : "1")")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test("parsing in chunks gives the same trace as one pass")
    func sameTrace() throws {
        let chunked = chunkedReader()
        let a = try chunked.read(text: text(rows: 300), file: "t.csv")
        let b = try CanonicalTraceReader(parallelism: 1).read(text: text(rows: 300), file: "t.csv")
        #expect(a.time == b.time)
        #expect(a.cpu == b.cpu)
        #expect(a.memory == b.memory)
        #expect(a.sourceLine == b.sourceLine)
        #expect(a.series == b.series)
        #expect(a.settingsIndex.map { a.settings[Int($0)] } == b.settingsIndex.map { b.settings[Int($0)] })
    }

    @Test(
        "series found by the order of the previous timestamp, by hash when it changes; settings reread when their cells change"
    )
    func interleavedOrderAndSettings() throws {
        // Three replicas interleaved by time, in a changing order; b's limit changes at 180 and its
        // request cell moves from quoted to unquoted text with the same bytes between the commas.
        let text = """
            timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes,cpu_request,cpu_limit
            60,ns,w,c,a,0.1,1,100m,1
            60,ns,w,c,b,0.2,2,"1",2
            60,ns,w,c,c,0.3,3,,
            120,ns,w,c,a,0.4,4,100m,1
            120,ns,w,c,b,0.5,5,"1",2
            120,ns,w,c,c,0.6,6,,
            180,ns,w,c,c,0.7,7,,
            180,ns,w,c,b,0.8,8,1,3
            180,ns,w,c,a,0.9,9,100m,1
            240,ns,w,c,b,1.0,10,1,3

            """
        let trace = try CanonicalTraceReader().read(text: text, file: "t.csv")
        #expect(trace.series.map { trace.names[$0.podName] } == ["a", "b", "c"])
        #expect(trace.series.map { $0.range } == [0..<3, 3..<7, 7..<10])
        #expect(trace.cpu == [0.1, 0.4, 0.9, 0.2, 0.5, 0.8, 1.0, 0.3, 0.6, 0.7])
        let limits = trace.settingsIndex.map { trace.settings[Int($0)].cpuLimit }
        #expect(limits == [1, 1, 1, 2, 2, 3, 3, nil, nil, nil])
        #expect(
            trace.settingsIndex.map { trace.settings[Int($0)].cpuRequest } == [
                0.1, 0.1, 0.1, 1, 1, 1, 1, nil, nil, nil,
            ])
        // The same bytes between the commas, but not the same cell: `1"` is no quantity.
        let bad = text.replacing("180,ns,w,c,b,0.8,8,1,3", with: "180,ns,w,c,b,0.8,8,1\",2")
        #expect(throws: TraceError.self) { try CanonicalTraceReader().read(text: bad, file: "t.csv") }
        do {
            _ = try CanonicalTraceReader().read(text: bad, file: "t.csv")
        } catch let error as TraceError {
            #expect(error.line == 9 && error.message.hasPrefix("cpu_request: expected a Kubernetes quantity"))
        }
    }

    /// A reader that cuts every file of more than 64 bytes into 3 chunks.
    func chunkedReader() -> CanonicalTraceReader {
        var reader = CanonicalTraceReader(parallelism: 3)
        reader.minimumChunkBytes = 64
        return reader
    }

    @Test("a file read in chunks and merged after it is unmapped gives the same trace and error lines")
    func fileInChunks() throws {
        let path = "/tmp/opexsim-chunks-\(getpid()).csv"
        defer { unlink(path) }
        let chunked = chunkedReader()
        for (badRow, expectedLine) in [(nil, nil), (250, 252)] as [(Int?, Int?)] {
            let bytes = Array(text(rows: 300, badRow: badRow).utf8)
            try FileBytes.writeAtomically(bytes, to: path)
            do {
                let a = try chunked.read([path])
                let b = try CanonicalTraceReader(parallelism: 1).read([path])
                #expect(expectedLine == nil)
                // Chunks keep no lines (the one-pass reading that names rows does).
                #expect(a.time == b.time && a.cpu == b.cpu && a.memory == b.memory)
                #expect(a.sourceLine.isEmpty && b.sourceLine.count == b.sampleCount)
                #expect(a.series == b.series && a.sampleCount == 300)
            } catch let error as TraceError {
                #expect(error.line == expectedLine && error.column == 17)
            }
        }
    }

    @Test("a mapped file whose parsed pages are handed back as it is read gives the same trace")
    func pagesReleasedBehindTheParser() throws {
        let path = "/tmp/opexsim-release-\(getpid()).csv"
        defer { unlink(path) }
        let csv = text(rows: 20_000)
        let bytes = Array(csv.utf8)
        try FileBytes.writeAtomically(bytes, to: path)
        let expected = try CanonicalTraceReader(parallelism: 1).read(text: csv, file: path)
        for parallelism in [1, 3] {
            // Pages dropped every 8 KiB of a 0.8 MB file, 8 KiB behind the parser.
            var reader = CanonicalTraceReader(parallelism: parallelism)
            reader.minimumChunkBytes = 64 << 10
            reader.releaseStep = 8_192
            let trace = try reader.read([path])
            #expect(trace.time == expected.time && trace.cpu == expected.cpu && trace.memory == expected.memory)
            #expect(trace.series == expected.series && trace.settingsIndex == expected.settingsIndex)
            #expect(trace.sampleCount == 20_000 && bytes.count > 80 * 8_192)
        }
    }

    @Test("a duplicate sample and a span too long in a file read in chunks name their lines")
    func linesOfBuildErrorsInChunks() throws {
        let path = "/tmp/opexsim-chunk-lines-\(getpid()).csv"
        defer { unlink(path) }
        let chunked = chunkedReader()
        // Data row 250 (line 252) repeats row 247's series and time (line 249); in the second file
        // row 280 (line 282) is 20 years after the first row (line 2).
        let rows = text(rows: 300).split(separator: "\n").map(String.init)
        var duplicate = rows, farOff = rows
        duplicate[251] = rows[248]
        farOff[281] = "631152000" + rows[281].drop { $0 != "," }
        for (lines, expected) in [(duplicate, (252, "as line 249")), (farOff, (282, "(line 2)"))] {
            let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
            try FileBytes.writeAtomically(bytes, to: path)
            do {
                _ = try chunked.read([path])
                Issue.record("expected an error at line \(expected.0)")
            } catch let error as TraceError {
                #expect(error.line == expected.0 && error.message.contains(expected.1), "\(error)")
            }
        }
    }

    @Test("CPU percentiles that decrease, or a cpu_max below the mean, are kept with one warning naming the first")
    func percentilesOutOfOrder() throws {
        let text = """
            timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes,cpu_p50,cpu_p90,cpu_max
            60,ns,w,c,p,0.5,1,0.4,0.9,1.0
            120,ns,w,c,p,0.5,1,0.4,0.3,1.0
            180,ns,w,c,p,0.5,1,0.4,,0.45
            240,ns,w,c,p,0.5,1,0.4,0.9,0.8999999999
            300,ns,w,c,p,0.5,1,0.4,0.9,

            """
        let trace = try CanonicalTraceReader().read(text: text, file: "t.csv")
        #expect(trace.sampleCount == 5)
        #expect(
            trace.warnings == [
                "2 rows with CPU percentiles out of order, kept; the percentile model reads each vector as non-decreasing "
                    + "(first: t.csv:3:24: cpu_p90 \"0.3\" is below cpu_p50 \"0.4\")"
            ])
        let maxOnly = try CanonicalTraceReader().read(
            text: "timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes,cpu_max\n60,ns,w,c,p,0.5,1,0.45\n",
            file: "m.csv")
        #expect(
            maxOnly.warnings.first?.hasSuffix(
                "(first: m.csv:2:19: cpu_max \"0.45\" is below the mean cpu_cores \"0.5\")") == true)
    }

    @Test("rows out of order are counted as the rule says, over random vectors with gaps, ties and rounding")
    func percentileOrderCounts() throws {
        var random = SeededRandom(seed: 31)
        var text = "timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes,cpu_p50,cpu_p90,cpu_p99,cpu_max\n"
        var expected = 0
        for row in 0..<3_000 {
            let mean = Double(1 + random.next() % 1_000) / 1_000
            // Values that rise, tie, fall a little (within and beyond the 1e-6 allowed) or are missing.
            var values: [Double?] = []
            var level = Double(random.next() % 500) / 1_000
            for _ in 0..<4 {
                switch random.next() % 8 {
                case 0: values.append(nil)
                case 1: values.append(level)
                case 2: values.append(level * (1 - 1e-7))
                case 3: values.append(max(0, level - 0.01))
                default:
                    level += Double(random.next() % 300) / 1_000
                    values.append(level)
                }
            }
            let present = values.compactMap { $0 }
            let falls = zip(present, present.dropFirst()).contains { $1 < $0 * (1 - 1e-6) }
            let maximumLow = values[3].map { $0 < mean * (1 - 1e-6) } ?? false
            if falls || maximumLow { expected += 1 }
            let cells = values.map { $0.map { "\($0)" } ?? "" }.joined(separator: ",")
            text += "\(60 * (row + 1)),ns,w,c,p,\(mean),1,\(cells)\n"
        }
        let trace = try CanonicalTraceReader().read(text: text, file: "r.csv")
        #expect(expected > 500 && expected < 2_900)
        #expect(trace.warnings.first?.hasPrefix("\(expected) rows with CPU percentiles out of order, kept") == true)
    }

    @Test("a quoted line break or a bad labels cell where a chunk starts reads as in one pass")
    func chunkArtifacts() throws {
        let path = "/tmp/opexsim-artifacts-\(getpid()).csv"
        defer { unlink(path) }
        var chunked = CanonicalTraceReader(parallelism: 4)
        chunked.minimumChunkBytes = 64
        var skipping = chunked
        skipping.skipBadRows = true
        func write(_ text: String) throws {
            try FileBytes.writeAtomically(Array(text.utf8), to: path)
        }
        // Annotations holding line breaks on every row: chunk cuts fall inside quoted cells.
        var text = "timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes,annotations\n"
        for i in 1...60 { text += "\(60 * i),ns,w,c,p\(i % 3),0.\(i % 9),\(i),\"note=line one\nline two\"\n" }
        try write(text)
        let reference = try CanonicalTraceReader(parallelism: 1).read([path])
        for reader in [chunked, skipping] {
            let trace = try reader.read([path])
            #expect(trace.sampleCount == 60 && trace.skippedRows == 0)
            #expect(trace.cpu == reference.cpu && trace.series == reference.series)
        }
        // A bad labels cell on a later row of a series: one pass reads labels from a series' first row only.
        var labelled = "timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes,labels\n"
        for i in 1...60 { labelled += "\(60 * i),ns,w,c,p,0.1,1,\(i == 1 ? "app=w" : "bad key=x")\n" }
        try write(labelled)
        #expect(try chunked.read([path]).sampleCount == 60)
    }

    @Test("names, nodes, teams, labels and annotations first seen in later chunks are adopted as one pass reads them")
    func adoptedNames() throws {
        var text = "timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes,node,team,labels,annotations\n"
        for i in 0..<400 {
            // Later rows bring new pods, nodes and teams, and names that are not ASCII (two spellings of "é").
            let pod = i < 200 ? "p\(i % 5)" : (i % 2 == 0 ? "caf\u{E9}-\(i % 7)" : "cafe\u{301}-\(i % 7)")
            text +=
                "\(60 * (i / 20 + 1)),ns\(i % 2),w\(i % 3),c,\(pod),0.5,1000,n\(i / 100),t\(i % 4),app=w\(i % 3),note=\(i / 50)\n"
        }
        let one = try CanonicalTraceReader(parallelism: 1).read(text: text, file: "n.csv")
        var chunked = CanonicalTraceReader(parallelism: 4)
        chunked.minimumChunkBytes = 64
        let many = try chunked.read(text: text, file: "n.csv")
        #expect(many.names.names == one.names.names)
        #expect(many.series == one.series && many.pods == one.pods)
        #expect(many.containers == one.containers && many.cpu == one.cpu && many.time == one.time)
        for pod in one.pods.indices {
            #expect(many.labels(ofPod: pod) == one.labels(ofPod: pod))
            #expect(many.annotations(ofPod: pod) == one.annotations(ofPod: pod))
        }
        // The two spellings of "é" are one name per suffix: 7 such names, not 14.
        #expect(one.names.names.filter { $0.hasPrefix("caf") }.count == 7)
    }

    @Test("an error in a later chunk names its true line")
    func laterChunkError() {
        let chunked = chunkedReader()
        #expect(
            throws: TraceError(
                file: "t.csv", line: 252, column: 17, message: "cpu_cores: expected a number of cores, found \"oops\"")
        ) {
            try chunked.read(text: text(rows: 300, badRow: 250), file: "t.csv")
        }
    }
}

@Suite("Throttled ratios kept in 4 bytes while reading")
struct ThrottledRatioStorageTests {
    @Test(
        "a ratio written with up to nine decimals reads back as exactly the Double of its text; finer ones within 5e-10"
    )
    func exactToNineDecimals() throws {
        var random = SeededRandom(seed: 7)
        var texts: [String] = ["0", "1", "0.5", "0.000000001", "0.999999999", "0.1", "0.3", "0.123456789"]
        for digits in 1...9 {
            for _ in 0..<300 {
                let k = random.next() % UInt64(pow(10, Double(digits)))
                let fraction = String(k)
                texts.append("0." + String(repeating: "0", count: digits - fraction.count) + fraction)
            }
        }
        let fine = ["0.1234567891", "0.00000000049", "0.99999999951", "0.333333333333333"]
        let all = texts + fine
        var csv = "timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes,cpu_throttled_ratio\n"
        for (i, text) in all.enumerated() { csv += "\(60 * (i + 1)),ns,w,c,p,0.5,1,\(text)\n" }
        let trace = try CanonicalTraceReader().read(text: csv, file: "t.csv")
        #expect(trace.throttledRatio.count == all.count)
        for (i, text) in texts.enumerated() where trace.throttledRatio[i] != Double(text)! {
            Issue.record("\(text) read as \(trace.throttledRatio[i])")
        }
        for (i, text) in fine.enumerated() {
            let error = abs(trace.throttledRatio[texts.count + i] - Double(text)!)
            #expect(error <= 5e-10, "\(text) read as \(trace.throttledRatio[texts.count + i])")
        }
        // 0.00000000049 moves by 4.9e-10 to 0: the storage is not a Double.
        #expect(trace.throttledRatio[texts.count + 1] == 0)
    }
}

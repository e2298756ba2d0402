import Foundation
import OpexsimTestSupport
import Testing

@testable import OpexsimTraces

/// A small trace with every optional column: labels, percentiles, throttling, OOM kills, settings.
private let richText = """
    timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes,cpu_request,cpu_limit,memory_request,memory_limit,node,team,cpu_throttled_ratio,oom_killed,cpu_p50,cpu_max,labels
    60,shop,web,nginx,web-0,0.25,1000,250m,1,64Mi,128Mi,node-a,store,0.1,0,0.2,0.9,app=web;tier=frontend
    120,shop,web,nginx,web-0,0.5,2000,250m,1,64Mi,128Mi,node-a,store,0.2,1,0.4,1.0,
    60,shop,web,nginx,web-1,0.125,1500,,,,,node-b,,,,,,app=web
    180,shop,web,nginx,web-1,0.375,,,,,,node-b,,,,,,
    60,data,pg,db,pg-0,1,4000000,1,2,1Gi,2Gi,node-a,data,0,0,0.9,1.5,
    """

private func decodeError(_ bytes: [UInt8]) -> String? {
    do {
        _ = try bytes.withUnsafeBufferPointer { try TraceCache.decode($0, file: "t.opxt") }
        return nil
    } catch let error as TraceError {
        return error.message
    } catch {
        return "\(error)"
    }
}

/// `bytes` with the payload changed by `change` and the header's length and checksum made to match.
private func resealed(_ bytes: [UInt8], _ change: (inout [UInt8]) -> Void) -> [UInt8] {
    var payload = Array(bytes[32...])
    change(&payload)
    var header = Array(bytes[0..<16])
    withUnsafeBytes(of: UInt64(payload.count).littleEndian) { header += $0 }
    let sum = payload.withUnsafeBufferPointer { TraceCache.payloadChecksum($0) }
    withUnsafeBytes(of: sum.littleEndian) { header += $0 }
    return header + payload
}

@Suite("The binary trace cache (.opxt)")
struct TraceCacheTests {
    @Test("a trace read back from its cache equals the trace, column by column")
    func roundTrip() throws {
        let trace = try CanonicalTraceReader().read(text: richText, file: "rich.csv")
        let bytes = TraceCache.encode(trace)
        #expect(Array(bytes[0..<8]) == Array("OPXTRACE".utf8))
        let back = try bytes.withUnsafeBufferPointer { try TraceCache.decode($0, file: "rich.opxt") }
        #expect(sameTrace(trace, back))
        // Lines only name rows in errors found while building: a cache keeps none.
        #expect(!trace.sourceLine.isEmpty && back.sourceLine.isEmpty)
        #expect(
            back.labels(ofPod: 1)?.text == "app=web;tier=frontend"
                || back.labels(ofPod: 2)?.text == "app=web;tier=frontend")
        // The same trace gives the same bytes.
        #expect(TraceCache.encode(back) == bytes)
    }

    @Test("corrupt, truncated, foreign-version and stale caches are refused with the reason")
    func refused() throws {
        let trace = try CanonicalTraceReader().read(text: richText, file: "rich.csv")
        let bytes = TraceCache.encode(trace)
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x40
        #expect(decodeError(flipped) == "not a usable trace cache: checksum mismatch (the file is corrupt)")
        #expect(decodeError(Array(bytes.dropLast(8)))?.contains("(truncated?)") == true)
        var version = bytes
        version[8] = 9
        #expect(decodeError(version)?.contains("format version 9, this opexsim reads version 3") == true)
        #expect(decodeError(Array("timestamp,namespace\n".utf8)) == "not a usable trace cache: no OPXTRACE header")
        // A cache whose source changed since.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("opxt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let source = directory.appendingPathComponent("t.csv").path
        try richText.write(toFile: source, atomically: true, encoding: .utf8)
        let cache = directory.appendingPathComponent("t.opxt").path
        try TraceCache.write(try CanonicalTraceReader().read([source]), to: cache)
        #expect(try CanonicalTraceReader().read([cache]).sampleCount == 5)
        try (richText + "\n240,shop,web,nginx,web-0,0.25,1000,250m,1,64Mi,128Mi,node-a,store,0.1,0,0.2,0.9,\n")
            .write(toFile: source, atomically: true, encoding: .utf8)
        #expect {
            _ = try CanonicalTraceReader().read([cache])
        } throws: { error in
            (error as? TraceError)?.message.hasPrefix(
                "stale trace cache: \(source) changed since the cache was written")
                == true
        }
        #expect(throws: TraceError.self) { _ = try CanonicalTraceReader().read([cache, source]) }
    }

    @Test("times the reader refuses are refused in a cache: a span over ten years, intervals and gaps past it")
    func timesOutOfRange() throws {
        let trace = try CanonicalTraceReader().read(text: richText, file: "rich.csv")
        func refusal(_ change: (inout Trace) -> Void) -> String? {
            var changed = trace
            change(&changed)
            return decodeError(TraceCache.encode(changed))
        }
        // The last sample of a series moved to the end of time: its covered time would overflow.
        let last = trace.series[0].range.upperBound - 1
        #expect(
            refusal { $0.time[last] = Int64.max }
                == "not a usable trace cache: samples more than 3650d (10 years) apart")
        #expect(
            refusal { $0.time[last] = $0.time[0] + Trace.maximumSpan + 1 }
                == "not a usable trace cache: samples more than 3650d (10 years) apart")
        #expect(
            refusal { $0.series[0].interval = Int64.max }
                == "not a usable trace cache: a series' interval or gaps over 3650d (10 years)")
        #expect(
            refusal { $0.series[0].gapTime = Int64.max }
                == "not a usable trace cache: a series' interval or gaps over 3650d (10 years)")
        // Grouping indices are held in 32 bits: one set past them is held at the end of the range and
        // refused as pointing outside the trace, never wrapped onto another container.
        #expect(
            refusal { $0.series[0].containerIndex = Int(Int32.max) + 5 }
                == "not a usable trace cache: a series points outside the trace")
        #expect(
            refusal { $0.series[0].podIndex = -5_000_000_000 }
                == "not a usable trace cache: a series points outside the trace")
        #expect(refusal { $0.interval = Int64.max } == "not a usable trace cache: an interval over 3650d (10 years)")
        #expect(refusal { $0.time[last] = $0.time[0] + Trace.maximumSpan } == nil)
    }

    @Test("random changes behind a valid checksum are refused or read as a consistent trace, never a crash")
    func fuzzed() throws {
        let trace = try CanonicalTraceReader().read(text: richText, file: "rich.csv")
        let bytes = TraceCache.encode(trace)
        var random = SeededRandom(seed: 42)
        var refused = 0
        for _ in 0..<2_000 {
            let changed = resealed(bytes) { payload in
                for _ in 0..<(1 + Int(random.next() % 3)) {
                    let at = Int(random.next() % UInt64(payload.count))
                    payload[at] = UInt8(truncatingIfNeeded: random.next())
                }
            }
            do {
                let read = try changed.withUnsafeBufferPointer { try TraceCache.decode($0, file: "f.opxt") }
                // Whatever was read holds together: every series' samples can be visited.
                for s in read.series { for i in s.range { _ = read.cpu[i] + read.memory[i] } }
            } catch is TraceError {
                refused += 1
            }
        }
        #expect(refused > 1_000)
    }
}

@Suite("Trace caches written in pieces")
struct TraceCachePiecesTests {
    @Test("the block checksum fed in pieces equals the one of blocks checked on all cores, across block edges")
    func blockChecksum() {
        var random = SeededRandom(seed: 11)
        let block = BlockChecksum.blockSize
        for length in [0, 1, 9, block - 1, block, block + 1, 2 * block + 7, 5 * block + 3] {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let checked = bytes.withUnsafeBufferPointer { BlockChecksum.of($0, handingBack: false) }
            for round in 0..<3 {
                var sum = BlockChecksum(length: length)
                var start = 0
                while start < length {
                    // Pieces of a few bytes, then of up to half a block: word and block edges fall inside them.
                    let most = round == 0 ? 13 : block / 2
                    let end = min(length, start + 1 + Int(random.next() % UInt64(most)))
                    bytes.withUnsafeBytes { sum.add(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
                    start = end
                }
                #expect(sum.finish() == checked, "length \(length)")
            }
            guard length >= 2 * block else { continue }
            // Blocks are hashed with their place: two blocks swapped give another checksum, as does one
            // byte changed in the last, short block.
            var swapped = bytes
            swapped.replaceSubrange(0..<block, with: bytes[block..<(2 * block)])
            swapped.replaceSubrange(block..<(2 * block), with: bytes[0..<block])
            #expect(swapped.withUnsafeBufferPointer { BlockChecksum.of($0, handingBack: false) } != checked)
            var changed = bytes
            changed[length - 1] ^= 1
            #expect(changed.withUnsafeBufferPointer { BlockChecksum.of($0, handingBack: false) } != checked)
        }
    }

    @Test("checked on all cores, a cache's faults are named in the order a row-by-row check finds them")
    func faultsInOrder() throws {
        // 600,000 rows of 4 series: the value columns are copied and scanned in parts, the series'
        // times too (the time column's 4.8 MB is copied in two parts on two cores).
        var text = "timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes\n"
        for series in 0..<4 {
            for row in 0..<150_000 { text += "\(60 * (row + 1)),ns,w\(series),c,p\(series),0.5,1000\n" }
        }
        let trace = try CanonicalTraceReader().read(text: text, file: "four.csv")
        func refusal(_ change: (inout Trace) -> Void) -> String? {
            var changed = trace
            change(&changed)
            return decodeError(TraceCache.encode(changed)).map {
                String($0.dropFirst("not a usable trace cache: ".count))
            }
        }
        let last = trace.sampleCount - 1
        #expect(refusal { $0.cpu[last] = -1 } == "a CPU value out of range")
        #expect(
            refusal {
                $0.cpu[last] = -1
                $0.memory[0] = -1
            } == "a CPU value out of range")
        #expect(refusal { $0.memory[last] = .infinity } == "a memory value out of range")
        #expect(refusal { $0.settingsIndex[last] = 7 } == "a settings index out of range")
        #expect(
            refusal { $0.time[last] = $0.time[0] + Trace.maximumSpan + 1 } == "samples more than 3650d (10 years) apart"
        )
        let third = trace.series[2].range, fourth = trace.series[3].range
        // Series 2's samples out of order, series 3 naming an unknown name: series 2 comes first.
        #expect(
            refusal {
                $0.time[third.lowerBound + 10] = $0.time[third.lowerBound + 9]
                $0.series[3].teamName = 1_000
            } == "a series' samples are out of time order")
        // The other way round: series 2 names the unknown name, series 3 is out of order.
        #expect(
            refusal {
                $0.series[2].teamName = 1_000
                $0.time[fourth.upperBound - 1] = $0.time[fourth.upperBound - 2]
            } == "a series names an unknown name")
        #expect(
            refusal { $0.time[fourth.upperBound - 1] = $0.time[fourth.upperBound - 2] }
                == "a series' samples are out of time order")
        #expect(refusal { _ in } == nil)
        let bytes = TraceCache.encode(trace)
        #expect(sameTrace(trace, try bytes.withUnsafeBufferPointer { try TraceCache.decode($0, file: "four.opxt") }))
    }

    @Test("the checksum fed in pieces of any lengths equals the checksum of the whole")
    func checksumInPieces() {
        var random = SeededRandom(seed: 5)
        for length in [0, 1, 7, 8, 9, 63, 64, 1_000, 4_099] {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let whole = bytes.withUnsafeBufferPointer { TraceCache.checksum($0) }
            for _ in 0..<20 {
                var sum = Checksum(length: length)
                var start = 0
                while start < length {
                    let end = min(length, start + Int(random.next() % 13))
                    bytes.withUnsafeBytes { sum.add(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
                    start = end
                }
                #expect(sum.finish() == whole, "length \(length)")
            }
        }
    }

    @Test("a cache written from a trace's own columns holds the bytes encode gives, and reads back")
    func writtenInPieces() throws {
        // 20,000 rows: every sample column is over 64 KB, so the file is written from the columns.
        var text = "timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes,cpu_throttled_ratio,oom_killed\n"
        for row in 0..<20_000 {
            text += "\(60 * (row / 4 + 1)),ns,w\(row % 4),c,p,0.\(row % 97),\(1_000 + row),0.0\(row % 7),\(row % 2)\n"
        }
        let trace = try CanonicalTraceReader().read(text: text, file: "big.csv")
        let pieces = TraceCache.payload(trace)
        #expect(pieces.pieces.contains { if case .column = $0 { true } else { false } })
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("opxt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("big.opxt").path
        try TraceCache.write(trace, to: path)
        #expect(try FileBytes.read(path) == TraceCache.encode(trace))
        #expect(sameTrace(try TraceCache.read(path: path), trace, sources: false))
    }
}

import Foundation
import OpexsimTestSupport
import Testing

@testable import OpexsimTraces

@Suite("Large files read past the page cache read as mapped files do")
struct DirectReadTests {
    /// `rows` rows of 40 series interleaved by time, settings changing now and then; a team name of
    /// `longTeam` bytes on the first row of the 40th series; a bad CPU cell on data row `badRow`.
    func text(rows: Int, longTeam: Int = 0, badRow: Int? = nil) -> String {
        var lines = [TraceText.header + ",team"]
        for row in 0..<rows {
            let series = row % 40
            let time = 60 * (row / 40 + 1)
            let cpu = row == badRow ? "x" : String(Double(row % 97) / 8)
            let request = (row / 1_000 + series) % 3 == 0 ? "250m" : "500m"
            let team = row == 39 ? "t" + String(repeating: "b", count: longTeam) : "t\(series % 3)"
            lines.append(
                "\(time),ns,w\(series % 7),c,p\(series),\(cpu),\(1_000 + row % 13),\(request),1,64Mi,128Mi,\(team)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A reader that reads every file past the page cache, in 3 chunks of windows of `window` bytes,
    /// `lookahead` bytes ahead of each parser.
    /// Without `ring`, windows go to their place in the file's layout.
    func directReader(window: Int = 8 << 10, lookahead: Int = 64 << 10, ring: Bool = true) -> CanonicalTraceReader {
        var reader = CanonicalTraceReader(parallelism: 3)
        reader.minimumChunkBytes = 64 << 10
        reader.directRead = .always(minimumSize: 0)
        reader.directTuning = DirectTuning(window: window, ringSlots: 4, lookahead: lookahead, usesRing: ring)
        return reader
    }

    /// The reference: one mapped pass.
    var mappedReader: CanonicalTraceReader {
        var reader = CanonicalTraceReader(parallelism: 1)
        reader.directRead = .never
        return reader
    }

    func write(_ text: String, name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("opexsim-\(name)-\(UUID()).csv").path
        try FileBytes.writeAtomically(Array(text.utf8), to: path)
        return path
    }

    @Test("the same trace as one mapped pass, through many windows of a ring of pages used again and again")
    func sameAsMapped() throws {
        let path = try write(text(rows: 30_000), name: "direct")
        defer { unlink(path) }
        let reader = directReader()
        #if os(Linux)
        // About 1.5 MB in windows of 8 KB: over 150 windows through rings of 20.
        let plan = try #require(try reader.directPlan(path))
        #expect(plan.chunks.count == 3 && plan.file.window == 8 << 10 && plan.ringSlots == 20)
        #expect(plan.file.size > 150 * plan.file.window)
        #endif
        let expected = try mappedReader.read([path])
        for ring in [true, false] {
            #if os(Linux)
            // A chunk of about 500 KB goes round a ring of 160 KB three times.
            #expect(try #require(try directReader(ring: ring).directPlan(path)).loader(for: 1).readsIntoRing == ring)
            #endif
            let direct = try directReader(ring: ring).read([path])
            #expect(direct.sampleCount == 30_000)
            #expect(sameTrace(direct, expected, sources: false), "ring: \(ring)")
        }
    }

    @Test("a ring's three copies are the same pages: bytes past its end continue from its start")
    func ringCopies() throws {
        #if os(Linux)
        let ring = try #require(ReadRing.make(size: 2 * PageHandBack.pageSize))
        let bytes = ring.base.assumingMemoryBound(to: UInt8.self)
        bytes[5] = 42
        bytes[ring.size + 7] = 43
        bytes[3 * ring.size - 1] = 44
        #expect(bytes[ring.size + 5] == 42 && bytes[2 * ring.size + 5] == 42)
        #expect(bytes[7] == 43 && bytes[2 * ring.size + 7] == 43)
        #expect(bytes[ring.size - 1] == 44 && bytes[2 * ring.size - 1] == 44)
        #expect(ReadRing.make(size: 1_000) == nil)
        #endif
    }

    @Test("a row longer than the read-ahead sends the reader to its one-pass reading: the same trace")
    func longRow() throws {
        let path = try write(text(rows: 6_000, longTeam: 100_000), name: "direct-long")
        defer { unlink(path) }
        let reader = directReader()
        let plan = try #require(try reader.directPlan(path))
        // The chunk holding the long row refuses it (the reader then reads in one pass), whether the
        // loader is just ahead of the parser or has read as far as its ring holds before the parser
        // starts.
        for loadedFirst in [false, true] {
            var refusals: [String] = []
            for index in plan.chunks.indices {
                var parser = CanonicalRowParser(
                    buffer: plan.file.bytes, header: plan.header, range: plan.chunks[index], skipBadRows: false)
                parser.lookahead = 64 << 10
                parser.loader = plan.loader(for: index)
                parser.loader?.start()
                if loadedFirst { _ = try parser.loader?.waitLoaded(upTo: plan.chunks[index].upperBound) }
                var builder = TraceBuilder()
                builder.prepare(for: plan.header.layout, rows: 16)
                do {
                    try parser.parseRows(into: &builder, fileIndex: 0, firstLine: 2)
                } catch let error as TraceError {
                    refusals.append(error.message)
                }
                parser.loader?.finish()
            }
            #expect(
                refusals == ["a row longer than the 65536 bytes read ahead of the parser"],
                "loaded first: \(loadedFirst)")
        }
        let direct = try reader.read([path])
        let expected = try mappedReader.read([path])
        #expect(direct.sampleCount == 6_000)
        #expect(sameTrace(direct, expected, sources: false))
        #expect(direct.names.names.contains { $0.count == 100_001 })
    }

    @Test("an error in the middle of a file read past the page cache names its line and column")
    func located() throws {
        let path = try write(text(rows: 20_000, badRow: 12_345), name: "direct-bad")
        defer { unlink(path) }
        #expect(throws: TraceError.self) { try mappedReader.read([path]) }
        do {
            _ = try directReader().read([path])
            Issue.record("a bad CPU cell was accepted")
        } catch let error as TraceError {
            do {
                _ = try mappedReader.read([path])
            } catch let expected as TraceError {
                #expect(error == expected)
            }
            #expect(error.line == 12_347 && error.column == 19, "\(error)")
            #expect(error.message == "cpu_cores: expected a number of cores, found \"x\"")
        }
    }

    @Test("a header longer than the first window, or a small file under auto, is mapped instead")
    func notDirect() throws {
        let long = TraceText.header + "," + (0..<3_000).map { "extra\($0)" }.joined(separator: ",")
        let rows = (1...100).map { "\($0 * 60),ns,w,c,p,0.5,1000,,,," + String(repeating: ",", count: 3_000) }
        let path = try write(([long] + rows).joined(separator: "\n") + "\n", name: "direct-header")
        defer { unlink(path) }
        #expect(try directReader(window: 4_096).directPlan(path) == nil)
        var auto = CanonicalTraceReader(parallelism: 3)
        auto.directRead = .auto
        #expect(try auto.directPlan(path) == nil)
        #expect(try directReader(window: 4_096).read([path]).sampleCount == 100)
    }

    @Test("a FIFO is never opened to be read past the page cache (opening it waits for a writer)")
    func fifoNotOpened() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("opexsim-fifo-\(UUID())").path
        try #require(mkfifo(path, 0o600) == 0)
        defer { unlink(path) }
        let done = DispatchSemaphore(value: 0)
        let outcome = PlanOutcome()
        let reader = directReader()
        DispatchQueue.global().async {
            outcome.wasNil = (try? reader.directPlan(path)) == nil
            done.signal()
        }
        if done.wait(timeout: .now() + 5) == .timedOut {
            // It opened the FIFO: let it go, then fail.
            let writer = open(path, O_WRONLY)
            close(writer)
            done.wait()
            Issue.record("directPlan waited on a FIFO")
        }
        #expect(outcome.wasNil == true)
    }
}

/// What the FIFO test's background plan gave.
final class PlanOutcome: @unchecked Sendable {
    var wasNil: Bool?
}

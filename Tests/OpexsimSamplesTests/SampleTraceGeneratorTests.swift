import Foundation
import OpexsimTraces
import Testing

@testable import OpexsimSamples

@Suite("The sample trace generator")
struct SampleTraceGeneratorTests {
    /// 36 replicas over 36 hours of minutes: two blocks of samples (blocks hold about 65,536 rows).
    let generator = SampleTraceGenerator(
        seed: 3, duration: 36 * 3_600_000, interval: 60_000, copies: 3)

    func bytes(cores: Int) -> [UInt8] {
        var writer = SampleTraceGenerator.writer()
        generator.generate(into: &writer, cores: cores)
        return writer.bytes
    }

    @Test("the same bytes whatever the number of cores, in memory and streamed to a file")
    func coresDoNotMatter() throws {
        let one = bytes(cores: 1)
        for cores in [2, 3, 5, 8] { #expect(bytes(cores: cores) == one, "\(cores) cores") }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("generated-\(getpid()).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        for cores in [1, 2, 7] {
            var writer = SampleTraceGenerator.writer(output: try StreamingFile(path: path))
            generator.generate(into: &writer, cores: cores)
            try writer.finish()
            #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) == one, "\(cores) cores")
            #expect(writer.rows == 2_160 * 36)
        }
    }

    @Test("a file of many blocks, each slot formatted into again once written: the bytes made in memory")
    func manyBlocksToFile() throws {
        // 12 replicas over 8 days of minutes: 11,520 samples in blocks of 5,461, so the third block is
        // formatted into the first one's slot (the fixture above makes two blocks only).
        let long = SampleTraceGenerator(seed: 5, duration: 8 * 86_400_000, interval: 60_000, copies: 1)
        var memory = SampleTraceGenerator.writer()
        long.generate(into: &memory, cores: 2)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("generated-long-\(getpid()).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        for cores in [1, 2, 3] {
            let file = try StreamingFile(path: path)
            var writer = SampleTraceGenerator.writer(output: file)
            long.generate(into: &writer, cores: cores)
            try writer.finish()
            #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) == memory.bytes, "\(cores) cores")
            #expect(writer.rows == 11_520 * 12)
        }
    }

    @Test("one row per replica and minute, ordered by time, the throttled ratio a share of the seconds")
    func rows() throws {
        let lines = String(decoding: bytes(cores: 2), as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 1 + 2_160 * 36)
        #expect(lines[1].hasPrefix("2026-01-05T00:01:00Z,shop,frontend,web,frontend-"))
        #expect(lines[36].hasPrefix("2026-01-05T00:01:00Z,data-3,postgres,db,postgres-"))
        #expect(lines[37].hasPrefix("2026-01-05T00:02:00Z,shop,frontend,web,"))
        for line in lines.dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            #expect(cells.count == 15)
            if let ratio = Double(cells[13]) {
                // Whole seconds out of 60, written with 3 decimals.
                #expect(abs(ratio * 60 - (ratio * 60).rounded()) < 0.031, "\(line)")
            }
        }
    }
}

import Foundation
import Testing

@testable import OpexsimTraces

@Suite("Large files written past the page cache hold exactly the bytes given")
struct UncachedWriterTests {
    /// Writes `total` bytes in pieces of the sizes `pieces` cycles through, into a new file in
    /// `directory`; returns what was written and what the file holds.
    func roundTrip(total: Int, pieces: [Int], in directory: String) throws -> (written: [UInt8], read: [UInt8]) {
        var random = SeededRandom(seed: UInt64(total))
        let bytes = [UInt8](unsafeUninitializedCapacity: total) { buffer, count in
            for k in stride(from: 0, to: total, by: 8) {
                withUnsafeBytes(of: random.next()) { word in
                    for j in 0..<min(8, total - k) { buffer[k + j] = word[j] }
                }
            }
            count = total
        }
        let path = directory + "/uncached-\(UUID().uuidString)"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try #require(fd >= 0)
        let writer = UncachedWriter(fd: fd)
        var offset = 0
        var k = 0
        while offset < total {
            let count = min(pieces[k % pieces.count], total - offset)
            bytes[offset..<offset + count].withUnsafeBytes { writer.write($0) }
            offset += count
            k += 1
        }
        writer.finish()
        #expect(writer.failure == nil)
        close(fd)
        defer { unlink(path) }
        return (bytes, try FileBytes.read(path))
    }

    @Test(
        "sizes around the block and buffer sizes, in pieces of odd sizes, on disk and on tmpfs (no direct writes)",
        arguments: [
            0, 1, 4095, 4096, 4097, UncachedWriter.bufferSize - 1, UncachedWriter.bufferSize,
            UncachedWriter.bufferSize + 1, 2 * UncachedWriter.bufferSize + 12_345,
        ])
    func sameBytes(total: Int) throws {
        var directories = [FileManager.default.temporaryDirectory.path]
        if FileManager.default.fileExists(atPath: "/dev/shm") { directories.append("/dev/shm") }
        for directory in directories {
            for pieces in [[total + 1], [1_000_003], [7, 4096, 65_537], [UncachedWriter.bufferSize + 5]] {
                let (written, read) = try roundTrip(total: total, pieces: pieces, in: directory)
                #expect(read.count == written.count, "\(directory), pieces \(pieces)")
                #expect(read == written, "\(directory), pieces \(pieces)")
            }
        }
    }
}

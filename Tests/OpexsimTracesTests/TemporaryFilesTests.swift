import Foundation
import Testing

@testable import OpexsimTraces

@Suite("Temporary files of atomic writes")
struct TemporaryFilesTests {
    /// The copies of `path` the signal handler's table holds, and the slots still naming it.
    func held(_ path: String) -> (copies: Int, slots: Int) {
        TemporaryFiles.lock.withLock {
            let copies = TemporaryFiles.copies.values.filter { String(cString: $0) == path }.count
            let slots = (0..<TemporaryFiles.capacity).filter { index in
                TemporaryFiles.slots[index].map { String(cString: $0) == path } ?? false
            }
            return (copies, slots.count)
        }
    }

    @Test("a file written again and again keeps one copy of its temporary path, held and reused, and frees its slot")
    func onePathCopy() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("opexsim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("report.md").path
        let temporary = path + ".tmp-\(getpid())"
        for text in ["a", "bb", "ccc"] { try FileBytes.writeAtomically(Array(text.utf8), to: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "ccc")
        #expect(held(temporary).copies == 1)
        #expect(held(temporary).slots == 0)
        #expect(!FileManager.default.fileExists(atPath: temporary))
    }
}

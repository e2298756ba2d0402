import Foundation
import Testing

@testable import OpexsimTraces

@Suite("A FileSet replaces its files as one unit, or leaves them as they were")
struct FileSetTests {
    func directory(with files: [String: String]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("opexsim-fileset-\(UUID())").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: URL(fileURLWithPath: path + "/" + name)) }
        return path
    }

    func contents(_ directory: String) throws -> [String: String] {
        var found: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            found[name] = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
        }
        return found
    }

    func set(_ directory: String, _ files: [String: String], order: [String]) -> FileSet {
        FileSet(directory: directory, files: order.map { ($0, Array(files[$0]!.utf8)) })
    }

    @Test("a successful write replaces every file and leaves the directory's other files alone")
    func replaces() throws {
        let old = ["a.json": "old a", "b.md": "old b", "notes.txt": "mine"]
        let path = try directory(with: old)
        try set(path, ["a.json": "new a", "b.md": "new b", "c.svg": "new c"], order: ["c.svg", "a.json", "b.md"])
            .write()
        #expect(try contents(path) == ["a.json": "new a", "b.md": "new b", "c.svg": "new c", "notes.txt": "mine"])
    }

    @Test("signals stay held until the last of several holders returns, nested or on other threads")
    func heldSignals() {
        TemporaryFiles.holdingSignals {
            TemporaryFiles.holdingSignals {}
            // The inner holder has returned; the outer one still holds.
            #expect(TemporaryFiles.state[0] >= 1)
        }
        // Many sets of files written at once (ThreadSanitizer checks the count's updates).
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<200 { TemporaryFiles.holdingSignals {} }
        }
    }

    @Test("a file made in pieces holds the pieces in order; one that cannot be written leaves nothing")
    func producedContents() throws {
        let path = try directory(with: ["a.json": "old a"])
        let pieces: FileSet.Producer = { emit in
            for piece in ["{", "\"k\": ", "[1, 2]", "}\n"] { emit(Array(piece.utf8)) }
        }
        try FileSet.write(contents: [("a.json", .produced(pieces)), ("b.md", .bytes(Array("b".utf8)))], into: path)
        #expect(try contents(path) == ["a.json": "{\"k\": [1, 2]}\n", "b.md": "b"])
        // A target that is a directory: nothing is written, the other file stays as it was.
        try FileManager.default.createDirectory(atPath: path + "/c.json", withIntermediateDirectories: false)
        #expect(throws: TraceError.self) {
            try FileSet.write(
                contents: [("b.md", .bytes(Array("new b".utf8))), ("c.json", .produced(pieces))], into: path)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: path).sorted() == ["a.json", "b.md", "c.json"])
        #expect(try String(contentsOfFile: path + "/b.md", encoding: .utf8) == "b")
    }

    @Test("a rename that fails part-way puts back the files already replaced and removes the new ones")
    func renameFails() throws {
        let old = ["a.json": "old a", "b.md": "old b"]
        for failing in 0..<3 {
            let path = try directory(with: old)
            var fileSet = set(
                path, ["c.svg": "new c", "a.json": "new a", "b.md": "new b"], order: ["c.svg", "a.json", "b.md"])
            var calls = 0
            fileSet.steps.rename = { from, to in
                defer { calls += 1 }
                if calls == failing {
                    errno = EIO
                    return -1
                }
                return systemRename(from, to)
            }
            #expect(throws: TraceError.self) { try fileSet.write() }
            #expect(try contents(path) == old, "rename \(failing) failing")
        }
    }

    @Test("a target that is a directory fails the write before any file changes")
    func directoryTarget() throws {
        let path = try directory(with: ["a.json": "old a"])
        try FileManager.default.createDirectory(atPath: path + "/b.md", withIntermediateDirectories: false)
        let error = #expect(throws: TraceError.self) {
            try set(path, ["a.json": "new a", "b.md": "new b"], order: ["a.json", "b.md"]).write()
        }
        #expect(error?.description.contains("b.md: is a directory, not a file") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: path).sorted() == ["a.json", "b.md"])
        #expect(try String(contentsOfFile: path + "/a.json", encoding: .utf8) == "old a")
    }
}

import Foundation
import Testing

/// The regular files directly in `directory`, by name, with their bytes.
private func files(_ directory: URL) throws -> [String: Data] {
    var found: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
        var isDirectory: ObjCBool = false
        let path = directory.appendingPathComponent(name).path
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            found[name] = try Data(contentsOf: URL(fileURLWithPath: path))
        }
    }
    return found
}

/// Names of temporary or kept files a write leaves behind (`NAME.tmp-PID`, `NAME.old-PID`).
private func leftovers(_ directory: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory.path).filter {
        $0.contains(".tmp-") || $0.contains(".old-")
    }
}

@Suite("--out DIR writes its files as one unit: all new, or the previous ones untouched")
struct OutputSetCLITests {
    let first = ["replay", sampleTrace, "--policy", "static"]
    let second = ["replay", sampleTrace, "--policy", "static", "--policy", "vpa-off"]

    /// A directory holding the set of a first replay and a file of the user's.
    func previousSet() throws -> (URL, [String: Data]) {
        let out = try temporaryDirectory().appendingPathComponent("out")
        let run = try opexsim(first + ["--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        _ = try write("mine\n", "notes.txt", in: out)
        let before = try files(out)
        #expect(before["report.md"] != nil && before["report.json"] != nil && before.count > 3)
        return (out, before)
    }

    @Test("a second replay replaces report.md, report.json and the charts, and leaves other files alone")
    func replaces() throws {
        let (out, before) = try previousSet()
        let run = try opexsim(second + ["--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let after = try files(out)
        #expect(after["report.md"] != before["report.md"])
        #expect(after["report.json"] != before["report.json"])
        #expect(after["notes.txt"] == before["notes.txt"])
        #expect(Set(after.keys) == Set(before.keys))
        #expect(String(decoding: after["report.json"]!, as: UTF8.self).contains("vpa-off"))
        #expect(try leftovers(out).isEmpty)
    }

    @Test("report.md's target is a directory: the charts and report.json written before it are undone")
    func lastTargetIsDirectory() throws {
        let (out, before) = try previousSet()
        let report = out.appendingPathComponent("report.md")
        try FileManager.default.removeItem(at: report)
        try FileManager.default.createDirectory(at: report, withIntermediateDirectories: false)
        let run = try opexsim(second + ["--out", out.path])
        #expect(run.status == 1)
        #expect(run.stderr == "opexsim: error: \(report.path): is a directory, not a file\n")
        var expected = before
        expected["report.md"] = nil
        #expect(try files(out) == expected)
        #expect(try leftovers(out).isEmpty)
    }

    @Test(
        "a disk that fills part-way (a file size limit the charts fit in and report.json not) changes nothing",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/bin/sh") && !runsUnderThreadSanitizer))
    func fullPartWay() throws {
        let (out, before) = try previousSet()
        // `ulimit -f` counts 512-byte blocks: 20 KiB holds every chart (under 7 KB) but not report.json
        // (over 40 KB). SIGXFSZ ignored, the write that passes the limit fails with EFBIG.
        let command = "trap '' XFSZ; ulimit -f 40; exec \"$0\" \"$@\""
        let run = try runProcess(
            URL(fileURLWithPath: "/bin/sh"), ["-c", command, opexsimBinary.path] + second + ["--out", out.path])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("report.json: cannot write: File too large"), "\(run.stderr)")
        #expect(try files(out) == before)
        #expect(try leftovers(out).isEmpty)
    }

    @Test("recommend --out and sweep --out keep their previous files when a target is a directory")
    func otherCommands() throws {
        let directory = try temporaryDirectory()
        let yaml = directory.appendingPathComponent("patches")
        let recommend = ["recommend", sampleTrace, "--policy", "krr-simple", "--format", "yaml", "--out", yaml.path]
        #expect(try opexsim(recommend).status == 0)
        let patches = try files(yaml)
        let last = patches.keys.sorted().last!
        try FileManager.default.removeItem(at: yaml.appendingPathComponent(last))
        try FileManager.default.createDirectory(
            at: yaml.appendingPathComponent(last), withIntermediateDirectories: false)
        let again = try opexsim(recommend)
        #expect(again.status == 1)
        var expected = patches
        expected[last] = nil
        #expect(try files(yaml) == expected)
        #expect(try leftovers(yaml).isEmpty)

        let matrix = try write(
            "apiVersion: opexsim.io/v1\nkind: Sweep\ntraces: [\(sampleTrace)]\npolicies: [static]\nseeds: [7]\n",
            "matrix.yaml", in: directory)
        let sweepOut = directory.appendingPathComponent("sweep")
        #expect(try opexsim(["sweep", matrix, "--out", sweepOut.path]).status == 0)
        let summary = try files(sweepOut)
        try FileManager.default.removeItem(at: sweepOut.appendingPathComponent("summary.md"))
        try FileManager.default.createDirectory(
            at: sweepOut.appendingPathComponent("summary.md"), withIntermediateDirectories: false)
        #expect(try opexsim(["sweep", matrix, "--out", sweepOut.path]).status == 1)
        #expect(try files(sweepOut)["summary.json"] == summary["summary.json"])
        #expect(try leftovers(sweepOut).isEmpty)
    }
}

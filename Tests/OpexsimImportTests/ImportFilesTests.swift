import Foundation
import OpexsimTestSupport
import OpexsimTraces
import Testing

@testable import OpexsimImport

/// Files converted on several cores are appended in the order given, as one after another.
@Suite("Importing many files on all cores")
struct ImportFilesTests {
    static let header =
        "Timestamp [ms];\tCPU cores;\tCPU capacity provisioned [MHZ];\tCPU usage [MHZ];\tCPU usage [%];\tMemory capacity provisioned [KB];\tMemory usage [KB]\n"

    /// VM `n`: three rows, the second without memory; VMs divisible by 4 switched off throughout.
    func vmFiles(_ count: Int) throws -> [String] {
        try (1...count).map { n in
            let cores = n % 4 == 0 ? 0 : 2
            var text = Self.header
            for k in 0..<3 {
                text +=
                    "\(1_372_629_804 + 300 * k);\t\(cores);\t5851.9989;\t\(100 + n + k);\t1.5;\t8218624.0;\t\(k == 1 ? 0 : 1000 * n)\n"
            }
            return try temporaryFile(text, name: "\(n).csv")
        }
    }

    func convert(_ paths: [String], cores: Int) throws -> ImportSink {
        var sink = ImportSink()
        let outcomes = try sink.appendFiles(paths, cores: cores) { path, fileSink in
            try BitbrainsImporter.convert(path, namespace: "bitbrains", into: &fileSink)
        }
        #expect(
            outcomes.map(\.vm)
                == paths.map { "vm-" + URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent })
        return sink
    }

    @Test("the same rows, drops and notes on 1, 2, 3 and 16 cores, over several batches of files")
    func coresDoNotMatter() throws {
        // 37 files: more than one batch (4 files a core) on every core count tried.
        let paths = try vmFiles(37)
        let one = try convert(paths, cores: 1)
        #expect(one.rowCount == 28 * 3)
        #expect(one.dropped.map(\.count) == [9 * 3])
        for cores in [2, 3, 16] {
            let many = try convert(paths, cores: cores)
            #expect(many.csvBytes == one.csvBytes, "\(cores) cores")
            #expect(many.rowCount == one.rowCount && many.dropped.map(\.count) == one.dropped.map(\.count))
        }
        // Row order: file by file, as given.
        let lines = String(decoding: one.csvBytes, as: UTF8.self).split(separator: "\n")
        #expect(lines[1].hasPrefix("2013-06-30T22:03:24Z,bitbrains,vm-1,vm,vm-1,"))
        #expect(lines[4].hasPrefix("2013-06-30T22:03:24Z,bitbrains,vm-2,"))
        #expect(lines[10].hasPrefix("2013-06-30T22:03:24Z,bitbrains,vm-5,"))
    }

    @Test("the first file in order that fails gives the error, whichever core reached it first")
    func firstErrorInOrder() throws {
        var paths = try vmFiles(12)
        let bad = { (n: Int) in
            try temporaryFile(
                Self.header + "1372629804;\t2;\t5851.9989;\t8x7;\t1.5;\t8218624.0;\t1\n", name: "\(n).csv")
        }
        paths[6] = try bad(107)
        paths[9] = try bad(110)
        for cores in [1, 2, 5] {
            #expect(
                throws: TraceError(
                    file: paths[6], line: 2, column: 27, message: "CPU usage [MHZ]: expected a number, found \"8x7\"")
            ) { try convert(paths, cores: cores) }
        }
    }
}

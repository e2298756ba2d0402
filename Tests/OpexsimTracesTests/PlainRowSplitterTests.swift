import OpexsimTestSupport
import Testing

@testable import OpexsimTraces

@Suite("Splitting plain rows by block masks")
struct PlainRowSplitterTests {
    @Test("a byte is flagged exactly when it is below 0x2D, whatever its neighbours")
    func flags() {
        var random = SeededRandom(seed: 11)
        for value in 0...255 {
            for lane in 0..<16 {
                var bytes = (0..<16).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                bytes[lane] = UInt8(value)
                let expected = bytes.indices.reduce(UInt64(0)) { $0 | (bytes[$1] < 0x2D ? 1 << UInt64($1) : 0) }
                let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: SIMD2<UInt64>.self) }
                #expect(PlainRowSplitter.flagged(word) == expected, "\(bytes)")
            }
        }
    }

    @Test("random texts with quotes, line endings, odd bytes and wrong field counts parse alike either way")
    func sameAsFieldByField() throws {
        var random = SeededRandom(seed: 2_026)
        var mismatches: [String] = []
        var (plain, other) = (0, 0)
        for round in 0..<300 {
            let text = Self.randomText(&random, rows: 1 + Int(random.next() % 60))
            let bytes = Array(text.utf8)
            let counts = Self.rowsSplitPlainly(bytes)
            plain += counts.plain
            other += counts.other
            for skip in [false, true] {
                let fast = try bytes.withUnsafeBufferPointer { try Self.parse($0, plainRows: true, skip: skip) }
                let reference = try bytes.withUnsafeBufferPointer { try Self.parse($0, plainRows: false, skip: skip) }
                switch (fast, reference) {
                case (.success(let a), .success(let b)) where sameTrace(a, b): break
                case (.failure(let a), .failure(let b)) where a == b: break
                default: mismatches.append("round \(round), skip \(skip):\n\(text)")
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(2))")
        // Both ways are exercised: most rows are split plainly, many are left to the field-by-field way.
        #expect(plain > 3_000 && other > 1_000, "plain \(plain), other \(other)")
    }

    /// How many data rows of `bytes` the plain splitting takes and how many it leaves (each row
    /// tried at its start, as the reader does; a row it leaves is skipped to its line feed).
    static func rowsSplitPlainly(_ bytes: [UInt8]) -> (plain: Int, other: Int) {
        guard let header = try? bytes.withUnsafeBufferPointer({ try CanonicalHeader(buffer: $0, file: "random.csv") })
        else { return (0, 0) }
        var (plain, other) = (0, 0)
        bytes.withUnsafeBufferPointer { buffer in
            let spans = UnsafeMutableBufferPointer<FieldSpan>.allocate(capacity: header.layout.fieldCount)
            defer { spans.deallocate() }
            var splitter = PlainRowSplitter()
            var position = header.dataStart
            while position < buffer.count {
                if let next = splitter.split(buffer.baseAddress!, at: position, limit: buffer.count, into: spans) {
                    plain += 1
                    position = next
                } else {
                    other += 1
                    while position < buffer.count && buffer[position] != UInt8(ascii: "\n") { position += 1 }
                    position += 1
                }
            }
        }
        return (plain, other)
    }

    static func parse(_ buffer: UnsafeBufferPointer<UInt8>, plainRows: Bool, skip: Bool) throws -> Result<
        Trace, TraceError
    > {
        do {
            let header = try CanonicalHeader(buffer: buffer, file: "random.csv")
            var parser = CanonicalRowParser(
                buffer: buffer, header: header, range: header.dataStart..<buffer.count, skipBadRows: skip)
            parser.plainRows = plainRows
            var builder = TraceBuilder()
            builder.prepare(for: header.layout, rows: 16)
            _ = builder.addFile("random.csv")
            try parser.parseRows(into: &builder, fileIndex: 0, firstLine: 2)
            return .success(try builder.build(skipBadRows: skip))
        } catch let error as TraceError {
            return .failure(error)
        }
    }

    /// A canonical trace with mostly plain rows and, now and then, what plain splitting must leave
    /// alone: quoted cells (with commas, quotes, line breaks), spaces, tabs, '+', UTF-8, CR LF and bare
    /// CR endings, blank lines, missing and extra fields, names long enough to cross blocks.
    static func randomText(_ random: inout SeededRandom, rows: Int) -> String {
        let optional = ["cpu_request", "cpu_limit", "memory_request", "memory_limit", "node", "team", "oom_killed"]
        let extra = optional.filter { _ in random.next() % 2 == 0 }
        let columns = ["timestamp", "namespace", "workload", "container", "pod", "cpu_cores", "memory_bytes"] + extra
        func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }
        func name() -> String {
            switch random.next() % 40 {
            case 0: return "\"a,b\"\"c\""
            case 1: return "\"x\ny\""
            case 2: return "we b"
            case 3: return "t\tab"
            case 4: return "p+q"
            case 5: return "café"
            case 6: return String(repeating: "long-name-", count: 1 + Int(random.next() % 12))
            case 7 where random.next() % 4 == 0: return ""
            default: return pick(["web", "api", "db", "w-1", "x"])
            }
        }
        var text = columns.joined(separator: ",") + pick(["\n", "\n", "\n", "\r\n"])
        for row in 0..<rows {
            var cells: [String] = []
            for column in columns {
                switch column {
                case "timestamp": cells.append(String(1_767_225_600 + row * 60 + Int(random.next() % 3)))
                case "cpu_cores":
                    cells.append(
                        random.next() % 20 == 0 ? pick(["-1", "x", "\"0.5\""]) : pick(["0.25", "1", "0", "12.5"]))
                case "memory_bytes": cells.append(pick(["1000", "", "5e8", "268435456"]))
                case "cpu_request", "cpu_limit": cells.append(pick(["", "500m", "1", "2"]))
                case "memory_request", "memory_limit": cells.append(pick(["", "512Mi", "1Gi"]))
                case "oom_killed": cells.append(pick(["0", "0", "1", ""]))
                case "pod": cells.append(pick(["a", "b", "c"]) + (random.next() % 30 == 0 ? name() : ""))
                default: cells.append(name())
                }
            }
            switch random.next() % 30 {
            case 0: cells.removeLast()
            case 1: cells.append("extra")
            default: break
            }
            text += cells.joined(separator: ",")
            switch random.next() % 25 {
            case 0: text += "\r\n"
            case 1: text += "\r"
            case 2: text += "\n\n"
            default: text += row == rows - 1 && random.next() % 2 == 0 ? "" : "\n"
            }
        }
        return text
    }
}

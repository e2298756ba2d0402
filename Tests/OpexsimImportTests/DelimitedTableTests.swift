import OpexsimImport
import OpexsimTestSupport
import OpexsimTraces
import Testing

@Suite("Delimited tables split lines and fields as a plain reading does")
struct DelimitedTableTests {
    /// Lines and fields read one byte at a time: lines end at a line feed (a carriage return before it
    /// dropped), fields end at `separator`, each trimmed of spaces, tabs and carriage returns and of
    /// one pair of enclosing quotes; a line with one empty field is skipped; a leading BOM is skipped.
    func plainReading(_ bytes: [UInt8], separator: UInt8) -> [(line: Int, fields: [String])] {
        var rows: [(Int, [String])] = []
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 0
        while start < bytes.count {
            line += 1
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            var content = Array(bytes[start..<end])
            if content.last == UInt8(ascii: "\r") { content.removeLast() }
            let fields = content.split(separator: separator, omittingEmptySubsequences: false).map { field -> String in
                var cell = Array(field)
                while let first = cell.first, first == 32 || first == 9 { cell.removeFirst() }
                while let last = cell.last, last == 32 || last == 9 || last == 13 { cell.removeLast() }
                if cell.count >= 2 && cell.first == 34 && cell.last == 34 { cell = Array(cell.dropFirst().dropLast()) }
                return String(decoding: cell, as: UTF8.self)
            }
            if !(fields.count == 1 && fields[0].isEmpty) { rows.append((line, fields)) }
            start = end + 1
        }
        return rows
    }

    @Test("random text of separators, blanks, quotes, line ends and long fields, with either separator")
    func sameAsPlainReading() throws {
        var random = SeededRandom(seed: 5)
        let alphabet = Array("ab1.;,;,  \t\r\n\n\"é".utf8)
        for round in 0..<300 {
            var bytes: [UInt8] = round % 7 == 0 ? [0xEF, 0xBB, 0xBF] : []
            for _ in 0..<Int(random.next() % 600) {
                if random.next() % 50 == 0 {
                    bytes += Array(repeating: UInt8(ascii: "x"), count: Int(random.next() % 40))
                } else {
                    bytes.append(alphabet[Int(random.next() % UInt64(alphabet.count))])
                }
            }
            let separator = round % 2 == 0 ? UInt8(ascii: ";") : UInt8(ascii: ",")
            let path = try temporaryFile(String(decoding: bytes, as: UTF8.self), name: "t.csv")
            // The file holds the bytes as written (the text is valid UTF-8 here).
            let written = try FileBytes.read(path)
            var read: [(line: Int, fields: [String])] = []
            try DelimitedTable(path: path).forEachRow(separator: separator) { row in read.append((row.line, row.texts))
            }
            let expected = plainReading(written, separator: separator)
            #expect(read.map(\.line) == expected.map(\.line), "round \(round)")
            #expect(read.map(\.fields) == expected.map(\.fields), "round \(round)")
        }
    }
}

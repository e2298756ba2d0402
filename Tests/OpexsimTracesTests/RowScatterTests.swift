import Testing

@testable import OpexsimTraces

@Suite("Moving rows into the built trace, block by block")
struct RowScatterTests {
    @Test("rows over several blocks land in their places, whether the source is handed back or not")
    func scatterAcrossBlocks() {
        let rows = 2 * PageHandBack.blockRows + 12_345
        // Row r goes to (r * 7) mod rows: a permutation (7 does not divide rows).
        let destination = (0..<rows).map { UInt32($0 * 7 % rows) }
        #expect(rows % 7 != 0)
        let moved = RowScatter(destination: destination, inPlace: false)
        let kept = RowScatter(destination: destination, inPlace: true)
        for release in [false, true] {
            let column = ColumnBuffer<Int64>(capacity: rows)
            for r in 0..<rows { column.append(Int64(r) * 3) }
            let out = moved.scatter(column, release: release)
            #expect(out.count == rows)
            #expect((0..<rows).allSatisfy { out[Int(destination[$0])] == Int64($0) * 3 })
            #expect(column.count == (release ? 0 : rows))

            let pairs = ColumnBuffer<Double>(capacity: 2 * rows)
            for r in 0..<rows { pairs.append(contentsOf: [Double(r), -Double(r)]) }
            let strided = moved.scatter(pairs, stride: 2, release: release)
            #expect(
                (0..<rows).allSatisfy { r in
                    let place = Int(destination[r]) * 2
                    return strided[place] == Double(r) && strided[place + 1] == -Double(r)
                })
            let pairsAgain = ColumnBuffer<Double>(capacity: 2 * rows)
            for r in 0..<rows { pairsAgain.append(contentsOf: [Double(r), -Double(r)]) }
            let copied = kept.scatter(pairsAgain, stride: 2, release: release)
            #expect(copied == (0..<rows).flatMap { [Double($0), -Double($0)] })

            let codes = ColumnBuffer<UInt32>(capacity: rows)
            for r in 0..<rows { codes.append(UInt32(r)) }
            let decoded = moved.scatter(codes, release: release) { Double($0) / 2 }
            #expect((0..<rows).allSatisfy { decoded[Int(destination[$0])] == Double($0) / 2 })
        }
    }
}

import Testing

@testable import OpexsimTraces

@Suite("ColumnBuffer")
struct ColumnBufferTests {
    @Test("appending short arrays keeps every value in order and grows geometrically")
    func appendArrays() {
        let buffer = ColumnBuffer<Double>(capacity: 16)
        var expected: [Double] = []
        var reallocations = 0
        var lastBase = buffer.base
        for row in 0..<10_000 {
            let values = (0..<4).map { Double(row * 4 + $0) }
            buffer.append(contentsOf: values)
            expected += values
            if buffer.base != lastBase {
                reallocations += 1
                lastBase = buffer.base
            }
        }
        #expect(buffer.array == expected)
        // 16 → 40,000 values by doubling: 12 reallocations, not one per row.
        #expect(reallocations <= 12)
        buffer.append(contentsOf: [])
        #expect(buffer.count == 40_000)
    }

    @Test("a column moved in over several blocks lands whole after what was there, and its source is freed")
    func appendMoving() {
        let rows = 2 * PageHandBack.blockRows + 4_321
        for grows in [false, true] {
            let target = ColumnBuffer<Int64>(capacity: grows ? 16 : rows + 3)
            for value in [-1, -2, -3] as [Int64] { target.append(value) }
            let source = ColumnBuffer<Int64>(capacity: rows)
            for row in 0..<rows { source.append(Int64(row) * 5) }
            target.append(moving: source)
            #expect(source.count == 0)
            let expected: [Int64] = [-1, -2, -3] + (0..<rows).map { Int64($0) * 5 }
            #expect(target.array == expected)

            let ids = ColumnBuffer<UInt32>(capacity: 16)
            ids.append(7)
            let chunkIds = ColumnBuffer<UInt16>(capacity: rows)
            for row in 0..<rows { chunkIds.append(UInt16(truncatingIfNeeded: row % 1_000)) }
            ids.append(moving: chunkIds) { UInt32($0) * 3 + 1 }
            #expect(chunkIds.count == 0)
            let expectedIds: [UInt32] = [7] + (0..<rows).map { UInt32($0 % 1_000) * 3 + 1 }
            #expect(ids.array == expectedIds)
        }
    }

    @Test("throttled-ratio codes widen to fractions over several blocks, not recorded to NaN")
    func decodeCodes() {
        let rows = 3 * (1 << 18) + 99
        let codes: [UInt32] = (0..<rows).map { row in
            row % 97 == 0 ? FixedPointRatio.notRecorded : UInt32(row * 3_001 % 1_000_000_001)
        }
        // A copy shares the codes' storage: decoding it must leave `codes` whole.
        var moved = codes
        let fractions = FixedPointRatio.decode(releasing: &moved)
        #expect(moved.isEmpty)
        #expect(fractions.count == rows)
        let matches = (0..<rows).allSatisfy { (row: Int) -> Bool in
            row % 97 == 0 ? fractions[row].isNaN : fractions[row] == Double(codes[row]) / 1e9
        }
        #expect(matches)
        var none: [UInt32] = []
        #expect(FixedPointRatio.decode(releasing: &none).isEmpty)
    }
}

@Suite("Writing numbers past Int64")
struct WriterRangeTests {
    @Test("numbers whose digits do not fit an Int64 are written in Swift's shortest form, not a trap")
    func huge() {
        var writer = CanonicalTraceWriter()
        writer.appendNumber(1e25, decimals: 9)
        writer.appendNumber(-3e300, decimals: 0)
        writer.appendNumber(0.5, decimals: 4)
        #expect(String(decoding: writer.bytes, as: UTF8.self).hasSuffix("1e+25,-3e+300,0.5"))
        #expect(CanonicalTraceWriter.number(1e25, decimals: 9) == "1e+25")
        #expect(CanonicalTraceWriter.number(2.5, decimals: 3) == "2.5")
    }

    @Test("writing a number without reading it back writes the same bytes as formatting it")
    func writeWithoutReadBack() {
        var random = SystemRandomNumberGenerator()
        var values: [Double] = [0, -0.0, 0.5, 2.5, 1e25, -3e300, .nan, .infinity, 0.00049, 123_456_789.987_654_321]
        for _ in 0..<2_000 {
            values.append(Double.random(in: -1e6...1e6, using: &random))
            values.append(Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF))
        }
        for value in values {
            for decimals in [0, 3, 4, 9, 18] {
                var formatted: [UInt8] = [], written: [UInt8] = []
                CanonicalTraceWriter.formatNumber(value, decimals: decimals, into: &formatted)
                CanonicalTraceWriter.writeNumber(value, decimals: decimals, into: &written)
                #expect(written == formatted, "\(value), \(decimals) decimals")
            }
        }
    }
}

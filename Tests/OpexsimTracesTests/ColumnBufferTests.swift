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
}

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

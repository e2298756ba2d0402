import OpexsimTraces
import Testing

@testable import OpexsimEngine

@Suite("Radix sort of non-negative Doubles")
struct RadixSortTests {
    /// The bit patterns, so that equal-looking values of different signs or payloads count as different.
    func bits(_ values: [Double]) -> [UInt64] { values.map(\.bitPattern) }

    @Test("gives what sort() gives, bit for bit, on values of every non-negative kind")
    func sameAsSort() {
        var random = SeededRandom(seed: 3)
        for round in 0..<300 {
            let count = Int(random.next() % 5_000)
            let values: [Double] = (0..<count).map { _ in
                switch random.next() % 8 {
                case 0: return 0
                case 1: return Double(random.next() % 16) / 4  // many duplicates
                case 2: return Double(bitPattern: random.next() % 0x0010_0000_0000_0000)  // subnormals
                case 3: return .infinity
                case 4: return Double(bitPattern: random.next() % Double.infinity.bitPattern)  // any finite
                default: return Double(random.next() % 1_000_000) / 1_000 * (round % 2 == 0 ? 1 : 1e-300)
                }
            }
            var sorted = values
            RadixSort.sortNonNegative(&sorted)
            #expect(bits(sorted) == bits(values.sorted()), "round \(round), \(count) values")
        }
    }

    @Test("a burst shape's ratios: about 3,000 values near 1 in a narrow band of exponents")
    func ratiosNearOne() {
        var random = SeededRandom(seed: 11)
        let values = (0..<3_000).map { _ in 0.2 + Double(random.next() % 1_000_000) / 250_000 }
        var sorted = values
        RadixSort.sortNonNegative(&sorted)
        #expect(bits(sorted) == bits(values.sorted()))
        #expect(sorted.first == values.min() && sorted.last == values.max())
    }

    @Test("negatives, -0 and NaN are left to sort()")
    func fallsBack() {
        var random = SeededRandom(seed: 5)
        for odd in [-1.5, -0.0, Double.nan, -Double.infinity] {
            var values = (0..<500).map { _ in Double(random.next() % 1000) / 10 }
            values[Int(random.next() % 500)] = odd
            var sorted = values
            RadixSort.sortNonNegative(&sorted)
            var expected = values
            expected.sort()
            #expect(bits(sorted) == bits(expected), "with \(odd)")
        }
    }
}

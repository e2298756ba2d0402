/// Sorting of non-negative Doubles by their bit patterns, which order such values as numbers do: a
/// least-significant-digit radix sort, byte by byte, skipping the bytes all values share. It is
/// stable, so the result is the one a stable comparison sort gives.
enum RadixSort {
    /// Below this many values a comparison sort is as quick.
    static let minimumCount = 64

    /// Sorts `values` ascending. Values with the sign bit set (negatives, -0) or NaN leave the
    /// work to `sort()`.
    static func sortNonNegative(_ values: inout [Double]) {
        let n = values.count
        guard n >= minimumCount else {
            values.sort()
            return
        }
        // One pass for the eight byte histograms, and the check that every value qualifies.
        var histograms = [Int](repeating: 0, count: 8 * 256)
        let qualifies = values.withUnsafeBufferPointer { v in
            histograms.withUnsafeMutableBufferPointer { h in
                var largest: UInt64 = 0
                for value in v {
                    let key = value.bitPattern
                    largest = max(largest, key)
                    for byte in 0..<8 { h[byte << 8 | Int(truncatingIfNeeded: key >> (byte * 8)) & 0xFF] += 1 }
                }
                // Above +∞'s bit pattern lie NaNs and every value with the sign bit set.
                return largest <= Double.infinity.bitPattern
            }
        }
        guard qualifies else {
            values.sort()
            return
        }
        var scratch = [Double](repeating: 0, count: n)
        var inScratch = false
        values.withUnsafeMutableBufferPointer { a in
            scratch.withUnsafeMutableBufferPointer { b in
                histograms.withUnsafeMutableBufferPointer { h in
                    for byte in 0..<8 {
                        let shift = UInt64(byte * 8)
                        let source = inScratch ? b : a, target = inScratch ? a : b
                        let counts = UnsafeMutableBufferPointer(rebasing: h[(byte << 8)..<((byte + 1) << 8)])
                        // A byte every value shares moves nothing.
                        if counts[Int(truncatingIfNeeded: source[0].bitPattern >> shift) & 0xFF] == n { continue }
                        var offset = 0
                        for digit in 0..<256 {
                            let count = counts[digit]
                            counts[digit] = offset
                            offset += count
                        }
                        for value in source {
                            let digit = Int(truncatingIfNeeded: value.bitPattern >> shift) & 0xFF
                            target[counts[digit]] = value
                            counts[digit] += 1
                        }
                        inScratch.toggle()
                    }
                }
            }
        }
        if inScratch { values = scratch }
    }
}

/// A fraction in 0...1 held in 4 bytes as a count of billionths, as the trace builder keeps the
/// throttled ratio while a trace is read. Exact for any fraction whose decimal text has at most
/// nine decimals: `Double(k) / 1e9` is the Double nearest to k·10⁻⁹, which is what reading that text
/// gives. Finer fractions move by at most 5·10⁻¹⁰.
enum FixedPointRatio {
    static let scale = 1e9
    /// The code of "not recorded" (NaN).
    static let notRecorded = UInt32.max

    /// The code of `value`, clamped into 0...1; NaN gives `notRecorded`.
    @inline(__always)
    static func encode(_ value: Double) -> UInt32 {
        value.isNaN ? notRecorded : UInt32((min(max(value, 0), 1) * scale).rounded())
    }

    /// The fraction a code stands for; `notRecorded` gives NaN.
    @inline(__always)
    static func decode(_ code: UInt32) -> Double {
        code == notRecorded ? .nan : Double(code) / scale
    }

    /// The fractions of `codes`, decoded a block at a time with each decoded block's pages handed
    /// back: the codes (4 bytes a row) shrink as the fractions (8) grow. `codes` is empty afterwards
    /// (storage it shares with another array is copied first, never handed back).
    static func decode(releasing codes: inout [UInt32]) -> [Double] {
        defer { codes = [] }
        guard !codes.isEmpty else { return [] }
        return codes.withUnsafeMutableBufferPointer { source in
            let codes = UnsafeBufferPointer(source)
            return [Double](unsafeUninitializedCapacity: codes.count) { target, initialized in
                PageHandBack.forEachBlock(of: codes, releasing: true) { rows in
                    for row in rows { target[row] = decode(codes[row]) }
                }
                initialized = codes.count
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Time and floating-point arithmetic as the Go runtime does it, where the recommender's results
/// depend on it: `time.Time.Sub` (nanoseconds, saturating), `time.Time.Round` (multiples counted
/// from Go's zero time, halves up) and `math.Pow` (binary exponentiation for integral exponents).
enum VPAGoArithmetic {
    /// Go's zero time, 0001-01-01T00:00:00Z, in milliseconds since the Unix epoch: `time.Time{}`,
    /// where a fresh decaying histogram keeps its reference.
    static let zeroTime: Int64 = -62_135_596_800_000

    /// Nanoseconds per millisecond.
    static let nanosPerMilli: Int64 = 1_000_000

    /// `end.Sub(start)` in nanoseconds, saturated to the Int64 range as `time.Duration` is.
    static func nanoseconds(from start: Int64, to end: Int64) -> Int64 {
        let (millis, overflow) = end.subtractingReportingOverflow(start)
        if overflow { return end > start ? .max : .min }
        let (nanos, tooLarge) = millis.multipliedReportingOverflow(by: nanosPerMilli)
        if tooLarge { return millis > 0 ? .max : .min }
        return nanos
    }

    /// A duration in milliseconds as Go's nanosecond `time.Duration`, saturated.
    static func nanoseconds(_ millis: Int64) -> Int64 {
        nanoseconds(from: 0, to: millis)
    }

    /// `time.Time.Round(d)`: the nearest multiple of `d` counted from Go's zero time, halves
    /// rounding up; `d ≤ 0` leaves the instant unchanged.
    static func round(_ instant: Int64, toMultipleOf duration: Int64) -> Int64 {
        guard duration > 0 else { return instant }
        let sinceZero = instant &- zeroTime
        var remainder = sinceZero % duration
        if remainder < 0 { remainder += duration }
        return remainder &+ remainder < duration ? instant - remainder : instant + (duration - remainder)
    }

    /// The recommender's `round(x)`: `int(math.Floor(x + 0.5))`.
    static func roundHalfUp(_ x: Double) -> Int {
        let rounded = (x + 0.5).rounded(.down)
        guard rounded.isFinite else { return rounded > 0 ? .max : .min }
        if rounded >= Double(Int.max) { return .max }
        if rounded <= Double(Int.min) { return .min }
        return Int(rounded)
    }

    /// `math.Pow(x, y)`. For integral `y` Go multiplies by repeated squaring, lowest bit first,
    /// and takes the reciprocal last for a negative `y`; this reproduces it bit for bit (scaling by
    /// powers of two, which Go does on the side, changes no rounding). Other exponents use the C
    /// library's `pow`, which may differ from Go's in the last bit.
    @inline(__always)
    static func pow(_ x: Double, _ y: Double) -> Double {
        if y == 0 || x == 1 { return 1 }
        if y == 1 { return x }
        if x.isNaN || y.isNaN { return .nan }
        guard y.rounded(.towardZero) == y, y.magnitude < 0x1p62 else {
            #if canImport(Glibc)
            return Glibc.pow(x, y)
            #else
            return Darwin.pow(x, y)
            #endif
        }
        var result = 1.0
        var square = x
        var bits = UInt64(y.magnitude)
        while bits != 0 {
            if bits & 1 == 1 { result *= square }
            square *= square
            bits >>= 1
        }
        return y < 0 ? 1 / result : result
    }
}

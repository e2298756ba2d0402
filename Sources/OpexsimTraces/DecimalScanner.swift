#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A decimal number read from bytes as an integer mantissa and a power-of-ten exponent, so that
/// callers can rescale it (milli-, kilo-, milliseconds) before the single conversion to `Double`.
public struct ScannedDecimal: Sendable, Equatable {
    /// The significant digits, without sign or decimal point.
    public var mantissa: UInt64
    /// The power of ten that multiplies `mantissa`.
    public var exponent: Int
    public var isNegative: Bool
    /// True when more digits were present than `mantissa` can hold exactly.
    public var isTruncated: Bool

    @inlinable
    public init(mantissa: UInt64, exponent: Int, isNegative: Bool, isTruncated: Bool) {
        self.mantissa = mantissa
        self.exponent = exponent
        self.isNegative = isNegative
        self.isTruncated = isTruncated
    }
}

/// Byte-level parsing of decimal numbers: `-12`, `0.25`, `.5`, `1e-3`, `2.097152E7`.
public enum DecimalScanner {
    /// The exact powers of ten representable in a `Double` (10^0 ... 10^22), without the lazy
    /// initialisation check a global table would cost on every call.
    @inlinable @inline(__always)
    static func exactPowerOfTen(_ exponent: Int) -> Double {
        switch exponent {
        case 0: return 1
        case 1: return 1e1
        case 2: return 1e2
        case 3: return 1e3
        case 4: return 1e4
        case 5: return 1e5
        case 6: return 1e6
        case 7: return 1e7
        case 8: return 1e8
        case 9: return 1e9
        case 10: return 1e10
        case 11: return 1e11
        case 12: return 1e12
        case 13: return 1e13
        case 14: return 1e14
        case 15: return 1e15
        case 16: return 1e16
        case 17: return 1e17
        case 18: return 1e18
        case 19: return 1e19
        case 20: return 1e20
        case 21: return 1e21
        default: return 1e22
        }
    }

    /// Scans the mantissa (sign, digits, optional fraction) starting at `start`; returns the scanned
    /// value and the index after it, or nil when no digit was found. Stops before any exponent or suffix.
    @inlinable
    public static func scanMantissa(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int
    ) -> (ScannedDecimal, Int)? {
        var i = start
        var negative = false
        if i < end {
            if bytes[i] == UInt8(ascii: "-") {
                negative = true
                i += 1
            } else if bytes[i] == UInt8(ascii: "+") {
                i += 1
            }
        }
        var mantissa: UInt64 = 0
        var exponent = 0
        var truncated = false
        var sawDigit = false
        let limit: UInt64 = 999_999_999_999_999_999 / 10
        while i < end {
            let digit = bytes[i] &- 48
            if digit > 9 { break }
            sawDigit = true
            if mantissa <= limit {
                mantissa = mantissa &* 10 &+ UInt64(digit)
            } else {
                exponent += 1
                if digit != 0 { truncated = true }
            }
            i += 1
        }
        if i < end && bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < end {
                let digit = bytes[i] &- 48
                if digit > 9 { break }
                sawDigit = true
                if mantissa <= limit {
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                    exponent -= 1
                } else if digit != 0 {
                    truncated = true
                }
                i += 1
            }
        }
        guard sawDigit else { return nil }
        return (ScannedDecimal(mantissa: mantissa, exponent: exponent, isNegative: negative, isTruncated: truncated), i)
    }

    /// Scans `e[+-]digits` at `start`; returns the exponent and the index after it, or nil when the
    /// bytes there are not an exponent.
    @inlinable
    public static func scanExponent(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int
    ) -> (Int, Int)? {
        var i = start
        guard i < end, bytes[i] | 0x20 == UInt8(ascii: "e") else { return nil }
        i += 1
        var negative = false
        if i < end && (bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")) {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var value = 0
        var sawDigit = false
        while i < end {
            let digit = bytes[i] &- 48
            if digit > 9 { break }
            sawDigit = true
            if value < 100_000 { value = value * 10 + Int(digit) }
            i += 1
        }
        guard sawDigit else { return nil }
        return (negative ? -value : value, i)
    }

    /// Parses a whole field as a plain decimal number with optional exponent; nil if any byte is left.
    @inlinable
    public static func parseDouble(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Double? {
        guard let (scanned, afterMantissa) = scanMantissa(bytes, from: start, to: end) else { return nil }
        var value = scanned
        var i = afterMantissa
        if i < end {
            guard let (exponent, afterExponent) = scanExponent(bytes, from: i, to: end) else { return nil }
            value.exponent += exponent
            i = afterExponent
        }
        guard i == end else { return nil }
        // Digits past the mantissa's 18 change the nearest Double only rarely, but they can.
        if value.isTruncated { return strtodText(bytes, from: start, to: end) }
        return toDouble(value, bytes, from: start, to: end)
    }

    /// `strtod` of the number written in `bytes[start..<end]` (a plain decimal the scanner accepted).
    @usableFromInline
    static func strtodText(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Double {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: end - start + 1) { text in
            for k in 0..<(end - start) { text[k] = CChar(bitPattern: bytes[start + k]) }
            text[end - start] = 0
            return strtod(text.baseAddress!, nil)
        }
    }

    /// Converts a scanned decimal to the nearest `Double`. Uses the exact fast path when the mantissa
    /// fits in 53 bits and the power of ten is exact; otherwise falls back to `strtod` on the text.
    @inlinable
    public static func toDouble(
        _ value: ScannedDecimal, _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int
    ) -> Double {
        if !value.isTruncated && value.mantissa < (1 << 53) && value.exponent >= -22 && value.exponent <= 22 {
            let m = Double(value.mantissa)
            let result =
                value.exponent >= 0
                ? m * exactPowerOfTen(value.exponent) : m / exactPowerOfTen(-value.exponent)
            return value.isNegative ? -result : result
        }
        return slowToDouble(value, bytes, from: start, to: end)
    }

    @usableFromInline
    static func slowToDouble(
        _ value: ScannedDecimal, _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int
    ) -> Double {
        if let exact = extendedToDouble(value) { return exact }
        // A canonical "[-]digitsEexp" text, so that suffixes the caller folded into the exponent
        // (milli, kilo) are honoured; 18 significant digits exceed a Double's precision.
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 48) { text in
            var length = 0
            if value.isNegative {
                text[0] = CChar(UInt8(ascii: "-"))
                length = 1
            }
            length += writeDigits(value.mantissa, into: text, at: length)
            text[length] = CChar(UInt8(ascii: "e"))
            length += 1
            var exponent = value.exponent
            if exponent < 0 {
                text[length] = CChar(UInt8(ascii: "-"))
                length += 1
                exponent = -exponent
            }
            length += writeDigits(UInt64(exponent), into: text, at: length)
            text[length] = 0
            return strtod(text.baseAddress!, nil)
        }
    }

    /// Writes `value`'s decimal digits at `text[at...]`; returns how many.
    static func writeDigits(_ value: UInt64, into text: UnsafeMutableBufferPointer<CChar>, at start: Int) -> Int {
        var digits = 1
        var rest = value / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        rest = value
        for k in stride(from: start + digits - 1, through: start, by: -1) {
            text[k] = CChar(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        }
        return digits
    }

    /// The nearest `Double` to a mantissa of up to 64 bits times an exact power of ten (10^-27 ...
    /// 10^27), through one correctly rounded 64-bit-precision step; nil where rounding that step to 53
    /// bits could differ from rounding the exact value (the step lands within one unit of a halfway
    /// point) or where the platform has no 64-bit-precision type.
    @usableFromInline
    static func extendedToDouble(_ value: ScannedDecimal) -> Double? {
        #if arch(x86_64) && !os(Windows)
        guard !value.isTruncated, value.mantissa != 0, value.exponent >= -27, value.exponent <= 27 else {
            return nil
        }
        var power: Float80 = 1
        for _ in 0..<abs(value.exponent) { power *= 10 }
        let m = Float80(value.mantissa)
        let step = value.exponent >= 0 ? m * power : m / power
        // The 11 bits a Double drops from the 64-bit significand: 0x400 is the halfway point.
        let dropped = Int(step.significandBitPattern & 0x7FF)
        guard abs(dropped - 0x400) > 1 else { return nil }
        let result = Double(step)
        return value.isNegative ? -result : result
        #else
        return nil
        #endif
    }
}

/// Kubernetes resource quantities (`250m`, `1.5`, `512Mi`, `1G`, `1e3`), as defined by
/// `k8s.io/apimachinery/pkg/api/resource`: a decimal number with an optional binary suffix
/// (Ki, Mi, Gi, Ti, Pi, Ei), decimal suffix (n, u, m, k, M, G, T, P, E) or decimal exponent.
public enum Quantity {
    /// Parses the quantity in `bytes[start..<end]` into base units (cores or bytes).
    @inlinable
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Double? {
        guard let (scanned, afterMantissa) = DecimalScanner.scanMantissa(bytes, from: start, to: end) else {
            return nil
        }
        var value = scanned
        var i = afterMantissa
        if i == end {
            return DecimalScanner.toDouble(value, bytes, from: start, to: end)
        }
        // A decimal exponent ("1e3") binds before the exa suffix ("1E").
        if let (exponent, afterExponent) = DecimalScanner.scanExponent(bytes, from: i, to: end), afterExponent == end {
            value.exponent += exponent
            return DecimalScanner.toDouble(value, bytes, from: start, to: end)
        }
        let suffix = bytes[i]
        i += 1
        if i == end {
            let decimalExponent: Int
            switch suffix {
            case UInt8(ascii: "n"): decimalExponent = -9
            case UInt8(ascii: "u"): decimalExponent = -6
            case UInt8(ascii: "m"): decimalExponent = -3
            case UInt8(ascii: "k"): decimalExponent = 3
            case UInt8(ascii: "M"): decimalExponent = 6
            case UInt8(ascii: "G"): decimalExponent = 9
            case UInt8(ascii: "T"): decimalExponent = 12
            case UInt8(ascii: "P"): decimalExponent = 15
            case UInt8(ascii: "E"): decimalExponent = 18
            default: return nil
            }
            value.exponent += decimalExponent
            return DecimalScanner.toDouble(value, bytes, from: start, to: end)
        }
        guard i + 1 == end, bytes[i] == UInt8(ascii: "i") else { return nil }
        let binaryShift: Double
        switch suffix {
        case UInt8(ascii: "K"): binaryShift = 1024
        case UInt8(ascii: "M"): binaryShift = 1_048_576
        case UInt8(ascii: "G"): binaryShift = 1_073_741_824
        case UInt8(ascii: "T"): binaryShift = 1_099_511_627_776
        case UInt8(ascii: "P"): binaryShift = 1_125_899_906_842_624
        case UInt8(ascii: "E"): binaryShift = 1_152_921_504_606_846_976
        default: return nil
        }
        return DecimalScanner.toDouble(value, bytes, from: start, to: end) * binaryShift
    }

    /// Parses a quantity written as text; surrounding spaces are ignored.
    public static func parse(_ text: String) -> Double? {
        var utf8 = Array(text.utf8)
        while let last = utf8.last, last == UInt8(ascii: " ") { utf8.removeLast() }
        let leading = utf8.prefix { $0 == UInt8(ascii: " ") }.count
        return utf8.withUnsafeBufferPointer { parse($0, from: leading, to: $0.count) }
    }

    /// The most CPU a trace value may hold: far beyond any node, small enough that sums over a
    /// trace stay exact enough and every figure prints.
    public static let maximumCores = 1_000_000.0
    public static let maximumCoresText = "1,000,000"
    /// The most memory a trace value may hold: 1 EiB.
    public static let maximumBytes = 1_152_921_504_606_846_976.0

    /// CPU cores the way Kubernetes writes them: whole cores as `2`, otherwise millicores rounded
    /// up (`0.2501` → `251m`). Values beyond what whole millicores can hold print as numbers.
    public static func formatCPU(_ cores: Double) -> String {
        guard cores.isFinite, abs(cores) < 1e15 else { return "\(cores)" }
        let millicores = (cores * 1000 - 1e-9).rounded(.up)
        let whole = Int64(max(0, millicores))
        if whole % 1000 == 0 { return String(whole / 1000) }
        return "\(whole)m"
    }

    /// Memory bytes the way Kubernetes writes them: the largest exact binary suffix (`512Mi`,
    /// `1Gi`), otherwise whole bytes rounded up.
    public static func formatMemory(_ bytes: Double) -> String {
        guard bytes.isFinite, abs(bytes) < 9e18 else { return "\(bytes)" }
        let whole = Int64(max(0, bytes.rounded(.up)))
        for (suffix, unit) in [
            ("Ei", Int64(1) << 60), ("Pi", Int64(1) << 50), ("Ti", Int64(1) << 40),
            ("Gi", Int64(1) << 30), ("Mi", Int64(1) << 20), ("Ki", Int64(1) << 10),
        ]
        where whole >= unit && whole % unit == 0 {
            return "\(whole / unit)\(suffix)"
        }
        return String(whole)
    }
}

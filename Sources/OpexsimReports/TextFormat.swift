import OpexsimTraces

/// Number and quantity formatting for Markdown reports.
public enum TextFormat {
    /// Fixed decimals, with thousands separators: `1,234.50`.
    public static func fixed(_ value: Double, _ decimals: Int, grouping: Bool = true) -> String {
        guard value.isFinite else { return "n/a" }
        var scale: Int64 = 1
        for _ in 0..<decimals { scale *= 10 }
        // Beyond what the digits can hold exactly: the number as Swift writes it.
        guard abs(value) * Double(scale) < 9e18 else { return "\(value)" }
        let negative = value < 0
        let scaled = Int64((abs(value) * Double(scale)).rounded())
        let whole = scaled / scale
        let fraction = scaled % scale
        var digits = String(whole)
        var grouped = ""
        while grouping && digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits = String(digits.dropLast(3))
        }
        grouped = digits + grouped
        var text = (negative && scaled != 0 ? "-" : "") + grouped
        if decimals > 0 {
            let fractionText = String(fraction)
            text += "." + String(repeating: "0", count: decimals - fractionText.count) + fractionText
        }
        return text
    }

    /// Dollars: cents, or four decimals under a dollar.
    public static func dollars(_ value: Double) -> String {
        let magnitude = abs(value)
        let text = "$" + (magnitude > 0 && magnitude < 1 ? fixed(magnitude, 4) : fixed(magnitude, 2))
        return value < 0 && Rounding.decimals(magnitude, 4) > 0 ? "−" + text : text
    }

    /// A signed dollar change: `+$1.20`, `−$3.40`.
    public static func dollarChange(_ value: Double) -> String {
        let text = dollars(abs(value))
        if Rounding.decimals(value, 4) == 0 { return "$0.00" }
        return (value < 0 ? "−" : "+") + text
    }

    /// A ratio as a percentage: `12.3%`.
    public static func percent(_ ratio: Double, _ decimals: Int = 1) -> String {
        fixed(ratio * 100, decimals) + "%"
    }

    /// CPU cores as Kubernetes writes them, `-` when unset.
    public static func cpu(_ cores: Double?) -> String {
        cores.map(Quantity.formatCPU) ?? "-"
    }

    /// Memory in binary units for reading: `512Mi`, `1.5Gi`, `2044Mi`; `-` when unset. Values under
    /// ten units that are not whole or halves are shown in the next smaller unit.
    public static func memory(_ bytes: Double?) -> String {
        guard let bytes else { return "-" }
        guard bytes.isFinite else { return "n/a" }
        let units: [(String, Double)] = [
            ("Ti", 1_099_511_627_776.0), ("Gi", 1_073_741_824.0), ("Mi", 1_048_576.0), ("Ki", 1024.0),
        ]
        for (index, (unit, size)) in units.enumerated() where bytes >= size {
            let value = bytes / size
            if value >= 10 || index == units.count - 1 {
                return fixed(value, value >= 100 ? 0 : 1, grouping: false) + unit
            }
            let halves = (value * 2).rounded() / 2
            if abs(value - halves) < 0.0005 {
                return
                    (halves == halves.rounded() ? fixed(halves, 0, grouping: false) : fixed(halves, 1, grouping: false))
                    + unit
            }
            let smaller = units[index + 1]
            return fixed(bytes / smaller.1, 0, grouping: false) + smaller.0
        }
        return fixed(bytes, 0, grouping: false)
    }

    /// A duration: `1h30m`, `45s`.
    public static func duration(seconds: Double) -> String {
        DurationText.format(Int64((seconds * 1000).rounded()) / 1000 * 1000)
    }
}

/// Byte sizes as Chaos Mesh's memory stressor reads them (memStress parses `size` with
/// go-humanize's `ParseBytes`), which also covers Kubernetes-style suffixes: a decimal number,
/// optional spaces, and a case-insensitive unit: none or `B`; `K`, `KB`, `M`, `MB`, `G`, `GB`, `T`,
/// `TB`, `P`, `PB`, `E`, `EB` (powers of 1000); `Ki`, `KiB`, `Mi`, `MiB`, ... (powers of 1024).
/// So `256MB` is 256 × 10⁶ bytes, `300MiB` 300 × 2²⁰ and `1GiB` 2³⁰.
enum ByteSize {
    /// Bytes, nil when the text is not a size.
    static func parse(_ text: String) -> Double? {
        let trimmed = text.trimming(" ")
        let number = trimmed.prefix { ($0.isASCII && $0.isNumber) || $0 == "." }
        guard !number.isEmpty, number.contains(where: \.isNumber), let value = Double(number) else { return nil }
        let unit = trimmed.dropFirst(number.count).trimming(" ").lowercased()
        let decimal: [Character: Double] = ["k": 1e3, "m": 1e6, "g": 1e9, "t": 1e12, "p": 1e15, "e": 1e18]
        let binary: [Character: Double] = [
            "k": 0x1p10, "m": 0x1p20, "g": 0x1p30, "t": 0x1p40, "p": 0x1p50, "e": 0x1p60,
        ]
        var scale = 1.0
        if !unit.isEmpty && unit != "b" {
            let prefix = unit.first!
            switch unit.dropFirst() {
            case "", "b": scale = decimal[prefix] ?? .nan
            case "i", "ib": scale = binary[prefix] ?? .nan
            default: return nil
            }
        }
        let bytes = value * scale
        return bytes.isFinite ? bytes.rounded(.down) : nil
    }
}

extension Substring {
    fileprivate func trimming(_ character: Character) -> String { String(self).trimming(character) }
}

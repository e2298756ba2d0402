/// Byte sizes as Chaos Mesh's memory stressor reads them (memStress parses `size` with
/// go-humanize's `ParseBytes`), which also covers Kubernetes-style suffixes: a decimal number,
/// optional spaces, and a case-insensitive unit: none or `B`; `K`, `KB`, `M`, `MB`, `G`, `GB`, `T`,
/// `TB`, `P`, `PB`, `E`, `EB` (powers of 1000); `Ki`, `KiB`, `Mi`, `MiB`, ... (powers of 1024).
/// So `256MB` is 256 × 10⁶ bytes, `300MiB` 300 × 2²⁰ and `1GiB` 2³⁰.
enum ByteSize {
    /// Bytes, nil when the text is not a size.
    static func parse(_ text: String) -> Double? {
        let trimmed = text.trimming(" ")
        let utf8 = trimmed.utf8
        let numberEnd = utf8.firstIndex { !isDigit($0) && $0 != UInt8(ascii: ".") } ?? utf8.endIndex
        let number = trimmed[..<numberEnd]
        guard number.utf8.contains(where: isDigit), let value = Double(number) else { return nil }
        let unit = trimmed[numberEnd...].trimming(" ").lowercased()
        var scale = 1.0
        if !unit.isEmpty && unit != "b" {
            guard let index = prefixes.firstIndex(of: unit.first!) else { return nil }
            let power = index + 1
            switch unit.dropFirst() {
            case "", "b": scale = decimalScales[power]
            case "i", "ib": scale = binaryScales[power]
            default: return nil
            }
        }
        let bytes = value * scale
        return bytes.isFinite ? bytes.rounded(.down) : nil
    }

    /// The unit prefixes, k for 10³ or 2¹⁰ to e for 10¹⁸ or 2⁶⁰.
    static let prefixes: [Character] = ["k", "m", "g", "t", "p", "e"]
    /// 1000 to the power of the index.
    static let decimalScales: [Double] = [1, 1e3, 1e6, 1e9, 1e12, 1e15, 1e18]
    /// 1024 to the power of the index.
    static let binaryScales: [Double] = [1, 0x1p10, 0x1p20, 0x1p30, 0x1p40, 0x1p50, 0x1p60]

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}

extension Substring {
    fileprivate func trimming(_ character: Character) -> String { String(self).trimming(character) }
}

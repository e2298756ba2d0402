/// The columns of the canonical utilization trace (docs/trace-format.md), plus the optional within-interval
/// CPU percentile vector `cpu_p<level>` (1...99) and `cpu_max`.
public enum CanonicalColumn: String, CaseIterable, Sendable {
    case timestamp
    case namespace
    case workload
    case container
    case pod
    case cpuCores = "cpu_cores"
    case memoryBytes = "memory_bytes"
    case cpuRequest = "cpu_request"
    case cpuLimit = "cpu_limit"
    case memoryRequest = "memory_request"
    case memoryLimit = "memory_limit"
    case node
    case team
    case cpuThrottledRatio = "cpu_throttled_ratio"
    case oomKilled = "oom_killed"
    /// The pod's labels, `key=value;key=value`.
    case labels
    /// The pod's annotations, written like `labels` (values without `;`).
    case annotations

    /// Columns every canonical trace must have.
    public static let required: [CanonicalColumn] = [
        .timestamp, .namespace, .workload, .container, .cpuCores, .memoryBytes,
    ]

    /// The percentile level of a `cpu_p<level>` or `cpu_max` column name, if it is one.
    public static func cpuPercentileLevel(_ name: String) -> Double? {
        if name == "cpu_max" { return 100 }
        guard name.hasPrefix("cpu_p"), let level = Int(name.dropFirst(5)), (0...100).contains(level) else { return nil }
        return Double(level)
    }
}

/// Where each canonical column sits in a file's header.
struct CanonicalLayout {
    /// Field index of each canonical column, or -1.
    var field: [CanonicalColumn: Int] = [:]
    /// Field indices of the CPU percentile columns, in ascending level order.
    var percentileFields: [Int] = []
    var percentileLevels: [Double] = []
    var fieldCount: Int = 0
    var unknown: [String] = []

    subscript(column: CanonicalColumn) -> Int { field[column] ?? -1 }

    /// The header's names for a message: at most 20, each at most 40 characters.
    static func brief(_ header: [String]) -> String {
        let names = header.prefix(20).map { $0.count > 40 ? $0.prefix(40) + "…" : $0 }
        return names.joined(separator: ",") + (header.count > 20 ? ",… (\(header.count) columns)" : "")
    }

    init(header: [String], file: String) throws {
        // A CR that does not end the header (CRLF) means the file's lines end in bare CRs.
        if let field = header.indices.first(where: { index in
            let name =
                index == header.count - 1 && header[index].hasSuffix("\r")
                ? String(header[index].dropLast()) : header[index]
            return name.contains("\r")
        }) {
            let column =
                header.prefix(field).reduce(1) { $0 + $1.utf8.count + 1 } + header[field].utf8.prefix { $0 != 13 }.count
            throw TraceError(
                file: file, line: 1, column: column,
                message: "lines end with a bare carriage return (CR); opexsim reads LF or CRLF line endings")
        }
        fieldCount = header.count
        var percentiles: [(Double, Int)] = []
        for (index, rawName) in header.enumerated() {
            let name = rawName.trimmingSpaces().lowercased()
            if let column = CanonicalColumn(rawValue: name) {
                if field[column] != nil {
                    throw TraceError(
                        file: file, line: 1, column: 1, message: "column \(name) appears twice in the header")
                }
                field[column] = index
            } else if let level = CanonicalColumn.cpuPercentileLevel(name) {
                if percentiles.contains(where: { $0.0 == level }) {
                    throw TraceError(
                        file: file, line: 1, column: 1, message: "column \(name) appears twice in the header")
                }
                percentiles.append((level, index))
            } else {
                unknown.append(rawName)
            }
        }
        percentiles.sort { $0.0 < $1.0 }
        percentileLevels = percentiles.map(\.0)
        percentileFields = percentiles.map(\.1)
        let missing = CanonicalColumn.required.filter { field[$0] == nil }
        if !missing.isEmpty {
            let names = missing.map(\.rawValue).joined(separator: ", ")
            throw TraceError(
                file: file, line: 1, column: 1,
                message:
                    "missing required column\(missing.count > 1 ? "s" : "") \(names) (the header has: \(Self.brief(header)))"
            )
        }
    }
}

extension String {
    /// The text without leading and trailing `character`s.
    public func trimming(_ character: Character) -> String {
        var text = Substring(self)
        while text.first == character { text.removeFirst() }
        while text.last == character { text.removeLast() }
        return String(text)
    }

    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" || first == "\u{FEFF}" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" || last == "\r" { scalars.removeLast() }
        return String(scalars)
    }
}

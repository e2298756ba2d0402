/// Writes canonical trace CSV (docs/trace-format.md), row by row: into memory (the caller writes the
/// bytes atomically when done), or with an `output` streamed to it in chunks of about 4 MB. Cells are
/// formatted straight into bytes (`appendTime`, `appendNumber`, `appendText`, then `endRow`).
public struct CanonicalTraceWriter {
    /// The columns written, in order.
    public let columns: [String]
    /// The bytes not yet streamed (all of them without an output).
    public internal(set) var bytes: [UInt8] = []
    public internal(set) var rows = 0
    var cellsInRow = 0
    /// Where the bytes stream to, and past how many buffered bytes.
    public let output: StreamingFile?
    let flushThreshold: Int
    /// The header's length in bytes (the start of the rows in `bytes` while nothing was streamed).
    let headerCount: Int

    /// The standard column set; optional columns only when asked for.
    public init(
        throttledRatio: Bool = false, oomKilled: Bool = false, cpuPercentileLevels: [Int] = [], labels: Bool = false,
        annotations: Bool = false, output: StreamingFile? = nil
    ) {
        self.output = output
        flushThreshold = output == nil ? Int.max : 4 << 20
        var columns = [
            "timestamp", "namespace", "workload", "container", "pod", "cpu_cores", "memory_bytes",
            "cpu_request", "cpu_limit", "memory_request", "memory_limit", "node", "team",
        ]
        if throttledRatio { columns.append("cpu_throttled_ratio") }
        if oomKilled { columns.append("oom_killed") }
        columns += cpuPercentileLevels.map { $0 == 100 ? "cpu_max" : "cpu_p\($0)" }
        if labels { columns.append("labels") }
        if annotations { columns.append("annotations") }
        self.columns = columns
        bytes.append(contentsOf: columns.joined(separator: ",").utf8)
        bytes.append(UInt8(ascii: "\n"))
        headerCount = bytes.count
    }

    /// The rows written so far, without the header: for a writer without an output.
    public var rowBytes: ArraySlice<UInt8> {
        precondition(output == nil, "the rows of a streaming writer are in its output")
        return bytes[headerCount...]
    }

    /// One row; `values` holds the cells in `columns` order (already formatted).
    public mutating func append(_ values: [String]) {
        precondition(values.count == columns.count, "row has \(values.count) cells for \(columns.count) columns")
        for value in values { appendText(value) }
        endRow()
    }

    /// Streams the buffered bytes to the output (nothing without one).
    public mutating func flush() {
        guard let output, !bytes.isEmpty else { return }
        output.write(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    /// Streams what is left and puts the output file in place.
    public mutating func finish() throws {
        flush()
        try output?.commit()
    }

    /// A number with at most `decimals` decimals and no trailing zeros (`0.25`, `3`).
    public static func number(_ value: Double, decimals: Int = 6) -> String {
        var bytes: [UInt8] = []
        formatNumber(value, decimals: decimals, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

import OpexsimTraces

/// Where an importer writes: canonical rows, plus the rows it dropped (by reason) and what it
/// noticed about the input, for the summary.
public struct ImportSink {
    public private(set) var writer: CanonicalTraceWriter
    /// CPU percentile levels of the rows' `cpuPercentiles` (100 = `cpu_max`).
    public let cpuPercentileLevels: [Int]
    public let hasThrottledRatio: Bool
    public let hasOOMKilled: Bool
    public let hasLabels: Bool
    public let hasAnnotations: Bool
    /// Dropped rows by reason, in the order the reasons first came up.
    public private(set) var dropped: [(reason: String, count: Int)] = []
    /// Things worth telling the user, in order.
    public private(set) var notes: [String] = []

    public init(
        throttledRatio: Bool = false, oomKilled: Bool = false, cpuPercentileLevels: [Int] = [], labels: Bool = false,
        annotations: Bool = false
    ) {
        writer = CanonicalTraceWriter(
            throttledRatio: throttledRatio, oomKilled: oomKilled, cpuPercentileLevels: cpuPercentileLevels,
            labels: labels, annotations: annotations)
        hasLabels = labels
        hasAnnotations = annotations
        self.cpuPercentileLevels = cpuPercentileLevels
        hasThrottledRatio = throttledRatio
        hasOOMKilled = oomKilled
    }

    public var rowCount: Int { writer.rows }

    /// Writes one row.
    public mutating func append(_ row: CanonicalRow) {
        func cpu(_ value: Double?) -> String { value.map { CanonicalTraceWriter.number($0, decimals: 9) } ?? "" }
        func bytes(_ value: Double?) -> String {
            value.map { CanonicalTraceWriter.number($0.rounded(), decimals: 0) } ?? ""
        }
        var cells = [
            TraceTime.format(row.time), row.namespace, row.workload, row.container, row.pod,
            cpu(row.cpuCores), bytes(row.memoryBytes),
            cpu(row.settings.cpuRequest), cpu(row.settings.cpuLimit), bytes(row.settings.memoryRequest),
            bytes(row.settings.memoryLimit),
            row.node ?? "", row.team ?? "",
        ]
        if hasThrottledRatio {
            cells.append(row.throttledRatio.map { CanonicalTraceWriter.number($0, decimals: 6) } ?? "")
        }
        if hasOOMKilled { cells.append(row.oomKilled.map { $0 ? "1" : "0" } ?? "") }
        for k in cpuPercentileLevels.indices {
            let value = k < row.cpuPercentiles.count ? row.cpuPercentiles[k] : .nan
            cells.append(value.isNaN ? "" : cpu(value))
        }
        if hasLabels { cells.append(row.labels?.text ?? "") }
        if hasAnnotations { cells.append(row.annotations?.text ?? "") }
        writer.append(cells)
    }

    /// Counts `count` input rows dropped for `reason`.
    public mutating func drop(_ reason: String, count: Int = 1) {
        guard count > 0 else { return }
        if let index = dropped.firstIndex(where: { $0.reason == reason }) {
            dropped[index].count += count
        } else {
            dropped.append((reason, count))
        }
    }

    /// Records something the user should know about the input.
    public mutating func note(_ text: String) {
        if !notes.contains(text) { notes.append(text) }
    }
}

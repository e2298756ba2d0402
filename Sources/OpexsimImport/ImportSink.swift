import OpexsimTraces

/// Where an importer writes: canonical rows, plus the rows it dropped (by reason) and what it
/// noticed about the input, for the summary.
public struct ImportSink {
    public internal(set) var writer: CanonicalTraceWriter
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

    /// Writes one row, formatting each cell straight into the writer's bytes.
    public mutating func append(_ row: CanonicalRow) {
        writer.appendTime(row.time)
        for text in [row.namespace, row.workload, row.container, row.pod] { writer.appendText(text) }
        appendNumber(row.cpuCores, decimals: 9)
        appendNumber(row.memoryBytes?.rounded(), decimals: 0)
        appendNumber(row.settings.cpuRequest, decimals: 9)
        appendNumber(row.settings.cpuLimit, decimals: 9)
        appendNumber(row.settings.memoryRequest?.rounded(), decimals: 0)
        appendNumber(row.settings.memoryLimit?.rounded(), decimals: 0)
        writer.appendText(row.node ?? "")
        writer.appendText(row.team ?? "")
        if hasThrottledRatio { appendNumber(row.throttledRatio, decimals: 6) }
        if hasOOMKilled {
            if let killed = row.oomKilled { writer.appendText(killed ? "1" : "0") } else { writer.appendEmpty() }
        }
        for k in cpuPercentileLevels.indices {
            let value = k < row.cpuPercentiles.count ? row.cpuPercentiles[k] : .nan
            appendNumber(value.isNaN ? nil : value, decimals: 9)
        }
        if hasLabels { writer.appendText(row.labels?.text ?? "") }
        if hasAnnotations { writer.appendText(row.annotations?.text ?? "") }
        writer.endRow()
    }

    /// A number cell, empty for nil.
    private mutating func appendNumber(_ value: Double?, decimals: Int) {
        if let value { writer.appendNumber(value, decimals: decimals) } else { writer.appendEmpty() }
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

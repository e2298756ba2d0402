/// Checks that a trace read from a cache holds together: every column as long as the samples, every
/// index and name id in range, every series' samples in time order. A cache that passes cannot make
/// the replay read out of bounds.
enum TraceCacheValidation {
    static func check(_ trace: Trace) throws {
        func corrupt(_ why: String) -> CacheReader.Corrupt { CacheReader.Corrupt(why: why) }
        let n = trace.time.count
        for (name, count) in [
            ("cpu", trace.cpu.count), ("memory", trace.memory.count), ("settings", trace.settingsIndex.count),
        ] where count != n {
            throw corrupt("the \(name) column has \(count) values for \(n) samples")
        }
        for (name, count) in [
            ("throttling", trace.throttledRatio.count), ("OOM", trace.oomKilled.count),
            ("file", trace.sourceFile.count),
        ] where count != n && count != 0 {
            throw corrupt("the \(name) column has \(count) values for \(n) samples")
        }
        guard trace.cpuPercentiles.count == n * trace.cpuPercentileLevels.count else {
            throw corrupt("the percentile columns do not match the samples")
        }
        // Values the reader would have refused in a CSV, scanned on all cores.
        let scan = ColumnScan(trace)
        if scan.faults.contains(.cpu) { throw corrupt("a CPU value out of range") }
        if scan.faults.contains(.memory) { throw corrupt("a memory value out of range") }
        if scan.faults.contains(.percentile) { throw corrupt("a CPU percentile out of range") }
        if scan.faults.contains(.throttling) { throw corrupt("a throttled ratio out of range") }
        guard trace.interval >= 0 else { throw corrupt("a negative interval") }
        try checkTimes(trace, scan: scan)
        try checkStructure(trace, scan: scan)
    }

    /// Times the reader would have refused: a span over `Trace.maximumSpan`, and intervals or gaps
    /// longer than that (they would overflow the sums of times the replay makes).
    static func checkTimes(_ trace: Trace, scan: ColumnScan) throws {
        func corrupt(_ why: String) -> CacheReader.Corrupt { CacheReader.Corrupt(why: why) }
        if !trace.time.isEmpty {
            let (span, overflow) = scan.latest.subtractingReportingOverflow(scan.earliest)
            guard !overflow, span <= Trace.maximumSpan else {
                throw corrupt("samples more than \(Trace.maximumSpanText) apart")
            }
        }
        guard trace.interval <= Trace.maximumSpan else { throw corrupt("an interval over \(Trace.maximumSpanText)") }
        for s in trace.series where s.interval > Trace.maximumSpan || s.gapTime > Trace.maximumSpan {
            throw corrupt("a series' interval or gaps over \(Trace.maximumSpanText)")
        }
    }

    /// Indices and name ids in range, samples of each series in time order.
    static func checkStructure(_ trace: Trace, scan: ColumnScan) throws {
        func corrupt(_ why: String) -> CacheReader.Corrupt { CacheReader.Corrupt(why: why) }
        let n = trace.time.count
        let names = Int32(trace.names.count)
        if scan.faults.contains(.settings) { throw corrupt("a settings index out of range") }
        if scan.faults.contains(.file) { throw corrupt("a file index out of range") }
        func name(_ id: Int32, optional: Bool = false) -> Bool { (id >= 0 && id < names) || (optional && id == -1) }
        // The first series that fails a check of its own, then the first whose samples are out of
        // order (checked on all cores once every range is known to lie inside the trace): whichever
        // comes first is the one a series-by-series check would have named.
        var firstFault: (series: Int, why: String)?
        for (index, s) in trace.series.enumerated() {
            if !(name(s.namespaceName) && name(s.workloadName) && name(s.containerName) && name(s.podName)
                && name(s.teamName) && name(s.nodeName, optional: true) && name(s.labelsName, optional: true)
                && name(s.annotationsName, optional: true))
            {
                firstFault = (index, "a series names an unknown name")
            } else if !(s.range.upperBound <= n && s.containerIndex >= 0 && s.containerIndex < trace.containers.count
                && s.podIndex >= 0 && s.podIndex < trace.pods.count && s.workloadIndex >= 0
                && s.workloadIndex < trace.workloads.count)
            {
                firstFault = (index, "a series points outside the trace")
            } else if !(s.range.isEmpty || (s.interval > 0 && s.gapTime >= 0)) {
                firstFault = (index, "a series with no sampling interval")
            }
            if firstFault != nil { break }
        }
        let ordered = firstFault?.series ?? trace.series.count
        if firstDisordered(trace, before: ordered) != nil {
            throw corrupt("a series' samples are out of time order")
        }
        if let firstFault { throw corrupt(firstFault.why) }
        let seriesCount = trace.series.count
        func inRange(_ values: IndexList, _ limit: Int) -> Bool { values.allSatisfy { $0 >= 0 && $0 < limit } }
        for c in trace.containers {
            guard name(c.namespaceName), name(c.workloadName), name(c.containerName), inRange(c.series, seriesCount),
                c.workloadIndex >= 0, c.workloadIndex < trace.workloads.count
            else { throw corrupt("a container points outside the trace") }
        }
        for p in trace.pods {
            guard name(p.namespaceName), name(p.workloadName), name(p.podName), inRange(p.series, seriesCount),
                p.workloadIndex >= 0, p.workloadIndex < trace.workloads.count
            else { throw corrupt("a pod points outside the trace") }
        }
        for w in trace.workloads {
            guard name(w.namespaceName), name(w.workloadName), name(w.teamName),
                inRange(w.containers, trace.containers.count), inRange(w.pods, trace.pods.count)
            else { throw corrupt("a workload points outside the trace") }
        }
    }
}

extension TraceCacheValidation {
    /// The first of the series `0..<end` whose samples are out of time order, checked on all cores.
    static func firstDisordered(_ trace: Trace, before end: Int) -> Int? {
        let parts = ParallelParts.parts(end, minimum: 1)
        let found = SharedSlots<Int>(repeating: .max, count: parts.count)
        trace.time.withUnsafeBufferPointer { time in
            trace.series.withUnsafeBufferPointer { series in
                let (time, series) = (SharedColumn(values: time), SharedColumn(values: series))
                ParallelParts.forEach(parts) { part, range in
                    for index in range {
                        let rows = series[index].range
                        if rows.dropFirst().contains(where: { time[$0] <= time[$0 - 1] }) {
                            found[part] = index
                            return
                        }
                    }
                }
            }
        }
        return found.take().first { $0 != .max }
    }
}

/// What the value columns of a trace hold, scanned in row parts on all cores: which columns hold a
/// value a CSV would have been refused for, and the earliest and latest sample times.
struct ColumnScan {
    struct Faults: OptionSet {
        let rawValue: UInt8
        static let cpu = Faults(rawValue: 1)
        static let memory = Faults(rawValue: 2)
        static let percentile = Faults(rawValue: 4)
        static let throttling = Faults(rawValue: 8)
        static let settings = Faults(rawValue: 16)
        static let file = Faults(rawValue: 32)
    }

    var faults: Faults = []
    var earliest = TraceInstant.max
    var latest = TraceInstant.min

    init(_ trace: Trace) {
        let rows = trace.time.count
        let parts = ParallelParts.parts(rows)
        let results = SharedSlots<ColumnScan>(repeating: ColumnScan(), count: parts.count)
        let columns = ScannedColumns(trace)
        ParallelParts.forEach(parts) { part, range in results[part] = columns.scan(range) }
        for result in results.take() {
            faults.formUnion(result.faults)
            earliest = min(earliest, result.earliest)
            latest = max(latest, result.latest)
        }
    }

    init() {}
}

/// The columns `ColumnScan` reads, held for parts running on several cores.
private struct ScannedColumns: @unchecked Sendable {
    let trace: Trace
    let settings: UInt32
    let files: UInt16
    let levels: Int

    init(_ trace: Trace) {
        self.trace = trace
        settings = UInt32(trace.settings.count)
        files = UInt16(clamping: trace.files.count)
        levels = trace.cpuPercentileLevels.count
    }

    /// The scan of the rows `range` (the optional columns where present).
    func scan(_ range: Range<Int>) -> ColumnScan {
        var result = ColumnScan()
        let maximumCores = Quantity.maximumCores, maximumBytes = Quantity.maximumBytes
        trace.time.withUnsafeBufferPointer { time in
            for i in range {
                result.earliest = min(result.earliest, time[i])
                result.latest = max(result.latest, time[i])
            }
        }
        if trace.cpu[range].contains(where: { !($0 >= 0 && $0 <= maximumCores) }) { result.faults.insert(.cpu) }
        if trace.memory[range].contains(where: { !($0.isNaN || ($0 >= 0 && $0 <= maximumBytes)) }) {
            result.faults.insert(.memory)
        }
        if levels > 0,
            trace.cpuPercentiles[(range.lowerBound * levels)..<(range.upperBound * levels)].contains(where: {
                !($0.isNaN || ($0 >= 0 && $0 <= maximumCores))
            })
        {
            result.faults.insert(.percentile)
        }
        if !trace.throttledRatio.isEmpty,
            trace.throttledRatio[range].contains(where: { !($0.isNaN || ($0 >= 0 && $0 <= 1)) })
        {
            result.faults.insert(.throttling)
        }
        if trace.settingsIndex[range].contains(where: { $0 >= settings }) { result.faults.insert(.settings) }
        if !trace.sourceFile.isEmpty, trace.sourceFile[range].contains(where: { $0 >= files }) {
            result.faults.insert(.file)
        }
        return result
    }
}

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
        // Values the reader would have refused in a CSV.
        if trace.cpu.contains(where: { !($0 >= 0 && $0 <= Quantity.maximumCores) }) {
            throw corrupt("a CPU value out of range")
        }
        if trace.memory.contains(where: { !($0.isNaN || ($0 >= 0 && $0 <= Quantity.maximumBytes)) }) {
            throw corrupt("a memory value out of range")
        }
        if trace.cpuPercentiles.contains(where: { !($0.isNaN || ($0 >= 0 && $0 <= Quantity.maximumCores)) }) {
            throw corrupt("a CPU percentile out of range")
        }
        if trace.throttledRatio.contains(where: { !($0.isNaN || ($0 >= 0 && $0 <= 1)) }) {
            throw corrupt("a throttled ratio out of range")
        }
        guard trace.interval >= 0 else { throw corrupt("a negative interval") }
        try checkTimes(trace)
        try checkStructure(trace)
    }

    /// Times the reader would have refused: a span over `Trace.maximumSpan`, and intervals or gaps
    /// longer than that (they would overflow the sums of times the replay makes).
    static func checkTimes(_ trace: Trace) throws {
        func corrupt(_ why: String) -> CacheReader.Corrupt { CacheReader.Corrupt(why: why) }
        if let earliest = trace.time.min(), let latest = trace.time.max() {
            let (span, overflow) = latest.subtractingReportingOverflow(earliest)
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
    static func checkStructure(_ trace: Trace) throws {
        func corrupt(_ why: String) -> CacheReader.Corrupt { CacheReader.Corrupt(why: why) }
        let n = trace.time.count
        let names = Int32(trace.names.count)
        let settings = UInt32(trace.settings.count)
        if trace.settingsIndex.contains(where: { $0 >= settings }) { throw corrupt("a settings index out of range") }
        let files = UInt16(clamping: trace.files.count)
        if trace.sourceFile.contains(where: { $0 >= files }) { throw corrupt("a file index out of range") }
        func name(_ id: Int32, optional: Bool = false) -> Bool { (id >= 0 && id < names) || (optional && id == -1) }
        for s in trace.series {
            guard name(s.namespaceName), name(s.workloadName), name(s.containerName), name(s.podName),
                name(s.teamName), name(s.nodeName, optional: true), name(s.labelsName, optional: true),
                name(s.annotationsName, optional: true)
            else { throw corrupt("a series names an unknown name") }
            guard s.range.upperBound <= n, s.containerIndex >= 0, s.containerIndex < trace.containers.count,
                s.podIndex >= 0, s.podIndex < trace.pods.count, s.workloadIndex >= 0,
                s.workloadIndex < trace.workloads.count
            else { throw corrupt("a series points outside the trace") }
            guard s.range.isEmpty || (s.interval > 0 && s.gapTime >= 0) else {
                throw corrupt("a series with no sampling interval")
            }
            for i in s.range.dropFirst() where trace.time[i] <= trace.time[i - 1] {
                throw corrupt("a series' samples are out of time order")
            }
        }
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

/// The index ranges of a contiguous group of a trace's workloads. Series are sorted by namespace,
/// workload, container and pod, and groupings are numbered in series order, so the series,
/// containers and pods of consecutive workloads are consecutive too.
public struct TraceSlice: Sendable, Equatable {
    public var workloads: Range<Int>
    public var containers: Range<Int>
    public var pods: Range<Int>
    public var series: Range<Int>

    public init(workloads: Range<Int>, containers: Range<Int>, pods: Range<Int>, series: Range<Int>) {
        self.workloads = workloads
        self.containers = containers
        self.pods = pods
        self.series = series
    }
}

extension Trace {
    /// The index ranges of workloads `workloads`.
    public func slice(workloads range: Range<Int>) -> TraceSlice {
        precondition(
            range.lowerBound >= 0 && range.upperBound <= workloads.count,
            "workloads \(range) out of 0..<\(workloads.count)")
        func span(_ indices: KeyPath<TraceWorkload, IndexList>, total: Int) -> Range<Int> {
            var first: Int?, last: Int?
            for w in range {
                let list = workloads[w][keyPath: indices]
                if first == nil { first = list.first }
                if let end = list.last { last = end }
            }
            guard let first, let last else {
                // Empty workloads: an empty range where the next workload's indices would start.
                var next = total
                for w in range.upperBound..<workloads.count {
                    if let start = workloads[w][keyPath: indices].first {
                        next = start
                        break
                    }
                }
                return next..<next
            }
            return first..<(last + 1)
        }
        let containers = span(\.containers, total: self.containers.count)
        let pods = span(\.pods, total: self.pods.count)
        let seriesStart = containers.isEmpty ? 0 : self.containers[containers.lowerBound].series.first ?? 0
        let seriesEnd = containers.isEmpty ? 0 : (self.containers[containers.upperBound - 1].series.last ?? -1) + 1
        return TraceSlice(
            workloads: range, containers: containers, pods: pods, series: seriesStart..<max(seriesStart, seriesEnd))
    }

    /// The trace of one slice of workloads, replayable on its own: groupings are renumbered from
    /// zero, while the sample columns, names and settings are shared with this trace (sample and
    /// name indices keep their meaning), so a part costs no copy of the samples.
    public func part(_ slice: TraceSlice) -> Trace {
        var part = self
        let series = slice.series.lowerBound, container = slice.containers.lowerBound
        let pod = slice.pods.lowerBound, workload = slice.workloads.lowerBound
        part.series = self.series[slice.series].map { s in
            var s = s
            s.containerIndex -= container
            s.podIndex -= pod
            s.workloadIndex -= workload
            return s
        }
        part.containers = containers[slice.containers].map { c in
            var c = c
            c.workloadIndex -= workload
            c.series = c.series.shifted(by: -series)
            return c
        }
        part.pods = pods[slice.pods].map { p in
            var p = p
            p.workloadIndex -= workload
            p.series = p.series.shifted(by: -series)
            return p
        }
        part.workloads = workloads[slice.workloads].map { w in
            var w = w
            w.containers = w.containers.shifted(by: -container)
            w.pods = w.pods.shifted(by: -pod)
            return w
        }
        return part
    }

    /// At most `maximum` contiguous groups of workloads with about the same number of samples each,
    /// and at least `minimumSamples` samples per group where the trace allows (one group for a small
    /// trace). The grouping depends on the trace alone, never on the machine, so that replays that
    /// run the groups apart give the same results everywhere.
    public func workloadGroups(maximum: Int, minimumSamples: Int) -> [Range<Int>] {
        precondition(maximum >= 1 && minimumSamples >= 1, "maximum \(maximum), minimumSamples \(minimumSamples)")
        let counts = workloads.map { w in
            w.containers.reduce(0) { total, c in
                total + containers[c].series.reduce(0) { $0 + series[$1].range.count }
            }
        }
        let total = counts.reduce(0, +)
        let groups = min(maximum, workloads.count, max(1, total / minimumSamples))
        guard groups > 1 else { return workloads.isEmpty ? [] : [0..<workloads.count] }
        var result: [Range<Int>] = []
        var start = 0, accumulated = 0
        for (index, count) in counts.enumerated() {
            accumulated += count
            let remainingWorkloads = counts.count - index - 1
            let remainingGroups = groups - result.count - 1
            // Close the group at its share of the samples, keeping a workload for each group left.
            if remainingGroups > 0
                && (accumulated * groups >= total * (result.count + 1) || remainingWorkloads == remainingGroups)
            {
                result.append(start..<(index + 1))
                start = index + 1
            }
        }
        result.append(start..<counts.count)
        return result
    }
}

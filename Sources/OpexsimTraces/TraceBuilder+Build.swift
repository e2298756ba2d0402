import Dispatch

/// The columns of a trace being built, each written by one worker.
final class ScatteredColumns: @unchecked Sendable {
    var time: [Int64] = []
    var cpu: [Double] = []
    var memory: [Double] = []
    var settingsIndex: [UInt32] = []
    var throttledCodes: [UInt32] = []
    var oomKilled: [UInt8] = []
    var cpuPercentiles: [Double] = []
    var sourceLine: [UInt32] = []
    var sourceFile: [UInt16] = []
}

extension TraceBuilder {
    /// Builds the trace. Duplicate samples (same series and timestamp) are an error naming both
    /// lines, unless `skipBadRows`, which keeps the first and counts the others as skipped.
    /// The builder's columns are freed as they move into the trace, so the rows are held about
    /// once, not twice.
    public consuming func build(skipBadRows: Bool = false) throws -> Trace {
        var trace = Trace()
        trace.files = files
        trace.names = names.droppingLookup()
        // The builder's table (its index and spare room; the trace's is a copy to size) is freed on
        // another core meanwhile, and the heap's free pages then handed back.
        let retired = RetiredNames(names)
        names = NameTable()
        DispatchQueue.global().async { retired.free() }
        trace.settings = settingsKeys.map(\.settings)
        trace.cpuPercentileLevels = percentileLevels
        trace.warnings = warnings
        trace.skippedRows = skippedRows
        checkColumnLengths()

        let order = seriesOrder(names: trace.names)
        let (starts, inPlace) = rowPlacement(order: order)
        let rowIndices = segments(\.rowSeries, own: rowSeries)
        var throttledCodes = scatterColumns(into: &trace, by: RowScatter(destinations: rowIndices, inPlace: inPlace))
        // The new row indices took the series ids' place; freed before the ratios widen to Doubles.
        for column in rowIndices { column.release() }
        keptRows = []
        trace.throttledRatio = FixedPointRatio.decode(releasing: &throttledCodes)
        let (keep, duplicates) = try trace.sortSeriesByTime(
            starts: starts, percentileStride: percentileLevels.count,
            skipBadRows: skipBadRows)

        var seriesRanges = (0..<order.count).map { starts[$0]..<starts[$0 + 1] }
        if duplicates > 0 {
            trace.skippedRows += duplicates
            trace.compact(keeping: keep, ranges: &seriesRanges, percentileStride: percentileLevels.count)
        }
        trace.series = traceSeries(order: order, ranges: seriesRanges)
        trace.measureIntervals()
        trace.groupSeries()
        trace.warnings += buildWarnings(duplicates: duplicates)
        try trace.checkSpan()
        return trace
    }

    /// Stops on columns whose lengths differ from the number of rows (a bug in the reader).
    func checkColumnLengths() {
        let own = RowSegment(
            rowSeries: rowSeries, time: time, cpu: cpu, memory: memory, settingsIndex: settingsIndex,
            throttled: throttled, oom: oom, percentiles: percentiles, line: line, file: file)
        for segment in [own] + keptRows {
            let rows = segment.rowSeries.count
            for (name, count) in [
                ("time", segment.time.count), ("cpu", segment.cpu.count), ("memory", segment.memory.count),
                ("settings", segment.settingsIndex.count), ("line", recordsLines ? segment.line.count : rows),
                ("throttled", hasThrottled ? segment.throttled.count : rows),
                ("OOM", hasOOM ? segment.oom.count : rows),
                ("percentiles", percentileLevels.isEmpty ? rows : segment.percentiles.count / percentileLevels.count),
                ("file", files.count > 1 ? segment.file.count : rows),
            ] {
                precondition(count == rows, "column \(name) has \(count) values for \(rows) rows")
            }
        }
    }

    /// The series ids in name order (namespace, workload, container, pod), so that reports and
    /// replays do not depend on row order.
    func seriesOrder(names: NameTable) -> [Int] {
        identities.indices.sorted { a, b in
            let x = identities[a], y = identities[b]
            for (p, q) in [
                (x.namespace, y.namespace), (x.workload, y.workload), (x.container, y.container), (x.pod, y.pod),
            ]
            where p != q {
                return names.precedes(p, q)
            }
            return false
        }
    }

    /// Where each row goes when rows are grouped by series in `order`: a counting sort, stable, so
    /// rows keep their file order. `starts[k]` is the first row of the series at position `k` (one
    /// more entry ends the last); each row's new index replaces its series id in `rowSeries` (the
    /// ids are not needed again, and the trace is then never held with both columns); `inPlace` when
    /// no row moves.
    func rowPlacement(order: [Int]) -> (starts: [Int], inPlace: Bool) {
        var ranks = [Int](repeating: 0, count: identities.count)
        for (position, id) in order.enumerated() { ranks[id] = position }
        let rank = ranks
        precondition(rowCount < Int(UInt32.max), "more than 2^32 rows")
        // Each part of the rows (each segment cut in up to one part a core) counts its rows per
        // series on its own core; a part's rows of a series then go after those of the parts before
        // it, which keeps the sort stable.
        let columns = segments(\.rowSeries, own: rowSeries)
        var pieces: [(segment: Int, first: Int)] = []
        var parts: [Range<Int>] = []
        var first = 0
        for (segment, column) in columns.enumerated() {
            for part in ParallelParts.parts(column.count) {
                pieces.append((segment, first))
                parts.append(part)
            }
            first += column.count
        }
        let seriesCount = identities.count
        let counts = SharedSlots(repeating: 0, count: parts.count * seriesCount)
        let segmentOf = pieces
        ParallelParts.forEach(parts) { part, rows in
            let base = part * seriesCount
            let rowSeries = columns[segmentOf[part].segment]
            for row in rows { counts[base + rank[Int(rowSeries[row])]] += 1 }
        }
        var starts = [Int](repeating: 0, count: seriesCount + 1)
        for r in 0..<seriesCount {
            var next = starts[r]
            for part in parts.indices {
                let rows = counts[part * seriesCount + r]
                counts[part * seriesCount + r] = next
                next += rows
            }
            starts[r + 1] = next
        }
        let moved = SharedSlots(repeating: false, count: parts.count)
        ParallelParts.forEach(parts) { part, rows in
            let base = part * seriesCount
            let (segment, first) = segmentOf[part]
            let rowSeries = columns[segment]
            var anyMoved = false
            for row in rows {
                let slot = base + rank[Int(rowSeries[row])]
                let destination = counts[slot]
                rowSeries[row] = UInt32(truncatingIfNeeded: destination)
                if destination != first + row { anyMoved = true }
                counts[slot] = destination + 1
            }
            moved[part] = anyMoved
        }
        _ = counts.take()
        return (starts, !moved.take().contains(true))
    }

    /// Writes every column into `trace` in the new row order, one column per core at a time (the
    /// columns are independent), freeing each of the builder's columns once written. The throttled
    /// ratios come back as their 4-byte codes, to be widened once the row indices are freed.
    func scatterColumns(into trace: inout Trace, by rows: RowScatter) -> [UInt32] {
        let columns = ScatteredColumns()
        let stride = max(1, percentileLevels.count)
        let (time, cpu, memory) = (
            segments(\.time, own: self.time), segments(\.cpu, own: self.cpu), segments(\.memory, own: self.memory)
        )
        let (settingsIndex, throttled, oom) = (
            segments(\.settingsIndex, own: self.settingsIndex), segments(\.throttled, own: self.throttled),
            segments(\.oom, own: self.oom)
        )
        let (percentiles, line, file) = (
            segments(\.percentiles, own: self.percentiles), segments(\.line, own: self.line),
            segments(\.file, own: self.file)
        )
        DispatchQueue.concurrentPerform(iterations: 9) { column in
            switch column {
            case 0: columns.time = rows.scatter(time, release: true)
            case 1: columns.cpu = rows.scatter(cpu, release: true)
            case 2: columns.memory = rows.scatter(memory, release: true)
            case 3: columns.settingsIndex = rows.scatter(settingsIndex, release: true)
            case 4: columns.throttledCodes = rows.scatter(throttled, release: true)
            case 5: columns.oomKilled = rows.scatter(oom, release: true)
            case 6: columns.cpuPercentiles = rows.scatter(percentiles, stride: stride, release: true)
            case 7: columns.sourceLine = rows.scatter(line, release: true)
            default: columns.sourceFile = rows.scatter(file, release: true)
            }
        }
        trace.time = columns.time
        trace.cpu = columns.cpu
        trace.memory = columns.memory
        trace.settingsIndex = columns.settingsIndex
        trace.oomKilled = columns.oomKilled
        trace.cpuPercentiles = columns.cpuPercentiles
        trace.sourceLine = columns.sourceLine
        trace.sourceFile = columns.sourceFile
        return columns.throttledCodes
    }

    /// The trace's series, in `order`, each over its range of samples.
    func traceSeries(order: [Int], ranges: [Range<Int>]) -> [TraceSeries] {
        order.enumerated().map { position, id in
            let identity = identities[id]
            return TraceSeries(
                namespaceName: identity.namespace, workloadName: identity.workload, containerName: identity.container,
                podName: identity.pod, nodeName: seriesNode[id], teamName: seriesTeam[id], labelsName: seriesLabels[id],
                annotationsName: seriesAnnotations[id], range: ranges[position],
                interval: 0, gapTime: 0, containerIndex: 0, podIndex: 0, workloadIndex: 0)
        }
    }

    /// The warnings for skipped malformed rows and for `duplicates` dropped duplicate samples.
    func buildWarnings(duplicates: Int) -> [String] {
        var notes: [String] = []
        if skippedRows > 0 {
            var note = "skipped \(skippedRows) malformed row\(skippedRows == 1 ? "" : "s")"
            if let first = skippedExamples.first { note += " (first: \(first))" }
            notes.append(note)
        }
        if percentileOrderRows > 0, let first = percentileOrderExample {
            notes.append(
                "\(percentileOrderRows) row\(percentileOrderRows == 1 ? "" : "s") with CPU percentiles out of order, kept; "
                    + "the percentile model reads each vector as non-decreasing (first: \(first))")
        }
        if duplicates > 0 {
            notes.append(
                "dropped \(duplicates) duplicate sample\(duplicates == 1 ? "" : "s") (same series and timestamp)")
        }
        return notes
    }
}

extension Trace {
    /// Sorts the samples of each series (`starts[k]..<starts[k + 1]`) by time where they came out of
    /// order and finds samples with their series' previous timestamp: an error naming both lines,
    /// unless `skipBadRows`, which flags them false in `keep` (empty when there are none).
    mutating func sortSeriesByTime(starts: [Int], percentileStride: Int, skipBadRows: Bool) throws
        -> (keep: [Bool], duplicates: Int)
    {
        var keep = [Bool]()
        var duplicates = 0
        for position in unsortedSeries(starts: starts) {
            let range = starts[position]..<starts[position + 1]
            let permutation = range.sorted { a, b in
                time[a] != time[b] ? time[a] < time[b] : a < b
            }
            permute(range: range, by: permutation, percentileStride: percentileStride)
            for i in range.dropFirst() where time[i] == time[i - 1] {
                if !skipBadRows {
                    let (file, line) = sourceLocation(of: i)
                    let (firstFile, firstLine) = sourceLocation(of: i - 1)
                    // Across files, name the other file too.
                    let other = firstFile == file ? "line \(firstLine)" : "\(firstFile) line \(firstLine)"
                    throw TraceError(
                        file: file, line: line, column: 1,
                        message: "duplicate sample: same namespace, workload, container, pod and timestamp as \(other)")
                }
                if keep.isEmpty { keep = Array(repeating: true, count: time.count) }
                keep[i] = false
                duplicates += 1
            }
        }
        return (keep, duplicates)
    }

    /// The positions of the series (`starts[k]..<starts[k + 1]`) whose times do not strictly
    /// increase, in order; the series are checked on all cores.
    func unsortedSeries(starts: [Int]) -> [Int] {
        let seriesCount = starts.count - 1
        let flags = SharedSlots(repeating: false, count: seriesCount)
        time.withUnsafeBufferPointer { buffer in
            let times = SharedColumn(values: buffer)
            ParallelParts.forEach(ParallelParts.parts(seriesCount, minimum: 16)) { _, positions in
                for position in positions {
                    var i = starts[position] + 1
                    while i < starts[position + 1] {
                        if times[i] <= times[i - 1] {
                            flags[position] = true
                            break
                        }
                        i += 1
                    }
                }
            }
        }
        let unsorted = flags.take()
        return unsorted.indices.filter { unsorted[$0] }
    }
}

extension Trace {
    /// The longest span a trace may cover: the replay ticks every minute, and a longer span is
    /// almost always a mistyped timestamp.
    public static let maximumSpan: Int64 = 3_650 * 86_400_000
    public static let maximumSpanText = "3650d (10 years)"

    /// Refuses a trace spanning more than `maximumSpan`, naming the sample farthest from the median
    /// time (the likely typo) and the other end.
    func checkSpan() throws {
        guard sampleCount > 1 else { return }
        // Each series is sorted: its first and last samples are its extremes, and the first series
        // holding an extreme holds its first row, as a scan of every row would find.
        var earliest = 0, latest = 0
        for s in series where !s.range.isEmpty {
            if time[s.range.lowerBound] < time[earliest] { earliest = s.range.lowerBound }
            if time[s.range.upperBound - 1] > time[latest] { latest = s.range.upperBound - 1 }
        }
        guard time[latest] - time[earliest] > Self.maximumSpan else { return }
        let median = time.sorted()[time.count / 2]
        let (odd, other) = median - time[earliest] > time[latest] - median ? (earliest, latest) : (latest, earliest)
        let (file, line) = sourceLocation(of: odd)
        let (otherFile, otherLine) = sourceLocation(of: other)
        throw TraceError(
            file: file, line: line, column: 1,
            message:
                "timestamp \(TraceTime.format(time[odd])) is more than \(Self.maximumSpanText) from \(TraceTime.format(time[other])) "
                + "(\(otherFile == file ? "" : "\(otherFile) ")line \(otherLine)); a trace may span at most \(Self.maximumSpanText)"
        )
    }
}

extension Trace {
    /// Reorders the samples of `range` so that position `range.lowerBound + k` takes `permutation[k]`.
    mutating func permute(range: Range<Int>, by permutation: [Int], percentileStride: Int) {
        func apply<T>(_ column: inout [T], stride: Int = 1) {
            guard !column.isEmpty else { return }
            let copy = permutation.flatMap { source in (0..<stride).map { column[source * stride + $0] } }
            column.replaceSubrange(range.lowerBound * stride..<range.upperBound * stride, with: copy)
        }
        apply(&time)
        apply(&cpu)
        apply(&memory)
        apply(&settingsIndex)
        apply(&throttledRatio)
        apply(&oomKilled)
        apply(&sourceLine)
        apply(&sourceFile)
        if percentileStride > 0 { apply(&cpuPercentiles, stride: percentileStride) }
    }

    /// Removes the samples whose `keep` flag is false and shifts the series ranges.
    mutating func compact(keeping keep: [Bool], ranges: inout [Range<Int>], percentileStride: Int) {
        var newIndex = [Int](repeating: 0, count: keep.count + 1)
        for i in 0..<keep.count { newIndex[i + 1] = newIndex[i] + (keep[i] ? 1 : 0) }
        func filter<T>(_ column: inout [T], stride: Int = 1) {
            guard !column.isEmpty else { return }
            var out: [T] = []
            out.reserveCapacity(newIndex[keep.count] * stride)
            for i in 0..<keep.count where keep[i] {
                out.append(contentsOf: column[i * stride..<(i + 1) * stride])
            }
            column = out
        }
        filter(&time)
        filter(&cpu)
        filter(&memory)
        filter(&settingsIndex)
        filter(&throttledRatio)
        filter(&oomKilled)
        filter(&sourceLine)
        filter(&sourceFile)
        if percentileStride > 0 { filter(&cpuPercentiles, stride: percentileStride) }
        ranges = ranges.map { newIndex[$0.lowerBound]..<newIndex[$0.upperBound] }
    }

    /// Sets each series' nominal interval (the median step, from at most 2049 evenly spread steps)
    /// and gap time (steps longer than three intervals), and the trace's interval (median of series).
    /// The series are measured on all cores.
    mutating func measureIntervals() {
        let ranges = series.map(\.range)
        // 0: fewer than two samples (steps are positive: the series are sorted, without repeats).
        let own = SharedSlots<Int64>(repeating: 0, count: ranges.count)
        let gaps = SharedSlots<Int64>(repeating: 0, count: ranges.count)
        time.withUnsafeBufferPointer { buffer in
            let times = SharedColumn(values: buffer)
            ParallelParts.forEach(ParallelParts.parts(ranges.count, minimum: 16)) { _, indices in
                var sample: [Int64] = []
                for index in indices where ranges[index].count >= 2 {
                    let range = ranges[index]
                    let steps = range.count - 1
                    let picks = min(steps, 2049)
                    sample.removeAll(keepingCapacity: true)
                    for k in 0..<picks {
                        let i = range.lowerBound + 1 + (picks == steps ? k : k * steps / picks)
                        sample.append(times[i] - times[i - 1])
                    }
                    sample.sort()
                    let interval = sample[(sample.count - 1) / 2]
                    own[index] = interval
                    // Steps longer than three intervals count as gaps, less the interval they stand for.
                    let limit = 3 * interval
                    var gapTime: Int64 = 0
                    for i in (range.lowerBound + 1)..<range.upperBound {
                        let step = times[i] - times[i - 1]
                        if step > limit { gapTime += step - interval }
                    }
                    gaps[index] = gapTime
                }
            }
        }
        let intervals = own.take(), gapTimes = gaps.take()
        let measured = intervals.filter { $0 > 0 }.sorted()
        interval = measured.isEmpty ? 60_000 : measured[(measured.count - 1) / 2]
        for index in series.indices {
            series[index].interval = intervals[index] > 0 ? intervals[index] : interval
            series[index].gapTime = gapTimes[index]
        }
    }

    /// Builds the container, pod and workload groupings from the sorted series: a workload's series
    /// are contiguous, and so are a container's; pods are found per workload.
    mutating func groupSeries() {
        reserveGroupings()
        var workloadPods: [Int32: Int] = [:]
        for (index, s) in series.enumerated() {
            let starts = startsGroups(at: index)
            if starts.workload {
                workloads.append(
                    TraceWorkload(
                        namespaceName: s.namespaceName, workloadName: s.workloadName, teamName: s.teamName,
                        containers: [], pods: []))
                workloadPods.removeAll(keepingCapacity: true)
            }
            let w = workloads.count - 1
            if starts.container {
                containers.append(
                    TraceContainer(
                        namespaceName: s.namespaceName, workloadName: s.workloadName, containerName: s.containerName,
                        workloadIndex: w, series: []))
                workloads[w].containers.append(containers.count - 1)
            }
            let c = containers.count - 1
            let p: Int
            if let existing = workloadPods[s.podName] {
                p = existing
            } else {
                p = pods.count
                pods.append(
                    TracePod(
                        namespaceName: s.namespaceName, workloadName: s.workloadName, podName: s.podName,
                        workloadIndex: w, series: []))
                workloadPods[s.podName] = p
                workloads[w].pods.append(p)
            }
            containers[c].series.append(index)
            pods[p].series.append(index)
            series[index].containerIndex = c
            series[index].podIndex = p
            series[index].workloadIndex = w
        }
    }

    /// Reserves room for exactly the workloads, containers and pods `groupSeries` makes: a million
    /// one-replica containers would otherwise leave each array up to twice its size.
    mutating func reserveGroupings() {
        var workloadCount = 0, containerCount = 0, podCount = 0
        var pods = Set<Int32>()
        for index in series.indices {
            let starts = startsGroups(at: index)
            if starts.workload {
                workloadCount += 1
                pods.removeAll(keepingCapacity: true)
            }
            if starts.container { containerCount += 1 }
            if pods.insert(series[index].podName).inserted { podCount += 1 }
        }
        workloads.reserveCapacity(workloads.count + workloadCount)
        containers.reserveCapacity(containers.count + containerCount)
        self.pods.reserveCapacity(self.pods.count + podCount)
    }

    /// Whether series `index` starts a workload, and a container, among the sorted series: a
    /// workload's series are contiguous, and so are a container's.
    func startsGroups(at index: Int) -> (workload: Bool, container: Bool) {
        guard index > 0 else { return (true, true) }
        let s = series[index], previous = series[index - 1]
        let workload = previous.namespaceName != s.namespaceName || previous.workloadName != s.workloadName
        return (workload, workload || previous.containerName != s.containerName)
    }
}

/// A builder's name table on its way out: freed on another core, then the heap's free pages are
/// handed back to the system (the reading threads allocated what the build has freed).
private final class RetiredNames: @unchecked Sendable {
    private var table: NameTable?

    init(_ table: NameTable) { self.table = table }

    func free() {
        table = nil
        HeapTrim.returnFreePages()
    }
}

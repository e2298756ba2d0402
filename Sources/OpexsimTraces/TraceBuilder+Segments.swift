import Dispatch

extension TraceBuilder {
    /// Takes the rows of `other` (a builder of a later chunk of the file being read) as the next
    /// segment of rows, where they are: series and settings ids and line numbers are rewritten in
    /// place, and no value is copied until the trace is built. A chunk whose optional columns differ
    /// from this builder's is copied in (`merge`).
    mutating func keep(_ other: consuming TraceBuilder, fileIndex: Int, lineOffset: Int) {
        guard
            other.hasThrottled == hasThrottled, other.hasOOM == hasOOM,
            other.percentileLevels == percentileLevels, other.recordsLines == recordsLines,
            other.files.count <= 1
        else {
            merge(other, fileIndex: fileIndex, lineOffset: lineOffset)
            return
        }
        let seriesMap = adoptSeries(of: other).map { UInt32(truncatingIfNeeded: $0) }
        let settingsMap = other.settingsKeys.map { intern($0) }
        let (rowSeries, settingsIndex, line) = (other.rowSeries, other.settingsIndex, other.line)
        let renumbersLines = recordsLines && lineOffset != 0
        DispatchQueue.concurrentPerform(iterations: 3) { column in
            switch column {
            case 0: rowSeries.update { seriesMap[Int($0)] }
            case 1: settingsIndex.update { settingsMap[Int($0)] }
            default:
                if renumbersLines { line.update { UInt32(truncatingIfNeeded: Int($0) + lineOffset) } }
            }
        }
        let rows = other.rowCount
        keptRows.append(
            RowSegment(
                rowSeries: rowSeries, time: other.time, cpu: other.cpu, memory: other.memory,
                settingsIndex: settingsIndex, throttled: other.throttled, oom: other.oom,
                percentiles: other.percentiles, line: line,
                file: files.count > 1
                    ? ColumnBuffer(repeating: UInt16(truncatingIfNeeded: fileIndex), count: rows) : ColumnBuffer()))
        adoptNotes(of: other, lineOffset: lineOffset)
    }

    /// Copies the kept segments behind the builder's own rows, for rows about to be appended after
    /// them (another file, or a chunk copied in).
    mutating func settleKeptRows() {
        guard !keptRows.isEmpty else { return }
        let segments = keptRows
        keptRows = []
        for segment in segments {
            let (rowSeries, time, cpu, memory) = (self.rowSeries, self.time, self.cpu, self.memory)
            let (settingsIndex, throttled, oom, line) = (self.settingsIndex, self.throttled, self.oom, self.line)
            let (percentiles, file) = (self.percentiles, self.file)
            DispatchQueue.concurrentPerform(iterations: 10) { column in
                switch column {
                case 0: rowSeries.append(moving: segment.rowSeries)
                case 1: time.append(moving: segment.time)
                case 2: cpu.append(moving: segment.cpu)
                case 3: memory.append(moving: segment.memory)
                case 4: settingsIndex.append(moving: segment.settingsIndex)
                case 5: throttled.append(moving: segment.throttled)
                case 6: oom.append(moving: segment.oom)
                case 7: percentiles.append(moving: segment.percentiles)
                case 8: line.append(moving: segment.line)
                default: file.append(moving: segment.file)
                }
            }
        }
    }

    /// Each column's segments in row order: the builder's own rows, then the kept segments.
    func segments<T>(_ column: (RowSegment) -> ColumnBuffer<T>, own: ColumnBuffer<T>) -> [ColumnBuffer<T>] {
        [own] + keptRows.map(column)
    }
}

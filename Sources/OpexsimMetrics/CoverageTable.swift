import OpexsimTraces

/// Per series, the spans its samples cover (`Trace.coverage(ofSeries:)`), all in one array: a
/// million one-row series would otherwise hold a million small arrays.
public struct CoverageTable: RandomAccessCollection, Sendable, Equatable {
    private var spans: [TimeSpan] = []
    /// Where each series' spans end in `spans`.
    private var ends: [Int] = []

    /// No series.
    public init() {}

    /// The spans of each series of `perSeries`, in order.
    public init<S: Sequence<[TimeSpan]>>(_ perSeries: S) {
        for spans in perSeries { append(spans) }
    }

    /// The coverage of every series of `trace`.
    public init(_ trace: Trace) {
        ends.reserveCapacity(trace.series.count)
        for index in trace.series.indices { append(trace.coverage(ofSeries: index)) }
    }

    /// Adds the next series' spans.
    public mutating func append(_ seriesSpans: [TimeSpan]) {
        spans += seriesSpans
        ends.append(spans.count)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { ends.count }

    /// The spans of series `index`.
    public subscript(index: Int) -> ArraySlice<TimeSpan> {
        spans[(index == 0 ? 0 : ends[index - 1])..<ends[index]]
    }

    /// The table of the series of `range` alone.
    public func slice(_ range: Range<Int>) -> CoverageTable {
        var part = CoverageTable()
        guard !range.isEmpty else { return part }
        let from = range.lowerBound == 0 ? 0 : ends[range.lowerBound - 1]
        part.spans = Array(spans[from..<ends[range.upperBound - 1]])
        part.ends = ends[range].map { $0 - from }
        return part
    }
}

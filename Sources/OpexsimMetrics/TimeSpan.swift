import OpexsimTraces

/// A half-open stretch of trace time `(start, end]`, in milliseconds.
public struct TimeSpan: Sendable, Equatable, Hashable {
    public var start: TraceInstant
    public var end: TraceInstant

    public init(start: TraceInstant, end: TraceInstant) {
        self.start = start
        self.end = end
    }

    public var length: Int64 { max(0, end - start) }

    /// The part of this span inside `other`, or nil.
    public func clamped(to other: TimeSpan) -> TimeSpan? {
        let clipped = TimeSpan(start: max(start, other.start), end: min(end, other.end))
        return clipped.length > 0 ? clipped : nil
    }
}

/// Operations on lists of spans.
public enum TimeSpans {
    /// The union of `spans` as sorted, disjoint spans.
    public static func union(_ spans: [TimeSpan]) -> [TimeSpan] {
        let sorted = spans.filter { $0.length > 0 }.sorted { $0.start < $1.start }
        var merged: [TimeSpan] = []
        for span in sorted {
            if let last = merged.last, span.start <= last.end {
                merged[merged.count - 1].end = max(last.end, span.end)
            } else {
                merged.append(span)
            }
        }
        return merged
    }

    /// `spans` minus `removed`; both sorted and disjoint.
    public static func subtract(_ spans: [TimeSpan], _ removed: [TimeSpan]) -> [TimeSpan] {
        var result: [TimeSpan] = []
        var j = 0
        for span in spans {
            var start = span.start
            while j < removed.count && removed[j].end <= start { j += 1 }
            var k = j
            while k < removed.count && removed[k].start < span.end {
                if removed[k].start > start { result.append(TimeSpan(start: start, end: removed[k].start)) }
                start = max(start, removed[k].end)
                k += 1
            }
            if start < span.end { result.append(TimeSpan(start: start, end: span.end)) }
        }
        return result
    }

    /// `spans` ∩ `other`; both sorted and disjoint.
    public static func intersect(_ spans: [TimeSpan], _ other: [TimeSpan]) -> [TimeSpan] {
        var result: [TimeSpan] = []
        var i = 0, j = 0
        while i < spans.count && j < other.count {
            if let both = spans[i].clamped(to: other[j]) { result.append(both) }
            if spans[i].end < other[j].end { i += 1 } else { j += 1 }
        }
        return result
    }

    /// Total length of disjoint spans.
    public static func length(_ spans: [TimeSpan]) -> Int64 {
        spans.reduce(0) { $0 + $1.length }
    }
}

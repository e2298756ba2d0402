import OpexsimTraces

extension Trace {
    /// The spans a series has data for: `(first − interval, last]`, split at gaps (steps longer than
    /// three intervals, where only the interval before the later sample is covered).
    public func coverage(ofSeries index: Int) -> [TimeSpan] {
        let s = series[index]
        guard !s.range.isEmpty else { return [] }
        let limit = 3 * s.interval
        var spans: [TimeSpan] = []
        var start = time[s.range.lowerBound] - s.interval
        var i = s.range.lowerBound + 1
        while i < s.range.upperBound {
            let step = time[i] - time[i - 1]
            if step > limit {
                spans.append(TimeSpan(start: start, end: time[i - 1]))
                start = time[i] - s.interval
            }
            i += 1
        }
        spans.append(TimeSpan(start: start, end: time[s.range.upperBound - 1]))
        return spans
    }
}

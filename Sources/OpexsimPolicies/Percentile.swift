/// Percentiles with linear interpolation between order statistics (the R-7 method, NumPy's and
/// PromQL `quantile_over_time`'s default): for n sorted values and percentile p, the value at
/// rank h = (n − 1)·p/100, interpolated between its neighbours.
public enum Percentile {
    /// The `percentile` (0...100) of ascending `sorted` values; nil when empty.
    public static func of(sorted: [Double], percentile: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Double(sorted.count - 1) * min(max(percentile, 0), 100) / 100
        let lower = Int(rank.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = rank - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }

    /// The `percentile` of `values` in any order; nil when empty.
    public static func of(_ values: [Double], percentile: Double) -> Double? {
        of(sorted: values.sorted(), percentile: percentile)
    }
}

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

    /// The `percentile` of `values` in any order; nil when empty. Selects the two order statistics
    /// it needs in linear expected time instead of sorting.
    public static func of(_ values: [Double], percentile: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        var work = values
        let rank = Double(work.count - 1) * min(max(percentile, 0), 100) / 100
        let lower = Int(rank.rounded(.down))
        let fraction = rank - Double(lower)
        return work.withUnsafeMutableBufferPointer { buffer -> Double in
            let low = select(buffer, lower)
            guard fraction > 0, lower + 1 < buffer.count else { return low }
            // After selection every value right of `lower` is at least `low`: the next order
            // statistic is their minimum.
            var high = Double.infinity
            for index in (lower + 1)..<buffer.count { high = min(high, buffer[index]) }
            return low + (high - low) * fraction
        }
    }

    /// Rearranges `buffer` so that position `k` holds the value it would hold sorted, with no larger
    /// value before it and no smaller one after (Hoare's selection, median-of-three pivots).
    static func select(_ buffer: UnsafeMutableBufferPointer<Double>, _ k: Int) -> Double {
        var low = 0, high = buffer.count - 1
        while low < high {
            let middle = low + (high - low) / 2
            // Median of three as the pivot, for sorted and reversed inputs.
            if buffer[middle] < buffer[low] { buffer.swapAt(middle, low) }
            if buffer[high] < buffer[low] { buffer.swapAt(high, low) }
            if buffer[high] < buffer[middle] { buffer.swapAt(high, middle) }
            let pivot = buffer[middle]
            var i = low, j = high
            while i <= j {
                while buffer[i] < pivot { i += 1 }
                while buffer[j] > pivot { j -= 1 }
                if i <= j {
                    buffer.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j {
                high = j
            } else if k >= i {
                low = i
            } else {
                return buffer[k]
            }
        }
        return buffer[k]
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The exponential bucketing of the recommender's histograms (`NewExponentialHistogramOptions`,
/// `pkg/recommender/util/histogram_options.go`): bucket 0 covers `[0, firstBucketSize)`, bucket
/// `n ≥ 1` starts at `firstBucketSize · (ratioⁿ − 1) / (ratio − 1)` and is `ratio` times wider than
/// the one before; the last bucket is open-ended.
///
/// The bucket layout is made once and shared: every histogram of a recommender holds a reference to
/// the same one, not a copy of its tables (a million containers' histograms hold a million
/// references).
public struct VPAHistogramOptions: Sendable, Equatable {
    private let layout: Layout

    /// Width of bucket 0 and start of bucket 1.
    public var firstBucketSize: Double { layout.firstBucketSize }
    /// Growth of each bucket over the previous one: `1 + DefaultHistogramBucketSizeGrowth` (0.05).
    public var ratio: Double { layout.ratio }
    /// The value the buckets must reach; the last bucket starts at or just above it.
    public var maxValue: Double { layout.maxValue }
    /// Weight below which a bucket counts as empty.
    public var epsilon: Double { layout.epsilon }
    /// `ceil(log_ratio(maxValue · (ratio − 1) / firstBucketSize + 1)) + 1`.
    public var numberOfBuckets: Int { layout.numberOfBuckets }

    /// Options covering `[0, maxValue]`; all arguments positive and `ratio > 1`.
    public init(maxValue: Double, firstBucketSize: Double, ratio: Double, epsilon: Double) {
        layout = Layout(maxValue: maxValue, firstBucketSize: firstBucketSize, ratio: ratio, epsilon: epsilon)
    }

    /// The same options: the same four numbers make the same buckets.
    public static func == (a: VPAHistogramOptions, b: VPAHistogramOptions) -> Bool {
        a.layout === b.layout
            || (a.maxValue == b.maxValue && a.firstBucketSize == b.firstBucketSize && a.ratio == b.ratio
                && a.epsilon == b.epsilon)
    }
}

extension VPAHistogramOptions {
    /// The buckets of a set of options and the tables that find them.
    final class Layout: Sendable {
        let firstBucketSize: Double
        let ratio: Double
        let maxValue: Double
        let epsilon: Double
        let numberOfBuckets: Int
        /// Bucket starts, computed once with the same arithmetic as `bucketStart`.
        let starts: [Double]
        /// Bucket ends (`bucketEnd`), computed once.
        let ends: [Double]
        /// `log(ratio)`, for `formulaBucketIndex`.
        let logRatio: Double
        /// `thresholds[k]` (k ≥ 1) is the smallest value `FindBucket`'s formula puts in bucket k or
        /// above; `thresholds[numberOfBuckets]` is +∞. The formula is monotone, so a value's bucket
        /// is the last threshold at or below it: `bucketIndex` finds it without a logarithm, with the
        /// same answers.
        let thresholds: [Double]
        /// Per binade sixteenth from `firstBucketSize` up (the top 4 mantissa bits), the bucket of its
        /// smallest value: where the threshold search starts.
        let firstGuess: [UInt8]
        let guessBase: Int

        init(maxValue: Double, firstBucketSize: Double, ratio: Double, epsilon: Double) {
            precondition(
                maxValue > 0 && firstBucketSize > 0 && ratio > 1 && epsilon > 0,
                "maxValue, firstBucketSize and epsilon must be > 0, ratio > 1")
            self.maxValue = maxValue
            self.firstBucketSize = firstBucketSize
            self.ratio = ratio
            self.epsilon = epsilon
            numberOfBuckets = Int((log(maxValue * (ratio - 1) / firstBucketSize + 1) / log(ratio)).rounded(.up)) + 1
            logRatio = log(ratio)
            let starts = (0..<numberOfBuckets).map { bucket in
                bucket == 0 ? 0 : firstBucketSize * (VPAGoArithmetic.pow(ratio, Double(bucket)) - 1) / (ratio - 1)
            }
            self.starts = starts
            let count = numberOfBuckets
            ends = (0..<count).map { $0 < count - 1 ? starts[$0 + 1] : starts[$0] }
            // Binary search over the ordered bit patterns of non-negative doubles.
            let logRatio = self.logRatio
            let formula = { (value: Double) in
                VPAHistogramOptions.formulaBucketIndex(
                    of: value, firstBucketSize: firstBucketSize, ratio: ratio, logRatio: logRatio, count: count)
            }
            var thresholds = [-Double.infinity]
            for bucket in 1..<count {
                var low = firstBucketSize.bitPattern, high = Double.infinity.bitPattern
                while low < high {
                    let middle = low + (high - low) / 2
                    if formula(Double(bitPattern: middle)) >= bucket { high = middle } else { low = middle + 1 }
                }
                thresholds.append(Double(bitPattern: low))
            }
            thresholds.append(.infinity)
            self.thresholds = thresholds
            precondition(numberOfBuckets <= 256, "\(numberOfBuckets) buckets do not fit the guess table")
            guessBase = Int(firstBucketSize.bitPattern >> 48)
            let lastKey = Int(thresholds[count - 1].bitPattern >> 48)
            firstGuess = (guessBase...max(guessBase, lastKey)).map { key in
                let cellStart = Double(bitPattern: UInt64(key) << 48)
                return UInt8(thresholds.lastIndex { $0 <= cellStart } ?? 0)
            }
        }
    }
}

extension VPAHistogramOptions {
    /// `aggregations_config.go`, `epsilon`: 0.001 × `minSampleWeight` (0.1), i.e. 1e-4; small
    /// enough that a minimum-weight sample just inside the 8-day memory window still counts.
    public static let defaultEpsilon = 1e-4

    /// `DefaultHistogramBucketSizeGrowth`, 0.05: each bucket 5% wider than the previous one.
    public static let defaultBucketSizeGrowth = 0.05

    /// CPU histograms (`cpuHistogramOptions`): in cores, first bucket 0.01 (10m), up to 1000 cores;
    /// 176 buckets.
    public static let cpu = VPAHistogramOptions(
        maxValue: 1000.0, firstBucketSize: 0.01,
        ratio: 1 + defaultBucketSizeGrowth, epsilon: defaultEpsilon)

    /// Memory histograms (`memoryHistogramOptions`): in bytes, first bucket 1e7 (10 MB, decimal),
    /// up to 1e12 bytes; 176 buckets.
    public static let memory = VPAHistogramOptions(
        maxValue: 1e12, firstBucketSize: 1e7,
        ratio: 1 + defaultBucketSizeGrowth, epsilon: defaultEpsilon)

    /// `FindBucket`: 0 below the first bucket size, else `floor(log_ratio(v · (ratio − 1) /
    /// firstBucketSize + 1))`, capped at the last bucket (found by threshold, see `thresholds`).
    @inline(__always)
    public func bucketIndex(of value: Double) -> Int {
        let layout = self.layout
        if value < layout.firstBucketSize { return 0 }
        let key = Int(value.bitPattern >> 48) &- layout.guessBase
        // NaN and values past the last threshold land in the last bucket, as with the formula.
        guard key >= 0 && key < layout.firstGuess.count else { return layout.numberOfBuckets - 1 }
        var bucket = Int(layout.firstGuess[key])
        while value >= layout.thresholds[bucket + 1] { bucket += 1 }
        return bucket
    }

    /// `FindBucket` by its formula.
    static func formulaBucketIndex(
        of value: Double, firstBucketSize: Double, ratio: Double, logRatio: Double, count: Int
    ) -> Int {
        if value < firstBucketSize { return 0 }
        let position = log(value * (ratio - 1) / firstBucketSize + 1) / logRatio
        guard position < Double(count - 1) else { return count - 1 }
        return Int(position)
    }

    /// `bucketIndex` by the formula, for checking the threshold search.
    func formulaBucketIndex(of value: Double) -> Int {
        Self.formulaBucketIndex(
            of: value, firstBucketSize: firstBucketSize, ratio: ratio, logRatio: layout.logRatio,
            count: numberOfBuckets)
    }

    /// `GetBucketStart`: 0 for bucket 0, else `firstBucketSize · (ratioⁿ − 1) / (ratio − 1)`.
    public func bucketStart(_ bucket: Int) -> Double {
        precondition(
            bucket >= 0 && bucket < numberOfBuckets, "bucket \(bucket) out of range [0..\(numberOfBuckets - 1)]")
        return layout.starts[bucket]
    }

    /// The value a percentile reports for a bucket: the start of the next bucket, or for the
    /// open-ended last bucket its own start.
    @inline(__always)
    public func bucketEnd(_ bucket: Int) -> Double {
        layout.ends[bucket]
    }
}

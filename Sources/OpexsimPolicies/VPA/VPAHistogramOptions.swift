#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The exponential bucketing of the recommender's histograms (`NewExponentialHistogramOptions`,
/// `pkg/recommender/util/histogram_options.go`): bucket 0 covers `[0, firstBucketSize)`, bucket
/// `n ≥ 1` starts at `firstBucketSize · (ratioⁿ − 1) / (ratio − 1)` and is `ratio` times wider than
/// the one before; the last bucket is open-ended.
public struct VPAHistogramOptions: Sendable, Equatable {
    /// Width of bucket 0 and start of bucket 1.
    public let firstBucketSize: Double
    /// Growth of each bucket over the previous one: `1 + DefaultHistogramBucketSizeGrowth` (0.05).
    public let ratio: Double
    /// The value the buckets must reach; the last bucket starts at or just above it.
    public let maxValue: Double
    /// Weight below which a bucket counts as empty.
    public let epsilon: Double
    /// `ceil(log_ratio(maxValue · (ratio − 1) / firstBucketSize + 1)) + 1`.
    public let numberOfBuckets: Int
    /// Bucket starts, computed once with the same arithmetic as `bucketStart`.
    private let starts: [Double]
    /// `log(ratio)`, for `bucketIndex`.
    private let logRatio: Double

    /// Options covering `[0, maxValue]`; all arguments positive and `ratio > 1`.
    public init(maxValue: Double, firstBucketSize: Double, ratio: Double, epsilon: Double) {
        precondition(maxValue > 0 && firstBucketSize > 0 && ratio > 1 && epsilon > 0,
                     "maxValue, firstBucketSize and epsilon must be > 0, ratio > 1")
        self.maxValue = maxValue
        self.firstBucketSize = firstBucketSize
        self.ratio = ratio
        self.epsilon = epsilon
        numberOfBuckets = Int((log(maxValue * (ratio - 1) / firstBucketSize + 1) / log(ratio)).rounded(.up)) + 1
        logRatio = log(ratio)
        starts = (0..<numberOfBuckets).map { bucket in
            bucket == 0 ? 0 : firstBucketSize * (VPAGoArithmetic.pow(ratio, Double(bucket)) - 1) / (ratio - 1)
        }
    }

    /// `aggregations_config.go`, `epsilon`: 0.001 × `minSampleWeight` (0.1), i.e. 1e-4; small
    /// enough that a minimum-weight sample just inside the 8-day memory window still counts.
    public static let defaultEpsilon = 1e-4

    /// `DefaultHistogramBucketSizeGrowth`, 0.05: each bucket 5% wider than the previous one.
    public static let defaultBucketSizeGrowth = 0.05

    /// CPU histograms (`cpuHistogramOptions`): in cores, first bucket 0.01 (10m), up to 1000 cores;
    /// 176 buckets.
    public static let cpu = VPAHistogramOptions(maxValue: 1000.0, firstBucketSize: 0.01,
                                                ratio: 1 + defaultBucketSizeGrowth, epsilon: defaultEpsilon)

    /// Memory histograms (`memoryHistogramOptions`): in bytes, first bucket 1e7 (10 MB, decimal),
    /// up to 1e12 bytes; 176 buckets.
    public static let memory = VPAHistogramOptions(maxValue: 1e12, firstBucketSize: 1e7,
                                                   ratio: 1 + defaultBucketSizeGrowth, epsilon: defaultEpsilon)

    /// `FindBucket`: 0 below the first bucket size, else `floor(log_ratio(v · (ratio − 1) /
    /// firstBucketSize + 1))`, capped at the last bucket.
    public func bucketIndex(of value: Double) -> Int {
        if value < firstBucketSize { return 0 }
        let position = log(value * (ratio - 1) / firstBucketSize + 1) / logRatio
        guard position < Double(numberOfBuckets - 1) else { return numberOfBuckets - 1 }
        return Int(position)
    }

    /// `GetBucketStart`: 0 for bucket 0, else `firstBucketSize · (ratioⁿ − 1) / (ratio − 1)`.
    public func bucketStart(_ bucket: Int) -> Double {
        precondition(bucket >= 0 && bucket < numberOfBuckets, "bucket \(bucket) out of range [0..\(numberOfBuckets - 1)]")
        return starts[bucket]
    }

    /// The value a percentile reports for a bucket: the start of the next bucket, or for the
    /// open-ended last bucket its own start.
    public func bucketEnd(_ bucket: Int) -> Double {
        bucket < numberOfBuckets - 1 ? bucketStart(bucket + 1) : bucketStart(bucket)
    }
}

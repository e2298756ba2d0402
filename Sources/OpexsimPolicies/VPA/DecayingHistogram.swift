import OpexsimTraces

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The recommender's decaying histogram (`pkg/recommender/util/decaying_histogram.go`): a sample
/// added at `t` weighs `w · 2^((t − reference) / halfLife)`, so that a sample one half-life older
/// counts half as much. The reference is a multiple of the half-life counted from Go's zero time
/// (0001-01-01, as `time.Time.Round` counts); when a sample would push the exponent past
/// `maxDecayExponent`, the reference moves to that sample's time (rounded to a multiple of the
/// half-life) and every stored weight is scaled by `2^(−k)` for the `k` half-lives moved, which
/// leaves the distribution unchanged.
///
/// The decay factor uses the C library's `exp2`, which may differ from Go's in the last bit; that
/// changes a percentile only on an exact tie between cumulative weight and threshold.
public struct DecayingHistogram: Sendable, Equatable {
    private var buckets: VPABucketWeights
    /// Milliseconds for a sample to lose half its weight: `--cpu-histogram-decay-half-life` or
    /// `--memory-histogram-decay-half-life`, default 24h.
    public let halfLife: Int64
    /// `maxDecayExponent`, 100 (a package variable in `decaying_histogram.go`, no flag): how many
    /// half-lives past the reference a sample may lie before the reference moves.
    public let maxDecayExponent: Int64
    /// The instant of weight factor 1; Go's zero time until the first sample.
    public private(set) var referenceTimestamp: TraceInstant = VPAGoArithmetic.zeroTime
    /// The decay factor last computed, for the same instant; reset when the reference moves.
    private var memo = DecayMemo()

    /// An empty histogram with the given buckets and half-life (milliseconds, > 0).
    public init(options: VPAHistogramOptions, halfLife: Int64 = 86_400_000, maxDecayExponent: Int64 = 100) {
        precondition(halfLife > 0, "half-life must be positive")
        buckets = VPABucketWeights(options: options)
        self.halfLife = halfLife
        self.maxDecayExponent = maxDecayExponent
    }

    /// The bucketing scheme.
    public var options: VPAHistogramOptions { buckets.options }

    /// True when the lowest tracked bucket weighs less than epsilon (`IsEmpty`).
    public var isEmpty: Bool { buckets.isEmpty }

    /// Sum of the stored (decay-scaled) weights; only ratios to it are meaningful.
    public var totalWeight: Double { buckets.total }

    /// The stored (decay-scaled) weight of one bucket.
    public func weight(inBucket bucket: Int) -> Double { buckets.weights[bucket] }

    /// Adds `value` with `weight` (≥ 0) as of `time`.
    public mutating func add(value: Double, weight: Double, time: TraceInstant) {
        buckets.add(value, weight: weight * decayFactor(at: time))
    }

    /// Removes `value` with `weight` as of `time`, as added before; no bucket goes below 0 and a
    /// bucket left under epsilon is emptied.
    public mutating func subtract(value: Double, weight: Double, time: TraceInstant) {
        buckets.subtract(value, weight: weight * decayFactor(at: time))
    }

    /// The end of the bucket where the cumulative weight from the lowest non-empty bucket first
    /// reaches `p × totalWeight` (`p` in 0...1); the start of the last bucket if it gets there;
    /// 0 when empty.
    public func percentile(_ p: Double) -> Double {
        buckets.percentile(p)
    }

    /// Three percentiles in one walk, each as `percentile` reports it.
    public func percentiles(_ p: (Double, Double, Double)) -> (Double, Double, Double) {
        buckets.percentiles(p)
    }

    /// The same three percentiles, usually without a walk (see `VPABucketWeights.cachedPercentiles`).
    public mutating func cachedPercentiles(_ p: (Double, Double, Double)) -> (Double, Double, Double) {
        buckets.cachedPercentiles(p)
    }

    /// `decayFactor`: moves the reference first if `time` lies more than `maxDecayExponent`
    /// half-lives after it.
    private mutating func decayFactor(at time: TraceInstant) -> Double {
        // Replicas of one container report at the same instants: the last factor usually serves again.
        if time == memo.time { return memo.factor }
        let span = halfLife.multipliedReportingOverflow(by: maxDecayExponent)
        let (maxAllowed, overflow) = referenceTimestamp.addingReportingOverflow(
            span.overflow ? .max : span.partialValue)
        if !overflow && time > maxAllowed {
            shiftReference(to: time)
        }
        let elapsed = Double(VPAGoArithmetic.nanoseconds(from: referenceTimestamp, to: time))
        let factor = exp2(elapsed / Double(VPAGoArithmetic.nanoseconds(halfLife)))
        memo = DecayMemo(time: time, factor: factor)
        return factor
    }

    /// `shiftReferenceTimestamp`: the reference to `time` rounded to a multiple of the half-life,
    /// every weight scaled by `2^(whole half-lives moved back)`.
    private mutating func shiftReference(to time: TraceInstant) {
        let newReference = VPAGoArithmetic.round(time, toMultipleOf: halfLife)
        let moved =
            Double(VPAGoArithmetic.nanoseconds(from: newReference, to: referenceTimestamp))
            / Double(VPAGoArithmetic.nanoseconds(halfLife))
        let exponent = VPAGoArithmetic.roundHalfUp(moved)
        buckets.scale(by: Self.powerOfTwo(exponent))
        referenceTimestamp = newReference
        memo = DecayMemo()
    }

    /// `math.Ldexp(1, exponent)`: exact, 0 or +∞ beyond Double's range.
    private static func powerOfTwo(_ exponent: Int) -> Double {
        if exponent < -1100 { return 0 }
        if exponent > 1100 { return .infinity }
        return Double(sign: .plus, exponent: exponent, significand: 1)
    }
}

/// `DecayingHistogram`'s last decay factor; never part of a histogram's value.
struct DecayMemo: Sendable, Equatable {
    var time: TraceInstant = .min
    var factor = 0.0

    static func == (a: DecayMemo, b: DecayMemo) -> Bool { true }
}

/// The plain weighted histogram under a decaying one (`histogram` in
/// `pkg/recommender/util/histogram.go`), with its bookkeeping reproduced exactly: the lowest and
/// highest non-empty buckets are tracked as upstream tracks them, and only the buckets between them
/// take part in percentiles and scaling, so residual weights below epsilon behave as upstream.
struct VPABucketWeights: Sendable, Equatable {
    let options: VPAHistogramOptions
    private(set) var weights = WindowedWeights()
    private(set) var total: Double = 0
    /// The first non-empty bucket if any, else the last bucket.
    private(set) var minBucket: Int
    /// The last non-empty bucket if any, else 0.
    private(set) var maxBucket = 0
    /// Where the last three percentiles fell, kept up to date as samples come, so that the next
    /// query usually needs no walk (`cachedPercentiles`).
    private var cache = PercentileCache()

    init(options: VPAHistogramOptions) {
        self.options = options
        minBucket = options.numberOfBuckets - 1
    }

    /// `bucketWeight[minBucket] < epsilon`.
    var isEmpty: Bool { weights[minBucket] < options.epsilon }

    /// `AddSample`.
    mutating func add(_ value: Double, weight: Double) {
        precondition(weight >= 0, "sample weight must be non-negative")
        let bucket = options.bucketIndex(of: value)
        weights[bucket] += weight
        total += weight
        if bucket < minBucket && weights[bucket] >= options.epsilon {
            minBucket = bucket
            cache.valid = false
        }
        if bucket > maxBucket && weights[bucket] >= options.epsilon {
            maxBucket = bucket
            cache.valid = false
        }
        if cache.valid { cache.add(weight, toBucket: bucket) }
    }

    /// `SubtractSample`: weights and the total never go below 0, and anything left under epsilon is 0.
    mutating func subtract(_ value: Double, weight: Double) {
        precondition(weight >= 0, "sample weight must be non-negative")
        let bucket = options.bucketIndex(of: value)
        total = Self.subtract(weight, from: total, epsilon: options.epsilon)
        weights[bucket] = Self.subtract(weight, from: weights[bucket], epsilon: options.epsilon)
        updateMinAndMaxBucket()
        cache.valid = false
    }

    /// `scale`: every bucket between the min and max bucket, and the total, times `factor`.
    mutating func scale(by factor: Double) {
        precondition(factor >= 0, "scale factor must be non-negative")
        if minBucket <= maxBucket {
            for bucket in minBucket...maxBucket { weights[bucket] *= factor }
        }
        total *= factor
        updateMinAndMaxBucket()
        cache.valid = false
    }

    /// `Percentile`: 0 when empty; otherwise walk from the min bucket adding weights until the sum
    /// reaches `percentile × total` (stopping at the max bucket) and return that bucket's end.
    func percentile(_ percentile: Double) -> Double {
        if isEmpty { return 0 }
        let threshold = percentile * total
        var partialSum = 0.0
        var bucket = minBucket
        while bucket < maxBucket {
            partialSum += weights[bucket]
            if partialSum >= threshold { break }
            bucket += 1
        }
        return options.bucketEnd(bucket)
    }

    /// Three percentiles in one walk, each what `percentile` returns for it (any order).
    func percentiles(_ p: (Double, Double, Double)) -> (Double, Double, Double) {
        if isEmpty { return (0, 0, 0) }
        let t0 = p.0 * total, t1 = p.1 * total, t2 = p.2 * total
        var b0 = -1, b1 = -1, b2 = -1
        var partialSum = 0.0
        var bucket = minBucket
        while bucket < maxBucket && (b0 < 0 || b1 < 0 || b2 < 0) {
            partialSum += weights[bucket]
            if b0 < 0 && partialSum >= t0 { b0 = bucket }
            if b1 < 0 && partialSum >= t1 { b1 = bucket }
            if b2 < 0 && partialSum >= t2 { b2 = bucket }
            bucket += 1
        }
        return (
            options.bucketEnd(b0 < 0 ? maxBucket : b0), options.bucketEnd(b1 < 0 ? maxBucket : b1),
            options.bucketEnd(b2 < 0 ? maxBucket : b2)
        )
    }

    /// `percentiles`, answered from the cache when each level provably still falls in the same
    /// bucket, else by the walk (which refreshes the cache). The cache's sums are kept incrementally,
    /// so they may differ from the walk's sums in the last bits: a level counts as unchanged only
    /// when it clears its bucket's edges by a margin far above that difference, and the answer is
    /// always the walk's.
    mutating func cachedPercentiles(_ p: (Double, Double, Double)) -> (Double, Double, Double) {
        if isEmpty { return (0, 0, 0) }
        let levels = SIMD4(p.0, p.1, p.2, 0)
        if cache.valid && cache.levels == levels {
            let margin = total * 1e-9
            var fits = true
            for k in 0..<3 where fits {
                let threshold = levels[k] * total
                let bucket = Int(cache.buckets[k]), below = cache.below[k]
                fits =
                    below < threshold - margin && (bucket == maxBucket || below + weights[bucket] >= threshold + margin)
            }
            if fits {
                return (
                    options.bucketEnd(Int(cache.buckets[0])), options.bucketEnd(Int(cache.buckets[1])),
                    options.bucketEnd(Int(cache.buckets[2]))
                )
            }
        }
        // Level 3 is a placeholder that no walk reaches: its bucket stays past every other.
        var buckets = SIMD4<Int64>(Int64(maxBucket), Int64(maxBucket), Int64(maxBucket), Int64.max)
        var below = SIMD4<Double>(repeating: 0)
        var found = SIMD4<Int>(0, 0, 0, 1)
        var partialSum = 0.0
        var bucket = minBucket
        while bucket < maxBucket && found != SIMD4(repeating: 1) {
            let before = partialSum
            partialSum += weights[bucket]
            for k in 0..<3 where found[k] == 0 && partialSum >= levels[k] * total {
                found[k] = 1
                buckets[k] = Int64(bucket)
                below[k] = before
            }
            bucket += 1
        }
        for k in 0..<3 where found[k] == 0 { below[k] = partialSum }
        cache = PercentileCache(levels: levels, buckets: buckets, below: below, valid: true)
        return (
            options.bucketEnd(Int(buckets[0])), options.bucketEnd(Int(buckets[1])), options.bucketEnd(Int(buckets[2]))
        )
    }

    private static func subtract(_ amount: Double, from value: Double, epsilon: Double) -> Double {
        let difference = value - amount
        return difference < epsilon ? 0 : difference
    }

    private mutating func updateMinAndMaxBucket() {
        let lastBucket = options.numberOfBuckets - 1
        while weights[minBucket] < options.epsilon && minBucket < lastBucket { minBucket += 1 }
        while weights[maxBucket] < options.epsilon && maxBucket > 0 { maxBucket -= 1 }
    }
}

/// A histogram's bucket weights, stored only from the lowest to the highest bucket ever given a
/// weight (every other bucket weighs 0): a container whose usage stays in a few buckets holds a few
/// numbers, not one per bucket.
struct WindowedWeights: Sendable, Equatable {
    /// The bucket of `values[0]`.
    private var offset = 0
    private var values: [Double] = []

    subscript(bucket: Int) -> Double {
        @inline(__always) get {
            let index = bucket &- offset
            return index >= 0 && index < values.count ? values[index] : 0
        }
        set {
            cover(bucket)
            values[bucket - offset] = newValue
        }
    }

    /// Widens the stored range to take in `bucket`.
    private mutating func cover(_ bucket: Int) {
        if values.isEmpty {
            offset = bucket
            values = [0]
        } else if bucket < offset {
            values.insert(contentsOf: repeatElement(0, count: offset - bucket), at: 0)
            offset = bucket
        } else if bucket >= offset + values.count {
            values.append(contentsOf: repeatElement(0, count: bucket - offset - values.count + 1))
        }
    }

    /// Equal when every bucket weighs the same, however much of the range each one stores.
    static func == (a: WindowedWeights, b: WindowedWeights) -> Bool {
        let low = min(a.offset, b.offset)
        let high = max(a.offset + a.values.count, b.offset + b.values.count)
        return (low..<high).allSatisfy { a[$0] == b[$0] }
    }
}

/// Bookkeeping of `VPABucketWeights.cachedPercentiles` for three levels (lane 3 unused); never part
/// of a histogram's value.
struct PercentileCache: Sendable, Equatable {
    var levels = SIMD4<Double>(repeating: .nan)
    var buckets = SIMD4<Int64>(repeating: Int64.max)
    /// The weight of the buckets from the min bucket up to (not including) each level's bucket.
    var below = SIMD4<Double>(repeating: 0)
    var valid = false

    /// A sample's weight lands in `bucket`: it counts below every level whose bucket is higher.
    @inline(__always)
    mutating func add(_ weight: Double, toBucket bucket: Int) {
        below.replace(with: below + weight, where: SIMD4(repeating: Int64(bucket)) .< buckets)
    }

    static func == (a: PercentileCache, b: PercentileCache) -> Bool { true }
}

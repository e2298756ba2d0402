import OpexsimMetrics
import OpexsimTraces

/// The throttling of one interval: fraction of runnable periods throttled, and demand held back as
/// cores averaged over the running time.
public struct Throttling: Sendable, Equatable {
    public var throttledFraction: Double
    public var unservedCores: Double

    public static let none = Throttling(throttledFraction: 0, unservedCores: 0)
}

/// Per-container burst shapes fitted on a trace, shared by all scenarios of a replay. Containers
/// without a shape of their own (too few samples, or samples that never vary) share the constant
/// shape, slot 0, so a trace of many short series holds one 4-byte index per container.
public struct BurstProfile: Sendable {
    /// Quantile points of the ratio distribution per shape.
    public static let points = 64
    /// Per container, the slot of its shape.
    let shapeOf: [Int32]
    /// Sorted ratio quantiles, `points` per shape slot (mean 1); slot 0 is the constant shape 1.
    let ratios: [Double]
    /// `suffix[s·(points+1) + k]` = Σ_{j ≥ k} ratios[s·points + j].
    let suffix: [Double]
    /// The largest ratio per shape slot: no throttling while mean × ceiling ≤ limit.
    let ceiling: [Double]

    /// The constant shape: every period at the mean.
    static let constantShape = [Double](repeating: 1, count: points)

    /// Shapes by slot (`shapes[0..<points]` the constant one) and each container's slot.
    init(shapeOf: [Int32], shapes: [Double]) {
        let k = Self.points
        precondition(shapes.count >= k && shapes[0..<k].allSatisfy { $0 == 1 }, "slot 0 is the constant shape")
        let slots = shapes.count / k
        self.shapeOf = shapeOf
        ratios = shapes
        var suffix = [Double](repeating: 0, count: slots * (k + 1))
        var ceiling = [Double](repeating: 1, count: slots)
        for s in 0..<slots {
            var sum = 0.0
            for j in stride(from: k - 1, through: 0, by: -1) {
                sum += shapes[s * k + j]
                suffix[s * (k + 1) + j] = sum
            }
            ceiling[s] = shapes[s * k + k - 1]
        }
        self.suffix = suffix
        self.ceiling = ceiling
    }

    /// Container `c`'s shape.
    func shape(ofContainer c: Int) -> ArraySlice<Double> {
        let start = Int(shapeOf[c]) * Self.points
        return ratios[start..<(start + Self.points)]
    }

    /// The shapes of the containers `containers` alone, for a replay of a slice of the trace.
    func part(containers: Range<Int>) -> BurstProfile {
        var slots: [Int32: Int32] = [0: 0]
        var shapes = Self.constantShape
        let shapeOf = shapeOf[containers].map { slot in
            if let mapped = slots[slot] { return mapped }
            let mapped = Int32(shapes.count / Self.points)
            let start = Int(slot) * Self.points
            shapes += ratios[start..<(start + Self.points)]
            slots[slot] = mapped
            return mapped
        }
        return BurstProfile(shapeOf: shapeOf, shapes: shapes)
    }

    /// Throttling of mean demand `mean` (cores) under `limit`, with container `c`'s shape stretched
    /// around its mean by `stretch`: per-period demand is `mean · (1 + stretch · (ratio − 1))`, floored
    /// at zero (stretch 1 is the fitted shape; 0 is no burst at all).
    public func throttling(container c: Int, mean: Double, limit: Double, stretch: Double = 1) -> Throttling {
        withView { Self.throttling($0, container: c, mean: mean, limit: limit, stretch: stretch) }
    }

    /// The stretch of container `c`'s shape that throttles `observed` of the periods at `recordedLimit`
    /// when the mean is `mean`: the shape's point at quantile 1 − observed lands on the limit. With
    /// nothing observed, the stretch is at most 1 and small enough that nothing throttles. Nil when
    /// the mean sat at the limit (the demand behind it is unknown).
    public func stretch(container c: Int, mean: Double, recordedLimit: Double, observed: Double) -> Double? {
        withView { Self.stretch($0, container: c, mean: mean, recordedLimit: recordedLimit, observed: observed) }
    }

    func withView<R>(_ body: (BurstView) -> R) -> R {
        shapeOf.withUnsafeBufferPointer { shapeOf in
            ratios.withUnsafeBufferPointer { r in
                suffix.withUnsafeBufferPointer { s in
                    ceiling.withUnsafeBufferPointer { c in
                        body(BurstView(shapeOf: shapeOf, ratios: r, suffix: s, ceiling: c, calibrated: .none))
                    }
                }
            }
        }
    }

    @inline(__always)
    static func throttling(_ view: BurstView, container c: Int, mean: Double, limit: Double, stretch: Double = 1)
        -> Throttling
    {
        guard mean > 0 else { return .none }
        let k = points
        let base = mean * (1 - stretch)
        let slope = mean * stretch
        let c = Int(view.shapeOf[c])
        guard base + slope * view.ceiling[c] > limit else { return .none }
        if slope <= 0 { return base > limit ? Throttling(throttledFraction: 1, unservedCores: base - limit) : .none }
        let threshold = (limit - base) / slope
        let low = firstAbove(view, slot: c, threshold: threshold)
        let above = Double(k - low)
        let excess = above / Double(k) * (base - limit) + slope * view.suffix[c * (k + 1) + low] / Double(k)
        return Throttling(throttledFraction: above / Double(k), unservedCores: min(max(excess, 0), mean))
    }

    /// Index of shape slot `c`'s first quantile point above `threshold` (`points` when none): a
    /// branch-free binary search over the 64 sorted points.
    @inline(__always)
    static func firstAbove(_ view: BurstView, slot c: Int, threshold: Double) -> Int {
        let offset = c * points
        var base = offset
        var length = points
        while length > 1 {
            let half = length >> 1
            base = view.ratios[base + half - 1] <= threshold ? base + half : base
            length -= half
        }
        return base - offset + (view.ratios[base] <= threshold ? 1 : 0)
    }

    /// Throttling at the recorded limit itself, with the shape stretched by `stretch` so that the
    /// point at `index` lands on the limit: the points above it are the throttled periods.
    @inline(__always)
    static func throttlingAtRecordedLimit(
        _ view: BurstView, container c: Int, mean: Double, limit: Double,
        stretch: Double, index: Int
    ) -> Throttling {
        let k = points
        let c = Int(view.shapeOf[c])
        // The points are sorted: the first one above the point at `index` lies after it.
        let low = firstAbove(view, slot: c, threshold: view.ratios[c * k + index])
        let base = mean * (1 - stretch)
        let slope = mean * stretch
        let above = Double(k - low)
        let excess = above / Double(k) * (base - limit) + slope * view.suffix[c * (k + 1) + low] / Double(k)
        return Throttling(throttledFraction: above / Double(k), unservedCores: min(max(excess, 0), mean))
    }

    /// The index of the point at quantile 1 − `observed` of a shape.
    @inline(__always)
    static func observedIndex(_ observed: Double) -> Int {
        min(points - 1, max(0, Int(((1 - observed) * Double(points)).rounded(.down))))
    }

    static func stretch(_ view: BurstView, container c: Int, mean: Double, recordedLimit: Double, observed: Double)
        -> Double?
    {
        guard mean > 0, mean < recordedLimit * 0.99 else { return nil }
        let headroom = recordedLimit / mean - 1
        let c = Int(view.shapeOf[c])
        if observed <= 0 {
            let top = view.ceiling[c] - 1
            return top > 0 ? min(1, headroom / top) : 1
        }
        let point = view.ratios[c * points + observedIndex(observed)] - 1
        guard point > 1e-6 else { return nil }
        return min(headroom / point, 50)
    }

    /// The ratio at quantile `q` (0...1) of container `c`'s shape.
    public func ratio(container c: Int, quantile q: Double) -> Double {
        let k = Self.points
        let index = min(k - 1, max(0, Int((q * Double(k)).rounded(.down))))
        return ratios[Int(shapeOf[c]) * k + index]
    }
}

/// Throttling from a within-interval percentile vector (levels in 0...100, values in cores).
public enum PercentileVectorThrottling {
    /// The distribution is piecewise linear through (value, level/100), from (0, 0) when the lowest
    /// level is above 0, with the mass above the top level placed at the top value. Returns nil when
    /// a value is missing.
    public static func throttling(
        levels: UnsafeBufferPointer<Double>, values: UnsafeBufferPointer<Double>, limit: Double
    ) -> Throttling? {
        let n = levels.count
        guard n > 0 else { return nil }
        var top = 0.0
        for i in 0..<n {
            let value = values[i]
            if value.isNaN { return nil }
            top = max(top, value)
        }
        guard top > limit else { return Throttling.none }
        // Walk the segments; enforce a non-decreasing value sequence.
        var previousValue = 0.0, previousProbability = 0.0
        var exceed = 0.0, excess = 0.0
        var first = true
        for i in 0..<n {
            let probability = levels[i] / 100
            let value = max(values[i], previousValue)
            if first && levels[i] == 0 {
                previousValue = value
                first = false
                continue
            }
            first = false
            // Segment from (previousValue, previousProbability) to (value, probability).
            if value > limit {
                let mass = probability - previousProbability
                if previousValue >= limit {
                    exceed += mass
                    excess += mass * ((previousValue + value) / 2 - limit)
                } else if value > previousValue {
                    let fraction = (value - limit) / (value - previousValue)
                    exceed += mass * fraction
                    excess += mass * fraction * (value - limit) / 2
                }
            }
            previousValue = value
            previousProbability = probability
        }
        // Mass above the top level sits at the top value.
        if previousProbability < 1 && previousValue > limit {
            let mass = 1 - previousProbability
            exceed += mass
            excess += mass * (previousValue - limit)
        }
        return Throttling(throttledFraction: min(exceed, 1), unservedCores: max(excess, 0))
    }
}

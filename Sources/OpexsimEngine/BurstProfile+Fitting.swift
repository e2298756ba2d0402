import Dispatch
import OpexsimTraces

extension BurstProfile {
    /// Samples on each side of a sample that form its local mean.
    public static let localWindow = 5
    /// At most this many ratios per container enter the fit (evenly spread).
    static let maximumRatios = 2048

    /// Fits each container's burst shape on the trace itself: for every sample, the ratio of its
    /// CPU to the mean of the `localWindow` samples on each side (its local level, which removes
    /// daily cycles and trends), pooled over the container's replicas and normalised to mean 1; the
    /// shape is `points` evenly spaced quantiles of those ratios. Within an interval, per-period
    /// demand is assumed at least as variable as the samples are around their local level, so the
    /// throttling it predicts for 100 ms periods is a lower bound. A container whose samples never
    /// vary gets the constant shape 1 (throttled only when the mean exceeds the limit).
    /// The containers are fitted in `pieces` contiguous parts on all cores (by default a few per
    /// core, none under 16 containers); the profile does not depend on how many.
    public static func fit(_ trace: Trace, pieces: Int? = nil) -> BurstProfile {
        let k = points
        // Containers in contiguous parts on all cores, each part's shapes in container order.
        let count = trace.containers.count
        let pieces = max(1, min(count, pieces ?? min(count / 16, ProcessorCount.online * 4)))
        let results = TaskSlots<[(container: Int, shape: [Double])]>(count: pieces)
        DispatchQueue.concurrentPerform(iterations: pieces) { piece in
            var found: [(container: Int, shape: [Double])] = []
            for c in (count * piece / pieces)..<(count * (piece + 1) / pieces) {
                if let shape = shape(of: trace.containers[c], in: trace, points: k) { found.append((c, shape)) }
            }
            results.store(piece, found)
        }
        // Slot 0 is the constant shape, for every container without a shape of its own.
        var shapes = constantShape
        var shapeOf = [Int32](repeating: 0, count: count)
        for piece in 0..<pieces {
            for (c, shape) in results.take(piece) {
                shapeOf[c] = Int32(shapes.count / k)
                shapes += shape
            }
        }
        return BurstProfile(shapeOf: shapeOf, shapes: shapes)
    }

    /// The `points` quantiles of a container's ratios of CPU to its local level, normalised to mean
    /// 1; nil for fewer than 8 ratios or none above zero.
    static func shape(of container: TraceContainer, in trace: Trace, points k: Int) -> [Double]? {
        var ratios: [Double] = []
        let total = container.series.reduce(0) { $0 + trace.series[$1].range.count }
        let stride = max(1, total / maximumRatios)
        var counter = 0
        for s in container.series {
            let range = trace.series[s].range
            guard range.count >= 3 else { continue }
            trace.cpu.withUnsafeBufferPointer { cpu in
                var sum = 0.0
                var low = range.lowerBound, high = range.lowerBound
                for i in range {
                    let from = max(range.lowerBound, i - localWindow)
                    let to = min(range.upperBound, i + localWindow + 1)
                    while high < to {
                        sum += cpu[high]
                        high += 1
                    }
                    while low < from {
                        sum -= cpu[low]
                        low += 1
                    }
                    counter += 1
                    guard counter % stride == 0 else { continue }
                    let local = sum / Double(to - from)
                    if local > 1e-9 { ratios.append(cpu[i] / local) }
                }
            }
        }
        guard ratios.count >= 8 else { return nil }
        let mean = ratios.reduce(0, +) / Double(ratios.count)
        guard mean > 0 else { return nil }
        RadixSort.sortNonNegative(&ratios)
        var shape = [Double](repeating: 0, count: k)
        for j in 0..<k {
            let position = (Double(j) + 0.5) / Double(k) * Double(ratios.count - 1)
            let lower = Int(position)
            let upper = min(lower + 1, ratios.count - 1)
            let value = ratios[lower] + (ratios[upper] - ratios[lower]) * (position - Double(lower))
            shape[j] = value / mean
        }
        // Renormalise the quantile points themselves to mean 1 so the mean demand is preserved.
        let pointsMean = shape.reduce(0, +) / Double(k)
        if pointsMean > 0 { for j in 0..<k { shape[j] /= pointsMean } }
        return shape
    }
}

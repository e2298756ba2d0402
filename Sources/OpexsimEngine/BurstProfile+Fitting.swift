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
    public static func fit(_ trace: Trace) -> BurstProfile {
        let k = points
        // Slot 0 is the constant shape, for every container without a shape of its own.
        var shapes = constantShape
        var shapeOf = [Int32](repeating: 0, count: trace.containers.count)
        for (c, container) in trace.containers.enumerated() {
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
            guard ratios.count >= 8 else { continue }
            let mean = ratios.reduce(0, +) / Double(ratios.count)
            guard mean > 0 else { continue }
            ratios.sort()
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
            shapeOf[c] = Int32(shapes.count / k)
            shapes += shape
        }
        return BurstProfile(shapeOf: shapeOf, shapes: shapes)
    }
}

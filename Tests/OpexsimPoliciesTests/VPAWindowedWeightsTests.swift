import Testing

@testable import OpexsimPolicies

/// A histogram stores its buckets only from the lowest to the highest given a weight.
@Suite("VPA histogram buckets stored as a window")
struct VPAWindowedWeightsTests {
    @Test("buckets outside the stored window weigh 0, and the window widens both ways")
    func window() {
        var weights = WindowedWeights()
        #expect(weights[0] == 0 && weights[175] == 0)
        weights[40] = 2
        weights[37] += 1
        weights[45] = 0.5
        #expect(weights[40] == 2 && weights[37] == 1 && weights[45] == 0.5)
        #expect(weights[36] == 0 && weights[38] == 0 && weights[46] == 0 && weights[-1] == 0)
    }

    @Test("equal when every bucket weighs the same, whatever range each stores")
    func equality() {
        var a = WindowedWeights()
        var b = WindowedWeights()
        a[10] = 1
        b[3] = 0
        b[20] = 0
        b[10] = 1
        #expect(a == b)
        b[20] = 0.25
        #expect(a != b)
    }

    @Test("a one-sample histogram stores one bucket, and answers as upstream's dense one")
    func oneSample() {
        var histogram = DecayingHistogram(options: .cpu, halfLife: 86_400_000)
        histogram.add(value: 0.5, weight: 1, time: 0)
        let bucket = VPAHistogramOptions.cpu.bucketIndex(of: 0.5)
        #expect(histogram.weight(inBucket: bucket) > 0)
        #expect(histogram.weight(inBucket: bucket - 1) == 0 && histogram.weight(inBucket: bucket + 1) == 0)
        // Upstream: the percentile of a single-bucket histogram is that bucket's end.
        #expect(histogram.percentile(0.9) == VPAHistogramOptions.cpu.bucketEnd(bucket))
    }
}

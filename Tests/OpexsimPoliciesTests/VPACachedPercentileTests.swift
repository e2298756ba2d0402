import OpexsimPolicies
import OpexsimTraces
import Testing

@Suite("VPA percentiles from the cache")
struct VPACachedPercentileTests {
    @Test("the cached percentiles always equal the walked ones, through adds, subtractions and reference shifts")
    func sameAsWalking() {
        var random = SplitMix(state: 7)
        for options in [VPAHistogramOptions.cpu, .memory] {
            var histogram = DecayingHistogram(options: options, halfLife: 3_600_000)
            let scale = options == .cpu ? 2.0 : 2e9
            var time: TraceInstant = 0
            for step in 0..<20_000 {
                time += Int64(random.next() % 120_000)
                let value = Double(random.next() % 10_000) / 10_000 * scale
                if step % 97 == 0 {
                    histogram.subtract(value: value, weight: 1, time: time)
                } else {
                    histogram.add(value: value, weight: step % 5 == 0 ? 1 : 0.1, time: time)
                }
                let levels = (0.5, 0.9, 0.95)
                let walked = histogram.percentiles(levels)
                let cached = histogram.cachedPercentiles(levels)
                #expect(walked == cached, "step \(step): walked \(walked), cached \(cached)")
                if walked != cached { return }
            }
        }
    }

    @Test("ties at an exact threshold resolve as the walk does")
    func ties() {
        var histogram = DecayingHistogram(options: .memory)
        // Two equal peaks stamped at the same time: P50 sits exactly on the first bucket's edge.
        histogram.add(value: 100e6, weight: 1, time: 0)
        histogram.add(value: 300e6, weight: 1, time: 0)
        #expect(histogram.cachedPercentiles((0.5, 0.9, 0.95)) == histogram.percentiles((0.5, 0.9, 0.95)))
        histogram.add(value: 300e6, weight: 1, time: 0)
        #expect(histogram.cachedPercentiles((0.5, 0.9, 0.95)) == histogram.percentiles((0.5, 0.9, 0.95)))
    }
}

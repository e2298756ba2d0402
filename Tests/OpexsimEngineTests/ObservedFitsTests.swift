import OpexsimMetrics
import OpexsimTraces
import Testing

@testable import OpexsimEngine

@Suite("Samples whose recorded throttling only a fitted lognormal reproduces")
struct ObservedFitsTests {
    @Test("only samples beyond the burst shape's reach are fitted, and the replay reads their fit")
    func fitsBeyondTheShape() throws {
        // Under a 1-core limit: 0.5 cores with 20% of periods throttled, 0.995 cores with 60% (at the
        // limit: beyond any shape), and a sample without a ratio. Three samples give a flat burst
        // shape, which reaches no ratio: the first is fitted too.
        let text = """
            timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes,cpu_limit,cpu_throttled_ratio
            60,ns,w,c,p,0.5,1,1,0.2
            120,ns,w,c,p,0.995,1,1,0.6
            180,ns,w,c,p,0.7,1,1,

            """
        let profile = TraceProfile(try CanonicalTraceReader().read(text: text))
        #expect(profile.observedFits.count == 2)
        #expect(profile.observedFits.fit(ofSample: 2) == nil)
        let fitted = try #require(profile.observedFits.fit(ofSample: 1))
        let expected = try #require(CalibratedBurst.observedDemand(utilisation: 0.995, observed: 0.6))
        #expect(fitted.stretch == -expected.sigma)
        #expect(fitted.unserved == max(0, expected.demandOverLimit * 1 - 0.995))
        #expect(fitted.unserved > 0)
        profile.withColumns { columns in
            var counts = BurstModelCounts()
            // At the recorded limit: the recorded ratio, with the fitted demand held back.
            let atLimit = columns.throttling(
                model: .observed, sample: 1, container: 0, cpu: 0.995, limit: 1, recordedLimit: 1, counts: &counts)
            #expect(atLimit.throttledFraction == 0.6 && atLimit.unservedCores == fitted.unserved)
            // Under 0.8 cores: the fitted lognormal.
            let lower = columns.throttling(
                model: .observed, sample: 1, container: 0, cpu: 0.995, limit: 0.8, recordedLimit: 1, counts: &counts)
            let lognormal = NormalTable.values.withUnsafeBufferPointer {
                CalibratedBurst.lognormal(
                    demand: 0.995 + fitted.unserved, sigma: expected.sigma, limit: 0.8, mean: 0.995, phi: $0)
            }
            #expect(lower.throttledFraction == lognormal.throttledFraction)
            #expect(lower.unservedCores == lognormal.unservedCores)
            #expect(lower.throttledFraction > 0.6)
            // A fitted sample's calibration is its fit; one without a ratio has none.
            let calibrated = columns.observedCalibration(sample: 0, container: 0, observed: 0.2)
            let first = profile.observedFits.fit(ofSample: 0)
            #expect(calibrated.stretch == first?.stretch && calibrated.unserved == first?.unserved)
            #expect(columns.observedCalibration(sample: 2, container: 0, observed: .nan).stretch.isNaN)
        }
    }
}

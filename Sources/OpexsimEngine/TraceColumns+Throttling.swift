import OpexsimMetrics

extension TraceColumns {
    /// Throttling of sample `i` (mean `cpu` cores, recorded under `recordedLimit`) under `limit`, by
    /// `model`; `counts` gains the sample under the model that found it throttled.
    @inline(__always)
    func throttling(
        model: BurstModelKind, sample i: Int, container: Int, cpu: Double, limit: Double, recordedLimit: Double,
        counts: inout BurstModelCounts
    ) -> Throttling {
        switch model {
        case .mean:
            counts[4] += cpu > limit ? 1 : 0
            return cpu > limit ? Throttling(throttledFraction: 1, unservedCores: cpu - limit) : .none
        case .fitted:
            let result = burst.calibrated.throttling(
                container: container, mean: cpu, limit: limit, recordedLimit: recordedLimit)
            if result.throttledFraction > 0 { counts[3] += 1 }
            return result
        case .auto, .percentiles, .observed:
            let levels = percentileLevels.count
            if levels > 0 && model != .observed {
                let values = UnsafeBufferPointer(rebasing: percentiles[i * levels..<(i + 1) * levels])
                if let result = PercentileVectorThrottling.throttling(
                    levels: percentileLevels, values: values, limit: limit)
                {
                    if result.throttledFraction > 0 { counts[1] += 1 }
                    return result
                }
            }
            if !throttledRatio.isEmpty && model != .percentiles,
                let result = observedThrottling(
                    sample: i, container: container, cpu: cpu, limit: limit, recordedLimit: recordedLimit)
            {
                if result.throttledFraction > 0 { counts[2] += 1 }
                return result
            }
            let result = burst.calibrated.throttling(
                container: container, mean: cpu, limit: limit, recordedLimit: recordedLimit)
            if result.throttledFraction > 0 { counts[3] += 1 }
            return result
        }
    }

    /// Throttling of sample `i` from its recorded `cpu_throttled_ratio`: at the recorded limit the
    /// ratio itself, elsewhere the calibrated stretch or lognormal; nil where it cannot be calibrated.
    @inline(__always)
    func observedThrottling(sample i: Int, container: Int, cpu: Double, limit: Double, recordedLimit: Double)
        -> Throttling?
    {
        let observed = throttledRatio[i]
        // At the recorded limit, nothing throttled there: nothing throttles (no calibration needed).
        if limit == recordedLimit && observed == 0 { return Throttling.none }
        // Nothing throttled at the recorded limit, and this limit is no lower: nothing throttles.
        if observed == 0 && limit >= recordedLimit { return Throttling.none }
        let (stretch, unserved) = observedCalibration(sample: i, container: container, observed: observed)
        if limit == recordedLimit {
            // At the recorded limit itself the recorded ratio is the answer, with the demand it held
            // back from the calibrated shape (NaN where calibration was impossible).
            return unserved.isNaN ? nil : Throttling(throttledFraction: observed, unservedCores: unserved)
        }
        if stretch < 0 {
            return CalibratedBurst.lognormal(
                demand: cpu + unserved, sigma: -stretch, limit: limit, mean: cpu, phi: burst.calibrated.phi)
        }
        if stretch.isNaN { return nil }
        return BurstProfile.throttling(burst, container: container, mean: cpu, limit: limit, stretch: stretch)
    }

    /// The calibration of sample `i` to its recorded `cpu_throttled_ratio` under the limit it was
    /// recorded at: the stretch of its container's burst shape that reproduces the ratio, and the
    /// demand the limit held back under it; where the shape cannot reach the ratio, minus σ of the
    /// fitted lognormal and its held-back demand (`ObservedFits`); NaN, NaN where neither fits or the
    /// sample has no ratio or no recorded limit.
    @inline(__always)
    func observedCalibration(sample i: Int, container c: Int, observed: Double) -> (stretch: Double, unserved: Double) {
        let limit = settingsCPULimit[Int(settingsIndex[i])]
        guard !observed.isNaN, !limit.isNaN else { return (.nan, .nan) }
        let mean = cpu[i]
        guard
            let stretch = BurstProfile.stretch(
                burst, container: c, mean: mean, recordedLimit: limit, observed: observed)
        else { return observedFits.fit(ofSample: i) ?? (.nan, .nan) }
        guard observed > 0 else { return (stretch, 0) }
        let held = BurstProfile.throttlingAtRecordedLimit(
            burst, container: c, mean: mean, limit: limit, stretch: stretch, index: BurstProfile.observedIndex(observed)
        )
        return (stretch, held.unservedCores)
    }
}

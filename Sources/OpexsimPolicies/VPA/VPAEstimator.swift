import OpexsimTraces

/// The recommender's estimator chain (`CreatePodResourceRecommender`, `logic/recommender.go`;
/// estimators in `logic/estimator.go`). For each output and resource:
/// 1. the histogram percentile, converted to millicores or bytes (truncated);
/// 2. plus the margin, `base + truncate(base × margin)`;
/// 3. bounds only: times `(1 + multiplier / confidence)^exponent` (truncated, clamped at 1e14);
/// 4. at least the pod minimum divided among the pod's containers;
/// 5. rounded up to `--round-cpu-millicores` / `--round-memory-bytes`.
public enum VPAEstimator {
    /// The recommendation for one container of a pod with `containersInPod` VPA-controlled
    /// containers (the VPA's containers without `mode: Off`), or nil while the aggregate has no
    /// samples at all.
    public static func estimate(
        aggregate: VPAAggregateState, containersInPod: Int,
        parameters: VPARecommenderParameters
    ) -> VPAEstimate? {
        guard aggregate.hasSamples else { return nil }
        // The three percentiles of each histogram in one walk: lower bound, target, upper bound.
        let cpuValues = aggregate.cpuUsage.percentiles(
            (parameters.lowerBoundCPUPercentile, parameters.targetCPUPercentile, parameters.upperBoundCPUPercentile))
        let memoryValues = aggregate.memoryPeaks.percentiles(
            (
                parameters.lowerBoundMemoryPercentile, parameters.targetMemoryPercentile,
                parameters.upperBoundMemoryPercentile
            ))
        return estimate(
            aggregate: aggregate, cpuValues: cpuValues, memoryValues: memoryValues,
            containersInPod: containersInPod, parameters: parameters)
    }

    /// The same estimate, with the percentiles taken from the aggregate's cache where they still hold
    /// (the same values as `estimate(aggregate:containersInPod:parameters:)`, usually without walking
    /// the histograms).
    public static func estimate(
        updating aggregate: inout VPAAggregateState, containersInPod: Int,
        parameters: VPARecommenderParameters
    ) -> VPAEstimate? {
        estimate(
            updating: &aggregate,
            minimum: minimumPerContainer(containersInPod: containersInPod, parameters: parameters),
            parameters: parameters)
    }

    /// `estimate(updating:containersInPod:parameters:)` with the per-container minimum already known.
    public static func estimate(
        updating aggregate: inout VPAAggregateState, minimum: VPAEstimate.Amounts,
        parameters: VPARecommenderParameters
    ) -> VPAEstimate? {
        guard aggregate.hasSamples else { return nil }
        let (cpuValues, memoryValues) = aggregate.cachedPercentiles(parameters)
        return estimate(
            span: SampleSpan(aggregate), cpuValues: cpuValues, memoryValues: memoryValues,
            minimum: minimum, parameters: parameters)
    }

    static func estimate(
        aggregate: VPAAggregateState, cpuValues: (Double, Double, Double), memoryValues: (Double, Double, Double),
        containersInPod: Int, parameters: VPARecommenderParameters
    ) -> VPAEstimate? {
        estimate(
            span: SampleSpan(aggregate), cpuValues: cpuValues, memoryValues: memoryValues,
            minimum: minimumPerContainer(containersInPod: containersInPod, parameters: parameters),
            parameters: parameters)
    }

    /// What the confidence depends on: the CPU samples' first and last start and their count.
    struct SampleSpan {
        var first: TraceInstant?
        var last: TraceInstant?
        var count: Int

        init(_ aggregate: borrowing VPAAggregateState) {
            first = aggregate.firstSampleStart
            last = aggregate.lastSampleStart
            count = aggregate.totalSamplesCount
        }
    }

    static func estimate(
        span: SampleSpan, cpuValues: (Double, Double, Double), memoryValues: (Double, Double, Double),
        minimum: VPAEstimate.Amounts, parameters: VPARecommenderParameters
    ) -> VPAEstimate? {
        estimate(
            span: span,
            bases: bases(cpuValues: cpuValues, memoryValues: memoryValues, minimum: minimum, parameters: parameters),
            minimum: minimum, parameters: parameters)
    }

    /// What an estimate takes from the percentiles alone (steps 1, 2, 4 and 5 for the target, 1 and 2
    /// for the bounds): the finished target, and each bound's amounts with the margin, before the
    /// confidence scales them. The same percentiles give the same bases.
    struct Bases: Equatable {
        var target: VPAEstimate.Amounts
        var lower: VPAEstimate.Amounts
        var upper: VPAEstimate.Amounts
    }

    static func bases(
        cpuValues: (Double, Double, Double), memoryValues: (Double, Double, Double), minimum: VPAEstimate.Amounts,
        parameters: VPARecommenderParameters
    ) -> Bases {
        let maximum = parameters.maxResourceAmount
        func withMargin(_ base: Int64) -> Int64 {
            base + VPAResourceAmount.scale(base, by: parameters.safetyMarginFraction, maximum: maximum)
        }
        func cpu(_ value: Double) -> Int64 {
            withMargin(VPAResourceAmount.fromFloat(value * 1000.0, maximum: maximum))
        }
        func memory(_ value: Double) -> Int64 {
            withMargin(VPAResourceAmount.fromFloat(value, maximum: maximum))
        }
        return Bases(
            target: finish(
                cpu: cpu(cpuValues.1), memory: memory(memoryValues.1), minimum: minimum, parameters: parameters),
            lower: VPAEstimate.Amounts(cpuMillicores: cpu(cpuValues.0), memoryBytes: memory(memoryValues.0)),
            upper: VPAEstimate.Amounts(cpuMillicores: cpu(cpuValues.2), memoryBytes: memory(memoryValues.2)))
    }

    /// Steps 4 and 5: at least the per-container minimum, rounded up.
    @inline(__always)
    static func finish(cpu: Int64, memory: Int64, minimum: VPAEstimate.Amounts, parameters: VPARecommenderParameters)
        -> VPAEstimate.Amounts
    {
        VPAEstimate.Amounts(
            cpuMillicores: VPAResourceAmount.roundUp(
                max(cpu, minimum.cpuMillicores), toMultipleOf: parameters.roundCPUMillicores),
            memoryBytes: VPAResourceAmount.roundUp(
                max(memory, minimum.memoryBytes), toMultipleOf: parameters.roundMemoryBytes))
    }

    /// The estimate from its bases: the bounds scaled by the confidence of `span` (step 3), finished.
    static func estimate(
        span: SampleSpan, bases: Bases, minimum: VPAEstimate.Amounts, parameters: VPARecommenderParameters,
        scales: ConfidenceScales? = nil
    ) -> VPAEstimate {
        let maximum = parameters.maxResourceAmount
        let scales = scales ?? ConfidenceScales(parameters)
        let cpuConfidence = scales.cpu.confidence(span)
        let memoryConfidence = scales.memory?.confidence(span) ?? cpuConfidence
        // The four bound factors, each computed once per distinct confidence.
        let cpuLowerFactor = boundFactor(
            confidence: cpuConfidence, multiplier: parameters.lowerBoundConfidenceMultiplier,
            exponent: parameters.lowerBoundConfidenceExponent)
        let cpuUpperFactor = boundFactor(
            confidence: cpuConfidence, multiplier: parameters.upperBoundConfidenceMultiplier,
            exponent: parameters.upperBoundConfidenceExponent)
        let sameConfidence = memoryConfidence == cpuConfidence
        let memoryLowerFactor =
            sameConfidence
            ? cpuLowerFactor
            : boundFactor(
                confidence: memoryConfidence, multiplier: parameters.lowerBoundConfidenceMultiplier,
                exponent: parameters.lowerBoundConfidenceExponent)
        let memoryUpperFactor =
            sameConfidence
            ? cpuUpperFactor
            : boundFactor(
                confidence: memoryConfidence, multiplier: parameters.upperBoundConfidenceMultiplier,
                exponent: parameters.upperBoundConfidenceExponent)
        func scaled(_ amount: Int64, _ factor: Double) -> Int64 {
            VPAResourceAmount.scale(amount, by: factor, maximum: maximum)
        }
        let lower = finish(
            cpu: scaled(bases.lower.cpuMillicores, cpuLowerFactor),
            memory: scaled(bases.lower.memoryBytes, memoryLowerFactor), minimum: minimum, parameters: parameters)
        let upper = finish(
            cpu: scaled(bases.upper.cpuMillicores, cpuUpperFactor),
            memory: scaled(bases.upper.memoryBytes, memoryUpperFactor), minimum: minimum, parameters: parameters)
        return VPAEstimate(
            target: bases.target, lowerBound: lower, upperBound: upper,
            cpuConfidence: cpuConfidence, memoryConfidence: memoryConfidence)
    }

    /// `getConfidence`: `min((lastSampleStart − firstSampleStart) / interval, samples / minutes in
    /// interval)`, from CPU samples only; 1 per day of history at one sample a minute, 0 without
    /// CPU samples.
    public static func confidence(of aggregate: VPAAggregateState, interval: Int64) -> Double {
        confidence(SampleSpan(aggregate), interval: interval)
    }

    static func confidence(_ span: SampleSpan, interval: Int64) -> Double {
        ConfidenceScale(interval: interval).confidence(span)
    }

    /// What `getConfidence` divides by for one confidence interval, worked out once.
    struct ConfidenceScale {
        /// The interval in nanoseconds.
        let intervalNanos: Double
        /// The interval in minutes, as `time.Duration.Minutes()` gives them: whole minutes plus the
        /// fraction, separately.
        let minutes: Double

        init(interval: Int64) {
            let nanos = VPAGoArithmetic.nanoseconds(interval)
            let nanosPerMinute: Int64 = 60_000_000_000
            intervalNanos = Double(nanos)
            minutes = Double(nanos / nanosPerMinute) + Double(nanos % nanosPerMinute) / 60e9
        }

        @inline(__always)
        func confidence(_ span: SampleSpan) -> Double {
            let first = span.first ?? VPAGoArithmetic.zeroTime
            let last = span.last ?? VPAGoArithmetic.zeroTime
            let lifespan = Double(VPAGoArithmetic.nanoseconds(from: first, to: last)) / intervalNanos
            let samplesAmount = Double(span.count) / minutes
            return min(lifespan, samplesAmount)
        }
    }

    /// The scales of the CPU and the memory confidence (nil for memory when its interval is the CPU's).
    struct ConfidenceScales {
        let cpu: ConfidenceScale
        let memory: ConfidenceScale?

        init(_ parameters: VPARecommenderParameters) {
            cpu = ConfidenceScale(interval: parameters.confidenceIntervalCPU)
            memory =
                parameters.confidenceIntervalMemory == parameters.confidenceIntervalCPU
                ? nil : ConfidenceScale(interval: parameters.confidenceIntervalMemory)
        }
    }

    /// The bound scaling `(1 + multiplier / confidence)^exponent` as Go's `math.Pow` computes it:
    /// +∞ for the upper bound and 0 for the lower at confidence 0.
    @inline(__always)
    public static func boundFactor(confidence: Double, multiplier: Double, exponent: Double) -> Double {
        VPAGoArithmetic.pow(1.0 + multiplier / confidence, exponent)
    }

    /// The per-container minimum (`GetRecommendedPodResources`): the pod minimums, converted to
    /// millicores and bytes (truncated), scaled by `1 / containersInPod` (truncated): 25m, 12m, 8m
    /// and 262,144,000, 131,072,000, 87,381,333 bytes for 1, 2, 3 containers.
    public static func minimumPerContainer(containersInPod: Int, parameters: VPARecommenderParameters)
        -> VPAEstimate.Amounts
    {
        precondition(containersInPod > 0, "a pod has at least one container")
        let maximum = parameters.maxResourceAmount
        let fraction = 1.0 / Double(containersInPod)
        let podCPU = VPAResourceAmount.fromFloat(parameters.podMinCPUMillicores * 0.001 * 1000.0, maximum: maximum)
        let podMemory = VPAResourceAmount.fromFloat(parameters.podMinMemoryBytes, maximum: maximum)
        return VPAEstimate.Amounts(
            cpuMillicores: VPAResourceAmount.scale(podCPU, by: fraction, maximum: maximum),
            memoryBytes: VPAResourceAmount.scale(podMemory, by: fraction, maximum: maximum))
    }
}

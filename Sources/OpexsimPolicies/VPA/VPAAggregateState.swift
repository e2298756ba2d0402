import OpexsimTraces

/// What the recommender has learned about one container of a workload
/// (`AggregateContainerState`, `pkg/recommender/model/aggregate_container_state.go`): the decaying
/// histogram of CPU usage, the decaying histogram of per-interval memory peaks, and the CPU sample
/// span and count that set the confidence. All replicas' `VPAContainerState`s feed one aggregate.
///
/// A value type: pass it `inout` to the container-state methods. Not synchronised; use it from one
/// task at a time.
public struct VPAAggregateState: Sendable, Equatable {
    /// CPU usage in cores, one sample per container per recommender loop.
    public private(set) var cpuUsage: DecayingHistogram
    /// Memory peaks in bytes, one per container per aggregation interval, weight 1, stamped at the
    /// interval's end.
    public private(set) var memoryPeaks: DecayingHistogram
    /// Start of the earliest CPU sample (`FirstSampleStart`); nil before any.
    public private(set) var firstSampleStart: TraceInstant?
    /// Start of the latest CPU sample (`LastSampleStart`); nil before any.
    public private(set) var lastSampleStart: TraceInstant?
    /// CPU samples aggregated (`TotalSamplesCount`); memory samples do not count.
    public private(set) var totalSamplesCount = 0
    /// When the aggregate was created; sets expiry while it has no samples.
    public let creationTime: TraceInstant

    /// How CPU samples are weighted.
    public let cpuWeighting: VPARecommenderParameters.CPUWeighting
    /// `minSampleWeight`.
    public let minSampleWeight: Double
    /// `--memory-aggregation-interval` (milliseconds).
    public let memoryAggregationInterval: Int64
    /// `--memory-aggregation-interval-count`.
    public let memoryAggregationIntervalCount: Int64
    /// `--oom-bump-up-ratio`.
    public let oomBumpUpRatio: Double
    /// `--oom-min-bump-up-bytes`.
    public let oomMinBumpUpBytes: Double
    /// `MaxResourceAmount`.
    public let maxResourceAmount: Int64

    /// An empty aggregate configured from `parameters`, created at `creationTime`.
    public init(parameters: VPARecommenderParameters = VPARecommenderParameters(), creationTime: TraceInstant = 0) {
        cpuUsage = DecayingHistogram(
            options: parameters.cpuHistogramOptions, halfLife: parameters.cpuHistogramDecayHalfLife,
            maxDecayExponent: parameters.maxDecayExponent)
        memoryPeaks = DecayingHistogram(
            options: parameters.memoryHistogramOptions,
            halfLife: parameters.memoryHistogramDecayHalfLife,
            maxDecayExponent: parameters.maxDecayExponent)
        self.creationTime = creationTime
        cpuWeighting = parameters.cpuWeighting
        minSampleWeight = parameters.minSampleWeight
        memoryAggregationInterval = parameters.memoryAggregationInterval
        memoryAggregationIntervalCount = parameters.memoryAggregationIntervalCount
        oomBumpUpRatio = parameters.oomBumpUpRatio
        oomMinBumpUpBytes = parameters.oomMinBumpUpBytes
        maxResourceAmount = parameters.maxResourceAmount
    }

    /// True once any CPU sample or memory peak has been aggregated and not decayed away.
    public var hasSamples: Bool { totalSamplesCount > 0 || !memoryPeaks.isEmpty }

    /// `isExpired`: no CPU sample for a whole memory window (interval × count, 8 days by default), or,
    /// with none at all, created that long ago. Upstream then drops the aggregate.
    public func isExpired(at now: TraceInstant) -> Bool {
        let (window, overflow) = memoryAggregationInterval.multipliedReportingOverflow(
            by: memoryAggregationIntervalCount)
        let length = overflow ? Int64.max : window
        return now - (lastSampleStart ?? creationTime) >= length
    }

    /// `addCPUSample`: usage in whole millicores, weighted per `cpuWeighting`.
    mutating func addCPUSample(millicores: Int64, requestMillicores: Int64, start: TraceInstant) {
        let weight = cpuWeighting.weight(requestMillicores: requestMillicores, minSampleWeight: minSampleWeight)
        cpuUsage.add(value: Double(millicores) / 1000.0, weight: weight, time: start)
        if lastSampleStart.map({ start > $0 }) ?? true { lastSampleStart = start }
        if firstSampleStart.map({ start < $0 }) ?? true { firstSampleStart = start }
        totalSamplesCount += 1
    }

    /// A memory peak enters with weight 1 as of the end of its interval.
    mutating func addMemoryPeak(bytes: Int64, windowEnd: TraceInstant) {
        memoryPeaks.add(value: Double(bytes), weight: 1.0, time: windowEnd)
    }

    /// A superseded memory peak leaves with weight 1 as of the end of its interval.
    mutating func subtractMemoryPeak(bytes: Int64, windowEnd: TraceInstant) {
        memoryPeaks.subtract(value: Double(bytes), weight: 1.0, time: windowEnd)
    }

    /// The lower-bound, target and upper-bound percentiles of both histograms, as
    /// `DecayingHistogram.percentiles` gives them, reusing the previous answer where it still holds.
    mutating func cachedPercentiles(_ parameters: VPARecommenderParameters) -> (
        cpu: (Double, Double, Double), memory: (Double, Double, Double)
    ) {
        (
            cpuUsage.cachedPercentiles(
                (parameters.lowerBoundCPUPercentile, parameters.targetCPUPercentile, parameters.upperBoundCPUPercentile)
            ),
            memoryPeaks.cachedPercentiles(
                (
                    parameters.lowerBoundMemoryPercentile, parameters.targetMemoryPercentile,
                    parameters.upperBoundMemoryPercentile
                ))
        )
    }
}

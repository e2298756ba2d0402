/// The recommender's settings; every default is upstream's (`pkg/recommender/config/config.go`,
/// `pkg/recommender/model/aggregations_config.go`, `pkg/recommender/logic/recommender.go`). Durations
/// are milliseconds.
public struct VPARecommenderParameters: Sendable, Equatable {
    /// `--target-cpu-percentile`, default 0.9.
    public var targetCPUPercentile = 0.9
    /// `--recommendation-lower-bound-cpu-percentile`, default 0.5.
    public var lowerBoundCPUPercentile = 0.5
    /// `--recommendation-upper-bound-cpu-percentile`, default 0.95.
    public var upperBoundCPUPercentile = 0.95
    /// `--target-memory-percentile`, default 0.9.
    public var targetMemoryPercentile = 0.9
    /// `--recommendation-lower-bound-memory-percentile`, default 0.5.
    public var lowerBoundMemoryPercentile = 0.5
    /// `--recommendation-upper-bound-memory-percentile`, default 0.95.
    public var upperBoundMemoryPercentile = 0.95

    /// `--recommendation-margin-fraction`, default 0.15: added to target and both bounds.
    public var safetyMarginFraction = 0.15

    /// `--confidence-interval-cpu`, default 24h: the history length that counts as confidence 1.
    public var confidenceIntervalCPU: Int64 = 86_400_000
    /// `--confidence-interval-memory`, default 24h.
    public var confidenceIntervalMemory: Int64 = 86_400_000
    /// Upper-bound confidence multiplier, 1.0 (hard-coded in `CreatePodResourceRecommender`, no flag):
    /// the upper bound is scaled by `(1 + multiplier / confidence)^exponent`.
    public var upperBoundConfidenceMultiplier = 1.0
    /// Upper-bound confidence exponent, +1 (hard-coded in `CreatePodResourceRecommender`, no flag).
    public var upperBoundConfidenceExponent = 1.0
    /// Lower-bound confidence multiplier, 0.001 (hard-coded in `CreatePodResourceRecommender`, no flag).
    public var lowerBoundConfidenceMultiplier = 0.001
    /// Lower-bound confidence exponent, −2 (hard-coded in `CreatePodResourceRecommender`, no flag).
    public var lowerBoundConfidenceExponent = -2.0

    /// `--pod-recommendation-min-cpu-millicores`, default 25: per pod, split evenly over its containers.
    public var podMinCPUMillicores = 25.0
    /// `--pod-recommendation-min-memory-mb`, default 250: per pod, split evenly; multiplied by
    /// 1024 × 1024, so MiB (262,144,000 bytes).
    public var podMinMemoryMB = 250.0

    /// `--round-cpu-millicores`, default 1: CPU rounded up to a multiple of this.
    public var roundCPUMillicores: Int64 = 1
    /// `--round-memory-bytes`, default 1: memory rounded up to a multiple of this.
    public var roundMemoryBytes: Int64 = 1

    /// `--memory-aggregation-interval`, default 24h (`DefaultMemoryAggregationInterval`): one memory
    /// peak per container per interval.
    public var memoryAggregationInterval: Int64 = 86_400_000
    /// `--memory-aggregation-interval-count`, default 8 (`DefaultMemoryAggregationIntervalCount`):
    /// intervals per window; an aggregate without samples for a window expires.
    public var memoryAggregationIntervalCount: Int64 = 8

    /// `--oom-bump-up-ratio`, default 1.2 (`DefaultOOMBumpUpRatio`).
    public var oomBumpUpRatio = 1.2
    /// `--oom-min-bump-up-bytes`, default 104,857,600 = 100 MiB (`DefaultOOMMinBumpUp`).
    public var oomMinBumpUpBytes = 104_857_600.0

    /// CPU histogram buckets (`cpuHistogramOptions`, no flag): 10m first bucket, 1000 cores, ×1.05.
    public var cpuHistogramOptions = VPAHistogramOptions.cpu
    /// Memory histogram buckets (`memoryHistogramOptions`, no flag): 1e7 B first bucket, 1e12 B, ×1.05.
    public var memoryHistogramOptions = VPAHistogramOptions.memory
    /// `--cpu-histogram-decay-half-life`, default 24h (`DefaultCPUHistogramDecayHalfLife`).
    public var cpuHistogramDecayHalfLife: Int64 = 86_400_000
    /// `--memory-histogram-decay-half-life`, default 24h (`DefaultMemoryHistogramDecayHalfLife`).
    public var memoryHistogramDecayHalfLife: Int64 = 86_400_000
    /// `maxDecayExponent`, 100 (`decaying_histogram.go`, no flag).
    public var maxDecayExponent: Int64 = 100

    /// `minSampleWeight`, 0.1 (`aggregations_config.go`, no flag): the weight of a CPU sample before
    /// decay, and the floor of the legacy request weight.
    public var minSampleWeight = 0.1
    /// How a CPU sample is weighted; default `.constant` (VPA 0.2 and later, code since 1.4).
    public var cpuWeighting = CPUWeighting.constant

    /// `MaxResourceAmount`, 1e14 (`model/types.go`, no flag): every float-to-amount conversion is
    /// clamped here, hence the "100T" memory and "100G" CPU upper bounds of a fresh workload.
    public var maxResourceAmount: Int64 = 100_000_000_000_000

    /// `--recommender-interval`, default 1m: the cadence of usage samples and recommendations.
    public var recommenderInterval: Int64 = 60_000

    /// Upstream's defaults.
    public init() {}

    /// The per-pod memory minimum in bytes: `podMinMemoryMB × 1024 × 1024`.
    public var podMinMemoryBytes: Double { podMinMemoryMB * 1024 * 1024 }
}

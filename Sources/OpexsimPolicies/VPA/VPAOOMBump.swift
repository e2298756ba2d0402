/// The memory the recommender assumes an OOM-killed container needed (`RecordOOM`,
/// `pkg/recommender/model/container.go`).
public enum VPAOOMBump {
    /// `max(used + minBumpUp, used × ratio)` with `used = max(request, peak)`, where `peak` is the
    /// interval's usage peak (an earlier OOM's peak is deliberately ignored). The additive term wins
    /// below `minBumpUp / (ratio − 1)`, 500 MiB with the defaults. Bytes; the product truncates.
    public static func memoryNeeded(
        request: Int64, peak: Int64, bumpUpRatio: Double, minBumpUpBytes: Double,
        maximum: Int64 = 100_000_000_000_000
    ) -> Int64 {
        let used = max(request, peak)
        let additive = used + VPAResourceAmount.fromFloat(minBumpUpBytes, maximum: maximum)
        return max(additive, VPAResourceAmount.scale(used, by: bumpUpRatio, maximum: maximum))
    }

    /// `memoryNeeded` with `--oom-bump-up-ratio` and `--oom-min-bump-up-bytes` from `parameters`.
    public static func memoryNeeded(request: Int64, peak: Int64, parameters: VPARecommenderParameters) -> Int64 {
        memoryNeeded(
            request: request, peak: peak, bumpUpRatio: parameters.oomBumpUpRatio,
            minBumpUpBytes: parameters.oomMinBumpUpBytes, maximum: parameters.maxResourceAmount)
    }
}

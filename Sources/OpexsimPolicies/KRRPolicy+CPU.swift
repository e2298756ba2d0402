/// How a KRR strategy turns the CPU samples of a container's pods into a request and a limit.
public enum KRRCPURule: Sendable, Equatable {
    /// `simple`: the percentile of each pod's samples, computed as PromQL `quantile_over_time`
    /// does with the level KRR writes into the query (`KRRSettings.promQLPercentile`), then the
    /// largest over the pods; no limit.
    case perPodPercentile(Double)
    /// `simple_limit`: request and limit at percentiles of all pods' samples pooled, computed as
    /// NumPy's `percentile` does (the levels are used as given).
    case pooledPercentiles(request: Double, limit: Double)

    /// The request and limit, cores, before rounding; nil when no pod has a sample.
    func proposal(pods: [ArraySlice<Double>]) -> (request: Double, limit: Double?)? {
        switch self {
        case .perPodPercentile(let percentile):
            let level = KRRSettings.promQLPercentile(percentile)
            let perPod = pods.compactMap { Percentile.of(Array($0), percentile: level) }
            return perPod.max().map { ($0, nil) }
        case .pooledPercentiles(let requestPercentile, let limitPercentile):
            let pooled = Array(pods.joined())
            guard let request = Percentile.of(pooled, percentile: requestPercentile),
                let limit = Percentile.of(pooled, percentile: limitPercentile)
            else { return nil }
            return (request, limit)
        }
    }
}

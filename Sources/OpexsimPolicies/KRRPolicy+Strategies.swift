/// `krr-simple`, Robusta KRR's default strategy: CPU request = the largest per-pod percentile
/// (`cpu_percentile`, default 95), no CPU limit; memory request = limit = peak working set plus
/// `memory_buffer_percentage`. Takes the `KRRSettings` parameters as well.
public final class KRRSimplePolicy: KRRPolicy, CataloguedPolicy {
    public static let parameterNames = ["cpu-percentile"] + KRRSettings.parameterNames

    override public init(spec: PolicySpec, parameters: Parameters) {
        super.init(spec: spec, parameters: parameters)
    }

    public static func parameters(of spec: PolicySpec) throws -> Parameters {
        let percentile = try KRRPolicy.percentile(spec, "cpu-percentile", default: 95)
        return Parameters(settings: try KRRSettings(spec), cpuRule: .perPodPercentile(percentile))
    }
}

/// `krr-simple-limit`, Robusta KRR's `simple_limit` strategy: CPU request and limit at percentiles
/// of all pods' samples pooled (`cpu_request`, default 66; `cpu_limit`, default 96); memory as
/// `krr-simple`. Takes the `KRRSettings` parameters as well. A request percentile above the limit
/// percentile is not rejected (KRR does not either); Kubernetes' rule lowers the request to the limit.
public final class KRRSimpleLimitPolicy: KRRPolicy, CataloguedPolicy {
    public static let parameterNames = ["cpu-request", "cpu-limit"] + KRRSettings.parameterNames

    override public init(spec: PolicySpec, parameters: Parameters) {
        super.init(spec: spec, parameters: parameters)
    }

    public static func parameters(of spec: PolicySpec) throws -> Parameters {
        let request = try KRRPolicy.percentile(spec, "cpu-request", default: 66)
        let limit = try KRRPolicy.percentile(spec, "cpu-limit", default: 96)
        return Parameters(settings: try KRRSettings(spec), cpuRule: .pooledPercentiles(request: request, limit: limit))
    }
}

extension KRRPolicy {
    /// A percentile setting: above 0 and at most 100, as KRR validates it.
    static func percentile(_ spec: PolicySpec, _ key: String, default fallback: Double) throws -> Double {
        let value = try spec.number(key, default: fallback, in: 0...100)
        guard value > 0 else {
            throw PolicyError(
                "policy \(spec.name): \(key) must be above 0 and at most 100, found \"\(spec[key] ?? "0")\"")
        }
        return value
    }
}

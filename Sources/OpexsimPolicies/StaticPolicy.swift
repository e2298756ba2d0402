import OpexsimTraces

/// `static`: fixed settings. Without parameters, the settings the trace recorded (the baseline of
/// every comparison); with `cpu-request`, `cpu-limit`, `memory-request`, `memory-limit` (quantities,
/// or `none` to remove), those fields replace the recorded ones from the start of the replay.
public final class StaticPolicy: CataloguedPolicy {
    public let spec: PolicySpec
    public let override: SettingsOverride
    private var start: TraceInstant = 0

    public static let parameterNames = ["cpu-request", "cpu-limit", "memory-request", "memory-limit"]

    public init(spec: PolicySpec, parameters: SettingsOverride) {
        self.spec = spec
        override = parameters
    }

    /// The override the spec gives; a limit below its request is an error.
    public static func parameters(of spec: PolicySpec) throws -> SettingsOverride {
        func field(_ key: String) throws -> SettingsOverride.Field {
            guard let text = spec[key] else { return .recorded }
            if ["none", "unset", "-"].contains(text.lowercased()) { return .unset }
            guard let value = try spec.quantity(key, default: nil, cores: key.hasPrefix("cpu")) else {
                return .recorded
            }
            return .value(value)
        }
        let override = SettingsOverride(
            cpuRequest: try field("cpu-request"), cpuLimit: try field("cpu-limit"),
            memoryRequest: try field("memory-request"), memoryLimit: try field("memory-limit"))
        if case .value(let request) = override.cpuRequest, case .value(let limit) = override.cpuLimit, limit < request {
            throw PolicyError(
                "policy static: cpu-limit \(Quantity.formatCPU(limit)) is below cpu-request \(Quantity.formatCPU(request))"
            )
        }
        if case .value(let request) = override.memoryRequest, case .value(let limit) = override.memoryLimit,
            limit < request
        {
            throw PolicyError(
                "policy static: memory-limit \(Quantity.formatMemory(limit)) is below memory-request \(Quantity.formatMemory(request))"
            )
        }
        return override
    }

    /// True when this is the recorded baseline.
    public var isRecorded: Bool { override == .recorded }

    public func prepare(_ context: PolicyContext) { start = context.start }

    public func nextTick(after time: TraceInstant) -> TraceInstant? {
        isRecorded || time >= start ? nil : start
    }

    public func tick(at time: TraceInstant, cluster: any ClusterView) -> [PolicyAction] {
        cluster.trace.containers.indices.map { .apply(container: $0, override) }
    }

    public func recommendations(at time: TraceInstant, cluster: any ClusterView) -> [ContainerRecommendation] {
        cluster.trace.containers.indices.map { container in
            let settings = override.applied(to: cluster.recordedSettings(ofContainer: container))
            return ContainerRecommendation(
                containerIndex: container,
                target: ResourceAmounts(cpuCores: settings.cpuRequest, memoryBytes: settings.memoryRequest),
                settings: settings)
        }
    }
}

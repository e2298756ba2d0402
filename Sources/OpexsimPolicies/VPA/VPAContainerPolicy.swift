import OpexsimTraces

/// One entry of `spec.resourcePolicy.containerPolicies`: which container (`*` for all), whether the
/// VPA controls it, the bounds of its recommendation and what it sets.
public struct VPAContainerPolicy: Sendable, Equatable {
    public var containerName: String
    /// `mode: Off` removes the container from the VPA's control.
    public var isOff: Bool
    public var minAllowed: ResourceAmounts?
    public var maxAllowed: ResourceAmounts?
    public var controlledValues: VPAControlledValues
    /// `controlledResources`, default both.
    public var controlsCPU: Bool
    public var controlsMemory: Bool

    public init(
        containerName: String = "*", isOff: Bool = false, minAllowed: ResourceAmounts? = nil,
        maxAllowed: ResourceAmounts? = nil,
        controlledValues: VPAControlledValues = .requestsAndLimits, controlsCPU: Bool = true,
        controlsMemory: Bool = true
    ) {
        self.containerName = containerName
        self.isOff = isOff
        self.minAllowed = minAllowed
        self.maxAllowed = maxAllowed
        self.controlledValues = controlledValues
        self.controlsCPU = controlsCPU
        self.controlsMemory = controlsMemory
    }

    /// The policy for a container: its own entry, else the `*` entry, else the defaults.
    public static func matching(_ container: String, in policies: [VPAContainerPolicy]) -> VPAContainerPolicy {
        policies.first { $0.containerName == container } ?? policies.first { $0.containerName == "*" }
            ?? VPAContainerPolicy()
    }

    /// Clamps an amount to `minAllowed` and `maxAllowed` (`applyVPAPolicyForContainer`, capping.go).
    public func capped(_ amounts: ResourceAmounts) -> ResourceAmounts {
        func clamp(_ value: Double?, _ low: Double?, _ high: Double?) -> Double? {
            guard var value else { return nil }
            if let low { value = max(value, low) }
            if let high { value = min(value, high) }
            return value
        }
        return ResourceAmounts(
            cpuCores: clamp(amounts.cpuCores, minAllowed?.cpuCores, maxAllowed?.cpuCores),
            memoryBytes: clamp(amounts.memoryBytes, minAllowed?.memoryBytes, maxAllowed?.memoryBytes))
    }
}

/// What the admission controller writes into a container (`limit_and_request_scaling.go`,
/// `capping.go`): requests from the target; limits in proportion (RequestsAndLimits) or unchanged
/// with the request capped at the limit (RequestsOnly).
public enum VPAResourceWriter {
    /// The settings of a container whose original spec is `original`, given the (capped) target.
    public static func settings(original: ResourceSettings, target: ResourceAmounts, policy: VPAContainerPolicy)
        -> SettingsOverride
    {
        var override = SettingsOverride.recorded
        if policy.controlsCPU, let cpu = target.cpuCores {
            let (request, limit) = write(
                request: cpu, originalRequest: original.cpuRequest, originalLimit: original.cpuLimit,
                policy: policy, unit: 1000)
            override.cpuRequest = .value(request)
            override.cpuLimit = limit
        }
        if policy.controlsMemory, let memory = target.memoryBytes {
            let (request, limit) = write(
                request: memory, originalRequest: original.memoryRequest, originalLimit: original.memoryLimit,
                policy: policy, unit: 1)
            override.memoryRequest = .value(request)
            override.memoryLimit = limit
        }
        return override
    }

    /// Request and limit for one resource, in integer units (`unit` per core or byte) as upstream.
    static func write(
        request: Double, originalRequest: Double?, originalLimit: Double?, policy: VPAContainerPolicy,
        unit: Double
    ) -> (Double, SettingsOverride.Field) {
        switch policy.controlledValues {
        case .requestsOnly:
            let capped = originalLimit.map { min(request, $0) } ?? request
            return (capped, .recorded)
        case .requestsAndLimits:
            guard let originalLimit else { return (request, .unset) }
            guard let originalRequest, originalRequest > 0 else { return (request, .value(request)) }
            if originalLimit == originalRequest { return (request, .value(request)) }
            // GetProportionalLimit: int64 arithmetic, truncating (millicores for CPU, bytes for
            // memory); an overflow gives MaxInt64, as upstream.
            let limitUnits = Int64((originalLimit * unit).rounded()),
                requestUnits = Int64((originalRequest * unit).rounded())
            let newUnits = Int64((request * unit).rounded())
            let (product, overflow) = limitUnits.multipliedReportingOverflow(by: newUnits)
            let scaled = overflow || requestUnits == 0 ? Int64.max : product / requestUnits
            return (request, .value(Double(scaled) / unit))
        }
    }
}

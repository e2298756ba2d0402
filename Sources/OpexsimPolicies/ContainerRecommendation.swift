import OpexsimTraces

/// CPU and memory amounts, either of which may be unknown.
public struct ResourceAmounts: Sendable, Equatable {
    public var cpuCores: Double?
    public var memoryBytes: Double?
    public init(cpuCores: Double?, memoryBytes: Double?) {
        self.cpuCores = cpuCores
        self.memoryBytes = memoryBytes
    }
}

/// What a policy recommends for one container.
public struct ContainerRecommendation: Sendable, Equatable {
    /// Index into `Trace.containers`.
    public var containerIndex: Int
    public var target: ResourceAmounts
    public var lowerBound: ResourceAmounts?
    public var upperBound: ResourceAmounts?
    /// The requests and limits the policy would set.
    public var settings: ResourceSettings

    public init(
        containerIndex: Int, target: ResourceAmounts, lowerBound: ResourceAmounts? = nil,
        upperBound: ResourceAmounts? = nil, settings: ResourceSettings
    ) {
        self.containerIndex = containerIndex
        self.target = target
        self.lowerBound = lowerBound
        self.upperBound = upperBound
        self.settings = settings
    }
}

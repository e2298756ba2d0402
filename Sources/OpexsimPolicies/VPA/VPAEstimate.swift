/// A container's recommendation as the recommender computes it (`RecommendedContainerResources`),
/// before policy capping: target, lower bound and upper bound.
public struct VPAEstimate: Sendable, Equatable {
    /// CPU and memory in the recommender's integer units.
    public struct Amounts: Sendable, Equatable {
        /// Whole millicores.
        public var cpuMillicores: Int64
        /// Whole bytes.
        public var memoryBytes: Int64

        /// Amounts in millicores and bytes.
        public init(cpuMillicores: Int64, memoryBytes: Int64) {
            self.cpuMillicores = cpuMillicores
            self.memoryBytes = memoryBytes
        }

        /// CPU in cores.
        public var cpuCores: Double { Double(cpuMillicores) / 1000.0 }

        /// As cores and bytes for the rest of opexsim.
        public var resourceAmounts: ResourceAmounts {
            ResourceAmounts(cpuCores: cpuCores, memoryBytes: Double(memoryBytes))
        }
    }

    /// The recommended request.
    public var target: Amounts
    /// Below this the updater considers a request too small.
    public var lowerBound: Amounts
    /// Above this the updater considers a request too large.
    public var upperBound: Amounts
    /// The CPU bounds' confidence: days of CPU history, or CPU samples ÷ 1440 if fewer.
    public var cpuConfidence: Double
    /// The memory bounds' confidence (the same unless the confidence intervals differ).
    public var memoryConfidence: Double

    /// An estimate from its parts.
    public init(
        target: Amounts, lowerBound: Amounts, upperBound: Amounts, cpuConfidence: Double, memoryConfidence: Double
    ) {
        self.target = target
        self.lowerBound = lowerBound
        self.upperBound = upperBound
        self.cpuConfidence = cpuConfidence
        self.memoryConfidence = memoryConfidence
    }
}

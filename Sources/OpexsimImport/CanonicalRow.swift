import OpexsimTraces

/// One sample of the canonical trace, as an importer produces it.
public struct CanonicalRow: Sendable, Equatable {
    /// End of the sample interval.
    public var time: TraceInstant
    public var namespace: String
    public var workload: String
    public var container: String
    public var pod: String
    public var cpuCores: Double
    /// Working set; nil when the source does not record memory.
    public var memoryBytes: Double?
    public var settings: ResourceSettings
    public var node: String?
    public var team: String?
    /// Observed share of CFS periods throttled, where known.
    public var throttledRatio: Double?
    /// True where an OOM kill was recorded, nil where the source cannot say.
    public var oomKilled: Bool?
    /// Values at the sink's CPU percentile levels, cores (NaN where unknown).
    public var cpuPercentiles: [Double]
    /// The pod's labels and annotations, where the source records them.
    public var labels: LabelSet?
    public var annotations: LabelSet?

    public init(
        time: TraceInstant, namespace: String, workload: String, container: String, pod: String,
        cpuCores: Double, memoryBytes: Double?, settings: ResourceSettings = .unset, node: String? = nil,
        team: String? = nil, throttledRatio: Double? = nil, oomKilled: Bool? = nil, cpuPercentiles: [Double] = [],
        labels: LabelSet? = nil, annotations: LabelSet? = nil
    ) {
        self.time = time
        self.namespace = namespace
        self.workload = workload
        self.container = container
        self.pod = pod
        self.cpuCores = cpuCores
        self.memoryBytes = memoryBytes
        self.settings = settings
        self.node = node
        self.team = team
        self.throttledRatio = throttledRatio
        self.oomKilled = oomKilled
        self.cpuPercentiles = cpuPercentiles
        self.labels = labels
        self.annotations = annotations
    }
}

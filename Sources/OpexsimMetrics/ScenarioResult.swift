import OpexsimPolicies
import OpexsimTraces

/// What one scenario's replay produced, before pricing and summaries.
public struct ScenarioResult: Sendable {
    /// The policy as written.
    public var policy: PolicySpec
    /// Per series, inside the evaluation window.
    public var metrics: [SeriesMetrics]
    /// The settings in effect for each series when its samples ended.
    public var finalSettings: [ResourceSettings]
    /// Cumulative allocation at each billing boundary (and at the end).
    public var costTimeline: [CostPoint]
    /// Samples throttled under each burst model.
    public var burstModelSamples: [BurstModelKind: Int]
    /// Settings changes the policy made (per container, or per container of a pod).
    public var settingsChanges: Int
    /// Pod evictions and in-place resizes the policy made inside the evaluation window.
    public var evictions: Int
    public var resizes: Int
    /// What the policy said about how it behaved.
    public var notes: [String]
    /// The policy's recommendations at the end of the trace, when the engine collected them.
    public var recommendations: [ContainerRecommendation]
    /// The node pools, when the pricing has them.
    public var capacity: CapacityOutcome?
    /// The injected failures, in time order, and what could not be placed.
    public var incidents: [Incident] = []
    public var failureNotes: [String] = []

    public init(
        policy: PolicySpec, metrics: [SeriesMetrics], finalSettings: [ResourceSettings], costTimeline: [CostPoint],
        burstModelSamples: [BurstModelKind: Int], settingsChanges: Int, evictions: Int, resizes: Int, notes: [String],
        recommendations: [ContainerRecommendation], capacity: CapacityOutcome?, incidents: [Incident] = [],
        failureNotes: [String] = []
    ) {
        self.policy = policy
        self.metrics = metrics
        self.finalSettings = finalSettings
        self.costTimeline = costTimeline
        self.burstModelSamples = burstModelSamples
        self.settingsChanges = settingsChanges
        self.evictions = evictions
        self.resizes = resizes
        self.notes = notes
        self.recommendations = recommendations
        self.capacity = capacity
        self.incidents = incidents
        self.failureNotes = failureNotes
    }
}

/// Cumulative cost of a scenario at an instant (dollars): allocations, and with node pools the
/// nodes and the allocations of pods no pool could hold.
public struct CostPoint: Sendable, Equatable {
    public var time: TraceInstant
    public var cpuCostUSD: Double
    public var memoryCostUSD: Double
    public var nodeCostUSD = 0.0
    public var unplacedUSD = 0.0

    public init(
        time: TraceInstant, cpuCostUSD: Double, memoryCostUSD: Double, nodeCostUSD: Double = 0.0,
        unplacedUSD: Double = 0.0
    ) {
        self.time = time
        self.cpuCostUSD = cpuCostUSD
        self.memoryCostUSD = memoryCostUSD
        self.nodeCostUSD = nodeCostUSD
        self.unplacedUSD = unplacedUSD
    }
}

extension ScenarioResult {
    /// Frees the per-series metrics and final settings, once a summary holds what reports need.
    public mutating func dropSeriesTables() {
        metrics = []
        finalSettings = []
    }
}

import OpexsimPricing
import OpexsimTraces

/// The figures of one scenario, priced and aggregated: the `opexsim.report/v1` scenario.
public struct ScenarioSummary: Sendable {
    /// The scenario: its policy, and whether it is the baseline.
    public var scenario: Scenario
    public var pricing: String
    /// 1 = best, after ranking; 0 for a scenario not ranked (the baseline when not listed).
    public var rank = 0
    /// What the scenario costs: the allocations (OpenCost) without node pools; with node pools, the
    /// nodes (plus any pod no pool could hold, at the flat rates).
    public var totalCostUSD = 0.0
    public var perMonthUSD = 0.0
    /// The allocations: max(request, usage) priced at the rates of the nodes they ran on.
    public var allocationCostUSD = 0.0
    public var cpuCostUSD = 0.0
    public var memoryCostUSD = 0.0
    /// What the nodes cost; nil without node pools.
    public var nodeCostUSD: Double?
    /// Node cost not allocated to workloads (zero without node pools).
    public var idleUSD = 0.0
    /// The change in cost against the baseline (positive = dearer, negative = a saving): in total,
    /// in allocations, and in nodes (nil without node pools).
    public var costChangeUSD = 0.0
    public var allocationCostChangeUSD = 0.0
    public var nodeCostChangeUSD: Double?
    /// Showback: cost per team (the trace's `team`, else the namespace), namespace and workload
    /// ("namespace/workload"), largest first; with unshared idle cost, an `__idle__` line.
    public var byTeam: [CostShare] = []
    public var byNamespace: [CostShare] = []
    public var byWorkload: [CostShare] = []
    /// The node pools, when the pricing has them.
    public var capacity: CapacitySummary?
    /// CPU demand nodes could not serve under contention.
    public var cpuContendedCoreHours = 0.0
    public var slackCPUCoreHours = 0.0
    public var slackMemoryGiBHours = 0.0
    /// Throttled CFS periods among runnable ones, over all containers with a CPU limit.
    public var throttledRatio = 0.0
    public var throttleHighContainers = 0
    /// Containers their node starved (`CPUContentionHighRule`).
    public var contentionHighContainers = 0
    public var oomKills = 0
    public var evictions = 0
    public var restarts = 0
    /// Container downtimes (crash loops) in the window.
    public var incidents = 0
    public var mttrSeconds = 0.0
    public var maxRecoverySeconds = 0.0
    /// Time with at least one ready replica over observed time, over all workloads.
    public var availabilityRatio = 1.0
    /// Disasters (namespace deletions): the worst recovery point (state lost, from the backup used)
    /// and recovery time (until all pods run again); nil without a disaster, or when no backup could
    /// restore (RPO) or nothing came back (RTO).
    public var rpoSeconds: Double?
    public var rtoSeconds: Double?
    /// Persistent volume data lost in disasters (volumes not in the backup).
    public var volumeBytesLost = 0.0
    /// The distribution of each figure over Monte Carlo runs (nil for a single run); the figures
    /// above are then means.
    public var monteCarlo: MonteCarloSummary?
    /// CPU demand not served because a container was down, and held back by limits.
    public var cpuLostCoreHours = 0.0
    public var cpuThrottledCoreHours = 0.0
    public var containers: [ContainerSummary] = []
    /// Every container in each of its replicas, container by container: those of a container are
    /// `replicas[container.replicas]`.
    public var replicas: [SeriesSummary] = []
    /// Cost accumulated by the end of each day of the window.
    public var dailyCostUSD: [DailyCost] = []
    /// The failures injected, as the (first) run lived them, in time order.
    public var incidentTimeline: [Incident] = []
    /// What the policy said about how it behaved.
    public var policyNotes: [String] = []
    /// Samples throttled under each burst model.
    public var burstModelSamples: [BurstModelKind: Int] = [:]
    /// Settings changes the policy made, and in-place resizes inside the window.
    public var settingsChanges = 0
    public var inPlaceResizes = 0

    public init(scenario: Scenario, pricing: String) {
        self.scenario = scenario
        self.pricing = pricing
    }

    /// Whether it is safe to deploy, and why not (set when the scenarios are scored).
    public var verdict = ScenarioVerdict()
    /// Why it ranks where it does against the scenario above it (set when the scenarios are scored).
    public var rankReason = RankReason.unsafe
    /// On the Pareto front of the listed scenarios over cost, risk and recovery (`ScenarioPareto`).
    public var pareto = false
    /// For the per-workload mix scenario: the policy each workload took and why (empty otherwise).
    public var choices: [MixChoice] = []

    /// True when the scenario has no OOM kill, no container with CPUThrottlingHigh or starved by its
    /// node, and no node-pressure eviction.
    public var isSafe: Bool {
        oomKills == 0 && starvedContainers == 0 && (capacity?.nodePressureEvictions ?? 0) == 0
    }

    /// Containers short of CPU: CPUThrottlingHigh, or starved by their node.
    public var starvedContainers: Int { throttleHighContainers + contentionHighContainers }

    /// CPU demand not served: held back by limits, by crowded nodes, or lost while down.
    public var unservedCPUCoreHours: Double { cpuThrottledCoreHours + cpuContendedCoreHours + cpuLostCoreHours }
}

/// A team's, namespace's or workload's share of a scenario's cost.
public struct CostShare: Sendable, Equatable {
    public var name: String
    public var totalUSD: Double
    public var shareRatio: Double
    /// Slack (request not used) of its containers.
    public var slackCPUCoreHours: Double
    public var slackMemoryGiBHours: Double

    /// OpenCost's name for unallocated node cost.
    public static let idleName = "__idle__"
}

/// Cost of one day of the evaluation window.
public struct DailyCost: Sendable, Equatable {
    /// Start of the day (UTC midnight or the window start).
    public var day: TraceInstant
    public var costUSD: Double
}

/// One container of a workload over all its replicas. Counts and indices are kept in 32 bits and
/// optional figures as NaN (a million containers each take 224 bytes); the API reads them as `Int`
/// and `Double?`.
public struct ContainerSummary: Sendable {
    /// The trace's names (shared by every container of a summary) and the ids of this container's.
    let names: SummaryNames
    let namespaceID: Int32, workloadID: Int32, nameID: Int32, teamID: Int32
    public var namespace: String { names.table[namespaceID] }
    public var workload: String { names.table[workloadID] }
    public var name: String { names.table[nameID] }
    public var team: String { names.table[teamID] }
    /// Settings in effect at the end (those of the latest replica).
    public var settings: ResourceSettings
    /// Allocation cost (CPU plus memory) plus any idle cost shared to it.
    public var costUSD: Double
    public var cpuCostUSD: Double
    public var memoryCostUSD: Double
    public var idleShareUSD = 0.0
    public var throttledRatio: Double
    /// Availability of the workload the container belongs to.
    public var availabilityRatio: Double
    /// Mean running share of its replicas.
    public var readyRatio: Double
    /// The mean and longest length of its downtimes (`incidents`).
    public var mttrSeconds = 0.0
    public var maxRecoverySeconds = 0.0
    public var slackCPUCoreHours: Double
    public var slackMemoryGiBHours: Double
    /// Mean CPU used and working set while running, cores and bytes (NaN if never recorded).
    public var meanCPUCores: Double
    public var meanMemoryBytes: Double
    public var cpuThrottledCoreHours: Double
    public var cpuLostCoreHours: Double
    private var rpo = Double.nan
    private var rto = Double.nan
    // The 32-bit counts and indices side by side, then the flags: no padding between them.
    /// Index into `Trace.containers`.
    @Int32Backed public var containerIndex: Int
    @Int32Backed public var replicaCount: Int
    @Int32Backed public var oomKills: Int
    @Int32Backed public var restarts: Int
    /// Container downtimes (crashes, failures) in the window.
    @Int32Backed public var incidents = 0
    /// The bounds of `replicas`.
    @Int32Backed private var replicaStart = 0
    @Int32Backed private var replicaEnd = 0
    public var throttleHigh: Bool
    /// Its node starved it (`CPUContentionHighRule`).
    public var contentionHigh = false
    /// The trace recorded its working set at its memory limit or an OOM kill: under a higher limit its
    /// OOM kills are a lower bound (the demand past the old limit is unknown).
    public var memoryCensored = false
    /// The trace recorded no request and no limit for it (BestEffort).
    public var recordedBestEffort = false

    /// Where the container in each of its replicas (pods) is in `ScenarioSummary.replicas`.
    public var replicas: Range<Int> {
        get { replicaStart..<replicaEnd }
        set { (replicaStart, replicaEnd) = (newValue.lowerBound, newValue.upperBound) }
    }
    /// Where its namespace was deleted and restored: the state lost (RPO) and the time until every
    /// replica of the container ran again (RTO), seconds, the largest over such disasters; nil
    /// otherwise, and RTO nil while not back by the end.
    public var rpoSeconds: Double? {
        get { rpo.isNaN ? nil : rpo }
        set { rpo = newValue ?? .nan }
    }
    public var rtoSeconds: Double? {
        get { rto.isNaN ? nil : rto }
        set { rto = newValue ?? .nan }
    }

    /// A container named by ids into `names`; figures not given start at zero (or none).
    init(
        containerIndex: Int, names: SummaryNames, namespaceID: Int32, workloadID: Int32, nameID: Int32,
        teamID: Int32, replicaCount: Int, settings: ResourceSettings, costUSD: Double, cpuCostUSD: Double,
        memoryCostUSD: Double, throttledRatio: Double, throttleHigh: Bool, oomKills: Int, restarts: Int,
        availabilityRatio: Double, readyRatio: Double, slackCPUCoreHours: Double, slackMemoryGiBHours: Double,
        meanCPUCores: Double, meanMemoryBytes: Double, cpuThrottledCoreHours: Double, cpuLostCoreHours: Double
    ) {
        self.containerIndex = containerIndex
        self.names = names
        (self.namespaceID, self.workloadID, self.nameID, self.teamID) = (namespaceID, workloadID, nameID, teamID)
        self.replicaCount = replicaCount
        self.settings = settings
        (self.costUSD, self.cpuCostUSD, self.memoryCostUSD) = (costUSD, cpuCostUSD, memoryCostUSD)
        (self.throttledRatio, self.throttleHigh) = (throttledRatio, throttleHigh)
        (self.oomKills, self.restarts) = (oomKills, restarts)
        (self.availabilityRatio, self.readyRatio) = (availabilityRatio, readyRatio)
        (self.slackCPUCoreHours, self.slackMemoryGiBHours) = (slackCPUCoreHours, slackMemoryGiBHours)
        (self.meanCPUCores, self.meanMemoryBytes) = (meanCPUCores, meanMemoryBytes)
        (self.cpuThrottledCoreHours, self.cpuLostCoreHours) = (cpuThrottledCoreHours, cpuLostCoreHours)
    }

    /// A container named by strings (a table of its own four names).
    init(
        containerIndex: Int, namespace: String, workload: String, name: String, team: String, replicaCount: Int,
        settings: ResourceSettings, costUSD: Double, cpuCostUSD: Double, memoryCostUSD: Double,
        throttledRatio: Double, throttleHigh: Bool, oomKills: Int, restarts: Int, availabilityRatio: Double,
        readyRatio: Double, slackCPUCoreHours: Double, slackMemoryGiBHours: Double, meanCPUCores: Double,
        meanMemoryBytes: Double, cpuThrottledCoreHours: Double, cpuLostCoreHours: Double
    ) {
        var table = NameTable()
        let ids = [namespace, workload, name, team].map { table.intern($0) }
        self.init(
            containerIndex: containerIndex, names: SummaryNames(table.droppingLookup()), namespaceID: ids[0],
            workloadID: ids[1], nameID: ids[2], teamID: ids[3], replicaCount: replicaCount, settings: settings,
            costUSD: costUSD, cpuCostUSD: cpuCostUSD, memoryCostUSD: memoryCostUSD, throttledRatio: throttledRatio,
            throttleHigh: throttleHigh, oomKills: oomKills, restarts: restarts, availabilityRatio: availabilityRatio,
            readyRatio: readyRatio, slackCPUCoreHours: slackCPUCoreHours, slackMemoryGiBHours: slackMemoryGiBHours,
            meanCPUCores: meanCPUCores, meanMemoryBytes: meanMemoryBytes, cpuThrottledCoreHours: cpuThrottledCoreHours,
            cpuLostCoreHours: cpuLostCoreHours)
    }
}

/// One series: the container in one replica (pod).
public struct SeriesSummary: Sendable {
    /// Running time over observed time.
    public var readyRatio: Double
    public var throttledRatio: Double
    /// Demand held back by the CPU limit, and lost while down, core-seconds.
    public var cpuThrottledCoreSeconds: Double
    public var cpuLostCoreSeconds: Double
    // The 32-bit index and counts side by side, then the flags: no padding between them.
    /// Index into `Trace.series` (its pod and node are the trace's).
    @Int32Backed public var seriesIndex: Int
    @Int32Backed public var oomKills: Int
    @Int32Backed public var restarts: Int
    public var throttleHigh: Bool
    /// Its node starved it (`CPUContentionHighRule`).
    public var contentionHigh = false

    public init(
        seriesIndex: Int, readyRatio: Double, throttledRatio: Double, cpuThrottledCoreSeconds: Double,
        cpuLostCoreSeconds: Double, oomKills: Int, restarts: Int, throttleHigh: Bool
    ) {
        self.seriesIndex = seriesIndex
        (self.readyRatio, self.throttledRatio) = (readyRatio, throttledRatio)
        (self.cpuThrottledCoreSeconds, self.cpuLostCoreSeconds) = (cpuThrottledCoreSeconds, cpuLostCoreSeconds)
        (self.oomKills, self.restarts) = (oomKills, restarts)
        self.throttleHigh = throttleHigh
    }
}

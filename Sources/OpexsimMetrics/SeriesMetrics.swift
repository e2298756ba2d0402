import OpexsimTraces

/// What the replay measured for one series (one container of one replica) inside the evaluation
/// window. Time in seconds, CPU in core-seconds, memory in byte-seconds.
public struct SeriesMetrics: Sendable, Equatable {
    /// Time the series had data.
    public var observedSeconds = 0.0
    /// Time the container was running.
    public var upSeconds = 0.0
    /// CPU the trace says the workload wanted.
    public var cpuDemandCoreSeconds = 0.0
    /// CPU the container got.
    public var cpuUsedCoreSeconds = 0.0
    /// Demand held back by the CPU limit (CFS throttling), deferred or lost. Under the recorded limit
    /// it comes on top of the recorded usage (demand the recording could not see).
    public var cpuThrottledCoreSeconds = 0.0
    /// Demand that arrived while the container was down.
    public var cpuLostCoreSeconds = 0.0
    /// Demand the node could not serve because its pods wanted more CPU than it has: under
    /// contention CPU is shared in proportion to requests (`cpu.shares`), limits or not.
    public var cpuContendedCoreSeconds = 0.0
    /// CFS periods (100 ms) in which the container was runnable, and those throttled.
    public var runnablePeriods = 0.0
    public var throttledPeriods = 0.0
    /// OpenCost allocation: max(request, usage) over time.
    public var cpuAllocatedCoreSeconds = 0.0
    public var memoryAllocatedByteSeconds = 0.0
    /// The allocation priced at the rates of the node the replica ran on (dollars).
    public var cpuCostUSD = 0.0
    public var memoryCostUSD = 0.0
    /// Requests over time.
    public var cpuRequestCoreSeconds = 0.0
    public var memoryRequestByteSeconds = 0.0
    /// Request not used: max(request − usage, 0) over time.
    public var cpuSlackCoreSeconds = 0.0
    public var memorySlackByteSeconds = 0.0
    /// Working set over the running time where it was recorded.
    public var memoryUsedByteSeconds = 0.0
    /// Time with a recorded working set.
    public var memoryObservedSeconds = 0.0
    // The counts in 32 bits, side by side (a count never exceeds a series' samples).
    @Int32Backed public var oomKills = 0
    @Int32Backed public var restarts = 0
    /// Evictions of this series' pod (its replacement counts as a disruption, not a restart), and
    /// those of them the kubelet made under node memory pressure.
    @Int32Backed public var evictions = 0
    @Int32Backed public var nodePressureEvictions = 0
    /// How long CPUThrottlingHigh fired for this container, and how long its node starved it
    /// (`CPUContentionHighRule`).
    public var throttleHighSeconds = 0.0
    public var contentionHighSeconds = 0.0
    /// Spans when the container was down (crash loop, restarts), clipped to the window.
    public var downSpans: [TimeSpan] = []
    // The flags last, side by side: no padding between them.
    /// True when CPUThrottlingHigh fired for this container.
    public var throttleHigh = false
    /// The node starved the container.
    public var contentionHigh = false

    public init() {}

    /// Adds another replica's figures (down spans are not merged).
    public mutating func add(_ other: SeriesMetrics) {
        observedSeconds += other.observedSeconds
        upSeconds += other.upSeconds
        cpuDemandCoreSeconds += other.cpuDemandCoreSeconds
        cpuUsedCoreSeconds += other.cpuUsedCoreSeconds
        cpuThrottledCoreSeconds += other.cpuThrottledCoreSeconds
        cpuLostCoreSeconds += other.cpuLostCoreSeconds
        cpuContendedCoreSeconds += other.cpuContendedCoreSeconds
        runnablePeriods += other.runnablePeriods
        throttledPeriods += other.throttledPeriods
        cpuAllocatedCoreSeconds += other.cpuAllocatedCoreSeconds
        memoryAllocatedByteSeconds += other.memoryAllocatedByteSeconds
        cpuCostUSD += other.cpuCostUSD
        memoryCostUSD += other.memoryCostUSD
        cpuRequestCoreSeconds += other.cpuRequestCoreSeconds
        memoryRequestByteSeconds += other.memoryRequestByteSeconds
        cpuSlackCoreSeconds += other.cpuSlackCoreSeconds
        memorySlackByteSeconds += other.memorySlackByteSeconds
        memoryUsedByteSeconds += other.memoryUsedByteSeconds
        memoryObservedSeconds += other.memoryObservedSeconds
        oomKills += other.oomKills
        restarts += other.restarts
        evictions += other.evictions
        nodePressureEvictions += other.nodePressureEvictions
        throttleHigh = throttleHigh || other.throttleHigh
        throttleHighSeconds += other.throttleHighSeconds
        contentionHigh = contentionHigh || other.contentionHigh
        contentionHighSeconds += other.contentionHighSeconds
    }

    /// Throttled periods among runnable periods (0 when never runnable).
    public var throttledRatio: Double { runnablePeriods > 0 ? throttledPeriods / runnablePeriods : 0 }
}

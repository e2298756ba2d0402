import OpexsimTraces

/// The replay's state as policies may read it at a tick.
public protocol ClusterView {
    var trace: Trace { get }
    /// The settings in effect for a series now.
    func settings(ofSeries series: Int) -> ResourceSettings
    /// The settings the trace recorded at the series' latest replayed sample (its first if none).
    func recordedSettings(ofSeries series: Int) -> ResourceSettings
    /// True when the series has replayed at least one sample and has samples left.
    func isLive(series: Int) -> Bool
    /// The lifecycle of a series' container and pod now.
    func status(ofSeries series: Int) -> SeriesStatus
}

/// What the updater of an autoscaler sees of one series (one container of a running pod).
public struct SeriesStatus: Sendable, Equatable {
    /// The series has started and has samples left.
    public var isLive: Bool
    /// The container is running now (not crashed, not stopped).
    public var isRunning: Bool
    /// The pod is being replaced after an eviction (the replacement is Pending).
    public var isPending: Bool
    /// When the current pod was created (its first interval's start, or its re-creation).
    public var podStartedAt: TraceInstant
    /// When the container was last OOM-killed in this pod, and how long it had run before.
    public var lastOOMKill: TraceInstant?
    public var lastOOMRunningFor: Int64?
    /// The latest working set seen, bytes (NaN when unknown).
    public var workingSet: Double

    public init(
        isLive: Bool, isRunning: Bool, isPending: Bool = false, podStartedAt: TraceInstant, lastOOMKill: TraceInstant?,
        lastOOMRunningFor: Int64?, workingSet: Double
    ) {
        self.isLive = isLive
        self.isRunning = isRunning
        self.isPending = isPending
        self.podStartedAt = podStartedAt
        self.lastOOMKill = lastOOMKill
        self.lastOOMRunningFor = lastOOMRunningFor
        self.workingSet = workingSet
    }
}

extension ClusterView {
    /// The recorded settings of a container: those of its latest live replica, else its first.
    public func recordedSettings(ofContainer container: Int) -> ResourceSettings {
        let series = trace.containers[container].series
        let live = series.last { isLive(series: $0) } ?? series[0]
        return recordedSettings(ofSeries: live)
    }

    /// The settings in effect for a container: those of its latest live replica, else its first.
    public func settings(ofContainer container: Int) -> ResourceSettings {
        let series = trace.containers[container].series
        let live = series.last { isLive(series: $0) } ?? series[0]
        return settings(ofSeries: live)
    }
}

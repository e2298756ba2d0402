import OpexsimMetrics
import OpexsimTraces

/// The replay state of one series (one container of one pod): where its sample stream is, the
/// settings in force, and the container's lifecycle (running, or down until a restart).
struct SeriesState {
    /// Next sample to replay, and one past the last.
    var cursor: Int
    let end: Int
    /// End time of the previous sample, or `.min` before the first.
    var previousTime: TraceInstant = .min
    /// Start of the current stretch of data (after the latest gap).
    var segmentStart: TraceInstant = .min
    var settings = SettingsInForce()
    // The flags right after the settings, in the bytes their last field leaves.
    var isUp = true
    /// The pending restart brings up a replacement pod (after an eviction), not the same container.
    var recreating = false
    /// Extra demand (a StressChaos) reaches this container at some point (`ReplayEngine.extraDemand`).
    var hasExtraDemand = false
    var upSince: TraceInstant = .min
    var downStart: TraceInstant = .max
    /// The pending restart, `.max` when none.
    var restartAt: TraceInstant = .max
    var backoff = CrashLoopBackOff()
    var detector = CPUThrottlingHighDetector()
    /// Finished down spans (unclipped).
    var downSpans: [TimeSpan] = []
    /// Creation of the current pod; its container's last OOM kill (`lastOOMKill`).
    var podStartedAt: TraceInstant = .min
    private var oomKillTime: TraceInstant = .min
    private var oomKillRunningFor: Int64 = 0
    /// The latest sample, as the engine and the node checks read it.
    var last = LastSample()

    init(range: Range<Int>) {
        cursor = range.lowerBound
        end = range.upperBound
    }

    /// Its container's last OOM kill in the current pod: when, and how long it had run (nil: none).
    /// Held as a time with `.min` for none: 16 bytes, not an optional's 24.
    var lastOOMKill: (time: TraceInstant, runningFor: Int64)? {
        get { oomKillTime == .min ? nil : (oomKillTime, oomKillRunningFor) }
        set { (oomKillTime, oomKillRunningFor) = (newValue?.time ?? .min, newValue?.runningFor ?? 0) }
    }

    /// True once the series has replayed a sample (its settings are known) and while samples are left.
    var isLive: Bool { settings.recordedIndex != .max && cursor < end }

    /// Running time in `(from, to]`, milliseconds, counting finished and ongoing downs.
    func upTime(from: TraceInstant, to: TraceInstant) -> Int64 {
        guard to > from else { return 0 }
        var down: Int64 = 0
        if !isUp { down += max(0, to - max(from, downStart)) }
        for span in downSpans.reversed() {
            if span.end <= from { break }
            down += max(0, min(span.end, to) - max(span.start, from))
        }
        return max(0, to - from - down)
    }
}

/// The settings in force for a series, with hot copies of the figures the sample loop reads.
struct SettingsInForce {
    var resources = ResourceSettings.unset
    /// Requests as Kubernetes defaults them, limits with ∞ for none.
    var cpuRequest = 0.0
    var cpuLimit = Double.infinity
    var memoryRequest = 0.0
    var memoryLimit = Double.infinity
    /// The recorded limits (NaN when unset), for the observed-throttling model and OOM records.
    var recordedCPULimit = Double.nan
    var recordedMemoryLimit = Double.nan
    /// The recorded settings index in force, `.max` before the first sample (last: no padding before it).
    var recordedIndex: UInt32 = .max
}

/// The latest sample of a series: its end, the CPU the container was served (cores), its running
/// seconds, and the latest working set seen while running (NaN when unknown).
struct LastSample {
    var end: TraceInstant = .min
    var servedCPU = 0.0
    var upSeconds = 0.0
    var workingSet = Double.nan
}

import OpexsimMetrics
import OpexsimTraces

/// The replay state of one series: where its sample stream is, the settings in effect, and the
/// container's lifecycle (running, or down until a restart).
struct ReplicaState {
    /// Next sample to replay, and one past the last.
    var cursor: Int
    let end: Int
    /// End time of the previous sample, or `.min` before the first.
    var previousTime: TraceInstant = .min
    /// Start of the current stretch of data (after the latest gap).
    var segmentStart: TraceInstant = .min

    /// The recorded settings index in force, `.max` before the first sample.
    var recordedIndex: UInt32 = .max
    var settings = ResourceSettings.unset
    /// Hot copies of `settings`: requests as Kubernetes defaults them, limits with ∞ for none.
    var cpuRequest = 0.0
    var cpuLimit = Double.infinity
    var memoryRequest = 0.0
    var memoryLimit = Double.infinity
    /// The recorded limits (NaN when unset), for the observed-throttling model and OOM records.
    var recordedCPULimit = Double.nan
    var recordedMemoryLimit = Double.nan

    var isUp = true
    var upSince: TraceInstant = .min
    var downStart: TraceInstant = .max
    /// The pending restart, `.max` when none.
    var restartAt: TraceInstant = .max
    var backoff = CrashLoopBackOff()
    var detector = CPUThrottlingHighDetector()
    /// Finished down spans (unclipped).
    var downSpans: [TimeSpan] = []
    /// Creation of the current pod, its last OOM kill (and how long it had run), its working set.
    var podStartedAt: TraceInstant = .min
    var lastOOMKill: TraceInstant?
    var lastOOMRunningFor: Int64?
    var lastWorkingSet = Double.nan
    /// The pending restart brings up a replacement pod (after an eviction), not the same container.
    var recreating = false
    /// Dollars per allocated core-second and byte-second: the rates of the node the pod runs on.
    var cpuRate = 0.0
    var memoryRate = 0.0
    /// The latest sample: its end, the CPU the container was served (cores) and its running seconds.
    var lastSampleEnd: TraceInstant = .min
    var lastServedCPU = 0.0
    var lastUpSeconds = 0.0
    /// A StressChaos adds demand to this container at some point (see `ReplayEngine.stressWindows`).
    var stressed = false

    init(range: Range<Int>) {
        cursor = range.lowerBound
        end = range.upperBound
    }

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

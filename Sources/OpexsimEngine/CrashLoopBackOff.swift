import OpexsimTraces

/// The kubelet's restart backoff for a crashing container (Kubernetes pod-lifecycle docs): the first
/// restart is immediate, then 10 s doubling up to 300 s; the count resets after 10 minutes running.
public struct CrashLoopBackOff: Sendable, Equatable {
    /// Delay before the second restart: 10 s.
    public static let initialDelay: Int64 = 10_000
    /// Cap of the delay: 300 s (five minutes).
    public static let maximumDelay: Int64 = 300_000
    /// Running this long without a crash resets the backoff: 10 minutes.
    public static let resetAfter: Int64 = 600_000

    /// Crashes since the last reset.
    public private(set) var crashes = 0

    public init() {}

    /// The delay before restarting after a crash at `time` of a container running since `runningSince`.
    public mutating func delay(crashAt time: TraceInstant, runningSince: TraceInstant) -> Int64 {
        if time - runningSince >= Self.resetAfter { crashes = 0 }
        crashes += 1
        return Self.delay(forCrash: crashes)
    }

    /// `delay(1) = 0`, `delay(n) = min(10 s · 2^(n−2), 300 s)`.
    public static func delay(forCrash n: Int) -> Int64 {
        guard n >= 2 else { return 0 }
        let doublings = n - 2
        if doublings >= 5 { return maximumDelay }
        return min(initialDelay << Int64(doublings), maximumDelay)
    }
}

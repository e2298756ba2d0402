import OpexsimTraces

/// The kubernetes-mixin alert `CPUThrottlingHigh` (alerts/resource_alerts.libsonnet):
/// `increase(throttled_periods[5m]) / increase(periods[5m]) > 25/100 for: 15m`.
public enum CPUThrottlingHighRule {
    /// The rate window of the alert expression: 5 minutes.
    public static let window: Int64 = 300_000
    /// `cpuThrottlingPercent: 25` in the mixin's `_config`.
    public static let threshold = 0.25
    /// The alert's `for:` duration: 15 minutes.
    public static let holdFor: Int64 = 900_000
}

/// Evaluates `CPUThrottlingHigh` for one container at each of its sample times.
public struct CPUThrottlingHighDetector: Sendable {
    /// Recent samples that had throttled periods: (sample end time, throttled periods).
    private var recent: [(time: TraceInstant, periods: Double)] = []
    private var head = 0
    private var throttledInWindow = 0.0
    private var highSince: TraceInstant?
    private var lastEvaluation: TraceInstant = .min
    /// True once the alert has fired.
    public private(set) var fired = false
    /// Time the alert spent firing, milliseconds.
    public private(set) var firingTime: Int64 = 0

    public init() {}

    /// True when a sample with no throttling changes nothing (the common case, checked inline).
    @inline(__always)
    public var isQuiet: Bool { head == recent.count && highSince == nil }

    /// Evaluates the rule at sample end `time`, given the throttled periods of the sample that ends
    /// there and the runnable CFS periods in the rule's window `(time − 5m, time]`.
    public mutating func evaluate(at time: TraceInstant, throttledPeriods: Double, runnablePeriodsInWindow: Double) {
        let windowStart = time - CPUThrottlingHighRule.window
        if throttledPeriods > 0 {
            recent.append((time, throttledPeriods))
            throttledInWindow += throttledPeriods
        }
        while head < recent.count && recent[head].time <= windowStart {
            throttledInWindow -= recent[head].periods
            head += 1
        }
        if head == recent.count {
            recent.removeAll(keepingCapacity: true)
            head = 0
            throttledInWindow = 0
        } else if head > 64 {
            recent.removeFirst(head)
            head = 0
        }
        var ratio = 0.0
        if throttledInWindow > 0 {
            let runnable = runnablePeriodsInWindow
            ratio = runnable > 0 ? min(1, throttledInWindow / runnable) : 1
        }
        if ratio > CPUThrottlingHighRule.threshold {
            if let since = highSince {
                let firingFrom = since + CPUThrottlingHighRule.holdFor
                if time >= firingFrom {
                    fired = true
                    firingTime += time - max(firingFrom, lastEvaluation)
                }
            } else {
                highSince = time
            }
        } else {
            highSince = nil
        }
        lastEvaluation = time
    }
}

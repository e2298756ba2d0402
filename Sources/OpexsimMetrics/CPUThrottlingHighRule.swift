import OpexsimTraces

/// The kubernetes-mixin alert `CPUThrottlingHigh` (alerts/resource_alerts.libsonnet):
/// `increase(throttled_periods[5m]) / increase(periods[5m]) > 25/100 for: 15m`.
public enum CPUThrottlingHighRule {
    /// The rate window of the alert expression: 5 minutes.
    @inlinable public static var window: Int64 { 300_000 }
    /// `cpuThrottlingPercent: 25` in the mixin's `_config`.
    @inlinable public static var threshold: Double { 0.25 }
    /// The alert's `for:` duration: 15 minutes.
    @inlinable public static var holdFor: Int64 { 900_000 }
}

/// Evaluates `CPUThrottlingHigh` for one container at each of its sample times.
public struct CPUThrottlingHighDetector: Sendable {
    /// Recent samples that had throttled periods: (sample end time, throttled periods).
    @usableFromInline var recent: [(time: TraceInstant, periods: Double)] = []
    @usableFromInline var head = 0
    @usableFromInline var throttledInWindow = 0.0
    @usableFromInline var lastEvaluation: TraceInstant = .min
    @usableFromInline var firingMilliseconds: Int64 = 0
    // The optional and the flag last, side by side: no padding between them.
    @usableFromInline var highSince: TraceInstant?
    @usableFromInline var firedFlag = false
    /// True once the alert has fired.
    public var fired: Bool { firedFlag }
    /// Time the alert spent firing, milliseconds.
    public var firingTime: Int64 { firingMilliseconds }

    public init() {}

    /// True when a sample with no throttling changes nothing (the common case, checked inline).
    @inlinable @inline(__always)
    public var isQuiet: Bool { head == recent.count && highSince == nil }

    /// Adds the throttled periods of the sample that ends at `time` and drops samples that left the
    /// rule's window `(time − 5m, time]`; returns the throttled periods in the window.
    @inlinable
    public mutating func slide(to time: TraceInstant, adding throttledPeriods: Double) -> Double {
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
        return throttledInWindow
    }

    /// Evaluates the rule at sample end `time`, given the throttled and runnable CFS periods in the
    /// rule's window. A window whose throttled periods are at most a quarter of any lower bound of
    /// its runnable periods (the sample's own, say) can be settled with that bound.
    @inlinable
    public mutating func evaluate(at time: TraceInstant, throttledPeriods: Double, runnablePeriodsInWindow: Double) {
        let throttled = slide(to: time, adding: throttledPeriods)
        settle(at: time, throttledInWindow: throttled, runnableInWindow: runnablePeriodsInWindow)
    }

    /// Frees the window of recent samples once the container has no sample left to evaluate (what
    /// fired, and for how long, stays).
    public mutating func releaseWindow() {
        recent = []
        head = 0
        throttledInWindow = 0
    }

    /// The decision part of `evaluate`, after `slide`.
    @inlinable
    public mutating func settle(at time: TraceInstant, throttledInWindow: Double, runnableInWindow: Double) {
        var ratio = 0.0
        if throttledInWindow > 0 {
            ratio = runnableInWindow > 0 ? min(1, throttledInWindow / runnableInWindow) : 1
        }
        if ratio > CPUThrottlingHighRule.threshold {
            if let since = highSince {
                let firingFrom = since + CPUThrottlingHighRule.holdFor
                if time >= firingFrom {
                    firedFlag = true
                    firingMilliseconds += time - max(firingFrom, lastEvaluation)
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

import OpexsimTraces

/// A container starved by its node, judged as strictly as `CPUThrottlingHigh`: the share of its CPU
/// demand that its node could not serve (the node's containers wanted more CPU than it has, and the
/// node shared it by requests), over the last 5 minutes, above 25% for 15 minutes. Kubernetes has no
/// such alert; the rule reuses `CPUThrottlingHigh`'s window, threshold and hold so that a limit
/// that starves a container and a node that starves it weigh the same (docs/kubernetes-runtime.md,
/// section 1.2).
public enum CPUContentionHighRule {
    @inlinable public static var window: Int64 { CPUThrottlingHighRule.window }
    @inlinable public static var threshold: Double { CPUThrottlingHighRule.threshold }
    @inlinable public static var holdFor: Int64 { CPUThrottlingHighRule.holdFor }
}

/// Evaluates `CPUContentionHighRule` for one container at each node check.
public struct CPUContentionHighDetector: Sendable {
    /// The checks in the rule's window: (time, unserved and demanded core-seconds since the last one).
    var recent: [(time: TraceInstant, unserved: Double, demand: Double)] = []
    var head = 0
    var unservedInWindow = 0.0
    var demandInWindow = 0.0
    var highSince: TraceInstant?
    public private(set) var fired = false
    /// Time the rule spent firing, milliseconds.
    public private(set) var firingTime: Int64 = 0
    var lastEvaluation: TraceInstant = .min

    public init() {}

    /// True when nothing unserved is in the window: a check with no contention changes nothing.
    public var isQuiet: Bool { unservedInWindow <= 0 && highSince == nil }

    /// Adds the check at `time` (core-seconds demanded since the last check, and the part the node did
    /// not serve) and evaluates the rule.
    public mutating func evaluate(at time: TraceInstant, unserved: Double, demand: Double) {
        recent.append((time, unserved, demand))
        unservedInWindow += unserved
        demandInWindow += demand
        let windowStart = time - CPUContentionHighRule.window
        while head < recent.count && recent[head].time <= windowStart {
            unservedInWindow -= recent[head].unserved
            demandInWindow -= recent[head].demand
            head += 1
        }
        if head > 64 {
            recent.removeFirst(head)
            head = 0
        }
        // What the window's additions and removals leave of nothing unserved.
        if unservedInWindow < 1e-9 { unservedInWindow = 0 }
        let ratio = demandInWindow > 0 ? unservedInWindow / demandInWindow : 0
        if ratio > CPUContentionHighRule.threshold {
            if let since = highSince {
                let firingFrom = since + CPUContentionHighRule.holdFor
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

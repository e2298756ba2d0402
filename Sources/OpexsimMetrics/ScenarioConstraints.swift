import OpexsimTraces

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a scenario must meet to be feasible (`replay --max-oom-kills`, `--max-throttled`,
/// `--max-throttle-high`, `--min-availability`, `--max-rto`, `--max-rpo`), and what the feasible ones
/// rank by (`--objective`).
///
/// Without any limit every scenario is feasible, and the ranking puts the safe ones first. Once any
/// limit is given, the OOM-kill and CPUThrottlingHigh limits not given are 0 (the safety rule's), and
/// the feasible scenarios rank first.
public struct ScenarioConstraints: Sendable, Equatable {
    /// What the feasible scenarios rank by.
    public enum Objective: String, CaseIterable, Sendable {
        /// The cheapest first.
        case cost
        /// The least reserved and unused first: CPU slack (core-hours), then memory slack (GiB-hours).
        case slack
        /// The least disruptive first: OOM kills and node-pressure evictions, then containers with
        /// CPUThrottlingHigh or starved by their node, then the throttled ratio, then availability.
        case risk
    }

    /// OOM kills plus node-pressure evictions allowed (the safety rule: 0).
    public var maxOOMKills: Int?
    /// Throttled share of runnable CFS periods allowed, 0...1 (no limit by default).
    public var maxThrottledRatio: Double?
    /// Containers with CPUThrottlingHigh or starved by their node allowed (the safety rule: 0).
    public var maxThrottleHighContainers: Int?
    /// Availability required, 0...1 (none by default).
    public var minAvailabilityRatio: Double?
    /// Recovery time and recovery point allowed after a disaster, seconds (none by default; a scenario
    /// without a disaster has neither).
    public var maxRTOSeconds: Double?
    public var maxRPOSeconds: Double?
    public var objective = Objective.cost

    public init() {}

    /// True when nothing was given: the safety rule, cheapest first.
    public var isDefault: Bool { self == ScenarioConstraints() }

    /// True when any limit was given (not only an objective).
    public var hasLimits: Bool {
        var limits = self
        limits.objective = .cost
        return !limits.isDefault
    }

    /// True when `s` meets every constraint (always, when no limit was given).
    public func isFeasible(_ s: ScenarioSummary) -> Bool {
        guard hasLimits else { return true }
        return s.memoryDisruptions <= (maxOOMKills ?? 0) && s.starvedContainers <= (maxThrottleHighContainers ?? 0)
            && violations(s).isEmpty
    }

    /// True when `s` ranks in the first tier: feasible when limits were given, else safe.
    public func isAcceptable(_ s: ScenarioSummary) -> Bool { hasLimits ? isFeasible(s) : s.isSafe }

    /// The limits given that `s` breaks, each with by how much (the safety rule's own limits are the
    /// verdict's reasons already).
    public func violations(_ s: ScenarioSummary) -> [String] {
        var out: [String] = []
        if let limit = maxOOMKills, s.memoryDisruptions > limit {
            out.append(
                "\(s.memoryDisruptions) OOM kills and node-pressure evictions, over the \(limit) allowed (by \(s.memoryDisruptions - limit))"
            )
        }
        if let limit = maxThrottleHighContainers, s.starvedContainers > limit {
            out.append(
                "\(s.starvedContainers) containers with CPUThrottlingHigh or starved, over the \(limit) allowed "
                    + "(by \(s.starvedContainers - limit))")
        }
        if let limit = maxThrottledRatio, s.throttledRatio > limit {
            out.append(
                "throttled \(Self.percent(s.throttledRatio, 2)), over the \(Self.percent(limit, 2)) allowed "
                    + "(by \(Self.fixed((s.throttledRatio - limit) * 100, 2)) points)")
        }
        if let limit = minAvailabilityRatio, s.availabilityRatio < limit {
            out.append(
                "availability \(Self.percent(s.availabilityRatio, 3)), under the \(Self.percent(limit, 3)) required "
                    + "(by \(Self.fixed((limit - s.availabilityRatio) * 100, 3)) points)")
        }
        if let limit = maxRTOSeconds, let rto = s.rtoSeconds, rto > limit {
            out.append(
                "RTO \(Self.duration(rto)), over the \(Self.duration(limit)) allowed (by \(Self.duration(rto - limit)))"
            )
        }
        if let limit = maxRPOSeconds, let rpo = s.rpoSeconds, rpo > limit {
            out.append(
                "RPO \(Self.duration(rpo)), over the \(Self.duration(limit)) allowed (by \(Self.duration(rpo - limit)))"
            )
        }
        return out
    }

    /// The constraints in words, for the ranking rule.
    public var summary: String {
        var parts: [String] = []
        parts.append("at most \(maxOOMKills ?? 0) OOM kills and node-pressure evictions")
        parts.append(
            "at most \(maxThrottleHighContainers ?? 0) containers with CPUThrottlingHigh or starved by their node")
        if let limit = maxThrottledRatio { parts.append("at most \(Self.percent(limit, 2)) of CFS periods throttled") }
        if let limit = minAvailabilityRatio { parts.append("availability at least \(Self.percent(limit, 3))") }
        if let limit = maxRTOSeconds { parts.append("RTO at most \(Self.duration(limit))") }
        if let limit = maxRPOSeconds { parts.append("RPO at most \(Self.duration(limit))") }
        return parts.joined(separator: ", ")
    }

    static func fixed(_ value: Double, _ decimals: Int) -> String {
        let scale = pow(10, Double(decimals))
        let scaled = Int64((abs(value) * scale).rounded())
        let whole = scaled / Int64(scale)
        let fraction = String(scaled % Int64(scale))
        let padded = String(repeating: "0", count: max(0, decimals - fraction.count)) + fraction
        return (value < 0 && scaled != 0 ? "-" : "") + "\(whole)" + (decimals > 0 ? "." + padded : "")
    }

    static func percent(_ ratio: Double, _ decimals: Int) -> String { fixed(ratio * 100, decimals) + "%" }

    static func duration(_ seconds: Double) -> String { DurationText.format(Int64(seconds.rounded()) * 1000) }
}

/// The policy one workload takes in the per-workload mix, and why.
public struct MixChoice: Sendable, Equatable {
    public var namespace: String
    public var workload: String
    /// Index of the chosen scenario among the scenarios the mix chose from.
    public var scenarioIndex: Int
    public var policy: String
    public var reason: String
}

/// The per-workload mix (`--policy mix`): for each workload, the cheapest scenario whose containers of
/// that workload meet the constraints on that workload (the limits of `ScenarioConstraints`, the
/// safety rule's where none are given), judged on the workload alone: its OOM kills, its containers
/// with CPUThrottlingHigh or starved by their node, its most throttled container, its least available
/// one, its largest RTO and RPO. Where no scenario meets them, the least disruptive one (fewest OOM
/// kills, then starved containers, then the cheapest).
public enum ScenarioMix {
    /// One workload's figures under one scenario.
    struct Figures {
        var cost = 0.0, oomKills = 0, starved = 0, throttled = 0.0, availability = 1.0
        var rto: Double?, rpo: Double?
    }

    /// The choice for every workload of `scenarios` (each with the trace's containers in the same
    /// order), in the order the workloads first appear.
    public static func choose(_ scenarios: [ScenarioSummary], constraints: ScenarioConstraints) -> [MixChoice] {
        guard let first = scenarios.first else { return [] }
        var keys: [String] = []
        var names: [String: (String, String)] = [:]
        for c in first.containers where names["\(c.namespace)/\(c.workload)"] == nil {
            keys.append("\(c.namespace)/\(c.workload)")
            names["\(c.namespace)/\(c.workload)"] = (c.namespace, c.workload)
        }
        let figures = scenarios.map { figuresByWorkload($0) }
        return keys.map { key in
            let candidates = scenarios.indices.map { (index: $0, figures: figures[$0][key] ?? Figures()) }
            let meeting = candidates.filter { meets($0.figures, constraints) }
            let (namespace, workload) = names[key]!
            if let best = meeting.min(by: { cheaper($0.figures, $1.figures) }) {
                let others = meeting.filter { $0.index != best.index }
                var reason = "the only policy meeting the constraints on this workload"
                if let next = others.min(by: { cheaper($0.figures, $1.figures) }) {
                    reason = "the cheapest of \(meeting.count) policies meeting the constraints on this workload "
                    reason += "(\(dollars(best.figures.cost)) against \(dollars(next.figures.cost)) for "
                    reason += "`\(scenarios[next.index].scenario.description)`)"
                }
                return MixChoice(
                    namespace: namespace, workload: workload, scenarioIndex: best.index,
                    policy: scenarios[best.index].scenario.description, reason: reason)
            }
            let least = candidates.min { a, b in
                if a.figures.oomKills != b.figures.oomKills { return a.figures.oomKills < b.figures.oomKills }
                if a.figures.starved != b.figures.starved { return a.figures.starved < b.figures.starved }
                return cheaper(a.figures, b.figures)
            }!
            return MixChoice(
                namespace: namespace, workload: workload, scenarioIndex: least.index,
                policy: scenarios[least.index].scenario.description,
                reason: "no policy meets the constraints on this workload: the least disruptive")
        }
    }

    static func figuresByWorkload(_ s: ScenarioSummary) -> [String: Figures] {
        var out: [String: Figures] = [:]
        for c in s.containers {
            var f = out["\(c.namespace)/\(c.workload)", default: Figures()]
            f.cost += c.costUSD
            f.oomKills += c.oomKills
            f.starved += c.throttleHigh || c.contentionHigh ? 1 : 0
            f.throttled = max(f.throttled, c.throttledRatio)
            f.availability = min(f.availability, c.availabilityRatio)
            if let rto = c.rtoSeconds { f.rto = max(f.rto ?? 0, rto) }
            if let rpo = c.rpoSeconds { f.rpo = max(f.rpo ?? 0, rpo) }
            out["\(c.namespace)/\(c.workload)"] = f
        }
        return out
    }

    static func meets(_ f: Figures, _ c: ScenarioConstraints) -> Bool {
        f.oomKills <= (c.maxOOMKills ?? 0) && f.starved <= (c.maxThrottleHighContainers ?? 0)
            && c.maxThrottledRatio.map { f.throttled <= $0 } ?? true
            && c.minAvailabilityRatio.map { f.availability >= $0 } ?? true
            && c.maxRTOSeconds.map { (f.rto ?? 0) <= $0 } ?? true && c.maxRPOSeconds.map { (f.rpo ?? 0) <= $0 } ?? true
    }

    /// `$1.23`, or four decimals under a dollar.
    static func dollars(_ usd: Double) -> String {
        "$" + ScenarioConstraints.fixed(usd, usd < 1 ? 4 : 2)
    }

    /// The cheaper to the cent; then the less throttled. Ties keep the scenario given first.
    static func cheaper(_ a: Figures, _ b: Figures) -> Bool {
        let (x, y) = ((a.cost * 100).rounded(), (b.cost * 100).rounded())
        if x != y { return x < y }
        return a.throttled < b.throttled
    }
}

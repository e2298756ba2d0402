import ArgumentParser
import OpexsimMetrics
import OpexsimTraces

/// `replay`'s constraints of feasibility and the objective the feasible scenarios rank by.
struct ConstraintOptions: ParsableArguments {
    @Option(name: .long, help: "OOM kills plus node-pressure evictions a feasible scenario may have (default 0).")
    var maxOomKills: Int?

    @Option(name: .long, help: "Throttled share of CFS periods allowed: a ratio (0.05) or a percentage (5%).")
    var maxThrottled: String?

    @Option(name: .long, help: "Containers with CPUThrottlingHigh or starved by their node allowed (default 0).")
    var maxThrottleHigh: Int?

    @Option(name: .long, help: "Availability required: a ratio (0.999) or a percentage (99.9%).")
    var minAvailability: String?

    @Option(name: .long, help: "Recovery time allowed after a disaster (e.g. 1h).")
    var maxRto: String?

    @Option(name: .long, help: "Recovery point allowed after a disaster (e.g. 6h).")
    var maxRpo: String?

    @Option(name: .long, help: "What feasible scenarios rank by: cost, slack or risk.")
    var objective: ScenarioConstraints.Objective = .cost

    func validate() throws {
        if let maxOomKills, maxOomKills < 0 { throw ValidationError("--max-oom-kills must be 0 or more") }
        if let maxThrottleHigh, maxThrottleHigh < 0 { throw ValidationError("--max-throttle-high must be 0 or more") }
        for (name, value) in [("--max-throttled", maxThrottled), ("--min-availability", minAvailability)] {
            if let value, Self.ratio(value) == nil {
                throw ValidationError(
                    "\(name) must be a ratio between 0 and 1 or a percentage such as 5%, found \"\(value)\"")
            }
        }
        for (name, value) in [("--max-rto", maxRto), ("--max-rpo", maxRpo)] {
            if let value, DurationText.parse(value) == nil {
                throw ValidationError("\(name) must be a duration such as 1h or 90m, found \"\(value)\"")
            }
        }
    }

    /// The constraints given (validated).
    var constraints: ScenarioConstraints {
        var c = ScenarioConstraints()
        c.maxOOMKills = maxOomKills
        c.maxThrottledRatio = maxThrottled.flatMap(Self.ratio)
        c.maxThrottleHighContainers = maxThrottleHigh
        c.minAvailabilityRatio = minAvailability.flatMap(Self.ratio)
        c.maxRTOSeconds = maxRto.flatMap(DurationText.parse).map { Double($0) / 1000 }
        c.maxRPOSeconds = maxRpo.flatMap(DurationText.parse).map { Double($0) / 1000 }
        c.objective = objective
        return c
    }

    /// `0.05` or `5%` as 0.05; nil when not a number in 0...1.
    static func ratio(_ text: String) -> Double? {
        let percent = text.hasSuffix("%")
        guard let value = Double(percent ? String(text.dropLast()) : text), value.isFinite else { return nil }
        let ratio = percent ? value / 100 : value
        return (0...1).contains(ratio) ? ratio : nil
    }
}

extension ScenarioConstraints.Objective: ExpressibleByArgument {}

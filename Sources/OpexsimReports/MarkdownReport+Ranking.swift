import OpexsimMetrics
import OpexsimPricing

extension MarkdownReport {
    /// The scenarios ranked, with cost, slack, risk and availability, and why each ranks where it does.
    static func ranking(_ report: MarkdownContext) -> String {
        let hasMemory = report.hasMemory
        let nodes = report.pricing.modelsNodes
        let constraints = report.outcome.options.constraints
        var out = "Rule: \(ScenarioRanking.rule(constraints)).\n\n"
        var rows: [[String]] = []
        for s in report.outcome.scenarios {
            rows.append(
                [
                    String(s.rank), "`\(s.scenario)`", TextFormat.dollars(s.totalCostUSD),
                    TextFormat.dollars(s.perMonthUSD),
                    TextFormat.dollarChange(s.costChangeUSD), TextFormat.fixed(s.slackCPUCoreHours, 1),
                    hasMemory ? TextFormat.fixed(s.slackMemoryGiBHours, 1) : "n/a",
                    TextFormat.percent(s.throttledRatio, 2), String(s.throttleHighContainers),
                ] + (nodes ? [String(s.contentionHighContainers)] : []) + [
                    hasMemory ? String(s.oomKills) : "n/a", String(s.restarts), String(s.evictions),
                    TextFormat.percent(s.availabilityRatio, 3), s.pareto ? "yes" : "-",
                ])
        }
        let header =
            [
                "Rank", "Policy", "Cost", "Per month", "vs static", "CPU slack (core-h)", "Memory slack (GiB-h)",
                "Throttled",
                "Throttle-high",
            ] + (nodes ? ["Node-starved"] : []) + ["OOM kills", "Restarts", "Evictions", "Availability", "Pareto"]
        out += table(header, rows, rightAligned: Set([0] + Array(2..<(header.count - 1))))
        out += "\n`vs static` is the change in cost against the recorded settings over the same window; "
        out += "per month projects the window's cost to \(TextFormat.fixed(PricingModel.hoursPerMonth, 0)) hours."
        if nodes {
            out += " Cost is what the nodes cost (node pools of `\(report.pricing.name)`), idle capacity included."
            out +=
                " Node-starved counts containers whose node left over 25% of their CPU demand unserved for 15 minutes."
        }
        out +=
            " Pareto marks the scenarios no other beats on every one of cost, OOM kills and node-pressure evictions, "
        out += "CPUThrottlingHigh or starved containers, throttled ratio, availability and RTO."
        out += "\n\n" + throttlingError(report)
        out += "\nWhy each ranks where it does:\n\n"
        for s in report.outcome.scenarios {
            out += "- \(s.rank). `\(s.scenario)`: \(why(s, report.outcome.scenarios, constraints))\n"
        }
        out += "\n"
        if let mix = report.outcome.scenarios.first(where: { !$0.choices.isEmpty }) {
            out += "`\(mix.scenario)` takes, for each workload, the cheapest policy that meets the constraints on that "
            out += "workload alone, and is replayed as a scenario of its own (workloads share nodes and failures):\n\n"
            out +=
                table(
                    ["Workload", "Policy", "Why"],
                    mix.choices.map { ["\($0.namespace)/\($0.workload)", "`\($0.policy)`", $0.reason] }) + "\n"
        }
        return out
    }

    /// One line: the rule's reason for a scenario's rank, and its verdict's caveats.
    static func why(_ s: ScenarioSummary, _ ranked: [ScenarioSummary], _ constraints: ScenarioConstraints) -> String {
        func scenario(ranked rank: Int) -> ScenarioSummary { ranked.first { $0.rank == rank } ?? s }
        let safe = constraints.hasLimits ? "feasible" : "safe"
        var text: String
        switch s.rankReason {
        case .cheapestSafe:
            text = "\(safe), and the cheapest \(safe) scenario"
        case .best:
            text = "\(safe), and the first by \(constraints.objective.rawValue)"
        case .behind(let rank):
            text =
                "\(safe), after #\(rank) by \(constraints.objective.rawValue) (\(objectiveFigures(s, constraints.objective)) "
            text += "against \(objectiveFigures(scenario(ranked: rank), constraints.objective)))"
        case .dearer(let rank, let usd):
            text = "\(safe), \(TextFormat.dollars(usd)) dearer than #\(rank) over the window"
        case .sameCostMoreThrottled(let rank):
            let other = scenario(ranked: rank)
            text = "\(safe), the same cost as #\(rank) but more throttled (\(TextFormat.percent(s.throttledRatio, 2)) "
            text += "against \(TextFormat.percent(other.throttledRatio, 2)))"
        case .sameCostMoreUnserved(let rank):
            let other = scenario(ranked: rank)
            text =
                "\(safe), the same cost as #\(rank) but more CPU demand unserved (\(TextFormat.fixed(s.unservedCPUCoreHours, 2)) "
            text += "against \(TextFormat.fixed(other.unservedCPUCoreHours, 2)) core-hours)"
        case .tied(let rank):
            text = "\(safe), the same as #\(rank) on cost, throttling and unserved CPU (listed after it, as given)"
        case .unsafe:
            text = (constraints.hasLimits ? "infeasible: " : "unsafe: ") + s.verdict.reasons.joined(separator: "; ")
        }
        if s.rankReason != .unsafe && !s.verdict.safe {
            text += "; unsafe but within the constraints: " + s.verdict.reasons.joined(separator: "; ")
        }
        if !s.verdict.caveats.isEmpty { text += "; caveat: " + s.verdict.caveats.joined(separator: "; ") }
        return text + "."
    }

    /// The figures an objective ranks by, for the "why" line.
    static func objectiveFigures(_ s: ScenarioSummary, _ objective: ScenarioConstraints.Objective) -> String {
        switch objective {
        case .cost: return TextFormat.dollars(s.totalCostUSD)
        case .slack:
            return
                "\(TextFormat.fixed(s.slackCPUCoreHours, 1)) core-hours and \(TextFormat.fixed(s.slackMemoryGiBHours, 1)) GiB-hours of slack"
        case .risk:
            return "\(s.oomKills + (s.capacity?.nodePressureEvictions ?? 0)) OOM kills and evictions, "
                + "\(s.throttleHighContainers + s.contentionHighContainers) CPUThrottlingHigh or starved, "
                + "\(TextFormat.percent(s.throttledRatio, 2)) throttled, \(TextFormat.percent(s.availabilityRatio, 3)) available"
        }
    }
}

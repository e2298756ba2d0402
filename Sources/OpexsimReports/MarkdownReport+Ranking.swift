import OpexsimMetrics
import OpexsimPricing

extension MarkdownReport {
    /// The scenarios ranked, with cost, slack, risk and availability.
    static func ranking(_ report: MarkdownContext) -> String {
        let hasMemory = report.hasMemory
        var out = "Rule: \(ScenarioRanking.rule).\n\n"
        var rows: [[String]] = []
        for s in report.outcome.scenarios {
            rows.append([
                String(s.rank), "`\(s.scenario)`", TextFormat.dollars(s.totalCostUSD),
                TextFormat.dollars(s.perMonthUSD),
                TextFormat.dollarChange(s.costChangeUSD), TextFormat.fixed(s.slackCPUCoreHours, 1),
                hasMemory ? TextFormat.fixed(s.slackMemoryGiBHours, 1) : "n/a", TextFormat.percent(s.throttledRatio, 2),
                String(s.throttleHighContainers), hasMemory ? String(s.oomKills) : "n/a", String(s.restarts),
                String(s.evictions), TextFormat.percent(s.availabilityRatio, 3),
            ])
        }
        out += table(
            [
                "Rank", "Policy", "Cost", "Per month", "vs static", "CPU slack (core-h)", "Memory slack (GiB-h)",
                "Throttled", "Throttle-high", "OOM kills", "Restarts", "Evictions", "Availability",
            ], rows,
            rightAligned: [0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
        out += "\n`vs static` is the change in cost against the recorded settings over the same window; "
        out += "per month projects the window's cost to \(TextFormat.fixed(PricingModel.hoursPerMonth, 0)) hours."
        if report.pricing.modelsNodes {
            out += " Cost is what the nodes cost (node pools of `\(report.pricing.name)`), idle capacity included."
        }
        out += "\n\n"
        return out
    }
}

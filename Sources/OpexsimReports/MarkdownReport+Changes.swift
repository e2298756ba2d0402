import OpexsimMetrics

extension MarkdownReport {
    /// What the best scenario changes against the recorded settings, per container.
    static func changes(best: ScenarioSummary, _ report: MarkdownContext) -> String {
        let baseline = report.outcome.baseline
        let hasMemory = report.hasMemory
        guard !best.scenario.isBaseline else {
            let bestEffort = baseline.containers.filter(\.recordedBestEffort).count
            guard bestEffort > 0 else {
                return "The recorded settings rank first: no policy beats them on this trace.\n\n"
            }
            return "The recorded settings rank first only because they reserve nothing for \(bestEffort) container"
                + "\(bestEffort == 1 ? "" : "s") (no requests or limits: BestEffort) and pay only for what they use. "
                + "Compare the policies with each other: the best of them is what to deploy.\n\n"
        }
        var out = "What `\(best.scenario)` changes against the recorded settings (settings at the end of the trace; "
        out += "cost and risk over the window).\n\n"
        var rows: [[String]] = []
        for (new, old) in zip(best.containers, baseline.containers) {
            rows.append([
                "\(new.namespace)/\(new.workload)/\(new.name)",
                change(TextFormat.cpu(old.settings.cpuRequest), TextFormat.cpu(new.settings.cpuRequest)),
                change(TextFormat.cpu(old.settings.cpuLimit), TextFormat.cpu(new.settings.cpuLimit)),
                change(TextFormat.memory(old.settings.memoryRequest), TextFormat.memory(new.settings.memoryRequest)),
                change(TextFormat.memory(old.settings.memoryLimit), TextFormat.memory(new.settings.memoryLimit)),
                TextFormat.dollarChange(new.costUSD - old.costUSD),
                change(TextFormat.percent(old.throttledRatio, 2), TextFormat.percent(new.throttledRatio, 2)),
                hasMemory ? change(String(old.oomKills), String(new.oomKills)) : "n/a",
            ])
        }
        out += table(
            [
                "Container", "CPU request", "CPU limit", "Memory request", "Memory limit", "Cost change",
                "Throttled", "OOM kills",
            ], rows, rightAligned: [5])
        out += "\nTotal: \(TextFormat.dollarChange(best.costChangeUSD)) over the window "
        out += "(\(TextFormat.dollarChange(best.perMonthUSD - baseline.perMonthUSD)) per month).\n\n"
        return out
    }
}

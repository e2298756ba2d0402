import OpexsimMetrics

extension MarkdownReport {
    /// The settings and figures per workload container of the best scenarios, and the replicas of
    /// the best one that were throttled or went down.
    static func workloads(_ report: MarkdownContext) -> String {
        let hasMemory = report.hasMemory
        var out = ""
        for s in report.outcome.scenarios.prefix(detailedScenarios) {
            out += "### \(s.rank). `\(s.scenario)`\n\n"
            var rows: [[String]] = []
            for c in s.containers {
                rows.append([
                    "\(c.namespace)/\(c.workload)", c.name, String(c.replicaCount),
                    TextFormat.cpu(c.settings.cpuRequest),
                    TextFormat.cpu(c.settings.cpuLimit), TextFormat.memory(c.settings.memoryRequest),
                    TextFormat.memory(c.settings.memoryLimit), TextFormat.dollars(c.costUSD),
                    TextFormat.percent(c.throttledRatio, 2) + (c.throttleHigh ? " (high)" : ""),
                    hasMemory ? String(c.oomKills) : "n/a", String(c.restarts),
                    TextFormat.percent(c.availabilityRatio, 3),
                ])
            }
            out += table(
                [
                    "Workload", "Container", "Replicas", "CPU req", "CPU lim", "Mem req", "Mem lim", "Cost",
                    "Throttled", "OOM kills", "Restarts", "Availability",
                ], rows,
                rightAligned: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
            out += "\n"
        }
        if let best = report.outcome.scenarios.first { out += troubledReplicas(of: best, hasMemory: hasMemory) }
        return out
    }

    /// The replicas of a scenario that were throttled or went down (nothing when none was).
    static func troubledReplicas(of scenario: ScenarioSummary, hasMemory: Bool) -> String {
        var rows: [[String]] = []
        for c in scenario.containers {
            for r in c.series where r.throttledRatio > 0 || r.oomKills > 0 || r.restarts > 0 || r.cpuLostCoreSeconds > 0
            {
                rows.append([
                    "\(c.namespace)/\(c.workload)/\(c.name)", r.pod, r.node ?? "-",
                    TextFormat.percent(r.throttledRatio, 2) + (r.throttleHigh ? " (high)" : ""),
                    TextFormat.fixed(r.cpuThrottledCoreSeconds, 1), TextFormat.fixed(r.cpuLostCoreSeconds, 1),
                    hasMemory ? String(r.oomKills) : "n/a", String(r.restarts), TextFormat.percent(r.readyRatio, 3),
                ])
            }
        }
        guard !rows.isEmpty else { return "" }
        var out = "### Replicas of `\(scenario.scenario)` that were throttled or went down\n\n"
        out += table(
            [
                "Container", "Pod", "Node", "Throttled", "Held back (core-s)", "Lost while down (core-s)",
                "OOM kills", "Restarts", "Ready",
            ], rows, rightAligned: [3, 4, 5, 6, 7, 8])
        out += "\n"
        return out
    }
}

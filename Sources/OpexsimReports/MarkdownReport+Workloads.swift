import OpexsimMetrics
import OpexsimTraces

extension MarkdownReport {
    /// The settings and figures per workload container of the best scenarios, and the replicas of
    /// the best one that were throttled or went down, handed to `emit` in pieces of about
    /// `pieceSize` bytes: one row per container and scenario, so a trace of a million containers
    /// never has it whole.
    static func workloads(_ report: MarkdownContext, pieceSize: Int = 1 << 20, to emit: (String) -> Void) {
        withoutActuallyEscaping(emit) { emit in
            var out = MarkdownPieces(size: pieceSize, emit: emit)
            workloads(report, into: &out)
            out.flush()
        }
    }

    static func workloads(_ report: MarkdownContext, into out: inout MarkdownPieces) {
        let hasMemory = report.hasMemory
        for s in report.outcome.scenarios.prefix(detailedScenarios) {
            out.append("### \(s.rank). `\(s.scenario)`\n\n")
            out.append(
                tableHeader(
                    [
                        "Workload", "Container", "Replicas", "CPU req", "CPU lim", "Mem req", "Mem lim", "Cost",
                        "Throttled", "OOM kills", "Restarts", "Availability",
                    ], rightAligned: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]))
            for c in s.containers {
                out.row([
                    "\(c.namespace)/\(c.workload)", c.name, String(c.replicaCount),
                    TextFormat.cpu(c.settings.cpuRequest),
                    TextFormat.cpu(c.settings.cpuLimit), TextFormat.memory(c.settings.memoryRequest),
                    TextFormat.memory(c.settings.memoryLimit), TextFormat.dollars(c.costUSD),
                    TextFormat.percent(c.throttledRatio, 2) + (c.throttleHigh ? " (high)" : ""),
                    hasMemory ? String(c.oomKills) : "n/a", String(c.restarts),
                    TextFormat.percent(c.availabilityRatio, 3),
                ])
            }
            out.append("\n")
        }
        if let best = report.outcome.scenarios.first {
            troubledReplicas(of: best, trace: report.trace, hasMemory: hasMemory, into: &out)
        }
    }

    /// The replicas of a scenario that were throttled or went down (nothing when none was).
    static func troubledReplicas(
        of scenario: ScenarioSummary, trace: Trace, hasMemory: Bool, into out: inout MarkdownPieces
    ) {
        var any = false
        for c in scenario.containers {
            for r in scenario.replicas[c.replicas]
            where r.throttledRatio > 0 || r.oomKills > 0 || r.restarts > 0 || r.cpuLostCoreSeconds > 0 {
                if !any {
                    any = true
                    out.append("### Replicas of `\(scenario.scenario)` that were throttled or went down\n\n")
                    out.append(
                        tableHeader(
                            [
                                "Container", "Pod", "Node", "Throttled", "Held back (core-s)",
                                "Lost while down (core-s)", "OOM kills", "Restarts", "Ready",
                            ], rightAligned: [3, 4, 5, 6, 7, 8]))
                }
                out.row([
                    "\(c.namespace)/\(c.workload)/\(c.name)", trace.podName(ofSeries: r.seriesIndex),
                    trace.nodeName(ofSeries: r.seriesIndex) ?? "-",
                    TextFormat.percent(r.throttledRatio, 2) + (r.throttleHigh ? " (high)" : ""),
                    TextFormat.fixed(r.cpuThrottledCoreSeconds, 1), TextFormat.fixed(r.cpuLostCoreSeconds, 1),
                    hasMemory ? String(r.oomKills) : "n/a", String(r.restarts), TextFormat.percent(r.readyRatio, 3),
                ])
            }
        }
        if any { out.append("\n") }
    }
}

import OpexsimMetrics

extension MarkdownReport {
    /// What the best scenario changes against the recorded settings, per container.
    static func changes(
        best: ScenarioSummary, _ report: MarkdownContext, pieceSize: Int = 1 << 20, to emit: (String) -> Void
    ) {
        withoutActuallyEscaping(emit) { emit in
            var out = MarkdownPieces(size: pieceSize, emit: emit)
            changes(best: best, report, into: &out)
            out.flush()
        }
    }

    /// The change table row by row into `out`: a row per container is never held as a whole table.
    static func changes(best: ScenarioSummary, _ report: MarkdownContext, into out: inout MarkdownPieces) {
        let baseline = report.outcome.baseline
        let hasMemory = report.hasMemory
        guard !best.scenario.isBaseline else {
            let bestEffort = baseline.containers.filter(\.recordedBestEffort).count
            guard bestEffort > 0 else {
                out.append("The recorded settings rank first: no policy beats them on this trace.\n\n")
                return
            }
            out.append(
                "The recorded settings rank first only because they reserve nothing for \(bestEffort) container"
                    + "\(bestEffort == 1 ? "" : "s") (no requests or limits: BestEffort) and pay only for what they "
                    + "use. Compare the policies with each other: the best of them is what to deploy.\n\n")
            return
        }
        out.append("What `\(best.scenario)` changes against the recorded settings (settings at the end of the trace; ")
        out.append("cost and risk over the window).\n\n")
        out.append(
            tableHeader(
                [
                    "Container", "CPU request", "CPU limit", "Memory request", "Memory limit", "Cost change",
                    "Throttled", "OOM kills",
                ], rightAligned: [5]))
        for (new, old) in zip(best.containers, baseline.containers) {
            out.row([
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
        out.append("\nTotal: \(TextFormat.dollarChange(best.costChangeUSD)) over the window ")
        out.append("(\(TextFormat.dollarChange(best.perMonthUSD - baseline.perMonthUSD)) per month).\n\n")
    }
}

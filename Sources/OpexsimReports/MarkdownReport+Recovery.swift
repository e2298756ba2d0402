import OpexsimMetrics
import OpexsimTraces

extension MarkdownReport {
    /// Incidents listed in the Markdown timeline.
    static let incidentsShown = 25

    /// Failures injected: recovery per scenario, per incident and per workload, and the spread over
    /// Monte Carlo runs.
    static func recovery(_ report: MarkdownContext) -> String {
        let runs = report.outcome.runs
        var out =
            runs > 1
            ? "Failures injected in \(runs) seeded Monte Carlo runs; figures are means over the runs (spread below).\n\n"
            : "Failures injected as the failure files say; every figure below is over the evaluation window.\n\n"
        var rows: [[String]] = []
        for s in report.scenariosAndBaseline {
            rows.append([
                "`\(s.scenario)`", String(s.incidents), seconds(s.mttrSeconds), seconds(s.maxRecoverySeconds),
                TextFormat.percent(s.availabilityRatio, 3), TextFormat.fixed(s.cpuLostCoreHours, 2),
                s.rpoSeconds.map { seconds($0) } ?? "-", s.rtoSeconds.map { seconds($0) } ?? "-",
            ])
        }
        out += table(
            ["Policy", "Incidents", "MTTR", "Longest", "Availability", "Unserved CPU (core-h)", "RPO", "RTO"], rows,
            rightAligned: [1, 2, 3, 4, 5, 6, 7])
        out +=
            "\nAn incident is a container down (a crash, a kill, a failure); MTTR is their mean length. RPO is the state lost "
        out +=
            "(deletion minus the start of the backup restored), RTO the time until every pod of the namespace runs again.\n\n"
        if let best = report.outcome.scenarios.first {
            out += incidentTimeline(of: best, runs: runs, evaluationStart: report.outcome.evaluationWindow.start)
            out += workloadRecovery(of: best)
        }
        if runs > 1 { out += spread(report.outcome.scenarios, runs: runs) }
        return out
    }

    /// A recovery time as a duration (`<1s` under a second, `-` when there is none).
    static func seconds(_ value: Double?) -> String {
        guard let value else { return "-" }
        return value < 1 && value > 0 ? "<1s" : DurationText.format(Int64(value.rounded()) * 1000)
    }

    /// The incidents of a scenario (of its first run), with what they hit and how they recovered.
    static func incidentTimeline(of scenario: ScenarioSummary, runs: Int, evaluationStart: TraceInstant) -> String {
        let incidents = scenario.incidentTimeline
        guard !incidents.isEmpty else { return "" }
        var out = "### Incidents under `\(scenario.scenario)`\(runs > 1 ? " (first run)" : "")\n\n"
        let rows = incidents.prefix(incidentsShown).map(incidentRow)
        out += table(["Time", "Failure", "Kind", "Hit", "Recovered", "Recovery", "Detail"], rows, rightAligned: [5])
        if incidents.count > incidentsShown {
            out += "\n\(incidents.count - incidentsShown) more incidents are in the JSON report.\n"
        }
        let early = incidents.filter { $0.time < evaluationStart }.count
        if early > 0 {
            out +=
                "\n\(early == 1 ? "The failure" : "The \(early) failures") before \(TraceTime.format(evaluationStart)) "
            out += "fell in the warmup: listed, not counted in the figures above.\n"
        }
        return out + "\n"
    }

    /// One incident's row of the timeline.
    static func incidentRow(_ incident: Incident) -> [String] {
        let targets =
            incident.targets.count > 3
            ? incident.targets.prefix(3).joined(separator: ", ") + " and \(incident.targets.count - 3) more"
            : incident.targets.joined(separator: ", ")
        var detail = ""
        if let restore = incident.restore {
            if let backup = restore.backup {
                detail = "from \(backup), RPO \(seconds(incident.rpoSeconds))"
                if restore.volumeBytesLost > 0 {
                    detail += ", \(TextFormat.memory(restore.volumeBytesLost)) of volume data lost"
                }
                detail += restore.checkpointsRestored ? ", VPA checkpoints restored" : ", VPA history lost"
                let left = restore.unrestoredPods.count
                if left > 0 {
                    detail += ", \(left) \(left == 1 ? "pod" : "pods") outside its label selector not restored"
                }
            } else {
                detail = "no completed backup: not restored"
            }
        }
        var recovered = incident.recoveredAt.map { TraceTime.format($0) } ?? "not by the end"
        var recovery = seconds(incident.recoverySeconds)
        if incident.kind == "stress" {
            // A stress takes nothing down by itself (the OOM kills it causes count as crashes).
            detail = "load until \(recovered)"
            (recovered, recovery) = ("-", "-")
        }
        return [
            TraceTime.format(incident.time), incident.name, incident.kind, targets.isEmpty ? "-" : targets, recovered,
            recovery, detail,
        ]
    }

    /// The containers of a scenario that went down or lost demand, with RPO and RTO where restored.
    static func workloadRecovery(of scenario: ScenarioSummary) -> String {
        var rows: [[String]] = []
        let restored = scenario.containers.contains { $0.rpoSeconds != nil }
        for c in scenario.containers where c.incidents > 0 || c.cpuLostCoreHours > 0 {
            var row = [
                "\(c.namespace)/\(c.workload)/\(c.name)", String(c.incidents), seconds(c.mttrSeconds),
                seconds(c.maxRecoverySeconds),
                TextFormat.percent(c.availabilityRatio, 3), TextFormat.fixed(c.cpuLostCoreHours, 2),
            ]
            if restored { row += [c.rpoSeconds.map { seconds($0) } ?? "-", c.rtoSeconds.map { seconds($0) } ?? "-"] }
            rows.append(row)
        }
        guard !rows.isEmpty else { return "" }
        var out = "### Workloads under `\(scenario.scenario)`\n\n"
        out += table(
            ["Container", "Incidents", "MTTR", "Longest", "Availability", "Unserved CPU (core-h)"]
                + (restored ? ["RPO", "RTO"] : []),
            rows, rightAligned: restored ? [1, 2, 3, 4, 5, 6, 7] : [1, 2, 3, 4, 5])
        return out + "\n"
    }

    /// Figures of the recovery shown with their spread over the runs.
    static let spreadFigures: Set<String> = [
        "total_usd", "availability_ratio", "incidents", "mttr_s", "max_recovery_s", "rpo_s", "rto_s", "oom_kills",
    ]

    /// The mean, p95 and central 95% interval of the recovery figures over the Monte Carlo runs.
    static func spread(_ scenarios: [ScenarioSummary], runs: Int) -> String {
        var out = "### Spread over \(runs) runs\n\n"
        var rows: [[String]] = []
        for s in scenarios {
            guard let monteCarlo = s.monteCarlo else { continue }
            for figure in monteCarlo.figures where spreadFigures.contains(figure.name) {
                let d = figure.distribution
                rows.append([
                    "`\(s.scenario)`", figure.name, TextFormat.fixed(d.mean, 4), TextFormat.fixed(d.p95, 4),
                    "\(TextFormat.fixed(d.low, 4)) – \(TextFormat.fixed(d.high, 4))",
                ])
            }
        }
        out += table(["Policy", "Figure", "Mean", "p95", "95% interval"], rows, rightAligned: [2, 3, 4])
        return out + "\n"
    }
}

import OpexsimEngine
import OpexsimMetrics
import OpexsimPricing
import OpexsimTraces

/// The Markdown report of a replay: the ranking, the best scenarios per workload, the change
/// against the recorded settings, who drives cost, and the assumptions behind the figures.
public enum MarkdownReport {
    /// How many of the best scenarios get per-workload tables.
    public static let detailedScenarios = 3

    public static func render(_ outcome: ReplayOutcome, pricing: PricingModel) -> String {
        var out = ""
        let trace = outcome.profile.trace
        let hasMemory = trace.hasMemory
        let window = outcome.evaluationWindow
        let fileList = trace.files.map { "`\($0)`" }.joined(separator: ", ")
        out += "# opexsim replay report\n\n"
        out += "Trace \(fileList): \(trace.workloads.count) workloads, \(trace.containers.count) containers, "
        out += "\(trace.pods.count) replicas, \(TextFormat.fixed(Double(trace.sampleCount), 0)) samples, "
        out += "\(TraceTime.format(trace.start)) to \(TraceTime.format(trace.end)), sampled every \(DurationText.format(trace.interval)).\n"
        out += "Figures cover \(TraceTime.format(window.start)) to \(TraceTime.format(window.end)) (\(DurationText.format(window.length))"
        out += outcome.usesWarmup ? "; before it, a warmup under the recorded settings).\n\n" : ", the whole trace).\n\n"

        // Ranking.
        out += "## Ranking\n\n"
        out += "Rule: \(ScenarioRanking.rule).\n\n"
        var rows: [[String]] = []
        for s in outcome.scenarios {
            rows.append([
                String(s.rank), "`\(s.policy)`", TextFormat.dollars(s.totalCostUSD), TextFormat.dollars(s.perMonthUSD),
                TextFormat.dollarChange(s.savingsVsStaticUSD), TextFormat.fixed(s.slackCPUCoreHours, 1),
                hasMemory ? TextFormat.fixed(s.slackMemoryGiBHours, 1) : "n/a", TextFormat.percent(s.throttledRatio, 2),
                String(s.throttleHighContainers), hasMemory ? String(s.oomKills) : "n/a", String(s.restarts),
                String(s.evictions), TextFormat.percent(s.availabilityRatio, 3),
            ])
        }
        out += table(["Rank", "Policy", "Cost", "Per month", "vs static", "CPU slack (core-h)", "Memory slack (GiB-h)",
                      "Throttled", "Throttle-high", "OOM kills", "Restarts", "Evictions", "Availability"], rows,
                     rightAligned: [0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
        out += "\n`vs static` is the change in cost against the recorded settings over the same window; "
        out += "per month projects the window's cost to \(TextFormat.fixed(PricingModel.hoursPerMonth, 0)) hours.\n\n"

        // Best scenarios, per workload.
        out += "## Best scenarios by workload\n\n"
        for s in outcome.scenarios.prefix(detailedScenarios) {
            out += "### \(s.rank). `\(s.policy)`\n\n"
            var rows: [[String]] = []
            for c in s.containers {
                rows.append([
                    "\(c.namespace)/\(c.workload)", c.name, String(c.replicaCount), TextFormat.cpu(c.settings.cpuRequest),
                    TextFormat.cpu(c.settings.cpuLimit), TextFormat.memory(c.settings.memoryRequest),
                    TextFormat.memory(c.settings.memoryLimit), TextFormat.dollars(c.costUSD),
                    TextFormat.percent(c.throttledRatio, 2) + (c.throttleHigh ? " (high)" : ""),
                    hasMemory ? String(c.oomKills) : "n/a", String(c.restarts), TextFormat.percent(c.availabilityRatio, 3),
                ])
            }
            out += table(["Workload", "Container", "Replicas", "CPU req", "CPU lim", "Mem req", "Mem lim", "Cost",
                          "Throttled", "OOM kills", "Restarts", "Availability"], rows,
                         rightAligned: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
            out += "\n"
        }

        // Replicas of the best scenario that were throttled or went down.
        if let best = outcome.scenarios.first {
            var rows: [[String]] = []
            for c in best.containers {
                for r in c.replicas where r.throttledRatio > 0 || r.oomKills > 0 || r.restarts > 0 || r.cpuLostCoreSeconds > 0 {
                    rows.append([
                        "\(c.namespace)/\(c.workload)/\(c.name)", r.pod, r.node ?? "-",
                        TextFormat.percent(r.throttledRatio, 2) + (r.throttleHigh ? " (high)" : ""),
                        TextFormat.fixed(r.cpuThrottledCoreSeconds, 1), TextFormat.fixed(r.cpuLostCoreSeconds, 1),
                        hasMemory ? String(r.oomKills) : "n/a", String(r.restarts), TextFormat.percent(r.readyRatio, 3),
                    ])
                }
            }
            if !rows.isEmpty {
                out += "### Replicas of `\(best.policy)` that were throttled or went down\n\n"
                out += table(["Container", "Pod", "Node", "Throttled", "Held back (core-s)", "Lost while down (core-s)",
                              "OOM kills", "Restarts", "Ready"], rows, rightAligned: [3, 4, 5, 6, 7, 8])
                out += "\n"
            }
        }

        // Change against static for the best scenario.
        if let best = outcome.scenarios.first {
            let baseline = outcome.baseline
            out += "## Change against static\n\n"
            if best.policy == baseline.policy {
                out += "The recorded settings rank first: no policy beats them on this trace.\n\n"
            } else {
                out += "What `\(best.policy)` changes against the recorded settings (settings at the end of the trace; "
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
                out += table(["Container", "CPU request", "CPU limit", "Memory request", "Memory limit", "Cost change",
                              "Throttled", "OOM kills"], rows, rightAligned: [5])
                out += "\nTotal: \(TextFormat.dollarChange(best.savingsVsStaticUSD)) over the window "
                out += "(\(TextFormat.dollarChange(best.perMonthUSD - baseline.perMonthUSD)) per month).\n\n"
            }
        }

        // Who drives cost.
        out += "## Who drives cost\n\n"
        out += "Teams under the recorded settings (`team` column, else the namespace), with their share of cost and the "
        out += "request they did not use.\n\n"
        out += table(["Team", "Cost", "Share", "CPU slack (core-h)", "Memory slack (GiB-h)"],
                     outcome.baseline.byTeam.map { team in
                         [team.team, TextFormat.dollars(team.totalUSD), TextFormat.percent(team.shareRatio),
                          TextFormat.fixed(team.slackCPUCoreHours, 1), hasMemory ? TextFormat.fixed(team.slackMemoryGiBHours, 1) : "n/a"]
                     }, rightAligned: [1, 2, 3, 4])
        out += "\n"

        out += assumptions(outcome, pricing: pricing)
        return out
    }

    static func change(_ old: String, _ new: String) -> String {
        old == new ? new : "\(old) → \(new)"
    }

    static func assumptions(_ outcome: ReplayOutcome, pricing: PricingModel) -> String {
        let trace = outcome.profile.trace
        let options = outcome.options
        var out = "## Assumptions\n\n"
        let span = Double(trace.coveredTime + trace.gapTime)
        let gapShare = span > 0 ? Double(trace.gapTime) / span : 0
        out += "- Sampling interval: \(DurationText.format(trace.interval)) (median step between samples). A step longer than "
        out += "three intervals is a gap with no data, never zero usage: gaps are \(TextFormat.percent(gapShare, 2)) of replica time.\n"
        if outcome.usesWarmup {
            out += "- Walk-forward: policies that learn saw only the past. Warmup \(DurationText.format(outcome.evaluationWindow.start - trace.start)) "
            out += "under the recorded settings, then the learned settings"
            if let reapply = options.reapplyInterval {
                out += ", re-learned every \(DurationText.format(reapply))"
            } else {
                out += ", applied once"
            }
            out += ". All scenarios are measured over the same window after the warmup.\n"
        } else {
            out += "- No policy learns from history: all scenarios are measured over the whole trace.\n"
        }
        out += "- Burst model: `\(options.burstModel.rawValue)`. "
        switch options.burstModel {
        case .mean: out += "No burst inside an interval: a CPU limit throttles only when the interval's mean exceeds it.\n"
        case .fitted: out += fittedNote
        case .percentiles: out += "Per-period demand follows each sample's CPU percentile vector.\n"
        case .observed: out += "The recorded `cpu_throttled_ratio` calibrates the fitted shape per sample at the recorded limit. " + fittedNote
        case .auto:
            out += "Per sample: the CPU percentile vector where the trace has one"
            out += trace.cpuPercentileLevels.isEmpty ? " (this trace has none)" : ""
            out += ", else the recorded `cpu_throttled_ratio` at the recorded limit"
            out += trace.throttledRatio.isEmpty ? " (this trace has none)" : ""
            out += ", else a shape fitted on the trace. " + fittedNote
        }
        let throttledSamples = outcome.results.map { result in
            BurstModelKind.allCases.compactMap { kind in result.burstModelSamples[kind].map { "\($0) \(kind.rawValue)" } }
        }
        if let first = outcome.scenarios.first, !throttledSamples[first.order].isEmpty {
            out += "  Throttled samples of the best scenario by model: \(throttledSamples[first.order].joined(separator: ", ")).\n"
        }
        let censoredCPU = outcome.profile.censoredCPUSamples.reduce(0, +)
        let censoredMemory = outcome.profile.censoredMemorySamples.reduce(0, +)
        if censoredCPU > 0 {
            let containers = outcome.profile.censoredCPUSamples.filter { $0 > 0 }.count
            out += "- Censored CPU: \(censoredCPU) samples of \(containers) container\(containers == 1 ? "" : "s") were recorded at 95% or more "
            out += "of their CPU limit. Demand above a limit is not recorded, so throttling under higher limits is a lower bound there.\n"
        }
        if censoredMemory > 0 {
            let containers = outcome.profile.censoredMemorySamples.filter { $0 > 0 }.count
            out += "- Censored memory: \(censoredMemory) samples of \(containers) container\(containers == 1 ? "" : "s") were recorded at 95% or "
            out += "more of their memory limit or with an OOM kill; the memory they wanted is unknown.\n"
        }
        if !trace.hasMemory {
            out += "- The trace records no memory: memory cost uses requests, and memory risks are shown as n/a.\n"
        }
        out += "- Runtime: a working set above the memory limit is an OOM kill at the end of its interval; the container restarts "
        out += "after the CrashLoopBackOff delay (0, then 10 s doubling to 300 s, reset after 10 minutes running) plus a "
        out += "\(DurationText.format(options.startupDelay)) start-up; demand while it is down is lost. Memory demand after a "
        out += "restart follows the trace. CFS periods are 100 ms; CPUThrottlingHigh fires when the 5-minute throttled ratio "
        out += "stays above 25% for 15 minutes. Settings a policy learns are rolled out with surge, without downtime.\n"
        out += "- Cost: `\(pricing.name)`, \(TextFormat.dollars(pricing.cpuPerCoreHour)) per vCPU-hour and "
        out += "\(TextFormat.dollars(pricing.memoryPerGiBHour)) per GiB-hour of max(request, usage) per replica per interval "
        out += "(OpenCost's allocation rule); a crash-looping replica keeps its requests. Slack is request minus usage where positive.\n"
        for result in outcome.results {
            for note in result.notes { out += "- `\(result.policy.description)`: \(note)\n" }
        }
        for warning in trace.warnings {
            out += "- Trace note: \(warning).\n"
        }
        return out
    }

    static let fittedNote = "The fitted shape spreads each interval's mean like the container's samples spread around their local level; "
        + "within 100 ms periods demand varies at least that much, so throttling is a lower bound.\n"

    /// A Markdown table with the given header, rows and right-aligned columns.
    static func table(_ header: [String], _ rows: [[String]], rightAligned: Set<Int> = []) -> String {
        var out = "| " + header.joined(separator: " | ") + " |\n"
        out += "|" + header.indices.map { rightAligned.contains($0) ? "---:|" : "---|" }.joined() + "\n"
        for row in rows {
            out += "| " + row.map { $0.replacingPipes() }.joined(separator: " | ") + " |\n"
        }
        return out
    }
}

extension String {
    func replacingPipes() -> String {
        contains("|") ? split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|") : self
    }
}

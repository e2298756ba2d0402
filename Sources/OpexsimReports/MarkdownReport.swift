import OpexsimEngine
import OpexsimFailures
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
        out += "per month projects the window's cost to \(TextFormat.fixed(PricingModel.hoursPerMonth, 0)) hours."
        if pricing.modelsNodes {
            out += " Cost is what the nodes cost (node pools of `\(pricing.name)`), idle capacity included."
        }
        out += "\n\n"
        if pricing.modelsNodes { out += capacitySection(outcome) }
        if outcome.failures != nil { out += recoverySection(outcome, hasMemory: hasMemory) }

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

        out += showback(outcome, pricing: pricing, hasMemory: hasMemory)

        out += assumptions(outcome, pricing: pricing)
        return out
    }

    /// "Who drives cost": teams, namespaces and the costliest workloads under the recorded settings.
    static func showback(_ outcome: ReplayOutcome, pricing: PricingModel, hasMemory: Bool) -> String {
        let baseline = outcome.baseline
        var out = "## Who drives cost\n\n"
        out += "Under the recorded settings: each team (`team` column, else the namespace), namespace and workload with its "
        out += "share of the cost and the request it did not use."
        if let capacity = baseline.capacity {
            out += capacity.sharedIdle
                ? " Idle node cost is shared over the workloads in proportion to their CPU and memory cost."
                : " Node cost no workload was allocated is the `__idle__` line."
        }
        out += "\n\n"
        func rows(_ shares: [CostShare]) -> [[String]] {
            shares.map { share in
                let idle = share.name == CostShare.idleName
                return [share.name, TextFormat.dollars(share.totalUSD), TextFormat.percent(share.shareRatio),
                        idle ? "-" : TextFormat.fixed(share.slackCPUCoreHours, 1),
                        idle ? "-" : (hasMemory ? TextFormat.fixed(share.slackMemoryGiBHours, 1) : "n/a")]
            }
        }
        let columns = ["Cost", "Share", "CPU slack (core-h)", "Memory slack (GiB-h)"]
        out += table(["Team"] + columns, rows(baseline.byTeam), rightAligned: [1, 2, 3, 4])
        out += "\n"
        out += table(["Namespace"] + columns, rows(baseline.byNamespace), rightAligned: [1, 2, 3, 4])
        out += "\n"
        let workloads = baseline.byWorkload.filter { $0.name != CostShare.idleName }
        let shown = Array(workloads.prefix(workloadsShown))
        out += table(["Workload"] + columns, rows(shown), rightAligned: [1, 2, 3, 4])
        if workloads.count > shown.count {
            let rest = workloads.dropFirst(shown.count).reduce(0) { $0 + $1.totalUSD }
            out += "\nThe other \(workloads.count - shown.count) workloads cost \(TextFormat.dollars(rest)) together.\n"
        }
        out += "\n"
        return out
    }

    /// Workloads listed in the showback table.
    static let workloadsShown = 15

    /// Node pools: nodes, their cost and idle per scenario, and whether allocation savings reach the bill.
    static func capacitySection(_ outcome: ReplayOutcome) -> String {
        var out = "## Capacity\n\n"
        out += "Replicas are packed onto the node pools by their requests (first-fit decreasing, largest pods first), again "
        out += "whenever requests or the set of pods change; a pool grows as soon as pods do not fit and shrinks once nodes "
        out += "have been unneeded for its scale-down delay. Idle is what the nodes cost beyond the allocations.\n\n"
        var rows: [[String]] = []
        let listed = outcome.scenarios.contains { $0.policy == outcome.baseline.policy }
        for s in outcome.scenarios + (listed ? [] : [outcome.baseline]) {
            guard let capacity = s.capacity else { continue }
            for pool in capacity.pools {
                rows.append([
                    "`\(s.policy)`" + (listed || s.policy != outcome.baseline.policy ? "" : " (baseline)"), pool.name, pool.nodeType,
                    pool.capacity, TextFormat.fixed(pool.meanNodes, 2),
                    pool.minNodes == pool.maxNodes ? String(pool.maxNodes) : "\(pool.minNodes)–\(pool.maxNodes)",
                    TextFormat.fixed(pool.nodeHours, 1), TextFormat.dollars(pool.nodeCostUSD), TextFormat.dollars(pool.allocatedUSD),
                    TextFormat.dollars(pool.idleUSD),
                ])
            }
        }
        out += table(["Policy", "Pool", "Node type", "Capacity", "Mean nodes", "Nodes", "Node-hours", "Node cost", "Allocated", "Idle"],
                     rows, rightAligned: [4, 5, 6, 7, 8, 9])
        out += "\n"
        let baseline = outcome.baseline
        var lines: [String] = []
        for s in outcome.scenarios where s.policy != baseline.policy {
            let allocation = -s.allocationSavingsVsStaticUSD
            let nodes = -(s.nodeSavingsVsStaticUSD ?? 0)
            var line = "- `\(s.policy)`: allocation \(allocation >= 0 ? "savings" : "increase") \(TextFormat.dollars(abs(allocation))), "
            line += "node \(nodes >= 0 ? "savings" : "increase") \(TextFormat.dollars(abs(nodes)))"
            if allocation > 0.005 && nodes < allocation * 0.5 {
                line += ": most of the allocation savings stay as idle capacity, because the node count does not drop enough"
            } else if allocation > 0.005 {
                line += ": the node count drops, so the savings reach the bill"
            }
            lines.append(line + ".")
            if let capacity = s.capacity {
                if !capacity.unschedulablePods.isEmpty {
                    let pods = capacity.unschedulablePods
                    let listed = pods.prefix(5).joined(separator: ", ") + (pods.count > 5 ? " and \(pods.count - 5) more" : "")
                    lines.append("  \(pods.count) pod\(pods.count == 1 ? "" : "s") fit no pool at some point (\(listed)); they are priced at the flat rates.")
                }
                if capacity.maxNodesReached > 0 {
                    lines.append("  A pool needed more nodes than its maximum \(capacity.maxNodesReached) time\(capacity.maxNodesReached == 1 ? "" : "s").")
                }
            }
        }
        if !lines.isEmpty { out += "Savings against static, allocation against nodes:\n\n" + lines.joined(separator: "\n") + "\n\n" }
        let pressure = outcome.scenarios.filter { ($0.capacity?.nodePressureEvictions ?? 0) > 0 || $0.cpuContendedCoreHours > 0 }
        if !pressure.isEmpty {
            out += "Node pressure: "
            out += pressure.map { s in
                "`\(s.policy)` \(s.capacity?.nodePressureEvictions ?? 0) node-pressure eviction\((s.capacity?.nodePressureEvictions ?? 0) == 1 ? "" : "s"), "
                    + "\(TextFormat.fixed(s.cpuContendedCoreHours, 2)) core-hours of CPU demand the nodes could not serve"
            }.joined(separator: "; ") + ".\n\n"
        }
        return out
    }

    /// Failures injected: recovery per scenario, per incident and per workload, and the spread over
    /// Monte Carlo runs.
    static func recoverySection(_ outcome: ReplayOutcome, hasMemory: Bool) -> String {
        var out = "## Recovery\n\n"
        let runs = outcome.runs
        out += runs > 1
            ? "Failures injected in \(runs) seeded Monte Carlo runs; figures are means over the runs (spread below).\n\n"
            : "Failures injected as the failure files say; every figure below is over the evaluation window.\n\n"
        func seconds(_ value: Double?) -> String {
            guard let value else { return "-" }
            return value < 1 && value > 0 ? "<1s" : DurationText.format(Int64(value.rounded()) * 1000)
        }
        var rows: [[String]] = []
        for s in outcome.scenarios + (outcome.scenarios.contains { $0.policy == outcome.baseline.policy } ? [] : [outcome.baseline]) {
            rows.append([
                "`\(s.policy)`", String(s.incidents), seconds(s.mttrSeconds), seconds(s.maxRecoverySeconds),
                TextFormat.percent(s.availabilityRatio, 3), TextFormat.fixed(s.cpuLostCoreHours, 2),
                s.rpoSeconds.map { seconds($0) } ?? "-", s.rtoSeconds.map { seconds($0) } ?? "-",
            ])
        }
        out += table(["Policy", "Incidents", "MTTR", "Longest", "Availability", "Unserved CPU (core-h)", "RPO", "RTO"], rows,
                     rightAligned: [1, 2, 3, 4, 5, 6, 7])
        out += "\nAn incident is a container down (a crash, a kill, a failure); MTTR is their mean length. RPO is the state lost "
        out += "(deletion minus the start of the backup restored), RTO the time until every pod of the namespace runs again.\n\n"
        if let best = outcome.scenarios.first {
            let incidents = outcome.results[best.order].incidents
            if !incidents.isEmpty {
                out += "### Incidents under `\(best.policy)`\(runs > 1 ? " (first run)" : "")\n\n"
                var rows: [[String]] = []
                for incident in incidents.prefix(incidentsShown) {
                    let targets = incident.targets.count > 3
                        ? incident.targets.prefix(3).joined(separator: ", ") + " and \(incident.targets.count - 3) more"
                        : incident.targets.joined(separator: ", ")
                    var detail = ""
                    if let restore = incident.restore {
                        if let backup = restore.backup {
                            detail = "from \(backup), RPO \(seconds(incident.rpoSeconds))"
                            if restore.volumeBytesLost > 0 { detail += ", \(TextFormat.memory(restore.volumeBytesLost)) of volume data lost" }
                            detail += restore.checkpointsRestored ? ", VPA checkpoints restored" : ", VPA history lost"
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
                    rows.append([
                        TraceTime.format(incident.time), incident.name, incident.kind, targets.isEmpty ? "-" : targets,
                        recovered, recovery, detail,
                    ])
                }
                out += table(["Time", "Failure", "Kind", "Hit", "Recovered", "Recovery", "Detail"], rows, rightAligned: [5])
                if incidents.count > incidentsShown { out += "\n\(incidents.count - incidentsShown) more incidents are in the JSON report.\n" }
                let early = incidents.filter { $0.time < outcome.evaluationWindow.start }.count
                if early > 0 {
                    out += "\n\(early == 1 ? "The failure" : "The \(early) failures") before \(TraceTime.format(outcome.evaluationWindow.start)) "
                    out += "fell in the warmup: listed, not counted in the figures above.\n"
                }
                out += "\n"
            }
            var workloadRows: [[String]] = []
            let restored = best.containers.contains { $0.rpoSeconds != nil }
            for c in best.containers where c.incidents > 0 || c.cpuLostCoreHours > 0 {
                var row = [
                    "\(c.namespace)/\(c.workload)/\(c.name)", String(c.incidents), seconds(c.mttrSeconds), seconds(c.maxRecoverySeconds),
                    TextFormat.percent(c.availabilityRatio, 3), TextFormat.fixed(c.cpuLostCoreHours, 2),
                ]
                if restored { row += [c.rpoSeconds.map { seconds($0) } ?? "-", c.rtoSeconds.map { seconds($0) } ?? "-"] }
                workloadRows.append(row)
            }
            if !workloadRows.isEmpty {
                out += "### Workloads under `\(best.policy)`\n\n"
                out += table(["Container", "Incidents", "MTTR", "Longest", "Availability", "Unserved CPU (core-h)"] + (restored ? ["RPO", "RTO"] : []),
                             workloadRows, rightAligned: restored ? [1, 2, 3, 4, 5, 6, 7] : [1, 2, 3, 4, 5])
                out += "\n"
            }
        }
        if runs > 1 {
            out += "### Spread over \(runs) runs\n\n"
            var rows: [[String]] = []
            for s in outcome.scenarios {
                guard let monteCarlo = s.monteCarlo else { continue }
                for figure in monteCarlo.figures where ["total_usd", "availability_ratio", "incidents", "mttr_s", "max_recovery_s", "rpo_s", "rto_s", "oom_kills"].contains(figure.name) {
                    let d = figure.distribution
                    rows.append(["`\(s.policy)`", figure.name, TextFormat.fixed(d.mean, 4), TextFormat.fixed(d.p95, 4),
                                 "\(TextFormat.fixed(d.low, 4)) – \(TextFormat.fixed(d.high, 4))"])
                }
            }
            out += table(["Policy", "Figure", "Mean", "p95", "95% interval"], rows, rightAligned: [2, 3, 4])
            out += "\n"
        }
        return out
    }

    /// Incidents listed in the Markdown timeline.
    static let incidentsShown = 25

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
            out += "- Walk-forward: policies that learn saw only the past. Warmup \(DurationText.format((outcome.evaluationWindow.start - trace.start + 500) / 1000 * 1000)) "
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
        out += costAssumptions(pricing)
        for result in outcome.results {
            for note in result.notes { out += "- `\(result.policy.description)`: \(note)\n" }
        }
        for warning in trace.warnings {
            out += "- Trace note: \(warning).\n"
        }
        if let failures = outcome.failures {
            out += "- Failures: pod-kill deletes the pod (after its grace period, Chaos Mesh's default 0) and a replacement starts, "
            out += "admitted anew; pod-failure keeps the pod down for its duration; container-kill restarts the container in place "
            out += "after the CrashLoopBackOff delay; stress adds workers × load of CPU demand and the memory size to the working "
            out += "set; a lost node's pods are replaced after the 50 s node monitor grace period and their toleration of the unreachable taint (300 s unless the failure sets one); "
            out += "a drained spot node's pods are evicted at the interruption notice and replaced after their graceful termination, an undrained one is lost when the notice ends; "
            out += "a deleted namespace comes back from the latest completed, unexpired Velero backup after "
            out += "\(DurationText.format(failures.restore.detectionDelay)) of detection, \(DurationText.format(failures.restore.operatorDelay)) of operator "
            out += "delay, one object created every \(TextFormat.fixed(failures.restore.objectCreateSeconds * 1000, 0)) ms "
            out += "(\(failures.restore.objectsPerWorkload) per workload plus the pods) and volume data at "
            out += "\(TextFormat.fixed(failures.restore.throughputBytesPerSecond / 1e6, 0)) MB/s; backups start 30 s after their cron time. "
            out += "Every replacement pod starts after the \(DurationText.format(options.startupDelay)) start-up.\n"
            for item in failures.unsupported { out += "- Not modelled: \(item).\n" }
            for note in outcome.results.first?.failureNotes ?? [] { out += "- Failure not placed: \(note).\n" }
        }
        return out
    }

    /// How the scenarios were priced.
    static func costAssumptions(_ pricing: PricingModel) -> String {
        var out = ""
        if pricing.modelsNodes {
            out += "- Cost: `\(pricing.name)`. Each replica pays max(request, usage) per interval (OpenCost's allocation rule) at the "
            out += "rates of the pool it is packed on: the node price under the pool's capacity mix, split into CPU and RAM rates in "
            out += "the CPU:RAM price ratio \(TextFormat.fixed(pricing.cpuToMemoryRatio, 4)) (OpenCost's split of a whole-node price)"
            out += pricing.combinedDiscount > 0 ? ", less a \(TextFormat.percent(pricing.combinedDiscount)) discount" : ""
            out += ". A scenario costs its nodes; idle is node cost minus allocations.\n"
            for pool in pricing.nodePools {
                let rates = pricing.rates(of: pool)
                let type = pool.nodeType
                out += "  - Pool `\(pool.name)`: \(type.name) (\(TextFormat.fixed(type.vcpu, 0)) vCPU, \(TextFormat.fixed(type.memoryGiB, 1)) GiB; "
                out += "allocatable \(TextFormat.cpu(type.allocatableCPU)) CPU, \(TextFormat.memory(type.allocatableMemoryBytes)), \(type.maxPods) pods), "
                out += "\(pool.capacity.description), \(TextFormat.dollars(pricing.nodeHourly(of: pool))) per node-hour = "
                out += "\(TextFormat.dollars(rates.cpuPerCoreHour)) per vCPU-hour + \(TextFormat.dollars(rates.memoryPerGiBHour)) per GiB-hour; "
                out += "nodes \(pool.minNodes)\(pool.maxNodes.map { "–\($0)" } ?? " or more"), scale-down after \(DurationText.format(pool.scaleDownDelay))"
                out += pool.namespaces.map { "; namespaces \($0.joined(separator: ", "))" } ?? ""
                out += type.priceSource.isEmpty ? ".\n" : "; prices: \(type.priceSource).\n"
            }
            out += "- Nodes: pods are packed again only when requests or the set of pods change, an ideal consolidation (pods do not "
            out += "linger on half-empty nodes); new nodes are ready at once. Every check (each trace interval), a node whose "
            out += "containers want more CPU than its allocatable shares it in proportion to requests (`cpu.shares`), and one whose "
            out += "working sets exceed its allocatable memory evicts pods without grace, those furthest above their memory request first.\n"
        } else {
            let rates = pricing.flatRates
            out += "- Cost: `\(pricing.name)`, \(TextFormat.dollars(rates.cpuPerCoreHour)) per vCPU-hour and "
            out += "\(TextFormat.dollars(rates.memoryPerGiBHour)) per GiB-hour of max(request, usage) per replica per interval "
            out += "(OpenCost's allocation rule)"
            if pricing.capacity != .onDemand { out += ", capacity \(pricing.capacity.description)" }
            if pricing.combinedDiscount > 0 { out += ", after a \(TextFormat.percent(pricing.combinedDiscount)) discount" }
            out += "; nodes are not modelled (no idle cost).\n"
        }
        out += "- A crash-looping replica keeps its requests. Slack is request minus usage where positive.\n"
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

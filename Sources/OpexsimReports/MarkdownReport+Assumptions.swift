import OpexsimEngine
import OpexsimMetrics
import OpexsimPricing
import OpexsimTraces

extension MarkdownReport {
    /// How the figures were made: sampling, warmup, burst model, censoring, runtime, cost, the
    /// policies' notes and the failures.
    static func assumptions(_ report: MarkdownContext) -> String {
        let outcome = report.outcome
        var out = samplingAndWarmup(report)
        out += burstModel(report)
        out += censoring(outcome.profile)
        if !report.hasMemory {
            out += "- The trace records no memory: memory cost uses requests, and memory risks are shown as n/a.\n"
        }
        out +=
            "- Runtime: a working set above the memory limit is an OOM kill at the end of its interval; the container restarts "
        out +=
            "after the CrashLoopBackOff delay (0, then 10 s doubling to 300 s, reset after 10 minutes running) plus a "
        out +=
            "\(DurationText.format(outcome.options.startupDelay)) start-up; demand while it is down is lost. Memory demand after a "
        out +=
            "restart follows the trace. CFS periods are 100 ms; CPUThrottlingHigh fires when the 5-minute throttled ratio "
        out += "stays above 25% for 15 minutes. Settings a policy learns are rolled out with surge, without downtime.\n"
        out += costAssumptions(report.pricing)
        for scenario in outcome.scores.listed {
            for note in scenario.policyNotes { out += "- `\(scenario.scenario)`: \(note)\n" }
        }
        for warning in report.trace.warnings {
            out += "- Trace note: \(warning).\n"
        }
        out += failureAssumptions(outcome)
        return out
    }

    /// The sampling interval and gaps, and the walk-forward warmup.
    static func samplingAndWarmup(_ report: MarkdownContext) -> String {
        let trace = report.trace
        let outcome = report.outcome
        let span = Double(trace.coveredTime + trace.gapTime)
        let gapShare = span > 0 ? Double(trace.gapTime) / span : 0
        var out =
            "- Sampling interval: \(DurationText.format(trace.interval)) (median step between samples). A step longer than "
        out +=
            "three intervals is a gap with no data, never zero usage: gaps are \(TextFormat.percent(gapShare, 2)) of replica time.\n"
        guard outcome.usesWarmup else {
            return out + "- No policy learns from history: all scenarios are measured over the whole trace.\n"
        }
        out +=
            "- Walk-forward: policies that learn saw only the past. Warmup \(DurationText.format((outcome.evaluationWindow.start - trace.start + 500) / 1000 * 1000)) "
        out += "under the recorded settings, then the learned settings"
        if let reapply = outcome.options.reapplyInterval {
            out += ", re-learned every \(DurationText.format(reapply))"
        } else {
            out += ", applied once"
        }
        out += ". All scenarios are measured over the same window after the warmup.\n"
        return out
    }

    /// The burst model, and the throttled samples of the best scenario by model.
    static func burstModel(_ report: MarkdownContext) -> String {
        let trace = report.trace
        let model = report.outcome.options.burstModel
        var out = "- Burst model: `\(model.rawValue)`. "
        switch model {
        case .mean:
            out += "No burst inside an interval: a CPU limit throttles only when the interval's mean exceeds it.\n"
        case .fitted: out += fittedNote
        case .percentiles: out += "Per-period demand follows each sample's CPU percentile vector.\n"
        case .observed:
            out +=
                "The recorded `cpu_throttled_ratio` calibrates the fitted shape per sample at the recorded limit "
                + "(where the shape cannot reach it, the lognormal demand that the mean and the ratio pin down). Elsewhere: "
                + fittedNote
        case .auto:
            out += "Per sample: the CPU percentile vector where the trace has one"
            out += trace.cpuPercentileLevels.isEmpty ? " (this trace has none)" : ""
            out += ", else the recorded `cpu_throttled_ratio` at the recorded limit"
            out += trace.throttledRatio.isEmpty ? " (this trace has none)" : ""
            out += ", else a model fitted on the trace. " + fittedNote
        }
        if let best = report.outcome.scenarios.first {
            let counts = BurstModelKind.allCases.compactMap { kind in
                best.burstModelSamples[kind].map { "\($0) \(kind.rawValue)" }
            }
            if !counts.isEmpty {
                out += "  Throttled samples of the best scenario by model: \(counts.joined(separator: ", ")).\n"
            }
        }
        return out
    }

    static let fittedNote =
        "The fitted model spreads per-period demand lognormally, as widely as the container's samples vary around "
        + "their local level scaled from the sample interval down to 100 ms periods, and reads the recorded mean as "
        + "what the recorded limit let through (calibrated against the kernel: README, \"Throttling calibration\").\n"

    /// Samples recorded at their limits, whose demand the trace cannot show.
    static func censoring(_ profile: TraceProfile) -> String {
        var out = ""
        let censoredCPU = profile.censoredCPUSamples.reduce(0, +)
        let censoredMemory = profile.censoredMemorySamples.reduce(0, +)
        if censoredCPU > 0 {
            let containers = profile.censoredCPUSamples.filter { $0 > 0 }.count
            out +=
                "- Censored CPU: \(censoredCPU) samples of \(containers) container\(containers == 1 ? "" : "s") were recorded at 95% or more "
            out +=
                "of their CPU limit. Demand above a limit is not recorded, so throttling under higher limits is a lower bound there.\n"
        }
        if censoredMemory > 0 {
            let containers = profile.censoredMemorySamples.filter { $0 > 0 }.count
            out +=
                "- Censored memory: \(censoredMemory) samples of \(containers) container\(containers == 1 ? "" : "s") were recorded at 95% or "
            out += "more of their memory limit or with an OOM kill; the memory they wanted is unknown.\n"
        }
        return out
    }

    /// How failures and restores are modelled, what was not modelled and what could not be placed.
    static func failureAssumptions(_ outcome: ReplayOutcome) -> String {
        guard let failures = outcome.failures else { return "" }
        let startup = DurationText.format(outcome.options.startupDelay)
        var out =
            "- Failures: pod-kill deletes the pod (after its grace period, Chaos Mesh's default 0) and a replacement starts, "
        out +=
            "admitted anew; pod-failure keeps the pod down for its duration; container-kill restarts the container in place "
        out +=
            "after the CrashLoopBackOff delay; stress adds workers × load of CPU demand and the memory size to the working "
        out +=
            "set; a lost node's pods are replaced after the 50 s node monitor grace period and their toleration of the unreachable taint (300 s unless the failure sets one); "
        out +=
            "a drained spot node's pods are evicted at the interruption notice and replaced after their graceful termination, an undrained one is lost when the notice ends; "
        out += "a deleted namespace comes back from the latest completed, unexpired Velero backup after "
        out +=
            "\(DurationText.format(failures.restore.detectionDelay)) of detection, \(DurationText.format(failures.restore.operatorDelay)) of operator "
        out += "delay, one object created every \(TextFormat.fixed(failures.restore.objectCreateSeconds * 1000, 0)) ms "
        out += "(\(failures.restore.objectsPerWorkload) per workload plus the pods) and volume data at "
        out +=
            "\(TextFormat.fixed(failures.restore.throughputBytesPerSecond / 1e6, 0)) MB/s; backups start 30 s after their cron time. "
        out += "Every replacement pod starts after the \(startup) start-up.\n"
        for note in failures.assumptions(on: outcome.profile.trace) { out += "- Failure files: \(note).\n" }
        for item in failures.unsupported { out += "- Not modelled: \(item).\n" }
        for note in outcome.failureNotes { out += "- Failure not placed: \(note).\n" }
        return out
    }

    /// How the scenarios were priced.
    static func costAssumptions(_ pricing: PricingModel) -> String {
        var out = pricing.notes.map { "- Pricing: \($0).\n" }.joined()
        if pricing.modelsNodes {
            out +=
                "- Cost: `\(pricing.name)`. Each replica pays max(request, usage) per interval (OpenCost's allocation rule) at the "
            out +=
                "rates of the pool it is packed on: the node price under the pool's capacity mix, split into CPU and RAM rates in "
            out +=
                "the CPU:RAM price ratio \(TextFormat.fixed(pricing.cpuToMemoryRatio, 4)) (OpenCost's split of a whole-node price)"
            out +=
                pricing.combinedDiscount > 0 ? ", less a \(TextFormat.percent(pricing.combinedDiscount)) discount" : ""
            out += ". A scenario costs its nodes; idle is node cost minus allocations.\n"
            for pool in pricing.nodePools {
                let rates = pricing.rates(of: pool)
                let type = pool.nodeType
                out +=
                    "  - Pool `\(pool.name)`: \(type.name) (\(TextFormat.fixed(type.vcpu, 0)) vCPU, \(TextFormat.fixed(type.memoryGiB, 1)) GiB; "
                out +=
                    "allocatable \(TextFormat.cpu(type.allocatableCPU)) CPU, \(TextFormat.memory(type.allocatableMemoryBytes)), \(type.maxPods) pods), "
                out +=
                    "\(pool.capacity.description), \(TextFormat.dollars(pricing.nodeHourly(of: pool))) per node-hour = "
                out +=
                    "\(TextFormat.dollars(rates.cpuPerCoreHour)) per vCPU-hour + \(TextFormat.dollars(rates.memoryPerGiBHour)) per GiB-hour; "
                out +=
                    "nodes \(pool.minNodes)\(pool.maxNodes.map { "–\($0)" } ?? " or more"), scale-down after \(DurationText.format(pool.scaleDownDelay))"
                out += pool.namespaces.map { "; namespaces \($0.joined(separator: ", "))" } ?? ""
                out += type.priceSource.isEmpty ? ".\n" : "; prices: \(type.priceSource).\n"
            }
            out +=
                "- Nodes: pods are packed again only when requests or the set of pods change, an ideal consolidation (pods do not "
            out +=
                "linger on half-empty nodes); new nodes are ready at once. Every check (each trace interval), a node whose "
            out +=
                "containers want more CPU than its allocatable shares it in proportion to requests (`cpu.shares`), and one whose "
            out +=
                "working sets exceed its allocatable memory evicts pods without grace, those furthest above their memory request first.\n"
        } else {
            let rates = pricing.flatRates
            out += "- Cost: `\(pricing.name)`, \(TextFormat.dollars(rates.cpuPerCoreHour)) per vCPU-hour and "
            out +=
                "\(TextFormat.dollars(rates.memoryPerGiBHour)) per GiB-hour of max(request, usage) per replica per interval "
            out += "(OpenCost's allocation rule)"
            if pricing.capacity != .onDemand { out += ", capacity \(pricing.capacity.description)" }
            if pricing.combinedDiscount > 0 {
                out += ", after a \(TextFormat.percent(pricing.combinedDiscount)) discount"
            }
            out += "; nodes are not modelled (no idle cost).\n"
        }
        out += "- A crash-looping replica keeps its requests. Slack is request minus usage where positive.\n"
        return out
    }
}

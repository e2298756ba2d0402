import OpexsimTraces

extension SprintPlan {
    /// The size of a change in points, from what can go wrong (README, "Planning"): 1 for the change;
    /// +1 when a request is lowered; +2 when a memory limit is lowered (OOM kills), +1 when a CPU limit
    /// is lowered (throttling); +2 when a limit is removed, +1 when one is set where there was none;
    /// +1 for a single-replica workload when anything is lowered or removed. Rounded up to 1, 2, 3, 5, 8.
    public static func points(from a: ReportDocument.Workload, to b: ReportDocument.Workload) -> Int {
        func lowered(_ x: Double?, _ y: Double?) -> Bool { x != nil && y != nil && y! < x! }
        var score = 1
        let requestLowered = lowered(a.cpuRequest, b.cpuRequest) || lowered(a.memoryRequest, b.memoryRequest)
        if requestLowered { score += 1 }
        if lowered(a.memoryLimit, b.memoryLimit) { score += 2 }
        if lowered(a.cpuLimit, b.cpuLimit) { score += 1 }
        let removed = (a.cpuLimit != nil && b.cpuLimit == nil) || (a.memoryLimit != nil && b.memoryLimit == nil)
        if removed { score += 2 }
        if (a.cpuLimit == nil && b.cpuLimit != nil) || (a.memoryLimit == nil && b.memoryLimit != nil) { score += 1 }
        let anyLowered =
            requestLowered || removed || lowered(a.memoryLimit, b.memoryLimit) || lowered(a.cpuLimit, b.cpuLimit)
        if b.replicas <= 1 && anyLowered { score += 1 }
        return [1, 2, 3, 5, 8].first { $0 >= score } ?? 8
    }

    /// How far to trust the settings: the history a learned setting came from (the warmup: a week or
    /// more high, a day or more medium, less low), and the runs behind the figures (their 95% interval;
    /// one step lower when the cost spreads over a tenth of its mean).
    static func confidence(_ scenario: ReportDocument.Scenario, _ document: ReportDocument) -> String {
        var runs = ""
        var wide = false
        if scenario.runs > 1 {
            runs = "; figures are means over \(scenario.runs) Monte Carlo runs"
            if let cost = scenario.perMonthInterval, let availability = scenario.availabilityInterval {
                runs +=
                    ", 95% of them within \(TextFormat.dollars(cost.lowerBound))–\(TextFormat.dollars(cost.upperBound)) a month "
                runs +=
                    "and \(TextFormat.percent(availability.lowerBound, 3))–\(TextFormat.percent(availability.upperBound, 3)) available"
                // A spread over a tenth of the cost lowers the confidence one step.
                wide = cost.upperBound - cost.lowerBound > 0.1 * max(scenario.perMonthUSD, 1e-9)
            }
        }
        if scenario.policy == "static" || scenario.policy.hasPrefix("static:") {
            return (wide ? "medium" : "high") + ": fixed settings, nothing learned" + runs
        }
        let history = document.warmupSeconds
        var level = history >= 7 * 86_400 ? "high" : history >= 86_400 ? "medium" : "low"
        if wide { level = level == "high" ? "medium" : "low" }
        return
            "\(level): learned from \(TextFormat.duration(seconds: history)) of history before the window it was judged on"
            + runs
    }

    /// How to roll the change out.
    static func rollout(from a: ReportDocument.Workload, to b: ReportDocument.Workload, policy: String) -> String {
        var text: String
        if policy.hasPrefix("vpa") {
            text =
                "Create the VerticalPodAutoscaler with updateMode Off and compare its recommendation with these settings for a week; "
                + "then Initial (new pods only); then the mode replayed (\(policy))."
        } else if b.replicas > 1 {
            text =
                "Canary: apply to one of the \(b.replicas) replicas first (a canary Deployment or a one-pod rollout step) for a day, "
                + "then to all."
        } else {
            text = "Single replica: apply in a low-traffic window and keep the previous manifest to roll back."
        }
        if b.memoryLimit != nil && (a.memoryLimit == nil || b.memoryLimit! < a.memoryLimit!) {
            text += " Watch OOM kills (kube_pod_container_status_last_terminated_reason{reason=\"OOMKilled\"})."
        }
        if b.cpuLimit != nil && (a.cpuLimit == nil || b.cpuLimit! < a.cpuLimit!) {
            text += " Watch CPU throttling (CPUThrottlingHigh)."
        }
        return text
    }

    /// The strategic-merge patch of the container's resources (`kubectl patch --type strategic`); a
    /// limit removed is null, which deletes it.
    static func patch(_ w: ReportDocument.Workload) -> String {
        func cpu(_ x: Double?) -> String { x.map { RecommendationReport.yamlString(Quantity.formatCPU($0)) } ?? "null" }
        func memory(_ x: Double?) -> String {
            x.map { RecommendationReport.yamlString(Quantity.formatMemory($0)) } ?? "null"
        }
        var out =
            "# kubectl -n \(w.namespace) patch deployment \(w.workload) --type strategic --patch-file <this file>\n"
        out += "# (statefulset or daemonset instead of deployment as the workload's kind requires)\n"
        out += "spec:\n  template:\n    spec:\n      containers:\n"
        out += "      - name: \(RecommendationReport.yamlString(w.container))\n        resources:\n"
        out +=
            "          requests:\n            cpu: \(cpu(w.cpuRequest))\n            memory: \(memory(w.memoryRequest))\n"
        out += "          limits:\n            cpu: \(cpu(w.cpuLimit))\n            memory: \(memory(w.memoryLimit))\n"
        return out
    }
}

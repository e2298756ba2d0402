import OpexsimEngine
import OpexsimMetrics
import OpexsimTraces

/// The charts `replay --out` writes beside report.md: usage against requests and limits for the
/// containers that matter most, cost against risk with the Pareto front, node counts with node pools,
/// and the recovery timeline with failures.
public enum ReportCharts {
    /// One chart: its file name, what the report says of it, and the SVG.
    public struct Chart: Sendable {
        public var file: String
        public var caption: String
        public var svg: String
    }

    /// Every chart the outcome has data for.
    public static func charts(_ outcome: ReplayOutcome) -> [Chart] {
        var out = [costAgainstRisk(outcome)]
        out += usage(outcome)
        if let nodes = nodeCounts(outcome) { out.append(nodes) }
        if let recovery = recoveryTimeline(outcome) { out.append(recovery) }
        return out
    }

    /// The Markdown section linking `charts` (files beside report.md).
    public static func markdown(_ charts: [Chart]) -> String {
        guard !charts.isEmpty else { return "" }
        var out = "## Charts\n\n"
        for chart in charts { out += "\(chart.caption)\n\n![\(chart.caption)](\(chart.file))\n\n" }
        return out
    }

    /// Cost per month (x) against the throttled ratio (y) per scenario; the Pareto front filled and
    /// joined, the others hollow.
    static func costAgainstRisk(_ outcome: ReplayOutcome) -> Chart {
        var chart = SVGChart(
            title: "Cost against risk per scenario", xLabel: "cost per month (USD)",
            yLabel: "CFS periods throttled (%)", xIsTime: false)
        let scenarios = outcome.scenarios
        let front = scenarios.filter(\.pareto).sorted { $0.perMonthUSD < $1.perMonthUSD }
        if front.count > 1 {
            chart.marks.append(
                .line(points: front.map { ($0.perMonthUSD, $0.throttledRatio * 100) }, color: "#2ca02c", dashed: true))
        }
        for s in scenarios {
            let color = s.verdict.safe ? "#1f77b4" : "#d62728"
            var label = "#\(s.rank) \(s.scenario)"
            if s.oomKills > 0 { label += " (\(s.oomKills) OOM)" }
            chart.marks.append(
                .point(x: s.perMonthUSD, y: s.throttledRatio * 100, color: color, filled: s.pareto, label: label))
        }
        chart.legend = [
            ("safe", "#1f77b4", false), ("unsafe", "#d62728", false), ("Pareto front (filled)", "#2ca02c", true),
        ]
        return Chart(
            file: "chart-cost-risk.svg",
            caption:
                "Cost per month against the share of CFS periods throttled, per scenario; filled points are on the Pareto front.",
            svg: chart.render())
    }

    /// The containers that matter most: those whose cost changes most under the best scenario, and
    /// any with OOM kills or CPUThrottlingHigh there; at most four.
    static func containersOfInterest(_ outcome: ReplayOutcome) -> [Int] {
        guard let best = outcome.scenarios.first else { return [] }
        let baseline = outcome.baseline
        let flagged = best.containers.indices.filter {
            best.containers[$0].oomKills > 0 || best.containers[$0].throttleHigh
        }
        let byChange = best.containers.indices.sorted { a, b in
            abs(best.containers[a].costUSD - baseline.containers[a].costUSD)
                > abs(best.containers[b].costUSD - baseline.containers[b].costUSD)
        }
        var out: [Int] = []
        for index in flagged + byChange where !out.contains(index) && out.count < 4 { out.append(index) }
        return out
    }

    /// Per container of interest: the busiest replica's CPU and memory over time, in at most 300 steps,
    /// against the recorded request and limit and the best scenario's.
    static func usage(_ outcome: ReplayOutcome) -> [Chart] {
        guard let best = outcome.scenarios.first else { return [] }
        let trace = outcome.profile.trace
        var charts: [Chart] = []
        for index in containersOfInterest(outcome) {
            let container = best.containers[index]
            let series = trace.containers[container.containerIndex].series
            for resource in [Resource.cpu, .memory] where resource == .cpu || trace.hasMemory {
                var chart = SVGChart(
                    title: "\(container.namespace)/\(container.workload)/\(container.name): \(resource.name)",
                    xLabel: "time (UTC)", yLabel: resource.unitLabel, xIsTime: true)
                chart.marks.append(
                    .line(points: busiest(trace, series, resource), color: "#7f7f7f", dashed: false))
                chart.marks += settingsMarks(
                    recorded: recordedSettings(trace, series), replayed: container.settings, resource: resource,
                    from: Double(outcome.evaluationWindow.start), to: Double(trace.end))
                chart.legend = [
                    ("busiest replica's use", "#7f7f7f", false), ("recorded request", "#1f77b4", true),
                    ("recorded limit", "#d62728", true), ("\(best.scenario) request", "#1f77b4", false),
                    ("\(best.scenario) limit", "#d62728", false),
                ]
                let slug = "\(container.namespace)-\(container.workload)-\(container.name)".filter {
                    $0.isLetter || $0.isNumber || $0 == "-"
                }
                charts.append(
                    Chart(
                        file: "chart-usage-\(slug)-\(resource.name).svg",
                        caption:
                            "\(container.namespace)/\(container.workload)/\(container.name): \(resource.name) of its busiest replica against the recorded request and limit (dashed) and those of `\(best.scenario)` (solid, from the evaluation window's start; learned settings as at the end).",
                        svg: chart.render()))
            }
        }
        return charts
    }

    /// Requests (blue) and limits (red): the recorded ones dashed, step by step; the replayed ones solid
    /// from `from` to `to`.
    static func settingsMarks(
        recorded: [(from: Double, to: Double, settings: ResourceSettings)], replayed: ResourceSettings,
        resource: Resource, from: Double, to: Double
    ) -> [SVGChart.Mark] {
        func line(_ value: Double?, _ a: Double, _ b: Double, _ color: String, _ dashed: Bool) -> SVGChart.Mark? {
            value.map {
                .line(points: [(a, $0 / resource.scale), (b, $0 / resource.scale)], color: color, dashed: dashed)
            }
        }
        var marks: [SVGChart.Mark] = []
        for step in recorded {
            let (request, limit) = resource.values(step.settings)
            marks += [
                line(request, step.from, step.to, "#1f77b4", true), line(limit, step.from, step.to, "#d62728", true),
            ]
            .compactMap { $0 }
        }
        let (request, limit) = resource.values(replayed)
        marks += [line(request, from, to, "#1f77b4", false), line(limit, from, to, "#d62728", false)].compactMap { $0 }
        return marks
    }

    enum Resource {
        case cpu, memory
        var name: String { self == .cpu ? "CPU" : "memory" }
        var unitLabel: String { self == .cpu ? "cores" : "MiB" }
        var scale: Double { self == .cpu ? 1 : 1_048_576 }
        func values(_ s: ResourceSettings) -> (Double?, Double?) {
            self == .cpu ? (s.cpuRequest, s.cpuLimit) : (s.memoryRequest, s.memoryLimit)
        }
    }

    /// The largest value over the container's replicas in each of at most 300 time steps.
    static func busiest(_ trace: Trace, _ series: IndexList, _ resource: Resource) -> [(x: Double, y: Double)] {
        let steps = 300
        let span = Double(trace.end - trace.start)
        var top = [Double](repeating: -.infinity, count: steps)
        for s in series {
            for i in trace.series[s].range {
                let value = resource == .cpu ? trace.cpu[i] : trace.memory[i] / resource.scale
                guard value.isFinite else { continue }
                let bucket = min(steps - 1, Int(Double(trace.time[i] - trace.start) / span * Double(steps)))
                top[bucket] = max(top[bucket], value)
            }
        }
        return top.indices.compactMap { b in
            top[b].isFinite ? (Double(trace.start) + (Double(b) + 0.5) * span / Double(steps), top[b]) : nil
        }
    }

    /// The recorded settings of the container's first replica as steps over time.
    static func recordedSettings(_ trace: Trace, _ series: IndexList) -> [(
        from: Double, to: Double, settings: ResourceSettings
    )] {
        guard let first = series.first else { return [] }
        var steps: [(from: Double, to: Double, settings: ResourceSettings)] = []
        for i in trace.series[first].range {
            let settings = trace.settings[Int(trace.settingsIndex[i])]
            let time = Double(trace.time[i])
            if let last = steps.last, last.settings == settings {
                steps[steps.count - 1].to = time
            } else {
                steps.append((time, time, settings))
            }
        }
        return steps
    }

    /// Nodes per pool over time, for the best scenario, with node pools.
    static func nodeCounts(_ outcome: ReplayOutcome) -> Chart? {
        guard let best = outcome.scenarios.first, let capacity = best.capacity, !capacity.pools.isEmpty else {
            return nil
        }
        var chart = SVGChart(
            title: "Nodes per pool under \(best.scenario)", xLabel: "time (UTC)", yLabel: "nodes", xIsTime: true)
        chart.yWhole = true
        for (i, pool) in capacity.pools.enumerated() {
            let color = SVGChart.palette[i % SVGChart.palette.count]
            var points: [(x: Double, y: Double)] = []
            for (j, step) in pool.timeline.enumerated() {
                if j > 0 { points.append((Double(step.time), Double(pool.timeline[j - 1].nodes))) }
                points.append((Double(step.time), Double(step.nodes)))
            }
            if let last = pool.timeline.last { points.append((Double(outcome.profile.trace.end), Double(last.nodes))) }
            chart.marks.append(.line(points: points, color: color, dashed: false))
            chart.legend.append(("\(pool.name) (\(pool.nodeType))", color, false))
        }
        return Chart(
            file: "chart-nodes.svg", caption: "Nodes per pool over time under `\(best.scenario)`.", svg: chart.render())
    }

    /// Each incident of the best scenario as a bar from its start to its recovery, one row per failure.
    static func recoveryTimeline(_ outcome: ReplayOutcome) -> Chart? {
        guard let best = outcome.scenarios.first, !best.incidentTimeline.isEmpty else { return nil }
        let incidents = Array(best.incidentTimeline.prefix(30))
        var chart = SVGChart(
            title: "Recovery timeline under \(best.scenario)", xLabel: "time (UTC)", yLabel: "", xIsTime: true)
        chart.yCategories = incidents.map { "\($0.name) (\($0.kind))" }
        chart.height = max(200, 90 + Double(incidents.count) * 22)
        let end = Double(outcome.profile.trace.end)
        for (row, incident) in incidents.enumerated() {
            let recovered = incident.recoveredAt.map(Double.init)
            chart.marks.append(
                .bar(
                    x0: Double(incident.time), x1: recovered ?? end, y0: Double(row) - 0.3, y1: Double(row) + 0.3,
                    color: recovered == nil ? "#d62728" : "#ff7f0e"))
        }
        chart.legend = [("down until recovered", "#ff7f0e", false), ("not recovered by the end", "#d62728", false)]
        return Chart(
            file: "chart-recovery.svg",
            caption:
                "Each failure of `\(best.scenario)` from when it struck to when every replica it hit ran again\(best.incidentTimeline.count > 30 ? " (the first 30)" : "").",
            svg: chart.render())
    }
}

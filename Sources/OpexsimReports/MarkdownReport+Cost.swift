import OpexsimMetrics

extension MarkdownReport {
    /// Workloads listed in the showback table.
    static let workloadsShown = 15

    /// "Who drives cost": teams, namespaces and the costliest workloads under the recorded settings.
    static func showback(_ report: MarkdownContext) -> String {
        let baseline = report.outcome.baseline
        let hasMemory = report.hasMemory
        var out =
            "Under the recorded settings: each team (`team` column, else the namespace), namespace and workload with its "
        out += "share of the cost and the request it did not use."
        if let capacity = baseline.capacity {
            out +=
                capacity.sharedIdle
                ? " Idle node cost is shared over the workloads in proportion to their CPU and memory cost."
                : " Node cost no workload was allocated is the `__idle__` line."
        }
        out += "\n\n"
        func rows(_ shares: [CostShare]) -> [[String]] {
            shares.map { share in
                let idle = share.name == CostShare.idleName
                return [
                    share.name, TextFormat.dollars(share.totalUSD), TextFormat.percent(share.shareRatio),
                    idle ? "-" : TextFormat.fixed(share.slackCPUCoreHours, 1),
                    idle ? "-" : (hasMemory ? TextFormat.fixed(share.slackMemoryGiBHours, 1) : "n/a"),
                ]
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
}

/// How one figure spread over Monte Carlo runs.
public struct FigureDistribution: Sendable, Equatable {
    public var mean: Double
    /// The 95th percentile.
    public var p95: Double
    /// The central 95% interval: the 2.5th and 97.5th percentiles.
    public var low: Double
    public var high: Double

    public init(mean: Double, p95: Double, low: Double, high: Double) {
        self.mean = mean
        self.p95 = p95
        self.low = low
        self.high = high
    }

    /// The distribution of `values` (at least one). Percentiles interpolate linearly between the
    /// sorted values at rank `p × (n − 1)` (Hyndman and Fan's type 7, the default of R and NumPy).
    public static func of(_ values: [Double]) -> FigureDistribution {
        precondition(!values.isEmpty, "a distribution needs at least one value")
        let sorted = values.sorted()
        func percentile(_ p: Double) -> Double {
            let rank = p * Double(sorted.count - 1)
            let lower = Int(rank.rounded(.down))
            let upper = min(lower + 1, sorted.count - 1)
            return sorted[lower] + (sorted[upper] - sorted[lower]) * (rank - Double(lower))
        }
        return FigureDistribution(
            mean: values.reduce(0, +) / Double(values.count), p95: percentile(0.95),
            low: percentile(0.025), high: percentile(0.975))
    }
}

/// A scenario's figures over Monte Carlo runs.
public struct MonteCarloSummary: Sendable, Equatable {
    public var runs: Int
    /// Figures by their JSON name (`total_usd`, `availability_ratio`, ...), in report order.
    public var figures: [(name: String, distribution: FigureDistribution)]

    public init(runs: Int, figures: [(name: String, distribution: FigureDistribution)]) {
        self.runs = runs
        self.figures = figures
    }

    public static func == (a: MonteCarloSummary, b: MonteCarloSummary) -> Bool {
        a.runs == b.runs && a.figures.map(\.name) == b.figures.map(\.name)
            && a.figures.map(\.distribution) == b.figures.map(\.distribution)
    }
}

extension ScenarioSummary {
    /// The figures that vary between runs, by JSON name. RPO and RTO count only where defined.
    static let runFigures: [(name: String, value: @Sendable (ScenarioSummary) -> Double?)] = [
        ("total_usd", { $0.totalCostUSD }),
        ("per_month_usd", { $0.perMonthUSD }),
        ("availability_ratio", { $0.availabilityRatio }),
        ("incidents", { Double($0.incidents) }),
        ("mttr_s", { $0.mttrSeconds }),
        ("max_recovery_s", { $0.maxRecoverySeconds }),
        ("rpo_s", { $0.rpoSeconds }),
        ("rto_s", { $0.rtoSeconds }),
        ("oom_kills", { Double($0.oomKills) }),
        ("restarts", { Double($0.restarts) }),
        ("evictions", { Double($0.evictions) }),
        ("throttled_ratio", { $0.throttledRatio }),
        ("throttle_high_containers", { Double($0.throttleHighContainers) }),
        ("cpu_lost_core_hours", { $0.cpuLostCoreHours }),
        ("cpu_throttled_core_hours", { $0.cpuThrottledCoreHours }),
    ]

    /// The mean over runs of a scenario's summaries (the same scenario, one summary per run): every
    /// figure is the mean over runs (counts rounded to whole numbers; `monteCarlo` has the exact means
    /// and their spread); the rest (containers, showback, settings) is the first run's.
    public static func mean(of runs: [ScenarioSummary]) -> ScenarioSummary {
        precondition(!runs.isEmpty, "no runs")
        var summary = runs[0]
        guard runs.count > 1 else { return summary }
        func mean(_ value: (ScenarioSummary) -> Double) -> Double {
            runs.reduce(0) { $0 + value($1) } / Double(runs.count)
        }
        func meanCount(_ value: (ScenarioSummary) -> Int) -> Int { Int(mean { Double(value($0)) }.rounded()) }
        summary.totalCostUSD = mean(\.totalCostUSD)
        summary.perMonthUSD = mean(\.perMonthUSD)
        summary.allocationCostUSD = mean(\.allocationCostUSD)
        summary.cpuCostUSD = mean(\.cpuCostUSD)
        summary.memoryCostUSD = mean(\.memoryCostUSD)
        if runs.allSatisfy({ $0.nodeCostUSD != nil }) { summary.nodeCostUSD = mean { $0.nodeCostUSD! } }
        summary.idleUSD = mean(\.idleUSD)
        summary.slackCPUCoreHours = mean(\.slackCPUCoreHours)
        summary.slackMemoryGiBHours = mean(\.slackMemoryGiBHours)
        summary.throttledRatio = mean(\.throttledRatio)
        summary.throttleHighContainers = meanCount(\.throttleHighContainers)
        summary.contentionHighContainers = meanCount(\.contentionHighContainers)
        summary.oomKills = meanCount(\.oomKills)
        summary.evictions = meanCount(\.evictions)
        summary.restarts = meanCount(\.restarts)
        summary.incidents = meanCount(\.incidents)
        summary.mttrSeconds = mean(\.mttrSeconds)
        summary.maxRecoverySeconds = mean(\.maxRecoverySeconds)
        summary.availabilityRatio = mean(\.availabilityRatio)
        summary.cpuLostCoreHours = mean(\.cpuLostCoreHours)
        summary.cpuThrottledCoreHours = mean(\.cpuThrottledCoreHours)
        summary.cpuContendedCoreHours = mean(\.cpuContendedCoreHours)
        summary.volumeBytesLost = mean(\.volumeBytesLost)
        let rpos = runs.compactMap(\.rpoSeconds), rtos = runs.compactMap(\.rtoSeconds)
        summary.rpoSeconds = rpos.isEmpty ? nil : rpos.reduce(0, +) / Double(rpos.count)
        summary.rtoSeconds = rtos.isEmpty ? nil : rtos.reduce(0, +) / Double(rtos.count)
        summary.monteCarlo = MonteCarloSummary(
            runs: runs.count,
            figures: runFigures.compactMap { figure in
                let values = runs.compactMap(figure.value)
                return values.isEmpty ? nil : (figure.name, FigureDistribution.of(values))
            })
        return summary
    }
}

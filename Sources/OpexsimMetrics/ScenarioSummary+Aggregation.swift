import OpexsimPricing
import OpexsimTraces

extension ScenarioSummary {
    /// Prices and aggregates per-series metrics of a scenario over the evaluation `window`.
    public init(
        scenario: Scenario, trace: Trace, coverage: CoverageTable, metrics: [SeriesMetrics],
        finalSettings: [ResourceSettings],
        pricing: PricingModel, window: TimeSpan, costAt: [(time: TraceInstant, totalUSD: Double)]
    ) {
        self.init(scenario: scenario, pricing: pricing.name)
        aggregate(trace: trace, coverage: coverage, metrics: metrics, finalSettings: finalSettings, window: window)
        computeCosts(window: window)
        dailyCostUSD = Self.dailyCost(costAt, window: window)
    }

    /// Sums the per-series metrics into container, replica and scenario figures (costs by team,
    /// namespace and workload come after, from the containers: `computeCosts`).
    mutating func aggregate(
        trace: Trace, coverage: CoverageTable, metrics: [SeriesMetrics], finalSettings: [ResourceSettings],
        window: TimeSpan
    ) {
        let availability = Self.availability(trace: trace, coverage: coverage, metrics: metrics, window: window)
        availabilityRatio = availability.overall
        var runnable = 0.0, throttled = 0.0
        var downtimes: [Double] = []
        containers.reserveCapacity(trace.containers.count)
        replicas.reserveCapacity(trace.series.count)
        let names = SummaryNames(trace.names)
        for index in trace.containers.indices {
            var (summary, total) = Self.container(
                index, trace: trace, names: names, metrics: metrics, finalSettings: finalSettings,
                availability: availability.perWorkload[trace.containers[index].workloadIndex])
            if summary.settings.cpuLimit != nil || total.throttledPeriods > 0 {
                runnable += total.runnablePeriods
                throttled += total.throttledPeriods
            }
            downtimes += trace.containers[index].series.flatMap {
                metrics[$0].downSpans.map { Double($0.length) / 1000 }
            }
            let first = replicas.count
            replicas += trace.containers[index].series.map { Self.series(of: $0, metrics: metrics[$0]) }
            summary.replicas = first..<replicas.count
            add(summary, total: total)
        }
        throttledRatio = runnable > 0 ? min(1, throttled / runnable) : 0
        incidents = downtimes.count
        mttrSeconds = downtimes.isEmpty ? 0 : downtimes.reduce(0, +) / Double(downtimes.count)
        maxRecoverySeconds = downtimes.max() ?? 0
    }

    /// Adds a container's figures to the scenario's.
    mutating func add(_ summary: ContainerSummary, total: SeriesMetrics) {
        containers.append(summary)
        cpuCostUSD += summary.cpuCostUSD
        memoryCostUSD += summary.memoryCostUSD
        slackCPUCoreHours += summary.slackCPUCoreHours
        slackMemoryGiBHours += summary.slackMemoryGiBHours
        oomKills += total.oomKills
        restarts += total.restarts
        cpuLostCoreHours += summary.cpuLostCoreHours
        cpuThrottledCoreHours += summary.cpuThrottledCoreHours
        if summary.throttleHigh { throttleHighContainers += 1 }
        if summary.contentionHigh { contentionHighContainers += 1 }
        cpuContendedCoreHours += total.cpuContendedCoreSeconds / 3600
    }

    /// Time with at least one ready replica over observed time, per workload and over all of them,
    /// from the coverage of the samples and the down spans.
    static func availability(trace: Trace, coverage: CoverageTable, metrics: [SeriesMetrics], window: TimeSpan)
        -> (perWorkload: [Double], overall: Double)
    {
        var perWorkload = [Double](repeating: 1, count: trace.workloads.count)
        var availableTotal: Int64 = 0, observedTotal: Int64 = 0
        for (w, workload) in trace.workloads.enumerated() {
            var covered: [TimeSpan] = []
            var ready: [TimeSpan] = []
            for p in workload.pods {
                let podSeries = trace.pods[p].series
                let podCoverage = TimeSpans.union(
                    podSeries.flatMap { coverage[$0].compactMap { $0.clamped(to: window) } })
                let podDown = TimeSpans.union(podSeries.flatMap { metrics[$0].downSpans })
                covered += podCoverage
                ready += TimeSpans.subtract(podCoverage, podDown)
            }
            let observed = TimeSpans.length(TimeSpans.union(covered))
            let available = TimeSpans.length(TimeSpans.union(ready))
            if observed > 0 { perWorkload[w] = Double(available) / Double(observed) }
            availableTotal += available
            observedTotal += observed
        }
        return (perWorkload, observedTotal > 0 ? Double(availableTotal) / Double(observedTotal) : 1)
    }

    /// One container over all its replicas, and the sum of its series' metrics.
    static func container(
        _ index: Int, trace: Trace, names: SummaryNames, metrics: [SeriesMetrics], finalSettings: [ResourceSettings],
        availability: Double
    ) -> (ContainerSummary, SeriesMetrics) {
        let gib = 1_073_741_824.0
        let container = trace.containers[index]
        var total = SeriesMetrics()
        var readyShares: [Double] = []
        var downtimes: [Double] = []
        for s in container.series {
            total.add(metrics[s])
            if metrics[s].observedSeconds > 0 { readyShares.append(metrics[s].upSeconds / metrics[s].observedSeconds) }
            downtimes += metrics[s].downSpans.map { Double($0.length) / 1000 }
        }
        let latest =
            container.series.max {
                trace.time[trace.series[$0].range.upperBound - 1] < trace.time[trace.series[$1].range.upperBound - 1]
            } ?? container.series[0]
        var summary = ContainerSummary(
            containerIndex: index, names: names, namespaceID: container.namespaceName,
            workloadID: container.workloadName, nameID: container.containerName,
            teamID: trace.series[container.series[0]].teamName, replicaCount: container.series.count,
            settings: finalSettings[latest],
            costUSD: total.cpuCostUSD + total.memoryCostUSD, cpuCostUSD: total.cpuCostUSD,
            memoryCostUSD: total.memoryCostUSD,
            throttledRatio: total.throttledRatio, throttleHigh: container.series.contains { metrics[$0].throttleHigh },
            oomKills: total.oomKills, restarts: total.restarts, availabilityRatio: availability,
            readyRatio: readyShares.isEmpty ? 1 : readyShares.reduce(0, +) / Double(readyShares.count),
            slackCPUCoreHours: total.cpuSlackCoreSeconds / 3600,
            slackMemoryGiBHours: total.memorySlackByteSeconds / 3600 / gib,
            meanCPUCores: total.upSeconds > 0 ? total.cpuUsedCoreSeconds / total.upSeconds : 0,
            meanMemoryBytes: total.memoryObservedSeconds > 0
                ? total.memoryUsedByteSeconds / total.memoryObservedSeconds : .nan,
            cpuThrottledCoreHours: total.cpuThrottledCoreSeconds / 3600,
            cpuLostCoreHours: total.cpuLostCoreSeconds / 3600)
        summary.contentionHigh = container.series.contains { metrics[$0].contentionHigh }
        summary.incidents = downtimes.count
        summary.mttrSeconds = downtimes.isEmpty ? 0 : downtimes.reduce(0, +) / Double(downtimes.count)
        summary.maxRecoverySeconds = downtimes.max() ?? 0
        return (summary, total)
    }

    /// One series: the container in one replica.
    static func series(of series: Int, metrics m: SeriesMetrics) -> SeriesSummary {
        var summary = SeriesSummary(
            seriesIndex: series, readyRatio: m.observedSeconds > 0 ? m.upSeconds / m.observedSeconds : 1,
            throttledRatio: m.throttledRatio,
            cpuThrottledCoreSeconds: m.cpuThrottledCoreSeconds, cpuLostCoreSeconds: m.cpuLostCoreSeconds,
            oomKills: m.oomKills, restarts: m.restarts, throttleHigh: m.throttleHigh)
        summary.contentionHigh = m.contentionHigh
        return summary
    }

    /// Cost per day of the window, from the cumulative timeline (billing boundaries).
    static func dailyCost(_ costAt: [(time: TraceInstant, totalUSD: Double)], window: TimeSpan) -> [DailyCost] {
        var days: [DailyCost] = []
        var previous = (time: window.start, cost: 0.0)
        var dayStart = window.start
        for point in costAt where point.time > window.start {
            let cost = point.totalUSD
            let dayEnd = (dayStart / 86_400_000 + 1) * 86_400_000
            if point.time >= dayEnd || point.time == window.end {
                days.append(DailyCost(day: dayStart, costUSD: cost - previous.cost))
                previous = (point.time, cost)
                dayStart = point.time
            }
        }
        return days
    }
}

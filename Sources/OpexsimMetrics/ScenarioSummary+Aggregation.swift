import OpexsimPricing
import OpexsimTraces

extension ScenarioSummary {
    /// Prices and aggregates per-series metrics of a scenario over the evaluation `window`.
    public init(
        scenario: Scenario, trace: Trace, coverage: [[TimeSpan]], metrics: [SeriesMetrics], finalSettings: [ResourceSettings],
        pricing: PricingModel, window: TimeSpan, costAt: [(time: TraceInstant, totalUSD: Double)]
    ) {
        self.init(scenario: scenario, pricing: pricing.name)
        let gib = 1_073_741_824.0

        // Workload availability from coverage and down spans.
        var workloadAvailability = [Double](repeating: 1, count: trace.workloads.count)
        var availableTotal: Int64 = 0, observedTotal: Int64 = 0
        for (w, workload) in trace.workloads.enumerated() {
            var covered: [TimeSpan] = []
            var ready: [TimeSpan] = []
            for p in workload.pods {
                let podSeries = trace.pods[p].series
                let podCoverage = TimeSpans.union(podSeries.flatMap { coverage[$0].compactMap { $0.clamped(to: window) } })
                let podDown = TimeSpans.union(podSeries.flatMap { metrics[$0].downSpans })
                covered += podCoverage
                ready += TimeSpans.subtract(podCoverage, podDown)
            }
            let observed = TimeSpans.length(TimeSpans.union(covered))
            let available = TimeSpans.length(TimeSpans.union(ready))
            if observed > 0 { workloadAvailability[w] = Double(available) / Double(observed) }
            availableTotal += available
            observedTotal += observed
        }
        availabilityRatio = observedTotal > 0 ? Double(availableTotal) / Double(observedTotal) : 1

        // Containers.
        var runnable = 0.0, throttled = 0.0
        var downtimes: [Double] = []
        for (c, container) in trace.containers.enumerated() {
            var total = SeriesMetrics()
            var readyShares: [Double] = []
            var containerDowntimes: [Double] = []
            for s in container.series {
                total.add(metrics[s])
                if metrics[s].observedSeconds > 0 { readyShares.append(metrics[s].upSeconds / metrics[s].observedSeconds) }
                containerDowntimes += metrics[s].downSpans.map { Double($0.length) / 1000 }
            }
            downtimes += containerDowntimes
            let latest = container.series.max { trace.time[trace.series[$0].range.upperBound - 1] < trace.time[trace.series[$1].range.upperBound - 1] } ?? container.series[0]
            let settings = finalSettings[latest]
            let cpuCost = total.cpuCostUSD
            let memoryCost = total.memoryCostUSD
            let team = trace.names[trace.series[container.series[0]].teamName]
            if settings.cpuLimit != nil || total.throttledPeriods > 0 {
                runnable += total.runnablePeriods
                throttled += total.throttledPeriods
            }
            let throttleHigh = container.series.contains { metrics[$0].throttleHigh }
            let summary = ContainerSummary(
                containerIndex: c, namespace: trace.names[container.namespaceName], workload: trace.names[container.workloadName],
                name: trace.names[container.containerName], team: team, replicaCount: container.series.count, settings: settings,
                costUSD: cpuCost + memoryCost, cpuCostUSD: cpuCost, memoryCostUSD: memoryCost,
                throttledRatio: total.throttledRatio, throttleHigh: throttleHigh,
                oomKills: total.oomKills, restarts: total.restarts,
                availabilityRatio: workloadAvailability[container.workloadIndex],
                readyRatio: readyShares.isEmpty ? 1 : readyShares.reduce(0, +) / Double(readyShares.count),
                slackCPUCoreHours: total.cpuSlackCoreSeconds / 3600, slackMemoryGiBHours: total.memorySlackByteSeconds / 3600 / gib,
                meanCPUCores: total.upSeconds > 0 ? total.cpuUsedCoreSeconds / total.upSeconds : 0,
                meanMemoryBytes: total.memoryObservedSeconds > 0 ? total.memoryUsedByteSeconds / total.memoryObservedSeconds : .nan,
                cpuThrottledCoreHours: total.cpuThrottledCoreSeconds / 3600, cpuLostCoreHours: total.cpuLostCoreSeconds / 3600,
                series: container.series.map { s in
                    let m = metrics[s]
                    let node = trace.series[s].nodeName
                    return SeriesSummary(
                        pod: trace.names[trace.series[s].podName], node: node < 0 ? nil : trace.names[node],
                        readyRatio: m.observedSeconds > 0 ? m.upSeconds / m.observedSeconds : 1, throttledRatio: m.throttledRatio,
                        cpuThrottledCoreSeconds: m.cpuThrottledCoreSeconds, cpuLostCoreSeconds: m.cpuLostCoreSeconds,
                        oomKills: m.oomKills, restarts: m.restarts, throttleHigh: m.throttleHigh)
                })
            var withRecovery = summary
            withRecovery.incidents = containerDowntimes.count
            withRecovery.mttrSeconds = containerDowntimes.isEmpty ? 0 : containerDowntimes.reduce(0, +) / Double(containerDowntimes.count)
            withRecovery.maxRecoverySeconds = containerDowntimes.max() ?? 0
            containers.append(withRecovery)
            cpuCostUSD += cpuCost
            memoryCostUSD += memoryCost
            slackCPUCoreHours += summary.slackCPUCoreHours
            slackMemoryGiBHours += summary.slackMemoryGiBHours
            oomKills += total.oomKills
            restarts += total.restarts
            cpuLostCoreHours += summary.cpuLostCoreHours
            cpuThrottledCoreHours += summary.cpuThrottledCoreHours
            if throttleHigh { throttleHighContainers += 1 }
            cpuContendedCoreHours += total.cpuContendedCoreSeconds / 3600
        }
        throttledRatio = runnable > 0 ? min(1, throttled / runnable) : 0
        incidents = downtimes.count
        mttrSeconds = downtimes.isEmpty ? 0 : downtimes.reduce(0, +) / Double(downtimes.count)
        maxRecoverySeconds = downtimes.max() ?? 0
        computeCosts(window: window)

        // Daily cost from the cumulative timeline (billing boundaries).
        var previous = (time: window.start, cost: 0.0)
        var dayStart = window.start
        for point in costAt where point.time > window.start {
            let cost = point.totalUSD
            let dayEnd = (dayStart / 86_400_000 + 1) * 86_400_000
            if point.time >= dayEnd || point.time == window.end {
                dailyCostUSD.append(DailyCost(day: dayStart, costUSD: cost - previous.cost))
                previous = (point.time, cost)
                dayStart = point.time
            }
        }
    }
}

import OpexsimMetrics
import OpexsimPricing
import OpexsimTraces

/// The node pools of a replay, when the pricing models them: every `ClusterCapacity.period` the pods
/// are packed onto nodes (`NodeCapacity+Checks.swift`), allocations are priced at the rates of the
/// pool they run on, crowded nodes share CPU and evict under memory pressure, and the pools grow and
/// shrink. Replacement pods start only where they fit (`PodPlacement`).
final class NodeCapacity: ReplayComponent, PodPlacement {
    unowned let engine: ReplayEngine
    var cluster: ClusterCapacity
    /// Per series: whether its node starves it (`CPUContentionHighRule`).
    var contention: [CPUContentionHighDetector]
    /// `check` as an event, made once: every check schedules the same closure.
    lazy var checkAction: EventQueues.Action = { [unowned self] time in check(at: time) }

    init(pricing: PricingModel, engine: ReplayEngine) {
        self.engine = engine
        cluster = ClusterCapacity(pricing: pricing, trace: engine.trace, start: engine.start)
        contention = Array(repeating: CPUContentionHighDetector(), count: engine.trace.series.count)
    }

    var evaluationStart: TraceInstant { engine.evaluationStart }

    /// Schedules the first capacity check (each check schedules the next).
    func start() {
        engine.schedule(at: min(engine.end, engine.start + cluster.period), checkAction)
    }

    func startTime(pod: Int, at time: TraceInstant) -> TraceInstant? {
        cluster.startTime(pod: pod, at: time)
    }

    var retryPeriod: Int64 { cluster.period }

    func finish(into result: inout ScenarioResult) {
        result.capacity = cluster.outcome()
        // Into the engine's metrics: the result takes them once every component has finished.
        for (series, detector) in contention.enumerated() where detector.fired {
            engine.metrics[series].contentionHigh = true
            engine.metrics[series].contentionHighSeconds = Double(detector.firingTime) / 1000
        }
    }
}

import OpexsimMetrics
import OpexsimTraces

/// The cost timeline of a replay: the cumulative allocation cost (and, with node pools, what the
/// nodes cost) at every billing boundary and at the end.
final class CostLedger: ReplayComponent {
    unowned let engine: ReplayEngine
    /// The node pools, whose nodes are paid up to each boundary.
    let capacity: NodeCapacity?
    private(set) var timeline: [CostPoint] = []
    /// `record` as an event, made once for every boundary.
    private lazy var recordAction: EventQueues.Action = { [unowned self] time in record(at: time) }

    init(engine: ReplayEngine, capacity: NodeCapacity?) {
        self.engine = engine
        self.capacity = capacity
    }

    /// Schedules every billing boundary of the replay.
    func start() {
        let period = engine.options.billingPeriod
        var boundary = (engine.start / period + 1) * period
        while boundary < engine.end {
            engine.schedule(at: boundary, recordAction)
            boundary += period
        }
    }

    /// Records the cost up to `time`.
    func record(at time: TraceInstant) {
        var cpu = 0.0, memory = 0.0
        for m in engine.metrics {
            cpu += m.cpuCostUSD
            memory += m.memoryCostUSD
        }
        var point = CostPoint(time: time, cpuCostUSD: cpu, memoryCostUSD: memory)
        if let capacity {
            capacity.cluster.payNodes(to: time, windowStart: engine.evaluationStart)
            point.nodeCostUSD = capacity.cluster.accounts.nodeCost.reduce(0, +)
            point.unplacedUSD = capacity.cluster.accounts.unplacedAllocated
        }
        if let last = timeline.last, last.time == time { timeline.removeLast() }
        timeline.append(point)
    }

    /// Records the cost at the end (before the node pools report what they cost) and hands over the timeline.
    func finish(into result: inout ScenarioResult) {
        record(at: engine.end)
        result.costTimeline = timeline
    }
}

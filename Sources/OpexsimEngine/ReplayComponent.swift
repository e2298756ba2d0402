import OpexsimMetrics
import OpexsimTraces

/// A part of a replay that owns its state and schedules its own events with the engine
/// (`ReplayEngine.schedule(at:_:)`): the policy, the cost timeline, the node pools, the failures. The
/// engine knows none of them beyond this protocol; a new kind of event is a new component, or a new
/// closure a component schedules.
protocol ReplayComponent: AnyObject {
    /// Called once before the first sample: schedule the first events.
    func start()
    /// Called once after the last event: write what the component measured into the result.
    /// Components finish in the order they joined the replay, while the series' states are still
    /// there; `result` has no per-series metrics yet (a component that adds to them writes the
    /// engine's).
    func finish(into result: inout ScenarioResult)
}

/// Decides where replacement pods may start (the node pools, when the pricing models them).
protocol PodPlacement: AnyObject {
    /// When a replacement of `pod` created at `time` can start: `time` itself, later (its node is
    /// still launching), or nil while it fits no node.
    func startTime(pod: Int, at time: TraceInstant) -> TraceInstant?
    /// How long a pod that fits no node waits before it is tried again.
    var retryPeriod: Int64 { get }
}

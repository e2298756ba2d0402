import CacheHints
import Dispatch
import OpexsimFailures
import OpexsimMetrics
import OpexsimPolicies
import OpexsimPricing
import OpexsimTraces

/// The discrete-event replay of one scenario: one policy over one trace.
///
/// The engine is a small core: the clock and the event queues (here), the per-series state and the
/// lifecycle of containers and pods (`ReplayEngine+Lifecycle.swift`: admit, stop, restart, evict), and
/// the sample stream (`ReplayEngine+Stream.swift`). Samples stream through each series in time order
/// and never enter the queues. Everything else is a `ReplayComponent` that owns its state and
/// schedules its own events: the policy (`PolicyDriver`), the cost timeline (`CostLedger`), the node
/// pools (`NodeCapacity`) and the injected failures (`FailureInjector`).
///
/// Global events (a component's) fire once every series has been replayed up to their time; local
/// events (a container's restart) concern one series, which stops streaming at its pending restart
/// until the event has fired. Ties are broken by insertion order.
public final class ReplayEngine {
    public let profile: TraceProfile
    public let options: ReplayOptions
    /// Metrics count from here (the end of the warmup when any scenario learns).
    public let evaluationStart: TraceInstant
    /// The replay's timeline: the trace's, or the whole trace's when this trace is a part of it.
    let timeline: TimeSpan
    var start: TraceInstant { timeline.start }
    var end: TraceInstant { timeline.end }
    /// Per series, owned by the engine. Raw buffers: shards write disjoint elements in parallel, and
    /// policies read them through `ClusterView` while a series streams. The states are freed once
    /// the result is made (`finish`), before the metrics are copied into it.
    private(set) var states: UnsafeMutableBufferPointer<SeriesState>
    /// Per series, the time of its next sample to stream (`.max` once none is left), kept where the
    /// stream moves: what the event loop scans instead of the states (8 bytes a series, not a state's
    /// cache lines).
    let nextSample: UnsafeMutableBufferPointer<TraceInstant>
    let metrics: UnsafeMutableBufferPointer<SeriesMetrics>
    /// What each series' allocations are priced at.
    let rates: SeriesRates
    /// Per series: its container, nominal interval and last sample time (hot copies).
    let seriesContainer: [Int]
    let seriesInterval: [Int64]
    let seriesLastTime: [TraceInstant]
    var queues = EventQueues()
    /// Views of the trace columns, valid while `run` is running.
    var columns: TraceColumns?
    /// The scenario's policy; the components, in the order they start and finish (the driver first).
    let driver: PolicyDriver
    private(set) var components: [any ReplayComponent] = []
    /// Decides where replacement pods may start, when a component does (the node pools).
    var placement: (any PodPlacement)?
    /// Demand the recording never saw, per series (a StressChaos's).
    var extraDemand: [Int: [ExtraDemand]] = [:]
    /// Throttled samples per burst model, indexed like `BurstModelKind.allCases`.
    var burstModelSamples = [Int](repeating: 0, count: BurstModelKind.allCases.count)
    /// Pod evictions inside the evaluation window (by the policy or under node pressure).
    var evictions = 0
    /// How samples reach the policy, read once it is prepared (hot copies of the driver's).
    var sampleFlow = SampleFlow()

    public var trace: Trace { profile.trace }

    /// Whether `run` asks the policy for its recommendations at the end (for `recommend`).
    public var collectsRecommendations: Bool {
        get { driver.collectsRecommendations }
        set { driver.collectsRecommendations = newValue }
    }

    deinit {
        states.deinitialize()
        states.deallocate()
        nextSample.deallocate()
        metrics.deinitialize()
        metrics.deallocate()
        rates.deallocate()
    }

    /// A replay of `profile`'s trace from its start to its last sample, or over `span` when the trace
    /// is a part of a larger one (whose timeline every part shares). With node pools in `pricing`,
    /// pods are packed onto nodes; `failures` are injected.
    public init(
        profile: TraceProfile, policy: any ResourcePolicy, options: ReplayOptions, evaluationStart: TraceInstant,
        span: TimeSpan? = nil, pricing: PricingModel = .openCostDefault, failures: FailureTimeline = FailureTimeline()
    ) {
        self.profile = profile
        self.options = options
        self.evaluationStart = evaluationStart
        let trace = profile.trace
        timeline = span ?? TimeSpan(start: trace.start, end: trace.end)
        let flat = pricing.flatRates
        rates = SeriesRates(
            flat: AllocationRates(
                cpu: flat.cpuPerCoreHour / 3600, memory: flat.memoryPerGiBHour / 3600 / 1_073_741_824),
            seriesCount: trace.series.count, perNode: pricing.modelsNodes)
        states = .allocate(capacity: trace.series.count)
        nextSample = .allocate(capacity: trace.series.count)
        for (index, series) in trace.series.enumerated() {
            (states.baseAddress! + index).initialize(to: SeriesState(range: series.range))
            nextSample[index] = series.range.isEmpty ? .max : trace.time[series.range.lowerBound]
        }
        metrics = .allocate(capacity: trace.series.count)
        metrics.initialize(repeating: SeriesMetrics())
        seriesContainer = trace.series.map(\.containerIndex)
        seriesInterval = trace.series.map(\.interval)
        seriesLastTime = trace.series.map { $0.range.isEmpty ? .min : trace.time[$0.range.upperBound - 1] }
        driver = PolicyDriver(policy: policy, trace: trace)
        driver.engine = self
        assemble(pricing: pricing, failures: failures)
    }

    /// The components of a replay, in the order their first events are scheduled: the policy's
    /// ticks, billing, the node pools' checks, the failures.
    private func assemble(pricing: PricingModel, failures: FailureTimeline) {
        let capacity = pricing.modelsNodes ? NodeCapacity(pricing: pricing, engine: self) : nil
        placement = capacity
        components = [driver, CostLedger(engine: self, capacity: capacity)]
        if let capacity { components.append(capacity) }
        if !failures.failures.isEmpty || !failures.notes.isEmpty {
            components.append(FailureInjector(failures: failures, engine: self, capacity: capacity))
        }
    }

    /// Replays the whole trace.
    public func run() -> ScenarioResult {
        profile.withColumns { columns in
            self.columns = columns
            replay()
            self.columns = nil
        }
        return finish()
    }

    /// Schedules a component's event: `action` runs at `time`, after every series has been replayed
    /// up to it (and after the events scheduled earlier for the same time).
    func schedule(at time: TraceInstant, _ action: @escaping EventQueues.Action) {
        queues.global.schedule(EventQueues.ScheduledAction(run: action), at: time)
    }

    /// Sets (or moves, or with nil removes) the policy's next tick.
    func scheduleTick(at time: TraceInstant?, _ action: @escaping EventQueues.Action) {
        queues.tick = time.map { ($0, EventQueues.ScheduledAction(run: action)) }
    }

    /// The earliest time a policy could learn something new without an event of its own: the next
    /// sample of any series, or the next restart.
    func earliestPendingInput() -> TraceInstant {
        var earliest = queues.local.next?.time ?? .max
        for next in nextSample { earliest = min(earliest, next) }
        return earliest
    }

    /// The event loop.
    func replay() {
        for component in components { component.start() }
        sampleFlow = SampleFlow(observes: driver.observes, admits: driver.admits, batch: driver.batch)
        queues.horizon = queues.nextGlobalTime ?? .max
        advanceAll(to: queues.horizon)
        while let next = queues.pop() {
            switch next {
            case .restart(let series, let time):
                restart(series, at: time)
                driver.review(at: time)
                queues.horizon = queues.nextGlobalTime ?? .max
            case .global(let action, let time):
                action(time)
                driver.review(at: time)
                queues.horizon = queues.nextGlobalTime ?? .max
                advanceAll(to: queues.horizon)
            }
        }
    }

    /// Streams every series up to `time`: on all cores when the policy neither observes samples nor
    /// admits pods (series are independent between global events), else in series order. Either way
    /// the output is merged in series order, so the replay is the same.
    func advanceAll(to time: TraceInstant) {
        let count = states.count
        let shards = sampleFlow.observes || sampleFlow.admits || count < 64 ? 1 : min(ProcessorCount.online, 8)
        if shards == 1 {
            // In series order on this core, without the shards' buffers (this runs at every event).
            var output = StreamOutput()
            let columns = self.columns!
            var series = 0
            while series < count && nextSample[series] > time { series += 1 }
            while series < count {
                // The next due series' state and metrics are fetched while this one streams.
                var following = series + 1
                while following < count && nextSample[following] > time { following += 1 }
                if following < count { prefetch(series: following) }
                advance(series, to: time, columns: columns, output: &output)
                series = following
            }
            drain(output)
            return
        }
        let shared = StreamShards(engine: self, outputs: [StreamOutput](repeating: StreamOutput(), count: shards))
        DispatchQueue.concurrentPerform(iterations: shards) { shard in
            var output = StreamOutput()
            for series in (count * shard / shards)..<(count * (shard + 1) / shards)
            where shared.engine.nextSample[series] <= time {
                shared.engine.advance(series, to: time, output: &output)
            }
            shared.store(shard, output)
        }
        for output in shared.outputs { drain(output) }
    }

    /// Asks for the cache lines of a series' state and metrics ahead of its turn.
    @inline(__always)
    func prefetch(series: Int) {
        guard let states = states.baseAddress, let metrics = self.metrics.baseAddress else { return }
        let state = UnsafeRawPointer(states + series), metric = UnsafeRawPointer(metrics + series)
        for offset in stride(from: 0, to: MemoryLayout<SeriesState>.size, by: 64) { opexsim_prefetch(state + offset) }
        for offset in stride(from: 0, to: MemoryLayout<SeriesMetrics>.size, by: 64) {
            opexsim_prefetch(metric + offset)
        }
    }

    /// Streams one series up to the horizon (after it restarted).
    func advanceOne(_ series: Int) {
        var output = StreamOutput()
        advance(series, to: queues.horizon, output: &output)
        drain(output)
    }

    /// Schedules the restarts and tells the policy the events of a stream, in the order they came.
    func drain(_ output: StreamOutput) {
        for (time, series) in output.restarts { queues.local.schedule(series, at: time) }
        for event in output.events { driver.record(event) }
        for index in burstModelSamples.indices { burstModelSamples[index] += output.burstModelSamples[index] }
    }

    /// The result: per-series metrics and final settings, then what each component measured. The
    /// series' states are freed before the metrics are copied into the result: the two largest
    /// per-series tables are never held with the copy.
    func finish() -> ScenarioResult {
        let window = TimeSpan(start: evaluationStart, end: end)
        var finalSettings: [ResourceSettings] = []
        finalSettings.reserveCapacity(states.count)
        for (series, state) in states.enumerated() {
            var spans = state.downSpans
            let range = trace.series[series].range
            let last = range.isEmpty ? end : trace.time[range.upperBound - 1]
            if !state.isUp { spans.append(TimeSpan(start: state.downStart, end: last)) }
            metrics[series].downSpans = spans.compactMap { $0.clamped(to: window) }
            metrics[series].throttleHigh = state.detector.fired
            metrics[series].throttleHighSeconds = Double(state.detector.firingTime) / 1000
            finalSettings.append(state.settings.recordedIndex == .max ? .unset : state.settings.resources)
        }
        var samples: [BurstModelKind: Int] = [:]
        for (index, kind) in BurstModelKind.allCases.enumerated() where burstModelSamples[index] > 0 {
            samples[kind] = burstModelSamples[index]
        }
        var result = ScenarioResult(
            policy: driver.policy.spec, metrics: [], finalSettings: finalSettings, costTimeline: [],
            burstModelSamples: samples, settingsChanges: 0, evictions: evictions, resizes: 0, notes: [],
            recommendations: [], capacity: nil)
        for component in components { component.finish(into: &result) }
        states.deinitialize()
        states.deallocate()
        states = UnsafeMutableBufferPointer(start: nil, count: 0)
        result.metrics = Array(metrics)
        return result
    }
}

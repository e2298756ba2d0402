import OpexsimMetrics
import OpexsimPolicies
import OpexsimTraces

/// The scenario's policy in the replay: it prepares the policy, fires its ticks and applies its
/// decisions, hands it the samples and events it learns from, and asks it for admissions. It owns
/// the settings the policy set (per container, and per container of one pod).
final class PolicyDriver: ReplayComponent {
    let policy: any ResourcePolicy
    /// The policy's capabilities the replay uses.
    let learner: (any LearningPolicy)?
    let admitter: (any AdmittingPolicy)?
    let namespaceObserver: (any NamespaceEventObserver)?
    let quiet: (any QuietTickingPolicy)?
    /// The time of the latest tick.
    private var lastTick = TraceInstant.min
    /// The engine whose policy this is (set once, right after the engine is made).
    /// Unowned and unchecked: the engine owns this driver and outlives it.
    unowned(unsafe) var engine: ReplayEngine!
    /// The policy observes samples, and admits pods (known once it is prepared).
    private(set) var observes = false
    private(set) var admits = false
    /// Settings the policy set for every replica of a container, and for single containers of single
    /// pods (admission, in-place resizes), which win over the container-level ones.
    var containerOverride: OverrideTable
    var seriesOverride: OverrideTable
    /// Where the sample loop writes the samples handed to the policy.
    let batch: ObservationBuffers
    /// Settings changes the policy made (per container, or per container of a pod), and in-place
    /// resizes.
    private(set) var settingsChanges = 0
    private(set) var resizes = 0
    /// Ask the policy for its recommendations at the end (for `recommend`).
    var collectsRecommendations = false
    /// A policy that learns only for its ticks gets no sample after its last one (off only to check
    /// that this changes nothing).
    var stopsFeedingAfterLastTick = true
    /// `tick` as an event, made once: every tick schedules the same closure.
    private lazy var tickAction: EventQueues.Action = { [unowned self] time in tick(at: time) }

    init(policy: any ResourcePolicy, trace: Trace) {
        self.policy = policy
        learner = policy as? any LearningPolicy
        admitter = policy as? any AdmittingPolicy
        namespaceObserver = policy as? any NamespaceEventObserver
        quiet = policy as? any QuietTickingPolicy
        containerOverride = OverrideTable(count: trace.containers.count)
        seriesOverride = OverrideTable(count: trace.series.count)
        batch = ObservationBuffers(allocated: learner != nil)
    }

    deinit { batch.deallocate() }

    func start() {
        policy.prepare(
            PolicyContext(
                trace: engine.trace, start: engine.start, end: engine.end,
                warmupEnd: max(engine.evaluationStart, engine.start), reapplyInterval: engine.options.reapplyInterval))
        observes = learner != nil
        admits = admitter?.admitsPods ?? false
        engine.scheduleTick(at: policy.nextTick(after: .min), tickAction)
    }

    /// The policy's tick: its decisions apply at once, and it says when it wants the next one. A
    /// policy whose ticks do nothing until it learns something new skips to its first tick at or
    /// after the next sample or restart, or the time it names (`QuietTickingPolicy`).
    func tick(at time: TraceInstant) {
        lastTick = time
        for action in policy.tick(at: time, cluster: engine) { apply(action, at: time) }
        let regular = policy.nextTick(after: time)
        var next = regular
        if let quiet, let regular {
            let wake = min(quiet.quietUntil(after: time), engine.earliestPendingInput())
            if wake > regular { next = firstTick(atOrAfter: wake) }
        }
        engine.scheduleTick(at: next, tickAction)
        quiet?.ticked(at: time, next: next)
        // With no tick left, samples matter to a policy that learns only for its ticks no more.
        if regular == nil, observes, !admits, !collectsRecommendations, stopsFeedingAfterLastTick,
            learner?.learnsOnlyForTicks == true
        {
            observes = false
            engine.sampleFlow.observes = false
        }
    }

    /// After another event at `time`: when the policy skipped ahead and now has something to act
    /// on (an event changed its state, or a restart is due sooner), its tick moves back to the first
    /// one at or after `time` that would have seen it.
    func review(at time: TraceInstant) {
        guard let quiet else { return }
        // Never before `time` (the replay is there), nor again at a tick that has run; when the tick
        // is already the first one that could be, nothing is left to look at (no scan of the series).
        let earliest = max(time, lastTick + 1)
        if let scheduled = engine.queues.tick?.time, let first = firstTick(atOrAfter: earliest), scheduled <= first {
            return
        }
        let wake = max(earliest, min(quiet.quietUntil(after: time), engine.earliestPendingInput()))
        guard let target = firstTick(atOrAfter: wake), target < engine.queues.tick?.time ?? .max else { return }
        engine.scheduleTick(at: target, tickAction)
    }

    /// The policy's first tick at or after `time`, nil when there is none before the replay ends.
    func firstTick(atOrAfter time: TraceInstant) -> TraceInstant? {
        guard time <= engine.end else { return nil }
        return policy.nextTick(after: time == .min ? .min : time - 1)
    }

    func apply(_ action: PolicyAction, at time: TraceInstant) {
        switch action {
        case .apply(let container, let override):
            if containerOverride[container] != override { settingsChanges += 1 }
            containerOverride[container] = override
            let series = engine.trace.containers[container].series
            for series in series { seriesOverride[series] = nil }
            engine.refreshSettings(ofSeries: series)
        case .resize(let series, let override):
            if seriesOverride[series] != override { settingsChanges += 1 }
            seriesOverride[series] = override
            engine.refreshSettings(ofSeries: [series])
            resizes += 1
        case .evict(let pod):
            engine.evict(pod: pod, at: time)
        }
    }

    /// The override in force for a series: its own, else its container's.
    @inline(__always)
    func override(ofSeries series: Int, container: Int) -> SettingsOverride? {
        seriesOverride[series] ?? containerOverride[container]
    }

    /// The settings the policy gives a container of a pod being created (only when `admits`).
    func admission(series: Int, at time: TraceInstant) -> SettingsOverride? {
        admitter!.admit(series: series, at: time, cluster: engine)
    }

    /// Something happened to a container: the policy learns of it, if it learns.
    func record(_ event: ContainerEvent) {
        learner?.record(event)
    }

    /// Something happened to a namespace: the policy learns of it, if it keeps state there.
    func record(namespace event: NamespaceEvent) {
        namespaceObserver?.record(namespace: event)
    }

    /// Hands the policy the first `count` samples of the buffers, of one series.
    func flush(series: Int, container: Int, count: Int, cpuRequest: Double) {
        learner!.observe(
            ObservationBatch(
                series: series, containerIndex: container,
                time: UnsafeBufferPointer(rebasing: batch.time[0..<count]),
                start: UnsafeBufferPointer(rebasing: batch.start[0..<count]),
                cpu: UnsafeBufferPointer(rebasing: batch.cpu[0..<count]),
                memory: UnsafeBufferPointer(rebasing: batch.memory[0..<count]),
                cpuRequest: cpuRequest))
    }

    func finish(into result: inout ScenarioResult) {
        result.settingsChanges = settingsChanges
        result.resizes = resizes
        result.notes = policy.notes
        if collectsRecommendations { result.recommendations = policy.recommendations(at: engine.end, cluster: engine) }
    }
}

/// The buffers of one batch of observed samples, filled by the sample loop and handed to the policy.
struct ObservationBuffers {
    /// Samples per batch.
    static let capacity = 4096

    let time: UnsafeMutableBufferPointer<TraceInstant>
    let start: UnsafeMutableBufferPointer<TraceInstant>
    let cpu: UnsafeMutableBufferPointer<Double>
    let memory: UnsafeMutableBufferPointer<Double>

    /// No buffers (nothing observes).
    init() {
        time = UnsafeMutableBufferPointer(start: nil, count: 0)
        start = UnsafeMutableBufferPointer(start: nil, count: 0)
        cpu = UnsafeMutableBufferPointer(start: nil, count: 0)
        memory = UnsafeMutableBufferPointer(start: nil, count: 0)
    }

    /// Buffers of `capacity` samples, or empty ones when nothing observes.
    init(allocated: Bool) {
        let size = allocated ? Self.capacity : 0
        time = .allocate(capacity: size)
        start = .allocate(capacity: size)
        cpu = .allocate(capacity: size)
        memory = .allocate(capacity: size)
    }

    func deallocate() {
        time.deallocate()
        start.deallocate()
        cpu.deallocate()
        memory.deallocate()
    }
}

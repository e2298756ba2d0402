import Dispatch
import OpexsimFailures
import OpexsimMetrics
import OpexsimPolicies
import OpexsimPricing
import OpexsimTraces

/// The discrete-event replay of one scenario: one policy over one trace.
///
/// Samples stream through each series in time order and never enter the event queue. The queues
/// hold discrete events only: *global* ones (policy ticks, billing boundaries), before which every
/// series is replayed up to the event's time, and *local* ones (a container's restart), which
/// concern one series, which stops streaming at its pending restart until the event has fired.
/// Ties are broken by insertion order.
public final class ReplayEngine {
    public let profile: TraceProfile
    public let options: ReplayOptions
    /// Prices the allocations (and, with node pools, the nodes).
    public let pricing: PricingModel
    let policy: any ResourcePolicy
    /// The policy's capabilities the replay uses: learning, admission, namespace events.
    let learner: (any LearningPolicy)?
    let admitter: (any AdmittingPolicy)?
    let namespaceObserver: (any NamespaceEventObserver)?
    /// Metrics count from here (the end of the warmup when any scenario learns).
    public let evaluationStart: TraceInstant
    let start: TraceInstant
    let end: TraceInstant

    /// Per series, owned by the engine. Raw buffers: shards write disjoint elements in parallel, and
    /// policies read them through `ClusterView` while a series streams.
    let states: UnsafeMutableBufferPointer<ReplicaState>
    let metrics: UnsafeMutableBufferPointer<SeriesMetrics>
    var containerOverride: [SettingsOverride?]
    /// Settings of single containers of single pods (admission, in-place resizes); they win over
    /// the container-level ones.
    var seriesOverride: [SettingsOverride?]
    var globalEvents = EventQueue<GlobalEvent>()
    var localEvents = EventQueue<Int>()
    /// Time of the next global event: series stream up to here.
    var horizon: TraceInstant = .max
    var costTimeline: [CostPoint] = []
    var burstModelSamples = [Int](repeating: 0, count: BurstModelKind.allCases.count)
    var settingsChanges = 0
    /// Pod evictions and in-place resizes the policy made inside the evaluation window.
    var evictions = 0
    var resizes = 0

    /// Views of the trace columns, valid while `run` is running.
    var columns: TraceColumns?
    /// Per series: its container, nominal interval and last sample time (hot copies).
    let seriesContainer: [Int]
    let seriesInterval: [Int64]
    let seriesLastTime: [TraceInstant]

    /// Observation batch buffers handed to the policy.
    let batchCapacity = 4096
    let batchTime: UnsafeMutableBufferPointer<TraceInstant>
    let batchStart: UnsafeMutableBufferPointer<TraceInstant>
    let batchCPU: UnsafeMutableBufferPointer<Double>
    let batchMemory: UnsafeMutableBufferPointer<Double>
    /// The node pools, when the pricing has them.
    var capacity: ClusterCapacity?
    /// The failures of this run, what they did, extra demand from stress, and containers whose
    /// replacements left a lost node.
    public let failures: FailureTimeline
    var incidents: [Incident] = []
    var stressWindows: [Int: [StressWindow]] = [:]
    /// Per series, the node it runs on now: the trace's node, or a replacement node after a loss
    /// (`node-a~1`); nil without a node column.
    lazy var currentNode: [String?] = trace.series.map { $0.node >= 0 ? trace.names[$0.node] : nil }
    /// Replacement nodes created per lost node name, for their names.
    var replacementNodes: [String: Int] = [:]
    /// Failures that struck when nothing they target was running.
    var missedFailures: [String] = []
    /// Whether `run` asks the policy for its recommendations at the end (for `recommend`).
    public var collectsRecommendations = false
    /// The policy's `observesSamples` and `admitsPods`, read once it is prepared.
    var observes = false
    var admits = false

    enum GlobalEvent {
        case policyTick
        case billingBoundary
        case capacityCheck
        /// Failure, backup checkpoint and restore of `failures.failures[index]`.
        case failure(Int)
        case checkpoint(Int)
        case namespaceRestored(Int)
    }

    public var trace: Trace { profile.trace }

    deinit {
        states.deinitialize()
        states.deallocate()
        metrics.deinitialize()
        metrics.deallocate()
        batchTime.deallocate()
        batchStart.deallocate()
        batchCPU.deallocate()
        batchMemory.deallocate()
    }

    /// A replay of `profile`'s trace from its start to its last sample, or over `span` when the trace
    /// is a part of a larger one (whose timeline every part shares).
    public init(profile: TraceProfile, policy: any ResourcePolicy, options: ReplayOptions, evaluationStart: TraceInstant,
                span: TimeSpan? = nil, pricing: PricingModel = .openCostDefault, failures: FailureTimeline = FailureTimeline()) {
        self.profile = profile
        self.policy = policy
        learner = policy as? any LearningPolicy
        admitter = policy as? any AdmittingPolicy
        namespaceObserver = policy as? any NamespaceEventObserver
        self.options = options
        self.pricing = pricing
        self.failures = failures
        self.evaluationStart = evaluationStart
        let trace = profile.trace
        start = span?.start ?? trace.start
        end = span?.end ?? trace.end
        states = .allocate(capacity: trace.series.count)
        let rates = pricing.flatRates
        let cpuRate = rates.cpuPerCoreHour / 3600, memoryRate = rates.memoryPerGiBHour / 3600 / 1_073_741_824
        _ = states.initialize(from: trace.series.map { series in
            var state = ReplicaState(range: series.range)
            state.cpuRate = cpuRate
            state.memoryRate = memoryRate
            return state
        })
        metrics = .allocate(capacity: trace.series.count)
        metrics.initialize(repeating: SeriesMetrics())
        containerOverride = Array(repeating: nil, count: trace.containers.count)
        seriesOverride = Array(repeating: nil, count: trace.series.count)
        seriesContainer = trace.series.map(\.containerIndex)
        seriesInterval = trace.series.map(\.interval)
        seriesLastTime = trace.series.map { $0.range.isEmpty ? .min : trace.time[$0.range.upperBound - 1] }
        if pricing.modelsNodes { capacity = ClusterCapacity(pricing: pricing, trace: trace, start: start) }
        let batchSize = learner != nil ? batchCapacity : 0
        batchTime = .allocate(capacity: batchSize)
        batchStart = .allocate(capacity: batchSize)
        batchCPU = .allocate(capacity: batchSize)
        batchMemory = .allocate(capacity: batchSize)
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

    /// The event loop.
    func replay() {
        policy.prepare(PolicyContext(
            trace: trace, start: start, end: end,
            warmupEnd: max(evaluationStart, start), reapplyInterval: options.reapplyInterval))
        observes = learner != nil
        admits = admitter?.admitsPods ?? false
        if let first = policy.nextTick(after: .min) { globalEvents.schedule(.policyTick, at: first) }
        let period = options.billingPeriod
        var boundary = (start / period + 1) * period
        while boundary < end {
            globalEvents.schedule(.billingBoundary, at: boundary)
            boundary += period
        }
        if let capacity { globalEvents.schedule(.capacityCheck, at: min(end, start + capacity.period)) }
        scheduleFailures()
        horizon = globalEvents.next?.time ?? .max
        advanceAll(to: horizon)
        while true {
            let local = localEvents.next
            let global = globalEvents.next
            if let local, global == nil || (local.time, local.sequence) < (global!.time, global!.sequence) {
                let (time, series) = localEvents.pop()!
                restart(series, at: time)
            } else if global != nil {
                let (time, event) = globalEvents.pop()!
                fire(event, at: time)
                horizon = globalEvents.next?.time ?? .max
                advanceAll(to: horizon)
            } else {
                break
            }
        }
        recordCost(at: end)
    }

    /// Streams every series up to `time`: on all cores when the policy does not observe samples
    /// (series are independent between global events), else in series order. Either way the output
    /// is merged in series order, so the replay is the same.
    func advanceAll(to time: TraceInstant) {
        let count = states.count
        let shards = observes || admits || count < 64 ? 1 : min(ProcessorCount.online, 8)
        var outputs = [StreamOutput](repeating: StreamOutput(), count: shards)
        if shards == 1 {
            let columns = self.columns!
            for series in 0..<count { advance(series, to: time, columns: columns, output: &outputs[0]) }
        } else {
            let shared = StreamShards(engine: self, outputs: outputs)
            DispatchQueue.concurrentPerform(iterations: shards) { shard in
                var output = StreamOutput()
                for series in (count * shard / shards)..<(count * (shard + 1) / shards) {
                    shared.engine.advance(series, to: time, output: &output)
                }
                shared.store(shard, output)
            }
            outputs = shared.outputs
        }
        for output in outputs { drain(output) }
    }

    /// Streams one series up to `time`.
    func advanceOne(_ series: Int, to time: TraceInstant) {
        var output = StreamOutput()
        advance(series, to: time, output: &output)
        drain(output)
    }

    /// Schedules the restarts and tells the policy the events of a stream, in the order they came.
    func drain(_ output: StreamOutput) {
        for (time, series) in output.restarts { localEvents.schedule(series, at: time) }
        for event in output.events { learner?.record(event) }
        for index in burstModelSamples.indices { burstModelSamples[index] += output.burstModelSamples[index] }
    }

    func fire(_ event: GlobalEvent, at time: TraceInstant) {
        switch event {
        case .policyTick:
            for action in policy.tick(at: time, cluster: self) { apply(action, at: time) }
            if let next = policy.nextTick(after: time) { globalEvents.schedule(.policyTick, at: next) }
        case .billingBoundary:
            recordCost(at: time)
        case .capacityCheck:
            checkCapacity(at: time)
            if time < end, let capacity { globalEvents.schedule(.capacityCheck, at: min(end, time + capacity.period)) }
        case .failure(let index):
            inject(index, at: time)
        case .checkpoint(let index):
            checkpoint(for: index)
        case .namespaceRestored(let index):
            namespaceRestored(for: index)
        }
    }

    func apply(_ action: PolicyAction, at time: TraceInstant) {
        switch action {
        case .apply(let container, let override):
            if containerOverride[container] != override { settingsChanges += 1 }
            containerOverride[container] = override
            for series in trace.containers[container].series {
                seriesOverride[series] = nil
                if states[series].recordedIndex != .max { refreshSettings(&states[series], series: series) }
            }
        case .resize(let series, let override):
            if seriesOverride[series] != override { settingsChanges += 1 }
            seriesOverride[series] = override
            if states[series].recordedIndex != .max { refreshSettings(&states[series], series: series) }
            resizes += 1
        case .evict(let pod):
            evict(pod: pod, at: time)
        }
    }

    /// Stops a pod's containers now; each comes back as part of a replacement pod after the
    /// graceful termination and the start-up, admitted anew.
    @discardableResult
    func evict(pod: Int, at time: TraceInstant, gracePeriod: Int64? = nil) -> Bool {
        let comeback = time + (gracePeriod ?? options.terminationGracePeriod) + options.startupDelay
        var evicted = false
        for series in trace.pods[pod].series where stop(series, at: time, until: comeback, recreate: true) {
            evicted = true
            if time > evaluationStart { metrics[series].evictions += 1 }
        }
        if evicted && time > evaluationStart { evictions += 1 }
        return evicted
    }

    func recordCost(at time: TraceInstant) {
        var cpu = 0.0, memory = 0.0
        for m in metrics {
            cpu += m.cpuCostUSD
            memory += m.memoryCostUSD
        }
        var point = CostPoint(time: time, cpuCostUSD: cpu, memoryCostUSD: memory)
        if var capacity {
            capacity.payNodes(to: time, windowStart: evaluationStart)
            point.nodeCostUSD = capacity.nodeCost.reduce(0, +)
            point.unplacedUSD = capacity.unplacedAllocated
            self.capacity = capacity
        }
        if let last = costTimeline.last, last.time == time { costTimeline.removeLast() }
        costTimeline.append(point)
    }

    /// The effective settings of a series from its recorded settings and the overrides.
    @inline(__always)
    func refreshSettings(_ state: inout ReplicaState, series: Int) {
        let recorded = trace.settings[Int(state.recordedIndex)]
        let override = seriesOverride[series] ?? containerOverride[seriesContainer[series]]
        let settings = override?.applied(to: recorded) ?? recorded
        state.settings = settings
        state.cpuRequest = settings.effectiveCPURequest
        state.cpuLimit = settings.cpuLimit ?? .infinity
        state.memoryRequest = settings.effectiveMemoryRequest
        state.memoryLimit = settings.memoryLimit ?? .infinity
        state.recordedCPULimit = recorded.cpuLimit ?? .nan
        state.recordedMemoryLimit = recorded.memoryLimit ?? .nan
    }

    /// A crashed container starts again, or an evicted pod's replacement starts.
    func restart(_ series: Int, at time: TraceInstant) {
        var state = states[series]
        guard !state.isUp, state.restartAt == time else { return }
        // With node pools, a replacement pod starts only where capacity allows: while it fits no node
        // (a pool at its maximum), it stays pending until the next capacity check; on a node still
        // launching, until the node is Ready.
        if state.recreating, let capacity {
            let startable = capacity.startTime(pod: trace.series[series].podIndex, at: time)
            if startable != time {
                scheduleRestart(series, of: &state, at: startable ?? time + capacity.period)
                states[series] = state
                return
            }
        }
        state.isUp = true
        state.downSpans.append(TimeSpan(start: state.downStart, end: time))
        state.downStart = .max
        state.upSince = time
        state.restartAt = .max
        let recreated = state.recreating
        if recreated {
            state.recreating = false
            state.podStartedAt = time
            state.lastOOMKill = nil
            state.lastOOMRunningFor = nil
        }
        states[series] = state
        if recreated {
            admit(series, at: time)
        } else {
            if time > evaluationStart { metrics[series].restarts += 1 }
            learner?.record(.restarted(series: series, at: time))
        }
        advanceOne(series, to: horizon)
    }

    /// Asks the policy for the settings of a container of a pod being created.
    func admit(_ series: Int, at time: TraceInstant) {
        guard admits else { return }
        let override = admitter!.admit(series: series, at: time, cluster: self)
        if override != seriesOverride[series] {
            seriesOverride[series] = override
            if states[series].recordedIndex != .max { refreshSettings(&states[series], series: series) }
        }
    }

    func finish() -> ScenarioResult {
        let window = TimeSpan(start: evaluationStart, end: end)
        var finalSettings: [ResourceSettings] = []
        for (series, state) in states.enumerated() {
            var spans = state.downSpans
            let range = trace.series[series].range
            let last = range.isEmpty ? end : trace.time[range.upperBound - 1]
            if !state.isUp { spans.append(TimeSpan(start: state.downStart, end: last)) }
            metrics[series].downSpans = spans.compactMap { $0.clamped(to: window) }
            metrics[series].throttleHigh = state.detector.fired
            metrics[series].throttleHighSeconds = Double(state.detector.firingTime) / 1000
            finalSettings.append(state.recordedIndex == .max ? .unset : state.settings)
        }
        var samples: [BurstModelKind: Int] = [:]
        for (index, kind) in BurstModelKind.allCases.enumerated() where burstModelSamples[index] > 0 {
            samples[kind] = burstModelSamples[index]
        }
        return ScenarioResult(
            policy: policy.spec, metrics: Array(metrics), finalSettings: finalSettings, costTimeline: costTimeline,
            burstModelSamples: samples, settingsChanges: settingsChanges, evictions: evictions, resizes: resizes,
            notes: policy.notes,
            recommendations: collectsRecommendations ? policy.recommendations(at: end, cluster: self) : [],
            capacity: capacity?.outcome(), incidents: finishIncidents(), failureNotes: failures.notes + missedFailures)
    }
}

extension ReplayEngine: ClusterView {
    public func settings(ofSeries series: Int) -> ResourceSettings {
        if states[series].recordedIndex != .max { return states[series].settings }
        let recorded = recordedSettings(ofSeries: series)
        return containerOverride[trace.series[series].containerIndex]?.applied(to: recorded) ?? recorded
    }

    public func recordedSettings(ofSeries series: Int) -> ResourceSettings {
        let index = states[series].recordedIndex
        if index != .max { return profile.trace.settings[Int(index)] }
        let range = trace.series[series].range
        return range.isEmpty ? .unset : trace.settings[Int(trace.settingsIndex[range.lowerBound])]
    }

    public func isLive(series: Int) -> Bool {
        states[series].recordedIndex != .max && states[series].cursor < states[series].end
    }

    public func status(ofSeries series: Int) -> ReplicaStatus {
        // Field by field: copying the whole state would retain its arrays.
        let started = states[series].recordedIndex != .max
        return ReplicaStatus(
            isLive: started && states[series].cursor < states[series].end, isRunning: states[series].isUp,
            isPending: states[series].recreating, podStartedAt: states[series].podStartedAt,
            lastOOMKill: states[series].lastOOMKill, lastOOMRunningFor: states[series].lastOOMRunningFor,
            workingSet: states[series].lastWorkingSet)
    }
}

/// What streaming produced that concerns the whole replay.
struct StreamOutput {
    var restarts: [(TraceInstant, Int)] = []
    var events: [ContainerEvent] = []
    var burstModelSamples = BurstModelCounts()
}

/// Throttled samples per burst model, indexed like `BurstModelKind.allCases`.
struct BurstModelCounts {
    var counts: (Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0)

    subscript(index: Int) -> Int {
        get {
            switch index {
            case 0: return counts.0
            case 1: return counts.1
            case 2: return counts.2
            case 3: return counts.3
            default: return counts.4
            }
        }
        set {
            switch index {
            case 0: counts.0 = newValue
            case 1: counts.1 = newValue
            case 2: counts.2 = newValue
            case 3: counts.3 = newValue
            default: counts.4 = newValue
            }
        }
    }
}

/// The per-shard outputs of a parallel stream; each shard writes only its own series and its own slot.
final class StreamShards: @unchecked Sendable {
    let engine: ReplayEngine
    private(set) var outputs: [StreamOutput]
    private let lock = DispatchQueue(label: "opexsim.stream")

    init(engine: ReplayEngine, outputs: [StreamOutput]) {
        self.engine = engine
        self.outputs = outputs
    }

    func store(_ shard: Int, _ output: StreamOutput) { lock.sync { outputs[shard] = output } }
}

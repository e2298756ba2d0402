import OpexsimTraces

/// The VPA recommender running inside a replay: it feeds what the replayed containers report into
/// one aggregate per workload container and one state per replica, and publishes estimates at its
/// loop interval. CPU samples follow the recommender's one-minute cadence (docs/vpa.md, section 4):
/// a trace sample covering about a minute or more (clock jitter allowed) is one CPU sample, as
/// upstream's `addCPUSample` adds every sample starting after the replica's previous one; samples
/// of a finer trace are averaged by the minute they end in. Single-threaded.
public final class VPARecommender {
    public let parameters: VPARecommenderParameters
    /// The replay's start: aggregates exist from here.
    let start: TraceInstant
    /// Owned buffers rather than arrays: the per-sample path then pays no exclusivity checks.
    private let aggregates: UnsafeMutableBufferPointer<VPAAggregateState>
    private let replicas: UnsafeMutableBufferPointer<VPAContainerState>
    /// The shortest sample that counts as a whole CPU sample: the loop interval less 2% (58.8 s of a
    /// minute), so that clock jitter never makes a minute-sampled trace look finer (Nezha's steps run
    /// from 59.36 s to 60.54 s). opexsim's choice, not an upstream constant (docs/vpa.md, section 4).
    let wholeSample: Int64
    /// Per series: the open minute of a finer trace (the minute its samples end in, the start of its
    /// first sample, served core-milliseconds, covered ms); `.min` when none is open.
    private let minuteKey: UnsafeMutableBufferPointer<TraceInstant>
    private let minuteStart: UnsafeMutableBufferPointer<TraceInstant>
    private let minuteCoreMillis: UnsafeMutableBufferPointer<Double>
    private let minuteCovered: UnsafeMutableBufferPointer<Int64>
    /// The published estimates per container, nil until there is one.
    private let published: UnsafeMutableBufferPointer<VPAEstimate?>
    /// Containers whose aggregate changed since their estimate was published.
    private let changed: UnsafeMutableBufferPointer<Bool>
    /// `changed` as publishing at every loop would leave it: containers changed since the latest loop,
    /// published or not (`deferPublishing`), and those without samples, which a publish leaves changed.
    private let changedSinceLoop: UnsafeMutableBufferPointer<Bool>
    /// Per container: the percentiles of its last estimate and what they gave (the percentiles
    /// rarely move from one loop to the next, the confidence always does).
    private let bases: UnsafeMutableBufferPointer<PercentileBases>
    /// What the confidence divides by.
    private let confidenceScales: VPAEstimator.ConfidenceScales
    /// CPU samples fed, and how many came from averaging a finer trace.
    public private(set) var cpuSamples = 0
    public private(set) var averagedSamples = 0
    /// The per-container share of the per-pod minimums, per container (by the containers per pod
    /// that the VPA controls).
    private let minimums: [VPAEstimate.Amounts]

    /// A recommender for the containers of `trace` whose aggregates exist from `start` (the replay's
    /// start); `controlled` tells which containers (by index) a VPA controls. Without `tables` it
    /// holds nothing per container or series and only adds up the counts of others
    /// (`absorbCounts(of:)`): it may not be fed.
    public init(
        trace: Trace, start: TraceInstant, parameters: VPARecommenderParameters, tables: Bool = true,
        controlled: (Int) -> Bool
    ) {
        self.parameters = parameters
        self.start = start
        wholeSample = parameters.recommenderInterval - parameters.recommenderInterval / 50
        confidenceScales = VPAEstimator.ConfidenceScales(parameters)
        let containerCount = tables ? trace.containers.count : 0
        let seriesCount = tables ? trace.series.count : 0
        aggregates = .allocate(capacity: containerCount)
        aggregates.initialize(repeating: VPAAggregateState(parameters: parameters, creationTime: start))
        replicas = .allocate(capacity: seriesCount)
        replicas.initialize(repeating: VPAContainerState())
        minuteKey = .allocate(capacity: seriesCount)
        minuteKey.initialize(repeating: .min)
        minuteStart = .allocate(capacity: seriesCount)
        minuteStart.initialize(repeating: .min)
        minuteCoreMillis = .allocate(capacity: seriesCount)
        minuteCoreMillis.initialize(repeating: 0)
        minuteCovered = .allocate(capacity: seriesCount)
        minuteCovered.initialize(repeating: 0)
        published = .allocate(capacity: containerCount)
        published.initialize(repeating: nil)
        changed = .allocate(capacity: containerCount)
        changed.initialize(repeating: false)
        changedSinceLoop = .allocate(capacity: containerCount)
        changedSinceLoop.initialize(repeating: false)
        bases = .allocate(capacity: containerCount)
        bases.initialize(repeating: PercentileBases())
        minimums = trace.containers.prefix(containerCount).map { container in
            let containersInPod = max(1, trace.workloads[container.workloadIndex].containers.filter(controlled).count)
            return VPAEstimator.minimumPerContainer(containersInPod: containersInPod, parameters: parameters)
        }
    }

    deinit {
        aggregates.deinitialize()
        aggregates.deallocate()
        replicas.deinitialize()
        replicas.deallocate()
        minuteKey.deallocate()
        minuteStart.deallocate()
        minuteCoreMillis.deallocate()
        minuteCovered.deallocate()
        published.deinitialize()
        published.deallocate()
        changed.deallocate()
        changedSinceLoop.deallocate()
        bases.deallocate()
    }

    /// The aggregates of `containers`, as a VerticalPodAutoscalerCheckpoint holds them.
    public func checkpoint(containers: [Int]) -> [VPAAggregateState] {
        containers.map { aggregates[$0] }
    }

    /// Forgets what was learned about `containers` and the replicas `series` (their VPA objects and
    /// checkpoints are gone): empty aggregates, no estimates.
    public func forget(containers: [Int], series: [Int]) {
        for container in containers {
            aggregates[container] = VPAAggregateState(parameters: parameters, creationTime: start)
            published[container] = nil
            changed[container] = false
            changedSinceLoop[container] = false
        }
        for replica in series {
            replicas[replica] = VPAContainerState()
            minuteKey[replica] = .min
            minuteStart[replica] = .min
            minuteCoreMillis[replica] = 0
            minuteCovered[replica] = 0
        }
    }

    /// Puts back the aggregates of `containers` from a checkpoint taken with `checkpoint(containers:)`.
    public func restore(containers: [Int], from checkpoint: [VPAAggregateState]) {
        precondition(
            containers.count == checkpoint.count, "\(checkpoint.count) aggregates for \(containers.count) containers")
        for (container, state) in zip(containers, checkpoint) {
            aggregates[container] = state
            markChanged(container)
        }
    }

    /// Adds the sample counts of a recommender that ran over another part of the trace.
    /// A recommender without tables holding this one's counts: what `absorbCounts(of:)` reads of a
    /// part's recommender once its replay is done.
    public func countsOnly(of trace: Trace) -> VPARecommender {
        let counts = VPARecommender(trace: trace, start: start, parameters: parameters, tables: false) { _ in false }
        counts.absorbCounts(of: self)
        return counts
    }

    public func absorbCounts(of other: VPARecommender) {
        cpuSamples += other.cpuSamples
        averagedSamples += other.averagedSamples
    }

    /// Feeds a batch of observed samples. A whole sample first feeds the minute still open before it,
    /// so that every CPU sample of a series starts after the previous one and none is dropped.
    public func observe(_ batch: ObservationBatch) {
        let series = batch.series, container = batch.containerIndex
        let wholeSample = self.wholeSample
        for i in 0..<batch.time.count {
            let start = batch.start[i], end = batch.time[i]
            let cpu = batch.cpu[i]
            if !cpu.isNaN {
                if end - start >= wholeSample {
                    if minuteKey[series] != .min {
                        flushMinute(series: series, container: container, request: batch.cpuRequest)
                    }
                    addCPU(series: series, container: container, start: start, cores: cpu, request: batch.cpuRequest)
                } else {
                    accumulate(
                        series: series, container: container, start: start, end: end, cores: cpu,
                        request: batch.cpuRequest)
                }
            }
            let memory = batch.memory[i]
            if !memory.isNaN
                && replicas[series].addMemorySample(start: start, bytes: memory, into: &aggregates[container])
            {
                markChanged(container)
            }
        }
    }

    /// Adds a finer sample to the minute it ends in; a minute is fed once a sample of a later minute
    /// (or a whole sample) arrives, starting where its first sample starts.
    private func accumulate(
        series: Int, container: Int, start: TraceInstant, end: TraceInstant, cores: Double, request: Double
    ) {
        let interval = parameters.recommenderInterval
        let minute = (end - 1) / interval * interval
        if minuteKey[series] != minute {
            flushMinute(series: series, container: container, request: request)
            minuteKey[series] = minute
            minuteStart[series] = start
        }
        let length = end - start
        minuteCoreMillis[series] += cores * Double(length)
        minuteCovered[series] += length
    }

    /// Feeds the open minute of a series, if any, and closes it.
    private func flushMinute(series: Int, container: Int, request: Double) {
        guard minuteKey[series] != .min else { return }
        minuteKey[series] = .min
        if minuteCovered[series] > 0 {
            averagedSamples += 1
            addCPU(
                series: series, container: container, start: minuteStart[series],
                cores: minuteCoreMillis[series] / Double(minuteCovered[series]), request: request)
        }
        minuteCoreMillis[series] = 0
        minuteCovered[series] = 0
    }

    private func addCPU(series: Int, container: Int, start: TraceInstant, cores: Double, request: Double) {
        if replicas[series].addCPUSample(
            start: start, cores: cores, request: request > 0 ? request : nil, into: &aggregates[container])
        {
            cpuSamples += 1
            markChanged(container)
        }
    }

    /// An OOM kill of a replica, with its memory request at the time (VPA's OOM observer passes the
    /// request, not the limit).
    public func recordOOM(series: Int, container: Int, at time: TraceInstant, memoryRequest: Double?) {
        if replicas[series].recordOOM(time: time, memoryRequest: memoryRequest ?? 0, into: &aggregates[container]) {
            markChanged(container)
        }
    }

    @inline(__always)
    private func markChanged(_ container: Int) {
        changed[container] = true
        changedSinceLoop[container] = true
    }

    /// Some container's aggregate changed since the latest loop, or has no samples and changed since
    /// its estimate was published: what is left unpublished when every loop publishes.
    public var hasUnpublishedChanges: Bool { changedSinceLoop.contains(true) }

    /// A loop that publishes nothing because no one reads its estimates: the changes wait for the
    /// next `publish`, which gives what publishing now and then would (an estimate depends only on
    /// its aggregate). `hasUnpublishedChanges` answers as if this loop had published.
    public func deferPublishing() {
        for container in aggregates.indices where changedSinceLoop[container] {
            changedSinceLoop[container] = !aggregates[container].hasSamples
        }
    }

    /// The published estimate of `container`, nil until there is one.
    @inline(__always)
    public func estimate(of container: Int) -> VPAEstimate? { published[container] }

    /// Every container's published estimate.
    public var estimates: [VPAEstimate?] { Array(published) }

    /// Recomputes and publishes the estimate of every container whose aggregate changed (the others
    /// would come out the same: decay scales all weights of a histogram alike).
    public func publish() { publish { _ in } }

    /// `publish()`, telling `different` of each container whose published estimate is now different.
    public func publish(_ different: (Int) -> Void) {
        for container in aggregates.indices where changed[container] && aggregates[container].hasSamples {
            changed[container] = false
            changedSinceLoop[container] = false
            // The same as `VPAEstimator.estimate(updating:minimum:parameters:)`, with the percentiles'
            // part made again only when they moved.
            let (cpu, memory) = aggregates[container].cachedPercentiles(parameters)
            let key = PercentileBases.Key(cpu: cpu, memory: memory)
            if bases[container].key != key {
                bases[container] = PercentileBases(
                    key: key,
                    bases: VPAEstimator.bases(
                        cpuValues: cpu, memoryValues: memory, minimum: minimums[container], parameters: parameters))
            }
            let estimate: VPAEstimate? = VPAEstimator.estimate(
                span: VPAEstimator.SampleSpan(aggregates[container]), bases: bases[container].bases,
                minimum: minimums[container], parameters: parameters, scales: confidenceScales)
            if estimate != published[container] {
                published[container] = estimate
                different(container)
            }
        }
    }
}

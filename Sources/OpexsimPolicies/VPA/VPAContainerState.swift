import OpexsimTraces

/// The recommender's state of one running container, one per replica (`ContainerState`,
/// `pkg/recommender/model/container.go`). It deduplicates CPU samples and turns memory samples
/// into one peak per aggregation interval, feeding both into the workload's `VPAAggregateState`.
///
/// Memory intervals are anchored to the container's first memory sample: that sample opens an
/// interval ending one interval later (`windowEnd`). Inside an interval a larger sample replaces
/// the peak (the old one is subtracted); a sample at or past `windowEnd` moves `windowEnd` forward
/// by `truncate(t − windowEnd, interval) + interval` and starts a new peak. Every peak is stamped
/// at `windowEnd`, not at its sample's time.
public struct VPAContainerState: Sendable, Equatable {
    /// Start of the latest CPU sample aggregated.
    public private(set) var lastCPUSampleStart: TraceInstant?
    /// Largest memory sample of the current interval (bytes).
    public private(set) var memoryPeak: Int64 = 0
    /// Largest OOM-derived memory sample of the current interval (bytes).
    public private(set) var oomPeak: Int64 = 0
    /// End (exclusive) of the current memory interval; nil before the first memory sample.
    public private(set) var windowEnd: TraceInstant?
    /// Start of the latest memory sample aggregated, OOM samples included.
    public private(set) var lastMemorySampleStart: TraceInstant?

    /// A container not yet sampled.
    public init() {}

    /// `GetMaxMemoryPeak`: the interval's peak, OOM-derived or not.
    public var maxMemoryPeak: Int64 { max(memoryPeak, oomPeak) }

    /// Aggregates a CPU usage sample (average cores over the sample, as metrics-server reports it;
    /// rounded up to whole millicores as `Quantity.MilliValue()` does) taken while the container
    /// requested `request` cores (nil when unset; used only by `.request` weighting). Returns false,
    /// changing nothing, when the sample is invalid or does not start strictly after the previous
    /// CPU sample of this container.
    @discardableResult
    public mutating func addCPUSample(
        start: TraceInstant, cores: Double, request: Double? = nil,
        into aggregate: inout VPAAggregateState
    ) -> Bool {
        guard let millicores = VPAResourceAmount.millicores(fromCores: cores) else { return false }
        let requestMillicores = request.flatMap(VPAResourceAmount.millicores(fromCores:)) ?? 0
        if let last = lastCPUSampleStart, start <= last { return false }
        aggregate.addCPUSample(millicores: millicores, requestMillicores: requestMillicores, start: start)
        lastCPUSampleStart = start
        return true
    }

    /// Aggregates a memory (working-set) sample in bytes, rounded up to a whole byte. Returns false,
    /// changing nothing, when the sample is invalid or older than the previous memory sample.
    @discardableResult
    public mutating func addMemorySample(start: TraceInstant, bytes: Double, into aggregate: inout VPAAggregateState)
        -> Bool
    {
        guard let amount = VPAResourceAmount.bytes(from: bytes) else { return false }
        return addMemorySample(start: start, bytes: amount, isOOM: false, into: &aggregate)
    }

    /// `RecordOOM`: an OOM kill at `time` of this container while it requested `memoryRequest` bytes
    /// (the request, not the limit, as the OOM observer passes it). Records
    /// `VPAOOMBump.memoryNeeded(request: memoryRequest, peak: memoryPeak)` as an OOM memory sample at
    /// `time`, which becomes the interval's `oomPeak` and replaces the peak in the histogram if
    /// larger. Returns false for an OOM older than `lastMemorySampleStart − interval`
    /// (kubernetes/autoscaler#8548) or an invalid request.
    @discardableResult
    public mutating func recordOOM(time: TraceInstant, memoryRequest: Double, into aggregate: inout VPAAggregateState)
        -> Bool
    {
        guard let request = VPAResourceAmount.bytes(from: memoryRequest) else { return false }
        if let last = lastMemorySampleStart, time < last - aggregate.memoryAggregationInterval { return false }
        let needed = VPAOOMBump.memoryNeeded(
            request: request, peak: memoryPeak, bumpUpRatio: aggregate.oomBumpUpRatio,
            minBumpUpBytes: aggregate.oomMinBumpUpBytes, maximum: aggregate.maxResourceAmount)
        return addMemorySample(start: time, bytes: needed, isOOM: true, into: &aggregate)
    }

    /// `addMemorySample`. OOM samples skip the ordering check and may move
    /// `lastMemorySampleStart` back, as upstream.
    private mutating func addMemorySample(
        start: TraceInstant, bytes: Int64, isOOM: Bool,
        into aggregate: inout VPAAggregateState
    ) -> Bool {
        guard bytes >= 0 else { return false }
        if !isOOM, let last = lastMemorySampleStart, start < last { return false }
        lastMemorySampleStart = start
        var end = windowEnd ?? start
        var addNewPeak = false
        if start < end {
            let oldPeak = maxMemoryPeak
            if oldPeak != 0 && bytes > oldPeak {
                aggregate.subtractMemoryPeak(bytes: oldPeak, windowEnd: end)
                addNewPeak = true
            }
        } else {
            let interval = aggregate.memoryAggregationInterval
            let elapsed = start - end
            let shift = (interval > 0 ? elapsed - elapsed % interval : elapsed) + interval
            end += shift
            memoryPeak = 0
            oomPeak = 0
            addNewPeak = true
        }
        windowEnd = end
        if addNewPeak {
            aggregate.addMemoryPeak(bytes: bytes, windowEnd: end)
            if isOOM { oomPeak = bytes } else { memoryPeak = bytes }
        }
        return true
    }
}

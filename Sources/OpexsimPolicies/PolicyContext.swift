import OpexsimTraces

/// The replay's timeline as a policy sees it.
public struct PolicyContext: Sendable {
    public var trace: Trace
    /// Start of the replay (the trace's start).
    public var start: TraceInstant
    /// End of the replay (the trace's last sample).
    public var end: TraceInstant
    /// End of the warmup, when policies that learn start to act.
    public var warmupEnd: TraceInstant
    /// How often learned settings are re-learned and re-applied; nil for once.
    public var reapplyInterval: Int64?
    /// The policy is prepared only to speak for copies that replayed parts of the trace
    /// (`PartitionablePolicy.absorb`, then `notes`): it replays nothing, so it needs no per-series
    /// or per-container replay state.
    public var speaksForParts = false

    public init(trace: Trace, start: TraceInstant, end: TraceInstant, warmupEnd: TraceInstant, reapplyInterval: Int64?)
    {
        self.trace = trace
        self.start = start
        self.end = end
        self.warmupEnd = warmupEnd
        self.reapplyInterval = reapplyInterval
    }
}

extension PolicyContext {
    /// The walk-forward schedule of policies that learn and apply: the end of the warmup, then every
    /// reapply interval (when there is one) before the end of the trace.
    public func learningTick(after time: TraceInstant) -> TraceInstant? {
        if time < warmupEnd { return warmupEnd }
        guard let interval = reapplyInterval else { return nil }
        let next = warmupEnd + ((time - warmupEnd) / interval + 1) * interval
        return next < end ? next : nil
    }
}

import OpexsimTraces

/// The sample times of one input series (a VM's or a pod's file), to refuse a repeated time at its
/// input row rather than in the trace written from it. Times that only increase, as the sources
/// write them, cost a comparison each; the first time out of order builds an index of those seen.
struct RepeatedTimes {
    /// The times so far while they only increase; then `index`, by time, takes over.
    private var times: [(time: TraceInstant, line: Int)] = []
    private var index: [TraceInstant: Int]?

    /// Notes `time` from input line `line`; returns the line that already had it, if any.
    mutating func note(_ time: TraceInstant, line: Int) -> Int? {
        if index == nil {
            if let last = times.last, time <= last.time {
                var built: [TraceInstant: Int] = [:]
                for entry in times where built[entry.time] == nil { built[entry.time] = entry.line }
                index = built
                times = []
            } else {
                times.append((time, line))
                return nil
            }
        }
        if let earlier = index?[time] { return earlier }
        index?[time] = line
        return nil
    }
}

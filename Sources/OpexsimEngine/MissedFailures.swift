import OpexsimTraces

/// Failures that struck when nothing they target was running, for the report: each failure's first
/// `listed` misses one line each, then one line with how many more and the last (a schedule that fires
/// thousands of times into an empty namespace is one line, not thousands).
struct MissedFailures {
    static let listed = 3
    private var order: [String] = []
    private var misses: [String: (first: [TraceInstant], more: Int, last: TraceInstant)] = [:]

    mutating func add(_ name: String, at time: TraceInstant) {
        if var entry = misses[name] {
            if entry.first.count < Self.listed { entry.first.append(time) } else { entry.more += 1 }
            entry.last = time
            misses[name] = entry
        } else {
            order.append(name)
            misses[name] = ([time], 0, time)
        }
    }

    /// One line per miss, then one per failure that missed more often.
    var notes: [String] {
        order.flatMap { name -> [String] in
            let entry = misses[name]!
            var lines = entry.first.map { "\(name) at \(TraceTime.format($0)): nothing it targets was running" }
            if entry.more > 0 {
                lines.append(
                    "\(name): \(entry.more) more runs found nothing it targets running (the last at \(TraceTime.format(entry.last)))"
                )
            }
            return lines
        }
    }
}

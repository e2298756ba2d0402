import Dispatch
import OpexsimTraces

/// Runs of consecutive series holding about equal numbers of samples, so that per-sample work over
/// a whole trace (the profile every scenario shares) spreads over all cores. Each series belongs to
/// exactly one run, so work that writes per series or per sample needs no locks.
struct SeriesShares {
    let runs: [Range<Int>]

    /// About `parts` runs (fewer when the trace has fewer series); one run for a small trace.
    init(_ trace: Trace, parts: Int = 4 * ProcessorCount.online, minimumSamples: Int = 1 << 16) {
        let total = trace.sampleCount
        let count = max(1, min(parts, total / max(1, minimumSamples)))
        guard count > 1 else {
            runs = [0..<trace.series.count]
            return
        }
        var runs: [Range<Int>] = []
        var start = 0
        var taken = 0
        for (index, series) in trace.series.enumerated() where index + 1 < trace.series.count {
            taken += series.range.count
            if taken * count >= total * (runs.count + 1) {
                runs.append(start..<(index + 1))
                start = index + 1
            }
        }
        runs.append(start..<trace.series.count)
        self.runs = runs
    }

    /// Calls `body` with each run, on all cores.
    func concurrentPerform(_ body: (Range<Int>) -> Void) {
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: runs.count) { shared.value(runs[$0]) }
        }
    }
}

/// A value handed to other threads where the caller guarantees they touch disjoint parts of it.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

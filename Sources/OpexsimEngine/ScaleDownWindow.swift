import DequeModule
import OpexsimTraces

/// The node count of a pool under a scale-down delay: nodes are added as soon as the packing needs
/// them, and removed only once they have been unneeded for the whole delay (cluster-autoscaler's
/// `--scale-down-unneeded-time`). The count at `t` is the largest count needed at any time in
/// `(t − delay, t]`.
struct ScaleDownWindow {
    let delay: Int64
    /// Needs in force recently, each until `end` (`.max` for the current one), with counts
    /// decreasing from front to back: a sliding-window maximum.
    private var needs = Deque<(count: Int, end: TraceInstant)>()

    init(delay: Int64) {
        self.delay = delay
    }

    /// Records that `count` nodes are needed from `time` on (times never decrease), and returns the
    /// nodes there are then.
    mutating func nodes(needing count: Int, at time: TraceInstant) -> Int {
        // The need in force so far ends now; a smaller or equal one is covered by the new need.
        if !needs.isEmpty { needs[needs.count - 1].end = time }
        while let last = needs.last, last.count <= count { needs.removeLast() }
        needs.append((count, .max))
        while let first = needs.first, first.end <= time - delay { needs.removeFirst() }
        return needs.first!.count
    }
}

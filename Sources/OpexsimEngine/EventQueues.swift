import OpexsimTraces

/// The engine's two queues and its horizon. Global events are a component's closures, fired after
/// every series has been replayed up to their time; local events are restarts of one series.
struct EventQueues {
    /// A component's event: what to do at its time.
    typealias Action = (TraceInstant) -> Void

    /// An action as the queue holds it: wrapped, so that storing it in the generic queue needs no
    /// reabstraction of the closure (which would allocate at every event).
    struct ScheduledAction {
        let run: Action
    }

    var global = EventQueue<ScheduledAction>()
    var local = EventQueue<Int>()
    /// The policy's next tick: one at a time, so that moving it needs no cancellation. At the same
    /// instant it comes after every other event: the policy decides on the state as of that instant.
    var tick: (time: TraceInstant, action: ScheduledAction)?
    /// Time of the next global event or tick: series stream up to here.
    var horizon: TraceInstant = .max

    /// The time of the next global event or tick.
    var nextGlobalTime: TraceInstant? {
        switch (global.next?.time, tick?.time) {
        case (let g?, let t?): return min(g, t)
        case (let g?, nil): return g
        case (nil, let t?): return t
        case (nil, nil): return nil
        }
    }

    /// The next event of either queue, local first on a tie of time and insertion order (they share
    /// no sequence numbers: a local event comes first when its (time, sequence) is smaller).
    enum Next {
        case restart(series: Int, at: TraceInstant)
        case global(Action, at: TraceInstant)
    }

    /// Removes and returns the next event, or nil when both queues are empty.
    mutating func pop() -> Next? {
        let local = self.local.next
        let global = self.global.next
        if let tick, local.map({ tick.time < $0.time }) ?? true, global.map({ tick.time < $0.time }) ?? true {
            self.tick = nil
            return .global(tick.action.run, at: tick.time)
        }
        if let local, global == nil || (local.time, local.sequence) < (global!.time, global!.sequence) {
            let (time, series) = self.local.pop()!
            return .restart(series: series, at: time)
        }
        guard global != nil else { return nil }
        let (time, action) = self.global.pop()!
        return .global(action.run, at: time)
    }
}

/// How samples reach the policy: whether it observes them, whether it admits pods, and the buffers
/// of a batch of observations (hot copies of `PolicyDriver`'s, read once it is prepared).
struct SampleFlow {
    var observes = false
    var admits = false
    var batch = ObservationBuffers()
}

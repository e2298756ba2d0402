import OpexsimTraces

/// What KRR's Prometheus queries would return for one pod (one series of the trace): its CPU and
/// working-set samples in time order, and when it was last seen.
struct KRRPodSamples {
    var cpuTime: [TraceInstant] = []
    var cpu: [Double] = []
    var memoryTime: [TraceInstant] = []
    var memory: [Double] = []
    /// The latest sample time, running or not; `.min` before the first.
    var lastSeen: TraceInstant = .min

    /// CPU samples after `since`.
    func cpu(after since: TraceInstant) -> ArraySlice<Double> {
        cpu[Self.firstIndex(in: cpuTime, after: since)...]
    }

    /// Working-set samples after `since`.
    func memory(after since: TraceInstant) -> ArraySlice<Double> {
        memory[Self.firstIndex(in: memoryTime, after: since)...]
    }

    /// Forgets samples at or before `since`.
    mutating func forget(through since: TraceInstant) {
        let cpuKept = Self.firstIndex(in: cpuTime, after: since)
        cpuTime.removeFirst(cpuKept)
        cpu.removeFirst(cpuKept)
        let memoryKept = Self.firstIndex(in: memoryTime, after: since)
        memoryTime.removeFirst(memoryKept)
        memory.removeFirst(memoryKept)
    }

    /// The first index of ascending `times` later than `since`.
    static func firstIndex(in times: [TraceInstant], after since: TraceInstant) -> Int {
        var low = 0, high = times.count
        while low < high {
            let middle = (low + high) / 2
            if times[middle] > since { high = middle } else { low = middle + 1 }
        }
        return low
    }
}

/// An OOM kill as kube-state-metrics shows it: the memory limit of the killed container, and
/// `kube_pod_container_status_last_terminated_reason{reason="OOMKilled"}` from the kill until the
/// pod goes away.
struct KRROOMKill {
    var series: Int
    var time: TraceInstant
    var memoryLimit: Double
    /// When a rollout replaced the killed pod; nil while it lives.
    var replacedAt: TraceInstant?
}

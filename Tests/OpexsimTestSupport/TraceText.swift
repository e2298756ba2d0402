import OpexsimTraces

/// Canonical trace CSV text for tests.
public enum TraceText {
    /// The header of the traces below: identity, usage and settings.
    public static let header =
        "timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes,cpu_request,cpu_limit,memory_request,memory_limit"
}

/// A canonical CSV of one container (`ns/w/c`, pod `p`) sampled every `step` seconds from `step`, with
/// `settings` (`cpu_request,cpu_limit,memory_request,memory_limit`) on every row and optional extra columns.
public func csv(
    cpu: [Double], memory: [Double], settings: String = "250m,400m,128Mi,256Mi", step: Int = 60,
    extraHeader: String = "", extra: [String] = []
) -> String {
    var text = TraceText.header + "\(extraHeader)\n"
    for i in cpu.indices {
        text += "\(step * (i + 1)),ns,w,c,p,\(cpu[i]),\(memory[i]),\(settings)\(extra.isEmpty ? "" : "," + extra[i])\n"
    }
    return text
}

/// A canonical CSV of one container (`ns/w/c`) with several pods, each sampled every `step` seconds from `step`.
public func podsCSV(
    _ pods: [(name: String, cpu: [Double], memory: [Double])], settings: String = "250m,2,128Mi,1Gi",
    step: Int = 60
) -> String {
    var text = TraceText.header + "\n"
    for pod in pods {
        for i in pod.cpu.indices {
            text += "\(step * (i + 1)),ns,w,c,\(pod.name),\(pod.cpu[i]),\(pod.memory[i]),\(settings)\n"
        }
    }
    return text
}

/// Whether two traces hold the same series, samples, settings and warnings (NaN equal to NaN); with
/// `sources`, also the same source files and rows.
public func sameTrace(_ a: Trace, _ b: Trace, sources: Bool = true) -> Bool {
    func same(_ x: [Double], _ y: [Double]) -> Bool {
        x.count == y.count && zip(x, y).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
    }
    let samples =
        a.names == b.names && a.series == b.series && a.containers == b.containers
        && a.pods == b.pods && a.workloads == b.workloads && a.time == b.time && a.cpu == b.cpu
        && same(a.memory, b.memory) && a.settingsIndex == b.settingsIndex && a.settings == b.settings
        && same(a.throttledRatio, b.throttledRatio) && a.oomKilled == b.oomKilled
        && a.cpuPercentileLevels == b.cpuPercentileLevels && same(a.cpuPercentiles, b.cpuPercentiles)
        && a.interval == b.interval && a.skippedRows == b.skippedRows
    guard samples else { return false }
    return !sources || (a.files == b.files && a.sourceFile == b.sourceFile && a.warnings == b.warnings)
}

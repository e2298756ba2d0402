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

import OpexsimMetrics
import OpexsimEngine
import OpexsimPolicies
import OpexsimTraces

/// A canonical CSV of one container sampled every `step` seconds from `step`.
func csv(cpu: [Double], memory: [Double], settings: String = "250m,400m,128Mi,256Mi", step: Int = 60,
         extraHeader: String = "", extra: [String] = []) -> String {
    var text = "timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes,cpu_request,cpu_limit,memory_request,memory_limit\(extraHeader)\n"
    for i in cpu.indices {
        text += "\(step * (i + 1)),ns,w,c,p,\(cpu[i]),\(memory[i]),\(settings)\(extra.isEmpty ? "" : "," + extra[i])\n"
    }
    return text
}

let mebibyte = 1_048_576.0

/// Replays `text` under one policy, measuring from `evaluationStart` (default: the trace start).
func replay(_ text: String, policy: String = "static", burst: BurstModelKind = .mean, evaluationStart: TraceInstant? = nil,
            reapply: Int64? = nil, startupDelay: Int64 = 5_000) throws -> (ScenarioResult, Trace) {
    let trace = try CanonicalTraceReader().read(text: text)
    var options = ReplayOptions()
    options.burstModel = burst
    options.reapplyInterval = reapply
    options.startupDelay = startupDelay
    let engine = ReplayEngine(profile: TraceProfile(trace), policy: try PolicyFactory(resolving: PolicySpec(parsing: policy)).make(),
                              options: options, evaluationStart: evaluationStart ?? trace.start)
    return (engine.run(), trace)
}

import OpexsimEngine
import OpexsimMetrics
import OpexsimPolicies
import OpexsimTraces

/// Replays the trace `text` under one policy in one engine, measuring from `evaluationStart` (default:
/// the trace start), and returns the result with the trace.
public func replay(
    _ text: String, policy: String = "static", burst: BurstModelKind = .mean, evaluationStart: TraceInstant? = nil,
    reapply: Int64? = nil, startupDelay: Int64 = 5_000
) throws -> (ScenarioResult, Trace) {
    let trace = try CanonicalTraceReader().read(text: text)
    var options = ReplayOptions()
    options.burstModel = burst
    options.reapplyInterval = reapply
    options.startupDelay = startupDelay
    let engine = ReplayEngine(
        profile: TraceProfile(trace), policy: try PolicyFactory(resolving: PolicySpec(parsing: policy)).make(),
        options: options, evaluationStart: evaluationStart ?? trace.start)
    return (engine.run(), trace)
}

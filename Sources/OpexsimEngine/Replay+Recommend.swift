import OpexsimPolicies
import OpexsimTraces

extension Replay {
    /// A policy's recommendations at the end of the trace: the policy learns over the whole trace
    /// (replayed under the recorded settings, so the warmup lasts to the end) and is asked once.
    public static func recommendations(trace: Trace, policy spec: PolicySpec, options: ReplayOptions) throws -> [ContainerRecommendation] {
        let policy = try PolicyCatalogue.make(spec)
        guard trace.sampleCount > 0 else { throw PolicyError("the trace has no samples to learn from") }
        let engine = ReplayEngine(profile: TraceProfile(trace), policy: policy, options: options, evaluationStart: trace.end)
        engine.collectsRecommendations = true
        return engine.run().recommendations
    }
}

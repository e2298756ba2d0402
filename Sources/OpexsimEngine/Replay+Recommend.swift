import OpexsimPolicies
import OpexsimTraces

extension Replay {
    /// A policy's recommendations at the end of the trace: the policy learns over the whole trace
    /// (replayed under the recorded settings, so the warmup lasts to the end) and is asked once.
    public static func recommendations(trace: Trace, policy: PolicyFactory, options: ReplayOptions) throws
        -> [ContainerRecommendation]
    {
        guard trace.sampleCount > 0 else { throw PolicyError("the trace has no samples to learn from") }
        let runner = ScenarioRunner(profile: TraceProfile(trace), options: options)
        return runner.run([policy], evaluationStart: trace.end, collectsRecommendations: true)[0].recommendations
    }

    /// The recommendations of the policy a spec names (see above).
    public static func recommendations(trace: Trace, policy spec: PolicySpec, options: ReplayOptions) throws
        -> [ContainerRecommendation]
    {
        try recommendations(trace: trace, policy: PolicyFactory(resolving: spec), options: options)
    }
}

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

extension Trace {
    /// The recorded settings of a container at the end of the trace (its latest replica's last sample).
    public func finalRecordedSettings(ofContainer container: Int) -> ResourceSettings {
        let latest = containers[container].series.max { a, b in
            time[series[a].range.upperBound - 1] < time[series[b].range.upperBound - 1]
        } ?? containers[container].series[0]
        let range = series[latest].range
        return range.isEmpty ? .unset : settings[Int(settingsIndex[range.upperBound - 1])]
    }
}

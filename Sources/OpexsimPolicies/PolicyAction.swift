import OpexsimTraces

/// A policy decision.
public enum PolicyAction: Sendable, Equatable {
    /// From now on, every replica of a container (`Trace.containers` index) runs with these
    /// settings, including replicas created later. Applied as a rolling update with surge: no
    /// replica is unavailable because of it.
    case apply(container: Int, SettingsOverride)
    /// Evict a pod (`Trace.pods` index): its containers stop now, stay down for the graceful
    /// termination and the replacement's start-up, and the replacement is admitted anew.
    case evict(pod: Int)
    /// Change one container of one pod (`Trace.series` index) in place, without a restart.
    case resize(series: Int, SettingsOverride)
}

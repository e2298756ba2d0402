/// `spec.updatePolicy.updateMode` of a VerticalPodAutoscaler (`autoscaling.k8s.io/v1`).
public enum VPAUpdateMode: String, CaseIterable, Sendable {
    /// Recommendations only; nothing changes.
    case off = "Off"
    /// Set at pod creation by the admission controller; never evicts.
    case initial = "Initial"
    /// Set at creation, and the updater evicts pods to apply new recommendations (the default).
    case recreate = "Recreate"
    /// The same as Recreate today; deprecated upstream (kubernetes/autoscaler#8424).
    case auto = "Auto"
    /// Resize running pods in place where possible, else evict (GA in VPA 1.6.0).
    case inPlaceOrRecreate = "InPlaceOrRecreate"
    /// Resize running pods in place only, never evict (the VPA's alpha `InPlace` gate, 1.7).
    case inPlace = "InPlace"

    /// True when pods get the recommendation as they are created.
    public var admits: Bool { self != .off }
    /// True when the updater acts on running pods.
    public var updates: Bool { self == .recreate || self == .auto || self == .inPlaceOrRecreate || self == .inPlace }
    /// True when the updater resizes pods in place where it can.
    public var resizesInPlace: Bool { self == .inPlaceOrRecreate || self == .inPlace }
}

/// `controlledValues` of a container policy.
public enum VPAControlledValues: String, Sendable {
    /// Requests set to the target and limits scaled in proportion (the default).
    case requestsAndLimits = "RequestsAndLimits"
    /// Requests set to the target, capped at the current limit; limits unchanged.
    case requestsOnly = "RequestsOnly"
}

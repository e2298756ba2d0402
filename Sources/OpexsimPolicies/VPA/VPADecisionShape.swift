/// What deciding whether new estimates change an updater's decisions reads of a container policy.
struct VPADecisionShape {
    /// A VPA controls the container.
    var controlled = false
    var controlsCPU = false
    var controlsMemory = false
    /// The policy has minAllowed or maxAllowed.
    var capped = false

    init(_ policy: VPAContainerPolicy?) {
        guard let policy else { return }
        controlled = true
        controlsCPU = policy.controlsCPU
        controlsMemory = policy.controlsMemory
        capped = policy.minAllowed != nil || policy.maxAllowed != nil
    }
}

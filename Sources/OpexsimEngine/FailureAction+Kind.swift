import OpexsimFailures

extension FailureAction {
    /// True for failures that take containers down (all but stress).
    var takesDown: Bool {
        if case .stress = self { return false }
        return true
    }

    /// The kind's name in reports.
    public var kind: String {
        switch self {
        case .podKill: return "pod-kill"
        case .podFailure: return "pod-failure"
        case .containerKill: return "container-kill"
        case .stress: return "stress"
        case .nodeLoss: return "node-loss"
        case .spotInterruption: return "spot-interruption"
        case .namespaceDeletion: return "namespace-deletion"
        }
    }
}

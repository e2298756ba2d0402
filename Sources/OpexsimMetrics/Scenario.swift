import OpexsimPolicies

/// What a scenario is: the policy it replays, as parsed, and whether it is the baseline every other
/// scenario is compared with (the recorded settings, `static` without parameters).
public struct Scenario: Sendable, Hashable, CustomStringConvertible {
    public var policy: PolicySpec
    public var isBaseline: Bool
    /// The user asked for it. The baseline is replayed even when not asked for, to compare with,
    /// but only listed scenarios are ranked.
    public var isListed: Bool

    public init(policy: PolicySpec, isBaseline: Bool, isListed: Bool = true) {
        self.policy = policy
        self.isBaseline = isBaseline
        self.isListed = isListed
    }

    /// The scenarios of a replay of `policies`: one per policy in the order given, the first
    /// `static` without parameters as the baseline, and the baseline added unlisted when none is.
    public static func of(_ policies: [PolicySpec]) -> [Scenario] {
        let baseline = policies.firstIndex(where: isRecordedSettings)
        let listed = policies.enumerated().map { Scenario(policy: $1, isBaseline: $0 == baseline) }
        return baseline == nil
            ? listed + [Scenario(policy: PolicySpec(name: "static"), isBaseline: true, isListed: false)] : listed
    }

    /// True for the recorded settings: `static` without parameters.
    public static func isRecordedSettings(_ policy: PolicySpec) -> Bool {
        policy.name == "static" && policy.parameters.isEmpty
    }

    /// The policy as written (`percentile:cpu=95`), the scenario's label in reports.
    public var description: String { policy.description }
}

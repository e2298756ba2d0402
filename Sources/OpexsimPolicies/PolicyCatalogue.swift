/// The policies opexsim can replay, by name.
public enum PolicyCatalogue {
    public struct Entry: Sendable {
        public var name: String
        public var summary: String
        public var parameters: [String]
        let make: @Sendable (PolicySpec) throws -> any ResourcePolicy
    }

    public static let entries: [Entry] = [
        Entry(name: "static",
              summary: "the recorded requests and limits, or fixed ones (static:cpu_request=500m,cpu_limit=1,memory_request=512Mi,memory_limit=1Gi)",
              parameters: StaticPolicy.parameterNames, make: { try StaticPolicy($0) }),
        Entry(name: "percentile",
              summary: "requests at usage percentiles learned walk-forward, plus a margin (percentile:cpu=95,memory=100,margin=0.15,limit=proportional)",
              parameters: PercentilePolicy.parameterNames, make: { try PercentilePolicy($0) }),
    ]

    /// Builds the policy a spec names.
    public static func make(_ spec: PolicySpec) throws -> any ResourcePolicy {
        guard let entry = entries.first(where: { $0.name == spec.name }) else {
            throw PolicyError("unknown policy \(spec.name) (available: \(entries.map(\.name).joined(separator: ", ")); `opexsim policies` lists them)")
        }
        return try entry.make(spec)
    }
}

/// The policies opexsim can replay, by name.
public enum PolicyCatalogue {
    public struct Entry: Sendable {
        public var name: String
        public var summary: String
        public var parameters: [String]
        let resolve: @Sendable (PolicySpec) throws -> PolicyFactory
    }

    public static let entries: [Entry] = [
        Entry(
            name: "static",
            summary:
                "the recorded requests and limits, or fixed ones (static:cpu_request=500m,cpu_limit=1,memory_request=512Mi,memory_limit=1Gi)",
            parameters: StaticPolicy.parameterNames, resolve: { try PolicyFactory(StaticPolicy.self, spec: $0) }),
        Entry(
            name: "percentile",
            summary:
                "requests at usage percentiles learned walk-forward, plus a margin (percentile:cpu=95,memory=100,margin=0.15,limit=proportional)",
            parameters: PercentilePolicy.parameterNames, resolve: { try PolicyFactory(PercentilePolicy.self, spec: $0) }
        ),
        Entry(
            name: "krr-simple",
            summary:
                "Robusta KRR simple: CPU request at the largest per-pod P95, no CPU limit; memory request = limit = peak + 15% (krr-simple:cpu_percentile=95,history_duration=336,use_oomkill_data=true)",
            parameters: KRRSimplePolicy.parameterNames, resolve: { try PolicyFactory(KRRSimplePolicy.self, spec: $0) }),
        Entry(
            name: "krr-simple-limit",
            summary:
                "Robusta KRR simple_limit: CPU request P66 and limit P96 of all pods' samples pooled; memory as krr-simple (krr-simple-limit:cpu_request=66,cpu_limit=96)",
            parameters: KRRSimpleLimitPolicy.parameterNames,
            resolve: { try PolicyFactory(KRRSimpleLimitPolicy.self, spec: $0) }),
        Entry(
            name: "kubecost",
            summary:
                "Kubecost request right-sizing: requests = max (or quantile) usage / 0.7 target utilization, floors 10m and 20Mi, recorded limits kept (kubecost:window=2d,algorithm_cpu=quantile,q_cpu=0.95,target_ram_utilization=0.8)",
            parameters: KubecostPolicy.parameterNames, resolve: { try PolicyFactory(KubecostPolicy.self, spec: $0) }),
        Entry(
            name: "vpa-off",
            summary:
                "Vertical Pod Autoscaler, updateMode Off: recommendations only, settings never change (vpa-off:margin=0.15)",
            parameters: VPAPolicy.parameterNames, resolve: { try PolicyFactory(VPAPolicy.self, spec: $0) }),
        Entry(
            name: "vpa-initial",
            summary: "VPA, updateMode Initial: pods get the recommendation when created, never evicted",
            parameters: VPAPolicy.parameterNames, resolve: { try PolicyFactory(VPAPolicy.self, spec: $0) }),
        Entry(
            name: "vpa-recreate",
            summary:
                "VPA, updateMode Recreate: set at creation, and the updater evicts pods every minute within the budget (vpa-recreate:min-replicas=1)",
            parameters: VPAPolicy.parameterNames, resolve: { try PolicyFactory(VPAPolicy.self, spec: $0) }),
        Entry(
            name: "vpa-auto",
            summary:
                "VPA, updateMode Auto: the same as Recreate (deprecated upstream) (vpa-auto:min-replicas=1,controlled-values=RequestsOnly)",
            parameters: VPAPolicy.parameterNames, resolve: { try PolicyFactory(VPAPolicy.self, spec: $0) }),
        Entry(
            name: "vpa-inplace",
            summary: "VPA, updateMode InPlaceOrRecreate: resize running pods in place where possible, else evict",
            parameters: VPAPolicy.parameterNames, resolve: { try PolicyFactory(VPAPolicy.self, spec: $0) }),
        Entry(
            name: "goldilocks-guaranteed",
            summary: "Goldilocks, Guaranteed QoS: request = limit = the VPA target, applied walk-forward",
            parameters: GoldilocksPolicy.parameterNames, resolve: { try PolicyFactory(GoldilocksPolicy.self, spec: $0) }
        ),
        Entry(
            name: "goldilocks-burstable",
            summary:
                "Goldilocks, Burstable QoS: request = VPA lower bound, limit = VPA upper bound, applied walk-forward",
            parameters: GoldilocksPolicy.parameterNames, resolve: { try PolicyFactory(GoldilocksPolicy.self, spec: $0) }
        ),
    ]

    /// Resolves the policy a spec names: a catalogue name, or a file of VerticalPodAutoscaler objects
    /// (read once, here).
    public static func factory(for spec: PolicySpec) throws -> PolicyFactory {
        if PolicySpec.isFile(spec.name) {
            guard spec.parameters.isEmpty else { throw PolicyError("\(spec.name): a policy file takes no parameters") }
            return PolicyFactory(spec: spec, parameters: try VPASetup(manifestPath: spec.name), type: VPAPolicy.self)
        }
        guard let entry = entries.first(where: { $0.name == spec.name }) else {
            throw PolicyError(
                "unknown policy \(spec.name) (available: \(entries.map(\.name).joined(separator: ", ")); `opexsim policies` lists them)"
            )
        }
        return try entry.resolve(spec)
    }
}

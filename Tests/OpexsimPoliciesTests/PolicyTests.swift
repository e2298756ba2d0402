import Foundation
import OpexsimPolicies
import OpexsimTraces
import Testing

@Suite("Policy specs and rules")
struct PolicyTests {
    @Test("NAME:key=value,... with underscores or dashes")
    func specs() throws {
        let spec = try PolicySpec(parsing: "static:cpu_request=500m,cpu-limit=1,memory_request=512Mi")
        #expect(spec.name == "static")
        #expect(spec["cpu-request"] == "500m")
        #expect(spec["cpu-limit"] == "1")
        #expect(spec.description == "static:cpu-request=500m,cpu-limit=1,memory-request=512Mi")
        #expect(try PolicySpec(parsing: "percentile").parameters.isEmpty)
        #expect(throws: PolicyError.self) { try PolicySpec(parsing: "percentile:cpu") }
        #expect(throws: PolicyError.self) { try PolicySpec(parsing: "percentile:cpu=1,cpu=2") }
        #expect(throws: PolicyError.self) { try PolicySpec(parsing: ":cpu=1") }
    }

    @Test("R-7 percentiles, as NumPy and PromQL compute them")
    func percentiles() {
        let values = [1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10]
        #expect(Percentile.of(values, percentile: 50) == 5.5)
        #expect(Percentile.of(values, percentile: 95) == 9.55)
        #expect(Percentile.of(values, percentile: 100) == 10)
        #expect(Percentile.of(values, percentile: 0) == 1)
        #expect(Percentile.of([4, 1, 3], percentile: 50) == 3)
        #expect(Percentile.of([], percentile: 50) == nil)
        // Selection agrees with sorting on awkward inputs: duplicates, reversed, one value.
        var random = SplitMix(state: 42)
        for count in [1, 2, 3, 10, 101, 1000] {
            let values = (0..<count).map { _ in Double(random.next() % 50) }
            for level in [0.0, 1, 25, 50, 66, 90, 95, 99, 100] {
                #expect(
                    Percentile.of(values, percentile: level)
                        == Percentile.of(sorted: values.sorted(), percentile: level))
                #expect(
                    Percentile.of(values.sorted(by: >), percentile: level)
                        == Percentile.of(sorted: values.sorted(), percentile: level))
            }
        }
    }

    @Test("limit rules")
    func limitRules() throws {
        #expect(try LimitRule(parsing: "x2", key: "k") == .multiple(2))
        #expect(try LimitRule(parsing: "1.5x", key: "k") == .multiple(1.5))
        #expect(try LimitRule(parsing: "p99", key: "k") == .percentile(99))
        #expect(throws: PolicyError.self) { try LimitRule(parsing: "x0.5", key: "k") }
        // Proportional keeps the ratio: 200m/500m → 300m/750m (the VPA example).
        #expect(
            LimitRule.proportional.limit(
                newRequest: 0.3, recordedRequest: 0.2, recordedLimit: 0.5, percentileValue: nil)
                == .value(0.3 * 0.5 / 0.2))
        #expect(
            LimitRule.proportional.limit(
                newRequest: 0.3, recordedRequest: 0.2, recordedLimit: nil, percentileValue: nil) == .unset)
        #expect(
            LimitRule.keep.limit(newRequest: 2, recordedRequest: 1, recordedLimit: 1.5, percentileValue: nil)
                == .value(2))
        #expect(
            LimitRule.request.limit(newRequest: 0.3, recordedRequest: nil, recordedLimit: nil, percentileValue: nil)
                == .value(0.3))
    }

    @Test("static validates its settings")
    func staticPolicy() throws {
        let policy = try StaticPolicy(PolicySpec(parsing: "static:cpu_request=500m,cpu_limit=none"))
        #expect(policy.override.cpuRequest == .value(0.5))
        #expect(policy.override.cpuLimit == .unset)
        #expect(policy.override.memoryRequest == .recorded)
        let recorded = ResourceSettings(cpuRequest: 0.25, cpuLimit: 1, memoryRequest: 1024, memoryLimit: 2048)
        #expect(
            policy.override.applied(to: recorded)
                == ResourceSettings(cpuRequest: 0.5, cpuLimit: nil, memoryRequest: 1024, memoryLimit: 2048))
        #expect(throws: PolicyError("policy static: cpu-limit 250m is below cpu-request 1")) {
            try StaticPolicy(PolicySpec(parsing: "static:cpu_request=1,cpu_limit=250m"))
        }
        #expect(throws: PolicyError.self) { try StaticPolicy(PolicySpec(parsing: "static:cpu=1")) }
        #expect(throws: PolicyError.self) { try StaticPolicy(PolicySpec(parsing: "static:memory_limit=lots")) }
    }

    @Test("the catalogue builds known policies and rejects others")
    func catalogue() throws {
        #expect(try PolicyFactory(resolving: PolicySpec(parsing: "percentile:cpu=90")).capabilities.learnsFromHistory)
        #expect(try !PolicyFactory(resolving: PolicySpec(parsing: "static")).capabilities.learnsFromHistory)
        #expect(throws: PolicyError.self) { try PolicyFactory(resolving: PolicySpec(parsing: "krr-magic")) }
    }

    @Test(
        "a factory knows each policy's capabilities before any replay",
        arguments: [
            ("static", false, false, false), ("static:cpu_request=1", false, false, false),
            ("percentile", true, true, false), ("krr-simple", true, true, false),
            ("krr-simple-limit", true, true, false),
            ("kubecost", true, true, false), ("goldilocks-guaranteed", true, true, false),
            ("goldilocks-burstable", true, true, false),
            ("vpa-off", true, true, true), ("vpa-initial", true, true, true), ("vpa-recreate", true, true, true),
            ("vpa-auto", true, true, true), ("vpa-inplace", true, true, true),
        ])
    func capabilities(spec: String, learns: Bool, partitions: Bool, writesVPAObjects: Bool) throws {
        let factory = try PolicyFactory(resolving: PolicySpec(parsing: spec))
        #expect(
            factory.capabilities
                == PolicyCapabilities(
                    learnsFromHistory: learns, decidesPerWorkload: partitions,
                    writesVPAObjects: writesVPAObjects))
        #expect((factory.vpaSetup != nil) == writesVPAObjects)
        let policy = factory.make()
        #expect(policy.spec == factory.spec)
        #expect((policy is any LearningPolicy) == learns && (policy is any PartitionablePolicy) == partitions)
        // Every make() is a fresh policy: scenarios and parts never share what they learn.
        #expect(factory.make() !== policy)
    }

    @Test("a manifest file is read once, when the spec is resolved")
    func manifestReadOnce() throws {
        let path = NSTemporaryDirectory() + "opexsim-factory-\(UInt64.random(in: 0...UInt64.max)).yaml"
        try """
        apiVersion: autoscaling.k8s.io/v1
        kind: VerticalPodAutoscaler
        metadata: {name: cart-vpa, namespace: shop}
        spec:
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: cart}
          updatePolicy: {updateMode: Recreate, minReplicas: 1}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let factory = try PolicyFactory(resolving: PolicySpec(parsing: path))
        try FileManager.default.removeItem(atPath: path)
        let policy = try #require(factory.make() as? VPAPolicy)
        #expect(policy.setup.manifests.map(\.targetName) == ["cart"])
        let configuration = try #require(factory.vpaSetup?.configuration(forWorkload: "cart", namespace: "shop"))
        #expect(configuration.0 == VPAConfiguration(mode: .recreate, minReplicas: 1, containerPolicies: []))
        #expect(factory.vpaSetup?.configuration(forWorkload: "cart", namespace: "bank") == nil)
    }

    @Test("amounts beyond any node or a million hours are one-line errors")
    func magnitudes() throws {
        #expect(
            throws: PolicyError("policy vpa-inplace: min-allowed-cpu must be at most 1,000,000 cores, found \"1E\"")
        ) {
            try PolicyFactory(resolving: PolicySpec(parsing: "vpa-inplace:min-allowed-cpu=1E"))
        }
        #expect(throws: PolicyError("policy static: memory-limit must be at most 1Ei, found \"2Ei\"")) {
            try PolicyFactory(resolving: PolicySpec(parsing: "static:memory-limit=2Ei"))
        }
        #expect(
            throws: PolicyError(
                "policy krr-simple: history-duration must be a positive number of hours (at most 1,000,000) or a duration such as 7d, found \"1e30\""
            )
        ) {
            try PolicyFactory(resolving: PolicySpec(parsing: "krr-simple:history-duration=1e30"))
        }
        #expect(throws: PolicyError.self) {
            try PolicyFactory(resolving: PolicySpec(parsing: "krr-simple:mem-min=1e15"))
        }
        // 1Ei itself is allowed, and bare KRR numbers keep their units (MiB).
        _ = try PolicyFactory(resolving: PolicySpec(parsing: "static:memory-limit=1Ei"))
        _ = try PolicyFactory(resolving: PolicySpec(parsing: "krr-simple:mem-min=512"))
    }
}

/// A tiny deterministic generator for test inputs.
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

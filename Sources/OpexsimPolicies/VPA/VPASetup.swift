import OpexsimTraces

/// How a VPA policy is set up, parsed once: the recommender's and updater's parameters, and either
/// one configuration for every workload (inline parameters) or the VerticalPodAutoscaler objects of
/// a manifest file, each for its target workload.
public struct VPASetup: Sendable, Equatable {
    public var recommender: VPARecommenderParameters
    public var updater: VPAUpdaterParameters
    /// The configuration of every workload, with inline parameters; nil with manifests.
    public var inline: VPAConfiguration?
    public var manifests: [VPAManifest]

    /// `vpa-off`, `vpa-initial`, `vpa-recreate`, `vpa-auto` or `vpa-inplace` with inline parameters.
    public init(spec: PolicySpec) throws {
        let mode: VPAUpdateMode
        switch spec.name {
        case "vpa-off": mode = .off
        case "vpa-initial": mode = .initial
        case "vpa-recreate": mode = .recreate
        case "vpa-auto": mode = .auto
        case "vpa-inplace": mode = .inPlaceOrRecreate
        default: throw PolicyError("unknown VPA policy \(spec.name)")
        }
        let recommender = try Self.recommender(spec)
        let updater = try Self.updater(spec)
        let containerPolicy = try Self.containerPolicy(spec)
        self.recommender = recommender
        self.updater = updater
        inline = VPAConfiguration(mode: mode, minReplicas: updater.minReplicas, containerPolicies: [containerPolicy])
        manifests = []
    }

    /// The recommender's parameters a spec sets: CPU weighting, margin, percentiles, half-life.
    static func recommender(_ spec: PolicySpec) throws -> VPARecommenderParameters {
        var recommender = VPARecommenderParameters()
        if let weighting = spec["cpu-weighting"] {
            switch weighting.lowercased() {
            case "constant": recommender.cpuWeighting = .constant
            case "request": recommender.cpuWeighting = .request
            default:
                throw PolicyError(
                    "policy \(spec.name): cpu-weighting must be constant or request, found \"\(weighting)\"")
            }
        }
        recommender.safetyMarginFraction = try spec.number(
            "margin", default: recommender.safetyMarginFraction, in: 0...10)
        let target = try spec.number("target-percentile", default: 0.9, in: 0...1)
        let lower = try spec.number("lower-percentile", default: 0.5, in: 0...1)
        let upper = try spec.number("upper-percentile", default: 0.95, in: 0...1)
        (recommender.targetCPUPercentile, recommender.targetMemoryPercentile) = (target, target)
        (recommender.lowerBoundCPUPercentile, recommender.lowerBoundMemoryPercentile) = (lower, lower)
        (recommender.upperBoundCPUPercentile, recommender.upperBoundMemoryPercentile) = (upper, upper)
        if let halfLife = try spec.duration("half-life", default: nil) {
            recommender.cpuHistogramDecayHalfLife = halfLife
            recommender.memoryHistogramDecayHalfLife = halfLife
        }
        return recommender
    }

    /// The updater's parameters a spec sets.
    static func updater(_ spec: PolicySpec) throws -> VPAUpdaterParameters {
        var updater = VPAUpdaterParameters()
        updater.minReplicas = Int(try spec.number("min-replicas", default: 2, in: 1...1_000_000))
        updater.evictionTolerance = try spec.number("eviction-tolerance", default: 0.5, in: 0...1)
        updater.podUpdateThreshold = try spec.number("pod-update-threshold", default: 0.1, in: 0...100)
        updater.podLifetimeThreshold = try spec.duration("lifetime-threshold", default: updater.podLifetimeThreshold)!
        updater.evictAfterOOMThreshold = try spec.duration("evict-after-oom", default: updater.evictAfterOOMThreshold)!
        return updater
    }

    /// The container policy a spec sets: controlled values, and the allowed minimum and maximum.
    static func containerPolicy(_ spec: PolicySpec) throws -> VPAContainerPolicy {
        var containerPolicy = VPAContainerPolicy()
        if let values = spec["controlled-values"] {
            guard let parsed = VPAControlledValues(rawValue: values) else {
                throw PolicyError(
                    "policy \(spec.name): controlled-values must be RequestsAndLimits or RequestsOnly, found \"\(values)\""
                )
            }
            containerPolicy.controlledValues = parsed
        }
        let minCPU = try spec.quantity("min-allowed-cpu", default: nil, cores: true),
            minMemory = try spec.quantity("min-allowed-memory", default: nil, cores: false)
        let maxCPU = try spec.quantity("max-allowed-cpu", default: nil, cores: true),
            maxMemory = try spec.quantity("max-allowed-memory", default: nil, cores: false)
        // The VPA admission controller refuses a maximum below the minimum ("max resource for cpu is lower than min").
        if let minCPU, let maxCPU, maxCPU < minCPU {
            throw PolicyError(
                "policy \(spec.name): max-allowed-cpu \(Quantity.formatCPU(maxCPU)) is lower than min-allowed-cpu \(Quantity.formatCPU(minCPU))"
            )
        }
        if let minMemory, let maxMemory, maxMemory < minMemory {
            throw PolicyError(
                "policy \(spec.name): max-allowed-memory \(Quantity.formatMemory(maxMemory)) is lower than min-allowed-memory \(Quantity.formatMemory(minMemory))"
            )
        }
        if minCPU != nil || minMemory != nil {
            containerPolicy.minAllowed = ResourceAmounts(cpuCores: minCPU, memoryBytes: minMemory)
        }
        if maxCPU != nil || maxMemory != nil {
            containerPolicy.maxAllowed = ResourceAmounts(cpuCores: maxCPU, memoryBytes: maxMemory)
        }
        return containerPolicy
    }

    /// The VerticalPodAutoscalers of a manifest file, each with its own update mode and policies.
    public init(manifestPath: String) throws {
        manifests = try VPAManifest.load(path: manifestPath)
        recommender = VPARecommenderParameters()
        updater = VPAUpdaterParameters()
        inline = nil
    }

    /// The VPA configuration of a workload and the manifest it comes from (nil with inline
    /// parameters); nil when no VPA targets the workload.
    public func configuration(forWorkload name: String, namespace: String) -> (VPAConfiguration, VPAManifest?)? {
        if let inline { return (inline, nil) }
        guard
            let manifest = manifests.first(where: {
                $0.targetName == name && ($0.namespace == nil || $0.namespace == namespace)
            })
        else {
            return nil
        }
        return (
            VPAConfiguration(
                mode: manifest.updateMode, minReplicas: manifest.minReplicas ?? updater.minReplicas,
                containerPolicies: manifest.containerPolicies), manifest
        )
    }

    /// What the report should say about the manifests' fields opexsim does not model.
    var manifestNotes: [String] {
        manifests.flatMap { manifest in
            (manifest.unknownFields.isEmpty
                ? []
                : [
                    "VPA \(manifest.name): fields not modelled, ignored: \(manifest.unknownFields.joined(separator: ", "))"
                ])
                + manifest.ignoredNotes.map { "VPA \(manifest.name): \($0)" }
        }
    }
}

/// How the VPA of one workload is set up.
public struct VPAConfiguration: Sendable, Equatable {
    public var mode: VPAUpdateMode
    public var minReplicas: Int
    public var containerPolicies: [VPAContainerPolicy]

    public init(mode: VPAUpdateMode, minReplicas: Int, containerPolicies: [VPAContainerPolicy]) {
        self.mode = mode
        self.minReplicas = minReplicas
        self.containerPolicies = containerPolicies
    }
}

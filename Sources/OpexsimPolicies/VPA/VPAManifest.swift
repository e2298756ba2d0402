import OpexsimModelFiles
import OpexsimTraces

/// A `VerticalPodAutoscaler` object (`autoscaling.k8s.io/v1`) as a user writes it: its target, update
/// policy and container policies. Fields opexsim does not model are listed in `unknownFields`.
public struct VPAManifest: Sendable, Equatable {
    public var name: String
    public var namespace: String?
    public var targetKind: String
    public var targetName: String
    public var updateMode: VPAUpdateMode
    public var minReplicas: Int?
    public var containerPolicies: [VPAContainerPolicy]
    /// Paths of fields that were present but are not modelled (e.g. `spec.updatePolicy.evictionRequirements`).
    public var unknownFields: [String]
    /// Fields read and deliberately ignored, each with why: `spec.recommenders`, the recommender's
    /// post-processor annotations.
    public var ignoredNotes: [String] = []

    /// Reads every VerticalPodAutoscaler of a YAML file (several documents allowed; other kinds are
    /// skipped). Every problem is a `ModelFileError` naming `file:line:column`, the document and the key.
    public static func load(path: String) throws -> [VPAManifest] {
        let roots: [ModelNode]
        do {
            roots = try ModelNode.loadAll(path: path)
        } catch let error as TraceError {
            throw ModelFileError(file: path, message: error.message)
        }
        var manifests: [VPAManifest] = []
        for (index, root) in roots.enumerated() where root.isMapping {
            guard root["kind"]?.text == "VerticalPodAutoscaler" else { continue }
            do {
                manifests.append(try VPAManifest(root))
            } catch let error as ModelFileError {
                throw ModelFileError(file: error.file, message: "document \(index + 1): \(error.message)")
            }
        }
        if manifests.isEmpty {
            throw ModelFileError(
                file: path, message: "no VerticalPodAutoscaler (autoscaling.k8s.io/v1) object in the file")
        }
        return manifests
    }

    init(_ object: ModelNode) throws {
        var unknown: [String] = []
        if let version = object["apiVersion"], try version.string() != "autoscaling.k8s.io/v1" {
            throw version.error("apiVersion \(version.text ?? "") is not autoscaling.k8s.io/v1")
        }
        guard let metadata = try object["metadata"]?.requireMapping(), let name = metadata["name"] else {
            throw object.error("metadata.name is missing")
        }
        self.name = try name.string()
        namespace = try metadata["namespace"]?.string()
        guard let spec = try object["spec"]?.requireMapping() else { throw object.error("spec is missing") }
        unknown += Self.unknownKeys(of: spec, known: ["targetRef", "updatePolicy", "resourcePolicy", "recommenders"])
        ignoredNotes = try Self.ignoredNotes(spec: spec, metadata: metadata)
        guard let target = try spec["targetRef"]?.requireMapping(), let targetName = target["name"] else {
            throw spec.error("targetRef.name is missing")
        }
        targetKind = try target["kind"]?.string() ?? "Deployment"
        self.targetName = try targetName.string()
        let update = try Self.updatePolicy(of: spec, unknown: &unknown)
        updateMode = update.mode
        minReplicas = update.minReplicas
        containerPolicies = try Self.containerPolicies(of: spec, unknown: &unknown)
        unknownFields = unknown
    }

    /// Notes for what the replay reads and leaves aside: `spec.recommenders` (the replay is the default
    /// recommender) and `vpa-post-processor.kubernetes.io/` annotations (the integer-CPU post-processor
    /// acts only with the recommender's `--cpu-integer-post-processor-enabled`, off by default).
    static func ignoredNotes(spec: ModelNode, metadata: ModelNode) throws -> [String] {
        var notes: [String] = []
        if let recommenders = spec["recommenders"] {
            let names = try recommenders.items().compactMap { try $0["name"]?.string() }
            notes.append(
                "spec.recommenders names \(names.isEmpty ? "no recommender" : names.joined(separator: ", ")): ignored, the replay is the default VPA recommender"
            )
        }
        let prefix = "vpa-post-processor.kubernetes.io/"
        if let annotations = try metadata["annotations"]?.requireMapping() {
            for key in annotations.keys where key.hasPrefix(prefix) {
                let rest = key.dropFirst(prefix.count)
                if rest.hasSuffix("_integerCPU") {
                    let container = rest.dropLast("_integerCPU".count)
                    notes.append(
                        "annotation \(key) ignored: the recommender rounds \(container)'s CPU up to whole cores only with --cpu-integer-post-processor-enabled (off by default), which the replay does not emulate"
                    )
                } else {
                    notes.append("annotation \(key) ignored: a recommender post-processor the replay does not emulate")
                }
            }
        }
        return notes
    }

    /// The paths of `node`'s keys outside `known`, in key order.
    static func unknownKeys(of node: ModelNode, known: Set<String>) -> [String] {
        var unknown: [String] = []
        for key in node.keys.sorted() where !known.contains(key) {
            unknown.append((node.path.isEmpty ? "" : node.path + ".") + key)
        }
        return unknown
    }

    /// `spec.updatePolicy`: the update mode (Recreate when absent) and `minReplicas`.
    static func updatePolicy(of spec: ModelNode, unknown: inout [String]) throws -> (
        mode: VPAUpdateMode, minReplicas: Int?
    ) {
        guard let update = try spec["updatePolicy"]?.requireMapping() else { return (.recreate, nil) }
        unknown += unknownKeys(of: update, known: ["updateMode", "minReplicas"])
        var updateMode = VPAUpdateMode.recreate
        if let modeNode = update["updateMode"] {
            let mode = try modeNode.string()
            guard let parsed = VPAUpdateMode(rawValue: mode) else {
                throw modeNode.error(
                    "\(mode) is not one of \(VPAUpdateMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            updateMode = parsed
        }
        return (updateMode, try update["minReplicas"]?.integer(minimum: 1))
    }

    /// `spec.resourcePolicy.containerPolicies`, none when absent.
    static func containerPolicies(of spec: ModelNode, unknown: inout [String]) throws -> [VPAContainerPolicy] {
        var policies: [VPAContainerPolicy] = []
        if let resourcePolicy = try spec["resourcePolicy"]?.requireMapping() {
            unknown += unknownKeys(of: resourcePolicy, known: ["containerPolicies"])
            for entry in try resourcePolicy["containerPolicies"]?.items() ?? [] {
                policies.append(try containerPolicy(entry, unknown: &unknown))
            }
        }
        return policies
    }

    /// One entry of `containerPolicies`.
    static func containerPolicy(_ entry: ModelNode, unknown: inout [String]) throws -> VPAContainerPolicy {
        _ = try entry.requireMapping()
        unknown += unknownKeys(
            of: entry,
            known: [
                "containerName", "mode", "minAllowed", "maxAllowed", "controlledResources",
                "controlledValues",
            ])
        var policy = VPAContainerPolicy(containerName: try entry["containerName"]?.string() ?? "*")
        if let modeNode = entry["mode"] {
            let mode = try modeNode.string()
            guard mode == "Off" || mode == "Auto" else { throw modeNode.error("\(mode) is not Auto or Off") }
            policy.isOff = mode == "Off"
        }
        policy.minAllowed = try amounts(entry["minAllowed"])
        policy.maxAllowed = try amounts(entry["maxAllowed"])
        // As the VPA admission controller: a maximum below the minimum is refused.
        for (resource, low, high) in [
            ("cpu", policy.minAllowed?.cpuCores, policy.maxAllowed?.cpuCores),
            ("memory", policy.minAllowed?.memoryBytes, policy.maxAllowed?.memoryBytes),
        ] {
            if let low, let high, high < low {
                throw entry["maxAllowed"]!.error("\(resource) is lower than minAllowed.\(resource)")
            }
        }
        if let valuesNode = entry["controlledValues"] {
            let values = try valuesNode.string()
            guard let parsed = VPAControlledValues(rawValue: values) else {
                throw valuesNode.error("\(values) is not RequestsAndLimits or RequestsOnly")
            }
            policy.controlledValues = parsed
        }
        if let resourcesNode = entry["controlledResources"] {
            let resources = try resourcesNode.items().map { try $0.string() }
            // The VPA recommends CPU and memory only: another name is a typing error.
            for (index, resource) in resources.enumerated() where resource != "cpu" && resource != "memory" {
                throw try resourcesNode.items()[index].error(
                    "\(resource) is not a resource the VPA controls (cpu or memory)")
            }
            policy.controlsCPU = resources.contains("cpu")
            policy.controlsMemory = resources.contains("memory")
        }
        return policy
    }

    static func amounts(_ node: ModelNode?) throws -> ResourceAmounts? {
        guard let node else { return nil }
        _ = try node.requireMapping()
        func quantity(_ key: String) throws -> Double? {
            guard let value = node[key] else { return nil }
            let raw = try value.string()
            guard let parsed = Quantity.parse(raw), parsed >= 0 else { throw value.error("\(raw) is not a quantity") }
            guard parsed <= (key == "cpu" ? Quantity.maximumCores : Quantity.maximumBytes) else {
                throw value.error(
                    "\(raw) is more than any node has (at most \(key == "cpu" ? "\(Quantity.maximumCoresText) cores" : "1Ei"))"
                )
            }
            return parsed
        }
        return ResourceAmounts(cpuCores: try quantity("cpu"), memoryBytes: try quantity("memory"))
    }
}

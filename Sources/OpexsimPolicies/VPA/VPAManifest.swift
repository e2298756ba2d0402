import OpexsimTraces
import Yams

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
    /// Paths of fields that were present but are not modelled (e.g. `spec.recommenders`).
    public var unknownFields: [String]

    /// Reads every VerticalPodAutoscaler of a YAML file (several documents allowed; other kinds are
    /// listed in `unknownFields` of none and skipped).
    public static func load(path: String) throws -> [VPAManifest] {
        let bytes = try FileBytes.read(path)
        let documents: [Any]
        do {
            documents = try Yams.load_all(yaml: String(decoding: bytes, as: UTF8.self)).compactMap { $0 }
        } catch {
            throw PolicyError("\(path): not valid YAML: \(error)")
        }
        var manifests: [VPAManifest] = []
        for (index, document) in documents.enumerated() {
            guard let object = document as? [String: Any] else { continue }
            guard (object["kind"] as? String) == "VerticalPodAutoscaler" else { continue }
            manifests.append(try VPAManifest(object, path: path, document: index + 1))
        }
        if manifests.isEmpty { throw PolicyError("\(path): no VerticalPodAutoscaler (autoscaling.k8s.io/v1) object in the file") }
        return manifests
    }

    init(_ object: [String: Any], path: String, document: Int) throws {
        func fail(_ message: String) -> PolicyError { PolicyError("\(path): document \(document): \(message)") }
        var unknown: [String] = []
        func note(_ prefix: String, _ dictionary: [String: Any], known: Set<String>) {
            for key in dictionary.keys.sorted() where !known.contains(key) { unknown.append(prefix + key) }
        }
        if let version = object["apiVersion"] as? String, version != "autoscaling.k8s.io/v1" {
            throw fail("apiVersion \(version) is not autoscaling.k8s.io/v1")
        }
        let metadata = object["metadata"] as? [String: Any] ?? [:]
        guard let name = metadata["name"] as? String else { throw fail("metadata.name is missing") }
        self.name = name
        namespace = metadata["namespace"] as? String
        guard let spec = object["spec"] as? [String: Any] else { throw fail("spec is missing") }
        note("spec.", spec, known: ["targetRef", "updatePolicy", "resourcePolicy"])
        guard let target = spec["targetRef"] as? [String: Any], let targetName = target["name"] as? String else {
            throw fail("spec.targetRef.name is missing")
        }
        targetKind = target["kind"] as? String ?? "Deployment"
        self.targetName = targetName
        let update = spec["updatePolicy"] as? [String: Any] ?? [:]
        note("spec.updatePolicy.", update, known: ["updateMode", "minReplicas"])
        if let mode = update["updateMode"] as? String {
            guard let parsed = VPAUpdateMode(rawValue: mode) else {
                throw fail("spec.updatePolicy.updateMode \(mode) is not one of \(VPAUpdateMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            updateMode = parsed
        } else {
            updateMode = .recreate
        }
        minReplicas = update["minReplicas"] as? Int
        if let minimum = minReplicas, minimum < 1 { throw fail("spec.updatePolicy.minReplicas must be at least 1") }
        var policies: [VPAContainerPolicy] = []
        let resourcePolicy = spec["resourcePolicy"] as? [String: Any] ?? [:]
        note("spec.resourcePolicy.", resourcePolicy, known: ["containerPolicies"])
        for (index, entry) in (resourcePolicy["containerPolicies"] as? [[String: Any]] ?? []).enumerated() {
            let prefix = "spec.resourcePolicy.containerPolicies[\(index)]."
            note(prefix, entry, known: ["containerName", "mode", "minAllowed", "maxAllowed", "controlledResources", "controlledValues"])
            var policy = VPAContainerPolicy(containerName: entry["containerName"] as? String ?? "*")
            if let mode = entry["mode"] as? String {
                guard mode == "Off" || mode == "Auto" else { throw fail("\(prefix)mode \(mode) is not Auto or Off") }
                policy.isOff = mode == "Off"
            }
            policy.minAllowed = try Self.amounts(entry["minAllowed"], path: prefix + "minAllowed", fail: fail)
            policy.maxAllowed = try Self.amounts(entry["maxAllowed"], path: prefix + "maxAllowed", fail: fail)
            if let values = entry["controlledValues"] as? String {
                guard let parsed = VPAControlledValues(rawValue: values) else {
                    throw fail("\(prefix)controlledValues \(values) is not RequestsAndLimits or RequestsOnly")
                }
                policy.controlledValues = parsed
            }
            if let resources = entry["controlledResources"] as? [String] {
                policy.controlsCPU = resources.contains("cpu")
                policy.controlsMemory = resources.contains("memory")
            }
            policies.append(policy)
        }
        containerPolicies = policies
        unknownFields = unknown
    }

    static func amounts(_ value: Any?, path: String, fail: (String) -> PolicyError) throws -> ResourceAmounts? {
        guard let value else { return nil }
        guard let map = value as? [String: Any] else { throw fail("\(path) must map cpu and memory to quantities") }
        func quantity(_ key: String) throws -> Double? {
            guard let raw = map[key] else { return nil }
            guard let parsed = Quantity.parse("\(raw)"), parsed >= 0 else { throw fail("\(path).\(key): \(raw) is not a quantity") }
            guard parsed <= (key == "cpu" ? Quantity.maximumCores : Quantity.maximumBytes) else {
                throw fail("\(path).\(key): \(raw) is more than any node has (at most \(key == "cpu" ? "\(Quantity.maximumCoresText) cores" : "1Ei"))")
            }
            return parsed
        }
        return ResourceAmounts(cpuCores: try quantity("cpu"), memoryBytes: try quantity("memory"))
    }
}

import OpexsimModelFiles
import OpexsimTraces

/// Machine types of one provider and region with their prices (`kind: NodeCatalogue` files in
/// `models/catalogues/`): capacity, allocatable, on-demand, spot and committed-use prices, each
/// with the date and public source it was read from.
public struct NodeCatalogue: Sendable, Equatable {
    /// The file's name without extension (`aws-us-east-1`).
    public var name: String
    public var provider: String
    public var region: String
    /// How allocatable was computed from capacity.
    public var allocatableRule: String
    public var nodeTypes: [NodeType]

    /// A catalogue by name or by path, looked for relative to the model file that names it (`node`'s
    /// file: beside it, then in a `catalogues` folder beside it), then in `modelsDirectory/catalogues`
    /// (or as given, for a path), then among the shipped catalogues; `node` locates errors.
    public static func resolve(_ nameOrPath: String, modelsDirectory: String, at node: ModelNode? = nil) throws
        -> NodeCatalogue
    {
        let own = node.map { file in
            file.file.contains("/") ? String(file.file[..<file.file.lastIndex(of: "/")!]) : "."
        }
        var candidates: [String]
        if nameOrPath.contains("/") {
            candidates = (nameOrPath.hasPrefix("/") ? [] : own.map { ["\($0)/\(nameOrPath)"] } ?? []) + [nameOrPath]
        } else {
            let files = [".yaml", ".yml"].map { nameOrPath + $0 }
            candidates = own.map { dir in files.map { "\(dir)/\($0)" } + files.map { "\(dir)/catalogues/\($0)" } } ?? []
            for directory in ModelDirectories.searched(modelsDirectory) {
                candidates += files.map { "\(directory)/catalogues/\($0)" }
            }
        }
        for path in candidates where ModelNode.isReadable(path) {
            return try load(path: path)
        }
        let message = "no node catalogue \(nameOrPath) (looked for \(candidates.joined(separator: ", ")))"
        throw node?.error(message) ?? ModelFileError(file: nameOrPath, message: message)
    }

    /// Loads a catalogue file.
    public static func load(path: String) throws -> NodeCatalogue {
        let root = try ModelNode.load(path: path).requireMapping()
        try root.rejectUnknownKeys([
            "apiVersion", "kind", "provider", "region", "currency", "allocatable_rule", "node_types",
        ])
        if let kind = try root["kind"]?.string(), kind != "NodeCatalogue" {
            throw root["kind"]!.error("kind \(kind) is not a NodeCatalogue")
        }
        if let currency = try root["currency"]?.string(), currency != "USD" {
            throw root["currency"]!.error("prices must be in USD, found \(currency)")
        }
        guard let types = root["node_types"] else { throw root.error("missing node_types") }
        let name =
            String(path.split(separator: "/").last ?? Substring(path)).split(separator: ".").first.map(String.init)
            ?? path
        let provider = try root["provider"]?.string() ?? ""
        let region = try root["region"]?.string() ?? ""
        let nodeTypes = try types.items().map { try nodeType($0, defaultSource: "\(provider) \(region)") }
        var seen = Set<String>()
        for (type, node) in zip(nodeTypes, try types.items()) where !seen.insert(type.name).inserted {
            throw node.error("node type \(type.name) appears twice")
        }
        return NodeCatalogue(
            name: name, provider: provider, region: region,
            allocatableRule: try root["allocatable_rule"]?.string() ?? "", nodeTypes: nodeTypes)
    }

    /// One node type: `name`, `vcpu`, `memory_gib`, `max_pods` (110), `allocatable: {cpu_cores,
    /// memory_gib}` (capacity when absent), `on_demand: {hourly_usd, as_of, source}`, optional `spot:
    /// {hourly_usd, ...}` and `committed: {discount_ratio, term, kind, ...}`.
    public static func nodeType(_ node: ModelNode, defaultSource: String) throws -> NodeType {
        _ = try node.requireMapping()
        try node.rejectUnknownKeys([
            "name", "vcpu", "memory_gib", "max_pods", "allocatable", "on_demand", "spot", "committed",
        ])
        func required(_ key: String) throws -> ModelNode {
            guard let value = node[key] else { throw node.error("missing \(key)") }
            return value
        }
        let name = try required("name").string()
        let vcpu = try required("vcpu").nonNegative()
        let memory = try required("memory_gib").nonNegative()
        guard vcpu > 0 else { throw node["vcpu"]!.error("must be positive") }
        guard memory > 0 else { throw node["memory_gib"]!.error("must be positive") }
        var allocatableCPU = vcpu, allocatableMemory = memory
        if let allocatable = try node["allocatable"]?.requireMapping() {
            try allocatable.rejectUnknownKeys(["cpu_cores", "memory_gib"])
            if let cpu = allocatable["cpu_cores"] {
                allocatableCPU = try cpu.nonNegative()
                guard allocatableCPU <= vcpu else {
                    throw cpu.error("allocatable CPU \(allocatableCPU) exceeds the \(vcpu) vCPUs")
                }
            }
            if let bytes = allocatable["memory_gib"] {
                allocatableMemory = try bytes.nonNegative()
                guard allocatableMemory <= memory else {
                    throw bytes.error("allocatable memory \(allocatableMemory) GiB exceeds the \(memory) GiB")
                }
            }
        }
        let onDemand = try required("on_demand").requireMapping()
        try onDemand.rejectUnknownKeys(["hourly_usd", "as_of", "source"])
        guard let hourly = onDemand["hourly_usd"] else { throw onDemand.error("missing hourly_usd") }
        var spotHourly: Double?
        if let spot = try node["spot"]?.requireMapping() {
            try spot.rejectUnknownKeys(["hourly_usd", "as_of", "source"])
            guard let value = spot["hourly_usd"] else { throw spot.error("missing hourly_usd") }
            spotHourly = try value.nonNegative()
        }
        var committedDiscount: Double?
        if let committed = try node["committed"]?.requireMapping() {
            try committed.rejectUnknownKeys(["discount_ratio", "term", "kind", "as_of", "source"])
            guard let value = committed["discount_ratio"] else { throw committed.error("missing discount_ratio") }
            committedDiscount = try value.ratio()
        }
        var sourceParts: [String] = []
        if let text = try onDemand["source"]?.string() { sourceParts.append(text) }
        if let date = try onDemand["as_of"]?.string() { sourceParts.append("as of \(date)") }
        let source = sourceParts.joined(separator: ", ")
        return NodeType(
            name: name, vcpu: vcpu, memoryGiB: memory, allocatableCPU: allocatableCPU,
            allocatableMemoryBytes: allocatableMemory * 1_073_741_824,
            maxPods: try node["max_pods"]?.integer(minimum: 1) ?? 110,
            onDemandHourly: try hourly.nonNegative(), spotHourly: spotHourly, committedDiscount: committedDiscount,
            priceSource: source.isEmpty ? defaultSource : source)
    }
}

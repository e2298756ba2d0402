import OpexsimModelFiles
import OpexsimTraces

extension PricingModel {
    /// Resolves `--pricing`: a path to a YAML model or an OpenCost custom pricing JSON file, a
    /// built-in name, or the name of a file in `models/pricing/` under `modelsDirectory`.
    public static func resolve(_ nameOrPath: String, modelsDirectory: String = "models") throws -> PricingModel {
        if nameOrPath.lowercased().hasSuffix(".csv") {
            throw ModelFileError(
                file: nameOrPath,
                message:
                    "CSV pricing files are not supported: give opexsim's YAML pricing model or an OpenCost custom pricing JSON file"
            )
        }
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml")
            || nameOrPath.hasSuffix(".json")
        {
            return try load(path: nameOrPath, modelsDirectory: modelsDirectory)
        }
        if let model = builtIn.first(where: { $0.name == nameOrPath }) { return model }
        // `--models DIR` adds a directory: its models first, then the shipped ones.
        for directory in ModelDirectories.searched(modelsDirectory) {
            for suffix in [".yaml", ".yml", ".json"] {
                let path = "\(directory)/pricing/\(nameOrPath)\(suffix)"
                if ModelNode.isReadable(path) { return try load(path: path, modelsDirectory: modelsDirectory) }
            }
        }
        let shipped = ShippedModels.pricingNames.joined(separator: ", ")
        throw ModelFileError(
            file: nameOrPath,
            message:
                "unknown pricing model (shipped: \(shipped); or a name from \(modelsDirectory)/pricing, a YAML model or an OpenCost custom pricing JSON file)"
        )
    }

    /// Loads a pricing file: opexsim's YAML model (`kind: PricingModel`) or OpenCost's custom
    /// pricing JSON (keys `CPU` and `RAM`, strings or numbers, per vCPU-hour and GiB-hour). Node
    /// pools name their catalogue in `modelsDirectory/catalogues` or by path.
    public static func load(path: String, modelsDirectory: String = "models") throws -> PricingModel {
        let root = try ModelNode.load(path: path).requireMapping()
        let fallbackName =
            String(path.split(separator: "/").last ?? Substring(path)).split(separator: ".").first.map(String.init)
            ?? path
        if root["CPU"] != nil || root["RAM"] != nil {
            return try openCostCustomPricing(root, path: path, name: fallbackName)
        }
        try root.rejectUnknownKeys([
            "apiVersion", "kind", "name", "source", "prices", "discount", "negotiated_discount",
            "capacity", "node_pools", "share_idle",
        ])
        if let kind = try root["kind"]?.string(), kind != "PricingModel" {
            throw root["kind"]!.error("kind \(kind) is not a PricingModel")
        }
        let pools = try root["node_pools"]?.items() ?? []
        var model = PricingModel.openCostDefault
        model.name = try root["name"]?.string() ?? fallbackName
        model.source = try root["source"]?.string() ?? path
        if let prices = try root["prices"]?.requireMapping() {
            try prices.rejectUnknownKeys([
                "cpu_per_core_hour", "memory_per_gib_hour", "spot_cpu_per_core_hour",
                "spot_memory_per_gib_hour", "gpu_per_hour", "storage_per_gb_hour",
            ])
            guard let cpu = prices["cpu_per_core_hour"] else { throw prices.error("missing cpu_per_core_hour") }
            guard let memory = prices["memory_per_gib_hour"] else { throw prices.error("missing memory_per_gib_hour") }
            model.cpuPerCoreHour = try cpu.nonNegative()
            model.memoryPerGiBHour = try memory.nonNegative()
            model.spotCPUPerCoreHour = try prices["spot_cpu_per_core_hour"]?.nonNegative()
            model.spotMemoryPerGiBHour = try prices["spot_memory_per_gib_hour"]?.nonNegative()
            model.gpuPerHour = try prices["gpu_per_hour"]?.nonNegative()
            model.storagePerGBHour = try prices["storage_per_gb_hour"]?.nonNegative()
        } else if pools.isEmpty {
            throw root.error(
                "missing prices (expected prices.cpu_per_core_hour and prices.memory_per_gib_hour, node_pools, or OpenCost's CPU and RAM keys)"
            )
        }
        model.discount = try root["discount"]?.ratio() ?? 0
        model.negotiatedDiscount = try root["negotiated_discount"]?.ratio() ?? 0
        if let capacity = root["capacity"] {
            (model.capacity, model.committedDiscount) = try Self.capacity(capacity, allowsDiscount: true)
            if model.capacity.spot > 0 && (model.spotCPUPerCoreHour == nil || model.spotMemoryPerGiBHour == nil) {
                throw capacity.error(
                    "a spot share needs prices.spot_cpu_per_core_hour and prices.spot_memory_per_gib_hour")
            }
            if model.capacity.committed > 0 && model.committedDiscount == nil {
                throw capacity.error("a committed share needs committed_discount (the share off on-demand prices)")
            }
        }
        model.shareIdle = try root["share_idle"]?.bool() ?? false
        model.nodePools = try pools.map { try nodePool($0, modelsDirectory: modelsDirectory) }
        var names = Set<String>()
        for (pool, node) in zip(model.nodePools, pools) where !names.insert(pool.name).inserted {
            throw node.error("a second node pool named \(pool.name)")
        }
        return model
    }

    /// `capacity: {on_demand: 0.7, spot: 0.3, committed: 0, committed_discount: 0.37}`; shares add up to 1.
    static func capacity(_ node: ModelNode, allowsDiscount: Bool) throws -> (CapacityMix, Double?) {
        _ = try node.requireMapping()
        try node.rejectUnknownKeys(
            allowsDiscount
                ? ["on_demand", "spot", "committed", "committed_discount"] : ["on_demand", "spot", "committed"])
        let spot = try node["spot"]?.ratio() ?? 0
        let committed = try node["committed"]?.ratio() ?? 0
        let onDemand = try node["on_demand"]?.ratio() ?? max(0, 1 - spot - committed)
        let total = onDemand + spot + committed
        guard abs(total - 1) < 1e-9 else {
            throw node.error("on_demand, spot and committed add up to \(total), expected 1")
        }
        return (
            CapacityMix(onDemand: onDemand, spot: spot, committed: committed), try node["committed_discount"]?.ratio()
        )
    }

    static func nodePool(_ node: ModelNode, modelsDirectory: String) throws -> NodePool {
        _ = try node.requireMapping()
        try node.rejectUnknownKeys([
            "name", "catalogue", "node_type", "node", "capacity", "min_nodes", "max_nodes",
            "scale_down_delay", "provisioning_delay", "namespaces",
        ])
        let nodeType: NodeType
        if let inline = node["node"] {
            if node["catalogue"] != nil || node["node_type"] != nil {
                throw node.error("give either node or catalogue and node_type, not both")
            }
            nodeType = try NodeCatalogue.nodeType(inline, defaultSource: "\(node.file) \(inline.path)")
        } else {
            guard let catalogueNode = node["catalogue"] else {
                throw node.error("missing catalogue (or an inline node)")
            }
            guard let typeNode = node["node_type"] else { throw node.error("missing node_type") }
            let catalogue = try NodeCatalogue.resolve(
                try catalogueNode.string(), modelsDirectory: modelsDirectory, at: catalogueNode)
            let name = try typeNode.string()
            guard let found = catalogue.nodeTypes.first(where: { $0.name == name }) else {
                throw typeNode.error(
                    "\(catalogue.name) has no node type \(name) (it has \(catalogue.nodeTypes.map(\.name).joined(separator: ", ")))"
                )
            }
            nodeType = found
        }
        let name = try node["name"]?.string() ?? nodeType.name
        var pool = NodePool(name: name, nodeType: nodeType)
        if let capacity = node["capacity"] {
            (pool.capacity, _) = try Self.capacity(capacity, allowsDiscount: false)
            if pool.capacity.spot > 0 && nodeType.spotHourly == nil {
                throw capacity.error(
                    "node type \(nodeType.name) has no spot price, so the pool cannot have a spot share")
            }
            if pool.capacity.committed > 0 && nodeType.committedDiscount == nil {
                throw capacity.error(
                    "node type \(nodeType.name) has no committed-use discount, so the pool cannot have a committed share"
                )
            }
        }
        pool.minNodes = try node["min_nodes"]?.integer() ?? 0
        if let maxNode = node["max_nodes"] {
            let maximum = try maxNode.integer(minimum: 1)
            guard maximum >= pool.minNodes else {
                throw maxNode.error("max_nodes \(maximum) is below min_nodes \(pool.minNodes)")
            }
            pool.maxNodes = maximum
        }
        pool.scaleDownDelay = try node["scale_down_delay"]?.duration() ?? NodePool.defaultScaleDownDelay
        pool.provisioningDelay = try node["provisioning_delay"]?.duration() ?? 0
        if let namespaces = node["namespaces"] { pool.namespaces = try namespaces.items().map { try $0.string() } }
        return pool
    }

    /// OpenCost's custom pricing file: every price a string or a number; an empty string is unset.
    static func openCostCustomPricing(_ root: ModelNode, path: String, name: String) throws -> PricingModel {
        func price(_ key: String) throws -> Double? {
            guard let node = root[key], node.text?.trimming(" ") != "" else { return nil }
            return try node.nonNegative()
        }
        func percent(_ key: String) throws -> Double {
            guard let node = root[key], node.text?.trimming(" ") != "" else { return 0 }
            return try node.ratio()
        }
        guard let cpu = try price("CPU") else { throw root.error("missing CPU (dollars per vCPU-hour)") }
        guard let memory = try price("RAM") else { throw root.error("missing RAM (dollars per GiB-hour)") }
        var notes: [String] = []
        // OpenCost fetches a cloud provider's list prices itself; here the file's own prices stand.
        if let provider = try root["provider"]?.string(), !["", "custom"].contains(provider.lowercased()) {
            notes.append(
                "\(path) names provider \(provider): its list prices are not fetched, the file's prices are used as written"
            )
        }
        var model = PricingModel(
            name: name, cpuPerCoreHour: cpu, memoryPerGiBHour: memory, source: "OpenCost custom pricing \(path)",
            spotCPUPerCoreHour: try price("spotCPU"), spotMemoryPerGiBHour: try price("spotRAM"),
            gpuPerHour: try price("GPU"),
            storagePerGBHour: try price("storage"), discount: try percent("discount"),
            negotiatedDiscount: try percent("negotiatedDiscount"))
        model.notes = notes
        return model
    }
}

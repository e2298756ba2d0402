import OpexsimTraces
import Yams

extension PricingModel {
    /// Resolves `--pricing`: a path to a YAML model or an OpenCost custom pricing JSON file, a
    /// built-in name, or the name of a file in `models/pricing/` under `modelsDirectory`.
    public static func resolve(_ nameOrPath: String, modelsDirectory: String = "models") throws -> PricingModel {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml") || nameOrPath.hasSuffix(".json") {
            return try load(path: nameOrPath)
        }
        if let model = builtIn.first(where: { $0.name == nameOrPath }) { return model }
        for suffix in [".yaml", ".yml", ".json"] {
            let path = "\(modelsDirectory)/pricing/\(nameOrPath)\(suffix)"
            if (try? FileBytes.read(path)) != nil { return try load(path: path) }
        }
        throw PricingError(file: nameOrPath, message: "unknown pricing model (built in: \(builtIn.map(\.name).joined(separator: ", ")); or give a YAML model or an OpenCost custom pricing JSON file)")
    }

    /// Loads a pricing file: opexsim's YAML model (`kind: PricingModel`) or OpenCost's custom
    /// pricing JSON (keys `CPU` and `RAM`, strings or numbers, per vCPU-hour and GiB-hour).
    public static func load(path: String) throws -> PricingModel {
        let bytes = try FileBytes.read(path)
        let text = String(decoding: bytes, as: UTF8.self)
        let document: Any?
        do {
            document = try Yams.load(yaml: text)
        } catch let error as YamlError {
            throw PricingError(file: path, message: "not valid YAML or JSON: \(error)")
        }
        guard let root = document as? [String: Any] else {
            throw PricingError(file: path, message: "expected a mapping at the top level")
        }
        let fallbackName = String(path.split(separator: "/").last ?? Substring(path)).split(separator: ".").first.map(String.init) ?? path
        if root["CPU"] != nil || root["RAM"] != nil {
            return try openCostCustomPricing(root, path: path, name: fallbackName)
        }
        if let kind = root["kind"] as? String, kind != "PricingModel" {
            throw PricingError(file: path, message: "kind \(kind) is not a PricingModel")
        }
        guard let prices = root["prices"] as? [String: Any] else {
            throw PricingError(file: path, message: "missing prices (expected prices.cpu_per_core_hour and prices.memory_per_gib_hour, or OpenCost's CPU and RAM keys)")
        }
        let cpu = try price(prices["cpu_per_core_hour"], key: "prices.cpu_per_core_hour", path: path)
        let memory = try price(prices["memory_per_gib_hour"], key: "prices.memory_per_gib_hour", path: path)
        return PricingModel(
            name: (root["name"] as? String) ?? fallbackName, cpuPerCoreHour: cpu, memoryPerGiBHour: memory,
            source: (root["source"] as? String) ?? path)
    }

    static func openCostCustomPricing(_ root: [String: Any], path: String, name: String) throws -> PricingModel {
        let cpu = try price(root["CPU"], key: "CPU", path: path)
        let memory = try price(root["RAM"], key: "RAM", path: path)
        return PricingModel(name: name, cpuPerCoreHour: cpu, memoryPerGiBHour: memory, source: "OpenCost custom pricing \(path)")
    }

    static func price(_ value: Any?, key: String, path: String) throws -> Double {
        let number: Double?
        switch value {
        case let text as String: number = Double(text.trimming(" "))
        case let double as Double: number = double
        case let integer as Int: number = Double(integer)
        case nil: throw PricingError(file: path, message: "missing \(key)")
        default: number = nil
        }
        guard let number, number.isFinite, number >= 0 else {
            throw PricingError(file: path, message: "\(key) must be a non-negative price in dollars, found \(value.map { "\($0)" } ?? "nothing")")
        }
        return number
    }
}

/// A pricing model that cannot be used as written.
public struct PricingError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var message: String
    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }
    public var description: String { "\(file): \(message)" }
}


import Foundation
import Testing

/// The Kubernetes API's JSON schemas for the kinds under deploy/ (`kubernetes-schemas/`,
/// strict: an object refuses a field its kind does not define, as `kubectl apply --validate=strict`
/// does), applied to a parsed manifest. It knows the keywords those schemas use: `$ref`, `oneOf`,
/// `type`, `enum`, `format` (`int32`), `properties`, `additionalProperties`, `required` and `items`.
struct KubernetesSchemas {
    let version: String
    private let definitions: [String: Any]
    /// Definition names by `apiVersion` and `kind` (`batch/v1 Job`).
    private let kinds: [String: String]

    static let directory = repositoryRoot.appendingPathComponent(
        "Tests/OpexsimCLITests/kubernetes-schemas")

    init() throws {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent("kubernetes-strict.json"))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        version = try #require(document["kubernetes"] as? String)
        definitions = try #require(document["$defs"] as? [String: Any])
        var kinds: [String: String] = [:]
        for root in try #require(document["roots"] as? [String]) {
            let schema = definitions[root] as? [String: Any]
            for kind in schema?["x-kubernetes-group-version-kind"] as? [[String: Any]] ?? [] {
                let group = kind["group"] as? String ?? "", version = kind["version"] as? String ?? ""
                kinds["\(group.isEmpty ? version : group + "/" + version) \(kind["kind"] as? String ?? "")"] = root
            }
        }
        self.kinds = kinds
    }

    /// What is wrong with `manifest` for its kind, one line each (`.spec.completions: ...`); empty
    /// when it is valid. A manifest of a kind these schemas do not hold is one error.
    func errors(of manifest: [String: Any]) -> [String] {
        let key = "\(manifest["apiVersion"] as? String ?? "?") \(manifest["kind"] as? String ?? "?")"
        guard let definition = kinds[key] else { return ["no schema for \(key)"] }
        var errors: [String] = []
        check(manifest, against: ["$ref": "#/$defs/" + definition], at: "", into: &errors)
        return errors
    }

    private func check(_ value: Any?, against schema: [String: Any], at path: String, into errors: inout [String]) {
        if let reference = schema["$ref"] as? String {
            let name = String(reference.split(separator: "/").last ?? "")
            guard let target = definitions[name] as? [String: Any] else {
                errors.append("\(path): unknown definition \(name)")
                return
            }
            check(value, against: target, at: path, into: &errors)
            return
        }
        if let choices = schema["oneOf"] as? [[String: Any]] {
            let matching = choices.filter { choice in
                var found: [String] = []
                check(value, against: choice, at: path, into: &found)
                return found.isEmpty
            }
            if matching.count != 1 { errors.append("\(path): matches \(matching.count) of its \(choices.count) forms") }
        }
        let type = Self.type(of: value)
        if let allowed = (schema["type"] as? [String]) ?? (schema["type"] as? String).map({ [$0] }),
            !allowed.contains(type) && !(type == "integer" && allowed.contains("number"))
        {
            errors.append("\(path): \(type) where \(allowed.joined(separator: " or ")) is expected")
            return
        }
        if let allowed = schema["enum"] as? [String], let text = value as? String, !allowed.contains(text) {
            errors.append("\(path): \"\(text)\" is not one of \(allowed)")
        }
        // The API server's decoding refuses an int32 field out of range (schema validators leave formats
        // unchecked).
        if schema["format"] as? String == "int32", let number = value as? Int, Int32(exactly: number) == nil {
            errors.append("\(path): \(number) is out of the int32 range")
        }
        if let object = value as? [String: Any] {
            checkObject(object, against: schema, at: path, into: &errors)
        } else if let items = value as? [Any], let itemSchema = schema["items"] as? [String: Any] {
            for (index, item) in items.enumerated() {
                check(item, against: itemSchema, at: "\(path)[\(index)]", into: &errors)
            }
        }
    }

    private func checkObject(
        _ object: [String: Any], against schema: [String: Any], at path: String, into errors: inout [String]
    ) {
        let properties = schema["properties"] as? [String: Any] ?? [:]
        for key in object.keys.sorted() {
            if let property = properties[key] as? [String: Any] {
                check(object[key], against: property, at: "\(path).\(key)", into: &errors)
            } else if let extra = schema["additionalProperties"] as? [String: Any] {
                check(object[key], against: extra, at: "\(path).\(key)", into: &errors)
            } else if schema["additionalProperties"] as? Bool == false {
                errors.append("\(path).\(key): unknown field")
            }
        }
        for name in schema["required"] as? [String] ?? [] where object[name] == nil {
            errors.append("\(path): \(name) is required")
        }
    }

    /// The JSON schema type of a parsed YAML value.
    static func type(of value: Any?) -> String {
        switch value {
        case nil, is NSNull: return "null"
        case is Bool: return "boolean"
        case is Int: return "integer"
        case is Double: return "number"
        case is String: return "string"
        case is [Any]: return "array"
        case is [String: Any]: return "object"
        default: return "\(Swift.type(of: value!))"
        }
    }
}

import OpexsimModelFiles
import OpexsimTraces

/// One requirement of a Kubernetes label selector (`metav1.LabelSelectorRequirement`): `In` and
/// `NotIn` a set of values, `Exists` and `DoesNotExist`. A `matchLabels` (or Chaos Mesh
/// `labelSelectors`) entry `key: value` is `key In (value)`.
public struct LabelRequirement: Sendable, Equatable {
    public enum Operator: String, Sendable, Equatable {
        case `in` = "In"
        case notIn = "NotIn"
        case exists = "Exists"
        case doesNotExist = "DoesNotExist"
    }

    public var key: String
    public var op: Operator
    public var values: [String]

    public init(key: String, op: Operator, values: [String] = []) {
        self.key = key
        self.op = op
        self.values = values
    }

    /// Kubernetes' rules (`k8s.io/apimachinery/pkg/labels/selector.go`): `In` needs the key with one
    /// of the values, `NotIn` matches when the key is absent or has another value, `Exists` and
    /// `DoesNotExist` look at the key only.
    /// A key is also found in the form kube-state-metrics writes it (`app_kubernetes_io_name` for
    /// `app.kubernetes.io/name`), as `import --from prometheus` records `kube_pod_labels`.
    public func matches(_ labels: LabelSet) -> Bool {
        let value = labels[key] ?? labels[LabelSet.prometheusName(key)]
        switch op {
        case .in: return value.map(values.contains) ?? false
        case .notIn: return value.map { !values.contains($0) } ?? true
        case .exists: return value != nil
        case .doesNotExist: return value == nil
        }
    }

    /// How the requirement reads in a note: `tier=cache`, `tier in (a, b)`, `!tier`.
    public var description: String {
        switch op {
        case .in: return values.count == 1 ? "\(key)=\(values[0])" : "\(key) in (\(values.joined(separator: ", ")))"
        case .notIn: return "\(key) notin (\(values.joined(separator: ", ")))"
        case .exists: return key
        case .doesNotExist: return "!\(key)"
        }
    }

    /// The requirements of a `key: value` mapping (`matchLabels`, Chaos Mesh `labelSelectors` and
    /// `annotationSelectors`), in the file's order.
    static func equalities(_ mapping: ModelNode) throws -> [LabelRequirement] {
        _ = try mapping.requireMapping()
        return try mapping.entries.map { key, value in
            guard let value else { throw mapping.error("label \(key) has no value") }
            return LabelRequirement(key: key, op: .in, values: [try value.string()])
        }
    }

    /// The requirements of a `matchExpressions` list (Chaos Mesh `expressionSelectors`): each entry
    /// `{key, operator, values}`; `In` and `NotIn` need values, `Exists` and `DoesNotExist` none.
    static func expressions(_ list: ModelNode) throws -> [LabelRequirement] {
        if list.isMapping && list.keys.isEmpty { return [] }
        return try list.items().map { entry in
            _ = try entry.requireMapping()
            try entry.rejectUnknownKeys(["key", "operator", "values"])
            guard let keyNode = entry["key"] else { throw entry.error("missing key") }
            guard let opNode = entry["operator"] else {
                throw entry.error("missing operator (In, NotIn, Exists or DoesNotExist)")
            }
            let name = try opNode.string()
            guard let op = Operator(rawValue: name) else {
                throw opNode.error("unknown operator \"\(name)\" (expected In, NotIn, Exists or DoesNotExist)")
            }
            let values = try entry["values"]?.stringList() ?? []
            switch op {
            case .in, .notIn:
                if values.isEmpty { throw entry.error("operator \(name) needs at least one value") }
            case .exists, .doesNotExist:
                if !values.isEmpty { throw (entry["values"] ?? entry).error("operator \(name) takes no values") }
            }
            return LabelRequirement(key: try keyNode.string(), op: op, values: values)
        }
    }

    /// A `metav1.LabelSelector` (`matchLabels` and `matchExpressions`, ANDed), as Velero's
    /// `labelSelector` and each of its `orLabelSelectors` write it.
    static func selector(_ node: ModelNode) throws -> [LabelRequirement] {
        _ = try node.requireMapping()
        try node.rejectUnknownKeys(["matchLabels", "matchExpressions"])
        var requirements: [LabelRequirement] = []
        if let labels = node["matchLabels"] { requirements += try equalities(labels) }
        if let expressions = node["matchExpressions"] { requirements += try self.expressions(expressions) }
        return requirements
    }
}

extension Array where Element == LabelRequirement {
    /// True when `labels` meets every requirement (an empty list matches everything).
    public func matches(_ labels: LabelSet) -> Bool { allSatisfy { $0.matches(labels) } }
}

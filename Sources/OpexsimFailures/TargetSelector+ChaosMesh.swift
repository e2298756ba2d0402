import OpexsimModelFiles

extension TargetSelector {
    /// Label keys whose value names the workload. A trace without a `labels` column carries no pod
    /// labels, only the owning workload's name, so a label requirement on one of the conventional name
    /// labels (`app`, `app.kubernetes.io/name`, `app.kubernetes.io/instance`, `name`, `k8s-app` and
    /// `component`) is then matched against the trace's `workload`; other keys match nothing.
    public static let workloadLabelKeys = [
        "app", "app.kubernetes.io/name", "app.kubernetes.io/instance", "name", "k8s-app", "component",
    ]

    /// Chaos Mesh selector fields that need data a trace does not have.
    static let unmodelledSelectorKeys = ["fieldSelectors", "nodeSelectors", "podPhaseSelectors"]

    /// Reads a Chaos Mesh `selector` (`api/v1alpha1/selector.go`) and the experiment's `mode` and
    /// `value`. An empty `namespaces` means the experiment's own namespace (Chaos Mesh's default),
    /// any namespace when it has none, and is left open when `pods` names pods by namespace.
    static func chaosMesh(
        selector: ModelNode?, mode: ModelNode?, value: ModelNode?, context: ModelNode,
        defaultNamespace: String?
    ) throws -> TargetSelector {
        var target = TargetSelector()
        guard let mode else {
            throw context.error("missing mode (one, all, fixed, fixed-percent or random-max-percent)")
        }
        target.mode = try selectionMode(mode, value: value)
        if let selector {
            _ = try selector.requireMapping()
            let keys = Set(selector.keys)
            for key in unmodelledSelectorKeys where keys.contains(key) {
                throw (selector[key] ?? selector).error(
                    "\(key) is not modelled (the trace has no pod fields, phases or node labels); select by namespaces, labelSelectors, expressionSelectors, annotationSelectors, pods or nodes"
                )
            }
            try selector.rejectUnknownKeys(
                ["namespaces", "labelSelectors", "expressionSelectors", "annotationSelectors", "pods", "nodes"]
                    + unmodelledSelectorKeys)
            target.namespaces = try selector["namespaces"]?.stringList() ?? []
            if let labels = selector["labelSelectors"] { target.labels = try LabelRequirement.equalities(labels) }
            if let expressions = selector["expressionSelectors"] {
                target.labels += try LabelRequirement.expressions(expressions)
            }
            if let annotations = selector["annotationSelectors"] {
                target.annotations = try LabelRequirement.equalities(annotations)
            }
            if let pods = try selector["pods"]?.requireMapping() {
                for (namespace, names) in pods.entries {
                    target.pods[namespace] = try names?.stringList() ?? []
                }
            }
            target.nodes = try selector["nodes"]?.stringList() ?? []
        }
        if target.namespaces.isEmpty && target.pods.isEmpty, let defaultNamespace {
            target.namespaces = [defaultNamespace]
        }
        return target
    }

    /// Chaos Mesh's `mode` and `value`: `one`, `all`, `fixed` (a whole number of pods),
    /// `fixed-percent` and `random-max-percent` (0 to 100), the value written as text or a number.
    static func selectionMode(_ mode: ModelNode, value: ModelNode?) throws -> SelectionMode {
        let name = try mode.string()
        func required() throws -> ModelNode {
            guard let value else { throw mode.error("mode \(name) needs a value") }
            return value
        }
        func percent() throws -> Double {
            let node = try required()
            let share = try node.number()
            guard share >= 0 && share <= 100 else {
                throw node.error("expected a percentage from 0 to 100, found \(node.text ?? "")")
            }
            return share
        }
        switch name {
        case "one": return .one
        case "all": return .all
        case "fixed": return .fixed(try required().integer(minimum: 1))
        case "fixed-percent": return .fixedPercent(try percent())
        case "random-max-percent": return .randomMaxPercent(try percent())
        default:
            throw mode.error("unknown mode \"\(name)\" (expected one, all, fixed, fixed-percent or random-max-percent)")
        }
    }
}

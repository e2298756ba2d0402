import OpexsimModelFiles
import OpexsimTraces

/// opexsim's own `FailurePlan` (`opexsim.io/v1`, docs/failure-files.md, section 3): a list of failures and the restore
/// parameters.
extension FailureDocuments {
    /// The plan's failure kinds.
    static let planKinds = [
        "namespace-deletion", "node-loss", "spot-interruption", "pod-kill", "pod-failure", "container-kill", "stress",
        "random",
    ]
    /// The failures a `random` entry can draw.
    static let randomKinds = ["pod-kill", "container-kill", "pod-failure", "node-loss", "spot-interruption"]

    mutating func readPlan(_ document: FailureDocument) throws {
        try document.rejectUnknownKeys(["apiVersion", "kind", "metadata", "failures", "restore"])
        for item in try document["failures"]?.items() ?? [] {
            failures.append(try Self.planFailure(try item.requireMapping()))
        }
        if let restoreNode = document["restore"] {
            try Self.readRestore(try restoreNode.requireMapping(), into: &restore)
        }
    }

    /// What `at` means, for the error when it is missing.
    static let atMeaning = "an offset from the trace start such as 2h, or an RFC 3339 time"

    /// One entry of `failures:`.
    static func planFailure(_ item: ModelNode) throws -> FailureSpec {
        guard let kindNode = item["kind"] else {
            throw item.error("missing kind (one of \(planKinds.joined(separator: ", ")))")
        }
        let kind = try kindNode.string()
        switch kind {
        case "namespace-deletion":
            try item.rejectUnknownKeys(["kind", "namespace", "at"])
            let namespace = try requiredValue(item, "namespace", "the namespace deleted").string()
            return FailureSpec(
                name: "namespace-deletion \(namespace)", location: item.location, action: .namespaceDeletion,
                selector: TargetSelector(namespaces: [namespace]),
                timing: try requiredValue(item, "at", atMeaning).failureTime(), namespace: namespace)
        case "node-loss":
            try item.rejectUnknownKeys(["kind", "node", "random", "at", "toleration"])
            let node = try planNode(item)
            return FailureSpec(
                name: "node-loss \(node ?? "(random node)")", location: item.location,
                action: .nodeLoss(toleration: try toleration(item)),
                timing: try requiredValue(item, "at", atMeaning).failureTime(), node: node)
        case "spot-interruption":
            try item.rejectUnknownKeys(["kind", "node", "random", "at", "notice", "drain"])
            let node = try planNode(item)
            return FailureSpec(
                name: "spot-interruption \(node ?? "(random node)")", location: item.location,
                action: try spotInterruption(item),
                timing: try requiredValue(item, "at", atMeaning).failureTime(), node: node)
        case "pod-kill", "pod-failure", "container-kill", "stress":
            return try planPodFailure(item, kind: kind)
        case "random":
            return try planRandomFailure(item)
        default:
            throw kindNode.error("unknown kind \"\(kind)\" (expected one of \(planKinds.joined(separator: ", ")))")
        }
    }

    /// The value of `key`, or an error naming the key and what it means.
    static func requiredValue(_ item: ModelNode, _ key: String, _ meaning: String) throws -> ModelNode {
        guard let node = item[key] else { throw item.error("missing \(key) (\(meaning))") }
        return node
    }

    /// The `node` of a node-loss or spot-interruption entry, nil for `random: true`; exactly one of
    /// them is needed.
    static func planNode(_ item: ModelNode) throws -> String? {
        let random = try item["random"]?.bool() ?? false
        let node = try item["node"]?.string()
        guard (node != nil) != random else {
            throw item.error(
                random
                    ? "give either node or random: true, not both"
                    : "missing node (a node of the trace), or random: true")
        }
        return node
    }

    /// A `pod-kill`, `pod-failure`, `container-kill` or `stress` entry.
    static func planPodFailure(_ item: ModelNode, kind: String) throws -> FailureSpec {
        var keys = ["kind", "workload", "namespace", "pod", "at", "mode", "value"]
        switch kind {
        case "pod-kill": keys += ["grace_period"]
        case "pod-failure": keys += ["duration"]
        case "container-kill": keys += ["container"]
        default: keys += ["container", "duration", "cpu", "memory"]
        }
        try item.rejectUnknownKeys(keys)
        // One matching pod unless `mode` says otherwise, as "a pod-kill" reads (Chaos Mesh's `one`).
        let selector = try planSelector(item, defaultMode: .one)
        let action: FailureAction
        switch kind {
        case "pod-kill":
            action = .podKill(gracePeriod: try item["grace_period"]?.duration() ?? 0)
        case "pod-failure":
            action = .podFailure(
                duration: try requiredValue(item, "duration", "how long the pod is down, such as 10m").duration())
        case "container-kill":
            action = .containerKill(containerNames: try item["container"]?.stringOrList() ?? [])
        default:
            action = try planStress(item)
        }
        return FailureSpec(
            name: "\(kind) \(target(selector))", location: item.location, action: action,
            selector: selector, timing: try requiredValue(item, "at", atMeaning).failureTime())
    }

    /// A `stress` entry's action: the CPU and memory it adds, for `duration`, in `container`.
    static func planStress(_ item: ModelNode) throws -> FailureAction {
        guard item["cpu"] != nil || item["memory"] != nil else {
            throw item.error("missing cpu or memory (the demand a stress adds, such as cpu: 500m or memory: 256Mi)")
        }
        var cores = 0.0
        if let cpu = item["cpu"] {
            guard let value = Quantity.parse(try cpu.string()), value >= 0 else {
                throw cpu.error("expected CPU cores such as 0.5 or 500m, found \"\(cpu.text ?? "")\"")
            }
            guard value <= Quantity.maximumCores else {
                throw cpu.error(
                    "\(cpu.text ?? "") is more than any node has (at most \(Quantity.maximumCoresText) cores)")
            }
            cores = value
        }
        return .stress(
            cpuCores: cores, memoryBytes: try item["memory"]?.byteSize() ?? 0,
            duration: try item["duration"]?.duration(),
            containerNames: try item["container"]?.stringOrList() ?? [])
    }

    /// A `random` entry: failures of one kind at random times, `mtbf` apart on average.
    static func planRandomFailure(_ item: ModelNode) throws -> FailureSpec {
        let failureNode = try requiredValue(item, "failure", randomKinds.joined(separator: ", "))
        let failure = try failureNode.string()
        var keys = ["kind", "failure", "mtbf"]
        switch failure {
        case "node-loss": keys += ["toleration"]
        case "spot-interruption": keys += ["notice", "drain"]
        case "pod-failure": keys += ["mttr", "workload", "namespace", "mode", "value"]
        case "pod-kill", "container-kill": keys += ["workload", "namespace", "mode", "value"]
        default:
            throw failureNode.error(
                "unknown failure \"\(failure)\" (expected one of \(randomKinds.joined(separator: ", ")))")
        }
        try item.rejectUnknownKeys(keys)
        let mtbfNode = try requiredValue(item, "mtbf", "the mean time between failures, such as 7d")
        let mtbf = try mtbfNode.duration()
        guard mtbf > 0 else { throw mtbfNode.error("the mean time between failures must be positive") }
        let timing = FailureTiming.random(mtbf: mtbf)
        if failure == "spot-interruption" {
            return FailureSpec(
                name: "random spot-interruption", location: item.location, action: try spotInterruption(item),
                timing: timing)
        }
        if failure == "node-loss" {
            return FailureSpec(
                name: "random node-loss", location: item.location, action: .nodeLoss(toleration: try toleration(item)),
                timing: timing)
        }
        // Each occurrence hits one matching pod unless a mode says otherwise [design].
        let selector = try planSelector(item, defaultMode: .one)
        var mttr: Int64?
        let action: FailureAction
        switch failure {
        case "pod-failure":
            let repair = try requiredValue(item, "mttr", "how long each pod-failure lasts, such as 10m").duration()
            mttr = repair
            action = .podFailure(duration: repair)
        case "pod-kill": action = .podKill(gracePeriod: 0)
        default: action = .containerKill(containerNames: [])
        }
        return FailureSpec(
            name: "random \(failure) \(target(selector))", location: item.location, action: action,
            selector: selector, timing: timing, mttr: mttr)
    }

    /// A spot interruption's `notice` (default two minutes) and `drain` (default true: an interruption
    /// handler drains the node at the notice).
    static func spotInterruption(_ item: ModelNode) throws -> FailureAction {
        .spotInterruption(
            notice: try item["notice"]?.duration() ?? FailureAction.spotNotice,
            drained: try item["drain"]?.bool() ?? true)
    }

    /// A node loss's `toleration`: the pods' `tolerationSeconds` for the unreachable taint, as a
    /// duration or a number of seconds; default 300 s.
    static func toleration(_ item: ModelNode) throws -> Int64 {
        guard let node = item["toleration"] else { return FailureAction.defaultToleration }
        if let text = node.text, let seconds = Int64(text), seconds >= 0, seconds <= 86_400 * 3650 {
            return seconds * 1000
        }
        return try node.duration()
    }

    /// `workload`, `namespace`, `pod` and `mode`/`value` of a plan entry.
    static func planSelector(_ item: ModelNode, defaultMode: SelectionMode) throws -> TargetSelector {
        var selector = TargetSelector(mode: defaultMode)
        if item["kind"]?.text != "random" {
            guard item["workload"] != nil else { throw item.error("missing workload (the trace's workload to hit)") }
        }
        if let workload = item["workload"] { selector.workloads = [try workload.string()] }
        let namespace = try item["namespace"]?.string()
        if let namespace { selector.namespaces = [namespace] }
        if let pod = item["pod"] {
            guard let namespace else { throw pod.error("a pod needs the namespace it is in") }
            selector.pods = [namespace: try pod.stringOrList()]
        }
        if let mode = item["mode"] {
            selector.mode = try TargetSelector.selectionMode(mode, value: item["value"])
        } else if item["value"] != nil {
            throw item.error("value without mode")
        }
        return selector
    }

    /// `shop/cart`, `cart`, `any pod in payments` or `any pod` for a report name.
    static func target(_ selector: TargetSelector) -> String {
        guard let workload = selector.workloads.first else {
            return selector.namespaces.first.map { "any pod in \($0)" } ?? "any pod"
        }
        guard let namespace = selector.namespaces.first else { return workload }
        return "\(namespace)/\(workload)"
    }

    /// The plan's `restore:` mapping, onto `RestoreModel`; absent keys keep their values.
    static func readRestore(_ node: ModelNode, into model: inout RestoreModel) throws {
        try node.rejectUnknownKeys([
            "detection_delay", "operator_delay", "namespace_finalization", "objects_per_workload",
            "object_create_seconds", "throughput_mb_per_s", "volumes", "volume_snapshot_provider",
        ])
        if let value = node["volume_snapshot_provider"] { model.volumeSnapshotProvider = try value.bool() }
        if let value = node["detection_delay"] { model.detectionDelay = try value.duration() }
        if let value = node["operator_delay"] { model.operatorDelay = try value.duration() }
        if let value = node["namespace_finalization"] { model.namespaceFinalization = try value.duration() }
        if let value = node["objects_per_workload"] { model.objectsPerWorkload = try value.integer(minimum: 0) }
        if let value = node["object_create_seconds"] { model.objectCreateSeconds = try value.nonNegative() }
        if let value = node["throughput_mb_per_s"] {
            let megabytes = try value.number()
            guard megabytes > 0 else { throw value.error("the throughput must be positive, found \(value.text ?? "")") }
            model.throughputBytesPerSecond = megabytes * 1e6
        }
        if let volumes = try node["volumes"]?.requireMapping() {
            let entries = volumes.entries
            model.volumeBytes.reserveCapacity(model.volumeBytes.count + entries.count)
            for (namespace, size) in entries {
                guard let size else { throw volumes.error("volume size of \(namespace) is missing") }
                model.volumeBytes[namespace] = try size.byteSize()
            }
        }
    }
}

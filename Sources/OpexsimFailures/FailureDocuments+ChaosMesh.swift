import OpexsimModelFiles
import OpexsimTraces

/// Chaos Mesh (`chaos-mesh.org/v1alpha1`) objects: PodChaos, StressChaos, Schedule, and the cloud
/// experiments that stop a node; the other kinds are listed as not modelled.
extension FailureDocuments {
    /// Chaos Mesh kinds that change neither CPU nor memory demand nor pod lifecycles.
    static let unmodelledChaosKinds = [
        "NetworkChaos", "IOChaos", "TimeChaos", "DNSChaos", "HTTPChaos", "JVMChaos",
        "KernelChaos", "BlockChaos", "PhysicalMachineChaos", "Workflow", "StatusCheck", "RemoteCluster",
    ]

    /// The stop action of each cloud experiment kind (from the `action` enums of the AWS, GCP and
    /// Azure chaos types), read as node loss.
    static let nodeStopActions = ["AWSChaos": "ec2-stop", "GCPChaos": "node-stop", "AzureChaos": "vm-stop"]

    /// The annotation that places a cloud experiment's instance on the trace's `node` column.
    static let nodeAnnotation = "opexsim.io/node"
    /// The annotation giving a one-off experiment's start (docs/failure-files.md, section 2.1).
    static let startAnnotation = "opexsim.io/start"
    /// The annotation that makes StressChaos memory `size` per worker instead of the total.
    static let memoryPerWorkerAnnotation = "opexsim.io/memory-per-worker"

    static let objectKeys = ["apiVersion", "kind", "metadata", "spec", "status"]

    mutating func readChaosMesh(_ document: FailureDocument) throws {
        switch document.kind {
        case "PodChaos", "StressChaos":
            try document.rejectUnknownKeys(Self.objectKeys)
            let spec = try document.required("spec").requireMapping()
            let timing = try document.annotation(Self.startAnnotation)?.failureTime() ?? .whenTargetsRun
            try addExperiment(document.kind, spec: spec, document: document, timing: timing)
        case "Schedule":
            try document.rejectUnknownKeys(Self.objectKeys)
            try readChaosSchedule(document)
        case let kind where Self.nodeStopActions[kind] != nil:
            try readNodeStop(document)
        case "Workflow":
            unsupported.append(
                try document.note("not modelled (write its steps as separate experiments placed with opexsim.io/start)")
            )
        case let kind where Self.unmodelledChaosKinds.contains(kind):
            unsupported.append(try document.note("not modelled (opexsim replays CPU and memory)"))
        default:
            // Any other kind (StatusCheck, RemoteCluster, kinds of later releases) is listed, never an error.
            try document.rejectUnknownKeys(Self.objectKeys)
            unsupported.append(
                try document.note(
                    "not modelled (opexsim reads PodChaos, StressChaos, Schedule, AWSChaos, GCPChaos and AzureChaos)"))
        }
    }

    /// A PodChaos or StressChaos spec, alone or as a Schedule's template.
    mutating func addExperiment(_ kind: String, spec: ModelNode, document: FailureDocument, timing: FailureTiming)
        throws
    {
        if let remote = spec["remoteCluster"] {
            throw remote.error("remoteCluster is not modelled (opexsim replays one cluster)")
        }
        let action: FailureAction
        if kind == "PodChaos" {
            try spec.rejectUnknownKeys([
                "action", "mode", "value", "selector", "containerNames", "duration", "gracePeriod", "remoteCluster",
            ])
            action = try Self.podChaosAction(spec)
        } else {
            try spec.rejectUnknownKeys([
                "mode", "value", "selector", "containerNames", "stressors", "stressngStressors", "duration",
                "remoteCluster",
            ])
            // stressngStressors wins over stressors upstream (stresschaos_types.go), and a raw
            // stress-ng string has no demand opexsim can read.
            if spec["stressngStressors"] != nil {
                unsupported.append(
                    try document.note(
                        "stressngStressors not modelled (raw stress-ng options); use stressors.cpu and stressors.memory"
                    ))
                return
            }
            let perWorker = try document.annotation(Self.memoryPerWorkerAnnotation)?.bool() ?? false
            action = try Self.stressAction(spec, memoryPerWorker: perWorker)
            for note in Self.stressorNotes(spec) { unsupported.append(try document.note(note)) }
        }
        let selector = try TargetSelector.chaosMesh(
            selector: spec["selector"], mode: spec["mode"], value: spec["value"],
            context: spec, defaultNamespace: try document.namespace())
        failures.append(
            FailureSpec(
                name: try document.title(), location: document.location, action: action,
                selector: selector, timing: timing))
    }

    /// PodChaos `action` (`podchaos_types.go`): `pod-kill` with `gracePeriod` seconds (default 0,
    /// delete at once), `pod-failure` for its required `duration`, `container-kill` of
    /// `containerNames`.
    static func podChaosAction(_ spec: ModelNode) throws -> FailureAction {
        guard let actionNode = spec["action"] else {
            throw spec.error("missing action (pod-kill, pod-failure or container-kill)")
        }
        switch try actionNode.string() {
        case "pod-kill":
            let seconds = try spec["gracePeriod"]?.integer(minimum: 0) ?? 0
            return .podKill(gracePeriod: Int64(seconds) * 1000)
        case "pod-failure":
            guard let duration = spec["duration"] else {
                throw spec.error("missing duration (required for pod-failure)")
            }
            return .podFailure(duration: try duration.goDuration())
        case "container-kill":
            return .containerKill(containerNames: try spec["containerNames"]?.stringList() ?? [])
        case let other:
            throw actionNode.error("unknown action \"\(other)\" (expected pod-kill, pod-failure or container-kill)")
        }
    }

    /// StressChaos `stressors` (`stresschaos_types.go`):
    /// - CPU: `workers` × `load`/100 cores (the website's definition of the added load); `load`
    ///   defaults to 100, stress-ng's full load when `--cpu-load` is not passed.
    /// - memory: `size` is the total over the workers by default, as the website table says and as
    ///   memStress does (it starts `workers` clients of `size / workers` each); the Go comment's
    ///   "per worker" is taken only with the annotation `opexsim.io/memory-per-worker: "true"`.
    ///   A percentage of available memory is not modelled.
    static func stressAction(_ spec: ModelNode, memoryPerWorker: Bool) throws -> FailureAction {
        guard let stressors = try spec["stressors"]?.requireMapping() else {
            throw spec.error("missing stressors (cpu and/or memory)")
        }
        try stressors.rejectUnknownKeys(["cpu", "memory"])
        guard stressors["cpu"] != nil || stressors["memory"] != nil else {
            throw stressors.error("expected a cpu or memory stressor")
        }
        var cores = 0.0
        if let cpu = try stressors["cpu"]?.requireMapping() {
            try cpu.rejectUnknownKeys(["workers", "load", "options"])
            guard let workers = cpu["workers"] else { throw cpu.error("missing workers") }
            let count = try workers.integer(minimum: 1)
            var load = 100.0
            if let loadNode = cpu["load"] {
                load = try loadNode.number()
                guard load >= 0 && load <= 100 else {
                    throw loadNode.error(
                        "expected a load from 0 to 100 (percent of one core per worker), found \(loadNode.text ?? "")")
                }
            }
            cores = Double(count) * load / 100
            guard cores <= Quantity.maximumCores else {
                throw workers.error(
                    "\(count) workers add more CPU than any node has (at most \(Quantity.maximumCoresText) cores)")
            }
        }
        var bytes = 0.0
        if let memory = try stressors["memory"]?.requireMapping() {
            try memory.rejectUnknownKeys(["workers", "size", "oomScoreAdj", "options"])
            guard let workers = memory["workers"] else { throw memory.error("missing workers") }
            let count = try workers.integer(minimum: 1)
            guard let size = memory["size"] else { throw memory.error("missing size (such as 256MB or 1GiB)") }
            if try size.string().trimming(" ").hasSuffix("%") {
                throw size.error("a percentage of available memory is not modelled; give a size such as 256MB or 1GiB")
            }
            bytes = try size.byteSize() * (memoryPerWorker ? Double(count) : 1)
            guard bytes <= Quantity.maximumBytes else {
                throw workers.error("\(count) workers of \(size.text ?? "") are more than any node has (at most 1Ei)")
            }
        }
        let duration = try spec["duration"]?.goDuration()
        return .stress(
            cpuCores: cores, memoryBytes: bytes, duration: duration,
            containerNames: try spec["containerNames"]?.stringList() ?? [])
    }

    /// What a StressChaos sets that the replay does not use: stress-ng `options` and the memory
    /// stressor's `oomScoreAdj`.
    static func stressorNotes(_ spec: ModelNode) -> [String] {
        var notes: [String] = []
        for kind in ["cpu", "memory"] {
            if let options = spec["stressors"]?[kind]?["options"], !((try? options.stringList()) ?? [""]).isEmpty {
                notes.append(
                    "stressors.\(kind).options not modelled (extra stress-ng options); the \(kind == "cpu" ? "load is workers × load" : "memory added is size")"
                )
            }
        }
        if let adjust = spec["stressors"]?["memory"]?["oomScoreAdj"], adjust.text != "0" {
            notes.append(
                "stressors.memory.oomScoreAdj \(adjust.text ?? "") not modelled: an OOM kill the stress causes kills the container, as when the kernel picks its main process"
            )
        }
        return notes
    }

    /// The template key of each Schedule `type` (`schedule_types.go`, `ScheduleItem`).
    static let scheduleTemplateKeys = [
        "PodChaos": "podChaos", "StressChaos": "stressChaos", "NetworkChaos": "networkChaos", "IOChaos": "ioChaos",
        "TimeChaos": "timeChaos", "DNSChaos": "dnsChaos", "HTTPChaos": "httpChaos", "JVMChaos": "jvmChaos",
        "KernelChaos": "kernelChaos", "BlockChaos": "blockChaos", "PhysicalMachineChaos": "physicalmachineChaos",
        "AWSChaos": "awsChaos", "GCPChaos": "gcpChaos", "AzureChaos": "azureChaos", "Workflow": "workflow",
    ]

    /// A Chaos Mesh `Schedule`: its template experiment at every cron time; `concurrencyPolicy`
    /// Forbid (the default, also when empty) skips a run while the previous one lasts.
    mutating func readChaosSchedule(_ document: FailureDocument) throws {
        let spec = try document.required("spec").requireMapping()
        try spec.rejectUnknownKeys(
            ["schedule", "concurrencyPolicy", "historyLimit", "startingDeadlineSeconds", "type"]
                + Self.scheduleTemplateKeys.values.sorted())
        guard let scheduleNode = spec["schedule"] else { throw spec.error("missing schedule (a cron expression)") }
        let cron = try scheduleNode.cron(allowSeconds: true)
        if cron.isRoundedUpToOneSecond {
            unsupported.append(
                try document.note(
                    "schedule \"\(cron.expression)\" fires every second: robfig/cron rounds an @every delay under a second (zero or negative too) up to one second"
                ))
        }
        var forbid = true
        if let policy = spec["concurrencyPolicy"] {
            switch try policy.string() {
            case "", "Forbid": forbid = true
            case "Allow": forbid = false
            case let other: throw policy.error("unknown concurrencyPolicy \"\(other)\" (expected Forbid or Allow)")
            }
        }
        guard let typeNode = spec["type"] else { throw spec.error("missing type (PodChaos or StressChaos)") }
        let type = try typeNode.string()
        guard let templateKey = Self.scheduleTemplateKeys[type] else {
            throw typeNode.error(
                "unknown type \(type) (expected one of \(Self.scheduleTemplateKeys.keys.sorted().joined(separator: ", ")))"
            )
        }
        guard type == "PodChaos" || type == "StressChaos" else {
            unsupported.append(
                try document.note("type \(type) not modelled (opexsim schedules PodChaos and StressChaos)"))
            return
        }
        guard let template = try spec[templateKey]?.requireMapping() else {
            throw spec.error("missing \(templateKey) (the \(type) to run at each time)")
        }
        try addExperiment(type, spec: template, document: document, timing: .schedule(cron, forbidConcurrent: forbid))
    }

    /// AWSChaos `ec2-stop`, GCPChaos `node-stop`, AzureChaos `vm-stop`: node loss, when the
    /// annotation `opexsim.io/node` names the node; other actions are not modelled.
    mutating func readNodeStop(_ document: FailureDocument) throws {
        let spec = try document.required("spec").requireMapping()
        let stop = Self.nodeStopActions[document.kind]!
        guard let actionNode = spec["action"] else { throw spec.error("missing action") }
        let action = try actionNode.string()
        guard action == stop else {
            unsupported.append(try document.note("action \(action) not modelled (only \(stop), as node loss)"))
            return
        }
        guard let node = document.annotation(Self.nodeAnnotation) else {
            unsupported.append(
                try document.note(
                    "\(stop) not modelled without the annotation \(Self.nodeAnnotation) naming the trace node the instance is (the cloud instance fields cannot be matched to the trace)"
                ))
            return
        }
        let timing = try document.annotation(Self.startAnnotation)?.failureTime() ?? .whenTargetsRun
        // A stopped instance starts again after `duration`; its pods, not yet evicted, come back with it.
        var toleration = FailureAction.defaultToleration
        if let duration = spec["duration"] {
            let milliseconds = try duration.goDuration()
            let back = NodeFailureTimeline.monitorGracePeriod + FailureAction.defaultToleration
            if milliseconds < back {
                toleration = max(0, milliseconds - NodeFailureTimeline.monitorGracePeriod)
                unsupported.append(
                    try document.note(
                        "duration \(duration.text ?? ""): the instance comes back before its pods are evicted, so they are down until it does and then start again (modelled as replacements after the duration, at least the \(NodeFailureTimeline.monitorGracePeriod / 1000) s node monitor grace period)"
                    ))
            } else {
                unsupported.append(
                    try document.note(
                        "duration \(duration.text ?? ""): longer than the \(back / 1000) s until the pods are evicted, so they are replaced as after a node loss; the node's return does not matter to them"
                    ))
            }
        }
        failures.append(
            FailureSpec(
                name: try document.title(), location: document.location,
                action: .nodeLoss(toleration: toleration), timing: timing, node: try node.string()))
    }
}

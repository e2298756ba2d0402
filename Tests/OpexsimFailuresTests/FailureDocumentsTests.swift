import Foundation
import OpexsimFailures
import OpexsimModelFiles
import OpexsimTestSupport
import OpexsimTraces
import Testing

/// The error loading `text` gives, as `file:line:column: message` with the file name replaced by `F`.
func loadError(_ text: String) throws -> String? {
    let path = try temporaryFile(text, name: "bad.yaml")
    do {
        _ = try FailureDocuments.load(paths: [path])
        return nil
    } catch let error as ModelFileError {
        return error.description.replacingOccurrences(of: path, with: "F")
    }
}

/// Loads `text` as one file; `F` in the result's locations and notes stands for the file.
func load(_ text: String) throws -> (FailureDocuments, String) {
    let path = try temporaryFile(text, name: "failures.yaml")
    return (try FailureDocuments.load(paths: [path]), path)
}

/// The Chaos Mesh examples of docs/chaos-and-backup.md, section A.7, as written there.
let chaosMeshExamples = """
    apiVersion: chaos-mesh.org/v1alpha1
    kind: PodChaos
    metadata: {name: kill-one-cart, namespace: shop}
    spec:
      action: pod-kill
      mode: one
      gracePeriod: 0
      selector:
        namespaces: [shop]
        labelSelectors: {app: cart}
    ---
    apiVersion: chaos-mesh.org/v1alpha1
    kind: PodChaos
    metadata: {name: cart-outage, namespace: shop}
    spec:
      action: pod-failure
      mode: fixed-percent
      value: "50"
      duration: 10m
      selector: {labelSelectors: {app: cart}}
    ---
    apiVersion: chaos-mesh.org/v1alpha1
    kind: StressChaos
    metadata: {name: cart-memory-pressure, namespace: shop}
    spec:
      mode: all
      duration: 15m
      selector: {labelSelectors: {app: cart}}
      stressors:
        memory: {workers: 1, size: 300MiB}
        cpu: {workers: 2, load: 60}
    ---
    apiVersion: chaos-mesh.org/v1alpha1
    kind: Schedule
    metadata: {name: nightly-cart-kill, namespace: shop}
    spec:
      schedule: "0 3 * * *"
      concurrencyPolicy: Forbid
      historyLimit: 5
      type: PodChaos
      podChaos:
        action: container-kill
        mode: one
        containerNames: [cart]
        selector: {labelSelectors: {app: cart}}

    """

/// The Velero examples of docs/chaos-and-backup.md, section B.7, as written there.
let veleroExamples = """
    apiVersion: velero.io/v1
    kind: Schedule
    metadata: {name: shop-hourly, namespace: velero}
    spec:
      schedule: "CRON_TZ=UTC 0 * * * *"
      template:
        includedNamespaces: [shop]
        snapshotVolumes: true
        ttl: 168h0m0s
    ---
    apiVersion: velero.io/v1
    kind: Backup
    metadata: {name: shop-before-change, namespace: velero}
    spec:
      includedNamespaces: [shop]
      defaultVolumesToFsBackup: true
    ---
    apiVersion: velero.io/v1
    kind: Restore
    metadata: {name: shop-restore, namespace: velero}
    spec:
      scheduleName: shop-hourly
      includedNamespaces: [shop]
      restorePVs: true
      existingResourcePolicy: none

    """

/// The FailurePlan of docs/failure-files.md, section 3.1, as written there.
let contractPlan = """
    apiVersion: opexsim.io/v1
    kind: FailurePlan
    failures:
      - {kind: namespace-deletion, namespace: shop, at: 10h}   # restored from the latest Velero backup
      - {kind: node-loss, node: node-a, at: 2h}                # or random: true
      - {kind: pod-kill, workload: cart, at: 30m}
      - {kind: random, failure: pod-kill, mtbf: 7d}             # Monte Carlo with --runs

    """

@Suite("Failure documents: Chaos Mesh, Velero and FailurePlan files")
struct FailureDocumentsTests {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("the Chaos Mesh examples of docs/chaos-and-backup.md, section A.7")
    func chaosMesh() throws {
        let (documents, file) = try load(chaosMeshExamples)
        #expect(documents.files == [file])
        #expect(documents.unsupported.isEmpty)
        #expect(documents.backups.isEmpty)
        #expect(documents.failures.count == 4)
        let cart = TargetSelector(
            namespaces: ["shop"], labels: [LabelRequirement(key: "app", op: .in, values: ["cart"])])
        func selector(_ mode: SelectionMode) -> TargetSelector {
            var selector = cart
            selector.mode = mode
            return selector
        }
        #expect(
            documents.failures[0]
                == FailureSpec(
                    name: "PodChaos shop/kill-one-cart", location: "\(file):1:1", action: .podKill(gracePeriod: 0),
                    selector: selector(.one), timing: .whenTargetsRun))
        // selector.namespaces is empty: the experiment's own namespace.
        #expect(
            documents.failures[1]
                == FailureSpec(
                    name: "PodChaos shop/cart-outage", location: "\(file):12:1", action: .podFailure(duration: 600_000),
                    selector: selector(.fixedPercent(50)), timing: .whenTargetsRun))
        // 2 workers × 60% = 1.2 cores; 300 MiB = 300 × 1,048,576 bytes, the total over 1 worker.
        #expect(
            documents.failures[2]
                == FailureSpec(
                    name: "StressChaos shop/cart-memory-pressure", location: "\(file):22:1",
                    action: .stress(cpuCores: 1.2, memoryBytes: 314_572_800, duration: 900_000, containerNames: []),
                    selector: selector(.all), timing: .whenTargetsRun))
        let schedule = documents.failures[3]
        #expect(schedule.name == "Schedule shop/nightly-cart-kill")
        #expect(schedule.location == "\(file):33:1")
        #expect(schedule.action == .containerKill(containerNames: ["cart"]))
        #expect(schedule.selector == selector(.one))
        guard case .schedule(let cron, let forbid) = schedule.timing else {
            Issue.record("expected a schedule, found \(schedule.timing)")
            return
        }
        #expect(cron.expression == "0 3 * * *")
        #expect(forbid)
        #expect(cron.next(after: at("2026-01-05T03:00:00Z")) == at("2026-01-06T03:00:00Z"))
        #expect(documents.isRandom)
    }

    @Test("the Velero examples of docs/chaos-and-backup.md, section B.7")
    func velero() throws {
        let (documents, file) = try load(veleroExamples)
        #expect(documents.failures.isEmpty)
        #expect(
            documents.backups == [
                BackupSchedule(
                    name: "shop-hourly", location: "\(file):1:1",
                    cron: try CronSchedule(parsing: "CRON_TZ=UTC 0 * * * *", allowSeconds: false),
                    includedNamespaces: ["shop"], excludedNamespaces: [], backsUpVolumes: true,
                    includesVPACheckpoints: true,
                    ttl: 168 * 3_600_000, paused: false)
            ])
        #expect(documents.backups[0].cron.next(after: at("2026-01-05T10:30:00Z")) == at("2026-01-05T11:00:00Z"))
        #expect(
            documents.unsupported == [
                "Backup velero/shop-before-change (\(file):11:1): not modelled (a one-off backup; opexsim restores from the backups of Velero Schedules)",
                "Restore velero/shop-restore (\(file):18:1): not modelled (opexsim restores a namespace after each namespace deletion, from the latest backup that covers it)",
            ])
    }

    @Test("Velero resource filters, TTL default, paused, file-system backups")
    func veleroFilters() throws {
        func schedule(_ template: String, paused: Bool = false) throws -> BackupSchedule {
            let text = """
                apiVersion: velero.io/v1
                kind: Schedule
                metadata: {name: s, namespace: velero}
                spec:
                  schedule: "@daily"
                  paused: \(paused)
                  template: \(template)
                """
            return try load(text).0.backups[0]
        }
        let plain = try schedule("{}", paused: true)
        #expect(plain.ttl == 720 * 3_600_000)
        #expect(plain.paused)
        // snapshotVolumes unset: snapshots, as a volume snapshot provider is taken as configured.
        #expect(plain.snapshotVolumesUnset)
        #expect(plain.backsUpVolumes)
        #expect(try !schedule("{snapshotVolumes: false}").backsUpVolumes)
        #expect(plain.includesVPACheckpoints)
        #expect(plain.covers(namespace: "anything"))
        #expect(try schedule("{defaultVolumesToFsBackup: true, excludedNamespaces: [data]}").backsUpVolumes)
        #expect(try !schedule("{excludedNamespaces: [data]}").covers(namespace: "data"))
        #expect(try !schedule("{includedResources: [deployments, services]}").includesVPACheckpoints)
        #expect(
            try schedule("{includedResources: [deployments, verticalpodautoscalercheckpoints]}").includesVPACheckpoints)
        #expect(try schedule("{includedResources: ['*']}").includesVPACheckpoints)
        #expect(
            try schedule("{includedResources: [verticalpodautoscalercheckpoints.autoscaling.k8s.io]}")
                .includesVPACheckpoints)
        #expect(
            try !schedule("{excludedResources: [verticalpodautoscalercheckpoints.autoscaling.k8s.io]}")
                .includesVPACheckpoints)
        #expect(
            try !schedule("{excludedNamespaceScopedResources: [verticalpodautoscalercheckpoints]}")
                .includesVPACheckpoints)
        #expect(try schedule("{ttl: 36h30m}").ttl == 131_400_000)
        #expect(try schedule("{ttl: 0s}").ttl == BackupSchedule.defaultTTL)
    }

    @Test("the FailurePlan of docs/failure-files.md, section 3.1")
    func contract() throws {
        let (documents, file) = try load(contractPlan)
        #expect(
            documents.failures == [
                FailureSpec(
                    name: "namespace-deletion shop", location: "\(file):4:5", action: .namespaceDeletion,
                    selector: TargetSelector(namespaces: ["shop"]), timing: .offset(36_000_000), namespace: "shop"),
                FailureSpec(
                    name: "node-loss node-a", location: "\(file):5:5",
                    action: .nodeLoss(toleration: FailureAction.defaultToleration),
                    timing: .offset(7_200_000), node: "node-a"),
                FailureSpec(
                    name: "pod-kill cart", location: "\(file):6:5", action: .podKill(gracePeriod: 0),
                    selector: TargetSelector(workloads: ["cart"], mode: .one), timing: .offset(1_800_000)),
                FailureSpec(
                    name: "random pod-kill any pod", location: "\(file):7:5", action: .podKill(gracePeriod: 0),
                    selector: TargetSelector(mode: .one), timing: .random(mtbf: 604_800_000)),
            ])
        #expect(documents.restore == RestoreModel())
        #expect(documents.isRandom)
    }

    @Test("spot interruptions: two minutes' notice and drained by default; undrained; at random")
    func spotInterruptions() throws {
        let (documents, file) = try load(
            """
            apiVersion: opexsim.io/v1
            kind: FailurePlan
            failures:
              - {kind: spot-interruption, node: node-b, at: 6h}
              - {kind: spot-interruption, random: true, at: 7h, notice: 30s, drain: false}
              - {kind: random, failure: spot-interruption, mtbf: 20d}
            """)
        #expect(
            documents.failures == [
                FailureSpec(
                    name: "spot-interruption node-b", location: "\(file):4:5",
                    action: .spotInterruption(notice: 120_000, drained: true),
                    timing: .offset(21_600_000), node: "node-b"),
                FailureSpec(
                    name: "spot-interruption (random node)", location: "\(file):5:5",
                    action: .spotInterruption(notice: 30_000, drained: false),
                    timing: .offset(25_200_000)),
                FailureSpec(
                    name: "random spot-interruption", location: "\(file):6:5",
                    action: .spotInterruption(notice: 120_000, drained: true),
                    timing: .random(mtbf: 1_728_000_000)),
            ])
        #expect(documents.isRandom)
    }

    @Test("every FailurePlan kind, RFC 3339 times and the restore parameters")
    func planKinds() throws {
        let (documents, file) = try load(
            """
            apiVersion: opexsim.io/v1
            kind: FailurePlan
            metadata: {name: everything}
            failures:
              - {kind: node-loss, random: true, at: "2026-01-05T10:00:00Z", toleration: 30s}
              - {kind: pod-failure, workload: checkout, namespace: shop, at: 1h, duration: 10m, mode: fixed, value: 2}
              - {kind: container-kill, workload: ledger, namespace: payments, pod: ledger-0, container: worker, at: 90s}
              - {kind: stress, workload: ingest, at: 2h, duration: 15m, cpu: 500m, memory: 256Mi, container: [gateway]}
              - {kind: pod-kill, workload: cart, grace_period: 30s, at: 3h, mode: random-max-percent, value: "40"}
              - {kind: random, failure: pod-failure, mtbf: 2d, mttr: 10m, workload: postgres, namespace: data}
              - {kind: random, failure: node-loss, mtbf: 30d, toleration: 45}
            restore:
              detection_delay: 2m
              operator_delay: 5m
              namespace_finalization: 30s
              objects_per_workload: 12
              object_create_seconds: 0.1
              throughput_mb_per_s: 100
              volumes: {shop: 50Gi, data: 20GB}
            """)
        let failures = documents.failures
        #expect(failures.count == 7)
        #expect(
            failures[0]
                == FailureSpec(
                    name: "node-loss (random node)", location: "\(file):5:5", action: .nodeLoss(toleration: 30_000),
                    timing: .instant(at("2026-01-05T10:00:00Z"))))
        #expect(
            failures[1]
                == FailureSpec(
                    name: "pod-failure shop/checkout", location: "\(file):6:5",
                    action: .podFailure(duration: 600_000),
                    selector: TargetSelector(namespaces: ["shop"], workloads: ["checkout"], mode: .fixed(2)),
                    timing: .offset(3_600_000)))
        #expect(failures[2].action == .containerKill(containerNames: ["worker"]))
        #expect(
            failures[2].selector
                == TargetSelector(
                    namespaces: ["payments"], workloads: ["ledger"], pods: ["payments": ["ledger-0"]], mode: .one))
        #expect(failures[2].timing == .offset(90_000))
        // 500m = 0.5 cores; 256Mi = 256 × 1,048,576 bytes.
        #expect(
            failures[3].action
                == .stress(cpuCores: 0.5, memoryBytes: 268_435_456, duration: 900_000, containerNames: ["gateway"]))
        #expect(failures[4].action == .podKill(gracePeriod: 30_000))
        #expect(failures[4].selector.mode == .randomMaxPercent(40))
        #expect(
            failures[5]
                == FailureSpec(
                    name: "random pod-failure data/postgres", location: "\(file):10:5",
                    action: .podFailure(duration: 600_000),
                    selector: TargetSelector(namespaces: ["data"], workloads: ["postgres"], mode: .one),
                    timing: .random(mtbf: 172_800_000), mttr: 600_000))
        #expect(
            failures[6]
                == FailureSpec(
                    name: "random node-loss", location: "\(file):11:5", action: .nodeLoss(toleration: 45_000),
                    timing: .random(mtbf: 2_592_000_000)))
        var restore = RestoreModel()
        restore.detectionDelay = 120_000
        restore.operatorDelay = 300_000
        restore.namespaceFinalization = 30_000
        restore.objectsPerWorkload = 12
        restore.objectCreateSeconds = 0.1
        restore.throughputBytesPerSecond = 100e6
        // 50Gi = 50 × 2^30; 20GB = 20 × 10^9.
        restore.volumeBytes = ["shop": 53_687_091_200, "data": 20e9]
        #expect(documents.restore == restore)
    }

    @Test("Chaos Mesh modes, values as text or numbers, and the start annotation")
    func modesAndStart() throws {
        func experiment(mode: String, start: String? = nil) throws -> FailureSpec {
            let annotations = start.map { "\n  annotations: {opexsim.io/start: \"\($0)\"}" } ?? ""
            let text = """
                apiVersion: chaos-mesh.org/v1alpha1
                kind: PodChaos
                metadata:
                  name: k
                  namespace: shop\(annotations)
                spec:
                  action: pod-kill
                  \(mode)
                  selector: {namespaces: [shop, payments], pods: {shop: [cart-0, cart-1]}, nodes: [node-a]}
                """
            return try load(text).0.failures[0]
        }
        #expect(try experiment(mode: "mode: all").selector.mode == .all)
        #expect(try experiment(mode: "mode: fixed\n  value: \"3\"").selector.mode == .fixed(3))
        #expect(try experiment(mode: "mode: fixed\n  value: 2").selector.mode == .fixed(2))
        #expect(try experiment(mode: "mode: fixed-percent\n  value: 25").selector.mode == .fixedPercent(25))
        #expect(
            try experiment(mode: "mode: random-max-percent\n  value: \"100\"").selector.mode == .randomMaxPercent(100))
        let spec = try experiment(mode: "mode: one", start: "12h")
        #expect(
            spec.selector
                == TargetSelector(
                    namespaces: ["shop", "payments"], pods: ["shop": ["cart-0", "cart-1"]],
                    nodes: ["node-a"], mode: .one))
        #expect(spec.timing == .offset(43_200_000))
        #expect(
            try experiment(mode: "mode: one", start: "2026-01-06T08:00:00Z").timing
                == .instant(at("2026-01-06T08:00:00Z")))
    }

    @Test("selectors: label names, no namespace, pods by namespace")
    func selectors() throws {
        let (documents, _) = try load(
            """
            apiVersion: chaos-mesh.org/v1alpha1
            kind: PodChaos
            metadata: {name: anywhere}
            spec:
              action: pod-kill
              mode: one
              selector: {labelSelectors: {app.kubernetes.io/name: ingest, k8s-app: ingest}}
            ---
            apiVersion: chaos-mesh.org/v1alpha1
            kind: PodChaos
            metadata: {name: by-pod, namespace: shop}
            spec:
              action: pod-kill
              mode: all
              selector: {pods: {payments: [ledger-0]}}
            """)
        #expect(documents.failures[0].name == "PodChaos anywhere")
        #expect(
            documents.failures[0].selector
                == TargetSelector(
                    mode: .one,
                    labels: [
                        LabelRequirement(key: "app.kubernetes.io/name", op: .in, values: ["ingest"]),
                        LabelRequirement(key: "k8s-app", op: .in, values: ["ingest"]),
                    ]))
        // Pods named by namespace leave the namespaces open.
        #expect(documents.failures[1].selector == TargetSelector(pods: ["payments": ["ledger-0"]]))
    }

    @Test("StressChaos: load defaults to 100, memory per worker by annotation, stress-ng strings noted")
    func stress() throws {
        let (documents, file) = try load(
            """
            apiVersion: chaos-mesh.org/v1alpha1
            kind: StressChaos
            metadata:
              name: burn
              namespace: platform
              annotations: {opexsim.io/memory-per-worker: "true"}
            spec:
              mode: all
              containerNames: [etl]
              selector: {labelSelectors: {app: nightly-etl}}
              stressors:
                cpu: {workers: 3}
                memory: {workers: 2, size: 256MB}
            ---
            apiVersion: chaos-mesh.org/v1alpha1
            kind: StressChaos
            metadata: {name: raw, namespace: platform}
            spec:
              mode: all
              selector: {labelSelectors: {app: ingest}}
              stressngStressors: "--cpu 2"
            """)
        // 3 workers at 100%; 2 workers × 256 × 10^6 bytes, no duration: to the end.
        #expect(
            documents.failures.map(\.action) == [
                .stress(cpuCores: 3, memoryBytes: 512e6, duration: nil, containerNames: ["etl"])
            ])
        #expect(
            documents.unsupported == [
                "StressChaos platform/raw (\(file):15:1): stressngStressors not modelled (raw stress-ng options); use stressors.cpu and stressors.memory"
            ])
    }

    @Test("node loss from cloud chaos with opexsim.io/node; other kinds listed as not modelled")
    func unsupportedAndNodeLoss() throws {
        let (documents, file) = try load(
            """
            apiVersion: chaos-mesh.org/v1alpha1
            kind: NetworkChaos
            metadata: {name: latency, namespace: shop}
            spec: {action: delay}
            ---
            apiVersion: chaos-mesh.org/v1alpha1
            kind: AWSChaos
            metadata:
              name: stop-b
              namespace: chaos
              annotations: {opexsim.io/node: node-b, opexsim.io/start: 20h}
            spec: {action: ec2-stop, ec2Instance: i-0123, awsRegion: us-east-1}
            ---
            apiVersion: chaos-mesh.org/v1alpha1
            kind: GCPChaos
            metadata: {name: stop-c, namespace: chaos}
            spec: {action: node-stop, instance: gke-node-c}
            ---
            apiVersion: chaos-mesh.org/v1alpha1
            kind: AzureChaos
            metadata: {name: restart, namespace: chaos}
            spec: {action: vm-restart}
            ---
            apiVersion: chaos-mesh.org/v1alpha1
            kind: Schedule
            metadata: {name: flaky, namespace: shop}
            spec:
              schedule: "@every 1h"
              type: NetworkChaos
              networkChaos: {action: loss}
            ---
            apiVersion: chaos-mesh.org/v1alpha1
            kind: Workflow
            metadata: {name: script, namespace: shop}
            spec: {entry: main}
            """)
        #expect(
            documents.failures == [
                FailureSpec(
                    name: "AWSChaos chaos/stop-b", location: "\(file):6:1",
                    action: .nodeLoss(toleration: FailureAction.defaultToleration),
                    timing: .offset(72_000_000), node: "node-b")
            ])
        #expect(
            documents.unsupported == [
                "NetworkChaos shop/latency (\(file):1:1): not modelled (opexsim replays CPU and memory)",
                "GCPChaos chaos/stop-c (\(file):14:1): node-stop not modelled without the annotation opexsim.io/node naming the trace node the instance is (the cloud instance fields cannot be matched to the trace)",
                "AzureChaos chaos/restart (\(file):19:1): action vm-restart not modelled (only vm-stop, as node loss)",
                "Schedule shop/flaky (\(file):24:1): type NetworkChaos not modelled (opexsim schedules PodChaos and StressChaos)",
                "Workflow shop/script (\(file):32:1): not modelled (write its steps as separate experiments placed with opexsim.io/start)",
            ])
    }

    @Test("several files and the shipped examples under models/failures")
    func shippedExamples() throws {
        let directory = root.appendingPathComponent("models/failures")
        let paths = ["shop-chaos.yaml", "shop-velero.yaml", "shop-disaster.yaml"].map {
            directory.appendingPathComponent($0).path
        }
        let documents = try FailureDocuments.load(paths: paths)
        #expect(documents.files == paths)
        #expect(documents.unsupported.isEmpty)
        #expect(
            documents.failures.map(\.name) == [
                "PodChaos shop/kill-one-cart", "StressChaos shop/checkout-pressure",
                "Schedule payments/ledger-container-kill", "namespace-deletion shop",
            ])
        #expect(documents.failures[0].timing == .offset(21_600_000))
        #expect(
            documents.failures[1].action
                == .stress(cpuCores: 1.2, memoryBytes: 314_572_800, duration: 900_000, containerNames: []))
        #expect(
            documents.failures[1].selector
                == TargetSelector(
                    namespaces: ["shop"], labels: [LabelRequirement(key: "app", op: .in, values: ["checkout"])]))
        #expect(documents.failures[1].timing == .offset(43_200_000))
        #expect(documents.failures[2].action == .containerKill(containerNames: ["worker"]))
        #expect(
            documents.failures[2].selector
                == TargetSelector(
                    namespaces: ["payments"], mode: .one,
                    labels: [LabelRequirement(key: "app", op: .in, values: ["ledger"])]))
        if case .schedule(let cron, let forbid) = documents.failures[2].timing {
            #expect(forbid)
            #expect(cron.next(after: at("2026-01-05T06:00:00Z")) == at("2026-01-05T12:00:00Z"))
        } else {
            Issue.record("expected a schedule")
        }
        #expect(documents.failures[3].timing == .offset(108_000_000))
        #expect(documents.backups.map(\.name) == ["shop-hourly"])
        #expect(documents.backups[0].backsUpVolumes && documents.backups[0].ttl == 604_800_000)
        #expect(documents.restore.detectionDelay == 600_000)
        #expect(documents.restore.volumeBytes == ["shop": 21_474_836_480])

        let random = try FailureDocuments.load(
            paths: ["shop-random.yaml", "shop-spot.yaml"].map { directory.appendingPathComponent($0).path })
        #expect(random.isRandom)
        #expect(
            random.failures.map(\.name) == [
                "random node-loss", "random pod-kill any pod", "random pod-failure any pod",
                "random container-kill any pod in payments", "random spot-interruption",
            ])
        #expect(random.failures[4].action == .spotInterruption(notice: 120_000, drained: true))
        #expect(random.failures[4].timing == .random(mtbf: 86_400_000))
    }

    @Test("errors name the file, line, column, document and key")
    func errors() throws {
        let podChaos = { (spec: String) in
            "apiVersion: chaos-mesh.org/v1alpha1\nkind: PodChaos\nmetadata: {name: k, namespace: shop}\nspec:\n\(spec)"
        }
        #expect(
            try loadError(podChaos("  action: pod-kill\n  mode: some\n  selector: {}\n"))
                == "F:6:9: document 1: spec.mode: unknown mode \"some\" (expected one, all, fixed, fixed-percent or random-max-percent)"
        )
        #expect(
            try loadError(podChaos("  action: pod-kill\n  mode: fixed\n"))
                == "F:6:9: document 1: spec.mode: mode fixed needs a value")
        #expect(
            try loadError(podChaos("  action: pod-kill\n  mode: fixed-percent\n  value: \"150\"\n"))
                == "F:7:10: document 1: spec.value: expected a percentage from 0 to 100, found 150")
        #expect(
            try loadError(podChaos("  action: pod-failure\n  mode: one\n"))
                == "F:5:3: document 1: spec: missing duration (required for pod-failure)")
        #expect(
            try loadError(
                podChaos(
                    "  action: pod-kill\n  mode: one\n  selector: {expressionSelectors: [{key: app, operator: Has}]}\n")
            )
                == "F:7:57: document 1: spec.selector.expressionSelectors[0].operator: unknown operator \"Has\" (expected In, NotIn, Exists or DoesNotExist)"
        )
        #expect(
            try loadError(
                podChaos(
                    "  action: pod-kill\n  mode: one\n  selector: {expressionSelectors: [{key: app, operator: In}]}\n"))
                == "F:7:36: document 1: spec.selector.expressionSelectors[0]: operator In needs at least one value")
        #expect(
            try loadError(podChaos("  action: pod-kill\n  mode: one\n  selector: {fieldSelectors: {a: b}}\n"))?
                .hasPrefix("F:7:30: document 1: spec.selector.fieldSelectors: fieldSelectors is not modelled") == true)
        #expect(
            try loadError("kind: ConfigMap\napiVersion: v1\n")?
                .hasPrefix(
                    "F:1:7: document 1: kind: v1 ConfigMap is not a failure document (supported: chaos-mesh.org/v1alpha1 PodChaos"
                ) == true)
        #expect(
            try loadError(podChaos("  action: pod-kill\n  mode: one\n  gracePeriods: 3\n"))
                == "F:7:3: document 1: spec.gracePeriods: unknown key (expected one of action, mode, value, selector, containerNames, duration, gracePeriod, remoteCluster)"
        )
        #expect(
            try loadError(
                """
                apiVersion: chaos-mesh.org/v1alpha1
                kind: StressChaos
                metadata: {name: s, namespace: shop}
                spec:
                  mode: all
                  stressors: {memory: {workers: 1, size: 50%}}
                """)
                == "F:6:42: document 1: spec.stressors.memory.size: a percentage of available memory is not modelled; give a size such as 256MB or 1GiB"
        )
        #expect(
            try loadError(
                """
                apiVersion: opexsim.io/v1
                kind: FailurePlan
                failures: []
                ---
                apiVersion: chaos-mesh.org/v1alpha1
                kind: Schedule
                metadata: {name: s, namespace: shop}
                spec:
                  schedule: "61 * * * *"
                  type: PodChaos
                  podChaos: {action: pod-kill, mode: one}
                """)
                == "F:9:13: document 2: spec.schedule: cron \"61 * * * *\": minute field \"61\": 61 is above the maximum 59"
        )
        #expect(
            try loadError(
                """
                apiVersion: velero.io/v1
                kind: Schedule
                metadata: {name: s, namespace: velero}
                spec:
                  schedule: "CRON_TZ=Europe/Pariss 0 3 * * *"
                  template: {}
                """)?
                .hasPrefix(
                    "F:5:13: document 1: spec.schedule: cron \"CRON_TZ=Europe/Pariss 0 3 * * *\": time zone \"Europe/Pariss\" is not in the tz database ("
                ) == true)
        #expect(
            try loadError(
                """
                apiVersion: velero.io/v1
                kind: Schedule
                metadata: {name: s, namespace: velero}
                spec:
                  schedule: "0 30 2 * * *"
                  template: {}
                """)
                == "F:5:13: document 1: spec.schedule: cron \"0 30 2 * * *\": expected 5 fields (minute hour day-of-month month day-of-week), found 6"
        )
        #expect(
            try loadError(
                "apiVersion: opexsim.io/v1\nkind: FailurePlan\nfailures:\n  - {kind: pod-kill, workload: cart, at: 1h, when: 2h}\n"
            )
                == "F:4:46: document 1: failures[0].when: unknown key (expected one of kind, workload, namespace, pod, at, mode, value, grace_period)"
        )
        #expect(
            try loadError(
                "apiVersion: opexsim.io/v1\nkind: FailurePlan\nfailures:\n  - {kind: pod-kill, workload: cart, at: yesterday}\n"
            )
                == "F:4:42: document 1: failures[0].at: expected an offset from the trace start such as 2h or 90s, or an RFC 3339 time, found \"yesterday\""
        )
        #expect(
            try loadError(
                "apiVersion: opexsim.io/v1\nkind: FailurePlan\nfailures:\n  - {kind: pod-failure, workload: cart, at: 1h}\n"
            )
                == "F:4:5: document 1: failures[0]: missing duration (how long the pod is down, such as 10m)")
        #expect(
            try loadError("apiVersion: opexsim.io/v1\nkind: FailurePlan\nfailures: []\nrestore: {detection: 5m}\n")
                == "F:4:11: document 1: restore.detection: unknown key (expected one of detection_delay, operator_delay, namespace_finalization, objects_per_workload, object_create_seconds, throughput_mb_per_s, volumes, volume_snapshot_provider)"
        )
        #expect(
            try loadError("apiVersion: opexsim.io/v1\nkind: FailurePlan\nplan: []\n")
                == "F:3:7: document 1: plan: unknown key (expected one of apiVersion, kind, metadata, failures, restore)"
        )
        #expect(
            try loadError("apiVersion: chaos-mesh.org/v1alpha1\nkind: PodChaos\nspec: {action: pod-kill, mode: one}\n")
                == "F:1:1: document 1: missing metadata.name")
        #expect(throws: ModelFileError.self) { try FailureDocuments.load(paths: ["/nonexistent/failures.yaml"]) }
        #expect(
            try loadError(
                "apiVersion: opexsim.io/v1\nkind: FailurePlan\nfailures:\n  - {kind: spot-interruption, at: 1h}\n")
                == "F:4:5: document 1: failures[0]: missing node (a node of the trace), or random: true")
        // YAML syntax: one located line, in any document (a broken later document is never the end of the file).
        #expect(
            try loadError(
                "apiVersion: opexsim.io/v1\nkind: FailurePlan\nfailures:\n  - {kind: pod-kill, workload: cart\n  - x: [\n"
            )
                == "F:5:6: not valid YAML: did not find expected ',' or '}' (while parsing a flow mapping at 4:5)")
        #expect(
            try loadError("apiVersion: opexsim.io/v1\nkind: FailurePlan\nfailures: []\n---\nkind: [\n")
                == "F:6:1: not valid YAML: did not find expected node content (while parsing a flow node at 6:1)")
        #expect(
            try loadError("apiVersion: opexsim.io/v1\nkind: FailurePlan\nkind: FailurePlan\nfailures: []\n")
                == "F:2:1: not valid YAML: the key 'kind' appears again later in the same mapping")
        #expect(
            try loadError(
                "apiVersion: opexsim.io/v1\nkind: FailurePlan\nfailures:\n  - {kind: pod-kill, \u{01}workload: cart}\n")
                == "F:4:22: not valid YAML: control characters are not allowed (character 1)")
    }
}

@Suite("Velero schedules: where @every counts from")
struct VeleroCreationTests {
    @Test("metadata.creationTimestamp anchors an @every schedule; a bad one names its place")
    func creation() throws {
        let (documents, _) = try load(
            """
            apiVersion: velero.io/v1
            kind: Schedule
            metadata: {name: six, namespace: velero, creationTimestamp: "2026-01-05T01:00:00Z"}
            spec:
              schedule: "@every 6h"
              template: {includedNamespaces: [shop]}
            """)
        #expect(documents.backups.map(\.created) == [TraceTime.parse("2026-01-05T01:00:00Z")])
        #expect(documents.backups.first?.cron.constantDelay == 21_600_000)
        let error = try loadError(
            """
            apiVersion: velero.io/v1
            kind: Schedule
            metadata: {name: six, creationTimestamp: yesterday}
            spec: {schedule: "@every 6h", template: {}}
            """)
        #expect(
            error?.hasPrefix("F:3:") == true && error?.contains("expected an RFC 3339 time") == true, "\(error ?? "")")
    }
}

@Suite("kind: List, as kubectl get -o yaml prints")
struct KubectlListTests {
    @Test("a List's items are read as documents of their own, located by items[i]")
    func list() throws {
        let documents = try FailureDocuments.parse(
            """
            apiVersion: v1
            kind: List
            metadata: {resourceVersion: ""}
            items:
            - apiVersion: chaos-mesh.org/v1alpha1
              kind: PodChaos
              metadata: {name: kill-cart, namespace: shop}
              spec: {action: pod-kill, mode: one, selector: {namespaces: [shop]}}
            - apiVersion: velero.io/v1
              kind: Schedule
              metadata: {name: hourly, namespace: velero}
              spec: {schedule: "0 * * * *", template: {includedNamespaces: [shop]}}
            """, file: "F")
        #expect(documents.failures.map(\.name) == ["PodChaos shop/kill-cart"])
        #expect(documents.backups.map(\.name) == ["hourly"])
        let error = try loadError(
            """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: chaos-mesh.org/v1alpha1
              kind: PodChaos
              metadata: {name: bad}
              spec: {action: pod-kill, mode: sometimes}
            """)
        #expect(error?.contains("items[0].spec.mode") == true, "\(error ?? "")")
    }
}

@Suite("Velero namespace globs and {} as an empty list")
struct VeleroGlobTests {
    @Test("*, ?, [set], [!set], {a,b} as Velero documents them")
    func globs() {
        #expect(NamespaceGlob.matches("shop-*", "shop-prod") && !NamespaceGlob.matches("shop-*", "payments"))
        #expect(NamespaceGlob.matches("*", "anything") && NamespaceGlob.matches("sh?p", "shop"))
        #expect(NamespaceGlob.matches("team-[a-c]", "team-b") && !NamespaceGlob.matches("team-[a-c]", "team-d"))
        #expect(NamespaceGlob.matches("team-[!a-c]", "team-d") && !NamespaceGlob.matches("team-[!a-c]", "team-a"))
        #expect(
            NamespaceGlob.matches("{shop,payments}", "payments") && !NamespaceGlob.matches("{shop,payments}", "data"))
        #expect(NamespaceGlob.matches("{shop,pay}-*", "pay-eu") && !NamespaceGlob.matches("shop", "shop-x"))
    }

    @Test("a schedule with globs and {} covers the namespaces they match")
    func schedule() throws {
        let documents = try FailureDocuments.parse(
            """
            apiVersion: velero.io/v1
            kind: Schedule
            metadata: {name: globbed, namespace: velero}
            spec:
              schedule: "0 * * * *"
              template: {includedNamespaces: ["shop*", "pay?ents"], excludedNamespaces: {}}
            """, file: "F")
        let schedule = try #require(documents.backups.first)
        #expect(schedule.excludedNamespaces.isEmpty)
        #expect(schedule.covers(namespace: "shop") && schedule.covers(namespace: "payments"))
        #expect(!schedule.covers(namespace: "data"))
    }
}

import OpexsimTraces
import Testing

@testable import OpexsimFailures

/// Three pods over two hours: cart-0 (labels app=cart, tier=cache, annotation owner=storefront),
/// web-0 (app=web, tier=frontend) and web-1 (app=web, no tier), or the same pods without labels.
private func labelledTrace(labels: Bool = true) throws -> Trace {
    var text =
        "timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes" + (labels ? ",labels,annotations\n" : "\n")
    let pods = [
        ("cart", "cart-0", "app.kubernetes.io/name=cart;tier=cache", "owner=storefront"),
        ("web", "web-0", "app.kubernetes.io/name=web;tier=frontend", ""),
        ("web", "web-1", "app.kubernetes.io/name=web", ""),
    ]
    for minute in 1...120 {
        for (workload, pod, set, annotations) in pods {
            text += "\(60 * minute),shop,\(workload),c,\(pod),0.1,1000" + (labels ? ",\(set),\(annotations)\n" : "\n")
        }
    }
    return try CanonicalTraceReader().read(text: text)
}

private func podKill(_ selector: String) -> String {
    """
    apiVersion: chaos-mesh.org/v1alpha1
    kind: PodChaos
    metadata: {name: kill, namespace: shop, annotations: {opexsim.io/start: 1h}}
    spec:
      action: pod-kill
      mode: all
      selector: \(selector)
    """
}

/// The pod names a PodChaos with `selector` kills on `trace`, and the report's assumptions.
private func killed(_ selector: String, on trace: Trace) throws -> (pods: [String], assumptions: [String]) {
    let documents = try FailureDocuments.parse(podKill(selector), file: "f.yaml")
    let timeline = FailureTimeline.resolve(documents, trace: trace, start: trace.start, end: trace.end, seed: 1, run: 0)
    let pods = timeline.failures.flatMap(\.pods).map { trace.names[trace.pods[$0].podName] }
    return (pods, documents.assumptions(on: trace))
}

@Suite("Chaos Mesh and Velero label selectors on recorded labels")
struct LabelSelectionTests {
    @Test("Kubernetes requirement semantics")
    func requirements() {
        let labels = LabelSet(["tier": "cache", "app_kubernetes_io_name": "cart"])
        #expect(LabelRequirement(key: "tier", op: .in, values: ["cache", "db"]).matches(labels))
        #expect(!LabelRequirement(key: "tier", op: .in, values: ["db"]).matches(labels))
        #expect(!LabelRequirement(key: "zone", op: .in, values: ["a"]).matches(labels))
        #expect(LabelRequirement(key: "zone", op: .notIn, values: ["a"]).matches(labels))
        #expect(!LabelRequirement(key: "tier", op: .notIn, values: ["cache"]).matches(labels))
        #expect(LabelRequirement(key: "tier", op: .exists).matches(labels))
        #expect(LabelRequirement(key: "zone", op: .doesNotExist).matches(labels))
        // The key as kube-state-metrics writes it.
        #expect(LabelRequirement(key: "app.kubernetes.io/name", op: .in, values: ["cart"]).matches(labels))
    }

    @Test("labelSelectors, expressionSelectors and annotationSelectors select on the recorded labels")
    func recorded() throws {
        let trace = try labelledTrace()
        #expect(try killed("{labelSelectors: {tier: cache}}", on: trace).pods == ["cart-0"])
        #expect(try killed("{labelSelectors: {app.kubernetes.io/name: web}}", on: trace).pods == ["web-0", "web-1"])
        #expect(
            try killed("{expressionSelectors: [{key: tier, operator: NotIn, values: [cache]}]}", on: trace).pods
                == ["web-0", "web-1"])
        #expect(
            try killed("{expressionSelectors: [{key: tier, operator: DoesNotExist}]}", on: trace).pods == ["web-1"])
        #expect(
            try killed(
                "{labelSelectors: {app.kubernetes.io/name: web}, expressionSelectors: [{key: tier, operator: Exists}]}",
                on: trace
            ).pods == ["web-0"])
        #expect(try killed("{annotationSelectors: {owner: storefront}}", on: trace).pods == ["cart-0"])
        let none = try killed("{labelSelectors: {tier: db}}", on: trace)
        #expect(none.pods.isEmpty)
        #expect(none.assumptions.isEmpty)
    }

    @Test("without recorded labels, name labels match workload names and other keys match nothing, with a note")
    func fallback() throws {
        let trace = try labelledTrace(labels: false)
        let byName = try killed("{labelSelectors: {app.kubernetes.io/name: cart}}", on: trace)
        #expect(byName.pods == ["cart-0"])
        #expect(
            byName.assumptions == [
                "PodChaos shop/kill (f.yaml:1:1): the trace records no pod labels, so its labels (app.kubernetes.io/name=cart) were matched against workload names"
            ])
        let other = try killed("{labelSelectors: {app.kubernetes.io/component: cache}}", on: trace)
        #expect(other.pods.isEmpty)
        #expect(
            other.assumptions == [
                "PodChaos shop/kill (f.yaml:1:1): the trace records no pod labels, so it selects none of them: app.kubernetes.io/component=cache needs recorded labels (a labels column, or kube_pod_labels when importing from Prometheus)"
            ])
        let annotated = try killed("{annotationSelectors: {owner: storefront}}", on: trace)
        #expect(annotated.pods.isEmpty)
        #expect(
            annotated.assumptions == [
                "PodChaos shop/kill (f.yaml:1:1): the trace records no pod annotations, so its annotationSelectors select none of them"
            ])
    }

    @Test("a Velero Schedule's labelSelector or orLabelSelectors leaves unmatched pods out of the restore")
    func veleroSelectors() throws {
        let schedule = { (selector: String) in
            """
            apiVersion: velero.io/v1
            kind: Schedule
            metadata: {name: shop, namespace: velero}
            spec:
              schedule: "*/10 * * * *"
              template: {includedNamespaces: [shop], snapshotVolumes: false, \(selector)}
            ---
            apiVersion: opexsim.io/v1
            kind: FailurePlan
            failures: [{kind: namespace-deletion, namespace: shop, at: 1h}]
            """
        }
        let trace = try labelledTrace()
        func unrestored(_ selector: String, on trace: Trace) throws -> ([String], [String]) {
            let documents = try FailureDocuments.parse(schedule(selector), file: "v.yaml")
            let timeline = FailureTimeline.resolve(
                documents, trace: trace, start: trace.start, end: trace.end, seed: 1, run: 0)
            let plan = try #require(timeline.failures.first?.restore)
            #expect(plan.backup != nil)
            return (plan.unrestoredPods.map { trace.names[trace.pods[$0].podName] }, documents.assumptions(on: trace))
        }
        let (left, notes) = try unrestored("labelSelector: {matchLabels: {tier: cache}}", on: trace)
        #expect(left == ["web-0", "web-1"])
        #expect(
            notes == [
                "Velero Schedule shop (v.yaml:1:1): backs up the pods matching tier=cache; 2 of the 3 pods it covers do not match and are not restored"
            ])
        let (orLeft, _) = try unrestored(
            "orLabelSelectors: [{matchLabels: {tier: cache}}, {matchExpressions: [{key: tier, operator: DoesNotExist}]}]",
            on: trace)
        #expect(orLeft == ["web-0"])
        let (whole, wholeNotes) = try unrestored(
            "labelSelector: {matchLabels: {tier: cache}}", on: try labelledTrace(labels: false))
        #expect(whole.isEmpty)
        #expect(
            wholeNotes == [
                "Velero Schedule shop (v.yaml:1:1): backs up the pods matching tier=cache; 3 pods have no recorded labels, so their restore is taken as whole"
            ])
        #expect(throws: (any Error).self) {
            try FailureDocuments.parse(
                schedule("labelSelector: {matchLabels: {a: b}}, orLabelSelectors: [{matchLabels: {a: b}}]"),
                file: "v.yaml")
        }
    }

    @Test("snapshotVolumes unset follows the restore model's volume snapshot provider, and the report says which")
    func snapshotVolumesUnset() throws {
        let text = { (provider: String) in
            """
            apiVersion: velero.io/v1
            kind: Schedule
            metadata: {name: s, namespace: velero}
            spec: {schedule: "@daily", template: {}}
            ---
            apiVersion: opexsim.io/v1
            kind: FailurePlan
            failures: []
            \(provider)
            """
        }
        let trace = try labelledTrace()
        let assumed = try FailureDocuments.parse(text(""), file: "v.yaml")
        #expect(assumed.backups[0].backsUpVolumes)
        #expect(
            assumed.assumptions(on: trace).first?.contains("snapshotVolumes is unset, so volumes are snapshotted")
                == true)
        let without = try FailureDocuments.parse(text("restore: {volume_snapshot_provider: false}"), file: "v.yaml")
        #expect(!without.backups[0].backsUpVolumes)
        #expect(
            without.assumptions(on: trace).first?.contains("no volume snapshot provider is configured") == true)
    }
}

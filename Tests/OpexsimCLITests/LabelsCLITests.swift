import Foundation
import Testing

@Suite("Pod labels from Prometheus to Chaos Mesh and Velero selectors")
struct LabelsCLITests {
    /// A two-pod Prometheus answer set (cart-0 labelled component=cache, web-0 component=frontend), imported.
    func importedTrace(in directory: URL) throws -> String {
        func points(_ value: String) -> String {
            (0..<30).map { "[\(1000 + 60 * $0),\"\(value)\"]" }.joined(separator: ",")
        }
        let cpu = try write(
            """
            {"status":"success","data":{"resultType":"matrix","result":[
            {"metric":{"namespace":"shop","pod":"cart-0","container":"redis"},"values":[\(points("0.5"))]},
            {"metric":{"namespace":"shop","pod":"web-0","container":"nginx"},"values":[\(points("0.25"))]}]}}
            """, "cpu.json", in: directory)
        let labels = try write(
            """
            {"status":"success","data":{"resultType":"matrix","result":[
            {"metric":{"__name__":"kube_pod_labels","namespace":"shop","pod":"cart-0","label_app_kubernetes_io_component":"cache"},"values":[[1000,"1"]]},
            {"metric":{"__name__":"kube_pod_labels","namespace":"shop","pod":"web-0","label_app_kubernetes_io_component":"frontend"},"values":[[1000,"1"]]}]}}
            """, "labels.json", in: directory)
        let trace = directory.appendingPathComponent("trace.csv").path
        let run = try opexsim(["import", "--from", "prometheus", "--cpu", cpu, labels, "-o", trace])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try String(contentsOfFile: trace, encoding: .utf8).contains(",app_kubernetes_io_component=cache\n"))
        return trace
    }

    @Test("a PodChaos selecting app.kubernetes.io/component kills the pods kube_pod_labels gave that label")
    func chaosOnImportedLabels() throws {
        let directory = try temporaryDirectory()
        let trace = try importedTrace(in: directory)
        let chaos = try write(
            """
            apiVersion: chaos-mesh.org/v1alpha1
            kind: PodChaos
            metadata: {name: kill-cache, namespace: shop, annotations: {opexsim.io/start: 2m}}
            spec:
              action: pod-kill
              mode: all
              selector: {labelSelectors: {app.kubernetes.io/component: cache}}
            """, "chaos.yaml", in: directory)
        let run = try opexsim(["replay", trace, "--policy", "static", "--failures", chaos, "--section", "recovery"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stdout.contains("| PodChaos shop/kill-cache | pod-kill | shop/cart-0 | 1970-01-01T00:17:45Z | 5s |"))
        #expect(!run.stdout.contains("web-0"))
    }

    @Test("a Velero labelSelector leaves the other pods out of the restore: they never come back")
    func veleroSelector() throws {
        let directory = try temporaryDirectory()
        let trace = try importedTrace(in: directory)
        let files = try write(
            """
            apiVersion: velero.io/v1
            kind: Schedule
            metadata: {name: shop-cache, namespace: velero}
            spec:
              schedule: "*/5 * * * *"
              template:
                includedNamespaces: [shop]
                labelSelector: {matchLabels: {app.kubernetes.io/component: cache}}
            ---
            apiVersion: opexsim.io/v1
            kind: FailurePlan
            failures: [{kind: namespace-deletion, namespace: shop, at: 10m}]
            restore: {detection_delay: 1m}
            """, "velero.yaml", in: directory)
        let run = try opexsim(["replay", trace, "--policy", "static", "--failures", files, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let failures = try #require(report["failures"] as? [String: Any])
        #expect(
            failures["assumptions"] as? [String] == [
                "Velero Schedule shop-cache (\(files):1:1): backs up the pods matching app.kubernetes.io/component=cache; 1 of the 2 pods it covers do not match and are not restored",
                "Velero Schedule shop-cache (\(files):1:1): snapshotVolumes is unset, so volumes are snapshotted (a volume snapshot provider is taken as configured; `volume_snapshot_provider: false` under a FailurePlan's restore: says otherwise)",
            ])
        let markdown = try opexsim([
            "replay", trace, "--policy", "static", "--failures", files, "--section", "recovery",
        ])
        // cart-0 comes back after the 1-minute detection, 20 objects and the start-up; web-0 never does.
        #expect(
            markdown.stdout.contains(
                "| namespace-deletion shop | namespace-deletion | shop/cart-0, shop/web-0 | not by the end | - | from shop-cache-19700101002530, RPO 10s, VPA checkpoints restored, 1 pod outside its label selector not restored |"
            ))
        #expect(markdown.stdout.contains("| shop/web/nginx | 1 | 20m | 20m | 33.333% |"))
        #expect(markdown.stdout.contains("| shop/cart/redis | 1 | 1m6s | 1m6s |"))
    }
}

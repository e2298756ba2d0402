import Foundation
import Testing

@Suite("Files users already have, and the CLI's edges")
struct UpstreamFilesCLITests {
    @Test("Chaos Mesh kinds opexsim does not read are listed as not modelled, never an error")
    func unknownChaosKinds() throws {
        let directory = try temporaryDirectory()
        let file = directory.appendingPathComponent("chaos.yaml")
        try """
        apiVersion: chaos-mesh.org/v1alpha1
        kind: StatusCheck
        metadata: {name: shop-health, namespace: shop}
        spec: {mode: Continuous, type: HTTP, http: {url: http://frontend/healthz}}
        ---
        apiVersion: chaos-mesh.org/v1alpha1
        kind: FutureChaos
        metadata: {name: later, namespace: shop}
        spec: {action: whatever}
        """.write(to: file, atomically: true, encoding: .utf8)
        let run = try opexsim([
            "replay", sampleTrace, "--policy", "static", "--failures", file.path, "--section", "assumptions",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("- Not modelled: StatusCheck shop/shop-health (\(file.path):1:1): not modelled"))
        #expect(
            run.stdout.contains(
                "- Not modelled: FutureChaos shop/later (\(file.path):6:1): not modelled (opexsim reads PodChaos"))
    }

    @Test("VerticalPodAutoscalers in a kind: List, as kubectl get vpa -o yaml prints them")
    func vpaList() throws {
        let directory = try temporaryDirectory()
        let file = directory.appendingPathComponent("vpas.yaml")
        try """
        apiVersion: v1
        kind: List
        items:
        - apiVersion: autoscaling.k8s.io/v1
          kind: VerticalPodAutoscaler
          metadata: {name: frontend, namespace: shop}
          spec:
            targetRef: {apiVersion: apps/v1, kind: Deployment, name: frontend}
            updatePolicy: {updateMode: "Recreate"}
        metadata: {resourceVersion: ""}
        """.write(to: file, atomically: true, encoding: .utf8)
        let run = try opexsim(["recommend", sampleTrace, "--policy", file.path, "--format", "yaml"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stdout.contains("  name: frontend\n  namespace: shop\n") && run.stdout.contains("updateMode: Recreate"))
    }

    @Test("a VPA's recommenders and integer-CPU annotation are noted as ignored, not dropped silently")
    func vpaIgnoredFields() throws {
        let directory = try temporaryDirectory()
        let file = try write(
            """
            apiVersion: autoscaling.k8s.io/v1
            kind: VerticalPodAutoscaler
            metadata:
              name: frontend
              namespace: shop
              annotations:
                vpa-post-processor.kubernetes.io/web_integerCPU: "true"
            spec:
              recommenders: [{name: custom-recommender}]
              targetRef: {apiVersion: apps/v1, kind: Deployment, name: frontend}
              updatePolicy: {updateMode: "Auto"}
            """, "vpa.yaml", in: directory)
        let run = try opexsim(["replay", sampleTrace, "--policy", file, "--section", "assumptions"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stdout.contains(
                "VPA frontend: spec.recommenders names custom-recommender: ignored, the replay is the default VPA recommender"
            ))
        #expect(
            run.stdout.contains(
                "VPA frontend: annotation vpa-post-processor.kubernetes.io/web_integerCPU ignored: the recommender rounds web's CPU up to whole cores only with --cpu-integer-post-processor-enabled (off by default)"
            ))
        #expect(!run.stdout.contains("fields not modelled"))
    }

    @Test("updateMode InPlace (the CRD's enum): resizes in place, never evicts")
    func inPlaceMode() throws {
        let directory = try temporaryDirectory()
        func replay(_ mode: String) throws -> [String: Any] {
            let file = directory.appendingPathComponent("\(mode).yaml")
            try """
            apiVersion: autoscaling.k8s.io/v1
            kind: VerticalPodAutoscaler
            metadata: {name: checkout, namespace: shop}
            spec:
              targetRef: {apiVersion: apps/v1, kind: Deployment, name: checkout}
              updatePolicy: {updateMode: "\(mode)", minReplicas: 1}
            """.write(to: file, atomically: true, encoding: .utf8)
            let run = try opexsim(["replay", sampleTrace, "--policy", file.path, "--format", "json"])
            #expect(run.status == 0, "\(run.stderr)")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            let scenarios = try #require(document["scenarios"] as? [[String: Any]])
            return try #require(scenarios.first?["risk"] as? [String: Any])
        }
        let inPlace = try replay("InPlace"), recreate = try replay("Recreate")
        #expect(inPlace["evictions"] as? Int == 0 && (inPlace["in_place_resizes"] as? Int ?? 0) > 0)
        #expect((recreate["evictions"] as? Int ?? 0) > 0 && recreate["in_place_resizes"] as? Int == 0)
    }

    @Test("a schedule whose every run matches nothing: three runs listed, the other 573 in one line")
    func unmatchedRuns() throws {
        let directory = try temporaryDirectory()
        let file = directory.appendingPathComponent("ghost.yaml")
        try """
        apiVersion: chaos-mesh.org/v1alpha1
        kind: Schedule
        metadata: {name: kill-ghost, namespace: shop}
        spec:
          schedule: "*/5 * * * *"
          type: PodChaos
          podChaos:
            action: pod-kill
            mode: one
            selector: {namespaces: [shop], labelSelectors: {app: ghost}}
        """.write(to: file, atomically: true, encoding: .utf8)
        let run = try opexsim([
            "replay", sampleTrace, "--policy", "static", "--failures", file.path, "--section", "assumptions",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").filter { $0.contains("kill-ghost") && $0.contains("not placed") }
        // Two days of 5-minute runs from 00:00, stopping before the trace's last instant: 576.
        #expect(lines.count == 4)
        // The sample records no labels: app is matched against workload names, and no workload is ghost.
        #expect(
            run.stdout.contains(
                "- Failure files: Schedule shop/kill-ghost (\(file.path):1:1): the trace records no pod labels, so its labels (app=ghost) were matched against workload names."
            ))
        #expect(lines.last?.hasSuffix("573 more runs matched nothing (the last at 2026-01-06T23:55:00Z).") == true)
    }

    @Test("a container-kill naming a container the pods do not have says so, with the names they have")
    func missingContainer() throws {
        let directory = try temporaryDirectory()
        let file = directory.appendingPathComponent("sidecar.yaml")
        try """
        apiVersion: chaos-mesh.org/v1alpha1
        kind: PodChaos
        metadata: {name: kill-sidecar, namespace: shop, annotations: {opexsim.io/start: 2h}}
        spec:
          action: container-kill
          mode: one
          containerNames: [istio-proxy]
          selector: {namespaces: [shop], labelSelectors: {app: checkout}}
        """.write(to: file, atomically: true, encoding: .utf8)
        let run = try opexsim([
            "replay", sampleTrace, "--policy", "static", "--failures", file.path, "--section", "assumptions",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stdout.contains(
                "kill-sidecar (\(file.path):1:1): the pods it selects have no container named istio-proxy (they have api)."
            ))
        #expect(!run.stdout.contains("nothing it targets was running"))
    }

    @Test("--out naming an existing file: one clear line, nothing written")
    func outOnAFile() throws {
        let file = try temporaryDirectory().appendingPathComponent("report")
        try "keep me\n".write(to: file, atomically: true, encoding: .utf8)
        for arguments in [
            ["replay", sampleTrace, "--policy", "static", "--out", file.path],
            ["recommend", sampleTrace, "--policy", "vpa-off", "--format", "yaml", "--out", file.path],
        ] {
            let run = try opexsim(arguments)
            #expect(run.status != 0 && run.stdout.isEmpty)
            #expect(run.stderr.hasPrefix("Error: --out \(file.path) is a file, not a directory"), "\(run.stderr)")
        }
        #expect(try String(contentsOf: file, encoding: .utf8) == "keep me\n")
    }

    @Test("VPA notes: a VPA in another namespace than its target, container policies naming absent containers")
    func vpaNotes() throws {
        let file = try temporaryDirectory().appendingPathComponent("vpas.yaml")
        try """
        apiVersion: autoscaling.k8s.io/v1
        kind: VerticalPodAutoscaler
        metadata: {name: frontend, namespace: default}
        spec:
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: frontend}
        ---
        apiVersion: autoscaling.k8s.io/v1
        kind: VerticalPodAutoscaler
        metadata: {name: checkout, namespace: shop}
        spec:
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: checkout}
          resourcePolicy:
            containerPolicies:
            - {containerName: istio-proxy, mode: "Off"}
            - {containerName: "*"}
        """.write(to: file, atomically: true, encoding: .utf8)
        let run = try opexsim(["replay", sampleTrace, "--policy", file.path, "--section", "assumptions"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("1 of 8 workloads have a VPA"))
        #expect(
            run.stdout.contains(
                "VPA frontend is in namespace default but Deployment frontend is in shop: a VPA acts in its own namespace, so it does nothing here"
            ))
        #expect(
            run.stdout.contains(
                "VPA checkout: containerPolicies name istio-proxy, which shop/checkout does not have (it has api): they apply to nothing"
            ))
    }

    @Test("pricing: a CSV file is refused by name; an OpenCost provider is noted")
    func pricingFiles() throws {
        let directory = try temporaryDirectory()
        let csv = directory.appendingPathComponent("prices.csv")
        try "instance,price\nm5.xlarge,0.192\n".write(to: csv, atomically: true, encoding: .utf8)
        let refused = try opexsim(["replay", sampleTrace, "--policy", "static", "--pricing", csv.path])
        #expect(refused.status == 1 && refused.stderr.contains("CSV pricing files are not supported"))
        let json = directory.appendingPathComponent("aws.json")
        try "{\"provider\": \"aws\", \"CPU\": \"0.031611\", \"RAM\": \"0.004237\"}\n".write(
            to: json, atomically: true, encoding: .utf8)
        let noted = try opexsim([
            "replay", sampleTrace, "--policy", "static", "--pricing", json.path, "--section", "assumptions",
        ])
        #expect(
            noted.status == 0
                && noted.stdout.contains("- Pricing: \(json.path) names provider aws: its list prices are not fetched"))
    }

    @Test("recommend takes one policy; a repeated --policy warns; --runs without anything random notes it")
    func edges() throws {
        let two = try opexsim(["recommend", sampleTrace, "--policy", "vpa-off", "--policy", "krr-simple"])
        #expect(two.status != 0 && two.stderr.contains("recommend takes one --policy, found 2 (vpa-off, krr-simple)"))
        let repeated = try opexsim([
            "replay", sampleTrace, "--policy", "krr-simple", "--policy", "krr-simple", "--runs", "5", "--section",
            "ranking",
        ])
        #expect(repeated.status == 0)
        #expect(repeated.stderr.contains("warning: --policy krr-simple is given twice"))
        #expect(repeated.stderr.contains("note: --runs 5 replays once: nothing in the failures is random"))
    }
}

import OpexsimTraces
import Testing

@testable import OpexsimFailures

@Suite("Upstream fields used or noted: start with the first target, stress-ng options, node-stop duration")
struct UpstreamFieldsTests {
    /// web-0 runs the whole two hours; late-0 only the second hour (first sample at 61 min).
    func trace() throws -> Trace {
        var text = "timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes,node\n"
        for minute in 1...120 {
            text += "\(60 * minute),shop,web,c,web-0,0.1,1000,node-a\n"
            if minute > 60 { text += "\(60 * minute),shop,late,c,late-0,0.1,1000,node-b\n" }
        }
        return try CanonicalTraceReader().read(text: text)
    }

    @Test("an experiment without opexsim.io/start acts when the first pod it selects runs, and the report says when")
    func startsWithFirstTarget() throws {
        let trace = try trace()
        let text = """
            apiVersion: chaos-mesh.org/v1alpha1
            kind: PodChaos
            metadata: {name: kill-late, namespace: shop}
            spec: {action: pod-kill, mode: one, selector: {labelSelectors: {app: late}}}
            ---
            apiVersion: chaos-mesh.org/v1alpha1
            kind: PodChaos
            metadata: {name: kill-web, namespace: shop}
            spec: {action: pod-kill, mode: one, selector: {labelSelectors: {app: web}}}
            """
        let documents = try FailureDocuments.parse(text, file: "f.yaml")
        let timeline = FailureTimeline.resolve(
            documents, trace: trace, start: trace.start, end: trace.end, seed: 1, run: 0)
        // A replica runs from its first sample: web-0's at 1 min, late-0's at 61 min.
        #expect(timeline.failures.map(\.time) == [60_000, 3_660_000])
        #expect(timeline.failures.map(\.name) == ["PodChaos shop/kill-web", "PodChaos shop/kill-late"])
        #expect(timeline.notes.isEmpty)
        #expect(
            documents.assumptions(on: trace).contains(
                "PodChaos shop/kill-late (f.yaml:1:1): without opexsim.io/start it starts when the first pod it selects runs, at 1970-01-01T01:01:00Z"
            ))
    }

    @Test("StressChaos options and oomScoreAdj are noted, not dropped")
    func stressNotes() throws {
        let documents = try FailureDocuments.parse(
            """
            apiVersion: chaos-mesh.org/v1alpha1
            kind: StressChaos
            metadata: {name: s, namespace: shop}
            spec:
              mode: all
              selector: {labelSelectors: {app: web}}
              stressors:
                cpu: {workers: 1, load: 50, options: ["--cpu-method", "matrixprod"]}
                memory: {workers: 1, size: 64MiB, oomScoreAdj: 1000}
            """, file: "s.yaml")
        #expect(
            documents.failures[0].action
                == .stress(cpuCores: 0.5, memoryBytes: 67_108_864, duration: nil, containerNames: []))
        #expect(
            documents.unsupported == [
                "StressChaos shop/s (s.yaml:1:1): stressors.cpu.options not modelled (extra stress-ng options); the load is workers × load",
                "StressChaos shop/s (s.yaml:1:1): stressors.memory.oomScoreAdj 1000 not modelled: an OOM kill the stress causes kills the container, as when the kernel picks its main process",
            ])
    }

    @Test("a node stop's duration: back before eviction shortens the outage; longer is a node loss")
    func nodeStopDuration() throws {
        func stop(_ duration: String) throws -> FailureDocuments {
            try FailureDocuments.parse(
                """
                apiVersion: chaos-mesh.org/v1alpha1
                kind: AWSChaos
                metadata: {name: stop, namespace: shop, annotations: {opexsim.io/node: node-a}}
                spec: {action: ec2-stop, secretName: aws, awsRegion: us-east-1, ec2Instance: i-1, duration: \(duration)}
                """, file: "n.yaml")
        }
        // 3 minutes: the pods come back after 180 s = 50 s grace + a 130 s toleration.
        let short = try stop("3m")
        #expect(short.failures[0].action == .nodeLoss(toleration: 130_000))
        #expect(
            short.unsupported.first?.hasPrefix("AWSChaos shop/stop (n.yaml:1:1): duration 3m: the instance comes back")
                == true)
        // 10 minutes: past the 350 s until eviction, the default node loss.
        let long = try stop("10m")
        #expect(long.failures[0].action == .nodeLoss(toleration: 300_000))
        #expect(long.unsupported.first?.contains("longer than the 350 s until the pods are evicted") == true)
        // Without the annotation's node running anything at the start, it strikes when node-a first runs a pod.
        let trace = try trace()
        let timeline = FailureTimeline.resolve(short, trace: trace, start: trace.start, end: trace.end, seed: 1, run: 0)
        #expect(timeline.failures.map(\.time) == [60_000])
    }

    @Test("@every under a second fires every second, as robfig rounds it, with a note; 100,000 runs at most, noted")
    func everySubSecond() throws {
        for every in ["0s", "-1h", "1ns"] {
            let documents = try FailureDocuments.parse(
                """
                apiVersion: chaos-mesh.org/v1alpha1
                kind: Schedule
                metadata: {name: s, namespace: shop}
                spec:
                  schedule: "@every \(every)"
                  type: PodChaos
                  podChaos: {action: pod-kill, mode: one, selector: {labelSelectors: {app: web}}}
                """, file: "e.yaml")
            #expect(
                documents.unsupported == [
                    "Schedule shop/s (e.yaml:1:1): schedule \"@every \(every)\" fires every second: robfig/cron rounds an @every delay under a second (zero or negative too) up to one second"
                ])
            let trace = try trace()
            // 200,000 s of one-second runs: the first 100,000 are placed, and the report says where they stop.
            let timeline = FailureTimeline.resolve(documents, trace: trace, start: 0, end: 200_000_000, seed: 1, run: 0)
            #expect(
                timeline.notes.first
                    == "Schedule shop/s (e.yaml:1:1): stopped after 100000 runs (the last at 1970-01-02T03:46:40Z); the rest of the trace has none"
            )
        }
    }
}

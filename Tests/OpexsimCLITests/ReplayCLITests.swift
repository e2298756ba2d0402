import Foundation
import Testing

@Suite("opexsim replay, end to end", .serialized)
struct ReplayCLITests {
    @Test("the README's command prints a ranked Markdown report")
    func markdown() throws {
        let run = try opexsim(["replay", sampleTrace, "--policy", "static", "--policy", "percentile:cpu=95,memory=100"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("# opexsim replay report\n"))
        #expect(run.stdout.contains("## Ranking"))
        #expect(run.stdout.contains("| 1 | `"))
        #expect(run.stdout.contains("## Assumptions"))
    }

    @Test("--format json prints a valid opexsim.report/v1 document")
    func json() throws {
        let run = try opexsim([
            "replay", sampleTrace, "--policy", "static", "--policy", "percentile:cpu=95,memory=100", "--format", "json",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("{\n  \"schema\": \"opexsim.report/v1\""))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let trace = try #require(document["trace"] as? [String: Any])
        #expect(trace["samples"] as? Int == 6912)
        #expect(trace["replicas"] as? Int == 12)
        #expect(trace["containers"] as? Int == 8)
        #expect(trace["interval_s"] as? Int == 300)
        let scenarios = try #require(document["scenarios"] as? [[String: Any]])
        #expect(scenarios.count == 2)
        #expect(scenarios.map { $0["rank"] as? Int } == [1, 2])
        for scenario in scenarios {
            for key in [
                "policy", "pricing", "failures", "seed", "runs", "rank", "verdict", "cost", "slack", "risk", "recovery",
                "workloads",
            ] {
                #expect(scenario[key] != nil, "missing \(key)")
            }
            let verdict = try #require(scenario["verdict"] as? [String: Any])
            #expect(verdict["safe"] is Bool && verdict["feasible"] as? Bool == true)
            #expect(verdict["reasons"] is [String] && verdict["caveats"] is [String])
            let workloads = try #require(scenario["workloads"] as? [[String: Any]])
            #expect(workloads.count == 8)
            let risk = try #require(scenario["risk"] as? [String: Any])
            let ratio = try #require(risk["throttled_ratio"] as? Double)
            #expect((0...1).contains(ratio))
        }
        let staticScenario = try #require(scenarios.first { $0["policy"] as? String == "static" })
        let cost = try #require(staticScenario["cost"] as? [String: Any])
        #expect(cost["savings_vs_static_usd"] as? Int == 0)
        #expect(cost["node_usd"] is NSNull)
    }

    @Test("the same inputs give byte-identical reports")
    func deterministic() throws {
        let arguments = [
            "replay", sampleTrace, "--policy", "static", "--policy", "percentile:cpu=90", "--format", "json",
        ]
        let first = try opexsim(arguments), second = try opexsim(arguments)
        #expect(first.status == 0)
        #expect(first.stdout == second.stdout)
    }

    @Test("--out writes report.md, report.json and the charts, and nothing on standard output")
    func outDirectory() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("reports").path
        let run = try opexsim(["replay", sampleTrace, "--policy", "static", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        let markdown = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        let json = try String(contentsOfFile: out + "/report.json", encoding: .utf8)
        #expect(markdown.hasPrefix("# opexsim replay report"))
        let printed = try opexsim(["replay", sampleTrace, "--policy", "static", "--format", "json"])
        #expect(json == printed.stdout)
        // The recorded settings alone: cost against risk, and CPU and memory of four containers.
        let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(files.filter { !$0.hasPrefix("chart-") } == ["report.json", "report.md"])
        #expect(files.filter { $0.hasPrefix("chart-") }.count == 9 && files.contains("chart-cost-risk.svg"))
        // Everything but the charts section is the printed report.
        let printedMarkdown = try opexsim(["replay", sampleTrace, "--policy", "static"]).stdout
        #expect(
            markdown.hasPrefix(printedMarkdown) && markdown.dropFirst(printedMarkdown.count).hasPrefix("## Charts\n"))
    }

    @Test(
        "bad input: one line with file:line:column, a non-zero exit, no output",
        arguments: [
            ("", "empty.csv", "empty.csv:1:1: empty file"),
            (
                "timestamp,namespace,workload,container,cpu_cores\n60,ns,w,c,0.1\n", "missing.csv",
                "missing.csv:1:1: missing required column memory_bytes"
            ),
            (
                "timestamp,namespace,workload,container,cpu_cores,memory_bytes\n60,ns,w,c,0.1,100\n120,ns,w,c,0.2x,100\n",
                "letter.csv",
                "letter.csv:3:12: cpu_cores: expected a number of cores, found \"0.2x\""
            ),
            (
                "timestamp,namespace,workload,container,cpu_cores,memory_bytes\n60,ns,w,c,0.1,-100\n", "negative.csv",
                "negative.csv:2:15: memory_bytes: negative value \"-100\""
            ),
            (
                "timestamp,namespace,workload,container,cpu_cores,memory_bytes\n2026-01-01T25:00:00Z,ns,w,c,0.1,100\n",
                "time.csv",
                "time.csv:2:1: timestamp: expected RFC 3339"
            ),
        ])
    func badInput(text: String, name: String, expected: String) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try write(text, name, in: directory)
        let run = try opexsim(["replay", path, "--policy", "static", "--format", "json"])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(run.stderr)")
        #expect(run.stderr.contains(directory.path + "/" + expected), "\(run.stderr)")
    }

    @Test("--skip-bad-rows replays the good rows and says how many were skipped")
    func skipBadRows() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try write(
            "timestamp,namespace,workload,container,cpu_cores,memory_bytes\n60,ns,w,c,0.1,100\n120,ns,w,c,x,100\n180,ns,w,c,0.1,100\n",
            "t.csv", in: directory)
        let run = try opexsim(["replay", path, "--policy", "static", "--skip-bad-rows", "--format", "json"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("\"skipped_rows\": 1"))
        #expect(run.stderr.contains("skipped 1 malformed row (first: \(path):3:12: cpu_cores"))
    }

    @Test("an unknown policy or a bad parameter is a one-line error")
    func badPolicy() throws {
        let unknown = try opexsim(["replay", sampleTrace, "--policy", "magic"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.hasPrefix("opexsim: error: unknown policy magic"))
        let parameter = try opexsim(["replay", sampleTrace, "--policy", "percentile:cpu=120"])
        #expect(parameter.status == 1)
        #expect(
            parameter.stderr == "opexsim: error: policy percentile: cpu must be a number from 0 to 100, found \"120\"\n"
        )
        #expect(parameter.stdout.isEmpty)
    }
}

@Suite("opexsim policies, recommend, generate, inspect", .serialized)
struct OtherCommandsCLITests {
    @Test func policies() throws {
        let run = try opexsim(["policies"])
        #expect(run.status == 0)
        let names = run.stdout.split(separator: "\n").map { $0.split(separator: "\t")[0] }
        #expect(
            names == [
                "static", "percentile", "krr-simple", "krr-simple-limit", "kubecost", "vpa-off", "vpa-initial",
                "vpa-recreate",
                "vpa-auto", "vpa-inplace", "goldilocks-guaranteed", "goldilocks-burstable", "mix",
            ])
    }

    @Test("recommend --format json prints opexsim.recommendations/v1")
    func recommendJSON() throws {
        let run = try opexsim([
            "recommend", sampleTrace, "--policy", "percentile:cpu=95,memory=100", "--format", "json",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(document["schema"] as? String == "opexsim.recommendations/v1")
        #expect(document["trace_end"] as? String == "2026-01-07T00:00:00Z")
        let containers = try #require(document["containers"] as? [[String: Any]])
        #expect(containers.count == 8)
        for container in containers {
            for key in [
                "namespace", "workload", "container", "target", "lower_bound", "upper_bound", "requests", "limits",
            ] {
                #expect(container[key] != nil, "missing \(key)")
            }
        }
    }

    @Test("recommend --format yaml prints strategic-merge patches")
    func recommendYAML() throws {
        let run = try opexsim(["recommend", sampleTrace, "--policy", "static:cpu_limit=none", "--format", "yaml"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stdout.contains(
                "# kubectl -n shop patch deployment frontend --type strategic --patch-file <this document>\n"))
        #expect(
            run.stdout.contains(
                "      - name: web\n        resources:\n          requests:\n            cpu: 500m\n            memory: 512Mi\n          limits:\n            cpu: null\n            memory: 1Gi\n"
            ))
    }

    @Test("generate reproduces the shipped sample byte for byte")
    func generate() throws {
        let run = try opexsim(["generate"])
        #expect(run.status == 0)
        let shipped = try String(contentsOf: repositoryRoot.appendingPathComponent(sampleTrace), encoding: .utf8)
        #expect(run.stdout == shipped)
    }

    @Test("an import whose timestamps span millennia writes nothing and names the point in its input")
    func importSpan() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let answer = try write(
            """
            {"status":"success","data":{"resultType":"matrix","result":[{"metric":{"namespace":"a","pod":"p-1","container":"c"},
            "values":[[-62135596801,"0.1"],[1793624400,"0.1"],[1793624460,"0.1"]]}]}}
            """, "cpu.json", in: directory)
        let output = directory.appendingPathComponent("out.csv").path
        let run = try opexsim(["import", "--from", "prometheus", "--cpu", answer, "-o", output])
        #expect(run.status == 1 && run.stdout.isEmpty)
        // At the point in the answer, not in the converted trace.
        #expect(
            run.stderr
                == "opexsim: error: \(answer):2:11: timestamp 0000-12-31T23:59:59Z is more than 3650d (10 years) from "
                + "2026-11-02T13:01:00Z (\(answer):2:51); a trace may span at most 3650d (10 years)\n")
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test("generate, replay and the warmup refuse sizes and periods that cannot work")
    func limits() throws {
        let big = try opexsim(["generate", "--copies", "100000"])
        #expect(big.status != 0 && big.stdout.isEmpty)
        #expect(big.stderr.contains("would write 691200000 rows; at most 200,000,000"), "\(big.stderr)")
        let long = try opexsim(["generate", "--duration", "4000d"])
        #expect(long.status != 0 && long.stderr.contains("--duration must be at most 3650d"), "\(long.stderr)")
        let reapply = try opexsim(["replay", sampleTrace, "--policy", "krr-simple", "--reapply", "1ms"])
        #expect(
            reapply.status != 0 && reapply.stderr.contains("--reapply must be a duration of at least 1m"),
            "\(reapply.stderr)")
        let warmup = try opexsim(["replay", sampleTrace, "--policy", "krr-simple", "--warmup", "999d"])
        #expect(warmup.status == 1 && warmup.stdout.isEmpty)
        #expect(
            warmup.stderr
                == "opexsim: error: the warmup (999d) covers the whole trace (2d): nothing is left to evaluate the learning policies on\n"
        )
    }

    @Test func inspect() throws {
        let run = try opexsim(["inspect", sampleTrace])
        #expect(run.status == 0)
        #expect(run.stdout.contains("rows: 6912 (skipped 0)\n"))
        #expect(run.stdout.contains("workloads: 8, containers: 8, replicas: 12, series: 12\n"))
        #expect(run.stdout.contains("interval: 5m (median step)\n"))
    }
}

@Suite("opexsim import, end to end", .serialized)
struct ImportCLITests {
    static let nezha = repositoryRoot.deletingLastPathComponent().appendingPathComponent(
        "shared/datasets/nezha/onlineboutique_2022-08-22/metric"
    ).path

    @Test(
        "Nezha: a directory in, a canonical trace and a summary out, then a replay",
        .enabled(
            if: FileManager.default.fileExists(atPath: nezha),
            "../shared/datasets is not present: import CLI test skipped"))
    func nezhaDirectory() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("nezha.csv").path
        let run = try opexsim(["import", "--from", "nezha", Self.nezha, "-o", output, "--namespace", "onlineboutique"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("imported nezha: 12090 rows, 10 replicas, 10 containers, 10 workloads\n"))
        #expect(run.stdout.contains("dropped: none\n"))
        let replay = try opexsim(["replay", output, "--policy", "static", "--format", "json"])
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(replay.stdout.contains("\"samples\": 12090"))
    }

    @Test("a bad input is one located line and no output file")
    func badInput() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = try write(
            "Timestamp [ms];\tCPU cores;\tc;\tu;\tp;\tm;\tmu\n1372629804;\t2;\t5851.9989;\tmany;\t1.5;\t8218624.0;\t1034592.8\n",
            "3.csv", in: directory)
        let output = directory.appendingPathComponent("out.csv").path
        let run = try opexsim(["import", "--from", "bitbrains", input, "-o", output])
        #expect(run.status == 1)
        #expect(run.stderr == "opexsim: error: \(input):2:27: CPU usage [MHZ]: expected a number, found \"many\"\n")
        #expect(!FileManager.default.fileExists(atPath: output))
    }
}

@Suite("opexsim with recommenders, end to end", .serialized)
struct RecommenderCLITests {
    @Test("recommend --format yaml writes a VerticalPodAutoscaler per workload for vpa-*")
    func vpaManifests() throws {
        let run = try opexsim([
            "recommend", sampleTrace, "--policy", "vpa-auto:min-replicas=1,controlled-values=RequestsOnly", "--format",
            "yaml",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.components(separatedBy: "kind: VerticalPodAutoscaler\n").count - 1 == 8)
        #expect(run.stdout.contains("  updatePolicy:\n    updateMode: Auto\n    minReplicas: 1\n"))
        #expect(run.stdout.contains("      controlledValues: RequestsOnly\n"))
        #expect(run.stdout.contains("    - containerName: web\n      target: {cpu: "))
    }

    @Test("a file of VerticalPodAutoscaler objects is a policy")
    func manifestPolicy() throws {
        let run = try opexsim([
            "replay", sampleTrace, "--policy", "static", "--policy", "models/policies/shop-vpa.yaml", "--format",
            "json",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\"policy\": \"models/policies/shop-vpa.yaml\""))
        #expect(
            run.stdout.contains(
                "3 of 8 workloads have a VPA in models/policies/shop-vpa.yaml; the others keep their recorded settings")
        )
    }

    @Test("a manifest that is not a VerticalPodAutoscaler is a clear error")
    func badManifest() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try write(
            "apiVersion: autoscaling.k8s.io/v1\nkind: VerticalPodAutoscaler\nmetadata: {name: x}\nspec:\n  targetRef: {name: web}\n  updatePolicy: {updateMode: Sometimes}\n",
            "vpa.yaml", in: directory)
        let run = try opexsim(["replay", sampleTrace, "--policy", path])
        #expect(run.status == 1)
        #expect(
            run.stderr
                == "opexsim: error: \(path):6:30: document 1: spec.updatePolicy.updateMode: Sometimes is not one of Off, Initial, Recreate, Auto, InPlaceOrRecreate, InPlace\n"
        )
        // A syntax error in any document is located too, never read as the end of the file.
        let broken = try write(
            "apiVersion: autoscaling.k8s.io/v1\nkind: VerticalPodAutoscaler\nmetadata: {name: x}\nspec:\n  targetRef: {name: web}\n---\nkind: [\n",
            "broken.yaml", in: directory)
        let syntax = try opexsim(["replay", sampleTrace, "--policy", broken])
        #expect(syntax.status == 1 && syntax.stdout.isEmpty)
        #expect(syntax.stderr.hasPrefix("opexsim: error: \(broken):8:1: not valid YAML: "), "\(syntax.stderr)")
        #expect(syntax.stderr.split(separator: "\n").count == 1, "\(syntax.stderr)")
    }

    @Test("--pricing with node pools: node cost, idle, node count and showback in the JSON report")
    func nodePools() throws {
        let run = try opexsim([
            "replay", sampleTrace, "--policy", "percentile", "--pricing", "aws-m5-spot-mix", "--format", "json",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let scenario = try #require((document["scenarios"] as? [[String: Any]])?.first)
        let cost = try #require(scenario["cost"] as? [String: Any])
        let node = try #require(cost["node_usd"] as? Double)
        let total = try #require(cost["total_usd"] as? Double)
        let idle = try #require(cost["idle_usd"] as? Double)
        let allocation = try #require(cost["allocation_usd"] as? Double)
        #expect(node == total)
        #expect(abs(allocation + idle - node) < 1e-5)
        // Two m5.xlarge nodes for the 36-hour window at 0.7 × 0.192 + 0.3 × 0.0627 = $0.15321 an hour.
        #expect(abs(node - 2 * 36 * 0.15321) < 1e-5)
        let teams = try #require(cost["by_team"] as? [[String: Any]])
        #expect(teams.last?["team"] as? String == "__idle__")
        #expect(abs(teams.reduce(0) { $0 + ($1["total_usd"] as? Double ?? 0) } - total) < 1e-5)
        #expect((cost["by_namespace"] as? [[String: Any]])?.count == 5)
        #expect((cost["by_workload"] as? [[String: Any]])?.count == 9)
        let capacity = try #require(scenario["capacity"] as? [String: Any])
        let pool = try #require((capacity["pools"] as? [[String: Any]])?.first)
        #expect(pool["node_type"] as? String == "m5.xlarge" && pool["max_nodes"] as? Int == 2)
        let markdown = try opexsim(["replay", sampleTrace, "--policy", "percentile", "--pricing", "aws-m5-spot-mix"])
        #expect(markdown.stdout.contains("## Capacity"))
        #expect(markdown.stdout.contains("most of the allocation savings stay as idle capacity"))
    }

    @Test("a bad pricing file is one located line, a non-zero exit and no report")
    func badPricing() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try write(
            "kind: PricingModel\nnode_pools:\n  - catalogue: aws-us-east-1\n    node_type: m5.xlarge\n    capacity: {on_demand: 0.5}\n",
            "pools.yaml", in: directory)
        let run = try opexsim(["replay", sampleTrace, "--policy", "static", "--pricing", path])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(
            run.stderr
                == "opexsim: error: \(path):5:15: node_pools[0].capacity: on_demand, spot and committed add up to 0.5, expected 1\n"
        )
    }

    @Test("--failures: Chaos Mesh, a Velero schedule and a namespace deletion give incidents, RPO and RTO")
    func failures() throws {
        let arguments = [
            "replay", sampleTrace, "--policy", "vpa-auto:min-replicas=1", "--failures",
            "models/failures/shop-chaos.yaml",
            "--failures", "models/failures/shop-velero.yaml", "--failures", "models/failures/shop-disaster.yaml",
            "--format", "json",
        ]
        let run = try opexsim(arguments)
        #expect(run.status == 0, "\(run.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let scenario = try #require((document["scenarios"] as? [[String: Any]])?.first)
        let recovery = try #require(scenario["recovery"] as? [String: Any])
        // Deleted at 30 h (06:00 on day 2), restored from the 05:00 backup that started at 05:00:30: RPO 59 m 30 s.
        #expect(recovery["rpo_s"] as? Double == 3570)
        // RTO: 10 m detection + 36 objects × 50 ms + 20 GiB at 150 MB/s + 5 s start-up.
        let expected = 600 + 1.8 + 20 * 1_073_741_824 / 150e6 + 5
        #expect(abs((recovery["rto_s"] as? Double ?? 0) - expected) < 0.001)
        let timeline = try #require(scenario["incident_timeline"] as? [[String: Any]])
        #expect(
            timeline.contains {
                $0["kind"] as? String == "namespace-deletion" && $0["backup"] as? String == "shop-hourly-20260106050030"
            })
        #expect(timeline.contains { $0["kind"] as? String == "pod-kill" && $0["recovery_s"] as? Double == 5 })
        #expect((scenario["failures"] as? [String])?.count == 4)
        let again = try opexsim(arguments)
        #expect(again.stdout == run.stdout)
        let markdown = try opexsim(Array(arguments.dropLast(2)))
        #expect(markdown.stdout.contains("## Recovery"))
        #expect(markdown.stdout.contains("from shop-hourly-20260106050030, RPO 59m30s, VPA checkpoints restored"))
    }

    @Test("random failures with --runs: Monte Carlo figures, the same for the same seed")
    func monteCarlo() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let plan = try write(
            "apiVersion: opexsim.io/v1\nkind: FailurePlan\nfailures:\n  - {kind: random, failure: pod-kill, mtbf: 6h}\n",
            "random.yaml", in: directory)
        let arguments = [
            "replay", sampleTrace, "--policy", "static", "--failures", plan, "--runs", "8", "--seed", "3", "--format",
            "json",
        ]
        let first = try opexsim(arguments)
        #expect(first.status == 0, "\(first.stderr)")
        let second = try opexsim(arguments)
        #expect(first.stdout == second.stdout)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        let scenario = try #require((document["scenarios"] as? [[String: Any]])?.first)
        #expect(scenario["runs"] as? Int == 8)
        let monteCarlo = try #require(scenario["monte_carlo"] as? [String: Any])
        let figures = try #require(monteCarlo["figures"] as? [String: Any])
        let availability = try #require(figures["availability_ratio"] as? [String: Any])
        #expect((availability["interval_95"] as? [Double])?.count == 2)
        let other = try opexsim([
            "replay", sampleTrace, "--policy", "static", "--failures", plan, "--runs", "8", "--seed", "4", "--format",
            "json",
        ])
        #expect(other.stdout != first.stdout)
    }

    @Test(
        "--section prints those sections of the Markdown report, in the report's order; a missing one is named on stderr"
    )
    func sections() throws {
        let whole = try opexsim(["replay", sampleTrace, "--policy", "static"])
        let run = try opexsim([
            "replay", sampleTrace, "--policy", "static", "--section", "cost", "--section", "ranking", "--section",
            "recovery",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr == "opexsim: the report has no Recovery section (it needs --failures)\n")
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.filter { $0.hasPrefix("## ") } == ["## Ranking", "## Who drives cost"])
        // Each section is the report's text from its heading to the next one, the last blank line dropped.
        let ranking = whole.stdout[
            whole.stdout.range(of: "## Ranking\n")!
                .lowerBound..<whole.stdout.range(of: "## Best scenarios by workload\n")!.lowerBound]
        let cost = whole.stdout[
            whole.stdout.range(of: "## Who drives cost\n")!
                .lowerBound..<whole.stdout.range(of: "## Assumptions\n")!.lowerBound]
        #expect(run.stdout == String(ranking) + String(cost.dropLast()))
        let json = try opexsim([
            "replay", sampleTrace, "--policy", "static", "--section", "ranking", "--format", "json",
        ])
        #expect(json.status != 0 && json.stdout.isEmpty)
        #expect(json.stderr.contains("--section"), "\(json.stderr)")
        let unknown = try opexsim(["replay", sampleTrace, "--policy", "static", "--section", "summary"])
        #expect(unknown.status != 0 && unknown.stdout.isEmpty)
        #expect(unknown.stderr.contains("ranking"), "\(unknown.stderr)")
    }

    @Test("a bad failure file is one located line and no report")
    func badFailures() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try write(
            "apiVersion: chaos-mesh.org/v1alpha1\nkind: PodChaos\nmetadata: {name: x, namespace: shop}\nspec:\n  action: pod-kill\n  mode: some\n  selector: {namespaces: [shop]}\n",
            "chaos.yaml", in: directory)
        let run = try opexsim(["replay", sampleTrace, "--policy", "static", "--failures", path])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("opexsim: error: \(path):6:"), "\(run.stderr)")
        #expect(run.stderr.contains("mode"), "\(run.stderr)")
    }

    @Test(
        "a trace that records no requests or limits says so at the top, and the recorded settings' first rank is explained"
    )
    func bestEffortTrace() throws {
        let directory = try temporaryDirectory()
        var text = "timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes\n"
        for minute in 1...240 {
            text += "\(60 * minute),ns,w,c,w-0,0.\(minute % 5 + 1),\(100_000_000 + minute * 10_000)\n"
        }
        let path = try write(text, "best-effort.csv", in: directory)
        let run = try opexsim(["replay", path, "--policy", "static", "--policy", "krr-simple"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stdout.contains(
                "The trace records no requests or limits for any of its containers (BestEffort): under the recorded settings "
                    + "(`static`) nothing is reserved for them and they pay only for what they use, so `static` is a floor on "
                    + "cost, not a setting to keep.\n"))
        #expect(
            run.stdout.contains(
                "- 1. `static`: safe, and the cheapest safe scenario; caveat: the recorded settings reserve nothing"))
        #expect(
            run.stdout.contains("The recorded settings rank first only because they reserve nothing for 1 container"))
        #expect(!run.stdout.contains("no policy beats them"))
    }
}

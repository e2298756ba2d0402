import Foundation
import Testing
import Yams

/// Every scalar of a YAML stream as YAML 1.1 resolves it (Yams resolves `Off`, `yes`, `on` as
/// booleans, as kubectl does), with its key.
func yamlScalars(_ text: String) throws -> [(key: String, value: Any)] {
    var out: [(key: String, value: Any)] = []
    func walk(_ value: Any, key: String) {
        if let mapping = value as? [String: Any] {
            for (k, v) in mapping { walk(v, key: k) }
        } else if let list = value as? [Any] {
            for v in list { walk(v, key: key) }
        } else {
            out.append((key, value))
        }
    }
    for document in try Yams.load_all(yaml: text) { walk(document, key: "") }
    return out
}

@Suite("YAML written by opexsim reads back as written under YAML 1.1")
struct YAMLOutputCLITests {
    /// Keys whose values must read back as strings (Kubernetes names, modes and quantities).
    static let stringKeys: Set<String> = [
        "updateMode", "mode", "controlledValues", "kind", "name", "namespace", "containerName", "cpu", "memory",
        "apiVersion",
    ]

    func check(_ text: String, _ what: String) throws {
        let scalars = try yamlScalars(text)
        #expect(!scalars.isEmpty, "\(what) has scalars")
        for (key, value) in scalars where Self.stringKeys.contains(key) {
            #expect(value is String || value is NSNull, "\(what): \(key) reads back as \(type(of: value)) \(value)")
        }
        #expect(!scalars.contains { $0.value is Bool }, "\(what): no scalar reads as a boolean")
    }

    @Test("recommend --format yaml: VPA objects (updateMode \"Off\") and strategic-merge patches")
    func recommend() throws {
        for policy in [
            "vpa-off", "vpa-initial", "vpa-auto", "krr-simple", "percentile", "goldilocks-burstable", "kubecost",
        ] {
            let run = try opexsim(["recommend", sampleTrace, "--policy", policy, "--format", "yaml"])
            #expect(run.status == 0, "\(run.stderr)")
            try check(run.stdout, policy)
        }
        let vpa = try opexsim(["recommend", sampleTrace, "--policy", "vpa-off", "--format", "yaml"]).stdout
        #expect(vpa.contains("    updateMode: \"Off\"\n"))
    }

    @Test(
        "recommend --format yaml --out DIR: one file per workload that kubectl apply -f or patch --patch-file take as is"
    )
    func outDirectory() throws {
        for (policy, kind) in [("vpa-off", "VerticalPodAutoscaler"), ("krr-simple", nil)] as [(String, String?)] {
            let directory = try temporaryDirectory().appendingPathComponent("out")
            let run = try opexsim([
                "recommend", sampleTrace, "--policy", policy, "--format", "yaml", "--out", directory.path,
            ])
            #expect(run.status == 0 && run.stdout.isEmpty, "\(run.stderr)")
            let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
            #expect(files.count == 8 && files.contains("shop-checkout.yaml"))
            for file in files {
                let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
                let documents = try Yams.load_all(yaml: text).compactMap { $0 as? [String: Any] }
                #expect(documents.count == 1, "\(file) holds one object")
                try check(text, file)
                if let kind {
                    let metadata = documents.first?["metadata"] as? [String: Any]
                    #expect(documents.first?["kind"] as? String == kind)
                    #expect("\(metadata?["namespace"] ?? "")-\(metadata?["name"] ?? "").yaml" == file)
                } else {
                    #expect(
                        text.contains("patch deployment \(file.split(separator: "-", maxSplits: 1)[1].dropLast(5))"))
                }
            }
            #expect(run.stderr.contains(kind == nil ? "wrote 8 patches to" : "wrote 8 VerticalPodAutoscalers to"))
        }
        // A path of no file yet: the format, not the path, is what is refused.
        let unused = try temporaryDirectory().appendingPathComponent("out").path
        let json = try opexsim(["recommend", sampleTrace, "--policy", "vpa-off", "--out", unused])
        #expect(
            json.status != 0
                && json.stderr.contains("--out writes one YAML file per workload: use it with --format yaml"))
    }

    @Test("plan's patches")
    func plan() throws {
        let directory = try temporaryDirectory()
        let run = try opexsim([
            "replay", sampleTrace, "--policy", "static", "--policy", "krr-simple", "--out", directory.path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let plan = try opexsim([
            "plan", directory.appendingPathComponent("report.json").path, "--scenario", "krr-simple", "--format",
            "json",
        ])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])
        for item in document["items"] as? [[String: Any]] ?? [] {
            try check(item["patch"] as? String ?? "", "plan patch")
        }
    }
}

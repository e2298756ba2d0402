import Foundation
import Testing
import Yams

/// Every file under `directory`, by relative path, with its bytes.
private func tree(_ directory: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    let root = directory.standardizedFileURL.path
    guard let walker = FileManager.default.enumerator(atPath: root) else { return files }
    for case let path as String in walker {
        var isDirectory: ObjCBool = false
        let full = root + "/" + path
        if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
            files[path] = try Data(contentsOf: URL(fileURLWithPath: full))
        }
    }
    return files
}

private let smallMatrix = """
    apiVersion: opexsim.io/v1
    kind: Sweep
    traces: [datasets/sample-shop.csv]
    policies: [static, krr-simple]
    pricing: [opencost-default, aws-m5-spot-mix]
    failures: [[], [models/failures/shop-random.yaml]]
    seeds: [7]
    """

@Suite("Sweeps: shards on an Indexed Job merge into the unsharded sweep, byte for byte")
struct SweepCLITests {
    @Test("three shard processes with JOB_COMPLETION_INDEX, merged, equal one sweep; bad merges are refused")
    func shardsMerge() throws {
        let directory = try temporaryDirectory()
        let matrix = try write(smallMatrix, "matrix.yaml", in: directory)
        let whole = directory.appendingPathComponent("whole")
        let run = try opexsim(["sweep", matrix, "--out", whole.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "wrote 4 of 4 combinations into \(whole.path)\n")
        var shards: [String] = []
        for index in 0..<3 {
            let out = directory.appendingPathComponent("shard-\(index)").path
            var environment = ProcessInfo.processInfo.environment
            environment["JOB_COMPLETION_INDEX"] = String(index)
            let shard = try runProcess(
                opexsimBinary, ["sweep", matrix, "--shards", "3", "--out", out], environment: environment)
            #expect(shard.status == 0, "\(shard.stderr)")
            shards.append(out)
        }
        // Combinations 0 and 3 in shard 0, 1 in shard 1, 2 in shard 2.
        #expect(try tree(URL(fileURLWithPath: shards[0])).keys.filter { $0.hasSuffix("report.json") }.count == 2)
        let merged = directory.appendingPathComponent("merged")
        let merge = try opexsim(["merge"] + shards + ["--out", merged.path])
        #expect(merge.status == 0, "\(merge.stderr)")
        let expected = try tree(whole)
        #expect(expected.keys.sorted().count == 10)
        #expect(expected.keys.contains("0003-sample-shop-aws-m5-spot-mix-f1-s7/report.md"))
        #expect(try tree(merged) == expected)
        let summary = String(decoding: expected["summary.md"] ?? Data(), as: UTF8.self)
        #expect(summary.hasPrefix("# Sweep summary\n\n4 combinations of trace, pricing, failure files and seed"))
        // A missing shard, and a shard of another matrix.
        let missing = try opexsim(["merge", shards[0], shards[1], "--out", directory.appendingPathComponent("m2").path])
        #expect(missing.status == 1 && missing.stderr.contains("shards 2 of 3 missing"), "\(missing.stderr)")
        let other = try write(
            smallMatrix.replacingOccurrences(of: "seeds: [7]", with: "seeds: [8]"), "other.yaml", in: directory)
        let foreign = directory.appendingPathComponent("foreign").path
        var environment = ProcessInfo.processInfo.environment
        environment["JOB_COMPLETION_INDEX"] = "2"
        _ = try runProcess(
            opexsimBinary, ["sweep", other, "--shards", "3", "--out", foreign], environment: environment)
        let mixed = try opexsim([
            "merge", shards[0], shards[1], foreign, "--out", directory.appendingPathComponent("m3").path,
        ])
        #expect(mixed.status == 1 && mixed.stderr.contains("a shard of another sweep"), "\(mixed.stderr)")
        let noIndex = try runProcess(
            opexsimBinary, ["sweep", matrix, "--shards", "3", "--out", directory.appendingPathComponent("x").path],
            environment: ["PATH": "/usr/bin:/bin"])
        #expect(noIndex.status == 64 && noIndex.stderr.contains("takes the shard from JOB_COMPLETION_INDEX"))
    }

    /// The deploy/ manifest `name`, parsed.
    func manifest(_ name: String) throws -> [String: Any] {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("deploy/" + name), encoding: .utf8)
        return try #require(try Yams.load(yaml: text) as? [String: Any], "\(name) is not a mapping")
    }

    @Test("deploy/: an Indexed Job whose shard count, volumes and ConfigMap agree; its matrix runs")
    func manifests() throws {
        let job = try manifest("sweep-job.yaml")
        #expect(job["apiVersion"] as? String == "batch/v1" && job["kind"] as? String == "Job")
        let spec = try #require(job["spec"] as? [String: Any])
        #expect(spec["completionMode"] as? String == "Indexed")
        let shards = try #require(spec["completions"] as? Int)
        #expect(spec["parallelism"] as? Int == shards)
        let pod = try #require((spec["template"] as? [String: Any])?["spec"] as? [String: Any])
        #expect(["Never", "OnFailure"].contains(pod["restartPolicy"] as? String ?? ""))
        let container = try #require((pod["containers"] as? [[String: Any]])?.first)
        #expect(container["name"] is String && container["image"] is String)
        let args = try #require(container["args"] as? [String])
        #expect(Array(args.prefix(4)) == ["sweep", "/config/matrix.yaml", "--shards", String(shards)])
        // The index reaches the arguments through an env var the pod defines from the Job's annotation.
        let env = container["env"] as? [[String: Any]] ?? []
        let shardVariable = env.first { $0["name"] as? String == "SHARD" }
        let fieldPath = ((shardVariable?["valueFrom"] as? [String: Any])?["fieldRef"] as? [String: Any])?["fieldPath"]
        #expect(fieldPath as? String == "metadata.annotations['batch.kubernetes.io/job-completion-index']")
        #expect(args.contains("/data/out/shard-$(SHARD)"))
        let volumes = try #require(pod["volumes"] as? [[String: Any]])
        let mounts = try #require(container["volumeMounts"] as? [[String: Any]])
        #expect(
            Set(mounts.compactMap { $0["name"] as? String }).isSubset(of: volumes.compactMap { $0["name"] as? String }))
        let configMap = try manifest("sweep-configmap.yaml")
        let configName = (configMap["metadata"] as? [String: Any])?["name"] as? String
        #expect(volumes.contains { ($0["configMap"] as? [String: Any])?["name"] as? String == configName })
        let claim = (try manifest("sweep-pvc.yaml")["metadata"] as? [String: Any])?["name"] as? String
        #expect(volumes.contains { ($0["persistentVolumeClaim"] as? [String: Any])?["claimName"] as? String == claim })
        // The merge Job lists every shard folder.
        let merge = try manifest("merge-job.yaml")
        let mergePod = (((merge["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"] as? [String: Any])
        let mergeArgs = ((mergePod?["containers"] as? [[String: Any]])?.first?["args"] as? [String]) ?? []
        #expect(mergeArgs.filter { $0.hasPrefix("/data/out/shard-") } == (0..<shards).map { "/data/out/shard-\($0)" })
        // The ConfigMap's matrix runs, laid out as on the volume (traces/ under the working directory).
        let data = try #require(configMap["data"] as? [String: String])
        let directory = try temporaryDirectory()
        let matrix = try write(try #require(data["matrix.yaml"]), "matrix.yaml", in: directory)
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("traces"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: repositoryRoot.appendingPathComponent(sampleTrace),
            to: directory.appendingPathComponent("traces/sample-shop.csv"))
        let run = try runProcess(
            opexsimBinary, ["sweep", matrix, "--shard", "0/\(shards)", "--out", "out/shard-0"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "shard 0 of 4: wrote 2 of 8 combinations into out/shard-0\n")
    }
}

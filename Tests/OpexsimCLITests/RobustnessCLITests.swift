import Foundation
import Testing

@Suite("Never a crash: values past Int64, huge timestamps, many quotes, a full standard output")
struct RobustnessCLITests {
    static let bitbrainsHeader =
        "Timestamp [ms];\tCPU cores;\tCPU capacity provisioned [MHZ];\tCPU usage [MHZ];\tCPU usage [%];\tMemory capacity provisioned [KB];\tMemory usage [KB];\tDisk read throughput [KB/s];\tDisk write throughput [KB/s];\tNetwork received throughput [KB/s];\tNetwork transmitted throughput [KB/s]\n"

    @Test("a Bitbrains memory of 1e17 KB and a timestamp of 1e16 are located errors, exit 1, nothing written")
    func hugeValues() throws {
        let directory = try temporaryDirectory()
        let input = directory.appendingPathComponent("vms")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let output = directory.appendingPathComponent("out.csv").path
        for (row, expected) in [
            (
                "1372629804;\t2;\t5851.9989;\t87.7;\t1.5;\t8218624.0;\t1e17;\t0;\t0;\t0;\t0\n",
                "is more than any node has"
            ),
            (
                "1e16;\t2;\t5851.9989;\t87.7;\t1.5;\t8218624.0;\t100;\t0;\t0;\t0;\t0\n",
                "1.csv:2:1: Timestamp: 1e16 is not a time"
            ),
        ] {
            try (Self.bitbrainsHeader + row).write(
                to: input.appendingPathComponent("1.csv"), atomically: true, encoding: .utf8)
            let run = try opexsim(["import", "--from", "bitbrains", input.path, "-o", output])
            #expect(run.status == 1, "\(run.stderr)")
            #expect(run.stderr.contains(expected), "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: output))
        }
    }

    @Test(
        "impossible values in Google, Bitbrains, Nezha and Prometheus input are located errors, exit 1, nothing written"
    )
    func impossibleValues() throws {
        let google =
            "time,unique_id,collection_id,machine_id,avg_cpu_usage,max_cpu_usage,max_memory_usage,sample_rate,"
            + "p10_cpu_usage,p90_cpu_usage\n"
        let nezha = "Time,TimeStamp,PodName,CpuUsage(m),MemoryUsage(Mi)\n"
        let cpu =
            #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"namespace":"a","pod":"p","container":"c"},"values":[[1000,"0.5"],[1060,"0.5"]]}]}}"#
        let oom =
            #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"namespace":"a","pod":"p","container":"c"},"values":[[1000,"5"]]}]}}"#
        let cases: [(source: String, files: [(String, String)], flags: [String], expected: String)] = [
            (
                "google2019", [("1.csv", google + "0,7-0,7,m1,0.01,0.05,1e300,1,0.01,0.02\n")], [],
                "1.csv:2:22: max_memory_usage: 1e300 × 256Gi is more than any node has (at most 1Ei)"
            ),
            (
                "google2019", [("1.csv", google + "0,7-0,7,m1,0.01,0.05,0.2,1e300,0.01,0.02\n")], [],
                "1.csv:2:26: sample_rate: 1e300 is not a rate of CPU samples a second"
            ),
            (
                "google2019", [("1.csv", google + "0,7-0,7,m1,0.01,0.05,0.2,1,0.02,0.01\n")], [],
                "1.csv:2:33: p90_cpu_usage: 0.01 is below p10_cpu_usage 0.02"
            ),
            (
                "google2019", [("1.csv", google + "0,7-0,7,m1,0.01,0.005,0.2,1,0.001,0.002\n")], [],
                "1.csv:2:17: max_cpu_usage: 0.005 is below avg_cpu_usage 0.01"
            ),
            (
                "bitbrains",
                [("1.csv", Self.bitbrainsHeader + "1372629804;\t2;\t1e300;\t87.7;\t1.5;\t8218624.0;\t100\n")],
                [], "1.csv:2:16: CPU capacity provisioned [MHZ]: 1e300 for 2 cores is more than any node has"
            ),
            (
                "bitbrains", [("1.csv", Self.bitbrainsHeader + "1372629804;\t2;\t5851.9989;\t87.7;\t1.5;\t-1;\t100\n")],
                [], "1.csv:2:38: Memory capacity provisioned [KB]: negative value -1"
            ),
            (
                "nezha",
                [
                    (
                        "a_metric.csv",
                        nezha + "2022-08-22 03:51:19.6 +0000 UTC m=+0.1,1,a-5f6585d649-fnmft,1,2\n"
                            + "2022-08-22 03:52:19.6 +0000 UTC m=+60.1,1,b-6d8f7b9c6d-x7k2p,1,2\n"
                    )
                ], [],
                "a_metric.csv:3:43: PodName: b-6d8f7b9c6d-x7k2p is another pod than the file's a-5f6585d649-fnmft"
            ),
            (
                "prometheus", [("cpu.json", cpu), ("oom.json", oom)], ["--cpu", "cpu.json", "--oom", "oom.json"],
                "oom.json:1:131: series 1: OOM value 5 is not 0 or 1"
            ),
        ]
        for (source, files, flags, expected) in cases {
            let directory = try temporaryDirectory()
            let input = directory.appendingPathComponent("in")
            try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
            for (name, text) in files { _ = try write(text, name, in: input) }
            let output = directory.appendingPathComponent("out.csv").path
            let arguments =
                flags.isEmpty
                ? [input.path] : flags.map { $0.hasSuffix(".json") ? input.appendingPathComponent($0).path : $0 }
            let run = try opexsim(["import", "--from", source] + arguments + ["-o", output])
            #expect(run.status == 1, "\(source): \(run.stderr)")
            #expect(run.stderr.contains(expected), "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: output))
        }
    }

    @Test("a million escaped quotes in one cell read in one pass")
    func manyQuotes() throws {
        let directory = try temporaryDirectory()
        let pod = "\"" + String(repeating: "\"\"", count: 1_000_000) + "\""
        let text = "timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes\n60,a,w,c,\(pod),0.1,100\n"
        let path = try write(text, "quotes.csv", in: directory)
        let run = try opexsim(["inspect", path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("replicas: 1"))
    }

    @Test(
        "standard output on a full disk: one line on standard error, exit 1",
        .enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
    func fullDisk() throws {
        for command in ["inspect \(sampleTrace)", "replay \(sampleTrace) --policy static", "generate"] {
            let run = try runProcess(
                URL(fileURLWithPath: "/bin/sh"), ["-c", "\(opexsimBinary.path) \(command) > /dev/full"])
            #expect(run.status == 1, "\(command): \(run.stderr)")
            #expect(run.stderr.contains("No space left on device"), "\(command): \(run.stderr)")
            #expect(!run.stderr.contains("Fatal error"))
        }
    }

    @Test("an --out that cannot be created is one line naming the directory and the reason")
    func badOut() throws {
        let run = try opexsim(["replay", sampleTrace, "--policy", "static", "--out", "/proc/nope/report"])
        #expect(run.status == 1)
        #expect(
            run.stderr
                == "opexsim: error: /proc/nope/report: cannot create the directory /proc/nope: No such file or directory\n"
        )
    }

    @Test("a Velero schedule that never fires is noted; a VPA controlling gpu is refused with its place")
    func neverAndGPU() throws {
        let directory = try temporaryDirectory()
        let velero = try write(
            "apiVersion: velero.io/v1\nkind: Schedule\nmetadata: {name: feb30, namespace: velero}\nspec: {schedule: \"0 0 30 2 *\", template: {}}\n",
            "feb30.yaml", in: directory)
        let run = try opexsim([
            "replay", sampleTrace, "--policy", "static", "--failures", velero, "--section", "assumptions",
        ])
        #expect(run.status == 0)
        #expect(
            run.stdout.contains(
                "Schedule velero/feb30 (\(velero):1:1): schedule \"0 0 30 2 *\" never fires (no such date within five years): it takes no backups"
            ))
        let vpa = try write(
            """
            apiVersion: autoscaling.k8s.io/v1
            kind: VerticalPodAutoscaler
            metadata: {name: f, namespace: shop}
            spec:
              targetRef: {kind: Deployment, name: frontend}
              resourcePolicy:
                containerPolicies:
                  - containerName: "*"
                    controlledResources: [cpu, gpu]
            """, "gpu.yaml", in: directory)
        let refused = try opexsim(["replay", sampleTrace, "--policy", vpa])
        #expect(refused.status == 1 && refused.stdout.isEmpty)
        #expect(
            refused.stderr
                == "opexsim: error: \(vpa):9:36: document 1: spec.resourcePolicy.containerPolicies[0].controlledResources[1]: gpu is not a resource the VPA controls (cpu or memory)\n"
        )
    }

    @Test("an error quoting input with NUL, CR or U+2028 stays one visible line")
    func controlCharacters() throws {
        let directory = try temporaryDirectory()
        let input = directory.appendingPathComponent("vms")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try Data("Time\u{2028}stamp\r;\u{0}x\n1;2\n".utf8).write(to: input.appendingPathComponent("1.csv"))
        let run = try opexsim([
            "import", "--from", "bitbrains", input.path, "-o", directory.appendingPathComponent("o.csv").path,
        ])
        #expect(run.status == 1)
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        #expect(run.stderr.contains("Time\\u{2028}stamp"), "\(run.stderr)")
        #expect(!run.stderr.unicodeScalars.contains { $0.value == 0 || $0.value == 0x2028 || $0.value == 13 })
    }

    @Test(
        "-o onto a device writes to it in place: /dev/null stays a character device",
        .enabled(if: FileManager.default.fileExists(atPath: "/dev/null")))
    func deviceOutput() throws {
        func isDevice() throws -> Bool {
            let type = try FileManager.default.attributesOfItem(atPath: "/dev/null")[.type] as? FileAttributeType
            return type == .typeCharacterSpecial
        }
        #expect(try isDevice())
        let generate = try opexsim(["generate", "-o", "/dev/null"])
        #expect(generate.status == 0, "\(generate.stderr)")
        #expect(try isDevice())
        let cpu = try write(
            #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"namespace":"a","pod":"p","container":"c"},"values":[[1000,"0.5"]]}]}}"#,
            "cpu.json", in: try temporaryDirectory())
        let imported = try opexsim(["import", "--from", "prometheus", "--cpu", cpu, "-o", "/dev/null"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try isDevice())
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: "/dev").filter { $0.hasPrefix("null.tmp-") }.isEmpty)
    }
}

@Suite("Interrupted runs leave no temporary file")
struct InterruptionCLITests {
    /// Starts the binary with no signal blocked (a test runner's threads may block some, and a
    /// child inherits the mask); returns its pid.
    func spawn(_ arguments: [String]) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        let argv = ([opexsimBinary.path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, opexsimBinary.path, nil, &attributes, argv, environ)
        #expect(status == 0)
        return pid
    }

    @Test(
        "SIGTERM and SIGINT during a long write remove FILE.tmp-PID and end the process by the signal",
        arguments: [SIGTERM, SIGINT])
    func interruptedWrite(signalNumber: Int32) throws {
        let directory = try temporaryDirectory()
        let output = directory.appendingPathComponent("trace.csv").path
        let pid = try spawn(["generate", "--copies", "200", "-o", output])
        let temporary = output + ".tmp-\(pid)"
        // Wait until the temporary file exists (the write is under way), at most 20 s.
        var waited = 0
        while !FileManager.default.fileExists(atPath: temporary) && waited < 2_000 {
            usleep(10_000)
            waited += 1
        }
        #expect(FileManager.default.fileExists(atPath: temporary))
        kill(pid, signalNumber)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        // Ended by the signal (WIFSIGNALED, WTERMSIG), not by a normal exit.
        #expect(status & 0x7F == signalNumber)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }
}

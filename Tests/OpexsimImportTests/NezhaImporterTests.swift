import Foundation
import OpexsimEngine
import OpexsimPolicies
import OpexsimPricing
import OpexsimTestSupport
import OpexsimTraces
import Testing

@testable import OpexsimImport

@Suite("Nezha import")
struct NezhaImporterTests {
    @Test("workload names from pod names")
    func podNames() {
        #expect(PodNameRule.workload(ofPod: "adservice-5f6585d649-fnmft") == "adservice")
        #expect(PodNameRule.workload(ofPod: "cart-dm8jrww6f6-tg25r") == "cart")
        #expect(PodNameRule.workload(ofPod: "ledger-worker-9zwvw7mbmg-8p9j9") == "ledger-worker")
        #expect(PodNameRule.workload(ofPod: "node-exporter-x2x7q") == "node-exporter")
        #expect(PodNameRule.workload(ofPod: "postgres-0") == "postgres")
        #expect(PodNameRule.workload(ofPod: "debug") == "debug")
        #expect(PodNameRule.workload(ofPod: "api-v2beta") == "api-v2beta")
    }

    @Test("a bad Time names its place")
    func badTime() throws {
        let path = try temporaryFile(
            "Time,TimeStamp,PodName,CpuUsage(m),MemoryUsage(Mi)\nyesterday,1,a-5f6585d649-fnmft,1,2\n",
            name: "a_metric.csv")
        #expect(
            throws: TraceError(
                file: path, line: 2, column: 1,
                message: "Time: expected a Go time such as 2022-08-22 03:51:19.607 +0000 UTC, found \"yesterday\"")
        ) {
            try NezhaImporter(options: ImportOptions()).run([path])
        }
        let letters = try temporaryFile(
            "Time,TimeStamp,PodName,CpuUsage(m),MemoryUsage(Mi)\n2022-08-22 03:51:19.6 +0000 UTC m=+0.1,1,a-5f6585d649-fnmft,x1,2\n",
            name: "b_metric.csv")
        #expect(
            throws: TraceError(
                file: letters, line: 2, column: 61, message: "CpuUsage(m): expected a number, found \"x1\"")
        ) {
            try NezhaImporter(options: ImportOptions()).run([letters])
        }
    }

    @Test("a repeated time is refused at its row, naming the first; out of order is fine")
    func repeatedTime() throws {
        let path = try temporaryFile(
            """
            Time,TimeStamp,PodName,CpuUsage(m),MemoryUsage(Mi)
            2022-08-22 03:52:19.6 +0000 UTC m=+60.1,1,a-5f6585d649-fnmft,1,2
            2022-08-22 03:51:19.6 +0000 UTC m=+0.1,1,a-5f6585d649-fnmft,1,2
            2022-08-22 03:53:19.6 +0000 UTC m=+120.1,1,a-5f6585d649-fnmft,1,2
            2022-08-22 03:51:19.6 +0000 UTC m=+0.2,1,a-5f6585d649-fnmft,1,2
            """, name: "a_metric.csv")
        #expect(
            throws: TraceError(
                file: path, line: 5, column: 1,
                message:
                    "Time: 2022-08-22 03:51:19.6 +0000 UTC m=+0.2 repeats line 3: a pod has one reading per time (a duplicate sample)"
            )
        ) {
            try NezhaImporter(options: ImportOptions()).run([path])
        }
    }

    @Test("times seen: increasing ones cost a comparison, the first out of order indexes them all")
    func repeatedTimes() {
        var times = RepeatedTimes()
        #expect(times.note(100, line: 2) == nil && times.note(200, line: 3) == nil && times.note(300, line: 4) == nil)
        #expect(times.note(200, line: 5) == 3)
        #expect(times.note(150, line: 6) == nil && times.note(150, line: 7) == 6 && times.note(300, line: 8) == 4)
        var fresh = RepeatedTimes()
        #expect(fresh.note(5, line: 2) == nil && fresh.note(5, line: 3) == 2)
    }

    @Test("a row naming another pod than the file's first row is refused with both names")
    func anotherPod() throws {
        let path = try temporaryFile(
            """
            Time,TimeStamp,PodName,CpuUsage(m),MemoryUsage(Mi)
            2022-08-22 03:51:19.6 +0000 UTC m=+0.1,1,a-5f6585d649-fnmft,1,2
            2022-08-22 03:52:19.6 +0000 UTC m=+60.1,1,b-6d8f7b9c6d-x7k2p,1,2
            """, name: "a_metric.csv")
        #expect(
            throws: TraceError(
                file: path, line: 3, column: 43,
                message:
                    "PodName: b-6d8f7b9c6d-x7k2p is another pod than the file's a-5f6585d649-fnmft (line 2): a Nezha metric file holds one pod"
            )
        ) {
            try NezhaImporter(options: ImportOptions()).run([path])
        }
    }

    @Test(
        "OnlineBoutique: SOURCE.md's figures, recomputed, then a replay",
        .enabled(if: haveShared("nezha"), "../shared/datasets is not present: Nezha import test skipped"))
    func onlineBoutique() throws {
        let files = try FileManager.default.contentsOfDirectory(
            atPath: sharedPath("nezha/onlineboutique_2022-08-22/metric")
        ).sorted()
            .map { sharedPath("nezha/onlineboutique_2022-08-22/metric/" + $0) }
        var options = ImportOptions()
        options.namespace = "onlineboutique"
        let sink = try NezhaImporter(options: options).run(files)
        let imported = try trace(of: sink)
        // Counted here from the files: data lines and distinct pods.
        var lines = 0
        var pods = Set<String>()
        for file in files {
            let rows = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").dropFirst()
            lines += rows.count
            for row in rows { pods.insert(String(row.split(separator: ",")[2])) }
        }
        #expect(lines == 12_090)
        #expect(imported.sampleCount == lines)
        #expect(imported.pods.count == pods.count && pods.count == 10)
        #expect(imported.workloads.count == 10)
        // SOURCE.md: 03:51:19 → 23:59:20 UTC from `Time`; the adservice file's TimeStamp is 2e8 s off
        // and is not used.
        #expect(TraceTime.format(imported.end).hasPrefix("2022-08-22T23:59:20."))
        let adservice = try #require(imported.series.first { imported.names[$0.workloadName] == "adservice" })
        #expect(TraceTime.format(imported.time[adservice.range.lowerBound]) == "2022-08-22T03:51:19.607Z")
        // First adservice line: CpuUsage 1.7624831358803779 m, MemoryUsage 201.23828125 Mi.
        #expect(imported.cpu[adservice.range.lowerBound] == 0.001762483)
        #expect(imported.memory[adservice.range.lowerBound] == 201.23828125 * 1_048_576)
        let outcome = try Replay(
            trace: imported, policies: [PolicySpec(name: "static"), PolicySpec(parsing: "percentile:cpu=95")],
            pricing: .openCostDefault, options: ReplayOptions()
        ).run()
        #expect(outcome.scenarios.count == 2)
        #expect(outcome.scenarios.allSatisfy { $0.totalCostUSD > 0 })
    }
}

@Suite("Bitbrains import")
struct BitbrainsImporterTests {
    @Test("units: MHz to cores by the provisioned speed, KB to bytes, provisioned capacity as limits")
    func units() throws {
        let path = try temporaryFile(
            """
            Timestamp [ms];\tCPU cores;\tCPU capacity provisioned [MHZ];\tCPU usage [MHZ];\tCPU usage [%];\tMemory capacity provisioned [KB];\tMemory usage [KB]
            1372629804;\t2;\t5851.9989;\t87.7799835;\t1.5;\t8218624.0;\t1034592.8
            1372630104;\t2;\t5851.9989;\t2925.99945;\t50;\t8218624.0;\t0.0
            """, name: "7.csv")
        let sink = try BitbrainsImporter(options: ImportOptions()).run([path])
        let imported = try trace(of: sink)
        #expect(imported.names[imported.series[0].workloadName] == "vm-7")
        // 87.7799835 MHz at 5851.9989 / 2 MHz per core = 0.03 cores; 2925.999 MHz = 1 core.
        #expect(imported.cpu == [0.03, 1])
        #expect(imported.memory[0] == 1_059_423_027)
        #expect(imported.memory[1].isNaN)
        #expect(
            imported.settings[Int(imported.settingsIndex[0])]
                == ResourceSettings(cpuLimit: 2, memoryLimit: 8_218_624 * 1024))
        #expect(sink.notes == ["1 rows of 1 VMs had memory usage 0, written as not recorded (monitoring gaps)"])
    }

    @Test("negative values, more than any node has, and a provisioned speed that shrinks usage to nothing")
    func impossibleValues() throws {
        let header = "Timestamp [ms];\tCPU cores;\tc;\tu;\tp;\tm;\tmu\n"
        for (row, column, message) in [
            (
                "1372629804;\t2;\t1e300;\t87.7;\t1.5;\t8218624.0;\t100", 16,
                "CPU capacity provisioned [MHZ]: 1e300 for 2 cores is more than any node has (at most 10,000 MHz a core)"
            ),
            (
                "1372629804;\t2;\t5851.9989;\t87.7;\t1.5;\t-1;\t100", 38,
                "Memory capacity provisioned [KB]: negative value -1"
            ),
            (
                "1372629804;\t2;\t1e-300;\t87.7;\t1.5;\t8218624.0;\t100", 24,
                "CPU usage [MHZ]: 87.7 with 1e-300 MHz provisioned for 2 cores is more than any node has (at most 1,000,000 cores)"
            ),
            (
                "1372629804;\t2;\t5851.9989;\t87.7;\t1.5;\t1e300;\t100", 38,
                "Memory capacity provisioned [KB]: 1e300 is more than any node has (at most 1Ei)"
            ),
        ] {
            let path = try temporaryFile(header + row + "\n", name: "9.csv")
            #expect(throws: TraceError(file: path, line: 2, column: column, message: message)) {
                try BitbrainsImporter(options: ImportOptions()).run([path])
            }
        }
    }

    @Test("a VM's repeated reading time is refused at its row")
    func repeatedTime() throws {
        let header = "Timestamp [ms];\tCPU cores;\tc;\tu;\tp;\tm;\tmu\n"
        let row = { (t: Int) in "\(t);\t2;\t5851.9989;\t87.7;\t1.5;\t8218624.0;\t100\n" }
        let path = try temporaryFile(
            header + row(1_372_629_804) + row(1_372_630_104) + row(1_372_629_804), name: "9.csv")
        #expect(
            throws: TraceError(
                file: path, line: 4, column: 1,
                message: "Timestamp: 1372629804 repeats line 2: a VM has one reading per time (a duplicate sample)")
        ) {
            try BitbrainsImporter(options: ImportOptions()).run([path])
        }
    }

    @Test("a letter in a number names its place")
    func badNumber() throws {
        let path = try temporaryFile(
            "Timestamp [ms];\tCPU cores;\tc;\tu;\tp;\tm;\tmu\n1372629804;\t2;\t5851.9989;\t8x7;\t1.5;\t8218624.0;\t1034592.8\n",
            name: "8.csv")
        #expect(
            throws: TraceError(
                file: path, line: 2, column: 27, message: "CPU usage [MHZ]: expected a number, found \"8x7\"")
        ) {
            try BitbrainsImporter(options: ImportOptions()).run([path])
        }
        let other = try temporaryFile("a,b,c\n1,2,3\n", name: "9.csv")
        #expect(throws: TraceError.self) { try BitbrainsImporter(options: ImportOptions()).run([other]) }
    }

    @Test(
        "first two days of 120 VMs: SOURCE.md's figures, recomputed, then a replay",
        .enabled(if: haveShared("bitbrains-rnd"), "../shared/datasets is not present: Bitbrains import test skipped"))
    func firstTwoDays() throws {
        let files = try csvFiles(in: "bitbrains-rnd/first2days_120vms")
        #expect(files.count == 120)
        // Recomputed here: rows with provisioned CPU (cores > 0) are kept.
        var rows = 0, kept = 0, vms = 0
        for file in files {
            var any = false
            for line in try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").dropFirst() {
                rows += 1
                let cores = Double(line.split(separator: ";")[1].trimmingCharacters(in: .whitespaces)) ?? 0
                if cores > 0 {
                    kept += 1
                    any = true
                }
            }
            if any { vms += 1 }
        }
        #expect(rows == 69_240)
        let sink = try BitbrainsImporter(options: ImportOptions()).run(files)
        let imported = try trace(of: sink)
        #expect(imported.sampleCount == kept)
        #expect(imported.pods.count == vms)
        #expect(sink.dropped.map(\.count) == [rows - kept])
        // SOURCE.md: 2013-06-30 22:03 → 2013-07-02 22:43 UTC at 300 s.
        #expect(TraceTime.format(imported.end).hasPrefix("2013-07-02T22:4"))
        #expect(imported.interval == 300_000)
        let outcome = try Replay(
            trace: imported,
            policies: [PolicySpec(name: "static"), PolicySpec(parsing: "percentile:cpu=95,memory=100")],
            pricing: .openCostDefault, options: ReplayOptions()
        ).run()
        #expect(outcome.scenarios.count == 2)
        // The percentile policy sizes below the provisioned VMs.
        let byPolicy = Dictionary(uniqueKeysWithValues: outcome.scenarios.map { ($0.scenario.description, $0) })
        #expect(try #require(byPolicy["percentile:cpu=95,memory=100"]).totalCostUSD < byPolicy["static"]!.totalCostUSD)
    }
}

import Foundation
import OpexsimEngine
import OpexsimImport
import OpexsimPolicies
import OpexsimPricing
import OpexsimTestSupport
import OpexsimTraces
import Testing

@Suite("Google 2019 import")
struct Google2019ImporterTests {
    @Test("windows end at the next start, at most 300 s later; dropped windows are counted")
    func windows() throws {
        // Rows out of order; machine of 10 cores and 1000 bytes; epoch 2020-01-01.
        let path = try temporaryFile(
            """
            time,unique_id,collection_id,machine_id,avg_cpu_usage,max_cpu_usage,max_memory_usage,assigned_memory,sample_rate,p50_cpu_usage,p99_cpu_usage,memory_limit,cpu_limit
            500000000,7-0,7,m2,0.02,0.03,0.1,0,1,0.02,0.03,0.25,0.02
            0,7-0,7,m1,0.01,0.05,0.2,0.3,1,0.008,0.04,0.25,0.02
            200000000,7-0,7,m1,0.01,0.05,0.2,0.3,0,0.008,0.04,0.25,0.02
            1500000000,7-0,7,m2,,0.05,0.2,0.3,1,0.008,0.04,0.25,0.02
            1500000000,7-0,7,m2,0.04,0.05,0.2,0.3,1,0.008,0.04,0.25,0.02
            1600000000,7-0,7,m2,0.05,0.06,0.2,0.3,0.5,-1,0.04,0.25,0.02
            1600000000,7-0,7,m2,0.09,0.09,0.2,0.3,1,0.008,0.04,0.25,0.02
            """, name: "0-0-1600000000.csv")
        let other = try temporaryFile(
            "time,collection_id,instance_index,avg_cpu_usage,max_memory_usage\n900000000,7,3,0.1,0.5\n", name: "3.csv")
        var options = ImportOptions()
        options.machineCPUCores = 10
        options.machineMemoryBytes = 1000
        options.epoch = TraceTime.parse("2020-01-01T00:00:00Z")
        let sink = try Google2019Importer(options: options).run([path, other])
        let lines = String(decoding: sink.csvBytes, as: UTF8.self).split(separator: "\n").map(String.init)
        let percentileHeader =
            (Array(stride(from: 0, through: 90, by: 10)) + Array(91...99)).map { "cpu_p\($0)" }.joined(separator: ",")
            + ",cpu_max"
        #expect(
            lines[0]
                == "timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes,cpu_request,cpu_limit,memory_request,memory_limit,node,team,"
                + percentileHeader)
        // The 20 percentile cells: p0..p40 (5), p50, p60..p90 and p91..p98 (12), p99, max.
        func cells(p50: String, p99: String, max: String) -> String {
            (Array(repeating: "", count: 5) + [p50] + Array(repeating: "", count: 12) + [p99, max]).joined(
                separator: ",")
        }
        // 0 s: ends at the dropped window's start (200 s); 0.01 × 10 cores, 0.2 × 1000 bytes; the
        // requested memory 250 under the enforced 300.
        #expect(
            lines[1] == "2020-01-01T00:03:20Z,google2019,job-7,task,7-0,0.1,200,0.2,0.2,250,300,m1,,"
                + cells(p50: "0.08", p99: "0.4", max: "0.5"))
        // 500 s: the next window starts at 1500 s, so a full 300 s; assigned_memory 0 → the limit is memory_limit.
        #expect(
            lines[2] == "2020-01-01T00:13:20Z,google2019,job-7,task,7-0,0.2,100,0.2,0.2,250,250,m2,,"
                + cells(p50: "0.2", p99: "0.3", max: "0.3"))
        // 1500 s: the first copy has no avg_cpu_usage; the second is kept and ends at 1600 s.
        #expect(
            lines[3] == "2020-01-01T00:26:40Z,google2019,job-7,task,7-0,0.4,200,0.2,0.2,250,300,m2,,"
                + cells(p50: "0.08", p99: "0.4", max: "0.5"))
        // 1600 s: the last window, 300 s; its repeat is dropped; p50 -1 means not recorded.
        #expect(
            lines[4] == "2020-01-01T00:31:40Z,google2019,job-7,task,7-0,0.5,200,0.2,0.2,250,300,m2,,"
                + cells(p50: "", p99: "0.4", max: "0.6"))
        // The second file names its task by collection and instance index; no settings, no percentiles.
        // After the memory: 4 settings, node, team and 20 percentile cells, all empty.
        #expect(lines[5] == "2020-01-01T00:20:00Z,google2019,job-7,task,7-3,1,500" + String(repeating: ",", count: 26))
        #expect(lines.count == 6)
        #expect(
            sink.dropped.map(\.reason) == [
                "windows with sample_rate 0 (no CPU samples)",
                "windows without usage values (avg_cpu_usage or max_memory_usage empty or negative)",
                "windows repeating a start already seen for the task",
            ])
        #expect(sink.dropped.map(\.count) == [1, 1, 1])
        #expect(
            sink.notes == [
                "normalized units scaled as 1.0 = 10 cores and 1000 (--machine-cpu-cores, --machine-memory-bytes)",
                "1 windows had negative values (-1 marks a value the trace did not record), written as not recorded",
                "2 windows were shorter than 5 minutes (a task starting, stopping or moving)",
            ])
    }

    @Test("values beyond any node, a sample rate over 100, decreasing percentiles, a maximum below the average")
    func impossibleValues() throws {
        let header =
            "time,unique_id,collection_id,machine_id,avg_cpu_usage,max_cpu_usage,max_memory_usage,assigned_memory,"
            + "sample_rate,p10_cpu_usage,p50_cpu_usage,p90_cpu_usage,memory_limit,cpu_limit\n"
        for (row, column, message) in [
            (
                "300000000,7-0,7,m1,0.01,0.05,1e300,0.3,1,0.01,0.02,0.03,0.25,0.02", 30,
                "max_memory_usage: 1e300 × 256Gi is more than any node has (at most 1Ei)"
            ),
            (
                "300000000,7-0,7,m1,1e300,0.05,0.2,0.3,1,0.01,0.02,0.03,0.25,0.02", 20,
                "avg_cpu_usage: 1e300 × 64 cores is more than any node has (at most 1,000,000 cores)"
            ),
            (
                "300000000,7-0,7,m1,0.01,0.05,0.2,0.3,1e300,0.01,0.02,0.03,0.25,0.02", 38,
                "sample_rate: 1e300 is not a rate of CPU samples a second (Borg takes about 1; at most 100)"
            ),
            // p50 is -1 (not recorded): p90 is compared with p10.
            (
                "300000000,7-0,7,m1,0.01,0.05,0.2,0.3,1,0.02,-1,0.01,0.25,0.02", 48,
                "p90_cpu_usage: 0.01 is below p10_cpu_usage 0.02 (a window's CPU percentiles cannot decrease)"
            ),
            (
                "300000000,7-0,7,m1,0.01,0.005,0.2,0.3,1,0.001,0.002,0.003,0.25,0.02", 25,
                "max_cpu_usage: 0.005 is below avg_cpu_usage 0.01 (a window's maximum cannot be below its average)"
            ),
        ] {
            let path = try temporaryFile(header + row + "\n", name: "1.csv")
            #expect(throws: TraceError(file: path, line: 2, column: column, message: message)) {
                try Google2019Importer(options: ImportOptions()).run([path])
            }
        }
        // Rounding: a maximum 1e-9 below the average and a percentile 1e-9 below the one before are read.
        let rounded = try temporaryFile(
            header + "300000000,7-0,7,m1,0.01,0.00999999999,0.2,0.3,1,0.002,0.00199999999,0.003,0.25,0.02\n",
            name: "2.csv")
        #expect(try Google2019Importer(options: ImportOptions()).run([rounded]).rowCount == 1)
    }

    @Test("a letter in a number names its place; a file of another shape is refused")
    func badInput() throws {
        let path = try temporaryFile(
            "time,collection_id,unique_id,machine_id,avg_cpu_usage,max_memory_usage\n300000000,7,7-0,m1,0.5x,0.1\n",
            name: "1.csv")
        #expect(
            throws: TraceError(
                file: path, line: 2, column: 20, message: "avg_cpu_usage: expected a number, found \"0.5x\"")
        ) {
            try Google2019Importer(options: ImportOptions()).run([path])
        }
        let other = try temporaryFile("timestamp,cpu\n1,2\n", name: "2.csv")
        #expect(
            throws: TraceError(
                file: other, line: 1, column: 1,
                message: "not a Google 2019 usage file: no time column (the header has timestamp,cpu)")
        ) {
            try Google2019Importer(options: ImportOptions()).run([other])
        }
    }
}

@Suite(
    "Google 2019 import of job 382",
    .enabled(
        if: haveShared("google2019/job_382"), "../shared/datasets is not present: Google 2019 import tests skipped"))
struct Google2019Job382Tests {
    @Test("SOURCE.md's figures, one row by hand, and a replay with percentile-vector throttling")
    func job382() throws {
        let files = try csvFiles(in: "google2019/job_382")
        let sink = try Google2019Importer(options: ImportOptions()).run(files)
        let imported = try trace(of: sink)
        let summary = try ImportSummary(source: "google2019", sink: sink)
        // SOURCE.md: 10 files = 10 tasks, 8,898 rows, none missing.
        #expect(sink.rowCount == 8_898 && summary.rows == 8_898)
        #expect(summary.replicas == 10 && summary.workloads == 1)
        #expect(sink.dropped.isEmpty)
        // Every task's first window starts between 900,076 s and 900,081 s, and its second at 900,300 s,
        // so every first row is stamped 900,300 s; the trace starts one 300 s interval before that.
        let epoch = Google2019Importer.defaultEpoch
        #expect(summary.start == epoch + 900_000_000)
        // The last window of all starts at 1,166,037 s (task 33) and is the task's last: a full 300 s.
        #expect(summary.end == epoch + 1_166_337_000)
        #expect(TraceTime.format(summary.end) == "2019-05-14T11:58:57Z")
        #expect(summary.interval == 300_000)

        // The first data line of task 2, computed here from the CSV text.
        let text = try String(
            contentsOfFile: files.first { $0.hasSuffix("/2-900078000000-1166034000000.csv") }!, encoding: .utf8)
        let csvLines = text.split(separator: "\n")
        let header = csvLines[0].split(separator: ",").map(String.init)
        let first = csvLines[1].split(separator: ",").map(String.init)
        func value(_ name: String) -> Double { Double(first[header.firstIndex(of: name)!])! }
        let series = try #require(imported.series.first { imported.names[$0.podName] == "382417448240-2" })
        let sample = series.range.lowerBound
        #expect(imported.names[series.workloadName] == "job-382417448240")
        #expect(imported.names[series.nodeName] == first[header.firstIndex(of: "machine_id")!])
        // Window 900,078 s → 900,300 s (the second line's start).
        #expect(first[0] == "900078000000" && csvLines[2].hasPrefix("900300000000,"))
        #expect(imported.time[sample] == epoch + 900_300_000)
        #expect(abs(imported.cpu[sample] - value("avg_cpu_usage") * 64) < 1e-9)
        #expect(abs(imported.memory[sample] - value("max_memory_usage") * 256 * 1_073_741_824) <= 0.5)
        let levels = imported.cpuPercentileLevels
        #expect(levels == [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100])
        for (k, level) in levels.enumerated() {
            let name = level == 100 ? "max_cpu_usage" : "p\(Int(level))_cpu_usage"
            #expect(abs(imported.cpuPercentiles[sample * levels.count + k] - value(name) * 64) < 1e-9, "\(name)")
        }
        // SOURCE.md: cpu_limit 0.0016193 → request and limit 0.1036 cores of a 64-core machine. The
        // enforced assigned_memory is below memory_limit in this job, so both memory settings are it.
        let settings = imported.settings[Int(imported.settingsIndex[sample])]
        #expect(abs(settings.cpuRequest! - 0.0016193 * 64) < 1e-5 && settings.cpuLimit == settings.cpuRequest)
        #expect(abs(settings.cpuLimit! - value("cpu_limit") * 64) < 1e-9)
        #expect(abs(settings.memoryLimit! - value("assigned_memory") * 256 * 1_073_741_824) <= 0.5)
        #expect(value("assigned_memory") < value("memory_limit") && settings.memoryRequest == settings.memoryLimit)
        #expect(
            sink.notes.first
                == "normalized units scaled as 1.0 = 64 cores and 256Gi (--machine-cpu-cores, --machine-memory-bytes)")
        // Windows whose p0_cpu_usage is negative (-1: not recorded), counted here from the text.
        var negative = 0
        for file in files {
            for line in try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").dropFirst()
            where line.split(separator: ",")[header.firstIndex(of: "p0_cpu_usage")!].hasPrefix("-") {
                negative += 1
            }
        }
        #expect(negative > 0)
        #expect(
            sink.notes.contains(
                "\(negative) windows had negative values (-1 marks a value the trace did not record), written as not recorded"
            ))

        let outcome = try Replay(
            trace: imported,
            policies: [PolicySpec(name: "static"), PolicySpec(parsing: "percentile:cpu=95,memory=100")],
            pricing: .openCostDefault, options: ReplayOptions()
        ).run()
        #expect(outcome.scenarios.count == 2)
        #expect(outcome.results.contains { $0.burstModelSamples[.percentiles] != nil })
    }
}

import Foundation
import OpexsimEngine
import OpexsimImport
import OpexsimPolicies
import OpexsimPricing
import OpexsimTestSupport
import OpexsimTraces
import Testing

@Suite("Azure import")
struct AzureImporterTests {
    let header =
        "timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes,cpu_request,cpu_limit,memory_request,memory_limit,node,team"

    @Test("long form: percent of the assumed vCPUs, min as cpu_p0 and max as cpu_max, stamped at the interval's end")
    func longForm() throws {
        let path = try temporaryFile(
            """
            0,vmA,1.0,10.0,5.0
            0,vmB,0,50,25
            0,vmC,1,3,4
            300,vmA,2,20,10
            300,vmA,3,30,15
            300,vmB,0,100,50
            600,vmA,,,
            600,vmB,-1,101,101
            """, name: "vm_cpu_readings-file-1-of-1.csv")
        var options = ImportOptions()
        options.vmCores = 4
        let sink = try AzureImporter(options: options).run([path])
        let lines = String(decoding: sink.csvBytes, as: UTF8.self).split(separator: "\n").map(String.init)
        // Percent / 100 × 4 vCPUs; no memory; the 4 vCPUs as the CPU limit; min and max likewise.
        #expect(
            lines == [
                header + ",cpu_p0,cpu_max",
                "2016-11-15T00:05:00Z,azure,vm-vmA,vm,vm-vmA,0.2,,,4,,,,,0.04,0.4",
                "2016-11-15T00:05:00Z,azure,vm-vmB,vm,vm-vmB,1,,,4,,,,,0,2",
                // The maximum (3%) is below the average (4%): cpu_max is raised to the average.
                "2016-11-15T00:05:00Z,azure,vm-vmC,vm,vm-vmC,0.16,,,4,,,,,0.04,0.16",
                "2016-11-15T00:10:00Z,azure,vm-vmA,vm,vm-vmA,0.4,,,4,,,,,0.08,0.8",
                "2016-11-15T00:10:00Z,azure,vm-vmB,vm,vm-vmB,2,,,4,,,,,0,4",
            ])
        #expect(
            sink.dropped.map(\.reason) == [
                "readings repeating a VM's timestamp", "readings without an average value", "readings outside 0–100%",
            ])
        #expect(sink.dropped.map(\.count) == [1, 1, 1])
        #expect(
            sink.notes == [
                "1 readings had a maximum below their average; cpu_max was raised to the average",
                "CPU percent turned into cores assuming 4 vCPUs per VM (--vm-cores; the data has no VM size), recorded as each VM's CPU limit",
                "memory is not recorded by the Azure CPU readings: reports show memory figures as n/a",
                "reading offsets count from 2016-11-15T00:00:00Z, an assumed origin: the data holds no absolute time (--epoch)",
            ])
        let imported = try trace(of: sink)
        #expect(!imported.hasMemory)
        #expect(imported.pods.count == 3)
    }

    @Test("long form: a reading repeating its VM's time is dropped, next to the first or not")
    func repeatedTimes() throws {
        let path = try temporaryFile(
            """
            0,vmA,1,10,5
            300,vmA,2,20,10
            0,vmB,1,10,5
            0,vmA,3,30,15
            300,vmB,1,10,5
            300,vmA,4,40,20
            """, name: "vm_cpu_readings-file-1-of-1.csv")
        let sink = try AzureImporter(options: ImportOptions()).run([path])
        #expect(sink.rowCount == 4)
        #expect(sink.dropped.map(\.reason) == ["readings repeating a VM's timestamp"])
        #expect(sink.dropped.map(\.count) == [2])
        // The first reading of each time is the one kept: vmA at 0 is 5%, at 300 s 10%.
        let lines = String(decoding: sink.csvBytes, as: UTF8.self).split(separator: "\n")
        #expect(lines.filter { $0.contains("vm-vmA") }.map { $0.split(separator: ",")[5] } == ["0.1", "0.2"])
        _ = try trace(of: sink)
    }

    @Test("wide form: average and maximum files told apart by name, else by order")
    func wideForm() throws {
        let average = try temporaryFile("row,offset_s,vm_11,vm_22\n1,0,10,20\n2,300,,30\n", name: "avg.csv")
        let maximum = try temporaryFile("row,offset_s,vm_11,vm_22\n1,0,15,\n2,300,50,40\n", name: "max.csv")
        let sink = try AzureImporter(options: ImportOptions()).run([maximum, average])
        let lines = String(decoding: sink.csvBytes, as: UTF8.self).split(separator: "\n").map(String.init)
        // One VM after the other; 2 vCPUs by default.
        #expect(
            lines == [
                header + ",cpu_max",
                "2016-11-15T00:05:00Z,azure,vm-11,vm,vm-11,0.2,,,2,,,,,0.3",
                "2016-11-15T00:05:00Z,azure,vm-22,vm,vm-22,0.4,,,2,,,,,",
                "2016-11-15T00:10:00Z,azure,vm-22,vm,vm-22,0.6,,,2,,,,,0.8",
            ])
        #expect(sink.dropped.map(\.reason) == ["readings without an average value"])
        #expect(
            sink.notes.first
                == "1 readings had no usable maximum (empty or outside 0–100%) and were kept without cpu_max")
        // Named neither way: the first is the average.
        let first = try temporaryFile("row,offset_s,vm_11,vm_22\n1,0,10,20\n2,300,,30\n", name: "a.csv")
        let second = try temporaryFile("row,offset_s,vm_11,vm_22\n1,0,15,\n2,300,50,40\n", name: "b.csv")
        #expect(try AzureImporter(options: ImportOptions()).run([first, second]).csvBytes == sink.csvBytes)
        // The average alone: no cpu_max column.
        let alone = try AzureImporter(options: ImportOptions()).run([average])
        #expect(
            String(decoding: alone.csvBytes, as: UTF8.self).hasPrefix(
                header + "\n2016-11-15T00:05:00Z,azure,vm-11,vm,vm-11,0.2,,,2,,,,\n"))
    }

    @Test("average and maximum files that do not match are refused")
    func mismatchedFiles() throws {
        let average = try temporaryFile("row,offset_s,vm_11,vm_22\n1,0,10,20\n2,300,20,30\n", name: "avg_cpu.csv")
        let columns = try temporaryFile("row,offset_s,vm_11,vm_33\n1,0,15,25\n2,300,50,40\n", name: "max_cpu.csv")
        #expect(
            throws: TraceError(
                file: columns, line: 1, column: 1,
                message:
                    "the maximum readings do not have the VM columns of the average readings (\(average)): VM column 2 is vm_33 here, vm_22 there"
            )
        ) {
            try AzureImporter(options: ImportOptions()).run([average, columns])
        }
        let rows = try temporaryFile("row,offset_s,vm_11,vm_22\n1,0,15,25\n", name: "max_cpu.csv")
        #expect(
            throws: TraceError(
                file: rows, line: 0, column: 0,
                message:
                    "1 rows of maximum readings against 2 rows of average readings (\(average)): both must cover the same intervals"
            )
        ) {
            try AzureImporter(options: ImportOptions()).run([average, rows])
        }
        let offsets = try temporaryFile("row,offset_s,vm_11,vm_22\n1,0,15,25\n2,600,50,40\n", name: "max_cpu.csv")
        #expect(
            throws: TraceError(
                file: offsets, line: 3, column: 1,
                message: "offset_s is 600 here but 300 on line 3 of the average readings (\(average))")
        ) {
            try AzureImporter(options: ImportOptions()).run([average, offsets])
        }
    }

    @Test("a letter in a number names its place; a file of another shape is refused")
    func badInput() throws {
        let wide = try temporaryFile("row,offset_s,vm_1,vm_2\n1,0,5,x\n", name: "avg.csv")
        #expect(throws: TraceError(file: wide, line: 2, column: 7, message: "vm_2: expected a number, found \"x\"")) {
            try AzureImporter(options: ImportOptions()).run([wide])
        }
        let long = try temporaryFile("0,vmA,1.0,1O.0,5.0\n", name: "vm_cpu_readings-file-1-of-125.csv")
        #expect(
            throws: TraceError(file: long, line: 1, column: 11, message: "max_cpu: expected a number, found \"1O.0\"")
        ) {
            try AzureImporter(options: ImportOptions()).run([long])
        }
        let other = try temporaryFile("a,b,c\n1,2,3\n", name: "other.csv")
        #expect(
            throws: TraceError(
                file: other, line: 1, column: 1,
                message:
                    "not Azure CPU readings: expected a header with offset_s and vm_<id> columns (wide form) or 5 fields timestamp,vmid,min_cpu,max_cpu,avg_cpu (vm_cpu_readings), found 3 fields"
            )
        ) {
            try AzureImporter(options: ImportOptions()).run([other])
        }
    }
}

@Suite(
    "Azure import of the 100-VM extract",
    .enabled(if: haveShared("azure-v1"), "../shared/datasets is not present: Azure import tests skipped"))
struct AzureExtractTests {
    @Test("SOURCE.md's figures, one reading by hand, and a replay without memory")
    func extract() throws {
        let average = sharedPath("azure-v1/avg_cpu_pct_5min.csv"), maximum = sharedPath("azure-v1/max_cpu_pct_5min.csv")
        let extract = try azureExtract.get()
        let imported = extract.trace
        // SOURCE.md: 100 VMs × 4,032 readings, no missing values, 14.0 days at 300 s.
        #expect(extract.rows == 403_200 && imported.sampleCount == 403_200)
        #expect(imported.pods.count == 100 && imported.workloads.count == 100)
        #expect(extract.dropReasons == 0)
        #expect(imported.interval == 300_000 && imported.gapTime == 0)
        // Offsets 0 … 1,209,300 s, each stamped 300 s later; the trace starts one interval before
        // the first stamp, at the epoch, and spans exactly 14 days.
        #expect(
            imported.start == AzureImporter.defaultEpoch && TraceTime.format(imported.start) == "2016-11-15T00:00:00Z")
        #expect(imported.end - imported.start == 14 * 86_400_000)
        #expect(!imported.hasMemory)

        // The first reading of the first VM column: 44.459092 % of 2 vCPUs = 0.88918184 cores.
        let averageLines = try String(contentsOfFile: average, encoding: .utf8).split(separator: "\n", maxSplits: 2)
        let maximumLines = try String(contentsOfFile: maximum, encoding: .utf8).split(separator: "\n", maxSplits: 2)
        let vm = String(averageLines[0].split(separator: ",")[2])
        #expect(vm == "vm_1633748" && averageLines[1].split(separator: ",")[2] == "44.459092")
        let peak = Double(maximumLines[1].split(separator: ",")[2])!
        let series = try #require(imported.series.first { imported.names[$0.podName] == "vm-1633748" })
        let sample = series.range.lowerBound
        #expect(imported.time[sample] == AzureImporter.defaultEpoch + 300_000)
        #expect(abs(imported.cpu[sample] - 0.88918184) < 1e-9)
        #expect(imported.cpuPercentileLevels == [100])
        #expect(abs(imported.cpuPercentiles[sample] - peak / 100 * 2) < 1e-9)
        #expect(imported.settings[Int(imported.settingsIndex[sample])] == ResourceSettings(cpuLimit: 2))

        let outcome = try Replay(
            trace: imported,
            policies: [PolicySpec(name: "static"), PolicySpec(parsing: "percentile:cpu=95,memory=100")],
            pricing: .openCostDefault, options: ReplayOptions()
        ).run()
        #expect(outcome.scenarios.count == 2)
        #expect(outcome.profile.trace.hasMemory == false)
        #expect(outcome.results.contains { $0.burstModelSamples[.percentiles] != nil })
    }
}

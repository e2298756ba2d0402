import Foundation
import OpexsimImport
import OpexsimTestSupport
import OpexsimTraces
import Testing

@Suite("Alibaba 2018 import")
struct Alibaba2018ImporterTests {
    /// container_id, machine_id, time_stamp, app_du, status, cpu_request, cpu_limit, mem_size. Container
    /// c_1 asks for 4 cores, then 6 from 300 s; c_2 for 2 cores.
    let meta = """
        c_1,m_1,0,app_1,started,400,800,2.5
        c_2,m_2,0,app_1,started,200,200,1.25
        c_1,m_1,300,app_1,started,600,800,2.5
        """
    /// container_id, machine_id, time_stamp, cpu_util_percent, mem_util_percent, cpi, mem_gps, mpki,
    /// net_in, net_out, disk_io_percent: out of order, c_3 without meta, two abnormal rows, one
    /// without CPU and one repeating c_1's 600 s.
    let usage = """
        c_1,m_1,300,25,40,1.2,3.4,0.5,0.1,0.1,2
        c_2,m_2,100,50,80,,,,,,
        c_1,m_1,100,10,20,,,,,,
        c_3,m_3,100,10,10,,,,,,
        c_1,m_1,200,50,30,,,,,,
        c_2,m_2,200,25,40,,,,,,
        c_2,m_2,700,-1,50,,,,,,
        c_1,m_1,400,20,40,,,,,,
        c_2,m_2,300,75,20,,,,,,
        c_1,m_1,700,30,101,,,,,,
        c_1,m_1,500,100,50,,,,,,
        c_2,m_2,400,10,100,,,,,,
        c_3,m_3,200,10,10,,,,,,
        c_2,m_2,500,5,8,,,,,,
        c_1,m_1,600,0,60,,,,,,
        c_2,m_5,600,60,50,,,,,,
        c_2,m_2,800,,50,,,,,,
        c_1,m_1,600,5,5,,,,,,
        """

    @Test("cores from the request, bytes from mem_size, settings from the latest meta row, drops counted")
    func handMade() throws {
        let metaPath = try temporaryFile(meta, name: "container_meta.csv")
        let usagePath = try temporaryFile(usage, name: "container_usage.csv")
        var options = ImportOptions()
        options.machineMemoryBytes = 1e11
        let sink = try Alibaba2018Importer(options: options).run([metaPath, usagePath])
        let text = String(decoding: sink.csvBytes, as: UTF8.self)
        // Cores = util% / 100 × request; bytes = util% / 100 × mem_size / 100 × 1e11 (c_1: 2.5e9,
        // c_2: 1.25e9, also the memory request and limit); time = 2018-01-01 + time_stamp.
        #expect(
            text == """
                timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes,cpu_request,cpu_limit,memory_request,memory_limit,node,team
                2018-01-01T00:01:40Z,alibaba2018,app_1,container,c_1,0.4,500000000,4,8,2500000000,2500000000,m_1,
                2018-01-01T00:03:20Z,alibaba2018,app_1,container,c_1,2,750000000,4,8,2500000000,2500000000,m_1,
                2018-01-01T00:05:00Z,alibaba2018,app_1,container,c_1,1.5,1000000000,6,8,2500000000,2500000000,m_1,
                2018-01-01T00:06:40Z,alibaba2018,app_1,container,c_1,1.2,1000000000,6,8,2500000000,2500000000,m_1,
                2018-01-01T00:08:20Z,alibaba2018,app_1,container,c_1,6,1250000000,6,8,2500000000,2500000000,m_1,
                2018-01-01T00:10:00Z,alibaba2018,app_1,container,c_1,0,1500000000,6,8,2500000000,2500000000,m_1,
                2018-01-01T00:01:40Z,alibaba2018,app_1,container,c_2,1,1000000000,2,2,1250000000,1250000000,m_2,
                2018-01-01T00:03:20Z,alibaba2018,app_1,container,c_2,0.5,500000000,2,2,1250000000,1250000000,m_2,
                2018-01-01T00:05:00Z,alibaba2018,app_1,container,c_2,1.5,250000000,2,2,1250000000,1250000000,m_2,
                2018-01-01T00:06:40Z,alibaba2018,app_1,container,c_2,0.2,1250000000,2,2,1250000000,1250000000,m_2,
                2018-01-01T00:08:20Z,alibaba2018,app_1,container,c_2,0.1,100000000,2,2,1250000000,1250000000,m_2,
                2018-01-01T00:10:00Z,alibaba2018,app_1,container,c_2,1.2,625000000,2,2,1250000000,1250000000,m_5,

                """)
        #expect(
            sink.dropped.map(\.reason) == [
                "usage rows with abnormal utilization (negative or above 100%)",
                "usage rows with missing utilization",
                "usage rows repeating a container's time_stamp",
                "usage rows of containers without container_meta",
            ])
        #expect(sink.dropped.map(\.count) == [2, 1, 1, 2])
        #expect(
            sink.notes == [
                "cpu_util_percent read as percent of the container's cpu_request, mem_util_percent as percent of its mem_size",
                "mem_size 100 taken as 97656250Ki (--machine-memory-bytes)",
                "time_stamp counts from 2018-01-01T00:00:00Z, an assumed origin: the data holds no absolute time (--epoch)",
            ])
        // The files in the other order give the same trace.
        let swapped = try Alibaba2018Importer(options: options).run([usagePath, metaPath])
        #expect(swapped.csvBytes == sink.csvBytes)
        let imported = try trace(of: sink)
        #expect(imported.pods.count == 2 && imported.workloads.count == 1)
    }

    @Test("usage before the first meta row takes its settings; meta without cpu_request drops the usage")
    func metaEdges() throws {
        let metaPath = try temporaryFile(
            "c_4,m_4,150,app_2,started,100,100,1\nc_5,m_5,0,app_2,started,-1,-1,1\n", name: "meta.csv")
        let usagePath = try temporaryFile(
            "c_4,m_4,100,50,50,,,,,,\nc_4,m_4,200,50,50,,,,,,\nc_5,m_5,100,50,50,,,,,,\n", name: "usage.csv")
        var options = ImportOptions()
        options.machineMemoryBytes = 1e11
        options.namespace = "prod"
        options.epoch = TraceTime.parse("2020-01-01T00:00:00Z")
        let sink = try Alibaba2018Importer(options: options).run([usagePath, metaPath])
        let lines = String(decoding: sink.csvBytes, as: UTF8.self).split(separator: "\n").dropFirst().map(
            String.init)
        // 50% of 1 core; 50% of mem_size 1 (1e9 bytes).
        #expect(
            lines == [
                "2020-01-01T00:01:40Z,prod,app_2,container,c_4,0.5,500000000,1,1,1000000000,1000000000,m_4,",
                "2020-01-01T00:03:20Z,prod,app_2,container,c_4,0.5,500000000,1,1,1000000000,1000000000,m_4,",
            ])
        #expect(sink.dropped.map(\.reason) == ["usage rows whose container_meta has no cpu_request"])
        #expect(
            sink.notes.last
                == "1 usage rows came before their container's first container_meta row and took its settings")
    }

    @Test("a letter in a number names its place; files of another shape are refused")
    func badInput() throws {
        let usagePath = try temporaryFile("c_1,m_1,1OO,10,20,,,,,,\n", name: "container_usage.csv")
        #expect(
            throws: TraceError(
                file: usagePath, line: 1, column: 9, message: "time_stamp: expected a number, found \"1OO\"")
        ) {
            try Alibaba2018Importer(options: ImportOptions()).run([usagePath])
        }
        let metaPath = try temporaryFile("c_1,m_1,0,app_1,started,4OO,800,2.5\n", name: "container_meta.csv")
        #expect(
            throws: TraceError(
                file: metaPath, line: 1, column: 25, message: "cpu_request: expected a number, found \"4OO\"")
        ) {
            try Alibaba2018Importer(options: ImportOptions()).run([metaPath])
        }
        // A request above its limit: refused at the meta row, as Kubernetes refuses the pod.
        let above = try temporaryFile("c_1,m_1,0,app_1,started,800,400,2.5\n", name: "container_meta.csv")
        #expect(
            throws: TraceError(
                file: above, line: 1, column: 25,
                message: "cpu_request 800 is above cpu_limit 400 (Kubernetes refuses a request above its limit)")
        ) {
            try Alibaba2018Importer(options: ImportOptions()).run([above])
        }
        let narrow = try temporaryFile(
            "c_1,m_1,0,app_1,started,400,800,2.5\nc_2,m_2,0,app_1,started,200,200\n", name: "container_meta.csv")
        #expect(
            throws: TraceError(file: narrow, line: 2, column: 32, message: "a container_meta row has 8 fields, found 7")
        ) {
            try Alibaba2018Importer(options: ImportOptions()).run([narrow])
        }
        let other = try temporaryFile("a,b,c\n", name: "other.csv")
        #expect(
            throws: TraceError(
                file: other, line: 1, column: 1,
                message:
                    "not an Alibaba 2018 container file: expected 11 fields (container_usage) or 8 (container_meta), found 3"
            )
        ) {
            try Alibaba2018Importer(options: ImportOptions()).run([other])
        }
        let usageOnly = try temporaryFile("c_1,m_1,100,10,20,,,,,,\n", name: "container_usage.csv")
        #expect(
            throws: TraceError(
                file: usageOnly, line: 0, column: 0,
                message:
                    "no container_meta (8 fields) file among the inputs: both container_usage and container_meta are needed"
            )
        ) {
            try Alibaba2018Importer(options: ImportOptions()).run([usageOnly])
        }
    }
}

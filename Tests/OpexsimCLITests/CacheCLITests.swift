import Foundation
import Testing

@Suite("opexsim cache: the binary trace every command reads as it reads CSV")
struct CacheCLITests {
    @Test("a replay of the cache is byte for byte the replay of the CSV; the default name is the trace's with .opxt")
    func sameReport() throws {
        let directory = try temporaryDirectory()
        let csv = directory.appendingPathComponent("shop.csv").path
        try FileManager.default.copyItem(atPath: repositoryRoot.appendingPathComponent(sampleTrace).path, toPath: csv)
        let cache = try opexsim(["cache", csv])
        #expect(cache.status == 0, "\(cache.stderr)")
        let opxt = directory.appendingPathComponent("shop.opxt").path
        #expect(cache.stdout == "wrote \(opxt): 6912 rows, 12 replicas, 8 containers\n")
        let arguments = ["--policy", "static", "--policy", "vpa-recreate", "--format", "json"]
        let fromCSV = try opexsim(["replay", csv] + arguments)
        let fromCache = try opexsim(["replay", opxt] + arguments)
        #expect(fromCSV.status == 0 && fromCache.status == 0)
        #expect(fromCache.stdout == fromCSV.stdout)
        let recommend = try opexsim(["recommend", opxt, "--policy", "krr-simple", "--format", "json"])
        #expect(recommend.status == 0 && recommend.stdout.contains("\"schema\": \"opexsim.recommendations/v1\""))
        let inspect = try opexsim(["inspect", opxt])
        #expect(inspect.stdout.contains("rows: 6912"))
    }

    @Test("import -o TRACE.opxt writes a cache; a bad -o and a cache among CSV files are refused")
    func importAndErrors() throws {
        let directory = try temporaryDirectory()
        let cpu = try write(
            #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"namespace":"a","pod":"p-0","container":"c"},"values":[[1000,"0.5"],[1060,"0.25"]]}]}}"#,
            "cpu.json", in: directory)
        let opxt = directory.appendingPathComponent("imported.opxt").path
        let run = try opexsim(["import", "--from", "prometheus", "--cpu", cpu, "-o", opxt])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("wrote \(opxt) (trace cache)\n"))
        let inspect = try opexsim(["inspect", opxt])
        #expect(inspect.status == 0 && inspect.stdout.contains("rows: 2"))
        let csv = repositoryRoot.appendingPathComponent(sampleTrace).path
        let wrongName = try opexsim(["cache", csv, "-o", directory.appendingPathComponent("x.csv").path])
        #expect(wrongName.status == 64 && wrongName.stderr.contains("a trace cache file ends in .opxt"))
        let mixed = try opexsim(["inspect", opxt, csv])
        #expect(mixed.status == 1 && mixed.stderr.contains("a trace cache holds a whole trace: give it alone"))
        var bytes = try Data(contentsOf: URL(fileURLWithPath: opxt))
        bytes[bytes.count - 3] ^= 0xFF
        let broken = directory.appendingPathComponent("broken.opxt")
        try bytes.write(to: broken)
        let corrupt = try opexsim(["replay", broken.path, "--policy", "static"])
        #expect(corrupt.status == 1 && corrupt.stdout.isEmpty)
        #expect(corrupt.stderr.contains("not a usable trace cache: checksum mismatch"), "\(corrupt.stderr)")
    }
}

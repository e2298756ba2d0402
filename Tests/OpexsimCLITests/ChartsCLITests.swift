import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite("replay --out writes charts that parse and render")
struct ChartsCLITests {
    @Test("cost against risk, usage, nodes and recovery: linked from report.md, valid SVG, rendered by rsvg-convert")
    func charts() throws {
        let directory = try temporaryDirectory()
        let run = try opexsim([
            "replay", sampleTrace, "--policy", "static", "--policy", "krr-simple", "--policy", "goldilocks-burstable",
            "--pricing", "aws-m5-spot-mix", "--failures", "models/failures/shop-chaos.yaml", "--out", directory.path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try String(contentsOf: directory.appendingPathComponent("report.md"), encoding: .utf8)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".svg") }
            .sorted()
        #expect(
            files.contains("chart-cost-risk.svg") && files.contains("chart-nodes.svg")
                && files.contains("chart-recovery.svg"))
        #expect(files.filter { $0.hasPrefix("chart-usage-") }.count >= 2)
        #expect(report.contains("## Charts"))
        let renderer = ["/usr/bin/rsvg-convert", "/usr/local/bin/rsvg-convert", "/opt/homebrew/bin/rsvg-convert"].first
        {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        if renderer == nil { print("charts: rsvg-convert is absent (librsvg2-bin): the PNG rendering is skipped") }
        for file in files {
            #expect(report.contains("](\(file))"), "report.md links \(file)")
            let url = directory.appendingPathComponent(file)
            let parser = XMLParser(contentsOf: url)
            #expect(parser?.parse() == true, "\(file) parses as XML")
            guard let renderer else { continue }
            let png = directory.appendingPathComponent(file + ".png")
            let rendered = try runProcess(URL(fileURLWithPath: renderer), [url.path, "-o", png.path])
            #expect(rendered.status == 0, "\(file): \(rendered.stderr)")
            let size = (try? FileManager.default.attributesOfItem(atPath: png.path)[.size] as? Int) ?? 0
            #expect(size > 5_000, "\(file) renders to a PNG of \(size) bytes")
        }
    }
}

import Foundation
import Testing

@Suite("The shipped models from any directory")
struct AnyDirectoryCLITests {
    @Test(
        "outside the repository: --pricing by name, models/ paths for failures and policies, a catalogue beside a user's model"
    )
    func outside() throws {
        let directory = try temporaryDirectory()
        let sample = repositoryRoot.appendingPathComponent(sampleTrace).path
        let run = try runProcess(
            opexsimBinary,
            [
                "replay", sample, "--policy", "static", "--policy", "models/policies/shop-vpa.yaml", "--pricing",
                "aws-m5-spot-mix", "--failures", "models/failures/shop-chaos.yaml", "--section", "ranking",
            ], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Node-starved"))
        // A user's pricing model naming a catalogue file beside it.
        let catalogues = directory.appendingPathComponent("cats")
        try FileManager.default.createDirectory(at: catalogues, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: repositoryRoot.appendingPathComponent("models/catalogues/aws-us-east-1.yaml"),
            to: catalogues.appendingPathComponent("mine.yaml"))
        let model = try String(
            contentsOf: repositoryRoot.appendingPathComponent("models/pricing/aws-m5-spot-mix.yaml"), encoding: .utf8)
        let pricing = directory.appendingPathComponent("sub/prices.yaml")
        try FileManager.default.createDirectory(
            at: pricing.deletingLastPathComponent(), withIntermediateDirectories: true)
        try model.replacingOccurrences(of: "catalogue: aws-us-east-1", with: "catalogue: ../cats/mine.yaml")
            .write(to: pricing, atomically: true, encoding: .utf8)
        let own = try runProcess(
            opexsimBinary,
            ["replay", sample, "--policy", "static", "--pricing", pricing.path, "--section", "capacity"],
            in: FileManager.default.temporaryDirectory)
        #expect(own.status == 0 && own.stdout.contains("m5.xlarge"), "\(own.stderr)")
    }
}

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

    @Test("--models DIR adds a directory: its models by name, and the shipped ones still")
    func modelsDirectory() throws {
        let directory = try temporaryDirectory()
        let sample = repositoryRoot.appendingPathComponent(sampleTrace).path
        let mine = directory.appendingPathComponent("mine")
        try FileManager.default.createDirectory(
            at: mine.appendingPathComponent("pricing"), withIntermediateDirectories: true)
        try """
        apiVersion: opexsim.io/v1
        kind: PricingModel
        name: expensive
        prices: {cpu_per_core_hour: 1, memory_per_gib_hour: 0.5}
        """.write(to: mine.appendingPathComponent("pricing/expensive.yaml"), atomically: true, encoding: .utf8)
        let own = try runProcess(
            opexsimBinary,
            [
                "replay", sample, "--policy", "static", "--models", mine.path, "--pricing", "expensive", "--format",
                "json",
            ],
            in: directory)
        #expect(own.status == 0, "\(own.stderr)")
        #expect(own.stdout.contains("\"pricing\": \"expensive\""))
        let shipped = try runProcess(
            opexsimBinary,
            [
                "replay", sample, "--policy", "static", "--models", mine.path, "--pricing", "aws-m5-spot-mix",
                "--section",
                "capacity",
            ], in: directory)
        #expect(shipped.status == 0 && shipped.stdout.contains("m5.xlarge"), "\(shipped.stderr)")
    }
}

import Foundation
import OpexsimEngine
import OpexsimFailures
import OpexsimPolicies
import OpexsimPricing
import OpexsimSamples
import OpexsimTraces
import Testing

@testable import OpexsimReports

/// Reports compared byte for byte with files under Golden/. Set OPEXSIM_UPDATE_GOLDEN=1 to rewrite
/// them after an intended change, and review the diff.
@Suite("Golden reports")
struct GoldenReportTests {
    let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    func check(_ text: String, _ name: String) throws {
        let url = golden.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["OPEXSIM_UPDATE_GOLDEN"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(
            text == expected,
            "\(name) differs from the golden file; rerun with OPEXSIM_UPDATE_GOLDEN=1 and review the diff")
    }

    /// Six hours of the sample cluster at 5-minute samples.
    func outcome() throws -> ReplayOutcome {
        let generator = SampleTraceGenerator(seed: 11, duration: 6 * 3_600_000, interval: 300_000)
        let trace = try generator.generate().withUnsafeBufferPointer { buffer -> Trace in
            var builder = TraceBuilder()
            try CanonicalTraceReader().parse(buffer, file: "golden.csv", into: &builder)
            return try builder.build()
        }
        let policies = try ["static", "percentile:cpu=95,memory=100", "static:cpu_limit=none,memory_limit=1Gi"].map(
            PolicySpec.init(parsing:))
        return try Replay(trace: trace, policies: policies, pricing: .openCostDefault, options: ReplayOptions()).run()
    }

    @Test func markdown() throws {
        try check(MarkdownReport.render(try outcome(), pricing: .openCostDefault), "replay.md")
    }

    @Test("the workloads section handed on in pieces of about 512 bytes joins to the golden file's section")
    func workloadsInPieces() throws {
        let report = MarkdownContext(outcome: try outcome(), pricing: .openCostDefault)
        var pieces: [String] = []
        MarkdownReport.workloads(report, pieceSize: 512) { pieces.append($0) }
        let golden = try String(contentsOf: golden.appendingPathComponent("replay.md"), encoding: .utf8)
        let start = try #require(golden.range(of: "## Best scenarios by workload\n\n"))
        let end = try #require(golden.range(of: "\n## ", range: start.upperBound..<golden.endIndex))
        #expect(pieces.joined() == golden[start.upperBound...end.lowerBound])
        // Each piece but the last is handed on once it holds 512 bytes: a row or a heading more at most.
        #expect(pieces.count > 4)
        #expect(pieces.dropLast().allSatisfy { $0.utf8.count >= 512 && $0.utf8.count < 512 + 300 })
    }

    @Test("the change table handed on in pieces of about 512 bytes joins to the golden file's section")
    func changesInPieces() throws {
        let outcome = try outcome()
        let report = MarkdownContext(outcome: outcome, pricing: .openCostDefault)
        var pieces: [String] = []
        MarkdownReport.changes(best: outcome.scenarios[0], report, pieceSize: 512) { pieces.append($0) }
        let golden = try String(contentsOf: golden.appendingPathComponent("replay.md"), encoding: .utf8)
        let start = try #require(golden.range(of: "## Change against "))
        let body = try #require(golden.range(of: "\n\n", range: start.upperBound..<golden.endIndex))
        let end = try #require(golden.range(of: "\n## ", range: body.upperBound..<golden.endIndex))
        #expect(pieces.joined() == golden[body.upperBound...end.lowerBound])
        #expect(pieces.count > 2)
        #expect(pieces.dropLast().allSatisfy { $0.utf8.count >= 512 && $0.utf8.count < 512 + 300 })
    }

    @Test func json() throws {
        try check(ReplayReport.json(try outcome(), pricing: .openCostDefault).rendered(), "replay.json")
    }

    /// The same six hours with a pod-kill, a container-kill, the loss of node-b and the deletion of the shop
    /// namespace restored from a half-hourly Velero backup without volume snapshots.
    func failureOutcome() throws -> ReplayOutcome {
        let generator = SampleTraceGenerator(seed: 11, duration: 6 * 3_600_000, interval: 300_000)
        let trace = try generator.generate().withUnsafeBufferPointer { buffer -> Trace in
            var builder = TraceBuilder()
            try CanonicalTraceReader().parse(buffer, file: "golden.csv", into: &builder)
            return try builder.build()
        }
        let plan = """
            apiVersion: opexsim.io/v1
            kind: FailurePlan
            failures:
              - {kind: pod-kill, workload: checkout, namespace: shop, at: 1h}
              - {kind: container-kill, workload: ledger, namespace: payments, at: 90m}
              - {kind: node-loss, node: node-b, at: 2h}
              - {kind: namespace-deletion, namespace: shop, at: 4h10m}
            restore:
              detection_delay: 5m
              volumes: {shop: 4Gi}
            ---
            apiVersion: velero.io/v1
            kind: Schedule
            metadata: {name: shop-half-hourly, namespace: velero}
            spec:
              schedule: "*/30 * * * *"
              template: {includedNamespaces: [shop], snapshotVolumes: false}

            """
        let documents = try FailureDocuments.parse(plan, file: "failures.yaml")
        let policies = try ["static", "vpa-recreate:min-replicas=1"].map(PolicySpec.init(parsing:))
        return try Replay(
            trace: trace, policies: policies, pricing: .openCostDefault, options: ReplayOptions(),
            failures: documents
        ).run()
    }

    @Test func markdownWithFailures() throws {
        try check(MarkdownReport.render(try failureOutcome(), pricing: .openCostDefault), "replay-failures.md")
    }

    @Test func jsonWithFailures() throws {
        try check(ReplayReport.json(try failureOutcome(), pricing: .openCostDefault).rendered(), "replay-failures.json")
    }
}

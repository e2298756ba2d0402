import Foundation
import Testing

@Suite("compare, end to end")
struct CompareCLITests {
    /// Writes `replay` JSON for `arguments` into `directory/name`.
    func report(_ directory: URL, _ name: String, _ arguments: [String]) throws -> (path: String, json: [String: Any]) {
        let run = try opexsim(["replay", sampleTrace] + arguments + ["--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let path = directory.appendingPathComponent(name).path
        try run.stdout.write(toFile: path, atomically: true, encoding: .utf8)
        return (path, try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]))
    }

    func perMonth(_ json: [String: Any], _ policy: String) -> Double? {
        let scenarios = json["scenarios"] as? [[String: Any]] ?? []
        let cost = scenarios.first { $0["policy"] as? String == policy }?["cost"] as? [String: Any]
        return cost?["per_month_usd"] as? Double
    }

    @Test("the sample priced two ways: per-month costs from each report, the change, the scenario only in B")
    func twoPricings() throws {
        let directory = try temporaryDirectory()
        let a = try report(directory, "a.json", ["--policy", "static", "--policy", "krr-simple"])
        let b = try report(
            directory, "b.json",
            [
                "--policy", "static", "--policy", "krr-simple", "--policy", "goldilocks-burstable", "--pricing",
                "aws-m5-spot-mix",
            ])
        let run = try opexsim(["compare", a.path, b.path])
        #expect(run.status == 0, "\(run.stderr)")
        let before = try #require(perMonth(a.json, "static")), after = try #require(perMonth(b.json, "static"))
        let dollars = { (x: Double) in "$" + String(format: "%.2f", x) }
        #expect(
            run.stdout.contains(
                "| `static` | 1 → 2 | \(dollars(before)) → \(dollars(after)) | +\(dollars(after - before)) |"))
        #expect(run.stdout.contains("- `goldilocks-burstable`: only in B."))
        #expect(run.stdout.contains("| A | `\(a.path)` |") && run.stdout.contains("`aws-m5-spot-mix` |"))
    }

    @Test("a report against itself: nothing changed rank, no container differs; --out writes the file")
    func itself() throws {
        let directory = try temporaryDirectory()
        let a = try report(directory, "a.json", ["--policy", "static", "--policy", "percentile"])
        let out = directory.appendingPathComponent("comparison.md").path
        let run = try opexsim(["compare", a.path, a.path, "--out", out])
        #expect(run.status == 0 && run.stdout.isEmpty, "\(run.stderr)")
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(text.contains("No scenario changed rank."))
        #expect(text.components(separatedBy: "No container differs.").count == 3)
    }

    @Test("anything but two reports is refused with the file and the reason, and no output")
    func refusals() throws {
        let directory = try temporaryDirectory()
        let a = try report(directory, "a.json", ["--policy", "static"])
        let plan = directory.appendingPathComponent("plan.json").path
        try "{\"schema\": \"opexsim.plan/v1\"}\n".write(toFile: plan, atomically: true, encoding: .utf8)
        let wrong = try opexsim(["compare", a.path, plan])
        #expect(wrong.status == 1 && wrong.stdout.isEmpty)
        #expect(wrong.stderr.contains("\(plan):1:1: not an opexsim.report/v1 document (schema \"opexsim.plan/v1\")"))
        let broken = directory.appendingPathComponent("broken.json").path
        try "{\"schema\": \"opexsim.report/v1\", \"trace\": {\"start\": \"x\", \"end\": \"y\", \"samples\": 1}}\n"
            .write(
                toFile: broken, atomically: true, encoding: .utf8)
        let missing = try opexsim(["compare", a.path, broken])
        #expect(missing.status == 1 && missing.stderr.contains("missing \"scenarios\""), "\(missing.stderr)")
        let one = try opexsim(["compare", a.path])
        #expect(one.status != 0 && one.stderr.contains("give two or more reports to compare"))
    }
}

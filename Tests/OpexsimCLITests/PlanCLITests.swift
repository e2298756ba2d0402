import Foundation
import Testing

@Suite("plan, end to end")
struct PlanCLITests {
    func report() throws -> String {
        let directory = try temporaryDirectory()
        let run = try opexsim([
            "replay", sampleTrace, "--policy", "static", "--policy", "goldilocks-burstable", "--policy", "krr-simple",
            "--out", directory.path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        return directory.appendingPathComponent("report.json").path
    }

    @Test("the sample's best scenario as opexsim.plan/v1: an item per changed container, totals the sum of the items")
    func json() throws {
        let path = try report()
        let run = try opexsim(["plan", path, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(plan["schema"] as? String == "opexsim.plan/v1" && plan["scenario"] as? String == "goldilocks-burstable")
        #expect(plan["report"] as? String == path && plan["capacity_points"] is NSNull)
        let items = try #require(plan["items"] as? [[String: Any]])
        // goldilocks-burstable changes all 8 containers of the sample.
        #expect(items.count == 8)
        let sum = items.reduce(0.0) { $0 + ($1["monthly_savings_usd"] as? Double ?? .nan) }
        let total = try #require(plan["total_monthly_savings_usd"] as? Double)
        #expect(abs(sum - total) < 0.0005 * Double(items.count))
        for item in items {
            for key in [
                "team", "namespace", "workload", "container", "from", "to", "risk_delta", "points", "confidence",
                "rollout", "patch",
            ] {
                #expect(item[key] != nil, "missing \(key)")
            }
            #expect([1, 2, 3, 5, 8].contains(item["points"] as? Int ?? 0))
        }
        // Checked against `recommend` over the report's own trace: the sample's goldilocks-burstable
        // limits learned from 12 hours differ from those learned from two days.
        #expect(
            plan["whole_trace_check"] as? String
                == "Each item was checked against `opexsim recommend` over the whole trace (datasets/sample-shop.csv); where it differs, the item says so."
        )
        #expect(items.contains { $0["whole_trace_recommendation"] is [String: Any] })
        let unreadable = try opexsim(["plan", path, "--format", "json", "--trace", "/nonexistent.csv"])
        #expect(unreadable.status == 0 && unreadable.stdout.contains("is not readable here; give it with --trace."))
        // Sorted by savings per point among the items the risk guard lets through.
        let ratios = items.filter { $0["risk"] is NSNull }.map {
            ($0["monthly_savings_usd"] as! Double) / Double($0["points"] as! Int)
        }
        #expect(ratios == ratios.sorted(by: >))
    }

    @Test("CSV for Jira and Markdown tasks; --capacity cuts; an unknown scenario is refused")
    func formats() throws {
        let path = try report()
        let csv = try opexsim(["plan", path, "--format", "csv", "--capacity", "5"])
        #expect(csv.status == 0 && csv.stdout.hasPrefix("Summary,Description,Labels,Story Points,Component/s\r\n"))
        let markdown = try opexsim(["plan", path, "--capacity", "5"])
        #expect(markdown.stdout.hasPrefix("# Sprint plan: `goldilocks-burstable`\n"))
        #expect(markdown.stdout.contains("- [ ] **") && markdown.stdout.contains("## Deferred (beyond the capacity)"))
        let unknown = try opexsim(["plan", path, "--scenario", "kubecost"])
        #expect(unknown.status == 1 && unknown.stdout.isEmpty)
        #expect(
            unknown.stderr.contains("no scenario \"kubecost\" (the report has \"goldilocks-burstable\""),
            "\(unknown.stderr)")
    }
}

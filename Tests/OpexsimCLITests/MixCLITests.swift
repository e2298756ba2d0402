import Foundation
import Testing

@Suite("--policy mix, end to end")
struct MixCLITests {
    @Test(
        "the mix is replayed, and without node pools or failures equals, workload by workload, the scenario each took")
    func equalsItsChoices() throws {
        let run = try opexsim([
            "replay", sampleTrace, "--policy", "static", "--policy", "krr-simple", "--policy", "goldilocks-burstable",
            "--policy", "vpa-recreate:min-replicas=1", "--policy", "mix", "--format", "json",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let scenarios = try #require(document["scenarios"] as? [[String: Any]])
        let mix = try #require(scenarios.first { $0["policy"] as? String == "mix" })
        let choices = try #require(mix["choices"] as? [[String: Any]])
        #expect(choices.count == 8)
        #expect(scenarios.filter { $0["choices"] != nil }.count == 1)
        func rows(_ scenario: [String: Any]) -> [String: [String: Any]] {
            let workloads = scenario["workloads"] as? [[String: Any]] ?? []
            return Dictionary(
                uniqueKeysWithValues: workloads.map { w in
                    ("\(w["namespace"]!)/\(w["workload"]!)/\(w["container"]!)", w)
                })
        }
        var compared = 0
        for choice in choices {
            let policy = try #require(choice["policy"] as? String)
            let chosen = try #require(scenarios.first { $0["policy"] as? String == policy })
            let prefix = "\(choice["namespace"]!)/\(choice["workload"]!)/"
            for (path, row) in rows(mix) where path.hasPrefix(prefix) {
                let other = try #require(rows(chosen)[path])
                for key in ["cost_usd", "throttled_ratio", "oom_kills", "restarts", "availability_ratio"] {
                    #expect("\(row[key]!)" == "\(other[key]!)", "\(path) \(key) under \(policy)")
                }
                for group in ["requests", "limits"] {
                    let (a, b) = (row[group] as? [String: Any] ?? [:], other[group] as? [String: Any] ?? [:])
                    for key in ["cpu_cores", "memory_bytes"] {
                        #expect("\(a[key] ?? "none")" == "\(b[key] ?? "none")", "\(path) \(group).\(key)")
                    }
                }
                compared += 1
            }
        }
        #expect(compared == 8)
        // At most as dear as the cheapest scenario whose workloads all meet the rule.
        let cost = { (s: [String: Any]) in (s["cost"] as? [String: Any])?["total_usd"] as? Double ?? .nan }
        let safe = scenarios.filter {
            ($0["verdict"] as? [String: Any])?["safe"] as? Bool == true && $0["policy"] as? String != "mix"
        }
        #expect(safe.allSatisfy { cost(mix) <= cost($0) + 0.005 })
    }

    @Test("mix alone is refused")
    func alone() throws {
        let run = try opexsim(["replay", sampleTrace, "--policy", "mix"])
        #expect(run.status == 1 && run.stderr.contains("mix chooses among the other policies given"), "\(run.stderr)")
    }
}

import Foundation
import Testing

@Suite("replay with constraints and an objective, end to end")
struct ConstraintsCLITests {
    @Test(
        "the sample with 2 OOM kills and 3% throttled allowed: which scenarios are feasible, why, and the Pareto front")
    func constraints() throws {
        let run = try opexsim([
            "replay", sampleTrace, "--policy", "static", "--policy", "krr-simple", "--policy", "goldilocks-burstable",
            "--max-oom-kills", "2", "--max-throttled", "3%", "--format", "json",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let evaluation = try #require(document["evaluation"] as? [String: Any])
        let constraints = try #require(evaluation["constraints"] as? [String: Any])
        #expect(constraints["max_oom_kills"] as? Int == 2 && constraints["max_throttled_ratio"] as? Double == 0.03)
        #expect(constraints["objective"] as? String == "cost" && constraints["max_rto_s"] is NSNull)
        let scenarios = try #require(document["scenarios"] as? [[String: Any]])
        let policies = scenarios.map { $0["policy"] as? String ?? "" }
        let verdicts = try scenarios.map { try #require($0["verdict"] as? [String: Any]) }
        // goldilocks-burstable: no OOM kill, no CPUThrottlingHigh, 0.18% throttled: feasible, first.
        // static: 2 OOM kills (allowed) but a CPUThrottlingHigh container (0 allowed once limits are
        // given). krr-simple: 73 OOM kills.
        #expect(policies == ["goldilocks-burstable", "static", "krr-simple"])
        #expect(verdicts.map { $0["feasible"] as? Bool } == [true, false, false])
        #expect(verdicts.map { $0["safe"] as? Bool } == [true, false, false])
        let krr = verdicts[2]["reasons"] as? [String] ?? []
        #expect(krr.contains("73 OOM kills and node-pressure evictions, over the 2 allowed (by 71)"))
        // goldilocks-burstable is cheapest; krr-simple throttles least (0%): both on the front.
        #expect(scenarios.map { $0["pareto"] as? Bool } == [true, false, true])
    }

    @Test("the Markdown ranking says feasible or infeasible, and marks the front")
    func markdown() throws {
        let run = try opexsim([
            "replay", sampleTrace, "--policy", "static", "--policy", "goldilocks-burstable", "--max-oom-kills", "2",
            "--objective", "risk", "--section", "ranking",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stdout.contains(
                "Rule: scenarios that meet every constraint (at most 2 OOM kills and node-pressure evictions"))
        #expect(run.stdout.contains("| Availability | Pareto |"))
        #expect(run.stdout.contains("- 1. `goldilocks-burstable`: feasible, and the first by risk"))
        #expect(
            run.stdout.contains(
                "- 2. `static`: infeasible: 2 OOM kills: payments/ledger/worker (2); CPUThrottlingHigh: shop/checkout/api"
            ))
    }

    @Test("bad constraint values are refused at the edge")
    func badValues() throws {
        for (option, value, message) in [
            ("--max-throttled", "150%", "--max-throttled must be a ratio between 0 and 1 or a percentage such as 5%"),
            ("--min-availability", "high", "--min-availability must be a ratio between 0 and 1"),
            ("--max-rto", "soon", "--max-rto must be a duration such as 1h or 90m"),
            ("--max-oom-kills=-1", nil, "--max-oom-kills must be 0 or more"),
        ] as [(String, String?, String)] {
            let run = try opexsim(["replay", sampleTrace, "--policy", "static", option] + (value.map { [$0] } ?? []))
            #expect(run.status != 0 && run.stdout.isEmpty)
            #expect(run.stderr.contains(message), "\(run.stderr)")
        }
    }
}

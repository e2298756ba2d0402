import Testing

@testable import OpexsimReports

@Suite("compare: reports side by side")
struct ReportComparisonTests {
    func workload(cpuRequest: Double, cost: Double, ooms: Int = 0) -> ReportDocument.Workload {
        ReportDocument.Workload(
            namespace: "shop", workload: "cart", container: "redis", team: "storefront", replicas: 1,
            cpuRequest: cpuRequest, memoryRequest: 536_870_912,
            cpuLimit: nil, memoryLimit: 536_870_912, costUSD: cost, throttledRatio: 0, oomKills: ooms,
            availabilityRatio: 1)
    }

    func scenario(_ policy: String, rank: Int, total: Double, perMonth: Double, workloads: [ReportDocument.Workload])
        -> ReportDocument.Scenario
    {
        ReportDocument.Scenario(
            policy: policy, rank: rank, runs: 1, totalUSD: total, perMonthUSD: perMonth, throttledRatio: 0.01,
            throttleHighContainers: 0, oomKills: workloads.reduce(0) { $0 + $1.oomKills }, restarts: 0,
            availabilityRatio: 1, mttrSeconds: 0, safe: true, feasible: true, workloads: workloads)
    }

    func document(_ file: String, _ scenarios: [ReportDocument.Scenario]) -> ReportDocument {
        ReportDocument(
            file: file, traceStart: "2026-01-05T00:00:00Z", traceEnd: "2026-01-07T00:00:00Z", samples: 576,
            pricing: "opencost-default", warmupSeconds: 43_200, scenarios: scenarios, baseline: nil)
    }

    @Test("a before/after pair: per-month change, rank changes, the settings that differ, a scenario only in one")
    func beforeAfter() {
        // Two days at $8.00 is $121.67 a month (× 730 / 48).
        let before = document(
            "before.json",
            [
                scenario(
                    "static", rank: 1, total: 8, perMonth: 121.67, workloads: [workload(cpuRequest: 0.5, cost: 8)]),
                scenario(
                    "krr-simple", rank: 2, total: 6, perMonth: 91.25,
                    workloads: [workload(cpuRequest: 0.25, cost: 6, ooms: 3)]),
                scenario(
                    "kubecost", rank: 3, total: 9, perMonth: 136.88, workloads: [workload(cpuRequest: 0.6, cost: 9)]),
            ])
        let after = document(
            "after.json",
            [
                scenario(
                    "krr-simple", rank: 1, total: 6, perMonth: 91.25, workloads: [workload(cpuRequest: 0.25, cost: 6)]),
                scenario(
                    "static", rank: 2, total: 8, perMonth: 121.67, workloads: [workload(cpuRequest: 0.5, cost: 8)]),
            ])
        let text = ReportComparison.markdown([before, after])
        #expect(
            text.contains(
                "| A | `before.json` | 2026-01-05T00:00:00Z to 2026-01-07T00:00:00Z | 576 | `opencost-default` |"))
        #expect(text.contains("Figures read A → B; a change is B minus A."))
        // static: the same everywhere, so one value per cell and a zero change.
        #expect(text.contains("| `static` | 1 → 2 | $121.67 | $0.00 | 1.00% | 0 | 0 | 0 | 100.000% | 0s | safe |"))
        #expect(
            text.contains("| `krr-simple` | 2 → 1 | $91.25 | $0.00 | 1.00% | 0 | 3 → 0 | 0 | 100.000% | 0s | safe |"))
        #expect(text.contains("| `kubecost` | 3 → - | $136.88 → - | - |"))
        #expect(
            text.contains("- `static`: #1 in A, #2 in B.\n- `krr-simple`: #2 in A, #1 in B.\n- `kubecost`: only in A."))
        // The container's OOM kills differ under krr-simple; per month = 6 × 91.25 / 6 = $91.25.
        #expect(text.contains("### `krr-simple`\n\n| Container |"))
        #expect(
            text.contains("| shop/cart/redis | 250m / 512Mi | - / 512Mi | $91.25 | $0.00 | 0.00% | 3 → 0 | 100.000% |"))
        #expect(text.contains("### `static`\n\nNo container differs."))
        #expect(!text.contains("### `kubecost`"))
    }

    @Test("a changed request and its cost")
    func changedSettings() {
        let a = document(
            "a.json",
            [
                scenario(
                    "vpa-auto", rank: 1, total: 10, perMonth: 152.08, workloads: [workload(cpuRequest: 0.5, cost: 10)])
            ])
        let b = document(
            "b.json",
            [scenario("vpa-auto", rank: 1, total: 6, perMonth: 91.25, workloads: [workload(cpuRequest: 0.25, cost: 6)])]
        )
        let text = ReportComparison.markdown([a, b])
        // Per month: 10 × 152.08 / 10 = 152.08 and 6 × 91.25 / 6 = 91.25; the change −$60.83.
        #expect(text.contains("| `vpa-auto` | 1 | $152.08 → $91.25 | −$60.83 |"))
        #expect(
            text.contains("| shop/cart/redis | 500m / 512Mi → 250m / 512Mi | - / 512Mi | $152.08 → $91.25 | −$60.83 |"))
        #expect(text.contains("No scenario changed rank."))
    }
}

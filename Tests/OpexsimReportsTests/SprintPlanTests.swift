import OpexsimTraces
import Testing

@testable import OpexsimReports

@Suite("plan: the sprint backlog of a report")
struct SprintPlanTests {
    static let mi = 1_048_576.0

    func workload(
        _ name: String, team: String = "shop", replicas: Int = 2, cpu: Double?, memory: Double?, cpuLimit: Double?,
        memoryLimit: Double?, cost: Double, ooms: Int = 0, availability: Double = 1
    ) -> ReportDocument.Workload {
        ReportDocument.Workload(
            namespace: "ns", workload: name, container: "c", team: team, replicas: replicas, cpuRequest: cpu,
            memoryRequest: memory, cpuLimit: cpuLimit, memoryLimit: memoryLimit, costUSD: cost, throttledRatio: 0,
            oomKills: ooms, availabilityRatio: availability)
    }

    func scenario(
        _ policy: String, rank: Int, feasible: Bool = true, total: Double, _ workloads: [ReportDocument.Workload]
    )
        -> ReportDocument.Scenario
    {
        // Two days: per month is 730 / 48 times the window's cost.
        ReportDocument.Scenario(
            policy: policy, rank: rank, runs: 1, totalUSD: total, perMonthUSD: total * 730 / 48, throttledRatio: 0,
            throttleHighContainers: 0, oomKills: 0, restarts: 0, availabilityRatio: 1, mttrSeconds: 0, safe: feasible,
            feasible: feasible, workloads: workloads)
    }

    @Test("points: 1 for a change, more for what can go wrong, rounded up to 1, 2, 3, 5, 8")
    func points() {
        let base = workload("a", cpu: 0.5, memory: 512 * Self.mi, cpuLimit: 1, memoryLimit: 1024 * Self.mi, cost: 1)
        var raised = base
        raised.cpuRequest = 0.8
        #expect(SprintPlan.points(from: base, to: raised) == 1)  // a request raised: 1
        var lowered = base
        lowered.cpuRequest = 0.25
        #expect(SprintPlan.points(from: base, to: lowered) == 2)  // 1 + request lowered
        lowered.memoryLimit = 768 * Self.mi
        #expect(SprintPlan.points(from: base, to: lowered) == 5)  // 1 + 1 + memory limit lowered 2 = 4 → 5
        var removed = base
        removed.cpuLimit = nil
        #expect(SprintPlan.points(from: base, to: removed) == 3)  // 1 + limit removed 2
        var single = removed
        single.replicas = 1
        #expect(SprintPlan.points(from: base, to: single) == 5)  // 3 + single replica 1 = 4 → 5
    }

    /// Baseline and `vpa-auto` (rank 2, feasible) over two days:
    /// | workload | baseline cost | vpa-auto cost | saved a month | points | note |
    /// | big      | 4.8           | 1.6           | 48.67         | 2      | request lowered |
    /// | small    | 1.2           | 0.9           | 4.5625        | 2      | request lowered |
    /// | leaky    | 2.4           | 0.8           | 24.33         | 3      | memory limit lowered, adds OOM kills |
    /// | same     | 1.0           | 1.0           | -             | -      | unchanged: no item |
    var document: ReportDocument {
        let mi = Self.mi
        let baseline = scenario(
            "static", rank: 0, total: 9.4,
            [
                workload("big", cpu: 2, memory: 1024 * mi, cpuLimit: nil, memoryLimit: 2048 * mi, cost: 4.8),
                workload("small", cpu: 0.5, memory: 256 * mi, cpuLimit: nil, memoryLimit: 512 * mi, cost: 1.2),
                workload(
                    "leaky", team: "pay", cpu: 1, memory: 512 * mi, cpuLimit: nil, memoryLimit: 1024 * mi, cost: 2.4),
                workload("same", cpu: 0.1, memory: 64 * mi, cpuLimit: nil, memoryLimit: 64 * mi, cost: 1),
            ])
        let vpa = scenario(
            "vpa-auto", rank: 2, total: 4.3,
            [
                workload("big", cpu: 0.6, memory: 1024 * mi, cpuLimit: nil, memoryLimit: 2048 * mi, cost: 1.6),
                workload("small", cpu: 0.3, memory: 256 * mi, cpuLimit: nil, memoryLimit: 512 * mi, cost: 0.9),
                workload(
                    "leaky", team: "pay", cpu: 1, memory: 512 * mi, cpuLimit: nil, memoryLimit: 600 * mi, cost: 0.8,
                    ooms: 4, availability: 0.99),
                workload("same", cpu: 0.1, memory: 64 * mi, cpuLimit: nil, memoryLimit: 64 * mi, cost: 1),
            ])
        let infeasible = scenario("krr-simple", rank: 1, feasible: false, total: 3, [])
        return ReportDocument(
            file: "r.json", traceStart: "a", traceEnd: "b", samples: 1, pricing: "p", warmupSeconds: 12 * 3600,
            scenarios: [infeasible, vpa], baseline: baseline)
    }

    @Test("the best feasible scenario by default; sorted by savings per point, the risk guard last; totals are sums")
    func plan() throws {
        let plan = try SprintPlan.make(document, scenario: nil, capacity: nil)
        #expect(plan.scenario == "vpa-auto")
        #expect(plan.items.map(\.to.workload) == ["big", "small", "leaky"])
        let savings = plan.items.map { Rounding.decimals($0.monthlySavingsUSD, 4) }
        #expect(savings == [48.6667, 4.5625, 24.3333])
        #expect(plan.items.map(\.points) == [2, 2, 3])
        #expect(plan.items[2].risk == "adds 4 OOM kills, loses 1.000 points of availability")
        #expect(plan.items[2].oomKillsDelta == 4 && abs(plan.items[2].availabilityRatioDelta + 0.01) < 1e-12)
        #expect(abs(plan.totalMonthlySavingsUSD - plan.items.reduce(0) { $0 + $1.monthlySavingsUSD }) < 1e-9)
        #expect(plan.totalPoints == 7)
        #expect(plan.items[0].confidence == "low: learned from 12h of history before the window it was judged on")
        #expect(plan.items[0].patch.contains("          requests:\n            cpu: 600m\n            memory: 1Gi\n"))
        #expect(plan.items[0].patch.contains("          limits:\n            cpu: null\n"))
    }

    @Test("the whole-trace recommendation is shown where it reads differently from the replayed settings")
    func wholeTrace() throws {
        let mi = Self.mi
        let same = ResourceSettings(cpuRequest: 0.6, cpuLimit: nil, memoryRequest: 1024 * mi, memoryLimit: 2048 * mi)
        let other = ResourceSettings(cpuRequest: 0.35, cpuLimit: nil, memoryRequest: 256 * mi, memoryLimit: 700 * mi)
        let plan = try SprintPlan.make(
            document, scenario: nil, capacity: nil, wholeTrace: ["ns/big/c": same, "ns/small/c": other],
            wholeTraceCheck: "checked")
        #expect(plan.items.map { $0.wholeTrace == nil } == [true, false, true])
        #expect(plan.wholeTraceCheck == "checked")
        #expect(
            SprintPlan.wholeTraceNote(plan.items[1])?.hasPrefix(
                "Over the whole trace `opexsim recommend` gives requests 350m / 256Mi, limits - / 700Mi;") == true)
        #expect(plan.markdown().contains("  Over the whole trace `opexsim recommend` gives requests 350m / 256Mi"))
    }

    @Test("confidence: the history behind a learned setting, and the Monte Carlo spread")
    func confidence() {
        var doc = document
        doc.warmupSeconds = 8 * 86_400
        var s = scenario("vpa-auto", rank: 1, total: 4, [])
        #expect(SprintPlan.confidence(s, doc) == "high: learned from 8d of history before the window it was judged on")
        s.runs = 20
        s.perMonthInterval = 58...62
        s.availabilityInterval = 0.998...0.9995
        // 4 × 730 / 48 = $60.83 a month; a $4 spread is under a tenth: still high.
        #expect(
            SprintPlan.confidence(s, doc)
                == "high: learned from 8d of history before the window it was judged on; figures are means over 20 Monte Carlo runs, 95% of them within $58.00–$62.00 a month and 99.800%–99.950% available"
        )
        s.perMonthInterval = 50...70
        #expect(SprintPlan.confidence(s, doc).hasPrefix("medium: learned from 8d"))
        doc.warmupSeconds = 12 * 3600
        #expect(SprintPlan.confidence(s, doc).hasPrefix("low: learned from 12h"))
        #expect(
            SprintPlan.confidence(scenario("static", rank: 1, total: 1, []), doc)
                == "high: fixed settings, nothing learned")
    }

    @Test("capacity: items that do not fit are deferred, later ones that fit still taken")
    func capacity() throws {
        let plan = try SprintPlan.make(document, scenario: nil, capacity: 4)
        #expect(plan.items.map(\.to.workload) == ["big", "small"] && plan.deferred.map(\.to.workload) == ["leaky"])
        let three = try SprintPlan.make(document, scenario: nil, capacity: 3)
        #expect(three.items.map(\.to.workload) == ["big"] && three.totalPoints == 2)
    }

    @Test("--scenario picks one; unknown scenarios and reports without a baseline are refused")
    func refusals() throws {
        #expect(try SprintPlan.make(document, scenario: "krr-simple", capacity: nil).items.isEmpty)
        #expect(throws: PlanError.self) { try SprintPlan.make(document, scenario: "kubecost", capacity: nil) }
        var old = document
        old.baseline = nil
        #expect(throws: PlanError.self) { try SprintPlan.make(old, scenario: nil, capacity: nil) }
    }

    @Test("CSV for Jira: the header, one row per item, fields with commas, quotes and line breaks quoted")
    func csv() throws {
        let text = try SprintPlan.make(document, scenario: nil, capacity: nil).csv()
        let rows = CSVReader.rows(text)
        #expect(rows.first == ["Summary", "Description", "Labels", "Story Points", "Component/s"])
        #expect(rows.count == 4)
        #expect(rows[1][0] == "Right-size ns/big/c (vpa-auto): save $48.67 a month")
        #expect(rows[1][2] == "opexsim" && rows[1][3] == "2" && rows[1][4] == "shop" && rows[3][4] == "pay")
        #expect(rows[1][1].contains("\nspec:\n  template:\n"))
        #expect(SprintPlan.quoted("a \"b\", c") == "\"a \"\"b\"\", c\"")
    }
}

/// A small RFC 4180 reader for reading the plan's CSV back.
enum CSVReader {
    static func rows(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = ""
        var quoted = false, afterQuote = false
        var characters = Array(text)[...]
        while let c = characters.popFirst() {
            if quoted {
                if c == "\"" {
                    if characters.first == "\"" {
                        field.append("\"")
                        characters.removeFirst()
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    field.append(c)
                }
            } else if c == "\"" && field.isEmpty && !afterQuote {
                quoted = true
            } else if c == "," {
                row.append(field)
                field = ""
                afterQuote = false
            } else if c == "\r\n" || c == "\n" {
                row.append(field)
                rows.append(row)
                (row, field, afterQuote) = ([], "", false)
            } else {
                field.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { rows.append(row + [field]) }
        return rows
    }
}

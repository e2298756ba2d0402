/// Whether a scenario is safe to deploy, what makes it unsafe, and what its figures cannot tell.
public struct ScenarioVerdict: Sendable, Equatable {
    /// No OOM kill, no container with CPUThrottlingHigh or starved by its node, no node-pressure
    /// eviction.
    public var safe = true
    /// Meets every constraint (`ScenarioConstraints`; without any given, the same as safe).
    public var feasible = true
    /// What makes the scenario unsafe or infeasible, one line each, naming the containers and by how
    /// much a constraint is broken.
    public var reasons: [String] = []
    /// What the figures cannot tell: OOM kills that are a lower bound, settings the trace never
    /// recorded.
    public var caveats: [String] = []

    public init() {}

    /// The verdict on `scenario` under `constraints`; `baseline` holds the recorded settings it is
    /// compared with.
    public init(_ scenario: ScenarioSummary, baseline: ScenarioSummary, constraints: ScenarioConstraints = .init()) {
        safe = scenario.isSafe
        feasible = constraints.isFeasible(scenario)
        let containers = scenario.containers
        if scenario.oomKills > 0 {
            let killed = Self.list(containers.lazy.filter { $0.oomKills > 0 }) { "\($0.path) (\($0.oomKills))" }
            reasons.append("\(Self.count(scenario.oomKills, "OOM kill")): \(killed)")
        }
        if scenario.throttleHighContainers > 0 {
            reasons.append("CPUThrottlingHigh: \(Self.list(containers.lazy.filter(\.throttleHigh), \.path))")
        }
        if scenario.contentionHighContainers > 0 {
            reasons.append(
                "starved by their node (over 25% of their CPU demand unserved for 15 minutes): "
                    + Self.list(containers.lazy.filter(\.contentionHigh), \.path))
        }
        if let evictions = scenario.capacity?.nodePressureEvictions, evictions > 0 {
            reasons.append("\(Self.count(evictions, "node-pressure eviction")) (a node ran out of memory)")
        }
        reasons += constraints.violations(scenario)
        caveats = Self.caveats(scenario, baseline: baseline)
    }

    /// OOM kills that are a lower bound (a memory limit raised above one the trace's working set
    /// reached), and a baseline that recorded no settings.
    static func caveats(_ scenario: ScenarioSummary, baseline: ScenarioSummary) -> [String] {
        var caveats: [String] = []
        let raised = zip(scenario.containers, baseline.containers).lazy.filter { container, recorded in
            guard container.memoryCensored, let old = recorded.settings.memoryLimit else { return false }
            return container.settings.memoryLimit.map { $0 > old } ?? true
        }
        if raised.contains(where: { _ in true }) {
            caveats.append(
                "OOM kills are a lower bound for \(list(raised) { $0.0.path }): the trace recorded their working set at their old "
                    + "memory limit (or an OOM kill), so what they would have used beyond it is unknown")
        }
        let bestEffort = scenario.containers.lazy.filter(\.recordedBestEffort)
        if scenario.scenario.isBaseline && !bestEffort.isEmpty {
            let all = scenario.containers.allSatisfy(\.recordedBestEffort)
            caveats.append(
                "the recorded settings reserve nothing for \(all ? "any container" : list(bestEffort, \.path)) "
                    + "(no requests or limits: BestEffort), so their cost is only what the pods used")
        }
        return caveats
    }

    /// At most five names, then how many more; only the five shown are named (a million containers
    /// may match).
    static func list<S: Sequence>(_ items: S, _ name: (S.Element) -> String) -> String {
        var shown: [String] = []
        var total = 0
        for item in items {
            if shown.count < 5 { shown.append(name(item)) }
            total += 1
        }
        return total > 5 ? shown.joined(separator: ", ") + " and \(total - 5) more" : shown.joined(separator: ", ")
    }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}

extension ContainerSummary {
    /// `namespace/workload/container`.
    public var path: String { "\(namespace)/\(workload)/\(name)" }
}

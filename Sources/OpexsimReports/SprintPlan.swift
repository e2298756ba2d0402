import OpexsimTraces

/// The sprint backlog of one scenario of a replay report (`opexsim plan`): one item per container
/// whose settings the scenario changes, with what it saves, what it risks, its size in points, how to
/// roll it out and the patch to apply.
public struct SprintPlan: Sendable {
    /// One container's change.
    public struct Item: Sendable {
        public var from: ReportDocument.Workload
        public var to: ReportDocument.Workload
        /// Saved per month at the report's prices (negative: it costs more).
        public var monthlySavingsUSD: Double
        /// The scenario's figure minus the recorded settings' figure.
        public var throttledRatioDelta: Double
        public var oomKillsDelta: Int
        public var availabilityRatioDelta: Double
        public var points: Int
        public var confidence: String
        public var rollout: String
        public var patch: String
        /// Why the risk guard holds it back (adds OOM kills, loses availability, throttles much more);
        /// nil when it does not.
        public var risk: String?
        /// What `opexsim recommend` gives for the container over the whole trace, where it differs
        /// from the settings the replay evaluated (which are the ones planned); nil otherwise.
        public var wholeTrace: ResourceSettings? = nil
    }

    /// The report it was made from, and the scenario.
    public var report: String
    public var scenario: String
    public var capacityPoints: Int?
    /// The items within capacity, in the order to take them.
    public var items: [Item]
    /// Items left out by the capacity.
    public var deferred: [Item]
    /// Whether and how the planned settings were checked against the whole-trace recommendation.
    public var wholeTraceCheck = ""

    public var totalMonthlySavingsUSD: Double { items.reduce(0) { $0 + $1.monthlySavingsUSD } }
    public var totalPoints: Int { items.reduce(0) { $0 + $1.points } }

    /// The plan for `scenario` (default: the best feasible one) of `document`, cut at `capacity` points.
    /// `wholeTrace` holds, per container path, what `opexsim recommend` gives over the whole trace;
    /// `wholeTraceCheck` says how it was found (or why not).
    public static func make(
        _ document: ReportDocument, scenario name: String?, capacity: Int?,
        wholeTrace: [String: ResourceSettings] = [:], wholeTraceCheck: String = ""
    ) throws -> SprintPlan {
        guard let baseline = document.baseline else {
            throw PlanError(
                "\(document.file): the report has no \"baseline\" (the recorded settings): write it again with this opexsim"
            )
        }
        let chosen = try scenario(document, name)
        let perMonth = chosen.totalUSD > 0 ? chosen.perMonthUSD / chosen.totalUSD : 0
        var items: [Item] = []
        for to in chosen.workloads {
            guard let from = baseline.workloads.first(where: { $0.path == to.path }), Self.settingsDiffer(from, to)
            else {
                continue
            }
            var item = item(from: from, to: to, scenario: chosen, document: document, perMonth: perMonth)
            if let recommended = wholeTrace[to.path], differs(recommended, to) { item.wholeTrace = recommended }
            items.append(item)
        }
        items.sort(by: comesFirst)
        var taken: [Item] = [], deferred: [Item] = []
        var used = 0
        for item in items {
            if let capacity, used + item.points > capacity {
                deferred.append(item)
            } else {
                used += item.points
                taken.append(item)
            }
        }
        return SprintPlan(
            report: document.file, scenario: chosen.policy, capacityPoints: capacity, items: taken, deferred: deferred,
            wholeTraceCheck: wholeTraceCheck)
    }

    /// The scenario named `name`, or the best feasible one.
    public static func scenario(_ document: ReportDocument, _ name: String?) throws -> ReportDocument.Scenario {
        let ranked = document.scenarios.sorted { $0.rank < $1.rank }
        if let name {
            guard let found = ranked.first(where: { $0.policy == name }) else {
                throw PlanError(
                    "\(document.file): no scenario \"\(name)\" (the report has \(ranked.map { "\"\($0.policy)\"" }.joined(separator: ", ")))"
                )
            }
            return found
        }
        guard let best = ranked.first(where: \.feasible) else {
            throw PlanError("\(document.file): no feasible scenario: choose one with --scenario")
        }
        return best
    }

    /// True when `recommended` reads differently from the workload's settings (as Kubernetes writes them).
    static func differs(_ recommended: ResourceSettings, _ w: ReportDocument.Workload) -> Bool {
        TextFormat.cpu(recommended.cpuRequest) != TextFormat.cpu(w.cpuRequest)
            || TextFormat.memory(recommended.memoryRequest) != TextFormat.memory(w.memoryRequest)
            || TextFormat.cpu(recommended.cpuLimit) != TextFormat.cpu(w.cpuLimit)
            || TextFormat.memory(recommended.memoryLimit) != TextFormat.memory(w.memoryLimit)
    }

    static func settingsDiffer(_ a: ReportDocument.Workload, _ b: ReportDocument.Workload) -> Bool {
        a.cpuRequest != b.cpuRequest || a.memoryRequest != b.memoryRequest || a.cpuLimit != b.cpuLimit
            || a.memoryLimit != b.memoryLimit
    }

    /// Items the risk guard lets through first; among each, the most saved per point, then the most
    /// saved, then by container.
    static func comesFirst(_ a: Item, _ b: Item) -> Bool {
        if (a.risk == nil) != (b.risk == nil) { return a.risk == nil }
        let (x, y) = (a.monthlySavingsUSD / Double(a.points), b.monthlySavingsUSD / Double(b.points))
        if x != y { return x > y }
        if a.monthlySavingsUSD != b.monthlySavingsUSD { return a.monthlySavingsUSD > b.monthlySavingsUSD }
        return a.to.path < b.to.path
    }

    static func item(
        from: ReportDocument.Workload, to: ReportDocument.Workload, scenario: ReportDocument.Scenario,
        document: ReportDocument, perMonth: Double
    ) -> Item {
        let throttled = to.throttledRatio - from.throttledRatio
        let ooms = to.oomKills - from.oomKills
        let availability = to.availabilityRatio - from.availabilityRatio
        var risks: [String] = []
        if ooms > 0 { risks.append("adds \(ooms) OOM kill\(ooms == 1 ? "" : "s")") }
        if availability < -0.0001 {
            risks.append("loses \(TextFormat.fixed(-availability * 100, 3)) points of availability")
        }
        if throttled > 0.05 { risks.append("throttles \(TextFormat.fixed(throttled * 100, 1)) points more") }
        return Item(
            from: from, to: to, monthlySavingsUSD: (from.costUSD - to.costUSD) * perMonth,
            throttledRatioDelta: throttled,
            oomKillsDelta: ooms, availabilityRatioDelta: availability, points: points(from: from, to: to),
            confidence: confidence(scenario, document), rollout: rollout(from: from, to: to, policy: scenario.policy),
            patch: patch(to), risk: risks.isEmpty ? nil : risks.joined(separator: ", "))
    }
}

/// A plan that cannot be made from the report given.
public struct PlanError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}

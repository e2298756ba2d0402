import OpexsimModelFiles

/// The figures of an `opexsim.report/v1` document (`replay --format json`) that `compare` sets side
/// by side.
public struct ReportDocument: Sendable {
    /// One container's settings and outcome under a scenario.
    public struct Workload: Sendable, Equatable {
        public var namespace: String
        public var workload: String
        public var container: String
        public var team: String
        public var replicas: Int
        public var cpuRequest: Double?
        public var memoryRequest: Double?
        public var cpuLimit: Double?
        public var memoryLimit: Double?
        public var costUSD: Double
        public var throttledRatio: Double
        public var oomKills: Int
        public var availabilityRatio: Double

        /// `namespace/workload/container`.
        public var path: String { "\(namespace)/\(workload)/\(container)" }
    }

    /// One scenario's rank, cost, risk, recovery and verdict.
    public struct Scenario: Sendable {
        public var policy: String
        public var rank: Int
        public var runs: Int
        public var totalUSD: Double
        public var perMonthUSD: Double
        public var throttledRatio: Double
        public var throttleHighContainers: Int
        public var oomKills: Int
        public var restarts: Int
        public var availabilityRatio: Double
        public var mttrSeconds: Double
        public var safe: Bool
        public var feasible: Bool
        public var workloads: [Workload]
        /// For the per-workload mix: `namespace/workload` → the policy it took.
        public var choices: [String: String] = [:]
        /// Over Monte Carlo runs: the 95% intervals of the cost per month and of availability.
        public var perMonthInterval: ClosedRange<Double>? = nil
        public var availabilityInterval: ClosedRange<Double>? = nil
    }

    /// The file it was read from.
    public var file: String
    public var traceStart: String
    public var traceEnd: String
    public var samples: Int
    public var pricing: String
    /// History a learning policy had before it applied its settings (the warmup), seconds.
    public var warmupSeconds: Double
    public var scenarios: [Scenario]
    /// The recorded settings (nil in documents written before it was added).
    public var baseline: Scenario?
    /// The trace files the report was made from, as given to `replay`.
    public var traceFiles: [String] = []

    public static let schema = "opexsim.report/v1"

    /// Reads the document at `path`; an error naming the file and the field for anything else.
    public static func load(path: String) throws -> ReportDocument {
        let root = try ModelNode.load(path: path).requireMapping()
        let schema = root["schema"]?.text
        guard schema == Self.schema else {
            throw root.error(
                "not an \(Self.schema) document (schema \(schema.map { "\"\($0)\"" } ?? "missing")): compare reads reports of `replay --format json`"
            )
        }
        let trace = try required(root, "trace")
        let scenarios = try required(root, "scenarios").items().map(scenario)
        return ReportDocument(
            file: path, traceStart: try required(trace, "start").string(),
            traceEnd: try required(trace, "end").string(),
            samples: try required(trace, "samples").integer(), pricing: scenarios.isEmpty ? "" : try pricing(root),
            warmupSeconds: try root["evaluation"]?["warmup_s"]?.number() ?? 0, scenarios: scenarios,
            baseline: try root["baseline"].map(scenario),
            traceFiles: try trace["files"]?.items().map { try $0.string() } ?? [])
    }

    static func required(_ node: ModelNode, _ key: String) throws -> ModelNode {
        guard let child = node[key] else { throw node.error("missing \"\(key)\"") }
        return child
    }

    static func pricing(_ root: ModelNode) throws -> String {
        try required(required(root, "scenarios").items()[0], "pricing").string()
    }

    static func scenario(_ node: ModelNode) throws -> Scenario {
        let cost = try required(node, "cost"), risk = try required(node, "risk")
        let recovery = try required(node, "recovery"), verdict = node["verdict"]
        return Scenario(
            policy: try required(node, "policy").string(), rank: try required(node, "rank").integer(),
            runs: try node["runs"]?.integer(minimum: 1) ?? 1,
            totalUSD: try required(cost, "total_usd").number(),
            perMonthUSD: try required(cost, "per_month_usd").number(),
            throttledRatio: try required(risk, "throttled_ratio").number(),
            throttleHighContainers: try required(risk, "throttle_high_containers").integer(),
            oomKills: try required(risk, "oom_kills").integer(), restarts: try required(risk, "restarts").integer(),
            availabilityRatio: try required(recovery, "availability_ratio").number(),
            mttrSeconds: try required(recovery, "mttr_s").number(),
            safe: try verdict?["safe"]?.bool() ?? true, feasible: try verdict?["feasible"]?.bool() ?? true,
            workloads: try required(node, "workloads").items().map(workload),
            choices: Dictionary(
                try (node["choices"]?.items() ?? []).map { choice in
                    (
                        "\(try required(choice, "namespace").string())/\(try required(choice, "workload").string())",
                        try required(choice, "policy").string()
                    )
                }, uniquingKeysWith: { first, _ in first }),
            perMonthInterval: try interval(node["monte_carlo"]?["figures"]?["per_month_usd"]),
            availabilityInterval: try interval(node["monte_carlo"]?["figures"]?["availability_ratio"]))
    }

    /// A figure's `interval_95`, nil when absent.
    static func interval(_ figure: ModelNode?) throws -> ClosedRange<Double>? {
        guard let bounds = try figure?["interval_95"]?.items(), bounds.count == 2 else { return nil }
        let (low, high) = (try bounds[0].number(), try bounds[1].number())
        return low <= high ? low...high : nil
    }

    static func workload(_ node: ModelNode) throws -> Workload {
        let requests = try required(node, "requests"), limits = try required(node, "limits")
        return Workload(
            namespace: try required(node, "namespace").string(), workload: try required(node, "workload").string(),
            container: try required(node, "container").string(), team: try node["team"]?.string() ?? "",
            replicas: try node["replicas"]?.integer() ?? 1, cpuRequest: try requests["cpu_cores"]?.number(),
            memoryRequest: try requests["memory_bytes"]?.number(), cpuLimit: try limits["cpu_cores"]?.number(),
            memoryLimit: try limits["memory_bytes"]?.number(), costUSD: try required(node, "cost_usd").number(),
            throttledRatio: try required(node, "throttled_ratio").number(),
            oomKills: try required(node, "oom_kills").integer(),
            availabilityRatio: try required(node, "availability_ratio").number())
    }
}

import OpexsimModelFiles
import OpexsimTraces

/// A sweep (`kind: Sweep`, `opexsim.io/v1`): every combination of trace, pricing, failure files and
/// seed replayed with all the policies as its scenarios.
///
/// ```yaml
/// apiVersion: opexsim.io/v1
/// kind: Sweep
/// traces: [datasets/sample-shop.csv]
/// policies: [static, "percentile:cpu=95,memory=100", krr-simple]
/// pricing: [opencost-default, aws-m5-spot-mix]
/// failures: [[], [models/failures/shop-random.yaml]]
/// seeds: [1, 2]
/// runs: 1
/// ```
public struct SweepMatrix: Sendable, Equatable {
    public var traces: [String]
    public var policies: [String]
    public var pricing: [String] = ["opencost-default"]
    /// Each entry is the failure files of one combination (`[]`: none).
    public var failures: [[String]] = [[]]
    public var seeds: [UInt64] = [1]
    public var runs = 1
    /// The matrix file's checksum: shards of different matrices are never merged.
    public var digest: String = ""

    /// Reads a matrix file; errors name the file, line and column.
    public static func load(path: String) throws -> SweepMatrix {
        let root = try ModelNode.load(path: path).requireMapping()
        try root.rejectUnknownKeys([
            "apiVersion", "kind", "metadata", "traces", "policies", "pricing", "failures", "seeds", "runs",
        ])
        guard root["apiVersion"]?.text == "opexsim.io/v1", root["kind"]?.text == "Sweep" else {
            throw root.error("expected apiVersion opexsim.io/v1 and kind Sweep")
        }
        func list(_ key: String) throws -> [String]? {
            try root[key].map { node in try node.items().map { try $0.string() } }
        }
        guard let traces = try list("traces"), !traces.isEmpty else {
            throw root.error("traces: give at least one trace")
        }
        guard let policies = try list("policies"), !policies.isEmpty else {
            throw root.error("policies: give at least one policy")
        }
        var matrix = SweepMatrix(traces: traces, policies: policies)
        if let pricing = try list("pricing") {
            guard !pricing.isEmpty else { throw root["pricing"]!.error("give at least one pricing model") }
            matrix.pricing = pricing
        }
        if let failures = root["failures"] {
            matrix.failures = try failures.items().map { entry in
                if entry.text != nil { return [try entry.string()] }
                return try entry.items().map { try $0.string() }
            }
            guard !matrix.failures.isEmpty else { throw failures.error("give at least one entry ([] for none)") }
        }
        if let seeds = root["seeds"] {
            matrix.seeds = try seeds.items().map { node in
                guard let text = node.text, let seed = UInt64(text) else {
                    throw node.error("expected a whole number from 0 to \(UInt64.max)")
                }
                return seed
            }
            guard !matrix.seeds.isEmpty else { throw seeds.error("give at least one seed") }
        }
        if let runs = root["runs"] { matrix.runs = try runs.integer(minimum: 1) }
        let bytes = try FileBytes.read(path)
        matrix.digest = String(bytes.withUnsafeBufferPointer { TraceCache.checksum($0) }, radix: 16)
        return matrix
    }

    /// Every combination, in the order trace, pricing, failures, seed (the last varying fastest).
    public var combinations: [SweepCombination] {
        var all: [SweepCombination] = []
        for trace in traces {
            for pricing in pricing {
                for (failureIndex, files) in failures.enumerated() {
                    for seed in seeds {
                        all.append(
                            SweepCombination(
                                index: all.count, trace: trace, pricing: pricing, failures: files,
                                failureSet: failureIndex, seed: seed))
                    }
                }
            }
        }
        return all
    }
}

/// One combination of a sweep: one replay, one report.
public struct SweepCombination: Sendable, Equatable {
    public var index: Int
    public var trace: String
    public var pricing: String
    public var failures: [String]
    /// Position of `failures` in the matrix's list.
    public var failureSet: Int
    public var seed: UInt64

    /// The combination's folder: `0003-sample-shop-aws-m5-spot-mix-f1-s2`.
    public var folder: String {
        func slug(_ text: String) -> String {
            let name = text.split(separator: "/").last.map(String.init) ?? text
            let stem = name.split(separator: ".").first.map(String.init) ?? name
            return String(stem.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "-" })
        }
        let number = String(index)
        return String(repeating: "0", count: max(0, 4 - number.count)) + number
            + "-\(slug(trace))-\(slug(pricing))-f\(failureSet)-s\(seed)"
    }

    /// True when combination `index` belongs to shard `shard` of `shards` (round robin).
    public func isInShard(_ shard: Int, of shards: Int) -> Bool { index % shards == shard }
}

import OpexsimModelFiles
import OpexsimReports
import OpexsimTraces

/// Sharded sweeps: each shard runs the combinations `index % shards == shard` and records them in
/// `shard.json`; `merge` checks that the shards are of one matrix and cover it, copies their reports
/// and writes the summary, giving what one unsharded sweep writes, byte for byte.
public enum SweepShards {
    public static let manifestName = "shard.json"

    /// Runs a whole sweep (no shard) into `out`: the reports and the summary.
    public static func runAll(_ runner: SweepRunner, out: String, progress: (SweepCombination) -> Void = { _ in })
        throws
    {
        let done = try runner.run(into: out, selecting: { _ in true }, progress: progress)
        try writeSummary(done, matrix: runner.matrix, out: out)
    }

    /// Runs shard `shard` of `shards` into `out`: its reports and `shard.json`.
    public static func runShard(
        _ runner: SweepRunner, shard: Int, of shards: Int, out: String, progress: (SweepCombination) -> Void = { _ in }
    ) throws {
        let done = try runner.run(into: out, selecting: { $0.isInShard(shard, of: shards) }, progress: progress)
        let manifest = JSONValue.object([
            ("schema", .string("opexsim.sweep-shard/v1")),
            ("matrix_digest", .string(runner.matrix.digest)),
            ("shard", .int(shard)), ("shards", .int(shards)),
            ("total", .int(runner.matrix.combinations.count)),
            ("policies", .array(runner.matrix.policies.map(JSONValue.string))),
            ("combinations", .array(done.map(combinationJSON))),
        ])
        try FileBytes.writeAtomically(Array(manifest.rendered().utf8), to: out + "/" + manifestName)
    }

    static func combinationJSON(_ c: SweepCombination) -> JSONValue {
        .object([
            ("index", .int(c.index)), ("trace", .string(c.trace)), ("pricing", .string(c.pricing)),
            ("failures", .array(c.failures.map(JSONValue.string))), ("failure_set", .int(c.failureSet)),
            ("seed", .string(String(c.seed))),
        ])
    }

    static func writeSummary(_ combinations: [SweepCombination], matrix: SweepMatrix, out: String) throws {
        let files = try SweepSummary.files(combinations, matrix: matrix, out: out)
        try FileSet.write(files.map { ($0.name, Array($0.text.utf8)) }, into: out)
    }

    /// One shard's record, read back.
    struct Manifest {
        var digest: String
        var shard: Int
        var shards: Int
        var total: Int
        var policies: [String]
        var combinations: [SweepCombination]

        init(directory: String) throws {
            let path = directory + "/" + SweepShards.manifestName
            guard ModelNode.isReadable(path) else {
                throw ModelFileError(
                    file: directory, message: "no \(SweepShards.manifestName): not the output of sweep --shard")
            }
            let root = try ModelNode.load(path: path).requireMapping()
            guard root["schema"]?.text == "opexsim.sweep-shard/v1" else {
                throw root.error("not an opexsim.sweep-shard/v1 document")
            }
            func field(_ key: String) throws -> ModelNode {
                guard let node = root[key] else { throw root.error("missing \(key)") }
                return node
            }
            digest = try field("matrix_digest").string()
            shard = try field("shard").integer()
            shards = try field("shards").integer(minimum: 1)
            total = try field("total").integer()
            policies = try field("policies").items().map { try $0.string() }
            combinations = try field("combinations").items().map { node in
                func value(_ key: String) throws -> ModelNode {
                    guard let found = node[key] else { throw node.error("missing \(key)") }
                    return found
                }
                guard let seed = UInt64(try value("seed").string()) else {
                    throw node.error("seed is not a whole number")
                }
                return SweepCombination(
                    index: try value("index").integer(), trace: try value("trace").string(),
                    pricing: try value("pricing").string(),
                    failures: try node["failures"]?.items().map { try $0.string() } ?? [],
                    failureSet: try value("failure_set").integer(), seed: seed)
            }
        }
    }

    /// Merges shard outputs into `out`: refused unless every shard of one matrix is there once and
    /// together they hold every combination once.
    public static func merge(_ directories: [String], out: String) throws {
        let manifests = try directories.map { try Manifest(directory: $0) }
        guard let first = manifests.first else { throw ModelFileError(file: out, message: "no shard directories") }
        for (directory, manifest) in zip(directories, manifests) {
            guard manifest.digest == first.digest, manifest.shards == first.shards, manifest.total == first.total else {
                throw ModelFileError(
                    file: directory,
                    message:
                        "a shard of another sweep (matrix \(manifest.digest), \(manifest.shards) shards) than \(directories[0]) (matrix \(first.digest), \(first.shards) shards)"
                )
            }
        }
        let shards = manifests.map(\.shard).sorted()
        guard shards == Array(0..<first.shards) else {
            let missing = Set(0..<first.shards).subtracting(shards).sorted()
            throw ModelFileError(
                file: out,
                message: "shards \(missing.map(String.init).joined(separator: ", ")) of \(first.shards) missing"
                    + (shards.count > Set(shards).count ? " (a shard is given twice)" : ""))
        }
        var owner: [Int: String] = [:]
        var combinations: [SweepCombination] = []
        for (directory, manifest) in zip(directories, manifests) {
            for combination in manifest.combinations {
                guard owner[combination.index] == nil, combination.isInShard(manifest.shard, of: manifest.shards) else {
                    throw ModelFileError(file: directory, message: "combination \(combination.folder) appears twice")
                }
                owner[combination.index] = directory
                combinations.append(combination)
            }
        }
        combinations.sort { $0.index < $1.index }
        guard combinations.map(\.index) == Array(0..<first.total) else {
            throw ModelFileError(
                file: out, message: "the shards hold \(combinations.count) of \(first.total) combinations")
        }
        try FileBytes.makeDirectory(out)
        for combination in combinations {
            let folder = out + "/" + combination.folder
            let source = owner[combination.index]! + "/" + combination.folder + "/"
            let reports = try ["report.json", "report.md"].map { ($0, try FileBytes.read(source + $0)) }
            try FileBytes.makeDirectory(folder)
            try FileSet.write(reports, into: folder)
        }
        let matrix = SweepMatrix(traces: [], policies: first.policies, digest: first.digest)
        try writeSummary(combinations, matrix: matrix, out: out)
    }
}

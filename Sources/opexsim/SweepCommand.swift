import ArgumentParser
import Foundation
import OpexsimSweeps
import OpexsimTraces

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Replay every combination of a Sweep matrix: one report per trace, pricing, failures and seed.",
        discussion: """
            Each combination's report.md and report.json go into a folder of --out, with summary.md and \
            summary.json across them. With --shard I/N (or --shards N, the index from JOB_COMPLETION_INDEX as \
            a Kubernetes Indexed Job sets it) only combinations I, I+N, I+2N, ... run and shard.json records \
            them; `opexsim merge` joins the shards into what one unsharded sweep writes.
            """)

    @Argument(help: "The Sweep matrix (YAML).", completion: .file(extensions: ["yaml", "yml"]))
    var matrix: String

    @Option(name: .long, help: "Run shard I of N (0 ≤ I < N).")
    var shard: String?

    @Option(name: .long, help: "Run one of N shards, the index taken from JOB_COMPLETION_INDEX.")
    var shards: Int?

    @Option(name: .long, help: "Output directory.", completion: .directory)
    var out: String

    @Option(name: .long, help: "Directory of model files.", completion: .directory)
    var models = "models"

    /// The shard to run, nil for the whole sweep.
    func shardToRun() throws -> (index: Int, count: Int)? {
        if let shard {
            let parts = shard.split(separator: "/")
            guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, index >= 0,
                index < count
            else { throw ValidationError("--shard takes I/N with 0 ≤ I < N, found \"\(shard)\"") }
            return (index, count)
        }
        guard let shards else { return nil }
        guard shards >= 1 else { throw ValidationError("--shards must be at least 1") }
        let text = ProcessInfo.processInfo.environment["JOB_COMPLETION_INDEX"]
        guard let text, let index = Int(text), index >= 0, index < shards else {
            throw ValidationError(
                "--shards \(shards) takes the shard from JOB_COMPLETION_INDEX (0 to \(shards - 1)), found \(text.map { "\"\($0)\"" } ?? "none")"
            )
        }
        return (index, shards)
    }

    func validate() throws {
        if shard != nil && shards != nil { throw ValidationError("give --shard I/N or --shards N, not both") }
        _ = try shardToRun()
    }

    func run() throws {
        let sweep = reportingErrors { try SweepMatrix.load(path: matrix) }
        let runner = SweepRunner(matrix: sweep, modelsDirectory: models)
        let total = sweep.combinations.count
        let showProgress = isatty(2) != 0
        let progress: (SweepCombination) -> Void = { combination in
            if showProgress { note("combination \(combination.index + 1) of \(total): \(combination.folder)") }
        }
        let shard = try shardToRun()
        reportingErrors {
            try FileBytes.makeDirectory(out)
            if let shard {
                try SweepShards.runShard(runner, shard: shard.index, of: shard.count, out: out, progress: progress)
            } else {
                try SweepShards.runAll(runner, out: out, progress: progress)
            }
        }
        let share = shard.map { "shard \($0.index) of \($0.count): " } ?? ""
        let ran = shard.map { s in sweep.combinations.filter { $0.isInShard(s.index, of: s.count) }.count } ?? total
        emit("\(share)wrote \(ran) of \(total) combinations into \(out)\n")
    }
}

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the outputs of sweep shards into what one unsharded sweep writes.")

    @Argument(help: "Shard output directories (each with shard.json).", completion: .directory)
    var shards: [String] = []

    @Option(name: .long, help: "Output directory.", completion: .directory)
    var out: String

    func validate() throws {
        if shards.isEmpty { throw ValidationError("give the shard output directories") }
        if shards.contains(out) { throw ValidationError("--out \(out) is one of the shards: give a new directory") }
    }

    func run() throws {
        reportingErrors { try SweepShards.merge(shards, out: out) }
        emit("merged \(shards.count) shards into \(out)\n")
    }
}

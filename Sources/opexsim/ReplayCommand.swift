import ArgumentParser
import Foundation
import OpexsimEngine
import OpexsimFailures
import OpexsimMetrics
import OpexsimPolicies
import OpexsimPricing
import OpexsimReports
import OpexsimTraces

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay traces under policies and rank them in a report.",
        discussion: """
            Each --policy is one scenario: NAME or NAME:key=value,... (see `opexsim policies`). The recorded \
            settings (`static`) are always replayed as the baseline of savings. Policies that learn from history \
            are evaluated walk-forward: a warmup under the recorded settings, then their settings; all scenarios \
            are measured over the same window after the warmup.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case markdown, json
    }

    @OptionGroup var input: TraceOptions

    @Option(name: .long, help: "A policy to replay (repeatable).", completion: Completions.policies)
    var policy: [String] = []

    @Option(
        name: .long,
        help: "Pricing model: a name from models/pricing, a YAML model file or an OpenCost custom pricing JSON file.",
        completion: Completions.pricing)
    var pricing = "opencost-default"

    @Option(
        name: .long, help: "Failure files (Chaos Mesh, Velero, FailurePlan).",
        completion: .file(extensions: ["yaml", "yml"]))
    var failures: [String] = []

    @Option(name: .long, help: "Seed of the replay's random numbers.", transform: SeedValue.parse)
    var seed: UInt64 = 1

    @Option(name: .long, help: "Monte Carlo runs (with random failures).")
    var runs = 1

    @Option(name: .long, help: "Warmup of learning policies: a share (25%) or a duration (6h).")
    var warmup = "25%"

    @Option(name: .long, help: "Re-learn and re-apply learned settings this often (e.g. 6h); default once.")
    var reapply: String?

    @Option(name: .long, help: "Container start-up time after a restart.")
    var startupDelay = "5s"

    @OptionGroup(title: "Constraints") var constraints: ConstraintOptions

    @Option(name: .long, help: "How CPU demand is spread inside a sample.")
    var burstModel: BurstModelKind = .auto

    @Option(name: .long, help: "Report format.")
    var format: Format = .markdown

    @Option(name: .long, help: "Print only this section of the Markdown report (repeatable).")
    var section: [ReportSection] = []

    @Option(
        name: .long, help: "Write report.md and report.json into this directory instead of printing.",
        completion: .directory)
    var out: String?

    @Option(name: .long, help: "Directory of model files.", completion: .directory)
    var models = "models"

    @Flag(name: .long, help: "Print reading and replay throughput on standard error.")
    var timings = false

    func validate() throws {
        if let out {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory) && !isDirectory.boolValue {
                throw ValidationError(
                    "--out \(out) is a file, not a directory: give a directory for report.md, report.json and the charts"
                )
            }
        }
        if runs < 1 { throw ValidationError("--runs must be at least 1") }
        if !section.isEmpty && (format != .markdown || out != nil) {
            throw ValidationError(
                "--section selects parts of the Markdown report printed on standard output: not with --format json or --out"
            )
        }
        if Warmup(parsing: warmup) == nil {
            throw ValidationError("--warmup must be a share such as 25% or a duration such as 6h, found \"\(warmup)\"")
        }
        if let reapply, (DurationText.parse(reapply) ?? 0) < 60_000 {
            throw ValidationError("--reapply must be a duration of at least 1m such as 6h, found \"\(reapply)\"")
        }
        if DurationText.parse(startupDelay) == nil {
            throw ValidationError("--startup-delay must be a duration such as 5s, found \"\(startupDelay)\"")
        }
    }

    /// The report: into `--out` (with the charts), as JSON, whole, or the sections asked for.
    func write(_ outcome: ReplayOutcome, pricing pricingModel: PricingModel) {
        // Rendered only where written, in pieces: a report of a million containers is large.
        let json: FileSet.Producer = { emit in
            ReplayReport.json(outcome, pricing: pricingModel).render(to: emit)
        }
        if let out {
            let charts = ReportCharts.charts(outcome)
            let markdown = MarkdownReport.render(outcome, pricing: pricingModel) + ReportCharts.markdown(charts)
            // One unit, report.md renamed last: a new report.md always stands beside the report.json
            // and charts of the same run.
            let files: [(name: String, contents: FileSet.Contents)] =
                charts.map { ($0.file, .bytes(Array($0.svg.utf8))) } + [
                    ("report.json", .produced(json)), ("report.md", .bytes(Array(markdown.utf8))),
                ]
            reportingErrors {
                try FileBytes.makeDirectory(out)
                try FileSet.write(contents: files, into: out)
            }
            note("wrote \(out)/report.md, \(out)/report.json and \(charts.count) charts")
        } else if format == .json {
            json { StandardStreams.write($0, to: 1) }
        } else if section.isEmpty {
            MarkdownReport.render(outcome, pricing: pricingModel) { emit($0) }
        } else {
            for missing in section where !missing.isPresent(in: outcome, pricing: pricingModel) {
                note("the report has no \(missing.title) section\(missing.condition.map { " (it needs \($0))" } ?? "")")
            }
            emit(MarkdownReport.render(section, of: outcome, pricing: pricingModel))
        }
    }

    /// What the command line asks that the replay does not do as written.
    func notes(_ replay: Replay) {
        for (index, name) in policy.enumerated() where policy[..<index].contains(name) {
            note("warning: --policy \(name) is given twice: it is replayed as two scenarios")
        }
        if runs > 1 && replay.runs == 1 {
            note("note: --runs \(runs) replays once: nothing in the failures is random, so every run would be the same")
        }
    }

    func run() throws {
        // Checked here, not in validate(): the parser reports a mistyped option (`--polcy`) only after
        // validate() passes, and that is the message a user needs.
        if policy.isEmpty { usageError("give at least one --policy (e.g. --policy static)", in: Self.self) }
        let failureDocuments = failures.isEmpty ? nil : reportingErrors { try FailureDocuments.load(paths: failures) }
        let specs = reportingErrors { try policy.map { try PolicySpec(parsing: $0) } }
        let pricingModel = reportingErrors { try PricingModel.resolve(pricing, modelsDirectory: models) }
        let clock = ContinuousClock()
        let readStarted = clock.now
        let trace = input.read()
        let readSeconds = seconds(readStarted.duration(to: clock.now))
        var options = ReplayOptions()
        options.keepsSeriesResults = false
        options.warmup = Warmup(parsing: warmup)!
        options.reapplyInterval = reapply.flatMap(DurationText.parse)
        options.startupDelay = DurationText.parse(startupDelay)!
        options.burstModel = burstModel
        options.constraints = constraints.constraints
        options.seed = seed
        options.runs = runs
        let replay = reportingErrors {
            try Replay(
                trace: trace, policies: specs, pricing: pricingModel, options: options, failures: failureDocuments)
        }
        notes(replay)
        // Progress when a person watches standard error; scripts and pipes get none.
        let showProgress = !timings && isatty(2) != 0
        if showProgress {
            note(
                "read \(trace.sampleCount) rows in \(TextFormat.fixed(readSeconds, 2, grouping: false)) s; replaying \(replay.scenarios.count) scenario\(replay.scenarios.count == 1 ? "" : "s") × \(replay.runs) run\(replay.runs == 1 ? "" : "s") on \(ProcessorCount.online) cores"
            )
        }
        let replayStarted = clock.now
        let outcome = Self.replaying(replay, samples: trace.sampleCount, showingProgress: showProgress)
        if showProgress {
            note(
                "replayed in \(TextFormat.fixed(seconds(replayStarted.duration(to: clock.now)), 2, grouping: false)) s")
        }
        if timings {
            let replaySeconds = seconds(replayStarted.duration(to: clock.now))
            let scenarios = outcome.replayedScenarios
            let replicaSamples = Double(trace.sampleCount * scenarios * replay.runs)
            note(
                "read \(trace.sampleCount) rows in \(TextFormat.fixed(readSeconds, 3, grouping: false)) s: \(TextFormat.fixed(Double(trace.sampleCount) / readSeconds / 1e6, 2, grouping: false)) M rows/s"
            )
            note(
                "replayed \(scenarios) scenario\(scenarios == 1 ? "" : "s") × \(replay.runs) run\(replay.runs == 1 ? "" : "s") × \(trace.sampleCount) replica-samples in \(TextFormat.fixed(replaySeconds, 3, grouping: false)) s (summaries included): "
                    + "\(TextFormat.fixed(replicaSamples / replaySeconds / 1e6, 2, grouping: false)) M replica-samples/s on \(ProcessorCount.online) cores"
            )
        }
        // Failures that hit nothing are in the report; say so where the command runs too.
        let unplaced = outcome.failureNotes
        for placement in unplaced.prefix(5) { note("warning: failure not placed: \(placement)") }
        if unplaced.count > 5 { note("warning: \(unplaced.count - 5) more failures not placed (listed in the report)") }
        write(outcome, pricing: pricingModel)
    }
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

extension ReplayCommand {
    /// Runs the replay, with a line of progress on standard error while it runs when `showingProgress`.
    static func replaying(_ replay: Replay, samples: Int, showingProgress: Bool) -> ReplayOutcome {
        var replay = replay
        let replayed = ProgressCounters()
        let total = max(1, replay.scenarios.count * replay.runs * samples)
        let line = ProgressLine.start(enabled: showingProgress) { elapsed in
            let done = replayed.current.first
            return
                "replaying: \(min(99, done * 100 / total))% (\(ProgressLine.millions(done)) of \(ProgressLine.millions(total)) M replica-samples), \(Int(elapsed)) s"
        }
        if line != nil { replay.progress = replayed }
        let outcome = replay.run()
        line?.finish()
        return outcome
    }
}

import OpexsimEngine
import OpexsimFailures
import OpexsimPolicies
import OpexsimPricing
import OpexsimReports
import OpexsimTraces

/// Replays the combinations of a sweep, each into `report.md` and `report.json` in its folder.
public struct SweepRunner {
    public let matrix: SweepMatrix
    /// Directory of model files (`--models`).
    public var modelsDirectory = "models"

    public init(matrix: SweepMatrix, modelsDirectory: String = "models") {
        self.matrix = matrix
        self.modelsDirectory = modelsDirectory
    }

    /// The report files of one combination: `report.json` and `report.md`, as `replay --out` writes
    /// them (without the charts).
    public func reports(of combination: SweepCombination, trace: Trace) throws -> [(name: String, text: String)] {
        let specs = try matrix.policies.map { try PolicySpec(parsing: $0) }
        let pricing = try PricingModel.resolve(combination.pricing, modelsDirectory: modelsDirectory)
        let failures = combination.failures.isEmpty ? nil : try FailureDocuments.load(paths: combination.failures)
        var options = ReplayOptions()
        options.keepsSeriesResults = false
        options.seed = combination.seed
        options.runs = matrix.runs
        let outcome = try Replay(trace: trace, policies: specs, pricing: pricing, options: options, failures: failures)
            .run()
        return [
            ("report.json", ReplayReport.json(outcome, pricing: pricing).rendered()),
            ("report.md", MarkdownReport.render(outcome, pricing: pricing)),
        ]
    }

    /// Runs the combinations `selected` keeps, in order, writing each into `out/<folder>/` (its two
    /// reports as one `FileSet`, report.md last); traces are read once each. Returns the combinations
    /// run.
    @discardableResult
    public func run(
        into out: String, selecting selected: (SweepCombination) -> Bool,
        progress: (SweepCombination) -> Void = { _ in }
    ) throws -> [SweepCombination] {
        var traces: [String: Trace] = [:]
        var done: [SweepCombination] = []
        for combination in matrix.combinations where selected(combination) {
            progress(combination)
            let trace: Trace
            if let known = traces[combination.trace] {
                trace = known
            } else {
                trace = try CanonicalTraceReader().read([combination.trace])
                traces[combination.trace] = trace
            }
            let folder = out + "/" + combination.folder
            let reports = try reports(of: combination, trace: trace)
            try FileBytes.makeDirectory(folder)
            try FileSet.write(reports.map { ($0.name, Array($0.text.utf8)) }, into: folder)
            done.append(combination)
        }
        return done
    }
}

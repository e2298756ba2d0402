import Dispatch
import OpexsimFailures
import OpexsimMetrics
import OpexsimPolicies
import OpexsimPricing
import OpexsimTraces

/// A replay of several scenarios (policies) over one trace, ranked. The recorded settings
/// (`static`) always run as the baseline of savings, listed or not.
public struct Replay: Sendable {
    public let profile: TraceProfile
    public let policies: [PolicySpec]
    /// The policies resolved once (parameters parsed, manifests read).
    public let factories: [PolicyFactory]
    public let pricing: PricingModel
    public let options: ReplayOptions
    /// True when a policy learns from history, so that all scenarios are measured after the warmup.
    public let usesWarmup: Bool
    /// The failures to inject (none when nil).
    public let failures: FailureDocuments?
    /// True when `--policy mix` asked for the per-workload mix of the other policies.
    public let mixesWorkloads: Bool

    /// Monte Carlo runs replayed: `options.runs` when the failures depend on the seed, else one (every
    /// run would be the same).
    public var runs: Int { failures?.isRandom == true ? max(1, options.runs) : 1 }
    /// Told the replica-samples replayed as each scenario (or part of one) ends; nil: none.
    public var progress: ProgressCounters?

    /// Resolves the policies (each once) and profiles the trace.
    public init(
        trace: Trace, policies: [PolicySpec], pricing: PricingModel, options: ReplayOptions,
        failures: FailureDocuments? = nil
    ) throws {
        self.failures = failures
        mixesWorkloads = policies.contains(where: Self.isMix)
        let policies = policies.filter { !Self.isMix($0) }
        if mixesWorkloads && policies.isEmpty {
            throw PolicyError("mix chooses among the other policies given: give at least one more --policy")
        }
        factories = try policies.map { try PolicyFactory(resolving: $0) }
        let learns = factories.contains { $0.capabilities.learnsFromHistory }
        guard trace.sampleCount > 0 else { throw PolicyError("the trace has no samples to replay") }
        self.profile = TraceProfile(trace)
        self.policies = policies
        self.pricing = pricing
        self.options = options
        self.usesWarmup = learns
        if learns && evaluationStart >= trace.end {
            throw PolicyError(
                "the warmup (\(options.warmup)) covers the whole trace (\(DurationText.format(trace.end - trace.start))): "
                    + "nothing is left to evaluate the learning policies on")
        }
    }

    /// `mix` (the per-workload mix), which takes no parameters.
    static func isMix(_ spec: PolicySpec) -> Bool { spec.name == "mix" }

    /// The recorded settings: the baseline every scenario is compared with.
    static let recordedSettings = PolicyFactory(
        spec: PolicySpec(name: "static"), parameters: .recorded, type: StaticPolicy.self)

    /// Start of the evaluation window: the trace start, or the end of the warmup.
    public var evaluationStart: TraceInstant {
        let trace = profile.trace
        guard usesWarmup else { return trace.start }
        return trace.start + options.warmup.length(ofSpan: trace.end - trace.start)
    }

    /// The scenarios replayed: one per policy in the order given, and the baseline (the recorded
    /// settings) added when not listed.
    public var scenarios: [Scenario] { Scenario.of(policies) }

    /// Runs every scenario (on all cores) and scores them.
    public func run() -> ReplayOutcome {
        let scenarios = self.scenarios
        let factories = self.factories + (scenarios.count > self.factories.count ? [Self.recordedSettings] : [])
        let trace = profile.trace
        let evaluationStart = self.evaluationStart
        let context = SummaryContext(
            trace: trace, coverage: profile.coverage, pricing: pricing,
            window: TimeSpan(start: evaluationStart, end: trace.end),
            censoredMemorySamples: profile.censoredMemorySamples, bestEffortContainers: Set(trace.bestEffortContainers))
        // Monte Carlo runs are independent (each resolves its failures from the seed and its number):
        // they share the cores, and only the first keeps its whole results.
        let firstRun = TaskSlots<[ScenarioResult]>(count: 1)
        let runSummaries = TaskSlots<[ScenarioSummary]>(count: runs)
        let keepsSeriesResults = options.keepsSeriesResults
        DispatchQueue.concurrentPerform(iterations: runs) { run in
            var results = replayRun(run, factories, evaluationStart: evaluationStart)
            // The replays' engines, parts and policies are freed by now, on the threads that made
            // them: their pages go back to the system before the summaries are made.
            HeapTrim.returnFreePages()
            var summaries: [ScenarioSummary] = []
            for index in results.indices {
                // Without series results kept, the summary holds the only copy of the series tables
                // and frees them as soon as it has read them.
                let result = results[index]
                if !keepsSeriesResults { results[index].dropSeriesTables() }
                summaries.append(ScenarioSummary(scenario: scenarios[index], result: consume result, context: context))
            }
            if run == 0 { firstRun.store(0, results) }
            runSummaries.store(run, summaries)
        }
        let raw = firstRun.take(0)
        var summaries = (0..<runs).map { runSummaries.take($0) }
        if mixesWorkloads {
            let listed = ScenarioScoring.score(summaries, constraints: options.constraints).listed
            let choices = ScenarioMix.choose(listed, constraints: options.constraints)
            let mix = replayMix(choices, context: context)
            for run in summaries.indices { summaries[run].append(mix[run]) }
        }
        let scores = ScenarioScoring.score(summaries, constraints: options.constraints)
        return ReplayOutcome(
            profile: profile, evaluationWindow: context.window, usesWarmup: usesWarmup, options: options,
            scores: scores,
            results: Array(raw.prefix(policies.count)), failures: failures, failureNotes: raw.first?.failureNotes ?? [],
            runs: runs)
    }
}

extension Replay {
    /// The failures of Monte Carlo run `run`, resolved from the seed and the run's number (none without
    /// failure files).
    func failureTimeline(run: Int) -> FailureTimeline {
        let trace = profile.trace
        return failures.map {
            FailureTimeline.resolve($0, trace: trace, start: trace.start, end: trace.end, seed: options.seed, run: run)
        } ?? FailureTimeline()
    }

    /// Replays `factories` in Monte Carlo run `run`. The runner's parts of the trace (copies of its
    /// groupings) are made for this run only, when a scenario can be replayed in parts, and freed
    /// before its scenarios are summarized.
    func replayRun(_ run: Int, _ factories: [PolicyFactory], evaluationStart: TraceInstant) -> [ScenarioResult] {
        let failures = failureTimeline(run: run)
        var runner = ScenarioRunner(
            profile: profile, options: options, pricing: pricing,
            withParts: failures.failures.isEmpty && !pricing.modelsNodes
                && factories.contains { $0.capabilities.decidesPerWorkload })
        runner.progress = progress
        return runner.run(factories, evaluationStart: evaluationStart, failures: failures)
    }

    /// The per-workload mix of `choices` replayed as a scenario of its own in every Monte Carlo run
    /// (workloads meet on nodes and in failures, so the mix is replayed, not summed).
    func replayMix(_ choices: [MixChoice], context: SummaryContext) -> [ScenarioSummary] {
        let trace = profile.trace
        var chosen: [Int] = []
        var owner = [Int](repeating: 0, count: trace.workloads.count)
        for (w, workload) in trace.workloads.enumerated() {
            let namespace = trace.names[workload.namespaceName], name = trace.names[workload.workloadName]
            let scenario = choices.first { $0.namespace == namespace && $0.workload == name }?.scenarioIndex ?? 0
            if !chosen.contains(scenario) { chosen.append(scenario) }
            owner[w] = chosen.firstIndex(of: scenario)!
        }
        let listedFactories = zip(scenarios, factories + [Self.recordedSettings]).filter { $0.0.isListed }.map(\.1)
        let mix = PolicyFactory.mix(chosen.map { listedFactories[$0] }, owner: owner)
        let scenario = Scenario(policy: PolicySpec(name: "mix"), isBaseline: false)
        let slots = TaskSlots<ScenarioSummary>(count: runs)
        let evaluationStart = self.evaluationStart
        DispatchQueue.concurrentPerform(iterations: runs) { run in
            let result = replayRun(run, [mix], evaluationStart: evaluationStart)[0]
            var summary = ScenarioSummary(scenario: scenario, result: result, context: context)
            summary.choices = choices
            slots.store(run, summary)
        }
        return (0..<runs).map { slots.take($0) }
    }
}

/// A replay's scored scenarios with what the report needs to explain them.
public struct ReplayOutcome: Sendable {
    public let profile: TraceProfile
    /// The span every scenario is measured over.
    public let evaluationWindow: TimeSpan
    public let usesWarmup: Bool
    public let options: ReplayOptions
    /// The scenarios scored: ranked, in the order given, and the baseline.
    public let scores: ScenarioScores
    /// Raw per-series results of the first run, in the order the policies were given, for analyses
    /// that need more than the summaries (the reports read only `scores`).
    public let results: [ScenarioResult]
    /// The failures injected (nil without), what could not be placed, and the Monte Carlo runs.
    public var failures: FailureDocuments? = nil
    public var failureNotes: [String] = []
    public var runs = 1

    /// The listed scenarios, best first.
    public var scenarios: [ScenarioSummary] { scores.ranked }
    /// The recorded settings, the reference of every cost change.
    public var baseline: ScenarioSummary { scores.baseline }
    /// Scenarios replayed: the listed ones, and the baseline when not listed.
    public var replayedScenarios: Int { scores.listed.count + (scores.baseline.scenario.isListed ? 0 : 1) }
}

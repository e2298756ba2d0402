import OpexsimMetrics
import OpexsimTraces

/// How long the walk-forward warmup lasts.
public enum Warmup: Sendable, Equatable, CustomStringConvertible {
    /// A share of the trace's span (0..<1).
    case fraction(Double)
    /// A fixed duration, milliseconds.
    case duration(Int64)

    /// The default: the first 25% of the trace.
    public static let standard = Warmup.fraction(0.25)

    /// As written on the command line: `25%` or `6h`.
    public var description: String {
        switch self {
        case .fraction(let share):
            let percent = share * 100
            return percent == percent.rounded() ? "\(Int(percent))%" : "\(percent)%"
        case .duration(let length): return DurationText.format(length)
        }
    }

    /// Parses `25%`, `0.25` or a duration (`6h`, `2d`).
    public init?(parsing text: String) {
        if text.hasSuffix("%"), let percent = Double(text.dropLast()), percent >= 0, percent < 100 {
            self = .fraction(percent / 100)
        } else if text.contains("."), let fraction = Double(text), fraction >= 0, fraction < 1 {
            self = .fraction(fraction)
        } else if let duration = DurationText.parse(text) {
            self = .duration(duration)
        } else {
            return nil
        }
    }

    /// The warmup's length for a trace spanning `span` milliseconds.
    public func length(ofSpan span: Int64) -> Int64 {
        switch self {
        case .fraction(let share): return Int64((Double(span) * share).rounded())
        case .duration(let duration): return min(duration, span)
        }
    }
}

/// Settings of a replay shared by all its scenarios.
public struct ReplayOptions: Sendable {
    /// The walk-forward warmup of policies that learn from history.
    public var warmup: Warmup = .standard
    /// Re-learn and re-apply learned settings this often; nil applies them once.
    public var reapplyInterval: Int64?
    /// Container start-up time after a restart (the Kubernetes startup SLO's 5 s p99 by default).
    public var startupDelay: Int64 = 5_000
    /// How long an evicted pod takes to stop: `terminationGracePeriodSeconds`, default 30 s
    /// (pod-lifecycle docs); VPA evicts through the Eviction API, which honours it.
    public var terminationGracePeriod: Int64 = 30_000
    /// How demand is spread inside an interval, for throttling.
    public var burstModel: BurstModelKind = .auto
    /// What a scenario must meet to be feasible, and what the feasible ones rank by.
    public var constraints = ScenarioConstraints()
    /// Seed of the replay's random numbers.
    public var seed: UInt64 = 1
    /// Monte Carlo runs asked for. Without random failures every run is the same, so one is replayed.
    public var runs = 1
    /// Billing boundaries: the cost timeline is recorded at each.
    public var billingPeriod: Int64 = 3_600_000
    /// How the workloads are grouped for policies that decide per workload.
    public var partitioning = WorkloadPartitioning()
    /// `ReplayOutcome.results` keep their per-series metrics and final settings (for callers that
    /// read them); without, each scenario's are dropped once summarized, as reports need only the
    /// summaries: a million-series replay then holds them for one scenario at a time.
    public var keepsSeriesResults = true

    public init() {}
}

/// How a replay groups a trace's workloads for policies that decide per workload: each group is
/// replayed apart, by its own copy of the policy, and the groups run on all cores. The grouping
/// follows from the trace alone (never from the machine), so results are the same everywhere.
public struct WorkloadPartitioning: Sendable, Equatable {
    /// At most this many groups.
    public var maximumParts = 16
    /// A group holds at least this many samples where the trace allows (a small trace is one group).
    public var minimumSamplesPerPart = 65_536

    public init(maximumParts: Int = 16, minimumSamplesPerPart: Int = 65_536) {
        self.maximumParts = max(1, maximumParts)
        self.minimumSamplesPerPart = max(1, minimumSamplesPerPart)
    }
}

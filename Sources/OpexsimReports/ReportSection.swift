import OpexsimEngine
import OpexsimPricing

/// A top-level (`## `) section of the Markdown replay report, by a short name for `--section`.
public enum ReportSection: String, CaseIterable, Sendable {
    case ranking, workloads, changes, cost, capacity, recovery, assumptions

    /// The section's heading in the report.
    public var title: String {
        switch self {
        case .ranking: "Ranking"
        case .workloads: "Best scenarios by workload"
        case .changes: "Change against static"
        case .cost: "Who drives cost"
        case .capacity: "Capacity"
        case .recovery: "Recovery"
        case .assumptions: "Assumptions"
        }
    }

    /// When the report has the section: always, or what it needs.
    public var condition: String? {
        switch self {
        case .capacity: "node pools in the pricing model"
        case .recovery: "--failures"
        default: nil
        }
    }

    /// The sections in the order the report has them.
    public static let reportOrder: [ReportSection] = [
        .ranking, .capacity, .recovery, .workloads, .changes, .cost, .assumptions,
    ]

    /// True when the report of `outcome` priced by `pricing` has this section.
    public func isPresent(in outcome: ReplayOutcome, pricing: PricingModel) -> Bool {
        switch self {
        case .capacity: pricing.modelsNodes
        case .recovery: outcome.failures != nil
        case .changes: !outcome.scenarios.isEmpty
        default: true
        }
    }
}

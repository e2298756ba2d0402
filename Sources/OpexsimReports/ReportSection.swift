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

    /// The named sections of a rendered report, in the report's order, each from its heading to
    /// the next `## ` heading; sections the report does not have are left out.
    public static func extract(_ sections: [ReportSection], from markdown: String) -> String {
        let wanted = Set(sections.map { "## " + $0.title })
        var out = ""
        var keeping = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") { keeping = wanted.contains(String(line)) }
            if keeping { out += line + "\n" }
        }
        // A kept section ends with its blank line; the report's last one ends the text.
        while out.hasSuffix("\n\n") { out.removeLast() }
        return out
    }

    /// True when the rendered report has this section.
    public func isPresent(in markdown: String) -> Bool {
        markdown.contains("\n## \(title)\n")
    }
}

import OpexsimMetrics

extension MarkdownReport {
    /// One paragraph under the ranking: how `Throttled` was estimated here and how far each model
    /// used is from the kernel's own counters.
    static func throttlingError(_ report: MarkdownContext) -> String {
        let model = report.outcome.options.burstModel
        let used = BurstModelKind.allCases.filter { kind in
            report.outcome.scenarios.contains { ($0.burstModelSamples[kind] ?? 0) > 0 }
        }
        let measured = (model == .auto ? used : [model]).compactMap(BurstModelError.measured)
        var out =
            "`Throttled` is the share of runnable CFS periods throttled, estimated from the samples by the burst model "
        out += "`\(model.rawValue)`"
        if model == .auto && !used.isEmpty {
            out += " (here " + used.map { "`\($0.rawValue)`" }.joined(separator: " and ") + ")"
        }
        guard !measured.isEmpty else { return out + "; nothing was throttled.\n" }
        out +=
            ". Measured against the Linux kernel's CFS counters, the mean absolute error of a sample's throttled ratio is "
        out += measured.map { error in
            "\(TextFormat.fixed(error.at10s, 2)) (10 s samples) and \(TextFormat.fixed(error.at60s, 2)) (60 s) "
                + "for `\(error.model.rawValue)` \(error.measuredOn)"
        }.joined(separator: ", ")
        let interval = report.trace.interval
        if interval > 60_000 || interval < 10_000 {
            out += "; this trace's \(TextFormat.duration(seconds: Double(interval) / 1000)) samples were not measured"
        }
        return out + " (README, \"Throttling calibration\").\n"
    }
}

import OpexsimTraces

/// What an import produced: the trace its canonical rows read as, and what was dropped and noticed.
public struct ImportSummary: Sendable {
    public var source: String
    public var rows: Int
    public var replicas: Int
    public var containers: Int
    public var workloads: Int
    public var start: TraceInstant
    public var end: TraceInstant
    public var interval: Int64
    /// Share of replica time in gaps (steps over three intervals).
    public var gapRatio: Double
    public var memoryRecorded: Bool
    /// Containers with no request and no limit in any row (BestEffort).
    public var bestEffortContainers: Int
    public var dropped: [(reason: String, count: Int)]
    public var notes: [String]
    /// The converted trace, as its written rows read.
    public let trace: Trace

    /// Builds the trace the sink's rows read as (without reading them) and summarises it; errors
    /// of the whole trace (a duplicate sample, a span too long) name the input rows. The sink's
    /// trace columns are used up.
    public init(source: String, sink: consuming ImportSink) throws {
        var trace = try sink.builder.build()
        // Built, the trace stands for the converted rows as written, not for the inputs whose rows
        // its errors named.
        trace.files = ["converted trace"]
        trace.sourceFile = []
        trace.sourceLine = []
        self.source = source
        self.trace = trace
        rows = trace.sampleCount
        replicas = trace.pods.count
        containers = trace.containers.count
        workloads = trace.workloads.count
        start = trace.start
        end = trace.end
        interval = trace.interval
        let span = Double(trace.coveredTime + trace.gapTime)
        gapRatio = span > 0 ? Double(trace.gapTime) / span : 0
        memoryRecorded = trace.hasMemory
        bestEffortContainers = trace.bestEffortContainers.count
        dropped = sink.dropped
        notes = sink.notes
    }

    /// The lines `opexsim import` prints.
    public var text: String {
        func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
        var out =
            "imported \(source): \(count(rows, "row")), \(count(replicas, "replica")), \(count(containers, "container")), "
        out += "\(count(workloads, "workload"))\n"
        out += "span: \(TraceTime.format(start)) to \(TraceTime.format(end)) (\(DurationText.format(end - start))), "
        out +=
            "interval \(DurationText.format(interval)), gaps \((gapRatio * 10_000).rounded() / 100)% of replica time\n"
        if !memoryRecorded { out += "memory: not recorded by this source (reports show memory figures as n/a)\n" }
        if bestEffortContainers > 0 {
            out += "settings: no requests or limits recorded for "
            out +=
                bestEffortContainers == containers
                ? "any container" : "\(bestEffortContainers) of \(count(containers, "container"))"
            out +=
                " (BestEffort): replayed as recorded (`static`) they reserve nothing and pay only for what they use\n"
        }
        if dropped.isEmpty {
            out += "dropped: none\n"
        } else {
            out += "dropped: " + dropped.map { "\($0.count) \($0.reason)" }.joined(separator: "; ") + "\n"
        }
        for note in notes { out += "note: \(note)\n" }
        return out
    }
}

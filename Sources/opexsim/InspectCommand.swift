import ArgumentParser
import Foundation
import OpexsimTraces

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Read traces and summarise them: rows, replicas, workloads, span, interval, gaps.")

    @OptionGroup var input: TraceOptions

    @Flag(name: .long, help: "Print how long reading took and the rows per second on standard error.")
    var timings = false

    func run() throws {
        let clock = ContinuousClock()
        let started = clock.now
        let trace = input.read()
        let elapsed = started.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let span = Double(trace.coveredTime + trace.gapTime)
        var out = "files: \(trace.files.joined(separator: ", "))\n"
        out += "rows: \(trace.sampleCount) (skipped \(trace.skippedRows))\n"
        out +=
            "workloads: \(trace.workloads.count), containers: \(trace.containers.count), replicas: \(trace.pods.count), series: \(trace.series.count)\n"
        out +=
            "span: \(TraceTime.format(trace.start)) to \(TraceTime.format(trace.end)) (\(DurationText.format(trace.end - trace.start)))\n"
        out += "interval: \(DurationText.format(trace.interval)) (median step)\n"
        out += "gaps: \(span > 0 ? (Double(trace.gapTime) / span * 10_000).rounded() / 100 : 0)% of replica time\n"
        out += "memory recorded: \(trace.hasMemory ? "yes" : "no")\n"
        var optional: [String] = []
        if !trace.throttledRatio.isEmpty { optional.append("cpu_throttled_ratio") }
        if !trace.oomKilled.isEmpty { optional.append("oom_killed") }
        if !trace.cpuPercentileLevels.isEmpty {
            optional.append(
                "cpu percentiles "
                    + trace.cpuPercentileLevels.map { $0 == 100 ? "max" : "p\(Int($0))" }.joined(separator: ","))
        }
        for (column, count) in [
            ("labels", trace.pods.indices.filter { trace.labels(ofPod: $0) != nil }.count),
            ("annotations", trace.pods.indices.filter { trace.annotations(ofPod: $0) != nil }.count),
        ] where count > 0 {
            optional.append("\(column) (\(count) of \(trace.pods.count) replicas)")
        }
        out += "optional columns: \(optional.isEmpty ? "none" : optional.joined(separator: ", "))\n"
        emit(out)
        if timings {
            note(
                "read \(trace.sampleCount) rows in \(String(format: "%.3f", seconds)) s: \(String(format: "%.2f", Double(trace.sampleCount) / seconds / 1e6)) M rows/s"
            )
        }
    }
}

import OpexsimTraces

extension Fuzz {
    /// What a trace holds, independent of how it is stored (the order of the name and settings
    /// tables): two readings of the same input must give the same lines. Every index the trace holds
    /// is followed, so an inconsistent trace traps here. `lines`: include each sample's source line
    /// (a cache keeps none); `sources`: include source files, lines and warnings (which name them).
    public static func fingerprint(_ trace: Trace, lines includeLines: Bool = true, sources: Bool = true) -> [String] {
        func name(_ id: Int32) -> String { id < 0 ? "-" : trace.names[id] }
        func bits(_ value: Double?) -> String { value.map { String($0.bitPattern, radix: 16) } ?? "nil" }
        var lines =
            ["interval \(trace.interval) skipped \(trace.skippedRows)"]
            + (sources ? trace.warnings : ["\(trace.warnings.count) warnings"])
        lines.append("levels " + trace.cpuPercentileLevels.map { bits($0) }.joined(separator: " "))
        let levels = trace.cpuPercentileLevels.count
        for series in trace.series {
            let names = [
                series.namespaceName, series.workloadName, series.containerName, series.podName, series.nodeName,
                series.teamName, series.labelsName, series.annotationsName,
            ]
            lines.append(names.map(name).joined(separator: "|") + " \(series.interval) \(series.gapTime)")
            for sample in series.range {
                let settings = trace.settings[Int(trace.settingsIndex[sample])]
                var line = "\(trace.time[sample]) \(bits(trace.cpu[sample])) \(bits(trace.memory[sample]))"
                let file = trace.sourceFile.isEmpty ? 0 : trace.sourceFile[sample]
                line += " \(settings.description)"
                if sources { line += " \(file)" }
                if sources && includeLines && !trace.sourceLine.isEmpty { line += ":\(trace.sourceLine[sample])" }
                if !trace.throttledRatio.isEmpty { line += " t\(bits(trace.throttledRatio[sample]))" }
                if !trace.oomKilled.isEmpty { line += " o\(trace.oomKilled[sample])" }
                for level in 0..<levels { line += " " + bits(trace.cpuPercentiles[sample * levels + level]) }
                lines.append(line)
            }
        }
        for container in trace.containers {
            lines.append("container " + container.series.map { name(trace.series[$0].podName) }.joined(separator: ","))
        }
        for workload in trace.workloads {
            lines.append("workload \(name(workload.teamName)) \(workload.containers.count) \(workload.pods.count)")
        }
        lines.append("span \(trace.start) \(trace.end) \(trace.coveredTime) \(trace.gapTime)")
        return lines
    }

    /// The trace written as a cache and read back; the reading must hold what the trace holds.
    public static func roundTrip(_ trace: Trace, file: String) {
        let bytes = TraceCache.encode(trace)
        do {
            let decoded = try bytes.withUnsafeBufferPointer { try TraceCache.decode($0, file: file) }
            expect(
                fingerprint(decoded, lines: false) == fingerprint(trace, lines: false),
                "the trace read back from its cache differs")
        } catch {
            fatalError("fuzz finding: the cache of a trace is refused: \(error)")
        }
    }
}

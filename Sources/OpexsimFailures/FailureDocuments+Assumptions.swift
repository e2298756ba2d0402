import OpexsimTraces

extension FailureDocuments {
    /// What the replay assumed in reading the files against `trace`, for the report: label selectors
    /// matched against workload names where the trace records no labels, Velero label selectors taken
    /// as whole or leaving pods out, and what an unset `snapshotVolumes` was taken to mean.
    public func assumptions(on trace: Trace) -> [String] {
        let index = TraceIndex(trace)
        var notes: [String] = []
        // The first instant any replica runs: experiments acting then need no note.
        let firstSample = trace.pods.indices.map(index.podSeriesFirstSample).min() ?? trace.start
        for spec in failures {
            for note in index.labelNotes(spec.selector) {
                notes.append("\(spec.name) (\(spec.location)): \(note)")
            }
            if case .whenTargetsRun = spec.timing, let first = index.firstRun(of: spec), first > firstSample {
                notes.append(
                    "\(spec.name) (\(spec.location)): without opexsim.io/start it starts when the first \(spec.node == nil ? "pod it selects" : "pod on its node") runs, at \(TraceTime.format(first))"
                )
            }
        }
        for schedule in backups {
            let title = "Velero Schedule \(schedule.name) (\(schedule.location))"
            if !schedule.labelSelectors.isEmpty {
                let selector = schedule.labelSelectors.map { $0.map(\.description).joined(separator: ", ") }
                    .joined(separator: " or ")
                let covered = trace.pods.indices.filter {
                    schedule.covers(namespace: trace.names[trace.pods[$0].namespaceName])
                }
                let unlabelled = covered.filter { index.podLabels[$0] == nil }.count
                let left = covered.filter { !schedule.holds(labels: index.podLabels[$0]) }.count
                var text = "\(title): backs up the pods matching \(selector)"
                if left > 0 {
                    text += "; \(left) of the \(covered.count) pods it covers do not match and are not restored"
                }
                if unlabelled > 0 {
                    text += "; \(unlabelled) pods have no recorded labels, so their restore is taken as whole"
                }
                notes.append(text)
            }
            if schedule.snapshotVolumesUnset {
                notes.append(
                    restore.volumeSnapshotProvider
                        ? "\(title): snapshotVolumes is unset, so volumes are snapshotted (a volume snapshot provider is taken as configured; `volume_snapshot_provider: false` under a FailurePlan's restore: says otherwise)"
                        : "\(title): snapshotVolumes is unset and no volume snapshot provider is configured (restore: volume_snapshot_provider: false), so volumes are snapshotted only with defaultVolumesToFsBackup"
                )
            }
        }
        return notes
    }
}

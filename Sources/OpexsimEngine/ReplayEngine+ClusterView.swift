import OpexsimPolicies
import OpexsimTraces

/// What policies may read of the replay at a tick or an admission.
extension ReplayEngine: ClusterView {
    public func settings(ofSeries series: Int) -> ResourceSettings {
        if states[series].settings.recordedIndex != .max { return states[series].settings.resources }
        let recorded = recordedSettings(ofSeries: series)
        return driver.containerOverride[seriesContainer[series]]?.applied(to: recorded) ?? recorded
    }

    public func recordedSettings(ofSeries series: Int) -> ResourceSettings {
        let index = states[series].settings.recordedIndex
        if index != .max { return trace.settings[Int(index)] }
        let range = trace.series[series].range
        return range.isEmpty ? .unset : trace.settings[Int(trace.settingsIndex[range.lowerBound])]
    }

    public func isLive(series: Int) -> Bool {
        // Stored fields only: reading a computed property would copy the state (and retain its arrays).
        states[series].settings.recordedIndex != .max && states[series].cursor < states[series].end
    }

    public func status(ofSeries series: Int) -> SeriesStatus {
        // Field by field: copying the whole state would retain its arrays.
        SeriesStatus(
            isLive: isLive(series: series), isRunning: states[series].isUp, isPending: states[series].recreating,
            podStartedAt: states[series].podStartedAt, lastOOMKill: states[series].lastOOMKill?.time,
            lastOOMRunningFor: states[series].lastOOMKill?.runningFor, workingSet: states[series].last.workingSet)
    }
}

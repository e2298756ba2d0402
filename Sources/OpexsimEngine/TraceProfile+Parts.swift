import OpexsimTraces

extension TraceProfile {
    /// The profile of one slice of workloads, for a replay of that slice on its own (see
    /// `Trace.part(_:)`): per-container and per-series facts are sliced, per-sample ones shared.
    public func part(_ slice: TraceSlice) -> TraceProfile {
        TraceProfile(
            trace: trace.part(slice),
            burst: burst.part(containers: slice.containers),
            calibrated: calibrated.part(containers: slice.containers),
            coverage: coverage.slice(slice.series),
            censoredCPUSamples: Array(censoredCPUSamples[slice.containers]),
            censoredMemorySamples: Array(censoredMemorySamples[slice.containers]),
            observedFits: observedFits, settingsCPULimit: settingsCPULimit)
    }
}

extension KRRSettings {
    /// KRR's memory request and limit, bytes, before rounding: the largest peak working set of the
    /// pods plus `memoryBufferPercentage`; with `usesOOMKillData`, at least the highest limit the
    /// container was OOM-killed at plus `oomMemoryBufferPercentage`. Nil when no pod has a sample.
    func memoryProposal(podPeaks: [Double], oomKillLimits: [Double]) -> Double? {
        guard let peak = podPeaks.max() else { return nil }
        let buffered = peak * (1 + memoryBufferPercentage / 100)
        guard usesOOMKillData, let killedAt = oomKillLimits.max() else { return buffered }
        return max(buffered, killedAt * (1 + oomMemoryBufferPercentage / 100))
    }
}

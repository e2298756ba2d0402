import OpexsimMetrics
import OpexsimTraces
import Testing

@testable import OpexsimEngine

/// What a million one-row containers cost is mostly these per-series and per-container records: a
/// field added or a flag placed between two wider fields shows here first.
@Suite("Per-series records keep their size")
struct PerSeriesLayoutTests {
    @Test("replay state, metrics, summaries and trace records, bytes each")
    func strides() {
        #expect(MemoryLayout<SeriesState>.stride == 272)
        #expect(MemoryLayout<SettingsInForce>.size == 84)
        #expect(MemoryLayout<CPUThrottlingHighDetector>.size == 50)
        #expect(MemoryLayout<SeriesMetrics>.stride == 200)
        #expect(MemoryLayout<ContainerSummary>.stride == 224)
        #expect(MemoryLayout<SeriesSummary>.stride == 48)
        #expect(MemoryLayout<ResourceSettings>.stride == 32)
        #expect(MemoryLayout<TraceSeries>.stride == 80)
        #expect(MemoryLayout<IndexList>.stride == 16)
        #expect(MemoryLayout<TraceContainer>.stride == 32 && MemoryLayout<TracePod>.stride == 32)
        #expect(MemoryLayout<TraceWorkload>.stride == 48)
    }
}

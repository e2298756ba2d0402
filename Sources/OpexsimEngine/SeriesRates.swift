/// Dollars per allocated core-second and byte-second.
struct AllocationRates {
    var cpu = 0.0
    var memory = 0.0
}

/// The rates each series' allocations are priced at: the flat rates, or per series the rates of the
/// node its pod runs on, kept only where node pools are modelled (most replays need no table).
struct SeriesRates {
    let flat: AllocationRates
    /// Per series; empty without node pools. The engine that made it frees it (`deallocate`).
    private let perSeries: UnsafeMutableBufferPointer<AllocationRates>

    init(flat: AllocationRates, seriesCount: Int, perNode: Bool) {
        self.flat = flat
        perSeries = .allocate(capacity: perNode ? seriesCount : 0)
        perSeries.initialize(repeating: flat)
    }

    /// A series' rates now; set only where node pools are modelled.
    @inline(__always)
    subscript(series: Int) -> AllocationRates {
        get { perSeries.isEmpty ? flat : perSeries[series] }
        nonmutating set { perSeries[series] = newValue }
    }

    func deallocate() { perSeries.deallocate() }
}

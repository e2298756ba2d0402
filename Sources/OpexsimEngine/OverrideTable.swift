import OpexsimPolicies

/// The settings a policy set, one slot per container or per series, nil where it set none. The
/// slots are made on the first override: a policy that keeps the recorded settings (or acts per
/// container only, for the per-series table) costs no memory per series.
struct OverrideTable {
    private var slots: [SettingsOverride?] = []
    let count: Int

    init(count: Int) {
        self.count = count
    }

    subscript(index: Int) -> SettingsOverride? {
        @inline(__always) get { slots.isEmpty ? nil : slots[index] }
        set {
            if slots.isEmpty {
                guard newValue != nil else { return }
                slots = Array(repeating: nil, count: count)
            }
            slots[index] = newValue
        }
    }
}

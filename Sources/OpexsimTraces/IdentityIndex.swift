/// Finds a series of a `TraceBuilder` by the four name ids of its identity, with a cheap hash of the
/// ids (the Swift `Dictionary`'s seeded hashing was a fifth of reading a trace of a million series):
/// open addressing over the builder's identities, a power of two of slots at most half full, each
/// slot a series id or -1.
struct IdentityIndex {
    private var slots = [Int32](repeating: -1, count: 1024)

    /// The series of `identity` among `identities`, or nil; when nil, `identities.count` is filed as
    /// its id (the caller appends it).
    mutating func findOrFile(_ identity: TraceBuilder.Identity, in identities: [TraceBuilder.Identity]) -> Int? {
        let mask = slots.count - 1
        var slot = Self.slot(identity, mask)
        while true {
            let id = slots[slot]
            if id < 0 { break }
            if identities[Int(id)] == identity { return Int(id) }
            slot = (slot + 1) & mask
        }
        slots[slot] = Int32(truncatingIfNeeded: identities.count)
        if (identities.count + 1) * 2 > slots.count { grow(identities, adding: identity) }
        return nil
    }

    @inline(__always)
    private static func slot(_ identity: TraceBuilder.Identity, _ mask: Int) -> Int {
        let names = UInt64(UInt32(bitPattern: identity.namespace)) << 32 | UInt64(UInt32(bitPattern: identity.workload))
        let replica = UInt64(UInt32(bitPattern: identity.container)) << 32 | UInt64(UInt32(bitPattern: identity.pod))
        let h = SeriesKeyTable.mix(SeriesKeyTable.mix(0x5851_F42D_4C95_7F2D, names), replica)
        return Int(truncatingIfNeeded: h ^ (h >> 31)) & mask
    }

    /// Twice the slots, every series filed again (the one being added, not yet in `identities`, too).
    private mutating func grow(_ identities: [TraceBuilder.Identity], adding identity: TraceBuilder.Identity) {
        let size = slots.count * 2
        var grown = [Int32](repeating: -1, count: size)
        for id in 0...identities.count {
            var slot = Self.slot(id < identities.count ? identities[id] : identity, size - 1)
            while grown[slot] >= 0 { slot = (slot + 1) & (size - 1) }
            grown[slot] = Int32(truncatingIfNeeded: id)
        }
        slots = grown
    }
}

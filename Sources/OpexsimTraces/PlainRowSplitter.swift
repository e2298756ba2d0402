/// Splits plain rows (no quotes, no byte below `,` other than the commas and the closing line
/// feed) sixty-four bytes at a time: one mask of a block's bytes below 0x2D, whose set bits are the
/// field ends. Any other row is left to the reader's general splitting, which then reads it from its
/// start: a row the mask would split differently (a quote, a space, a tab, a carriage return not
/// followed by a line feed, too few or too many fields) never comes out of here.
struct PlainRowSplitter {
    /// The block the mask covers; far before any row when no block is loaded.
    private var blockStart = Int.min / 2
    /// The block's flagged bytes not yet consumed.
    private var mask: UInt64 = 0

    /// The high bit of each byte of `x` below 0x2D: `(b & 0x7F) + 0x53` stays below 0x80 only for
    /// such bytes, and `| x` leaves out bytes with their own high bit (UTF-8).
    @inline(__always)
    static func flagged(_ x: SIMD2<UInt64>) -> UInt64 {
        let low7 = SIMD2<UInt64>(repeating: 0x7F7F_7F7F_7F7F_7F7F)
        let below = SIMD2<UInt64>(repeating: 0x5353_5353_5353_5353)
        let highs = SIMD2<UInt64>(repeating: 0x8080_8080_8080_8080)
        let bits = ~(((x & low7) &+ below) | x) & highs
        // Gathers the eight high bits of each lane into its top byte, in byte order.
        let gather: UInt64 = 0x0002_0408_1020_4081
        return (bits[0] &* gather) >> 56 | ((bits[1] &* gather) >> 56) << 8
    }

    /// Bit k set when byte `at + k` is below 0x2D, for the 64 bytes from `at`.
    @inline(__always)
    static func block(_ base: UnsafePointer<UInt8>, at start: Int) -> UInt64 {
        let bytes = UnsafeRawPointer(base + start)
        return flagged(bytes.loadUnaligned(as: SIMD2<UInt64>.self))
            | flagged(bytes.loadUnaligned(fromByteOffset: 16, as: SIMD2<UInt64>.self)) << 16
            | flagged(bytes.loadUnaligned(fromByteOffset: 32, as: SIMD2<UInt64>.self)) << 32
            | flagged(bytes.loadUnaligned(fromByteOffset: 48, as: SIMD2<UInt64>.self)) << 48
    }

    /// Splits the row at `start` into `spans` (one per field) and returns where the next row starts,
    /// or nil when the row is not plain or does not end before `limit` (nothing past `limit` is read).
    @inline(__always)
    mutating func split(
        _ base: UnsafePointer<UInt8>, at start: Int, limit: Int, into spans: UnsafeMutableBufferPointer<FieldSpan>
    ) -> Int? {
        if start < blockStart || start >= blockStart + 64 {
            guard start + 64 <= limit else { return nil }
            blockStart = start
            mask = Self.block(base, at: start)
        } else {
            mask &= ~0 << UInt64(start - blockStart)
        }
        let fields = spans.count
        var fieldStart = start
        var notCommas: UInt8 = 0
        var field = 0
        while true {
            while mask == 0 {
                blockStart += 64
                guard blockStart + 64 <= limit else { return reset() }
                mask = Self.block(base, at: blockStart)
            }
            let position = blockStart + mask.trailingZeroBitCount
            mask &= mask &- 1
            let byte = base[position]
            spans[field] = FieldSpan(start: fieldStart, end: position)
            fieldStart = position + 1
            field += 1
            if field == fields {
                guard notCommas == 0 else { return reset() }
                if byte == CanonicalRowParser.newline { return position + 1 }
                guard byte == CanonicalRowParser.carriageReturn, position + 1 < limit,
                    base[position + 1] == CanonicalRowParser.newline
                else {
                    return reset()
                }
                return position + 2
            }
            notCommas |= byte ^ CanonicalRowParser.comma
        }
    }

    /// Forgets the block (its bits may be consumed past a row the general splitting reads); nil.
    private mutating func reset() -> Int? {
        blockStart = Int.min / 2
        mask = 0
        return nil
    }
}

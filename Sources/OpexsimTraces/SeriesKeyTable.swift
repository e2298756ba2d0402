/// Finds the series of a row from the raw bytes of its identity fields (namespace, workload,
/// container, pod) without building strings: an open-addressing table of word-at-a-time hashes,
/// verified byte for byte against the stored key.
struct SeriesKeyTable {
    private var slots: [Int32] = Array(repeating: -1, count: 1024)
    private var hashes: [UInt64] = []
    private var keyBytes: [UInt8] = []
    /// Per series: offset into `keyBytes` and the four field lengths.
    private var keys: [(offset: Int, lengths: (Int32, Int32, Int32, Int32))] = []

    var count: Int { keys.count }

    @inline(__always)
    static func mix(_ h: UInt64, _ word: UInt64) -> UInt64 {
        var x = (h ^ word) &* 0x9E37_79B9_7F4A_7C15
        x ^= x >> 29
        return x
    }

    @inline(__always)
    static func hash(_ base: UnsafePointer<UInt8>, _ span: FieldSpan, into h: inout UInt64) {
        var i = span.start
        let end = span.end
        while i + 8 <= end {
            h = mix(h, UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            i += 8
        }
        var tail: UInt64 = UInt64(end - span.start) << 56
        var shift: UInt64 = 0
        while i < end {
            tail |= UInt64(base[i]) << shift
            shift += 8
            i += 1
        }
        h = mix(h, tail)
    }

    @inline(__always)
    static func hash(_ base: UnsafePointer<UInt8>, _ fields: (FieldSpan, FieldSpan, FieldSpan, FieldSpan)) -> UInt64 {
        var h: UInt64 = 0x5851_F42D_4C95_7F2D
        hash(base, fields.0, into: &h)
        hash(base, fields.1, into: &h)
        hash(base, fields.2, into: &h)
        hash(base, fields.3, into: &h)
        return h ^ (h >> 31)
    }

    @inline(__always)
    private func matches(
        _ series: Int, _ base: UnsafePointer<UInt8>, _ fields: (FieldSpan, FieldSpan, FieldSpan, FieldSpan)
    ) -> Bool {
        let key = keys[series]
        guard key.lengths.0 == Int32(fields.0.count), key.lengths.1 == Int32(fields.1.count),
            key.lengths.2 == Int32(fields.2.count), key.lengths.3 == Int32(fields.3.count)
        else { return false }
        return keyBytes.withUnsafeBufferPointer { stored -> Bool in
            let keyBase = stored.baseAddress!
            var offset = key.offset
            @inline(__always) func same(_ span: FieldSpan) -> Bool {
                defer { offset += span.count }
                return Self.equalBytes(keyBase + offset, base + span.start, span.count)
            }
            return same(fields.0) && same(fields.1) && same(fields.2) && same(fields.3)
        }
    }

    /// `count` bytes at `a` and `b` are equal: eight at a time, the rest as one overlapping load of
    /// eight, four, two or one (names are short, so a call to `memcmp` costs more than the
    /// comparison). Reads nothing outside the `count` bytes.
    @inline(__always)
    static func equalBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        let x = UnsafeRawPointer(a), y = UnsafeRawPointer(b)
        @inline(__always) func same<Word: FixedWidthInteger>(_ offset: Int, _: Word.Type) -> Bool {
            x.loadUnaligned(fromByteOffset: offset, as: Word.self)
                == y.loadUnaligned(fromByteOffset: offset, as: Word.self)
        }
        if count >= 8 {
            var i = 0
            while i + 8 < count {
                if !same(i, UInt64.self) { return false }
                i += 8
            }
            return same(count - 8, UInt64.self)
        }
        if count >= 4 { return same(0, UInt32.self) && same(count - 4, UInt32.self) }
        if count >= 2 { return same(0, UInt16.self) && same(count - 2, UInt16.self) }
        return count < 1 || a[0] == b[0]
    }

    /// The series that followed each series in the rows last time: time-interleaved traces repeat
    /// the order of their series at every timestamp, and rows sorted by series follow themselves.
    private var successors: [Int32] = []

    /// The series that followed `series` last time, or -1.
    @inline(__always)
    func successor(of series: Int) -> Int { Int(successors[series]) }

    /// Records that `next` followed `series`.
    @inline(__always)
    mutating func setSuccessor(of series: Int, to next: Int) { successors[series] = Int32(truncatingIfNeeded: next) }

    /// True when the identity fields are those of `series` (a cheap check for runs of one series).
    @inline(__always)
    func isSeries(_ series: Int, _ base: UnsafePointer<UInt8>, _ fields: (FieldSpan, FieldSpan, FieldSpan, FieldSpan))
        -> Bool
    {
        matches(series, base, fields)
    }

    /// The series with these identity fields, or nil; `hash` must be `Self.hash(base, fields)`.
    @inline(__always)
    func find(hash: UInt64, _ base: UnsafePointer<UInt8>, _ fields: (FieldSpan, FieldSpan, FieldSpan, FieldSpan))
        -> Int?
    {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let candidate = slots[slot]
            if candidate < 0 { return nil }
            if hashes[Int(candidate)] == hash && matches(Int(candidate), base, fields) { return Int(candidate) }
            slot = (slot + 1) & mask
        }
    }

    /// Adds a new series key and returns its id (ids count up from 0).
    mutating func insert(
        hash: UInt64, _ base: UnsafePointer<UInt8>, _ fields: (FieldSpan, FieldSpan, FieldSpan, FieldSpan)
    ) -> Int {
        if (keys.count + 1) * 2 > slots.count { grow() }
        let id = keys.count
        let offset = keyBytes.count
        keyBytes.append(contentsOf: UnsafeBufferPointer(start: base + fields.0.start, count: fields.0.count))
        keyBytes.append(contentsOf: UnsafeBufferPointer(start: base + fields.1.start, count: fields.1.count))
        keyBytes.append(contentsOf: UnsafeBufferPointer(start: base + fields.2.start, count: fields.2.count))
        keyBytes.append(contentsOf: UnsafeBufferPointer(start: base + fields.3.start, count: fields.3.count))
        keys.append(
            (offset, (Int32(fields.0.count), Int32(fields.1.count), Int32(fields.2.count), Int32(fields.3.count))))
        hashes.append(hash)
        successors.append(-1)
        place(id, hash: hash)
        return id
    }

    private mutating func place(_ id: Int, hash: UInt64) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(id)
    }

    private mutating func grow() {
        slots = Array(repeating: -1, count: slots.count * 2)
        for (id, hash) in hashes.enumerated() { place(id, hash: hash) }
    }
}

/// A field of a row: byte offsets into the file buffer, end exclusive.
public struct FieldSpan: Sendable, Equatable {
    public var start: Int
    public var end: Int
    public var count: Int { end - start }
    public static let empty = FieldSpan(start: 0, end: 0)

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

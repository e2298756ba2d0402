#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Interned strings: each distinct name is stored once and referred to by a small integer. Names are
/// held packed, as their UTF-8 bytes one after another, and made into a `String` when read: a trace
/// of a million pods would otherwise keep a million small heap strings. While names are added, an
/// open-addressing index over their bytes finds a name's id (a word-at-a-time hash, the bytes then
/// compared); a built trace's table (`droppingLookup`) holds no index.
public struct NameTable: Sendable, Equatable {
    /// Every name's bytes, in id order, and where each name ends.
    private var bytes: [UInt8] = []
    private var ends: [Int] = []
    /// The index while names may be added: each slot an id or -1, a power of two of them, at most
    /// half full. Empty once dropped (made again if a name is added after all).
    private var slots: [Int32] = []
    /// Every name is ASCII: names then order as their bytes do, and two names are the same `String`
    /// only when their bytes are the same.
    private var ascii = true
    /// Once a name is not ASCII, names are found as `String`s (canonically equivalent spellings, such as
    /// a precomposed and a decomposed "é", are one name): every name of the table, by its string.
    private var strings: [String: Int32]?

    public init() {}

    /// A table of `names` in id order (each once).
    public init(names: [String]) {
        for name in names { _ = intern(name) }
    }

    /// How many names the table holds.
    public var count: Int { ends.count }

    /// The names in id order.
    public var names: [String] { (0..<ends.count).map { self[Int32($0)] } }

    /// The id of `name`, adding it if it is new.
    public mutating func intern(_ name: String) -> Int32 {
        var name = name
        return name.withUTF8 { intern(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// The id of the name whose UTF-8 bytes are `name`, adding it if it is new.
    public mutating func intern(bytes name: UnsafeRawBufferPointer) -> Int32 {
        if !ascii || !name.allSatisfy({ $0 < 0x80 }) { return internString(name) }
        if slots.isEmpty { rebuildIndex(minimumSlots: 1024) }
        let hash = Self.hash(name)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let id = slots[slot]
            if id < 0 { break }
            if matches(id, name) { return id }
            slot = (slot + 1) & mask
        }
        let id = Int32(ends.count)
        bytes.append(contentsOf: name)
        ends.append(bytes.count)
        slots[slot] = id
        if ends.count * 2 > slots.count { rebuildIndex(minimumSlots: slots.count * 2) }
        return id
    }

    /// `intern(bytes:)` by `String` equality: from the first name that is not ASCII on, for every name.
    private mutating func internString(_ name: UnsafeRawBufferPointer) -> Int32 {
        if strings == nil {
            var all: [String: Int32] = [:]
            all.reserveCapacity(ends.count * 2)
            for id in 0..<ends.count where all[self[Int32(id)]] == nil { all[self[Int32(id)]] = Int32(id) }
            strings = all
            slots = []
        }
        let text = String(decoding: name, as: UTF8.self)
        if let id = strings![text] { return id }
        let id = Int32(ends.count)
        bytes.append(contentsOf: name)
        ends.append(bytes.count)
        ascii = ascii && name.allSatisfy { $0 < 0x80 }
        strings![text] = id
        return id
    }

    /// Calls `body` with the UTF-8 bytes of name `id`.
    public func withBytes<Result>(of id: Int32, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        bytes.withUnsafeBytes { all in
            let (start, end) = range(of: Int(id))
            return body(UnsafeRawBufferPointer(rebasing: all[start..<end]))
        }
    }

    /// The id of `name` if it was interned.
    public func id(of name: String) -> Int32? {
        if let strings { return strings[name] }
        let utf8 = Array(name.utf8)
        return utf8.withUnsafeBytes { raw in
            (0..<ends.count).first { matches(Int32($0), raw) }.map { Int32($0) }
        }
    }

    public subscript(id: Int32) -> String {
        bytes.withUnsafeBufferPointer { all in
            let (start, end) = range(of: Int(id))
            return String(decoding: UnsafeBufferPointer(rebasing: all[start..<end]), as: UTF8.self)
        }
    }

    /// Where name `index`'s bytes are.
    @inline(__always)
    private func range(of index: Int) -> (Int, Int) {
        (index == 0 ? 0 : ends[index - 1], ends[index])
    }

    @inline(__always)
    private func matches(_ id: Int32, _ name: UnsafeRawBufferPointer) -> Bool {
        let (start, end) = range(of: Int(id))
        guard end - start == name.count else { return false }
        guard let other = name.baseAddress, !name.isEmpty else { return true }
        return bytes.withUnsafeBufferPointer { memcmp($0.baseAddress! + start, other, name.count) == 0 }
    }

    /// A name's hash: the reader's word-at-a-time hash of series keys over its bytes.
    @inline(__always)
    static func hash(_ name: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0x5851_F42D_4C95_7F2D
        guard let base = name.baseAddress else { return h }
        SeriesKeyTable.hash(
            base.assumingMemoryBound(to: UInt8.self), FieldSpan(start: 0, end: name.count), into: &h)
        return h ^ (h >> 31)
    }

    /// The index made again with at least `minimumSlots` slots (and room for every name).
    private mutating func rebuildIndex(minimumSlots: Int) {
        var size = max(16, minimumSlots)
        while size < ends.count * 2 + 2 { size *= 2 }
        var index = [Int32](repeating: -1, count: size)
        let mask = size - 1
        bytes.withUnsafeBytes { all in
            for id in 0..<ends.count {
                let (start, end) = range(of: id)
                var slot =
                    Int(truncatingIfNeeded: Self.hash(UnsafeRawBufferPointer(rebasing: all[start..<end]))) & mask
                while index[slot] >= 0 { slot = (slot + 1) & mask }
                index[slot] = Int32(id)
            }
        }
        slots = index
    }

    /// Whether name `a` sorts before name `b` as their `String`s do (in a table of ASCII names, by
    /// their bytes, without making the strings).
    public func precedes(_ a: Int32, _ b: Int32) -> Bool {
        guard ascii else { return self[a] < self[b] }
        let (xStart, xEnd) = range(of: Int(a)), (yStart, yEnd) = range(of: Int(b))
        let xCount = xEnd - xStart, yCount = yEnd - yStart
        let common = min(xCount, yCount)
        let order =
            common == 0
            ? 0
            : bytes.withUnsafeBufferPointer { base in
                memcmp(base.baseAddress! + xStart, base.baseAddress! + yStart, common)
            }
        return order != 0 ? order < 0 : xCount < yCount
    }

    /// The same names without the index, which only adding names needs (it is made again if a name
    /// is added after all): a trace of a million pods then holds its names in about their bytes.
    public func droppingLookup() -> NameTable {
        var table = NameTable()
        // Copied to their size: a table grown name by name holds spare capacity.
        table.bytes = bytes.withUnsafeBufferPointer { Array($0) }
        table.ends = ends.withUnsafeBufferPointer { Array($0) }
        table.ascii = ascii
        return table
    }

    public static func == (a: NameTable, b: NameTable) -> Bool {
        a.ends == b.ends && a.bytes == b.bytes
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Interned strings: each distinct name is stored once and referred to by a small integer. While
/// names are added the table holds them as strings with a look-up from name to id; a built trace's
/// table (`droppingLookup`) holds them packed, as their UTF-8 bytes one after another, and makes a
/// name into a `String` when it is read: a trace of a million pods would otherwise keep a million
/// small heap strings.
public struct NameTable: Sendable, Equatable {
    /// The names in id order and each name's id, while names may be added.
    private var strings: [String] = []
    private var ids: [String: Int32] = [:]
    /// Once packed: every name's bytes, in id order, and where each name ends.
    private var bytes: [UInt8] = []
    private var ends: [Int] = []
    private var isPacked = false
    /// Every packed name is ASCII: names then order as their bytes do.
    private var ascii = true

    public init() {}

    /// A table of `names` in id order (each once).
    public init(names: [String]) {
        for name in names { _ = intern(name) }
    }

    /// How many names the table holds.
    public var count: Int { isPacked ? ends.count : strings.count }

    /// The names in id order.
    public var names: [String] { isPacked ? (0..<ends.count).map { self[Int32($0)] } : strings }

    /// The id of `name`, adding it if it is new.
    public mutating func intern(_ name: String) -> Int32 {
        if isPacked { unpack() }
        if let id = ids[name] { return id }
        let id = Int32(strings.count)
        strings.append(name)
        ids[name] = id
        return id
    }

    /// The id of `name` if it was interned.
    public func id(of name: String) -> Int32? {
        guard isPacked else { return ids[name] }
        let utf8 = Array(name.utf8)
        return (0..<ends.count).first { utf8.elementsEqual(packedUTF8(of: Int32($0))) }.map { Int32($0) }
    }

    public subscript(id: Int32) -> String {
        isPacked ? String(decoding: packedUTF8(of: id), as: UTF8.self) : strings[Int(id)]
    }

    /// The bytes of name `id` in a packed table.
    private func packedUTF8(of id: Int32) -> ArraySlice<UInt8> {
        let index = Int(id)
        return bytes[(index == 0 ? 0 : ends[index - 1])..<ends[index]]
    }

    /// Whether name `a` sorts before name `b` as their `String`s do (in a packed table of ASCII
    /// names, by their bytes, without making the strings).
    public func precedes(_ a: Int32, _ b: Int32) -> Bool {
        guard isPacked && ascii else { return self[a] < self[b] }
        let x = Int(a), y = Int(b)
        let xStart = x == 0 ? 0 : ends[x - 1], yStart = y == 0 ? 0 : ends[y - 1]
        let xCount = ends[x] - xStart, yCount = ends[y] - yStart
        let common = min(xCount, yCount)
        let order =
            common == 0
            ? 0
            : bytes.withUnsafeBufferPointer { base in
                memcmp(base.baseAddress! + xStart, base.baseAddress! + yStart, common)
            }
        return order != 0 ? order < 0 : xCount < yCount
    }

    /// The same names packed, without the look-up from name to id, which only adding names needs
    /// (it is made again if a name is added after all): a trace of a million pods then holds its
    /// names in about their bytes.
    public func droppingLookup() -> NameTable {
        guard !isPacked else { return self }
        var table = NameTable()
        table.isPacked = true
        table.bytes.reserveCapacity(strings.reduce(0) { $0 + $1.utf8.count })
        table.ends.reserveCapacity(strings.count)
        for name in strings {
            table.bytes.append(contentsOf: name.utf8)
            table.ends.append(table.bytes.count)
        }
        table.ascii = table.bytes.allSatisfy { $0 < 0x80 }
        return table
    }

    /// Back to strings with a look-up, to add names.
    private mutating func unpack() {
        let names = self.names
        self = NameTable()
        strings = names
        ids.reserveCapacity(names.count)
        for (index, name) in names.enumerated() { ids[name] = Int32(index) }
    }

    public static func == (a: NameTable, b: NameTable) -> Bool {
        if a.isPacked && b.isPacked { return a.ends == b.ends && a.bytes == b.bytes }
        return a.names == b.names
    }
}

/// Interned strings: each distinct name is stored once and referred to by a small integer.
public struct NameTable: Sendable, Equatable {
    public private(set) var names: [String] = []
    /// Each name's id, while names may still be added; a built trace's table drops it
    /// (`droppingLookup`), and it is made again if a name is added after all.
    private var ids: [String: Int32] = [:]
    /// Every name has its id in `ids`, unless the look-up was dropped.
    private var hasLookup: Bool { ids.count == names.count }

    public init() {}

    /// A table of `names` in id order (each once).
    public init(names: [String]) {
        for name in names { _ = intern(name) }
    }

    /// The id of `name`, adding it if it is new.
    public mutating func intern(_ name: String) -> Int32 {
        if !hasLookup { restoreLookup() }
        if let id = ids[name] { return id }
        let id = Int32(names.count)
        names.append(name)
        ids[name] = id
        return id
    }

    /// The id of `name` if it was interned.
    public func id(of name: String) -> Int32? {
        hasLookup ? ids[name] : names.firstIndex(of: name).map { Int32($0) }
    }

    public subscript(id: Int32) -> String { names[Int(id)] }

    /// The same names without the look-up from name to id, which only adding names needs: a trace
    /// of a million pods holds a million fewer dictionary entries once built.
    public func droppingLookup() -> NameTable {
        var table = self
        table.ids = [:]
        return table
    }

    private mutating func restoreLookup() {
        ids.reserveCapacity(names.count)
        for (index, name) in names.enumerated() { ids[name] = Int32(index) }
    }

    public static func == (a: NameTable, b: NameTable) -> Bool { a.names == b.names }
}

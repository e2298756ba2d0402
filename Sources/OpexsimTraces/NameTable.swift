/// Interned strings: each distinct name is stored once and referred to by a small integer.
public struct NameTable: Sendable, Equatable {
    public private(set) var names: [String] = []
    private var ids: [String: Int32] = [:]

    public init() {}

    /// A table of `names` in id order (each once).
    public init(names: [String]) {
        for name in names { _ = intern(name) }
    }

    /// The id of `name`, adding it if it is new.
    public mutating func intern(_ name: String) -> Int32 {
        if let id = ids[name] { return id }
        let id = Int32(names.count)
        names.append(name)
        ids[name] = id
        return id
    }

    /// The id of `name` if it was interned.
    public func id(of name: String) -> Int32? { ids[name] }

    public subscript(id: Int32) -> String { names[Int(id)] }
}

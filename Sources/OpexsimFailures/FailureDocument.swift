import OpexsimModelFiles

/// One document of a failure file while it is read: its root node, its number in the file, and
/// what every entry and error made from it names (`document 2: spec.mode`, `PodChaos shop/cart`).
struct FailureDocument {
    let root: ModelNode
    /// 1 for the first document of the file.
    let number: Int
    let apiVersion: String
    let kind: String

    init(root: ModelNode, number: Int) throws {
        self.root = root
        self.number = number
        let whole = root.prefixed("document \(number)")
        guard root.isMapping else { throw whole.error("expected a mapping with apiVersion and kind") }
        let prefix = "document \(number): "
        guard let apiVersion = root["apiVersion"]?.prefixed(prefix) else { throw whole.error("missing apiVersion") }
        guard let kind = root["kind"]?.prefixed(prefix) else { throw whole.error("missing kind") }
        self.apiVersion = try apiVersion.string()
        self.kind = try kind.string()
    }

    /// The value at a top-level key, its path prefixed with the document number.
    subscript(key: String) -> ModelNode? { root[key]?.prefixed("document \(number): ") }

    /// The document as a whole, for errors that concern no key.
    var whole: ModelNode { root.prefixed("document \(number)") }

    /// `file:line:column` of the document.
    var location: String { root.location }

    /// A top-level key that must be there.
    func required(_ key: String, _ meaning: String = "") throws -> ModelNode {
        guard let node = self[key] else { throw whole.error("missing \(key)\(meaning)") }
        return node
    }

    /// Rejects top-level keys outside `known`.
    func rejectUnknownKeys(_ known: [String]) throws {
        let expected = "expected one of \(known.joined(separator: ", "))"
        for key in root.keys where !known.contains(key) {
            if let node = self[key] { throw node.error("unknown key (\(expected))") }
            throw whole.error("unknown key \(key) (\(expected))")
        }
    }

    /// `metadata.name`; an error when missing.
    func name() throws -> String {
        guard let name = self["metadata"]?["name"] else { throw whole.error("missing metadata.name") }
        return try name.string()
    }

    /// `metadata.namespace`, nil when absent.
    func namespace() throws -> String? { try self["metadata"]?["namespace"]?.string() }

    /// The annotation `key`, nil when absent.
    func annotation(_ key: String) -> ModelNode? { self["metadata"]?["annotations"]?[key] }

    /// `Kind namespace/name` (`Kind name` without a namespace), for reports and notes.
    func title() throws -> String {
        let name = try name()
        if let namespace = try namespace() { return "\(kind) \(namespace)/\(name)" }
        return "\(kind) \(name)"
    }

    /// An entry of `FailureDocuments.unsupported`: `NetworkChaos shop/latency (file:3:1): reason`.
    func note(_ reason: String) throws -> String { "\(try title()) (\(location)): \(reason)" }
}

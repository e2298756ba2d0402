import OpexsimTraces
import Yams

/// A problem in a model file (pricing model, node catalogue, failure plan, manifest): the file with
/// line and column where known, and what is wrong.
public struct ModelFileError: Error, Sendable, CustomStringConvertible {
    /// The file, with line and column where known.
    public var file: String
    public var message: String
    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }
    public var description: String { "\(file): \(message)" }
}

/// A node of a model file (YAML or JSON) with its position, so that every problem names the file,
/// line and column and the key path it concerns.
public struct ModelNode {
    let node: Node
    /// The file, for errors.
    public let file: String
    /// The path of the node's parent, and the node's step from it: the path is put together only
    /// when asked for (an error), not for each of a large mapping's entries.
    let parentPath: String
    let step: Step

    /// A node's step from its parent: none (the parent's path is the node's), a key or an index.
    enum Step {
        case none
        case key(String)
        case index(Int)
    }

    /// Where the node sits in the document, e.g. `node_pools[0].capacity`.
    public var path: String {
        switch step {
        case .none: return parentPath
        case .key(let key): return parentPath.isEmpty ? key : "\(parentPath).\(key)"
        case .index(let index): return "\(parentPath)[\(index)]"
        }
    }

    init(node: Node, file: String, path: String) {
        self.init(node: node, file: file, parentPath: path, step: .none)
    }

    init(node: Node, file: String, parentPath: String, step: Step) {
        self.node = node
        self.file = file
        self.parentPath = parentPath
        self.step = step
    }

    /// The same node with its path prefixed, e.g. `document 2: spec`.
    public func prefixed(_ prefix: String) -> ModelNode {
        ModelNode(node: node, file: file, path: path.isEmpty ? prefix : "\(prefix)\(path)")
    }

    /// Resolves no implicit tag: values are read as text and converted where they are used, so
    /// the parser need not match every mapping key against Yams' regular expressions for booleans,
    /// numbers and timestamps when it checks that no key is repeated.
    static let textResolver = Resolver.basic

    /// Parses a whole file.
    public static func load(path file: String) throws -> ModelNode {
        try parse(text(path: file), file: file)
    }

    /// Parses every document of a YAML stream (`---` separated); empty documents are skipped.
    public static func loadAll(path file: String) throws -> [ModelNode] {
        try parseAll(text(path: file), file: file)
    }

    /// The text of a file; for a path under a `models/` folder that is not on disk, the shipped model of
    /// the same name (`ShippedModels`), so that the shipped models work from any directory.
    static func text(path file: String) throws -> String {
        do {
            return String(decoding: try FileBytes.read(file), as: UTF8.self)
        } catch {
            if let shipped = ShippedModels.text(forPath: file) { return shipped }
            throw error
        }
    }

    /// True when `path` can be read: a file, or a shipped model.
    public static func isReadable(_ path: String) -> Bool {
        (try? FileBytes.read(path)) != nil || ShippedModels.text(forPath: path) != nil
    }

    /// Parses every document of YAML text (`---` separated) read from `file`; empty documents are skipped.
    /// A `kind: List` document (what `kubectl get ... -o yaml` prints) stands for its `items`, each a
    /// document of its own.
    public static func parseAll(_ text: String, file: String) throws -> [ModelNode] {
        do {
            // The sequence stops at the first error and keeps it aside: check it, or a broken
            // document would read as the end of the file.
            var documents = try Yams.compose_all(yaml: text, textResolver)
            var nodes: [ModelNode] = []
            while let node = documents.next() {
                let root = ModelNode(node: node, file: file, path: "")
                if root["kind"]?.text == "List", let items = root["items"], items.node.sequence != nil {
                    nodes += try items.items()
                } else {
                    nodes.append(root)
                }
            }
            if let error = documents.error { throw error }
            return nodes
        } catch let error as YamlError {
            throw ModelFileError(file: file, yaml: error)
        }
    }

    /// Parses YAML or JSON text.
    public static func parse(_ text: String, file: String) throws -> ModelNode {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text, textResolver)
        } catch let error as YamlError {
            throw ModelFileError(file: file, yaml: error, what: "YAML or JSON")
        }
        guard let node else { throw ModelFileError(file: file, message: "the file is empty") }
        return ModelNode(node: node, file: file, path: "")
    }

    /// `file:line:column` of this node.
    public var location: String {
        guard let mark = node.mark else { return file }
        return "\(file):\(mark.line):\(mark.column)"
    }

    /// An error about this node.
    public func error(_ message: String) -> ModelFileError {
        ModelFileError(file: location, message: path.isEmpty ? message : "\(path): \(message)")
    }

    /// True for a mapping.
    public var isMapping: Bool { node.mapping != nil }

    /// The keys of a mapping, in order.
    public var keys: [String] { node.mapping?.keys.compactMap(\.string) ?? [] }

    /// The value at `key` of a mapping, nil when absent (or null). One lookup scans the keys: to
    /// read every entry of a mapping that may be large, use `entries`.
    public subscript(key: String) -> ModelNode? {
        guard let mapping = node.mapping else { return nil }
        for (k, v) in mapping where k.string == key { return child(key, v, parentPath: path) }
        return nil
    }

    /// The entries of a mapping in the file's order, read in one pass: each key (keys that are not
    /// text are left out, as in `keys`) with its value, nil when null (as the subscript gives it).
    /// Keys are unique: the parser refuses a mapping that repeats one.
    public var entries: [(key: String, value: ModelNode?)] {
        guard let mapping = node.mapping else { return [] }
        var entries: [(key: String, value: ModelNode?)] = []
        entries.reserveCapacity(mapping.count)
        let path = path
        for (k, v) in mapping {
            guard let key = k.string else { continue }
            entries.append((key, child(key, v, parentPath: path)))
        }
        return entries
    }

    /// The node `value` at `key` of this mapping (whose path is `parentPath`), nil for a null.
    private func child(_ key: String, _ value: Node, parentPath: String) -> ModelNode? {
        if let scalar = value.scalar, scalar.style == .plain,
            ["", "~", "null", "Null", "NULL"].contains(scalar.string)
        {
            return nil
        }
        return ModelNode(node: value, file: file, parentPath: parentPath, step: .key(key))
    }

    /// The items of a sequence; an error for anything else.
    public func items() throws -> [ModelNode] {
        guard let sequence = node.sequence else { throw error("expected a list") }
        let path = path
        return sequence.enumerated().map {
            ModelNode(node: $1, file: file, parentPath: path, step: .index($0))
        }
    }

    /// The mapping itself; an error for anything else.
    public func requireMapping() throws -> ModelNode {
        guard isMapping else { throw error("expected a mapping") }
        return self
    }

    /// The scalar text.
    public var text: String? { node.scalar?.string }

    /// A string value; an error for a list or mapping.
    public func string() throws -> String {
        guard let text else { throw error("expected a text value") }
        return text
    }

    /// A number written as a number or a string (`"0.031611"`, as OpenCost files have them).
    public func number() throws -> Double {
        guard let text = text?.trimming(" "), let value = Double(text), value.isFinite else {
            throw error(
                "expected a number, found \(text.map { "\"\($0)\"" } ?? "a \(node.sequence != nil ? "list" : "mapping")")"
            )
        }
        return value
    }

    /// A price or other amount that cannot be negative, at most a billion (prices, cores, GiB and
    /// seconds beyond that are typing errors, and would overflow the figures built from them).
    public func nonNegative() throws -> Double {
        let value = try number()
        guard value >= 0 else { throw error("must not be negative, found \(value)") }
        guard value <= 1e9 else { throw error("must be at most 1,000,000,000, found \(text ?? "")") }
        return value
    }

    /// A share 0...1, written `0.3` or `30%`.
    public func ratio() throws -> Double {
        var text = try string().trimming(" ")
        var scale = 1.0
        if text.hasSuffix("%") {
            text.removeLast()
            scale = 100
        }
        guard let value = Double(text.trimming(" ")), value.isFinite, value / scale >= 0, value / scale <= 1 else {
            throw error("expected a share between 0 and 1 (or 0% to 100%), found \"\(self.text ?? "")\"")
        }
        return value / scale
    }

    /// A whole number at least `minimum`.
    public func integer(minimum: Int = 0) throws -> Int {
        guard let text = text?.trimming(" "), let value = Int(text), value >= minimum else {
            throw error(
                "expected a whole number of at least \(minimum), found \(text.map { "\"\($0)\"" } ?? "nothing")")
        }
        return value
    }

    /// A duration (`10m`, `90s`, `1h`), milliseconds.
    public func duration() throws -> Int64 {
        guard let text = text?.trimming(" "), let value = DurationText.parse(text) else {
            throw error("expected a duration such as 10m, 90s or 1h, found \(text.map { "\"\($0)\"" } ?? "nothing")")
        }
        return value
    }

    /// A true/false value.
    public func bool() throws -> Bool {
        switch text?.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("expected true or false, found \(text.map { "\"\($0)\"" } ?? "nothing")")
        }
    }

    /// Rejects keys outside `known`, naming the first unknown one and listing the known ones.
    public func rejectUnknownKeys(_ known: [String]) throws {
        guard let mapping = node.mapping else { return }
        for (key, _) in mapping {
            guard let name = key.string, !known.contains(name) else { continue }
            let child = ModelNode(node: key, file: file, path: path.isEmpty ? name : "\(path).\(name)")
            throw child.error("unknown key (expected one of \(known.joined(separator: ", ")))")
        }
    }
}

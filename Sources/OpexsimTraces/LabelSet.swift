/// A pod's labels (or annotations): `key=value` pairs, as the trace's `labels` column writes them
/// (`app.kubernetes.io/name=cart;tier=cache`), kept sorted by key.
public struct LabelSet: Sendable, Equatable, Hashable {
    /// The pairs, sorted by key, each key once.
    public private(set) var pairs: [(key: String, value: String)]

    public init(_ pairs: [String: String] = [:]) {
        self.pairs = pairs.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
    }

    public static func == (a: LabelSet, b: LabelSet) -> Bool {
        a.pairs.count == b.pairs.count && zip(a.pairs, b.pairs).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for pair in pairs {
            hasher.combine(pair.key)
            hasher.combine(pair.value)
        }
    }

    public var isEmpty: Bool { pairs.isEmpty }

    /// The value of `key`, nil when the set has no such key.
    public subscript(key: String) -> String? {
        var low = 0, high = pairs.count
        while low < high {
            let middle = (low + high) / 2
            if pairs[middle].key < key { low = middle + 1 } else { high = middle }
        }
        return low < pairs.count && pairs[low].key == key ? pairs[low].value : nil
    }

    /// A label key as Prometheus (and kube-state-metrics' `label_<key>`) writes it: every character
    /// outside `[A-Za-z0-9_]` becomes `_`.
    public static func prometheusName(_ key: String) -> String {
        String(
            decoding: key.utf8.map { byte in
                let keep =
                    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                    || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                    || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
                return keep ? byte : UInt8(ascii: "_")
            }, as: UTF8.self)
    }

    /// The column text: `key=value` pairs sorted by key, separated by `;`.
    public var text: String { pairs.map { "\($0.key)=\($0.value)" }.joined(separator: ";") }

    /// The set stored as `text` (a `text` written by this type), nil for the empty text.
    init?(stored text: String) {
        guard let set = try? LabelSet.parse(Array(text.utf8), kubernetesSyntax: false), !set.isEmpty else { return nil }
        self = set
    }

    /// What is wrong with a labels cell, and where (a byte offset into the cell).
    public struct SyntaxError: Error, Equatable {
        public var offset: Int
        public var message: String
    }

    /// Reads a `labels` cell: `key=value` pairs separated by `;`, spaces around them ignored, an empty
    /// pair (`a=1;;b=2`, a trailing `;`) skipped. With `kubernetesSyntax` keys and values must be valid
    /// Kubernetes label keys and values (an optional DNS-subdomain prefix and `/`, a name of at most 63
    /// characters from `[A-Za-z0-9._-]` starting and ending alphanumeric; values likewise or empty), as
    /// the API server requires of labels; annotations only need a key and no `;` in the value.
    public static func parse(_ bytes: some Collection<UInt8>, kubernetesSyntax: Bool = true) throws(SyntaxError)
        -> LabelSet
    {
        var result: [String: String] = [:]
        let cell = Array(bytes)
        var start = 0
        while start <= cell.count {
            var end = start
            while end < cell.count && cell[end] != UInt8(ascii: ";") { end += 1 }
            var from = start, to = end
            while from < to && cell[from] == UInt8(ascii: " ") { from += 1 }
            while to > from && cell[to - 1] == UInt8(ascii: " ") { to -= 1 }
            if from < to {
                guard let equals = cell[from..<to].firstIndex(of: UInt8(ascii: "=")) else {
                    throw SyntaxError(offset: from, message: "expected key=value, found \(show(cell[from..<to]))")
                }
                let key = String(decoding: cell[from..<equals], as: UTF8.self)
                let value = String(decoding: cell[(equals + 1)..<to], as: UTF8.self)
                guard !key.isEmpty else { throw SyntaxError(offset: from, message: "a label needs a key before =") }
                if kubernetesSyntax {
                    if let problem = keyProblem(key) { throw SyntaxError(offset: from, message: problem) }
                    if !value.isEmpty, let problem = nameProblem(value, what: "label value") {
                        throw SyntaxError(offset: equals + 1, message: problem)
                    }
                }
                guard result.updateValue(value, forKey: key) == nil else {
                    throw SyntaxError(offset: from, message: "label \(key) appears twice")
                }
            }
            start = end + 1
        }
        return LabelSet(result)
    }

    static func show(_ bytes: ArraySlice<UInt8>) -> String {
        let text = String(decoding: bytes.prefix(40), as: UTF8.self)
        return "\"" + text + (bytes.count > 40 ? "…" : "") + "\""
    }

    /// Why `key` is not a Kubernetes label key (`[prefix/]name`), or nil.
    static func keyProblem(_ key: String) -> String? {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return "label key \(key) has more than one /" }
        if parts.count == 2 {
            let prefix = parts[0]
            let dnsCharacters = prefix.utf8.allSatisfy { byte in
                (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                    || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            }
            guard !prefix.isEmpty, prefix.utf8.count <= 253, dnsCharacters else {
                return
                    "label key prefix \(prefix) is not a DNS subdomain (lower-case letters, digits, - and ., at most 253)"
            }
        }
        return nameProblem(String(parts[parts.count - 1]), what: "label key name")
    }

    /// Why `name` is not a label name or value (at most 63 of `[A-Za-z0-9._-]`, alphanumeric at both ends), or nil.
    static func nameProblem(_ name: String, what: String) -> String? {
        func alphanumeric(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
        }
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty, bytes.count <= 63 else { return "\(what) \(name) must have 1 to 63 characters" }
        guard alphanumeric(bytes[0]), alphanumeric(bytes[bytes.count - 1]),
            bytes.allSatisfy({
                alphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
            })
        else {
            return
                "\(what) \(name) may hold only letters, digits, -, _ and ., and must start and end with a letter or digit"
        }
        return nil
    }
}

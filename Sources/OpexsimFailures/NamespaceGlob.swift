/// A namespace pattern of Velero's `includedNamespaces` / `excludedNamespaces`: `*` any run of
/// characters, `?` one character, `[abc]`, `[a-z]` and `[!a-z]` one character of (or not of) a set,
/// `{a,b}` one of the alternatives; anything else itself.
public enum NamespaceGlob {
    /// True when `name` matches `pattern`.
    public static func matches(_ pattern: String, _ name: String) -> Bool {
        matches(Array(pattern), 0, Array(name), 0)
    }

    static func matches(_ p: [Character], _ i: Int, _ s: [Character], _ j: Int) -> Bool {
        guard i < p.count else { return j == s.count }
        switch p[i] {
        case "*":
            return (j...s.count).contains { matches(p, i + 1, s, $0) }
        case "?":
            return j < s.count && matches(p, i + 1, s, j + 1)
        case "[":
            guard let close = p[(i + 1)...].firstIndex(of: "]"), j < s.count else { return false }
            var set = Array(p[(i + 1)..<close])
            let negated = set.first == "!" || set.first == "^"
            if negated { set.removeFirst() }
            var inSet = false
            var k = 0
            while k < set.count {
                if k + 2 < set.count && set[k + 1] == "-" {
                    if set[k] <= s[j] && s[j] <= set[k + 2] { inSet = true }
                    k += 3
                } else {
                    if set[k] == s[j] { inSet = true }
                    k += 1
                }
            }
            return inSet != negated && matches(p, close + 1, s, j + 1)
        case "{":
            guard let close = p[(i + 1)...].firstIndex(of: "}") else {
                return j < s.count && p[i] == s[j] && matches(p, i + 1, s, j + 1)
            }
            let rest = Array(p[(close + 1)...])
            return p[(i + 1)..<close].split(separator: ",", omittingEmptySubsequences: false).contains { alternative in
                matches(Array(alternative) + rest, 0, s, j)
            }
        default:
            return j < s.count && p[i] == s[j] && matches(p, i + 1, s, j + 1)
        }
    }
}

import Testing

@testable import OpexsimMetrics

@Suite("Verdict lines name five containers and count the rest")
struct VerdictListTests {
    @Test("only the five shown are named; the rest are counted")
    func namesFive() {
        var named = 0
        let text = ScenarioVerdict.list((1...1_000).lazy.filter { $0 % 2 == 0 }) { value -> String in
            named += 1
            return "c\(value)"
        }
        #expect(text == "c2, c4, c6, c8, c10 and 495 more")
        #expect(named == 5)
        #expect(ScenarioVerdict.list(["a", "b"]) { $0 } == "a, b")
        #expect(ScenarioVerdict.list(["a", "b", "c", "d", "e"]) { $0 } == "a, b, c, d, e")
        #expect(ScenarioVerdict.list([String]()) { $0 } == "")
    }
}

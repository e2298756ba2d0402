import OpexsimTraces
import Testing

@testable import OpexsimEngine

@Suite("Event queue and random numbers")
struct EventQueueTests {
    @Test("events come out in time order, ties in insertion order")
    func order() {
        var queue = EventQueue<String>()
        queue.schedule("c", at: 30)
        queue.schedule("a1", at: 10)
        queue.schedule("b", at: 20)
        queue.schedule("a2", at: 10)
        queue.schedule("a3", at: 10)
        var out: [String] = []
        while let (_, payload) = queue.pop() { out.append(payload) }
        #expect(out == ["a1", "a2", "a3", "b", "c"])
    }

    @Test("the same seed gives the same numbers")
    func seeded() {
        var a = SeededRandom(seed: 42), b = SeededRandom(seed: 42), c = SeededRandom(seed: 43)
        let x = (0..<5).map { _ in a.next() }
        #expect(x == (0..<5).map { _ in b.next() })
        #expect(x != (0..<5).map { _ in c.next() })
        var unit = SeededRandom(seed: 1)
        #expect((0..<1000).allSatisfy { _ in (0..<1).contains(unit.nextUnit()) })
    }
}

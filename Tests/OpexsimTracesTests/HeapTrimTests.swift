import Testing

@testable import OpexsimTraces

@Suite("Free pages handed back")
struct HeapTrimTests {
    #if canImport(Glibc)
    @Test("glibc's malloc_trim is found, and a trim after freeing a million small blocks returns")
    func found() {
        #expect(HeapTrim.isAvailable)
        var blocks: [String]? = (0..<1_000_000).map { "a name longer than fifteen bytes \($0)" }
        #expect(blocks?.count == 1_000_000)
        blocks = nil
        HeapTrim.returnFreePages()
        #expect(blocks == nil)
    }
    #endif
}

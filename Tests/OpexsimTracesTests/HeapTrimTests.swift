import Foundation
import Testing

@testable import OpexsimTraces

@Suite("Free pages handed back")
struct HeapTrimTests {
    #if canImport(Glibc)
    /// Under AddressSanitizer or ThreadSanitizer the sanitizer's allocator serves `malloc`: glibc's
    /// heap then holds nothing to hand back, and `HeapTrim` does not call into it.
    static let glibcAllocates =
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__tsan_init") == nil
        && dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__asan_init") == nil

    @Test("pages freed between blocks still in use go back to the system")
    func returned() {
        #expect(HeapTrim.isAvailable == Self.glibcAllocates)
        // 200,000 heap strings, one in 64 kept: whole pages between the kept ones are free, and
        // free() alone returns only the heap's top.
        var blocks = (0..<200_000).map { "a name longer than fifteen bytes \($0)" }
        blocks = blocks.enumerated().filter { $0.offset % 64 == 0 }.map(\.element)
        #expect(blocks.count == 3_125)
        let returned = HeapTrim.returnFreePages()
        if Self.glibcAllocates { #expect(returned) }
        #expect(blocks[1] == "a name longer than fifteen bytes 64")
    }
    #endif
}

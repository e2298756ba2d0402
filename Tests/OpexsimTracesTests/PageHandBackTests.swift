import Testing

@testable import OpexsimTraces

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Pages handed back to the system")
struct PageHandBackTests {
    @Test("only the whole pages inside the range are handed back; the partial pages at its ends keep their bytes")
    func wholePagesOnly() throws {
        let page = PageHandBack.pageSize
        let length = 8 * page
        let mapped = try #require(mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0))
        #expect(mapped != MAP_FAILED)
        defer { munmap(mapped, length) }
        let bytes = mapped.bindMemory(to: UInt8.self, capacity: length)
        bytes.initialize(repeating: 0xAB, count: length)
        // From byte 100 (inside page 0) to 7 bytes into page 5: pages 1 to 4 go, and read as zeros.
        let upTo = PageHandBack.handBack(UnsafeRawPointer(mapped), from: 100, to: 5 * page + 7)
        #expect(upTo == 5 * page)
        for index in [0, 100, page - 1, 5 * page, 5 * page + 6, length - 1] { #expect(bytes[index] == 0xAB) }
        for index in [page, 2 * page + 17, 5 * page - 1] { #expect(bytes[index] == 0) }
        // A range inside one page hands nothing back.
        #expect(PageHandBack.handBack(UnsafeRawPointer(mapped), from: 6 * page + 1, to: 7 * page - 1) == 6 * page + 1)
        #expect(bytes[6 * page + 10] == 0xAB)
    }
}

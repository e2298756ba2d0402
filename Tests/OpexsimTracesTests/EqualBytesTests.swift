import Testing

@testable import OpexsimTraces

@Suite("Byte comparison of names and timestamps")
struct EqualBytesTests {
    /// Whether two byte arrays of one length compare equal, each copied into a buffer of exactly its
    /// bytes, so that a read outside them is caught by the AddressSanitizer test run
    /// (CONTRIBUTING.md).
    private func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        precondition(a.count == b.count)
        let x = UnsafeMutablePointer<UInt8>.allocate(capacity: max(a.count, 1))
        let y = UnsafeMutablePointer<UInt8>.allocate(capacity: max(b.count, 1))
        defer {
            x.deallocate()
            y.deallocate()
        }
        x.initialize(from: a, count: a.count)
        y.initialize(from: b, count: b.count)
        return SeriesKeyTable.equalBytes(x, y, a.count)
    }

    @Test("every length from 0 to 40: equal bytes compare equal, one changed byte anywhere does not")
    func everyLengthAndPosition() {
        var random = SeededRandom(seed: 41)
        var checked = 0
        for count in 0...40 {
            let bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            #expect(equal(bytes, bytes), "length \(count)")
            for position in 0..<count {
                for flip in [UInt8(1), 0x80] {
                    var other = bytes
                    other[position] ^= flip
                    #expect(!equal(bytes, other), "length \(count), byte \(position) ^ \(flip)")
                    checked += 1
                }
            }
        }
        // 2 flips at each of 0 + 1 + ... + 40 positions.
        #expect(checked == 2 * 820)
    }

    @Test("names as the reader meets them: a timestamp, short names and a pod name")
    func readerShapes() {
        let same = ["2026-01-05T10:00:10Z", "app", "team-12", "svc-123", "svc-123-1234-pod", "a"]
        for text in same { #expect(equal(Array(text.utf8), Array(text.utf8))) }
        #expect(!equal(Array("2026-01-05T10:00:10Z".utf8), Array("2026-01-05T10:00:11Z".utf8)))
        #expect(!equal(Array("team-12".utf8), Array("team-13".utf8)))
        #expect(!equal(Array("svc-123-1234-pod".utf8), Array("svc-123-1235-pod".utf8)))
        #expect(!equal(Array("app".utf8), Array("apq".utf8)))
    }
}

/// The date of the last RFC 3339 timestamp parsed with it: its first ten bytes (`YYYY-MM-DD`) and
/// their day count since the Unix epoch. Rows of one series a few minutes apart share their date, so
/// a reader that keeps one memo parses each date once (`TraceTime.parse(_:from:to:memo:)`).
public struct DateMemo: Sendable {
    @usableFromInline var head: UInt64
    @usableFromInline var tail: UInt16
    @usableFromInline var days: Int
    /// Nothing parsed yet: no bytes match.
    @usableFromInline var isSet: Bool

    /// An empty memo.
    public init() {
        (head, tail, days, isSet) = (0, 0, 0, false)
    }

    @usableFromInline
    init(head: UInt64, tail: UInt16, days: Int) {
        (self.head, self.tail, self.days, isSet) = (head, tail, days, true)
    }

    /// The ten bytes at `pointer` as two words.
    @inlinable @inline(__always)
    static func key(_ pointer: UnsafePointer<UInt8>) -> (UInt64, UInt16) {
        let raw = UnsafeRawPointer(pointer)
        return (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self))
    }

    @inlinable @inline(__always)
    func matches(_ head: UInt64, _ tail: UInt16) -> Bool {
        isSet && head == self.head && tail == self.tail
    }
}

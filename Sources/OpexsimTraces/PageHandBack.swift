#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hands pages whose contents are not read again back to the system (`madvise(MADV_DONTNEED)`):
/// parsed pages of a read-only file mapping (touched again, they are read from the file again) and
/// moved blocks of a column about to be freed (touched again, they read as zeros).
enum PageHandBack {
    static let pageSize = max(4096, Int(sysconf(Int32(_SC_PAGESIZE))))

    /// Hands back the whole pages between byte offsets `start` and `end` from `base`; the partial
    /// pages at either end are kept. Returns the offset handed back up to (`start` when none was).
    @discardableResult
    static func handBack(_ base: UnsafeRawPointer, from start: Int, to end: Int) -> Int {
        let origin = Int(bitPattern: base)
        let first = (origin + start + pageSize - 1) & ~(pageSize - 1)
        let last = (origin + end) & ~(pageSize - 1)
        guard last > first, let address = UnsafeMutableRawPointer(bitPattern: first) else { return start }
        _ = madvise(address, last - first, MADV_DONTNEED)
        return last - origin
    }

    /// Rows handled between two hand-backs in `forEachBlock`.
    static let blockRows = 1 << 18

    /// Calls `body` with consecutive blocks of the rows of `source` (`stride` values a row); with
    /// `releasing`, the whole pages of each block are handed back once `body` returns, so that a
    /// column being moved elsewhere shrinks as its copy grows.
    static func forEachBlock<T>(
        of source: UnsafeBufferPointer<T>, stride: Int = 1, releasing: Bool, _ body: (Range<Int>) -> Void
    ) {
        let rows = source.count / max(stride, 1)
        var start = 0
        var released = 0
        while start < rows {
            let end = min(rows, start + blockRows)
            body(start..<end)
            if releasing, let base = source.baseAddress {
                released = handBack(UnsafeRawPointer(base), from: released, to: end * stride * MemoryLayout<T>.stride)
            }
            start = end
        }
    }
}

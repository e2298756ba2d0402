#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Advice for large column allocations: on Linux, ask for transparent huge pages, so that filling
/// a column of millions of values takes one page fault per 2 MiB instead of one per 4 KiB (most
/// distributions grant them on request only). Elsewhere, and for small buffers, nothing.
enum LargeAllocation {
    static let hugePage = 2 << 20

    /// Advises the whole 2 MiB pages inside `byteCount` bytes at `pointer`; call before first touching them.
    static func adviseHugePages(_ pointer: UnsafeMutableRawPointer, byteCount: Int) {
        #if os(Linux)
        guard byteCount >= 4 * hugePage else { return }
        let address = Int(bitPattern: pointer)
        let start = (address + hugePage - 1) & ~(hugePage - 1)
        let end = (address + byteCount) & ~(hugePage - 1)
        guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(aligned, end - start, 14)  // MADV_HUGEPAGE (linux/mman.h)
        #endif
    }
}

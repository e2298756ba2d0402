#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The pages a `RangeLoader` reads into again and again: `size` bytes of an unlinked tmpfs file,
/// mapped three times in a row. A byte at ring offset `k` is at `base + k`, `base + size + k` and
/// `base + 2 × size + k`, so bytes that run past the ring's end continue at the next address, and a
/// parser reads its rows in place as if they were laid out as in the file. Nothing is mapped or
/// unmapped while reading: the same page-table entries serve every window.
final class ReadRing: @unchecked Sendable {
    let size: Int
    let base: UnsafeMutableRawPointer
    private let fd: Int32
    static let copies = 3

    private init(size: Int, base: UnsafeMutableRawPointer, fd: Int32) {
        self.size = size
        self.base = base
        self.fd = fd
    }

    deinit {
        munmap(base, Self.copies * size)
        close(fd)
    }

    /// A ring of `size` bytes (a multiple of the page size), or nil where there is no tmpfs
    /// (`/dev/shm`) or the mappings are refused.
    static func make(size: Int) -> ReadRing? {
        #if os(Linux)
        guard size > 0, size % PageHandBack.pageSize == 0 else { return nil }
        guard let fd = tmpfsFile(bytes: size) else { return nil }
        // The address range for the three copies first, then each copy mapped over its part.
        guard
            let reserved = mmap(nil, copies * size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0),
            reserved != MAP_FAILED
        else {
            close(fd)
            return nil
        }
        for copy in 0..<copies {
            let placed = mmap(reserved + copy * size, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0)
            if placed == MAP_FAILED {
                munmap(reserved, copies * size)
                close(fd)
                return nil
            }
        }
        return ReadRing(size: size, base: reserved, fd: fd)
        #else
        return nil
        #endif
    }

    /// An unlinked tmpfs file of `bytes`, or nil.
    private static func tmpfsFile(bytes: Int) -> Int32? {
        #if os(Linux)
        for _ in 0..<8 {
            let path = "/dev/shm/opexsim-ring-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
            let fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0o600)
            guard fd >= 0 else { continue }
            unlink(path)
            if ftruncate(fd, off_t(bytes)) == 0 { return fd }
            close(fd)
            return nil
        }
        #endif
        return nil
    }
}

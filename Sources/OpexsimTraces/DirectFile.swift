#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A large file read past the page cache (Linux `O_DIRECT`) into memory laid out as the file is, so
/// that parsers read it as they read a mapping. Worth it for a file whose pages are not cached and
/// that the page cache could not keep anyway (README, Performance). Nothing is read until asked
/// for: `load` reads a range at once into place, a `RangeLoader` reads one ahead of its parser on a
/// thread of its own (into a `ReadRing` where it can). Bytes not yet loaded read as zeros.
final class DirectFile: @unchecked Sendable {
    let path: String
    let size: Int
    private let fd: Int32
    let base: UnsafeMutableRawPointer
    private let capacity: Int
    /// Offsets and lengths of direct reads are multiples of this (every common logical block size).
    static let block = 4096
    /// How much one read asks for (a multiple of `block`).
    let window: Int
    static let defaultWindow = 8 << 20

    private init(path: String, fd: Int32, size: Int, base: UnsafeMutableRawPointer, capacity: Int, window: Int) {
        self.path = path
        self.window = window
        self.fd = fd
        self.size = size
        self.base = base
        self.capacity = capacity
    }

    deinit {
        munmap(base, capacity)
        close(fd)
    }

    /// `path` opened for direct reading, or nil where that is not worth it or not possible: not
    /// Linux, not a regular file, smaller than `minimumSize`, half or more of its pages cached
    /// (unless `ignoringCache`), or direct reads refused.
    static func open(
        _ path: String, minimumSize: Int, ignoringCache: Bool = false, window: Int = defaultWindow
    ) -> DirectFile? {
        #if os(Linux)
        guard let directFlag = DirectIO.openFlag else { return nil }
        // Only regular files, looked at before opening: opening a FIFO would wait for its writer.
        var info = stat()
        guard path != "-", stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
            Int(info.st_size) >= max(1, minimumSize)
        else { return nil }
        let fd = Glibc.open(path, O_RDONLY | directFlag)
        guard fd >= 0 else { return nil }
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) >= max(1, minimumSize),
            ignoringCache || !mostlyCached(fd, size: Int(info.st_size))
        else {
            close(fd)
            return nil
        }
        let size = Int(info.st_size)
        // One block more than the file: a direct read of the last block asks for a whole block.
        let capacity = (size / block + 2) * block
        guard
            let mapped = mmap(
                nil, capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0),
            mapped != MAP_FAILED
        else {
            close(fd)
            return nil
        }
        let file = DirectFile(
            path: path, fd: fd, size: size, base: mapped, capacity: capacity,
            window: max(block, window / block * block))
        // A file system that takes the flag but refuses the reads: not direct after all.
        guard (try? file.load(0..<min(size, block))) != nil else { return nil }
        return file
        #else
        return nil
        #endif
    }

    /// Whether half or more of the file's pages are in the page cache (then reading through it is
    /// the faster way).
    private static func mostlyCached(_ fd: Int32, size: Int) -> Bool {
        guard let mapped = mmap(nil, size, PROT_READ, MAP_SHARED, fd, 0), mapped != MAP_FAILED else { return false }
        defer { munmap(mapped, size) }
        let pages = (size + PageHandBack.pageSize - 1) / PageHandBack.pageSize
        var resident = [UInt8](repeating: 0, count: pages)
        guard mincore(mapped, size, &resident) == 0 else { return false }
        var cached = 0
        for page in resident where page & 1 != 0 { cached += 1 }
        return cached * 2 >= pages
    }

    /// The file's bytes (zeros where not loaded yet).
    var bytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: size)
    }

    /// Reads the bytes of `range` (widened to whole blocks, clipped to the file) into place.
    func load(_ range: Range<Int>) throws {
        let start = range.lowerBound / Self.block * Self.block
        try read(start..<range.upperBound, into: base + start)
    }

    /// Reads the bytes of `range` (its start on a block bound; its end widened to a whole block,
    /// clipped to the file) to `destination`, page-aligned, where the byte at `range.lowerBound` goes.
    func read(_ range: Range<Int>, into destination: UnsafeMutableRawPointer) throws {
        precondition(range.lowerBound % Self.block == 0, "direct reads start on a block bound")
        var offset = range.lowerBound
        let end = min(size, range.upperBound)
        while offset < end {
            let count = min(window, (end - offset + Self.block - 1) / Self.block * Self.block)
            let read = pread(fd, destination + (offset - range.lowerBound), count, off_t(offset))
            if read < 0 {
                if errno == EINTR { continue }
                throw TraceError(file: path, line: 0, column: 0, message: "cannot read: \(FileBytes.errorText())")
            }
            if read == 0 { break }
            offset += read
            // A read short of a block ends the file; one that is not is continued from where it stopped,
            // which direct reads need aligned.
            if read % Self.block != 0 && offset < end { offset = offset / Self.block * Self.block }
        }
    }
}

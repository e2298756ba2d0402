#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A large file read past the page cache (Linux `O_DIRECT`) into memory laid out as the file is, so
/// that parsers read it as they read a mapping. Worth it for a file whose pages are not cached and
/// that the page cache could not keep anyway (README, Performance). Nothing is read until asked
/// for: `load` reads a range at once, a `RangeLoader` reads one ahead of its parser on a thread of
/// its own. Bytes not yet loaded read as zeros.
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
        var offset = range.lowerBound / Self.block * Self.block
        let end = min(size, range.upperBound)
        while offset < end {
            let count = min(window, (end - offset + Self.block - 1) / Self.block * Self.block)
            let read = pread(fd, base + offset, count, off_t(offset))
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

/// Reads one range of a `DirectFile` ahead of the parser that waits for it, on a thread of its own.
/// Each window of the range is read into pages of a small ring (a tmpfs file mapped at the window's
/// place) that the parser gives back once past it (`release`): the same pages are read into again
/// and again, instead of fresh pages that the system must clear first (where there is no tmpfs,
/// fresh pages it is). The loader stays at most the ring's size ahead.
final class RangeLoader: @unchecked Sendable {
    private let file: DirectFile
    private let range: Range<Int>
    /// Where the parser's bytes are all there once `range` is loaded (the parser's range end).
    private let covered: Int
    private var loaded: Int
    private var stopped = false
    private var failure: TraceError?
    private var mutex = pthread_mutex_t()
    private var condition = pthread_cond_t()
    private var thread: pthread_t?
    /// The ring's file (-1: none), its free slots, and the windows mapped onto it, oldest first.
    private var ringFD: Int32 = -1
    private var freeSlots: [Int] = []
    private var mapped: [(window: Range<Int>, slot: Int)] = []
    private var unbounded = false
    /// Set while the parser waits: the loader then reads on into fresh pages if the ring is full
    /// (a parser that gives nothing back never waits forever).
    private var parserWaiting = false
    /// Windows in the ring: the parser gives a window back about two windows behind it and reads
    /// at most its lookahead ahead, so a few more than that.
    private let ringSlots: Int
    static let defaultRingSlots = 16

    /// Loads `range` of `file`; a parser whose bytes end at `covered` has them all once it is loaded.
    init(file: DirectFile, range: Range<Int>, covered: Int, ringSlots: Int = defaultRingSlots) {
        self.file = file
        self.ringSlots = max(4, ringSlots)
        self.range = range
        self.covered = covered
        loaded = range.lowerBound
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&condition, nil)
    }

    deinit {
        if ringFD >= 0 { close(ringFD) }
        pthread_cond_destroy(&condition)
        pthread_mutex_destroy(&mutex)
    }

    /// Starts reading (a range that is empty needs no thread).
    func start() {
        guard !range.isEmpty else { return }
        ringFD = Self.makeRing(bytes: ringSlots * file.window)
        freeSlots = ringFD >= 0 ? Array(0..<ringSlots) : []
        let context = Unmanaged.passRetained(self).toOpaque()
        var created = pthread_t()
        let status = pthread_create(
            &created, nil,
            { context in
                let loader = Unmanaged<RangeLoader>.fromOpaque(context!).takeRetainedValue()
                loader.run()
                return nil
            }, context)
        if status == 0 {
            thread = created
        } else {
            // No thread: everything is read now, into fresh pages.
            Unmanaged<RangeLoader>.fromOpaque(context).release()
            unbounded = true
            run()
        }
    }

    /// An unlinked tmpfs file of `bytes`, or -1.
    private static func makeRing(bytes: Int) -> Int32 {
        #if os(Linux)
        for _ in 0..<8 {
            let path = "/dev/shm/opexsim-ring-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
            let fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0o600)
            guard fd >= 0 else { continue }
            unlink(path)
            if ftruncate(fd, off_t(bytes)) == 0 { return fd }
            close(fd)
            return -1
        }
        #endif
        return -1
    }

    /// Waits until the bytes up to `position` are loaded; returns how far the parser may read
    /// (at least `position`, at most `covered`). Throws what reading met.
    func waitLoaded(upTo position: Int) throws -> Int {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        while loaded < min(position, range.upperBound) && failure == nil && !stopped {
            parserWaiting = true
            pthread_cond_broadcast(&condition)
            pthread_cond_wait(&condition, &mutex)
        }
        parserWaiting = false
        if let failure { throw failure }
        return loaded >= range.upperBound ? covered : loaded
    }

    /// The parser is past `position` for good: windows wholly before it go back to the ring (their
    /// place then reads as zeros). Returns `position`.
    @discardableResult
    func release(upTo position: Int) -> Int {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        var freed = false
        while let first = mapped.first, first.window.upperBound <= position {
            mapped.removeFirst()
            let place = file.base + first.window.lowerBound
            _ = mmap(
                place, first.window.count, PROT_READ | PROT_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED,
                -1, 0)
            freeSlots.append(first.slot)
            freed = true
        }
        if freed { pthread_cond_broadcast(&condition) }
        return position
    }

    /// Stops reading and waits for the thread.
    func finish() {
        pthread_mutex_lock(&mutex)
        stopped = true
        pthread_cond_broadcast(&condition)
        pthread_mutex_unlock(&mutex)
        if let thread { pthread_join(thread, nil) }
        thread = nil
    }

    private func run() {
        var next = range.lowerBound
        while next < range.upperBound {
            let end = min(range.upperBound, next + file.window)
            pthread_mutex_lock(&mutex)
            while ringFD >= 0 && freeSlots.isEmpty && !stopped && !unbounded && !parserWaiting {
                pthread_cond_wait(&condition, &mutex)
            }
            let stop = stopped
            let slot = freeSlots.popLast()
            pthread_mutex_unlock(&mutex)
            if stop { return }
            var placed: Int?
            if let slot {
                // The slot's pages at the window's place (whole pages: windows start on block bounds).
                let length = (end - next + PageHandBack.pageSize - 1) / PageHandBack.pageSize * PageHandBack.pageSize
                // MAP_POPULATE (Linux's asm-generic/mman-common.h): the page table filled in one go.
                let result = mmap(
                    file.base + next, length, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED | 0x8000, ringFD,
                    off_t(slot * file.window))
                if result != MAP_FAILED { placed = slot }
            }
            do {
                try file.load(next..<end)
            } catch {
                pthread_mutex_lock(&mutex)
                failure =
                    error as? TraceError
                    ?? TraceError(file: file.path, line: 0, column: 0, message: "cannot read: \(error)")
                pthread_cond_broadcast(&condition)
                pthread_mutex_unlock(&mutex)
                return
            }
            pthread_mutex_lock(&mutex)
            if let placed {
                mapped.append((next..<end, placed))
            } else if let slot {
                freeSlots.append(slot)
            }
            loaded = end
            pthread_cond_broadcast(&condition)
            pthread_mutex_unlock(&mutex)
            next = end
        }
    }
}

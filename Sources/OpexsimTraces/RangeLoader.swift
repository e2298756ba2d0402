#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads one chunk of a `DirectFile` ahead of the parser that waits for it, on a thread of its own.
///
/// Where it can, it reads into a `ReadRing`: window after window goes to the ring's next slot once
/// the parser has given back the bytes there (`release`), so the same pages are read into again and
/// again, and the parser reads them in place through `view`, which places the file's bytes around
/// its position at consecutive addresses. Without a ring (no tmpfs) each window is read to its place
/// in the file's layout in fresh pages, which `release` hands back to the system.
final class RangeLoader: @unchecked Sendable {
    private let file: DirectFile
    /// The bytes this loader reads (starting on a block bound).
    private let range: Range<Int>
    /// Where the parser's bytes are all there once `range` is loaded (the parser's range end).
    private let covered: Int
    private var ring: ReadRing?
    /// The file offset that the ring's offset 0 holds (a multiple of the ring's size behind).
    private let origin: Int
    private var loaded: Int
    /// The parser is past this for good: the ring may be read into over what lies before it.
    private var released: Int
    private var stopped = false
    private var failure: TraceError?
    private var mutex = pthread_mutex_t()
    private var condition = pthread_cond_t()
    private var thread: pthread_t?
    static let defaultRingSlots = 8

    /// A loader for a parser whose bytes run to `covered`, `loadedWindow` (on block bounds) already
    /// loaded into place at their start, and the next chunk's window loaded from `end`. With a ring
    /// of `ringSlots` windows (0: none) it reads from the start of `loadedWindow` to `covered`;
    /// without one, the bytes between the two windows.
    init(file: DirectFile, loadedWindow: Range<Int>, end: Int, covered: Int, ringSlots: Int = defaultRingSlots) {
        self.file = file
        self.covered = covered
        ring = ringSlots > 0 ? ReadRing.make(size: max(4, ringSlots) * file.window) : nil
        origin = loadedWindow.lowerBound
        range =
            ring == nil
            ? loadedWindow.upperBound..<max(loadedWindow.upperBound, end)
            : loadedWindow.lowerBound..<max(loadedWindow.lowerBound, covered)
        loaded = range.lowerBound
        released = range.lowerBound
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&condition, nil)
    }

    deinit {
        pthread_cond_destroy(&condition)
        pthread_mutex_destroy(&mutex)
    }

    /// The size of each read: the parser gives bytes back a window at a time.
    var window: Int { file.window }

    /// Whether windows go through a ring of pages (else to their place in fresh pages).
    var readsIntoRing: Bool { ring != nil }

    /// Starts reading (a range that is empty needs no thread).
    func start() {
        guard !range.isEmpty else { return }
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
            // No thread: everything is read now, to its place (a ring would wait for the parser).
            Unmanaged<RangeLoader>.fromOpaque(context).release()
            ring = nil
            run()
        }
    }

    /// Waits until the bytes up to `position` are loaded, or as many as the ring holds before the
    /// parser gives bytes back; returns how far the parser may read (at most `covered`). Throws
    /// what reading met.
    func waitLoaded(upTo position: Int) throws -> Int {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        var target = min(position, range.upperBound)
        if let ring { target = min(target, released + ring.size - file.window) }
        while loaded < target && failure == nil && !stopped {
            pthread_cond_wait(&condition, &mutex)
        }
        if let failure { throw failure }
        return loaded >= range.upperBound ? covered : loaded
    }

    /// Where the parser finds the file's bytes around `position`: the address of file offset 0 (the
    /// byte at offset `p` is at `base + p`), valid from a ring's size behind `position` to a ring's
    /// size ahead of it, and the position from which to ask again.
    func view(at position: Int) -> (base: UnsafePointer<UInt8>, until: Int) {
        guard let ring else { return (UnsafePointer(file.base.assumingMemoryBound(to: UInt8.self)), .max) }
        // `position` sits in the middle copy, which the loader reads into: of the others only the end
        // of the first (bytes behind the parser) and the start of the last (a row running on) are
        // touched, and only their touched pages count in the process's resident memory.
        let lap = max(0, position - origin) / ring.size
        let base = (ring.base + ring.size - origin - lap * ring.size).assumingMemoryBound(to: UInt8.self)
        return (UnsafePointer(base), origin + (lap + 1) * ring.size)
    }

    /// The parser is past `position` for good: the ring may be read into over the bytes before it;
    /// without a ring, their pages are handed back (they then read as zeros). Returns `position`.
    @discardableResult
    func release(upTo position: Int) -> Int {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        guard position > released else { return position }
        if ring == nil {
            let page = PageHandBack.pageSize
            let from = (released + page - 1) / page * page, to = min(position, loaded) / page * page
            if to > from { _ = madvise(file.base + from, to - from, MADV_DONTNEED) }
        }
        released = position
        pthread_cond_broadcast(&condition)
        return position
    }

    /// Stops reading, waits for the thread and frees the ring (what `view` gave is then gone).
    func finish() {
        pthread_mutex_lock(&mutex)
        stopped = true
        pthread_cond_broadcast(&condition)
        pthread_mutex_unlock(&mutex)
        if let thread { pthread_join(thread, nil) }
        thread = nil
        ring = nil
    }

    private func run() {
        var next = range.lowerBound
        while next < range.upperBound {
            let end = min(range.upperBound, next + file.window)
            pthread_mutex_lock(&mutex)
            // A window's slot holds the bytes a ring's size before it: wait until the parser is past them.
            while let ring, end - ring.size > released, !stopped {
                pthread_cond_wait(&condition, &mutex)
            }
            let stop = stopped
            pthread_mutex_unlock(&mutex)
            if stop { return }
            let destination = ring.map { $0.base + $0.size + (next - origin) % $0.size } ?? file.base + next
            do {
                try file.read(next..<end, into: destination)
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
            loaded = end
            pthread_cond_broadcast(&condition)
            pthread_mutex_unlock(&mutex)
            next = end
        }
    }
}

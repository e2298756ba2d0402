#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file written in chunks and put in place whole: the chunks go to a temporary file beside the
/// target, renamed over it by `commit()`, so that readers see the old file or the whole new one and a
/// failed run leaves nothing behind. `-` streams to standard output instead.
public final class StreamingFile {
    public let path: String
    private let temporary: String
    private var fd: Int32
    private var failure: String?
    /// Written in place: standard output, or a device, FIFO or socket (never renamed over).
    private let inPlace: Bool
    /// The temporary file's slot in `TemporaryFiles`, removed on an interrupting signal.
    private var temporarySlot: Int?
    /// How a regular file is written (past the page cache where possible); nil when in place.
    private var uncached: UncachedWriter?

    public init(path: String) throws {
        self.path = path
        if path == "-" {
            temporary = ""
            fd = 1
            inPlace = true
            return
        }
        if try FileBytes.isSpecialFile(path) {
            temporary = ""
            inPlace = true
            fd = open(path, O_WRONLY)
            guard fd >= 0 else {
                throw TraceError(file: path, line: 0, column: 0, message: "cannot write: \(FileBytes.errorText())")
            }
            return
        }
        inPlace = false
        temporary = path + ".tmp-\(getpid())"
        temporarySlot = TemporaryFiles.register(temporary)
        fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            TemporaryFiles.unregister(temporarySlot)
            throw TraceError(file: path, line: 0, column: 0, message: "cannot write: \(FileBytes.errorText())")
        }
        uncached = UncachedWriter(fd: fd)
    }

    deinit { discard() }

    /// Appends `bytes`; a failure is kept and reported by `commit()`.
    public func write(_ bytes: [UInt8]) { write(bytes[...]) }

    /// Whether writes are gathered into a buffer of the file's own before they reach the system
    /// (written past the page cache): many small writes then cost no more than one large one.
    public var gathersWrites: Bool { uncached != nil }

    /// Appends `bytes`; a failure is kept and reported by `commit()`.
    public func write(_ bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBytes { write($0) }
    }

    /// Appends `raw`; a failure is kept and reported by `commit()`.
    public func write(_ raw: UnsafeRawBufferPointer) {
        guard failure == nil, fd >= 0, let base = raw.baseAddress else { return }
        if let uncached {
            uncached.write(raw)
            failure = uncached.failure
            return
        }
        var written = 0
        while written < raw.count {
            let count = systemWrite(fd, base + written, raw.count - written)
            if count < 0 {
                if errno == EINTR { continue }
                failure = FileBytes.errorText()
                return
            }
            written += count
        }
    }

    /// Puts the file in place; throws (and removes the partial file) if any write failed.
    public func commit() throws {
        guard !inPlace else {
            if path != "-" && fd >= 0 {
                close(fd)
                fd = -1
            }
            if let failure {
                let name = path == "-" ? "standard output" : path
                throw TraceError(file: name, line: 0, column: 0, message: "cannot write: \(failure)")
            }
            return
        }
        guard fd >= 0 else { return }
        if failure == nil, let uncached {
            uncached.finish()
            failure = uncached.failure
        }
        if failure == nil, !(fsync(fd) == 0 || errno == EINVAL) { failure = FileBytes.errorText() }
        if close(fd) != 0 && failure == nil { failure = FileBytes.errorText() }
        fd = -1
        if failure == nil && rename(temporary, path) != 0 { failure = FileBytes.errorText() }
        if failure != nil { unlink(temporary) }
        TemporaryFiles.unregister(temporarySlot)
        if let failure {
            throw TraceError(file: path, line: 0, column: 0, message: "cannot write: \(failure)")
        }
    }

    /// Drops the partial file (nothing if committed).
    public func discard() {
        guard !inPlace else {
            if path != "-" && fd >= 0 { close(fd) }
            fd = -1
            return
        }
        guard fd >= 0 else { return }
        close(fd)
        fd = -1
        unlink(temporary)
        TemporaryFiles.unregister(temporarySlot)
    }
}

@inline(__always)
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only view of a whole file: memory-mapped when it is a regular file, else read into memory.
public final class MappedFile: @unchecked Sendable {
    public let path: String
    private let base: UnsafeRawPointer?
    private let mappedLength: Int
    private let owned: [UInt8]

    /// Opens `path` (`-` is standard input).
    public init(_ path: String) throws {
        self.path = path
        if path != "-" {
            let fd = open(path, O_RDONLY)
            guard fd >= 0 else {
                throw TraceError(file: path, line: 0, column: 0, message: "cannot open: \(FileBytes.errorText())")
            }
            defer { close(fd) }
            var info = stat()
            if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
                throw TraceError(file: path, line: 0, column: 0, message: "is a directory, not a file")
            }
            if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG && info.st_size > 0,
                let mapped = mmap(nil, Int(info.st_size), PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED
            {
                _ = madvise(mapped, Int(info.st_size), MADV_SEQUENTIAL)
                base = UnsafeRawPointer(mapped)
                mappedLength = Int(info.st_size)
                owned = []
                return
            }
        }
        owned = try FileBytes.read(path)
        base = nil
        mappedLength = 0
    }

    deinit {
        if let base { munmap(UnsafeMutableRawPointer(mutating: base), mappedLength) }
    }

    /// True when the bytes are a mapping of the file (pages the kernel can drop and read again),
    /// false when they were read into memory.
    public var isMapped: Bool { base != nil }

    /// Calls `body` with the file's bytes.
    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let base {
            return try body(UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: mappedLength))
        }
        return try owned.withUnsafeBufferPointer(body)
    }
}

/// Whole-file reads with one `read(2)` loop into a single buffer, and atomic writes.
public enum FileBytes {
    /// The contents of the file at `path`, or of standard input when `path` is `-`.
    public static func read(_ path: String) throws -> [UInt8] {
        let fd = path == "-" ? 0 : open(path, O_RDONLY)
        guard fd >= 0 else {
            throw TraceError(file: path, line: 0, column: 0, message: "cannot open: \(errorText())")
        }
        defer { if fd != 0 { close(fd) } }
        var info = stat()
        var capacity = 1 << 16
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG {
            capacity = max(Int(info.st_size) + 1, 1)
        } else if (info.st_mode & S_IFMT) == S_IFDIR {
            throw TraceError(file: path, line: 0, column: 0, message: "is a directory, not a file")
        }
        var bytes = [UInt8](repeating: 0, count: capacity)
        var filled = 0
        while true {
            if filled == bytes.count { bytes.append(contentsOf: repeatElement(0, count: bytes.count)) }
            let count = bytes.withUnsafeMutableBytes { raw in
                systemRead(fd, raw.baseAddress! + filled, raw.count - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw TraceError(file: path, line: 0, column: 0, message: "cannot read: \(errorText())")
            }
            if count == 0 { break }
            filled += count
        }
        bytes.removeSubrange(filled...)
        return bytes
    }

    /// Writes `bytes` to `path` atomically: to a temporary file in the same directory, then renamed
    /// over the target, so that readers see either the old file or the whole new one.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        // A device, FIFO or socket (`-o /dev/null`) is written in place: a rename would replace the node.
        if try isSpecialFile(path) {
            let file = try StreamingFile(path: path)
            file.write(bytes)
            try file.commit()
            return
        }
        let temporary = path + ".tmp-\(getpid())"
        let slot = TemporaryFiles.register(temporary)
        defer { TemporaryFiles.unregister(slot) }
        do {
            try FileSet.writeFlushed(bytes, to: temporary, reportedAs: path)
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let message = errorText()
            unlink(temporary)
            throw TraceError(file: path, line: 0, column: 0, message: "cannot write: \(message)")
        }
    }

    /// Creates directory `path` and its parents (like `mkdir -p`); an error names the directory and
    /// the system's reason.
    public static func makeDirectory(_ path: String) throws {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw TraceError(
                    file: path, line: 0, column: 0, message: "cannot create the directory \(current): \(errorText())")
            }
        }
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw TraceError(file: path, line: 0, column: 0, message: "is not a directory")
        }
    }

    /// Copies the file at `source` to `destination` atomically.
    public static func copy(_ source: String, to destination: String) throws {
        try writeAtomically(try read(source), to: destination)
    }

    /// True when `path` exists and is neither a regular file nor a directory (a device, a FIFO, a
    /// socket); a directory is an error.
    public static func isSpecialFile(_ path: String) throws -> Bool {
        var info = stat()
        guard path != "-", stat(path, &info) == 0 else { return false }
        let kind = info.st_mode & S_IFMT
        if kind == S_IFDIR {
            throw TraceError(file: path, line: 0, column: 0, message: "is a directory, not a file")
        }
        return kind != S_IFREG
    }

    /// The text of the last system error (`errno`).
    public static func errorText() -> String {
        String(cString: strerror(errno))
    }
}

@inline(__always)
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a large file past the page cache where the system allows it (Linux `O_DIRECT`): bytes
/// are gathered in an aligned block-sized buffer and each full buffer goes straight to the disk;
/// the tail (less than a block) and small files are written through the page cache. Files that
/// are synced before use anyway (every file opexsim puts in place is) are then copied once instead
/// of twice (README, Performance). Where direct writes are refused (file systems without them, odd alignment) the writer
/// falls back to ordinary writes, byte for byte the same file.
final class UncachedWriter {
    /// The buffer's size and alignment; a multiple of every common logical block size.
    static let bufferSize = 4 << 20
    static let alignment = 4096

    private let fd: Int32
    private var buffer: UnsafeMutableRawPointer?
    private var filled = 0
    private var direct = false
    /// The first error, as the system describes it; writes stop there.
    private(set) var failure: String?

    /// Writes to `fd`, a regular file opened for writing at its start.
    init(fd: Int32) { self.fd = fd }

    deinit { buffer?.deallocate() }

    /// Appends `bytes`.
    func write(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil, bytes.count > 0 else { return }
        var offset = 0
        while offset < bytes.count {
            if buffer == nil {
                buffer = UnsafeMutableRawPointer.allocate(byteCount: Self.bufferSize, alignment: Self.alignment)
            }
            let count = min(Self.bufferSize - filled, bytes.count - offset)
            (buffer! + filled).copyMemory(from: bytes.baseAddress! + offset, byteCount: count)
            filled += count
            offset += count
            if filled == Self.bufferSize {
                if !direct { direct = Self.setDirect(fd, true) }
                flush(count: filled)
                if failure != nil { return }
            }
        }
    }

    /// Writes what is buffered; the file is then complete (not yet synced).
    func finish() {
        guard failure == nil, filled > 0 else { return }
        let whole = direct ? filled / Self.alignment * Self.alignment : 0
        if whole > 0 { flush(count: whole) }
        if direct {
            direct = false
            _ = Self.setDirect(fd, false)
        }
        if filled > 0 { flush(count: filled) }
    }

    /// Writes the first `count` buffered bytes and keeps the rest at the buffer's start.
    private func flush(count: Int) {
        guard let buffer, failure == nil else { return }
        var written = 0
        while written < count {
            let result = systemWrite(fd, buffer + written, count - written)
            if result < 0 {
                if errno == EINTR { continue }
                if direct && errno == EINVAL {
                    // Direct writes refused here: the same bytes through the page cache.
                    direct = false
                    _ = Self.setDirect(fd, false)
                    continue
                }
                failure = FileBytes.errorText()
                return
            }
            written += result
            if direct && written % Self.alignment != 0 {
                direct = false
                _ = Self.setDirect(fd, false)
            }
        }
        filled -= count
        if filled > 0 { buffer.copyMemory(from: buffer + count, byteCount: filled) }
    }

    /// Turns direct writes on or off for `fd`; false where the system has none or refuses.
    private static func setDirect(_ fd: Int32, _ on: Bool) -> Bool {
        guard let directFlag = DirectIO.openFlag else { return false }
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0 else { return false }
        return fcntl(fd, F_SETFL, on ? flags | directFlag : flags & ~directFlag) == 0 && on
    }
}

@inline(__always)
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}

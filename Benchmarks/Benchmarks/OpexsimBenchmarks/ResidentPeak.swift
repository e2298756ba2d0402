import OpexsimTraces

#if canImport(Glibc)
import Glibc
#endif

/// The growth of the process's peak resident memory over a piece of work, from the kernel's own
/// count (`VmHWM` in `/proc/self/status`, reset through `/proc/self/clear_refs`): what `top` and
/// `/usr/bin/time` report of a command, without the memory the process held before. Linux only.
enum ResidentPeak {
    /// Bytes the peak resident size grew by while `body` ran (nil where the kernel cannot tell), and
    /// what `body` returned. Free heap pages are handed back first, so that the work cannot reuse
    /// memory already resident and look smaller than it is.
    static func growth<R>(_ body: () throws -> R) rethrows -> (bytes: Int?, result: R) {
        _ = HeapTrim.returnFreePages()
        guard resetPeak(), let before = status()?.resident else { return (nil, try body()) }
        let result = try body()
        guard let peak = status()?.peak else { return (nil, result) }
        return (max(0, peak - before), result)
    }

    /// Sets the peak to the current resident size.
    private static func resetPeak() -> Bool {
        #if os(Linux)
        let fd = open("/proc/self/clear_refs", O_WRONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return write(fd, "5", 1) == 1
        #else
        return false
        #endif
    }

    /// The current and peak resident sizes in bytes.
    private static func status() -> (resident: Int, peak: Int)? {
        #if os(Linux)
        let fd = open("/proc/self/status", O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 8_192)
        let count = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        let text = String(decoding: bytes[0..<count], as: UTF8.self)
        func kilobytes(_ field: String) -> Int? {
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(field) }) else { return nil }
            return line.split(separator: " ").compactMap { Int($0) }.first.map { $0 * 1_024 }
        }
        guard let resident = kilobytes("VmRSS:"), let peak = kilobytes("VmHWM:") else { return nil }
        return (resident, peak)
        #else
        return nil
        #endif
    }
}

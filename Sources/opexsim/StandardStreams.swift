#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard output and error written through `write(2)` with every error checked: a full disk or a
/// closed pipe on standard output is one clear line on standard error and exit status 1, never a trap.
enum StandardStreams {
    static func write(_ text: String, to fd: Int32) {
        var text = text
        text.withUTF8 { bytes in
            var written = 0
            while written < bytes.count {
                let count = systemWrite(fd, bytes.baseAddress! + written, bytes.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    let reason = String(cString: strerror(errno))
                    if fd != 2 {
                        let message = "opexsim: error: cannot write to standard output: \(reason)\n"
                        _ = message.utf8CString.withUnsafeBufferPointer {
                            systemWrite(2, $0.baseAddress!, $0.count - 1)
                        }
                    }
                    exit(1)
                }
                written += count
            }
        }
    }
}

@inline(__always)
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}

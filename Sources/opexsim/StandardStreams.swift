#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard output and error written through `write(2)` with every error checked: a full disk or a
/// closed pipe on standard output is one clear line on standard error and exit status 1, never a trap.
enum StandardStreams {
    /// `text` as one visible line: control characters (NUL, CR, LF, ...), DEL and the Unicode line
    /// and paragraph separators an input may hold are written as `\u{XXXX}`, so an error about a
    /// file never breaks the line or hides text.
    static func oneLine(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x20 || value == 0x7F || value == 0x85 || value == 0x2028 || value == 0x2029 {
                let hex = String(value, radix: 16, uppercase: true)
                out += "\\u{" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func write(_ text: String, to fd: Int32) {
        var text = text
        text.withUTF8 { write($0, to: fd) }
    }

    /// Writes `bytes` whole; on failure, as `write(_:to:)`.
    static func write(_ bytes: [UInt8], to fd: Int32) {
        bytes.withUnsafeBufferPointer { write($0, to: fd) }
    }

    private static func write(_ bytes: UnsafeBufferPointer<UInt8>, to fd: Int32) {
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

@inline(__always)
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}

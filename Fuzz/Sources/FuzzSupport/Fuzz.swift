#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the fuzz targets share. A target hands libFuzzer's input to one reader of the project: a
/// thrown error is the reader refusing bad input (expected); a crash, a trap, a hang, a sanitizer
/// report or a broken `expect` is a finding.
public enum Fuzz {
    /// Runs `body`; an error it throws is bad input refused, not a finding.
    public static func refusing(_ body: () throws -> Void) {
        do {
            try body()
        } catch {
            _ = String(describing: error)
        }
    }

    /// Stops with a finding when `condition` is false: two ways of reading the same input disagree.
    public static func expect(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fatalError("fuzz finding: \(message())") }
    }

    /// The input as bytes.
    public static func bytes(_ data: UnsafeRawPointer?, _ size: Int) -> [UInt8] {
        guard let data, size > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: data, count: size))
    }

    /// The parts of `bytes` between NUL bytes, at most `limit` of them (the last keeps its NULs): one
    /// input holds several files.
    public static func parts(_ bytes: [UInt8], limit: Int) -> [ArraySlice<UInt8>] {
        var parts: [ArraySlice<UInt8>] = []
        var start = 0
        for index in bytes.indices where bytes[index] == 0 && parts.count < limit - 1 {
            parts.append(bytes[start..<index])
            start = index + 1
        }
        parts.append(bytes[start...])
        return parts
    }

    /// Writes each part to a file of this process's scratch folder, named by `names` (cycled with a
    /// number when there are more parts than names), and returns their paths.
    public static func files(_ parts: [ArraySlice<UInt8>], names: [String]) -> [String] {
        parts.enumerated().map { index, part in
            let name = index < names.count ? names[index] : "\(index)-\(names[index % names.count])"
            let path = scratch + "/" + name
            store(part, to: path)
            return path
        }
    }

    /// Writes one file of `bytes` into the scratch folder and returns its path.
    public static func file(_ bytes: [UInt8], name: String) -> String {
        files([bytes[...]], names: [name])[0]
    }

    /// A folder of this process (under `TMPDIR`), removed when the process exits normally.
    static let scratch: String = {
        let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(base)/opexsim-fuzz.XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard made != nil else { fatalError("cannot make a scratch folder under \(base)") }
        atexit(removeScratch)
        return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }()

    private static func store(_ bytes: ArraySlice<UInt8>, to path: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { fatalError("cannot write \(path)") }
        defer { close(fd) }
        bytes.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let wrote = write(fd, buffer.baseAddress! + done, buffer.count - done)
                guard wrote > 0 else { fatalError("cannot write \(path)") }
                done += wrote
            }
        }
    }
}

/// Removes the scratch folder and the files in it (at exit).
private func removeScratch() {
    let folder = Fuzz.scratch
    guard let directory = opendir(folder) else { return }
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if name != "." && name != ".." { unlink(folder + "/" + name) }
    }
    closedir(directory)
    rmdir(folder)
}

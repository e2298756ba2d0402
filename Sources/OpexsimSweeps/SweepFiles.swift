import OpexsimTraces

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The files of sweep outputs: folders, copies, listings.
public enum SweepFiles {
    /// Creates `path` and its parents (like `mkdir -p`).
    public static func makeDirectory(_ path: String) throws { try FileBytes.makeDirectory(path) }

    /// The names in directory `path`, sorted; nil when it cannot be listed.
    public static func list(_ path: String) -> [String]? {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Copies the file at `source` to `destination` atomically.
    public static func copy(_ source: String, to destination: String) throws {
        try FileBytes.writeAtomically(try FileBytes.read(source), to: destination)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Several files written into one directory as one unit (`--out DIR`: report.md, report.json and
/// the charts). Every file is first written in full to a temporary file beside its target
/// (`NAME.tmp-PID`) and flushed to disk; only when all are there are they renamed over their
/// targets, in the order given, the last one after the directory itself is flushed. So:
///
/// - a failure while writing (a full disk, a target that is a directory) removes every temporary
///   file and leaves the directory as it was;
/// - a failure while renaming puts back the files already replaced (kept as hard links, or copies,
///   `NAME.old-PID`, until the end) and removes the new ones that had no previous file;
/// - SIGINT, SIGTERM and SIGHUP during the renames are held until they are done (or undone);
/// - the last file is renamed last, so once it is new every other file is new, even after a crash
///   of the machine (the file system honouring `fsync`).
///
/// Renames of several files are not one atomic operation: a process killed outright (SIGKILL) or a
/// crash during the renames may leave some files new and the last one old, never the reverse.
/// Other files in the directory are not touched.
public struct FileSet {
    /// A file to write: its name in the directory and its contents.
    public typealias File = (name: String, bytes: [UInt8])
    /// Contents made in pieces: the producer hands each piece to `emit` in order, so that a large
    /// file (a JSON report of a million containers) is never held whole.
    public typealias Producer = (_ emit: ([UInt8]) -> Void) -> Void

    /// A file's contents: bytes at hand, or pieces a producer makes while the file is written.
    public enum Contents {
        case bytes([UInt8])
        case produced(Producer)
    }

    /// How a step of the commit is done; replaced in tests to make one fail.
    struct Steps {
        var rename: (String, String) -> Int32 = { systemRename($0, $1) }
    }

    public let directory: String
    public let files: [(name: String, contents: Contents)]
    var steps = Steps()

    /// The files to write into `directory`, in the order they are renamed into place: put the one
    /// readers look at first (report.md) last. Of two files of one name the later is written.
    public init(directory: String, contents files: [(name: String, contents: Contents)]) {
        self.directory = directory
        var seen = Set<String>()
        self.files = Array(files.reversed().filter { seen.insert($0.name).inserted }.reversed())
    }

    /// `init(directory:contents:)` with every file's bytes at hand.
    public init(directory: String, files: [File]) {
        self.init(directory: directory, contents: files.map { ($0.name, .bytes($0.bytes)) })
    }

    /// Writes the files into `directory` (which must exist) as one unit.
    public static func write(_ files: [File], into directory: String) throws {
        try FileSet(directory: directory, files: files).write()
    }

    /// Writes the files into `directory` (which must exist) as one unit.
    public static func write(contents files: [(name: String, contents: Contents)], into directory: String) throws {
        try FileSet(directory: directory, contents: files).write()
    }

    /// Writes the files as one unit; on an error nothing in the directory has changed.
    public func write() throws {
        var staged = StagedFiles(pid: getpid())
        defer { staged.removeAll() }
        for file in files {
            switch file.contents {
            case .bytes(let bytes): try staged.stage(as: directory + "/" + file.name) { $0(bytes) }
            case .produced(let produce): try staged.stage(as: directory + "/" + file.name, produce)
            }
        }
        try TemporaryFiles.holdingSignals {
            try staged.commit(directory: directory, rename: steps.rename)
        }
    }
}

/// The C library's `rename`.
@inline(__always)
func systemRename(_ from: String, _ to: String) -> Int32 {
    rename(from, to)
}

/// The temporary files of a `FileSet` and what the commit did, to undo it.
struct StagedFiles {
    struct Entry {
        var target: String
        var temporary: String
        var slot: Int?
        /// The previous file, kept under another name while the set is renamed.
        var backup: String?
        var renamed = false
    }

    let pid: pid_t
    var entries: [Entry] = []

    init(pid: pid_t) { self.pid = pid }

    /// Writes what `produce` makes to the temporary file of `target`, flushed to disk.
    mutating func stage(as target: String, _ produce: FileSet.Producer) throws {
        var info = stat()
        if lstat(target, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            throw TraceError(file: target, line: 0, column: 0, message: "is a directory, not a file")
        }
        let temporary = target + ".tmp-\(pid)"
        entries.append(Entry(target: target, temporary: temporary, slot: TemporaryFiles.register(temporary)))
        try FileSet.writeFlushed(to: temporary, reportedAs: target, produce)
    }

    /// Keeps the previous files, renames the temporary files over their targets (flushing the
    /// directory before the last) and drops the kept files; on a failure puts the previous ones back.
    mutating func commit(directory: String, rename: (String, String) -> Int32) throws {
        do {
            for index in entries.indices { try keepPrevious(index) }
            for index in entries.indices {
                if index == entries.count - 1 { FileSet.flushDirectory(directory) }
                guard rename(entries[index].temporary, entries[index].target) == 0 else {
                    throw TraceError(
                        file: entries[index].target, line: 0, column: 0,
                        message: "cannot write: \(FileBytes.errorText())")
                }
                entries[index].renamed = true
                TemporaryFiles.unregister(entries[index].slot)
                entries[index].slot = nil
            }
        } catch {
            let kept = undo()
            guard !kept.isEmpty, let error = error as? TraceError else { throw error }
            var message = error.message + "; the previous file could not be put back: it is kept as "
            message += kept.joined(separator: ", ")
            throw TraceError(file: error.file, line: 0, column: 0, message: message)
        }
        FileSet.flushDirectory(directory)
        for entry in entries { if let backup = entry.backup { unlink(backup) } }
        entries = []
    }

    /// Keeps the current file of entry `index` as `NAME.old-PID`: a hard link, or a copy where the
    /// file system has none.
    mutating func keepPrevious(_ index: Int) throws {
        let target = entries[index].target
        var info = stat()
        guard lstat(target, &info) == 0 else { return }
        let backup = target + ".old-\(pid)"
        unlink(backup)
        if linkat(AT_FDCWD, target, AT_FDCWD, backup, 0) != 0 {
            // Not a hard link (a symbolic link, or a file system without them): a copy of the bytes.
            let bytes = try FileBytes.read(target)
            try FileSet.writeFlushed(bytes, to: backup, reportedAs: target)
        }
        entries[index].backup = backup
    }

    /// Puts back the previous files of the entries renamed so far (newest first) and removes the
    /// new files that had none; returns the kept files that could not be put back (left in place).
    mutating func undo() -> [String] {
        var kept: [String] = []
        for index in entries.indices.reversed() where entries[index].renamed {
            if let backup = entries[index].backup {
                if systemRename(backup, entries[index].target) != 0 { kept.append(backup) }
                entries[index].backup = nil
            } else {
                unlink(entries[index].target)
            }
            entries[index].renamed = false
            // The new file is gone (replaced or removed): nothing to unlink under the temporary name.
            entries[index].temporary = ""
        }
        return kept
    }

    /// Removes every temporary and kept file left (after an error, or after `commit` nothing).
    mutating func removeAll() {
        for entry in entries {
            if !entry.renamed && !entry.temporary.isEmpty { unlink(entry.temporary) }
            TemporaryFiles.unregister(entry.slot)
            if let backup = entry.backup { unlink(backup) }
        }
        entries = []
    }
}

extension FileSet {
    /// Writes `bytes` to a new file `path`, flushed to disk; errors name `target`.
    static func writeFlushed(_ bytes: [UInt8], to path: String, reportedAs target: String) throws {
        try writeFlushed(to: path, reportedAs: target) { $0(bytes) }
    }

    /// Writes the pieces `produce` makes to a new file `path`, flushed to disk; errors name `target`
    /// (after a failed write the pieces still coming are dropped).
    static func writeFlushed(to path: String, reportedAs target: String, _ produce: Producer) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            throw TraceError(file: target, line: 0, column: 0, message: "cannot write: \(FileBytes.errorText())")
        }
        let writer = UncachedWriter(fd: fd)
        produce { bytes in bytes.withUnsafeBytes { writer.write($0) } }
        writer.finish()
        if let failure = writer.failure {
            close(fd)
            throw TraceError(file: target, line: 0, column: 0, message: "cannot write: \(failure)")
        }
        guard fsync(fd) == 0 || errno == EINVAL else {
            let message = FileBytes.errorText()
            close(fd)
            throw TraceError(file: target, line: 0, column: 0, message: "cannot write: \(message)")
        }
        guard close(fd) == 0 else {
            throw TraceError(file: target, line: 0, column: 0, message: "cannot write: \(FileBytes.errorText())")
        }
    }

    /// Flushes a directory's entries (the renames in it) to disk; where that is not possible
    /// (some file systems refuse `fsync` on a directory) nothing more is done.
    static func flushDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}

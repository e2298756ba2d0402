#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The binary trace cache (`.opxt`, docs/trace-format.md): a built `Trace` written column by column,
/// so that reading it is a copy of each column, no parsing. Layout, little-endian:
///
/// - a 32-byte header: the magic `OPXTRACE`, the format version (UInt32), 4 reserved bytes, the
///   payload length (UInt64) and a checksum of the payload (UInt64, `BlockChecksum`: 1 MiB blocks
///   hashed apart, so that a reader checks them on all cores);
/// - the payload: 8-byte words and 8-byte-aligned blocks: the source files with their size and
///   modification time (a cache whose source has changed since is stale), the names, the series,
///   containers, pods and workloads, the columns, and the reading's interval, skipped rows and warnings.
///
/// Every count and index is checked when read: a corrupt or truncated cache is refused with a
/// message, never read as data.
public enum TraceCache {
    /// The first 8 bytes of every cache.
    public static let magic = Array("OPXTRACE".utf8)
    /// Bumped whenever the layout changes; other versions are refused.
    public static let version: UInt32 = 3
    static let headerLength = 32

    /// True when `bytes` start like a cache.
    public static func isCache(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= magic.count && zip(bytes.prefix(magic.count), magic).allSatisfy { $0 == $1 }
    }

    /// True when the file at `path` starts like a cache (false when it cannot be read).
    public static func isCache(path: String) -> Bool {
        guard path != "-" else { return false }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var head = [UInt8](repeating: 0, count: magic.count)
        let count = head.withUnsafeMutableBytes { readBytes(fd, $0.baseAddress, magic.count) }
        return count == magic.count && head == magic
    }

    /// The cache bytes of `trace`, read from the files `trace.files` (their size and modification
    /// time are recorded).
    public static func encode(_ trace: Trace) -> [UInt8] {
        let pieces = payload(trace)
        var bytes = header(pieces)
        for piece in pieces.pieces { piece.withBytes { bytes += $0 } }
        return bytes
    }

    /// Writes the cache of `trace` to `path` atomically, piece by piece: the columns go to the file
    /// from the trace itself, never copied into one buffer.
    public static func write(_ trace: Trace, to path: String) throws {
        let pieces = payload(trace)
        let file = try StreamingFile(path: path)
        file.write(header(pieces))
        for piece in pieces.pieces { piece.withBytes { file.write($0) } }
        try file.commit()
    }

    /// The payload of `trace`'s cache, in pieces.
    static func payload(_ trace: Trace) -> CacheWriter {
        var out = CacheWriter()
        out.sources(trace.files)
        out.strings(trace.names)
        out.strings(trace.files)
        out.series(trace.series)
        out.groups(trace)
        out.columns(trace)
        out.int(trace.interval)
        out.int(Int64(trace.skippedRows))
        out.strings(trace.warnings)
        out.finish()
        return out
    }

    /// The 32-byte header of a payload: magic, version, length and checksum.
    static func header(_ payload: CacheWriter) -> [UInt8] {
        var header = magic
        withUnsafeBytes(of: version.littleEndian) { header += $0 }
        header += [0, 0, 0, 0]
        withUnsafeBytes(of: UInt64(payload.length).littleEndian) { header += $0 }
        var sum = BlockChecksum(length: payload.length)
        for piece in payload.pieces { piece.withBytes { sum.add($0) } }
        withUnsafeBytes(of: sum.finish().littleEndian) { header += $0 }
        return header
    }

    /// The checksum a cache's header holds of its payload (`BlockChecksum`).
    public static func payloadChecksum(_ payload: UnsafeBufferPointer<UInt8>) -> UInt64 {
        BlockChecksum.of(payload, handingBack: false)
    }

    /// A 64-bit checksum over 8-byte words (xxHash-style multiply and rotate), with the length mixed in
    /// (a cache's payload is checked by `BlockChecksum`, made of these).
    public static func checksum(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var sum = Checksum(length: bytes.count)
        sum.add(UnsafeRawBufferPointer(bytes))
        return sum.finish()
    }
}

/// `TraceCache.checksum` fed in pieces: 8-byte words (xxHash-style multiply and rotate) over the
/// bytes in order, whatever their pieces, with the length mixed in first and a last partial word's
/// bytes at the end.
struct Checksum {
    static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private var hash: UInt64
    /// Bytes of a word not yet complete, and how many.
    private var pending: UInt64 = 0
    private var pendingCount = 0

    init(length: Int) { hash = 0x27D4_EB2F_1656_67C5 ^ UInt64(length) }

    /// Feeds a block's finished hash as one word (only between whole words).
    mutating func add(blockHash: UInt64) {
        precondition(pendingCount == 0, "a block hash between whole words")
        word(blockHash)
    }

    @inline(__always)
    private mutating func word(_ value: UInt64) {
        hash ^= value &* Self.prime2
        hash = ((hash << 31) | (hash >> 33)) &* Self.prime1
    }

    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        var index = 0
        // Complete a word begun in an earlier piece (little-endian: later bytes are higher).
        while pendingCount > 0 && index < bytes.count {
            pending |= UInt64(bytes[index]) << UInt64(8 * pendingCount)
            pendingCount += 1
            index += 1
            if pendingCount == 8 {
                word(pending)
                (pending, pendingCount) = (0, 0)
            }
        }
        while index + 8 <= bytes.count {
            word(UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self)))
            index += 8
        }
        while index < bytes.count {
            pending |= UInt64(bytes[index]) << UInt64(8 * pendingCount)
            pendingCount += 1
            index += 1
        }
    }

    /// The checksum once every byte is added: a last partial word goes in as its bytes read
    /// big-endian (as the whole-buffer checksum always did), then the final mix.
    func finish() -> UInt64 {
        var hash = self.hash
        var tail: UInt64 = 0
        for k in 0..<pendingCount { tail = tail << 8 | (pending >> UInt64(8 * k) & 0xFF) }
        hash ^= tail &* Self.prime2
        hash ^= hash >> 33
        hash = hash &* Self.prime2
        hash ^= hash >> 29
        return hash
    }
}

/// `read(2)`, out of reach of `TraceCache.read` inside the enum.
private func readBytes(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}

/// The size and modification time of a file, to tell whether a cache's source changed.
struct FileStamp: Equatable {
    var size: Int64
    var modified: Int64

    init(size: Int64, modified: Int64) {
        self.size = size
        self.modified = modified
    }

    /// The stamp of `path`, nil when it cannot be read.
    init?(path: String) {
        var info = stat()
        guard path != "-", stat(path, &info) == 0 else { return nil }
        size = Int64(info.st_size)
        #if canImport(Darwin)
        modified = Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
        #else
        modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        #endif
    }
}

/// A cache payload in pieces: 8-byte words and aligned blocks gathered in byte buffers, and large
/// columns referred to where they are (written and checksummed from the trace itself).
struct CacheWriter {
    /// One piece of the payload.
    enum Piece {
        case bytes([UInt8])
        /// A column's bytes, kept alive by the closure that lends them.
        case column(count: Int, lend: ((UnsafeRawBufferPointer) -> Void) -> Void)

        func withBytes(_ body: (UnsafeRawBufferPointer) -> Void) {
            switch self {
            case .bytes(let bytes): bytes.withUnsafeBytes(body)
            case .column(_, let lend): lend(body)
            }
        }

        var count: Int {
            switch self {
            case .bytes(let bytes): bytes.count
            case .column(let count, _): count
            }
        }
    }

    /// Columns from this many bytes on are referred to, not copied.
    static let referencedColumn = 1 << 16

    private(set) var pieces: [Piece] = []
    /// Bytes in the closed pieces.
    private var closedLength = 0
    /// The piece being gathered.
    var bytes: [UInt8] = []
    /// Bytes in all pieces, the one being gathered included.
    var length: Int { closedLength + bytes.count }

    private mutating func close(_ piece: Piece) {
        closedLength += piece.count
        pieces.append(piece)
    }

    mutating func int(_ value: Int64) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }

    mutating func pad() {
        while length % 8 != 0 { bytes.append(0) }
    }

    mutating func string(_ text: String) {
        let utf8 = Array(text.utf8)
        int(Int64(utf8.count))
        bytes += utf8
        pad()
    }

    mutating func strings(_ texts: [String]) {
        int(Int64(texts.count))
        for text in texts { string(text) }
    }

    /// The names of `table`, as `strings` writes them, a name at a time.
    mutating func strings(_ table: NameTable) {
        int(Int64(table.count))
        for id in 0..<table.count { string(table[Int32(id)]) }
    }

    mutating func block<T: BitwiseCopyable>(_ values: [T]) {
        int(Int64(values.count))
        let size = values.count * MemoryLayout<T>.stride
        if size >= Self.referencedColumn {
            close(.bytes(bytes))
            bytes = []
            close(.column(count: size, lend: { body in values.withUnsafeBytes(body) }))
        } else {
            values.withUnsafeBytes { bytes += $0 }
        }
        pad()
    }

    /// Closes the piece being gathered.
    mutating func finish() {
        if !bytes.isEmpty { close(.bytes(bytes)) }
        bytes = []
    }

    mutating func sources(_ files: [String]) {
        int(Int64(files.count))
        for file in files {
            string(file)
            let stamp = FileStamp(path: file) ?? FileStamp(size: -1, modified: 0)
            int(stamp.size)
            int(stamp.modified)
        }
    }

    mutating func series(_ series: [TraceSeries]) {
        int(Int64(series.count))
        for s in series {
            for value in [
                Int64(s.namespaceName), Int64(s.workloadName), Int64(s.containerName), Int64(s.podName),
                Int64(s.nodeName), Int64(s.teamName), Int64(s.labelsName), Int64(s.annotationsName),
                Int64(s.range.lowerBound), Int64(s.range.upperBound), s.interval, s.gapTime, Int64(s.containerIndex),
                Int64(s.podIndex), Int64(s.workloadIndex),
            ] {
                int(value)
            }
        }
    }

    mutating func groups(_ trace: Trace) {
        int(Int64(trace.containers.count))
        for c in trace.containers {
            for value in [
                Int64(c.namespaceName), Int64(c.workloadName), Int64(c.containerName), Int64(c.workloadIndex),
            ] {
                int(value)
            }
            block(c.series.map(Int64.init))
        }
        int(Int64(trace.pods.count))
        for p in trace.pods {
            for value in [Int64(p.namespaceName), Int64(p.workloadName), Int64(p.podName), Int64(p.workloadIndex)] {
                int(value)
            }
            block(p.series.map(Int64.init))
        }
        int(Int64(trace.workloads.count))
        for w in trace.workloads {
            for value in [Int64(w.namespaceName), Int64(w.workloadName), Int64(w.teamName)] { int(value) }
            block(w.containers.map(Int64.init))
            block(w.pods.map(Int64.init))
        }
    }

    mutating func columns(_ trace: Trace) {
        block(trace.time)
        block(trace.cpu)
        block(trace.memory)
        block(trace.settingsIndex)
        block(
            trace.settings.flatMap { s in
                [s.cpuRequest ?? .nan, s.cpuLimit ?? .nan, s.memoryRequest ?? .nan, s.memoryLimit ?? .nan]
            })
        block(trace.throttledRatio)
        block(trace.oomKilled)
        block(trace.cpuPercentileLevels)
        block(trace.cpuPercentiles)
        block(trace.sourceFile)
    }
}

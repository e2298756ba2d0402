extension TraceCache {
    /// Reads the cache at `path`. A file that is not a cache, of another version, truncated, with a
    /// wrong checksum or inconsistent contents, or whose source trace changed since it was written,
    /// is refused with a `TraceError` naming the file.
    public static func read(path: String) throws -> Trace {
        let file = try MappedFile(path)
        return try file.withBytes { bytes in try decode(bytes, file: path, mapped: file.isMapped) }
    }

    /// Decodes cache bytes (see `TraceCache`); `file` names them in errors. `mapped`: the bytes map a
    /// file read once, whose pages are handed back as they are checked and copied (a cache is then
    /// never resident whole beside the trace copied out of it).
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, file: String, mapped: Bool = false) throws -> Trace {
        func refuse(_ why: String) -> TraceError {
            TraceError(file: file, line: 0, column: 0, message: "not a usable trace cache: \(why)")
        }
        guard isCache(bytes), bytes.count >= headerLength else { throw refuse("no OPXTRACE header") }
        var header = CacheReader(bytes: UnsafeBufferPointer(rebasing: bytes[0..<headerLength]))
        header.offset = 8
        let version = UInt32(truncatingIfNeeded: try header.word() & 0xFFFF_FFFF)
        guard version == Self.version else {
            throw refuse(
                "format version \(version), this opexsim reads version \(Self.version): run opexsim cache again")
        }
        let length = try header.word()
        let expected = try header.word()
        guard length == UInt64(bytes.count - headerLength) else {
            throw refuse("\(bytes.count - headerLength) payload bytes where the header says \(length) (truncated?)")
        }
        let payload = UnsafeBufferPointer(rebasing: bytes[headerLength...])
        guard BlockChecksum.of(payload, handingBack: mapped) == expected else {
            throw refuse("checksum mismatch (the file is corrupt)")
        }
        var reader = CacheReader(bytes: payload)
        reader.handsBack = mapped
        do {
            try checkSources(&reader, file: file)
            var trace = Trace()
            trace.names = NameTable(names: try reader.strings()).droppingLookup()
            trace.files = try reader.strings()
            trace.series = try reader.series()
            try reader.groups(into: &trace)
            try reader.columns(into: &trace)
            trace.interval = try reader.int()
            trace.skippedRows = Int(try reader.int())
            trace.warnings = try reader.strings()
            guard reader.offset == payload.count else { throw CacheReader.Corrupt(why: "bytes after the last column") }
            try TraceCacheValidation.check(trace)
            return trace
        } catch let corrupt as CacheReader.Corrupt {
            throw refuse(corrupt.why)
        }
    }

    /// Refuses a cache whose source trace exists and differs in size or modification time from when
    /// the cache was written.
    static func checkSources(_ reader: inout CacheReader, file: String) throws {
        let count = try reader.count(limit: 65_536)
        for _ in 0..<count {
            let source = try reader.string()
            let stamp = FileStamp(size: try reader.int(), modified: try reader.int())
            if stamp.size >= 0, let now = FileStamp(path: source), now != stamp {
                throw TraceError(
                    file: file, line: 0, column: 0,
                    message:
                        "stale trace cache: \(source) changed since the cache was written; run opexsim cache \(source) again"
                )
            }
        }
    }
}

/// Reads 8-byte words and aligned blocks, every read bounds-checked.
struct CacheReader {
    struct Corrupt: Error {
        var why: String
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var offset = 0
    /// The bytes map a read-only file: a column's pages are handed back once copied.
    var handsBack = false

    mutating func word() throws -> UInt64 {
        guard offset + 8 <= bytes.count, let base = bytes.baseAddress else { throw Corrupt(why: "truncated") }
        let value = UInt64(littleEndian: UnsafeRawPointer(base).loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        offset += 8
        return value
    }

    mutating func int() throws -> Int64 { Int64(bitPattern: try word()) }

    /// A count no larger than `limit` (nor than the bytes left could hold).
    mutating func count(limit: Int = Int(Int32.max)) throws -> Int {
        let value = try int()
        guard value >= 0, value <= limit, value <= bytes.count else { throw Corrupt(why: "a count of \(value)") }
        return Int(value)
    }

    mutating func skipPadding() { offset = (offset + 7) / 8 * 8 }

    mutating func string() throws -> String {
        let length = try count()
        guard offset + length <= bytes.count else { throw Corrupt(why: "a name runs past the end") }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<offset + length]), as: UTF8.self)
        offset += length
        skipPadding()
        return text
    }

    mutating func strings() throws -> [String] {
        let count = try count()
        return try (0..<count).map { _ in try string() }
    }

    mutating func block<T: BitwiseCopyable>(_: T.Type) throws -> [T] {
        let count = try count(limit: Int.max / MemoryLayout<T>.stride)
        let length = count * MemoryLayout<T>.stride
        guard offset + length <= bytes.count, let base = bytes.baseAddress else {
            throw Corrupt(why: "a column runs past the end")
        }
        // An empty column is the shared empty array: creating it with no capacity writes its count,
        // which races with other threads reading it (ThreadSanitizer).
        guard count > 0 else { return [] }
        let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            ColumnCopy(source: UnsafeRawPointer(base) + offset, target: UnsafeMutableRawPointer(buffer.baseAddress!))
                .run(length: length, handingBack: handsBack)
            initialized = count
        }
        offset += length
        skipPadding()
        return values
    }

    mutating func ints(_ count: Int) throws -> [Int64] { try (0..<count).map { _ in try int() } }

    mutating func indices() throws -> [Int] { try block(Int64.self).map { Int($0) } }

    mutating func series() throws -> [TraceSeries] {
        let count = try count()
        return try (0..<count).map { _ in
            let v = try ints(15)
            func id(_ k: Int) throws -> Int32 {
                guard let value = Int32(exactly: v[k]) else { throw Corrupt(why: "a name id of \(v[k])") }
                return value
            }
            guard v[8] >= 0, v[9] >= v[8] else { throw Corrupt(why: "a series range \(v[8])..<\(v[9])") }
            guard v[12...14].allSatisfy({ Int32(exactly: $0) != nil }) else {
                throw Corrupt(why: "a series' grouping index past 32 bits")
            }
            return TraceSeries(
                namespaceName: try id(0), workloadName: try id(1), containerName: try id(2), podName: try id(3),
                nodeName: try id(4), teamName: try id(5), labelsName: try id(6), annotationsName: try id(7),
                range: Int(v[8])..<Int(v[9]), interval: v[10], gapTime: v[11], containerIndex: Int(v[12]),
                podIndex: Int(v[13]), workloadIndex: Int(v[14]))
        }
    }

    mutating func groups(into trace: inout Trace) throws {
        func id(_ value: Int64) throws -> Int32 {
            guard let id = Int32(exactly: value) else { throw Corrupt(why: "a name id of \(value)") }
            return id
        }
        func workload(_ value: Int64) throws -> Int {
            guard Int32(exactly: value) != nil else { throw Corrupt(why: "a workload index of \(value)") }
            return Int(value)
        }
        trace.containers = try (0..<count()).map { _ in
            let v = try ints(4)
            return TraceContainer(
                namespaceName: try id(v[0]), workloadName: try id(v[1]), containerName: try id(v[2]),
                workloadIndex: try workload(v[3]), series: IndexList(try indices()))
        }
        trace.pods = try (0..<count()).map { _ in
            let v = try ints(4)
            return TracePod(
                namespaceName: try id(v[0]), workloadName: try id(v[1]), podName: try id(v[2]),
                workloadIndex: try workload(v[3]),
                series: IndexList(try indices()))
        }
        trace.workloads = try (0..<count()).map { _ in
            let v = try ints(3)
            return TraceWorkload(
                namespaceName: try id(v[0]), workloadName: try id(v[1]), teamName: try id(v[2]),
                containers: IndexList(try indices()),
                pods: IndexList(try indices()))
        }
    }

    mutating func columns(into trace: inout Trace) throws {
        trace.time = try block(Int64.self)
        trace.cpu = try block(Double.self)
        trace.memory = try block(Double.self)
        trace.settingsIndex = try block(UInt32.self)
        let settings = try block(Double.self)
        guard settings.count % 4 == 0 else { throw Corrupt(why: "settings of \(settings.count) values") }
        func value(_ x: Double) -> Double? { x.isNaN ? nil : x }
        trace.settings = stride(from: 0, to: settings.count, by: 4).map { k in
            ResourceSettings(
                cpuRequest: value(settings[k]), cpuLimit: value(settings[k + 1]), memoryRequest: value(settings[k + 2]),
                memoryLimit: value(settings[k + 3]))
        }
        trace.throttledRatio = try block(Double.self)
        trace.oomKilled = try block(UInt8.self)
        trace.cpuPercentileLevels = try block(Double.self)
        trace.cpuPercentiles = try block(Double.self)
        trace.sourceFile = try block(UInt16.self)
    }
}

/// A column's bytes copied out of a cache in parts on all cores (a large column's copy is bound by
/// the page faults of its new pages, which every core can take).
private struct ColumnCopy: @unchecked Sendable {
    let source: UnsafeRawPointer
    let target: UnsafeMutableRawPointer

    /// Copies `length` bytes; with `handingBack`, each part's source pages are handed back once copied.
    func run(length: Int, handingBack: Bool) {
        ParallelParts.forEach(ParallelParts.parts(length, minimum: 4 << 20)) { _, part in
            (target + part.lowerBound).copyMemory(from: source + part.lowerBound, byteCount: part.count)
            if handingBack { PageHandBack.handBack(source, from: part.lowerBound, to: part.upperBound) }
        }
    }
}

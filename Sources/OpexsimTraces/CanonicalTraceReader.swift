import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads canonical utilization traces (docs/trace-format.md) at the byte level: each file is mapped (or read)
/// whole and parsed without building strings, except for the names of new series. Large files are
/// split at line boundaries and parsed on all cores; a later chunk's rows stay in the columns its parser
/// wrote, in file order, until the trace is built (`TraceBuilder.keep`).
public struct CanonicalTraceReader: Sendable {
    /// Skip malformed rows and count them instead of stopping at the first.
    public var skipBadRows: Bool
    /// How many chunks a large file is parsed in at once; defaults to the number of cores.
    public var parallelism: Int
    /// Files smaller than this are parsed in one piece.
    public var minimumChunkBytes = 1 << 22
    /// Whether samples keep their source line in the trace (`Trace.sourceLine`).
    var recordsLines = true
    /// Bytes of a mapped file parsed between two hand-backs of its pages to the kernel.
    var releaseStep = defaultReleaseStep
    static let defaultReleaseStep = 32 << 20
    /// Bytes and rows read so far, for a progress display (`first` bytes, `second` rows); nil: none.
    public var progress: ProgressCounters?
    /// Which files are read past the page cache; `OPEXSIM_READ` sets it.
    public var directRead = DirectReadMode.fromEnvironment
    var directTuning = DirectTuning()

    public init(skipBadRows: Bool = false, parallelism: Int = ProcessorCount.online) {
        self.skipBadRows = skipBadRows
        self.parallelism = max(1, parallelism)
    }

    /// Reads and builds the trace from one or more files (`-` is standard input).
    public func read(_ paths: [String]) throws -> Trace {
        // A binary cache (`opexsim cache`) holds a whole trace: it is read alone.
        if let cache = paths.first(where: TraceCache.isCache(path:)) {
            guard paths.count == 1 else {
                throw TraceError(
                    file: cache, line: 0, column: 0,
                    message: "a trace cache holds a whole trace: give it alone, or cache all the files together")
            }
            return try TraceCache.read(path: cache)
        }
        // Standard input can be read once only.
        guard parallelism > 1, !paths.contains("-") else { return try readInChunks(paths) }
        // Chunks are cut at line ends, which may fall inside a quoted cell holding a line break, and
        // each chunk checks the labels of its own first row of a series: where chunks see an error
        // or a bad row, the files are read again in one pass, whose outcome is the reference. Only
        // that pass keeps each row's line (errors found once rows are grouped name lines).
        do {
            var chunked = self
            chunked.recordsLines = false
            let trace = try chunked.readInChunks(paths)
            if trace.skippedRows == 0 { return trace }
        } catch {}
        var onePass = self
        onePass.parallelism = 1
        progress?.reset()
        return try onePass.readInChunks(paths)
    }

    /// Reads and builds the trace from CSV files, each in up to `parallelism` chunks.
    func readInChunks(_ paths: [String]) throws -> Trace {
        var builder = TraceBuilder()
        builder.recordsLines = recordsLines
        for path in paths {
            // The file is unmapped (or its memory freed) before the chunks are merged: the rows are
            // then held once.
            let pending: PendingChunks?
            if let plan = try directPlan(path) {
                pending = try parseChunks(
                    plan.file.bytes, file: path, into: &builder, releasingParsedPages: true, direct: plan)
            } else {
                let file = try MappedFile(path)
                pending = try file.withBytes { buffer in
                    try parseChunks(buffer, file: path, into: &builder, releasingParsedPages: file.isMapped)
                }
            }
            try pending?.merge(into: &builder)
        }
        return try builder.build(skipBadRows: skipBadRows)
    }

    /// Parses one file's bytes into `builder`.
    public func parse(_ buffer: UnsafeBufferPointer<UInt8>, file: String, into builder: inout TraceBuilder) throws {
        try parseChunks(buffer, file: file, into: &builder)?.merge(into: &builder)
    }

    /// Parses one file's bytes: the first chunk into `builder`, the others, when the file is large,
    /// into builders of their own, returned to be merged into `builder` (they hold no file bytes).
    /// `releasingParsedPages`: the buffer maps a file that nothing reads once parsed; its pages are
    /// handed back to the kernel behind the parsers. `direct`: the buffer is a file read past the
    /// page cache, its header and chunks already found.
    func parseChunks(
        _ buffer: UnsafeBufferPointer<UInt8>, file: String, into builder: inout TraceBuilder,
        releasingParsedPages: Bool = false, direct: DirectPlan? = nil
    ) throws -> PendingChunks? {
        let header = try direct?.header ?? CanonicalHeader(buffer: buffer, file: file)
        let fileIndex = builder.addFile(file)
        if !header.layout.unknown.isEmpty {
            builder.warnings.append(Self.unknownColumnsWarning(header.layout.unknown, file: file))
        }
        let chunks = direct?.chunks ?? chunkBounds(buffer, from: header.dataStart)
        if chunks.count == 1 {
            var parser = CanonicalRowParser(buffer: buffer, header: header, range: chunks[0], skipBadRows: skipBadRows)
            parser.releaseStep = releasingParsedPages ? (direct?.file.window ?? releaseStep) : nil
            parser.lookahead = directTuning.lookahead
            parser.progress = progress
            parser.loader = direct?.loader(for: 0)
            parser.loader?.start()
            defer { parser.loader?.finish() }
            builder.prepare(for: header.layout, rows: direct?.rowEstimates[0] ?? Self.estimatedRows(buffer, chunks[0]))
            try parser.parseRows(into: &builder, fileIndex: fileIndex, firstLine: 2)
            return nil
        }
        return try parseInParallel(
            buffer, chunks: chunks, header: header, file: file, fileIndex: fileIndex, into: &builder,
            releasingParsedPages: releasingParsedPages, direct: direct)
    }

    /// The warning for columns the header names but the format does not know, named briefly: a file
    /// with other line endings reads as one long header.
    static func unknownColumnsWarning(_ unknown: [String], file: String) -> String {
        let shown = unknown.prefix(10).map { name in
            let visible = String(name.unicodeScalars.map { $0.value < 0x20 ? "?" : Character($0) })
            return visible.count > 40 ? visible.prefix(40) + "…" : visible
        }
        let more = unknown.count > 10 ? " and \(unknown.count - 10) more" : ""
        return "\(file): unknown column\(unknown.count > 1 ? "s" : "") ignored: \(shown.joined(separator: ", "))\(more)"
    }

    /// Parses the `chunks` of one file's rows on their own cores: the first chunk parses into
    /// `builder`, the others into builders of their own that count lines from zero, to be merged in
    /// file order.
    func parseInParallel(
        _ buffer: UnsafeBufferPointer<UInt8>, chunks: [Range<Int>], header: CanonicalHeader, file: String,
        fileIndex: Int, into builder: inout TraceBuilder, releasingParsedPages: Bool, direct: DirectPlan?
    ) throws -> PendingChunks {
        let results = ChunkResults(count: chunks.count)
        let shared = SharedBuffer(buffer: buffer)
        let skip = skipBadRows, recordsLines = builder.recordsLines
        let step = direct?.file.window ?? releaseStep, lookahead = directTuning.lookahead
        builder.prepare(
            for: header.layout,
            rows: direct?.fileEstimate ?? Self.estimatedRows(buffer, header.dataStart..<buffer.count))
        let estimates = direct?.rowEstimates
        let loaders = chunks.indices.map { direct?.loader(for: $0) }
        for loader in loaders { loader?.start() }
        defer { for loader in loaders { loader?.finish() } }
        let mainLines: Int = try withUnsafeMutablePointer(to: &builder) { mainBuilder in
            let main = SharedBuilder(pointer: mainBuilder)
            DispatchQueue.concurrentPerform(iterations: chunks.count) { index in
                var parser = CanonicalRowParser(
                    buffer: shared.buffer, header: header, range: chunks[index], skipBadRows: skip)
                parser.releaseStep = releasingParsedPages ? step : nil
                parser.loader = loaders[index]
                parser.lookahead = lookahead
                parser.progress = progress
                // Each chunk's ring is freed as soon as its rows are parsed.
                defer { loaders[index]?.finish() }
                do {
                    if index == 0 {
                        let lines = try parser.parseRows(
                            into: &main.pointer.pointee, fileIndex: fileIndex, firstLine: 2)
                        results.store(index, .success(ChunkOutcome(builder: nil, lines: lines)))
                        return
                    }
                    var chunkBuilder = TraceBuilder()
                    chunkBuilder.recordsLines = recordsLines
                    _ = chunkBuilder.addFile(file)
                    chunkBuilder.prepare(
                        for: header.layout, rows: estimates?[index] ?? Self.estimatedRows(shared.buffer, chunks[index]))
                    let lines = try parser.parseRows(into: &chunkBuilder, fileIndex: 0, firstLine: 0)
                    results.store(index, .success(ChunkOutcome(builder: chunkBuilder, lines: lines)))
                } catch {
                    results.store(index, .failure(error))
                }
            }
            return try results.take(0).get().lines
        }
        return PendingChunks(
            results: results, count: chunks.count, fileIndex: fileIndex, firstLineOffset: 2 + mainLines)
    }

    /// About how many rows `range` holds, from the length of its first lines, rounded up: room
    /// reserved for them is only touched as rows come (a column that had to grow would be copied,
    /// its old and new buffers held at once, and the chunks' columns appended after it).
    static func estimatedRows(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, sample limit: Int = 1 << 16)
        -> Int
    {
        let sample = min(range.count, limit)
        var lines = 0
        for i in range.lowerBound..<(range.lowerBound + sample) where buffer[i] == UInt8(ascii: "\n") { lines += 1 }
        guard lines > 0 else { return range.count / 64 + 16 }
        // A row has at least six cells and their commas: blank or odd first lines reserve no more.
        return min(range.count / max(1, sample / lines) * 9 / 8, range.count / 12) + 1_024
    }

    /// Splits the data rows into about `parallelism` ranges that start and end at line boundaries.
    func chunkBounds(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> [Range<Int>] {
        let length = buffer.count - start
        let pieces = min(parallelism, max(1, length / minimumChunkBytes))
        guard pieces > 1 else { return [start..<buffer.count] }
        var bounds = [start]
        for k in 1..<pieces {
            var cut = max(start + length * k / pieces, bounds.last!)
            while cut < buffer.count && buffer[cut - 1] != UInt8(ascii: "\n") { cut += 1 }
            bounds.append(cut)
        }
        bounds.append(buffer.count)
        return (0..<pieces).map { bounds[$0]..<bounds[$0 + 1] }.filter { !$0.isEmpty }
    }

    /// Parses CSV text (for tests and small inputs).
    public func read(text: String, file: String = "<text>") throws -> Trace {
        var builder = TraceBuilder()
        try Array(text.utf8).withUnsafeBufferPointer { try parse($0, file: file, into: &builder) }
        return try builder.build(skipBadRows: skipBadRows)
    }
}

/// The number of cores this process may use: its CPU affinity where the system has one (`taskset`,
/// a container's cpuset), else the cores online.
public enum ProcessorCount {
    public static let online: Int = allowedByAffinity ?? max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    /// The cores in the process's affinity mask (`Cpus_allowed` in /proc/self/status, hex words
    /// separated by commas), nil where there is no such file.
    static var allowedByAffinity: Int? {
        guard let bytes = try? FileBytes.read("/proc/self/status") else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") }) else { return nil }
        var count = 0
        for character in line.dropFirst("Cpus_allowed:".count) {
            guard let digit = character.hexDigitValue else { continue }
            count += digit.nonzeroBitCount
        }
        return count > 0 ? count : nil
    }
}

/// The chunks of a file after the first, parsed and waiting to be merged in file order; an error
/// in one is thrown when its turn comes, with its line counted from the file's start.
struct PendingChunks {
    let results: ChunkResults
    let count: Int
    let fileIndex: Int
    let firstLineOffset: Int

    func merge(into builder: inout TraceBuilder) throws {
        var lineOffset = firstLineOffset
        for index in 1..<count {
            switch results.take(index) {
            case .success(let outcome):
                builder.keep(outcome.builder!, fileIndex: fileIndex, lineOffset: lineOffset)
                lineOffset += outcome.lines
            case .failure(var error as TraceError):
                error.line += lineOffset
                throw error
            case .failure(let error):
                throw error
            }
        }
    }
}

/// A file buffer shared read-only by the chunk parsers.
struct SharedBuffer: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<UInt8>
}

/// What one chunk parser produced: its builder (none for the first chunk, which parses into the
/// caller's) and how many lines it read.
struct ChunkOutcome: @unchecked Sendable {
    var builder: TraceBuilder?
    var lines: Int
}

/// The caller's builder, written only by the first chunk's parser.
struct SharedBuilder: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<TraceBuilder>
}

/// Results of the chunk parsers, each slot written by exactly one of them.
final class ChunkResults: @unchecked Sendable {
    private var slots: [Result<ChunkOutcome, any Error>?]
    private var mutex = pthread_mutex_t()

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
        pthread_mutex_init(&mutex, nil)
    }

    deinit { pthread_mutex_destroy(&mutex) }

    func store(_ index: Int, _ result: Result<ChunkOutcome, any Error>) {
        pthread_mutex_lock(&mutex)
        slots[index] = result
        pthread_mutex_unlock(&mutex)
    }

    /// Takes a result out: its builder is freed once the caller has merged it.
    func take(_ index: Int) -> Result<ChunkOutcome, any Error> {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        let result = slots[index]!
        slots[index] = nil
        return result
    }
}

/// A file's header: its column layout and where the data rows begin.
struct CanonicalHeader: Sendable {
    let file: String
    let layout: CanonicalLayout
    let dataStart: Int

    init(buffer: UnsafeBufferPointer<UInt8>, file: String) throws {
        self.file = file
        var start = 0
        if buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { start = 3 }
        var end = start
        while end < buffer.count && buffer[end] != UInt8(ascii: "\n") { end += 1 }
        let headerText = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self)
        if headerText.trimmingSpaces().isEmpty {
            throw TraceError(
                file: file, line: 1, column: 1,
                message:
                    "empty file: expected a header row naming at least \(CanonicalColumn.required.map(\.rawValue).joined(separator: ", "))"
            )
        }
        layout = try CanonicalLayout(header: Self.splitHeader(headerText), file: file)
        dataStart = min(end + 1, buffer.count)
    }

    static func splitHeader(_ text: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        for character in text {
            if character == "\"" {
                quoted.toggle()
            } else if character == "," && !quoted {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}

/// The row loop over one range of a file.
struct CanonicalRowParser {
    /// The file's bytes, by offset in the file (a loader moves where they are as the parser reads).
    private(set) var buffer: UnsafeBufferPointer<UInt8>
    let file: String
    let layout: CanonicalLayout
    let range: Range<Int>
    let skipBadRows: Bool
    var keys = SeriesKeyTable()
    /// Builder series id of each local key-table id.
    var localToSeries: [Int] = []
    /// Per local key-table id: the settings cells of its latest row and their id.
    var settingsMemo: [SettingsMemo] = []
    /// The last short text parsed in each settings column and its value: settings repeat a lot.
    var quantityCache = [QuantityCacheEntry](repeating: QuantityCacheEntry(), count: 4 * Self.quantityCacheWays)
    static let quantityCacheWays = 16
    /// Set when the buffer maps a file read once: every `releaseStep` bytes parsed, the pages more
    /// than that far behind the parser are handed back, so that a file larger than memory does not
    /// push the trace being built out of it (the kernel reclaims mapped pages far more slowly than
    /// unmapped ones). Nil: the pages stay.
    var releaseStep: Int?
    /// Reads the range ahead of the parser when the file is read past the page cache (nil: the
    /// buffer holds the whole file). A row longer than `lookahead` is then an error, which sends the
    /// caller to its one-pass reading.
    var loader: RangeLoader?
    var lookahead = 4 << 20
    /// Told the bytes and rows parsed every `progressStep` bytes, and at the end.
    var progress: ProgressCounters?
    static let progressStep = 8 << 20
    /// Whether plain rows are split by block masks (`PlainRowSplitter`); off, every row is split
    /// field by field (the reference the fast splitting is tested against).
    var plainRows = true

    static let comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
    static let quote = UInt8(ascii: "\"")

    init(buffer: UnsafeBufferPointer<UInt8>, header: CanonicalHeader, range: Range<Int>, skipBadRows: Bool) {
        self.buffer = buffer
        self.file = header.file
        self.layout = header.layout
        self.range = range
        self.skipBadRows = skipBadRows
    }

    /// The position of the first comma, newline or carriage return at or after `start`, or `end`.
    /// Eight bytes at a time: a byte equal to the delimiter becomes zero after XOR, and the lowest
    /// flagged zero byte of `(v - 0x01…) & ~v & 0x80…` is always a true one.
    @inline(__always)
    static func delimiter(in base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        var p = start
        while p + 8 <= end {
            let word = UnsafeRawPointer(base + p).loadUnaligned(as: UInt64.self)
            let commas = word ^ (ones &* UInt64(comma))
            let newlines = word ^ (ones &* UInt64(newline))
            let returns = word ^ (ones &* UInt64(carriageReturn))
            let found =
                ((commas &- ones) & ~commas | (newlines &- ones) & ~newlines | (returns &- ones) & ~returns) & highs
            if found != 0 { return p + found.trailingZeroBitCount >> 3 }
            p += 8
        }
        while p < end {
            let byte = base[p]
            if byte == comma || byte == newline || byte == carriageReturn { return p }
            p += 1
        }
        return end
    }

    func error(line: Int, at position: Int, lineStart: Int, _ message: String) -> TraceError {
        TraceError(file: file, line: line, column: position - lineStart + 1, message: message)
    }

    func text(_ span: FieldSpan) -> String {
        let shown = min(span.count, 40)
        let value = String(
            decoding: UnsafeBufferPointer(rebasing: buffer[span.start..<span.start + shown]), as: UTF8.self)
        // Control characters (a quoted line break) would split the one-line message.
        let visible = String(value.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : Character($0) })
        return "\"" + visible + (span.count > shown ? "…" : "") + "\""
    }

    /// The `labels` or `annotations` cell of a row as a label set; nil when the column is absent or
    /// the cell empty. Read once per series, from its first row.
    func labelSet(
        _ column: CanonicalColumn, spans: UnsafeMutableBufferPointer<FieldSpan>, line: Int, lineStart: Int
    ) throws -> LabelSet? {
        guard layout[column] >= 0 else { return nil }
        let span = spans[layout[column]]
        guard span.count > 0 else { return nil }
        let cell = Array(string(span).utf8)
        do {
            let set = try LabelSet.parse(cell, kubernetesSyntax: column == .labels)
            return set.isEmpty ? nil : set
        } catch {
            throw self.error(
                line: line, at: span.start + min(error.offset, span.count), lineStart: lineStart,
                "\(column.rawValue): \(error.message)")
        }
    }

    func string(_ span: FieldSpan) -> String {
        let slice = buffer[span.start..<span.end]
        guard slice.contains(Self.quote) else { return String(decoding: slice, as: UTF8.self) }
        // `""` is one quote: one pass, keeping the first of each pair.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(slice.count)
        var previousWasKeptQuote = false
        for byte in slice {
            if byte == Self.quote && previousWasKeptQuote {
                previousWasKeptQuote = false
                continue
            }
            bytes.append(byte)
            previousWasKeptQuote = byte == Self.quote
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Reads the file's bytes where `loader` places them around `position` from now on.
    private mutating func view(_ loader: RangeLoader, at position: Int) -> (UnsafePointer<UInt8>, Int) {
        let (base, until) = loader.view(at: position)
        buffer = UnsafeBufferPointer(start: base, count: buffer.count)
        return (base, until)
    }

    /// Parses every row of the range; returns the number of lines read. Line numbers start at
    /// `firstLine`.
    @discardableResult
    mutating func parseRows(into builder: inout TraceBuilder, fileIndex: Int, firstLine: Int) throws -> Int {
        let fieldCount = layout.fieldCount
        let spans = UnsafeMutableBufferPointer<FieldSpan>.allocate(capacity: fieldCount)
        defer { spans.deallocate() }
        spans.initialize(repeating: .empty)
        var base = buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
        let end = range.upperBound
        var position = range.lowerBound
        var lineNumber = firstLine - 1
        var lastSeries = -1
        var lastTime = FieldSpan(start: 0, end: -1), lastInstant: TraceInstant = 0
        var dates = DateMemo()
        var splitter = PlainRowSplitter()
        var percentileVector = [Double](repeating: .nan, count: builder.percentileLevels.count)
        let percentileSlots = layout.percentileLevels.map { builder.percentileLevels.firstIndex(of: $0)! }
        let percentileFields = layout.percentileFields
        let maximumLast = layout.percentileLevels.last == 100

        let timeField = layout[.timestamp], namespaceField = layout[.namespace], workloadField = layout[.workload]
        let containerField = layout[.container], podField = layout[.pod], cpuField = layout[.cpuCores]
        let memoryField = layout[.memoryBytes], cpuRequestField = layout[.cpuRequest], cpuLimitField = layout[.cpuLimit]
        let memoryRequestField = layout[.memoryRequest], memoryLimitField = layout[.memoryLimit]
        let throttledField = layout[.cpuThrottledRatio], oomField = layout[.oomKilled]
        var released = position
        // A loader's bytes are always given back behind the parser, a window at a time.
        let step = loader?.window ?? releaseStep ?? 0
        var releaseMark = loader == nil && releaseStep == nil ? Int.max : position + 2 * step
        var loadedUpTo = try loader?.waitLoaded(upTo: position) ?? end
        var viewUntil = Int.max
        if let loader { (base, viewUntil) = view(loader, at: position) }
        var progressMark = progress == nil ? Int.max : position + Self.progressStep
        var told = (position: position, line: lineNumber)
        defer { progress?.add(position - told.position, lineNumber - told.line) }

        rows: while position < end {
            if position >= viewUntil, let loader { (base, viewUntil) = view(loader, at: position) }
            if position >= progressMark {
                progress?.add(position - told.position, lineNumber - told.line)
                told = (position, lineNumber)
                progressMark = position + Self.progressStep
            }
            if position >= releaseMark {
                releaseMark = position + step
                released =
                    loader?.release(upTo: position - step)
                    ?? PageHandBack.handBack(UnsafeRawPointer(base), from: released, to: position - step)
            }
            if loadedUpTo < end && position + lookahead > loadedUpTo, let loader {
                loadedUpTo = try loader.waitLoaded(upTo: min(end, position + lookahead))
            }
            // A row may run at most `lookahead` past its start, however far the loader has got: which
            // rows are refused does not depend on the loader's pace.
            let rowLoadedUpTo = loader == nil ? loadedUpTo : min(loadedUpTo, position + lookahead)
            lineNumber += 1
            let lineStart = position
            // Blank lines (and a final newline) are allowed.
            if base[position] == Self.newline {
                position += 1
                continue
            }
            if base[position] == Self.carriageReturn && position + 1 < end && base[position + 1] == Self.newline {
                position += 2
                continue
            }
            // Split the row into fields: plain rows by their block masks, others field by field.
            var rowError: TraceError?
            if plainRows, let next = splitter.split(base, at: position, limit: min(end, rowLoadedUpTo), into: spans) {
                position = next
            } else {
                position = splitFields(
                    base, at: position, end: end, spans: spans, line: lineNumber, error: &rowError)
            }
            if position > rowLoadedUpTo {
                throw error(
                    line: lineNumber, at: lineStart, lineStart: lineStart,
                    "a row longer than the \(lookahead) bytes read ahead of the parser")
            }
            if let failure = rowError {
                if skipBadRows {
                    builder.skip(failure)
                    continue rows
                }
                throw failure
            }

            do {
                // Identity.
                let podSpan = podField >= 0 ? spans[podField] : .empty
                let identity = (spans[namespaceField], spans[workloadField], spans[containerField], podSpan)
                if identity.0.count == 0 || identity.1.count == 0 || identity.2.count == 0 {
                    let (column, span) =
                        identity.0.count == 0
                        ? ("namespace", identity.0)
                        : identity.1.count == 0 ? ("workload", identity.1) : ("container", identity.2)
                    throw error(
                        line: lineNumber, at: span.start, lineStart: lineStart,
                        "\(column): empty; every row needs a namespace, workload and container")
                }
                // The row's series among those seen, first the one that followed the previous row's
                // series last time; registered only once the whole row has parsed.
                var hash: UInt64 = 0
                var found = lastSeries >= 0 ? keys.successor(of: lastSeries) : -1
                if found < 0 || !keys.isSeries(found, base, identity) {
                    hash = SeriesKeyTable.hash(base, identity)
                    found = keys.find(hash: hash, base, identity) ?? -1
                }
                // Values.
                let timeSpan = spans[timeField]
                let instant: TraceInstant
                // Rows interleaved by time repeat the previous row's timestamp.
                if timeSpan.count == lastTime.count
                    && SeriesKeyTable.equalBytes(base + timeSpan.start, base + lastTime.start, timeSpan.count)
                {
                    instant = lastInstant
                } else {
                    guard let parsed = TraceTime.parse(buffer, from: timeSpan.start, to: timeSpan.end, memo: &dates)
                    else {
                        throw error(
                            line: lineNumber, at: timeSpan.start, lineStart: lineStart,
                            "timestamp: expected RFC 3339 (2026-01-05T10:00:10Z) or Unix seconds, found \(text(timeSpan))"
                        )
                    }
                    instant = parsed
                    (lastTime, lastInstant) = (timeSpan, parsed)
                }
                let cpuSpan = spans[cpuField]
                guard let cpu = DecimalScanner.parseDouble(buffer, from: cpuSpan.start, to: cpuSpan.end) else {
                    throw error(
                        line: lineNumber, at: cpuSpan.start, lineStart: lineStart,
                        "cpu_cores: expected a number of cores, found \(text(cpuSpan))")
                }
                if cpu < 0 {
                    throw error(
                        line: lineNumber, at: cpuSpan.start, lineStart: lineStart,
                        "cpu_cores: negative value \(text(cpuSpan))")
                }
                if cpu > Quantity.maximumCores {
                    throw error(
                        line: lineNumber, at: cpuSpan.start, lineStart: lineStart,
                        "cpu_cores: \(text(cpuSpan)) is more than any node has (at most \(Quantity.maximumCoresText) cores)"
                    )
                }
                let memorySpan = spans[memoryField]
                var memory = Double.nan
                if memorySpan.count > 0 {
                    guard let value = DecimalScanner.parseDouble(buffer, from: memorySpan.start, to: memorySpan.end)
                    else {
                        throw error(
                            line: lineNumber, at: memorySpan.start, lineStart: lineStart,
                            "memory_bytes: expected a number of bytes, found \(text(memorySpan))")
                    }
                    if value < 0 {
                        throw error(
                            line: lineNumber, at: memorySpan.start, lineStart: lineStart,
                            "memory_bytes: negative value \(text(memorySpan))")
                    }
                    if value > Quantity.maximumBytes {
                        throw error(
                            line: lineNumber, at: memorySpan.start, lineStart: lineStart,
                            "memory_bytes: \(text(memorySpan)) is more than any node has (at most 1Ei)")
                    }
                    memory = value
                }
                // Settings change rarely within a series: the same bytes as its previous row give the same id.
                let settingSpans = (
                    cpuRequestField >= 0 ? spans[cpuRequestField] : .empty,
                    cpuLimitField >= 0 ? spans[cpuLimitField] : .empty,
                    memoryRequestField >= 0 ? spans[memoryRequestField] : .empty,
                    memoryLimitField >= 0 ? spans[memoryLimitField] : .empty
                )
                var settingsKey: TraceBuilder.SettingsKey?
                if found < 0 || !settingsMemo[found].matches(settingSpans, base, from: released) {
                    settingsKey = try settings(spans, lineNumber, lineStart)
                }
                var throttled = Double.nan
                if throttledField >= 0 && spans[throttledField].count > 0 {
                    let span = spans[throttledField]
                    guard let value = DecimalScanner.parseDouble(buffer, from: span.start, to: span.end), value >= 0,
                        value <= 1.001
                    else {
                        throw error(
                            line: lineNumber, at: span.start, lineStart: lineStart,
                            "cpu_throttled_ratio: expected a fraction between 0 and 1, found \(text(span))")
                    }
                    throttled = min(value, 1)
                }
                var oom: UInt8 = 0
                if oomField >= 0 && spans[oomField].count > 0 {
                    let span = spans[oomField]
                    if span.count == 1
                        && (buffer[span.start] == UInt8(ascii: "0") || buffer[span.start] == UInt8(ascii: "1"))
                    {
                        oom = buffer[span.start] &- UInt8(ascii: "0")
                    } else {
                        switch string(span).lowercased() {
                        case "false": oom = 0
                        case "true": oom = 1
                        default:
                            throw error(
                                line: lineNumber, at: span.start, lineStart: lineStart,
                                "oom_killed: expected 0 or 1, found \(text(span))")
                        }
                    }
                }
                if !percentileSlots.isEmpty {
                    if percentileVector.count != builder.percentileLevels.count {
                        percentileVector = Array(repeating: .nan, count: builder.percentileLevels.count)
                    }
                    for k in percentileFields.indices {
                        let span = spans[percentileFields[k]]
                        var value = Double.nan
                        if span.count > 0 {
                            guard let parsed = DecimalScanner.parseDouble(buffer, from: span.start, to: span.end),
                                parsed >= 0,
                                parsed <= Quantity.maximumCores
                            else {
                                throw error(
                                    line: lineNumber, at: span.start, lineStart: lineStart,
                                    "cpu percentile: expected a number of cores, found \(text(span))")
                            }
                            value = parsed
                        }
                        percentileVector[percentileSlots[k]] = value
                    }
                    if let fault = Self.orderFault(
                        percentileVector, slots: percentileSlots, cpu: cpu, maximumLast: maximumLast)
                    {
                        builder.notePercentileOrder(
                            percentileOrderProblem(
                                fault, cpuSpan: cpuSpan, spans: spans, line: lineNumber, lineStart: lineStart))
                    }
                } else if percentileVector.count != builder.percentileLevels.count {
                    percentileVector = Array(repeating: .nan, count: builder.percentileLevels.count)
                }
                // The series is registered only once the whole row has parsed: a skipped row adds none.
                if found < 0 {
                    let labels = try labelSet(.labels, spans: spans, line: lineNumber, lineStart: lineStart)
                    let annotations = try labelSet(.annotations, spans: spans, line: lineNumber, lineStart: lineStart)
                    found = keys.insert(hash: hash, base, identity)
                    let node = layout[.node] >= 0 ? string(spans[layout[.node]]) : nil
                    let team = layout[.team] >= 0 ? string(spans[layout[.team]]) : nil
                    localToSeries.append(
                        builder.series(
                            namespace: string(identity.0), workload: string(identity.1), container: string(identity.2),
                            pod: podField >= 0 ? string(podSpan) : nil, node: node, team: team, labels: labels,
                            annotations: annotations))
                    settingsMemo.append(SettingsMemo())
                }
                if lastSeries >= 0 && keys.successor(of: lastSeries) != found {
                    keys.setSuccessor(of: lastSeries, to: found)
                }
                lastSeries = found
                let series = localToSeries[found]
                let settings: UInt32
                if let key = settingsKey {
                    settings = builder.settingsID(series: series, key)
                    settingsMemo[found] = SettingsMemo(spans: settingSpans, id: settings, row: lineStart)
                } else {
                    settings = settingsMemo[found].id
                }
                builder.appendRow(
                    series: series, time: instant, cpu: cpu, memory: memory, settings: settings,
                    throttled: throttled, oom: oom, percentiles: percentileVector,
                    file: fileIndex, line: lineNumber)
            } catch let failure as TraceError {
                if skipBadRows {
                    builder.skip(failure)
                    continue rows
                }
                throw failure
            }
        }
        return lineNumber - firstLine + 1
    }

    /// Where a row's CPU percentiles break their order (beyond a relative 1e-6 for rounding): the
    /// index `k` of the first level below the level `previous` before it, or of `cpu_max` (when the
    /// last level is 100) below the mean, with `previous` nil; nil when the row is in order. Made on
    /// every row; the message is made only for a row out of order (`percentileOrderProblem`).
    @inline(__always)
    static func orderFault(_ vector: [Double], slots: [Int], cpu: Double, maximumLast: Bool) -> (
        k: Int, previous: Int?
    )? {
        var previous: Int?
        for k in slots.indices where !vector[slots[k]].isNaN {
            if let p = previous, vector[slots[k]] < vector[slots[p]] * (1 - 1e-6) { return (k, p) }
            previous = k
        }
        guard maximumLast, let k = slots.indices.last else { return nil }
        let maximum = vector[slots[k]]
        return !maximum.isNaN && maximum < cpu * (1 - 1e-6) ? (k, nil) : nil
    }

    /// The warning's error for a row whose percentiles break their order at `fault` (`orderFault`).
    /// Such rows are kept; the percentile model reads the vector as non-decreasing.
    func percentileOrderProblem(
        _ fault: (k: Int, previous: Int?), cpuSpan: FieldSpan, spans: UnsafeMutableBufferPointer<FieldSpan>,
        line: Int, lineStart: Int
    ) -> TraceError {
        func name(_ k: Int) -> String {
            let level = layout.percentileLevels[k]
            return level == 100 ? "cpu_max" : "cpu_p\(Int(level))"
        }
        let span = spans[layout.percentileFields[fault.k]]
        guard let p = fault.previous else {
            return error(
                line: line, at: span.start, lineStart: lineStart,
                "cpu_max \(text(span)) is below the mean cpu_cores \(text(cpuSpan))")
        }
        return error(
            line: line, at: span.start, lineStart: lineStart,
            "\(name(fault.k)) \(text(span)) is below \(name(p)) \(text(spans[layout.percentileFields[p]]))")
    }

    /// The row's requests and limits; a request above its limit is an error, as the API server refuses it.
    @inline(__always)
    mutating func settings(
        _ spans: UnsafeMutableBufferPointer<FieldSpan>, _ lineNumber: Int, _ lineStart: Int
    ) throws -> TraceBuilder.SettingsKey {
        let cpuRequestField = layout[.cpuRequest], cpuLimitField = layout[.cpuLimit]
        let memoryRequestField = layout[.memoryRequest], memoryLimitField = layout[.memoryLimit]
        let cpuRequest = try quantity(cpuRequestField, .cpuRequest, 0, spans, lineNumber, lineStart)
        let cpuLimit = try quantity(cpuLimitField, .cpuLimit, 1, spans, lineNumber, lineStart)
        let memoryRequest = try quantity(memoryRequestField, .memoryRequest, 2, spans, lineNumber, lineStart)
        let memoryLimit = try quantity(memoryLimitField, .memoryLimit, 3, spans, lineNumber, lineStart)
        if cpuRequest > cpuLimit || memoryRequest > memoryLimit {
            let isCPU = cpuRequest > cpuLimit
            let span = spans[isCPU ? cpuRequestField : memoryRequestField]
            let (request, limit) = isCPU ? ("cpu_request", "cpu_limit") : ("memory_request", "memory_limit")
            let limitSpan = spans[isCPU ? cpuLimitField : memoryLimitField]
            throw error(
                line: lineNumber, at: span.start, lineStart: lineStart,
                "\(request) \(text(span)) is above \(limit) \(text(limitSpan)) (Kubernetes refuses a request above its limit)"
            )
        }
        return TraceBuilder.SettingsKey(cpuRequest, cpuLimit, memoryRequest, memoryLimit)
    }

    @inline(__always)
    mutating func quantity(
        _ fieldIndex: Int, _ column: CanonicalColumn, _ cacheSlot: Int,
        _ spans: UnsafeMutableBufferPointer<FieldSpan>, _ lineNumber: Int, _ lineStart: Int
    ) throws -> Double {
        guard fieldIndex >= 0 else { return .nan }
        let span = spans[fieldIndex]
        guard span.count > 0 else { return .nan }
        var key: UInt64 = 0
        if span.count <= 8 {
            if span.start + 8 <= buffer.count {
                key = UnsafeRawPointer(buffer.baseAddress! + span.start).loadUnaligned(as: UInt64.self)
                if span.count < 8 { key &= (1 << UInt64(span.count * 8)) - 1 }
            } else {
                for k in 0..<span.count { key |= UInt64(buffer[span.start + k]) << UInt64(k * 8) }
            }
            let way =
                Int(truncatingIfNeeded: (key &+ UInt64(span.count)) &* 0x9E37_79B9_7F4A_7C15 >> 60)
                & (Self.quantityCacheWays - 1)
            let cached = quantityCache[cacheSlot * Self.quantityCacheWays + way]
            if cached.length == span.count && cached.key == key { return cached.value }
        }
        guard let value = Quantity.parse(buffer, from: span.start, to: span.end) else {
            let unit =
                column == .cpuRequest || column == .cpuLimit ? "cores, e.g. 250m or 1.5" : "bytes, e.g. 512Mi or 1G"
            throw error(
                line: lineNumber, at: span.start, lineStart: lineStart,
                "\(column.rawValue): expected a Kubernetes quantity in \(unit), found \(text(span))")
        }
        if value < 0 {
            throw error(
                line: lineNumber, at: span.start, lineStart: lineStart,
                "\(column.rawValue): negative value \(text(span))")
        }
        let isCPU = column == .cpuRequest || column == .cpuLimit
        if value > (isCPU ? Quantity.maximumCores : Quantity.maximumBytes) {
            throw error(
                line: lineNumber, at: span.start, lineStart: lineStart,
                "\(column.rawValue): \(text(span)) is more than any node has (at most \(isCPU ? "\(Quantity.maximumCoresText) cores" : "1Ei"))"
            )
        }
        if span.count <= 8 {
            let way =
                Int(truncatingIfNeeded: (key &+ UInt64(span.count)) &* 0x9E37_79B9_7F4A_7C15 >> 60)
                & (Self.quantityCacheWays - 1)
            quantityCache[cacheSlot * Self.quantityCacheWays + way] = QuantityCacheEntry(
                key: key, length: span.count, value: value)
        }
        return value
    }
}

/// The settings cells of a series' latest row (spans into the file buffer) and their settings id.
struct SettingsMemo {
    var spans = (FieldSpan(start: 0, end: -1), FieldSpan.empty, FieldSpan.empty, FieldSpan.empty)
    var id: UInt32 = 0
    /// Where the memo's row starts.
    var row = 0

    /// True when `cells` hold the same bytes as the memo's cells (never for a fresh memo, nor for a
    /// memo whose row lies before `from`, in pages handed back).
    @inline(__always)
    func matches(
        _ cells: (FieldSpan, FieldSpan, FieldSpan, FieldSpan), _ base: UnsafePointer<UInt8>, from: Int
    ) -> Bool {
        @inline(__always) func same(_ a: FieldSpan, _ b: FieldSpan) -> Bool {
            a.count == b.count && SeriesKeyTable.equalBytes(base + a.start, base + b.start, a.count)
        }
        return row >= from && same(spans.0, cells.0) && same(spans.1, cells.1) && same(spans.2, cells.2)
            && same(spans.3, cells.3)
    }
}

struct QuantityCacheEntry {
    var key: UInt64 = 0
    var length = -1
    var value = 0.0
}

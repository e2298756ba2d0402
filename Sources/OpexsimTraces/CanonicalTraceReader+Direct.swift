#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// When the reader reads a file past the page cache (`DirectFile`) instead of mapping it.
public enum DirectReadMode: Sendable, Equatable {
    /// Files of at least half the machine's memory (the page cache cannot keep them) whose pages
    /// are mostly not cached.
    case auto
    /// Never: every file is mapped.
    case never
    /// Files of at least `minimumSize` bytes, cached or not.
    case always(minimumSize: Int)

    /// The mode `OPEXSIM_READ` asks for: `direct` (every file of at least 1 MiB), `mapped`, or
    /// unset for `auto`.
    public static var fromEnvironment: DirectReadMode {
        guard let value = getenv("OPEXSIM_READ") else { return .auto }
        switch String(cString: value) {
        case "direct": return .always(minimumSize: 1 << 20)
        case "mapped": return .never
        default: return .auto
        }
    }
}

/// Sizes of reading past the page cache: each read, the ring of pages each chunk's reads go to, and
/// how far ahead of a parser the bytes must be (a longer row sends the reader to its one-pass reading).
struct DirectTuning: Sendable {
    var window = DirectFile.defaultWindow
    var ringSlots = RangeLoader.defaultRingSlots
    var lookahead = 4 << 20
    /// False: windows are read to their place in fresh pages, as where there is no tmpfs.
    var usesRing = true
}

/// A file read past the page cache, ready to parse: its header, its chunks, and the window of bytes
/// already loaded at the start of each chunk (where the chunk's cut was found).
struct DirectPlan {
    let file: DirectFile
    let header: CanonicalHeader
    let chunks: [Range<Int>]
    let windows: [Range<Int>]
    let ringSlots: Int
    /// Rows each chunk and the whole file hold, about (from the bytes of the windows).
    let rowEstimates: [Int]
    let fileEstimate: Int

    /// The loader of chunk `index`: its bytes, from its window (already loaded) to the next chunk's.
    func loader(for index: Int) -> RangeLoader {
        RangeLoader(
            file: file, loadedWindow: windows[index],
            end: index + 1 < windows.count ? windows[index + 1].lowerBound : file.size,
            covered: chunks[index].upperBound, ringSlots: ringSlots)
    }
}

extension CanonicalTraceReader {
    /// The plan for reading `path` past the page cache, or nil when it is to be mapped: the mode
    /// says no, the file is small or cached, the system has no direct reads, or the header or a
    /// chunk's cut is not within the first window of bytes read there (a line over 8 MB).
    func directPlan(_ path: String) throws -> DirectPlan? {
        guard parallelism > 1 else { return nil }
        let minimum: Int
        let ignoringCache: Bool
        switch directRead {
        case .never: return nil
        case .auto:
            minimum = Int(sysconf(Int32(_SC_PHYS_PAGES))) * PageHandBack.pageSize / 2
            ignoringCache = false
        case .always(let size):
            minimum = size
            ignoringCache = true
        }
        guard
            let file = DirectFile.open(
                path, minimumSize: minimum, ignoringCache: ignoringCache, window: directTuning.window)
        else { return nil }
        let bytes = file.bytes
        let first = 0..<min(file.size, file.window)
        try file.load(first)
        guard bytes[first].contains(UInt8(ascii: "\n")) else { return nil }
        let header = try CanonicalHeader(buffer: bytes, file: path)
        let length = file.size - header.dataStart
        let pieces = min(parallelism, max(1, length / minimumChunkBytes))
        var windows = [first]
        var cuts = [header.dataStart]
        for k in 1..<max(1, pieces) {
            let guess = header.dataStart + length * k / pieces
            let start = guess / DirectFile.block * DirectFile.block
            let window = start..<min(file.size, start + file.window)
            try file.load(window)
            var cut = guess
            while cut < window.upperBound && bytes[cut - 1] != UInt8(ascii: "\n") { cut += 1 }
            guard cut > cuts.last!, cut < window.upperBound else { return nil }
            windows.append(window)
            cuts.append(cut)
        }
        cuts.append(file.size)
        let chunks = (0..<cuts.count - 1).map { cuts[$0]..<cuts[$0 + 1] }
        // Estimates from the bytes already read only: loaders write the rest meanwhile.
        let estimates = chunks.indices.map { k in
            Self.estimatedRows(bytes, chunks[k], sample: min(1 << 16, windows[k].upperBound - chunks[k].lowerBound))
        }
        let fileEstimate = Self.estimatedRows(
            bytes, header.dataStart..<file.size, sample: min(1 << 16, first.upperBound - header.dataStart))
        return DirectPlan(
            file: file, header: header, chunks: chunks, windows: windows,
            // Enough windows for what a parser holds: up to two windows and a row behind it (it
            // gives bytes back a window at a time), a row ahead, and the window being read.
            ringSlots: directTuning.usesRing
                ? max(directTuning.ringSlots, 2 * directTuning.lookahead / file.window + 4) : 0,
            rowEstimates: estimates, fileEstimate: fileEstimate)
    }
}

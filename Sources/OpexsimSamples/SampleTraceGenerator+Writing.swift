import Dispatch
import OpexsimTraces

extension SampleTraceGenerator {
    /// Writes the trace's rows into `writer` (made by `writer(output:)`), in order of time and then of
    /// replica. The replicas are split into one contiguous share per core; each core formats its
    /// share's rows for a block of samples, and the blocks are joined in order: the bytes do not depend
    /// on the number of cores. With an output, each block is joined and written on a thread of its own
    /// while the next one is formatted.
    public func generate(into writer: inout CanonicalTraceWriter) {
        generate(into: &writer, cores: ProcessorCount.online)
    }

    /// `generate(into:)` with the replicas split into at most `cores` shares.
    func generate(into writer: inout CanonicalTraceWriter, cores: Int) {
        let replicas = makeReplicas()
        guard !replicas.isEmpty else { return }
        let samples = Int(duration / interval)
        let parts = max(1, min(cores, 8, replicas.count))
        let shares = (0..<parts).map { part in
            SampleShare(replicas[(replicas.count * part / parts)..<(replicas.count * (part + 1) / parts)])
        }
        // About 64 k rows a block: memory stays bounded whatever the trace's length.
        let block = max(1, 65_536 / replicas.count)
        let blocks = stride(from: 1, through: samples, by: block).map { $0...min(samples, $0 + block - 1) }
        guard let file = writer.output else {
            for range in blocks {
                DispatchQueue.concurrentPerform(iterations: parts) { part in
                    shares[part].generate(samples: range, slot: 0, by: self)
                }
                var joined: [UInt8] = []
                SampleShare.join(shares, slot: 0, samples: range.count, into: &joined)
                writer.appendRows(joined[...], count: range.count * replicas.count)
            }
            return
        }
        file.write(writer.takeBuffered())
        // Blocks are joined and written on a thread of their own while the cores format the next
        // one; a slot is formatted into again only once its block is written (two slots).
        let output = SampleOutput(file: file)
        let writing = DispatchQueue(label: "opexsim.generate.write")
        let freeSlots = DispatchSemaphore(value: 2)
        for (index, range) in blocks.enumerated() {
            freeSlots.wait()
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                shares[part].generate(samples: range, slot: index % 2, by: self)
            }
            writing.async {
                output.write(shares, slot: index % 2, samples: range.count)
                freeSlots.signal()
            }
        }
        writing.sync {}
        writer.countRows(samples * replicas.count)
    }
}

/// Where the generator's blocks are joined and written, by one core at a time.
final class SampleOutput: @unchecked Sendable {
    let file: StreamingFile
    private var joined: [UInt8] = []

    init(file: StreamingFile) {
        self.file = file
    }

    /// Writes a block's rows in trace order: straight from the shares where the file gathers writes,
    /// else joined first into one write.
    func write(_ shares: [SampleShare], slot: Int, samples: Int) {
        if file.gathersWrites {
            SampleShare.forEachPiece(shares, slot: slot, samples: samples) { file.write($0) }
            return
        }
        joined.removeAll(keepingCapacity: true)
        SampleShare.join(shares, slot: slot, samples: samples, into: &joined)
        file.write(joined)
    }
}

/// A contiguous share of the replicas, with the rows it formatted for the last two blocks (one being
/// written while the next is formatted). A share is formatted by one core at a time; a block's rows are
/// read once every share has formatted them.
final class SampleShare: @unchecked Sendable {
    private var replicas: [SampleReplica]
    /// Every replica's fixed cells, one after the other: replica `r`'s identity cells end at
    /// `cellEnds[2r]`, its settings cells at `cellEnds[2r + 1]`.
    private let cells: [UInt8]
    private let cellEnds: [Int]
    private let slots = [SampleRows(), SampleRows()]

    init(_ replicas: ArraySlice<SampleReplica>) {
        self.replicas = Array(replicas)
        var cells: [UInt8] = []
        var cellEnds: [Int] = []
        for replica in replicas {
            cells += replica.identityCells
            cellEnds.append(cells.count)
            cells += replica.settingsCells
            cellEnds.append(cells.count)
        }
        self.cells = cells
        self.cellEnds = cellEnds
    }

    /// Formats the rows of the samples `samples` (numbered from 1 at the trace's start) into `slot`.
    func generate(samples: ClosedRange<Int>, slot: Int, by generator: SampleTraceGenerator) {
        let rows = slots[slot]
        // The rows and the replicas' states are moved out of the objects while formatting (and back
        // after): appending to an object's property checks exclusive access at every row.
        var bytes = rows.bytes, ends = rows.ends, replicas = self.replicas
        (rows.bytes, rows.ends, self.replicas) = ([], [], [])
        defer { (rows.bytes, rows.ends, self.replicas) = (bytes, ends, replicas) }
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        var time: [UInt8] = []
        cells.withUnsafeBufferPointer { cells in
            for sample in samples {
                let t = generator.start + Int64(sample) * generator.interval
                time.removeAll(keepingCapacity: true)
                CanonicalTraceWriter.formatTime(t, into: &time)
                time.withUnsafeBufferPointer { time in
                    var start = 0
                    for r in replicas.indices {
                        let middle = cellEnds[2 * r]
                        let end = cellEnds[2 * r + 1]
                        let row = SampleRowCells(
                            identity: UnsafeBufferPointer(rebasing: cells[start..<middle]),
                            settings: UnsafeBufferPointer(rebasing: cells[middle..<end]))
                        generator.appendRow(at: t, time: time, cells: row, replica: &replicas[r], into: &bytes)
                        start = end
                    }
                }
                ends.append(bytes.count)
            }
        }
    }

    /// Joins the shares' rows in `slot` in trace order: per sample, each share's rows in turn.
    static func join(_ shares: [SampleShare], slot: Int, samples: Int, into bytes: inout [UInt8]) {
        bytes.reserveCapacity(shares.reduce(0) { $0 + $1.slots[slot].bytes.count })
        forEachPiece(shares, slot: slot, samples: samples) { bytes.append(contentsOf: $0) }
    }

    /// Calls `body` with the shares' rows in `slot` in trace order: per sample, each share's rows.
    static func forEachPiece(
        _ shares: [SampleShare], slot: Int, samples: Int, _ body: (UnsafeRawBufferPointer) -> Void
    ) {
        for sample in 0..<samples {
            for share in shares {
                let rows = share.slots[slot]
                let start = sample == 0 ? 0 : rows.ends[sample - 1]
                rows.bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[start..<rows.ends[sample]])) }
            }
        }
    }
}

/// The rows a share formatted for one block, and where each sample's rows end.
final class SampleRows {
    var bytes: [UInt8] = []
    var ends: [Int] = []
}

/// A replica's fixed cells, as `SampleReplica.formatCells` made them.
struct SampleRowCells {
    let identity: UnsafeBufferPointer<UInt8>
    let settings: UnsafeBufferPointer<UInt8>
}

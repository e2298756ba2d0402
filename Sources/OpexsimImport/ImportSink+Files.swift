import Dispatch
import OpexsimTraces

extension ImportSink {
    /// An empty sink with the same columns.
    func emptyCopy() -> ImportSink {
        ImportSink(
            throttledRatio: hasThrottledRatio, oomKilled: hasOOMKilled, cpuPercentileLevels: cpuPercentileLevels,
            labels: hasLabels, annotations: hasAnnotations)
    }

    /// Converts each of `paths` into a sink of its own by `convert`, several files at a time on all
    /// cores, and appends the files' rows, drops and notes in the order of `paths`: the same sink as
    /// converting them one after another, whatever the number of cores. The first file in order whose
    /// conversion throws gives the error. Returns what `convert` returned for each file, in order.
    mutating func appendFiles<Outcome: Sendable>(
        _ paths: [String], cores: Int = ProcessorCount.online,
        convert: @escaping @Sendable (String, inout ImportSink) throws -> Outcome
    ) throws -> [Outcome] {
        let template = SendableSink(sink: self)
        var outcomes: [Outcome] = []
        outcomes.reserveCapacity(paths.count)
        // A few files per core at a time: the converted rows wait in memory only until appended.
        let batch = max(1, cores) * 4
        for first in stride(from: 0, to: paths.count, by: batch) {
            let files = Array(paths[first..<min(paths.count, first + batch)])
            let slots = FileSlots<Outcome>(count: files.count)
            DispatchQueue.concurrentPerform(iterations: min(max(1, cores), files.count)) { worker in
                for index in stride(from: worker, to: files.count, by: max(1, cores)) {
                    // A sink of its own: sinks share their trace columns when copied.
                    var sink = template.sink.emptyCopy()
                    sink.beginInput(files[index])
                    slots.store(index, Result { (try convert(files[index], &sink), SendableSink(sink: sink)) })
                }
            }
            for index in files.indices {
                let (outcome, converted) = try slots.take(index).get()
                append(contentsOf: converted.sink)
                outcomes.append(outcome)
            }
        }
        return outcomes
    }

    /// Appends another sink's rows, drops and notes, as if they had been appended here; `other`, a
    /// sink of one input, is not used afterwards.
    mutating func append(contentsOf other: ImportSink) {
        // The other sink's rows stay where they were written: the bytes so far, then theirs.
        let written = writer.takeBuffered()
        if !written.isEmpty { pieces.append(written[...]) }
        pieces += other.pieces
        if other.writer.rows > 0 { pieces.append(other.writer.rowBytes) }
        writer.countRows(other.writer.rows)
        builder.append(rowsOf: other.builder)
        for (reason, count) in other.dropped { drop(reason, count: count) }
        for text in other.notes { note(text) }
    }
}

/// A sink handed between cores: each is used by one core at a time.
struct SendableSink: @unchecked Sendable {
    var sink: ImportSink
}

/// One result slot per file, each written by the core that converted the file.
final class FileSlots<Outcome: Sendable>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Result<(Outcome, SendableSink), any Error>?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        _ = slots.deinitialize()
        slots.deallocate()
    }

    func store(_ index: Int, _ result: Result<(Outcome, SendableSink), any Error>) { slots[index] = result }

    func take(_ index: Int) -> Result<(Outcome, SendableSink), any Error> {
        defer { slots[index] = nil }
        return slots[index]!
    }
}

/// The rows of a later chunk of a file, left in the columns its parser wrote instead of being copied
/// behind the rows before them (`TraceBuilder.keep`): the trace is built from the builder's own rows
/// followed by each segment, in file order. Series and settings ids are already the builder's.
struct RowSegment: Sendable {
    let rowSeries: ColumnBuffer<UInt32>
    let time: ColumnBuffer<Int64>
    let cpu: ColumnBuffer<Double>
    let memory: ColumnBuffer<Double>
    let settingsIndex: ColumnBuffer<UInt32>
    let throttled: ColumnBuffer<UInt32>
    let oom: ColumnBuffer<UInt8>
    let percentiles: ColumnBuffer<Double>
    let line: ColumnBuffer<UInt32>
    /// The file index of each row, filled only when the builder has more than one file.
    let file: ColumnBuffer<UInt16>

    var count: Int { time.count }
}

/// Moves the rows of a column to their places in the built trace. Rows are moved a block at a time,
/// and a column that is freed afterwards hands each block's pages back to the system once moved:
/// the trace's copy grows as the builder's shrinks, so building holds each value about once.
struct RowScatter: Sendable {
    /// The new index of each row.
    let destination: ColumnBuffer<UInt32>
    /// No row moves: columns are copied as they are.
    let inPlace: Bool

    /// Moves rows by `destination`, a column the scatter reads (its owner frees it).
    init(destination: ColumnBuffer<UInt32>, inPlace: Bool) {
        self.destination = destination
        self.inPlace = inPlace
    }

    /// Moves rows by the indices of `destination`.
    init(destination: [UInt32], inPlace: Bool) {
        let column = ColumnBuffer<UInt32>(capacity: destination.count)
        column.append(contentsOf: destination)
        self.init(destination: column, inPlace: inPlace)
    }

    /// `column` in the new row order, each value transformed; with `release`, the column is freed.
    func scatter<T, U>(_ column: ColumnBuffer<T>, release: Bool, _ transform: (T) -> U) -> [U] {
        defer { if release { column.release() } }
        // Never an uninitialized array of 0: it would write to the shared empty array's storage.
        guard column.count > 0 else { return [] }
        let source = column.buffer
        return [U](unsafeUninitializedCapacity: column.count) { target, initialized in
            initialized = column.count
            PageHandBack.forEachBlock(of: source, releasing: release) { rows in
                if inPlace {
                    for row in rows { target[row] = transform(source[row]) }
                } else {
                    for row in rows { target[Int(destination[row])] = transform(source[row]) }
                }
            }
        }
    }

    /// `column` in the new row order, `stride` values per row; with `release`, the column is freed.
    func scatter<T>(_ column: ColumnBuffer<T>, stride: Int = 1, release: Bool = false) -> [T] {
        defer { if release { column.release() } }
        guard column.count > 0 else { return [] }
        let source = column.buffer
        return [T](unsafeUninitializedCapacity: column.count) { target, initialized in
            initialized = column.count
            PageHandBack.forEachBlock(of: source, stride: stride, releasing: release) { rows in
                if inPlace {
                    let values = rows.lowerBound * stride..<rows.upperBound * stride
                    _ = UnsafeMutableBufferPointer(rebasing: target[values]).initialize(fromContentsOf: source[values])
                } else if stride == 1 {
                    for row in rows { target[Int(destination[row])] = source[row] }
                } else {
                    for row in rows {
                        let place = Int(destination[row]) * stride
                        for k in 0..<stride { target[place + k] = source[row * stride + k] }
                    }
                }
            }
        }
    }
}

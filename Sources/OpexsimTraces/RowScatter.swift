/// Moves the rows of a column, one segment of rows after another, to their places in the built
/// trace. Rows are moved a block at a time, and a column that is freed afterwards hands each block's
/// pages back to the system once moved: the trace's copy grows as the builder's shrinks, so
/// building holds each value about once.
struct RowScatter: Sendable {
    /// The new index of each row, a column per segment of rows.
    let destinations: [ColumnBuffer<UInt32>]
    /// No row moves: columns are copied as they are.
    let inPlace: Bool

    /// Moves rows by `destinations`, one column per segment, which the scatter reads (their owner frees them).
    init(destinations: [ColumnBuffer<UInt32>], inPlace: Bool) {
        self.destinations = destinations
        self.inPlace = inPlace
    }

    /// Moves rows of one segment by `destination`.
    init(destination: ColumnBuffer<UInt32>, inPlace: Bool) {
        self.init(destinations: [destination], inPlace: inPlace)
    }

    /// Moves rows of one segment by the indices of `destination`.
    init(destination: [UInt32], inPlace: Bool) {
        let column = ColumnBuffer<UInt32>(capacity: destination.count)
        column.append(contentsOf: destination)
        self.init(destination: column, inPlace: inPlace)
    }

    /// `column` in the new row order, each value transformed; with `release`, the column is freed.
    func scatter<T, U>(_ column: ColumnBuffer<T>, release: Bool, _ transform: (T) -> U) -> [U] {
        scatter([column], release: release, transform)
    }

    /// `column` in the new row order, `stride` values per row; with `release`, the column is freed.
    func scatter<T>(_ column: ColumnBuffer<T>, stride: Int = 1, release: Bool = false) -> [T] {
        scatter([column], stride: stride, release: release)
    }

    /// The rows of `segments` (one column per segment of `destinations`) in the new row order, each
    /// value transformed; with `release`, the segments are freed.
    func scatter<T, U>(_ segments: [ColumnBuffer<T>], release: Bool, _ transform: (T) -> U) -> [U] {
        gather(segments, stride: 1, release: release) { target, source, destination, offset, rows in
            if inPlace {
                for row in rows { target[offset + row] = transform(source[row]) }
            } else {
                for row in rows { target[Int(destination[row])] = transform(source[row]) }
            }
        }
    }

    /// The rows of `segments` in the new row order, `stride` values per row; with `release`, the
    /// segments are freed.
    func scatter<T>(_ segments: [ColumnBuffer<T>], stride: Int = 1, release: Bool = false) -> [T] {
        gather(segments, stride: stride, release: release) { target, source, destination, offset, rows in
            if inPlace {
                let values = (offset + rows.lowerBound) * stride..<(offset + rows.upperBound) * stride
                let from = rows.lowerBound * stride..<rows.upperBound * stride
                _ = UnsafeMutableBufferPointer(rebasing: target[values]).initialize(fromContentsOf: source[from])
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

    /// A new array of every value of `segments`, filled by `move` a block of rows at a time: it gets
    /// the array, a segment's values and new row indices, the segment's first row in the whole, and
    /// the block's rows. With `release`, each block's pages are handed back once moved and the
    /// segments are freed.
    @inline(__always)
    private func gather<T, U>(
        _ segments: [ColumnBuffer<T>], stride: Int, release: Bool,
        _ move: (UnsafeMutableBufferPointer<U>, UnsafeBufferPointer<T>, ColumnBuffer<UInt32>, Int, Range<Int>) -> Void
    ) -> [U] {
        defer { if release { for segment in segments { segment.release() } } }
        let total = segments.reduce(0) { $0 + $1.count }
        // Never an uninitialized array of 0: it would write to the shared empty array's storage.
        guard total > 0 else { return [] }
        precondition(segments.count == destinations.count, "a column per segment of rows")
        return [U](unsafeUninitializedCapacity: total) { target, initialized in
            initialized = total
            var first = 0
            for (segment, destination) in zip(segments, destinations) {
                let source = segment.buffer, offset = first
                PageHandBack.forEachBlock(of: source, stride: stride, releasing: release) { rows in
                    move(target, source, destination, offset, rows)
                }
                first += source.count / max(stride, 1)
            }
        }
    }
}

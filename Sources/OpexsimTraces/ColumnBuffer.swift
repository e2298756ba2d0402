/// A growable column of trivial values with an append that does no uniqueness or bounds checks:
/// the row loop of the trace reader appends millions of values to a handful of these. One writer at
/// a time; readers only once writing is done.
final class ColumnBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 1024) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    init(repeating value: Element, count: Int) {
        capacity = max(count, 16)
        base = .allocate(capacity: capacity)
        base.initialize(repeating: value, count: count)
        self.count = count
    }

    deinit { base.deallocate() }

    func reserve(_ total: Int) {
        guard total > capacity else { return }
        let grown = UnsafeMutablePointer<Element>.allocate(capacity: total)
        grown.moveInitialize(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = total
    }

    @inline(__always)
    func append(_ value: Element) {
        if count == capacity { reserve(capacity * 2) }
        (base + count).initialize(to: value)
        count += 1
    }

    func append(contentsOf values: [Element]) {
        // Geometric growth: a row of a few values at a time stays amortized O(1).
        if count + values.count > capacity { reserve(max(count + values.count, capacity * 2)) }
        values.withUnsafeBufferPointer { source in
            guard let start = source.baseAddress, !source.isEmpty else { return }
            (base + count).initialize(from: start, count: source.count)
        }
        count += values.count
    }

    /// Appends a whole buffer with one copy.
    func append(contentsOf values: UnsafeBufferPointer<Element>) {
        guard let source = values.baseAddress, !values.isEmpty else { return }
        if count + values.count > capacity { reserve(max(count + values.count, capacity * 2)) }
        (base + count).initialize(from: source, count: values.count)
        count += values.count
    }

    /// Appends `values` transformed one by one.
    @inline(__always)
    func append<Source>(mapping values: UnsafeBufferPointer<Source>, _ transform: (Source) -> Element) {
        if count + values.count > capacity { reserve(max(count + values.count, capacity * 2)) }
        for (offset, value) in values.enumerated() { (base + count + offset).initialize(to: transform(value)) }
        count += values.count
    }

    /// Appends the values of `source`, each transformed, a block at a time, handing each moved
    /// block's pages back to the system, then frees `source`: while a chunk's column is merged, the
    /// two columns together hold its values about once, not twice.
    func append<Source>(moving source: ColumnBuffer<Source>, _ transform: (Source) -> Element) {
        defer { source.release() }
        let values = source.buffer
        if count + values.count > capacity { reserve(max(count + values.count, capacity * 2)) }
        let target = base + count
        PageHandBack.forEachBlock(of: values, releasing: true) { rows in
            for row in rows { (target + row).initialize(to: transform(values[row])) }
        }
        count += values.count
    }

    /// Appends the values of `source` as they are, a block at a time (see `append(moving:_:)`).
    func append(moving source: ColumnBuffer<Element>) {
        defer { source.release() }
        let values = source.buffer
        guard let start = values.baseAddress else { return }
        if count + values.count > capacity { reserve(max(count + values.count, capacity * 2)) }
        let target = base + count
        PageHandBack.forEachBlock(of: values, releasing: true) { rows in
            (target + rows.lowerBound).initialize(from: start + rows.lowerBound, count: rows.count)
        }
        count += values.count
    }

    /// Appends `value` `times` times.
    func append(repeating value: Element, times: Int) {
        if count + times > capacity { reserve(max(count + times, capacity * 2)) }
        (base + count).initialize(repeating: value, count: times)
        count += times
    }

    /// Replaces every value by `transform` of it, in place.
    func update(_ transform: (Element) -> Element) {
        for index in 0..<count { base[index] = transform(base[index]) }
    }

    /// Frees the values: the column is empty afterwards. For a column whose values have been moved elsewhere.
    func release() {
        base.deallocate()
        capacity = 16
        base = .allocate(capacity: capacity)
        count = 0
    }

    subscript(index: Int) -> Element {
        get { base[index] }
        set { base[index] = newValue }
    }

    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    var array: [Element] { Array(buffer) }
}

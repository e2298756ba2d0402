import Dispatch

/// Runs work over `0..<count` in contiguous parts, one per core, when there is enough of it.
enum ParallelParts {
    /// The parts `0..<count` is cut into: one below `minimum` items a part, else up to one per core
    /// (at most 8), in order.
    static func parts(_ count: Int, minimum: Int = 1 << 16) -> [Range<Int>] {
        let pieces = max(1, min(ProcessorCount.online, 8, count / max(1, minimum)))
        return (0..<pieces).map { (count * $0 / pieces)..<(count * ($0 + 1) / pieces) }
    }

    /// Calls `body` with each part's index and range, the parts on all cores.
    static func forEach(_ parts: [Range<Int>], _ body: @Sendable (Int, Range<Int>) -> Void) {
        if parts.count == 1 {
            body(0, parts[0])
            return
        }
        DispatchQueue.concurrentPerform(iterations: parts.count) { index in body(index, parts[index]) }
    }
}

/// A buffer that parts running on several cores fill, each its own elements.
struct SharedSlots<Element>: @unchecked Sendable {
    let values: UnsafeMutableBufferPointer<Element>

    init(repeating value: Element, count: Int) {
        values = .allocate(capacity: count)
        values.initialize(repeating: value)
    }

    subscript(index: Int) -> Element {
        get { values[index] }
        nonmutating set { values[index] = newValue }
    }

    /// The values, and the buffer freed.
    func take() -> [Element] {
        defer {
            _ = values.deinitialize()
            values.deallocate()
        }
        return Array(values)
    }
}

/// A column that parts running on several cores read.
struct SharedColumn<Element>: @unchecked Sendable {
    let values: UnsafeBufferPointer<Element>

    subscript(index: Int) -> Element { values[index] }
}

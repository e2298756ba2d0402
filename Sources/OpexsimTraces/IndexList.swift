/// Indices into one of a trace's arrays (a container's series, a workload's pods, ...), held as a
/// range when they are consecutive, as they nearly always are, and as an array otherwise: a million
/// one-replica containers then need no million small arrays.
public struct IndexList: RandomAccessCollection, Hashable, Sendable, ExpressibleByArrayLiteral,
    CustomStringConvertible
{
    /// The first index and how many follow it one by one, while `spread` is nil (32 bits each: a
    /// list is 16 bytes; indices beyond them are held in `spread`).
    private var start: Int32 = 0
    private var run: Int32 = 0
    /// The indices, once they are not consecutive (or too large for a run).
    private var spread: [Int]?

    private var first: Int { Int(start) }
    private var length: Int { Int(run) }

    /// No indices.
    public init() {}

    /// The indices of `range`.
    public init(_ range: Range<Int>) {
        guard range.lowerBound >= 0, range.upperBound <= Int(Int32.max) else {
            spread = Array(range)
            return
        }
        start = Int32(range.lowerBound)
        run = Int32(range.count)
    }

    /// `indices`, in their order.
    public init<S: Sequence<Int>>(_ indices: S) {
        for index in indices { append(index) }
    }

    public init(arrayLiteral elements: Int...) {
        self.init(elements)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { spread?.count ?? length }

    public subscript(position: Int) -> Int {
        if let spread { return spread[position] }
        precondition(position >= 0 && position < length, "index \(position) of \(length)")
        return first + position
    }

    /// Adds an index at the end.
    public mutating func append(_ index: Int) {
        if spread == nil {
            let fits = index >= 0 && index < Int(Int32.max)
            if length == 0 && fits {
                start = Int32(index)
                run = 1
                return
            }
            if index == first + length && fits {
                run += 1
                return
            }
            spread = Array(first..<(first + length))
        }
        spread!.append(index)
    }

    /// Every index plus `offset` (negative to renumber from a part's start).
    public func shifted(by offset: Int) -> IndexList {
        guard let spread else { return IndexList((first + offset)..<(first + offset + length)) }
        return IndexList(spread.map { $0 + offset })
    }

    public static func == (a: IndexList, b: IndexList) -> Bool { a.elementsEqual(b) }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for index in self { hasher.combine(index) }
    }

    public var description: String { Array(self).description }
}

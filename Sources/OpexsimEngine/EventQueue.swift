import HeapModule
import OpexsimTraces

/// A virtual-time event queue: events come out in time order, and events at the same instant in
/// the order they were scheduled (like an embedded event loop's tasks).
public struct EventQueue<Payload> {
    struct Entry: Comparable {
        var time: TraceInstant
        var sequence: UInt64
        var payload: Payload

        static func < (a: Entry, b: Entry) -> Bool {
            a.time != b.time ? a.time < b.time : a.sequence < b.sequence
        }

        static func == (a: Entry, b: Entry) -> Bool {
            a.time == b.time && a.sequence == b.sequence
        }
    }

    private var heap = Heap<Entry>()
    private var nextSequence: UInt64 = 0

    public init() {}

    public var isEmpty: Bool { heap.isEmpty }
    public var count: Int { heap.count }

    /// Adds `payload` to happen at `time`.
    public mutating func schedule(_ payload: Payload, at time: TraceInstant) {
        heap.insert(Entry(time: time, sequence: nextSequence, payload: payload))
        nextSequence += 1
    }

    /// The time and insertion rank of the next event, for ordering against another queue.
    public var next: (time: TraceInstant, sequence: UInt64)? {
        heap.min.map { ($0.time, $0.sequence) }
    }

    /// Removes and returns the next event.
    public mutating func pop() -> (time: TraceInstant, payload: Payload)? {
        heap.popMin().map { ($0.time, $0.payload) }
    }
}

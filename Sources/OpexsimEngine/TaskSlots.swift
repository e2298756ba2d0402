import Dispatch

/// Outputs of tasks run concurrently, one slot per task, each written by exactly one worker and
/// read after all have finished.
final class TaskSlots<Output>: @unchecked Sendable {
    private var slots: [Output?]
    private let lock = DispatchQueue(label: "opexsim.tasks")

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ index: Int, _ output: Output) { lock.sync { slots[index] = output } }
    /// The output of task `index`, handed over: the slot keeps no copy.
    func take(_ index: Int) -> Output {
        lock.sync {
            defer { slots[index] = nil }
            return slots[index]!
        }
    }
}

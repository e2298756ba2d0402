#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Counts of work done, added to from any core and read by a progress display: the bytes and rows a
/// reading has got through, or the replica-samples a replay has replayed. Adders take the lock a few
/// times a second at most (every few megabytes, or once a replay task).
public final class ProgressCounters: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var first = 0
    private var second = 0

    public init() {
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Adds to both counts.
    public func add(_ first: Int, _ second: Int = 0) {
        pthread_mutex_lock(mutex)
        self.first += first
        self.second += second
        pthread_mutex_unlock(mutex)
    }

    /// Both counts back to zero (a reading that starts again).
    public func reset() {
        pthread_mutex_lock(mutex)
        (first, second) = (0, 0)
        pthread_mutex_unlock(mutex)
    }

    /// The counts now.
    public var current: (first: Int, second: Int) {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return (first, second)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The temporary files being written (a report or trace before it is renamed into place), removed
/// when the process is interrupted: after `removeOnSignals()`, SIGINT, SIGTERM and SIGHUP unlink
/// them and then end the process as the signal would have.
public enum TemporaryFiles {
    /// Paths as C strings; a slot is nil when free. The signal handler only reads them and calls
    /// `unlink`, which is safe in a handler. A path's copy is never freed (a handler may be reading
    /// it): it stays in `copies`, and writing the same file again reuses it.
    nonisolated(unsafe) static let slots: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let slots = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
        slots.initialize(repeating: nil, count: capacity)
        return slots
    }()
    static let capacity = 256
    static let lock = SlotLock()
    /// Every path copy made, one per distinct path, read and extended under `lock`.
    nonisolated(unsafe) static var copies: [UnsafeMutablePointer<CChar>] = []

    /// Installs the handlers (once, at start-up). A signal the process was started ignoring (`nohup`
    /// ignores SIGHUP) stays ignored.
    public static func removeOnSignals() {
        _ = slots
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            let previous = signal(signalNumber) { received in
                for index in 0..<TemporaryFiles.capacity {
                    if let path = TemporaryFiles.slots[index] { unlink(path) }
                }
                signal(received, SIG_DFL)
                raise(received)
            }
            if let previous, unsafeBitCast(previous, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) {
                signal(signalNumber, SIG_IGN)
            }
        }
    }

    /// Records `path` as a temporary file; returns its slot (nil when all are taken: it is then not
    /// removed on a signal, as before).
    static func register(_ path: String) -> Int? {
        lock.withLock {
            guard let index = (0..<capacity).first(where: { slots[$0] == nil }) else { return nil }
            slots[index] = copy(of: path)
            return index
        }
    }

    /// The C copy of `path`: the one made when it was first registered, else a new one (under `lock`).
    private static func copy(of path: String) -> UnsafeMutablePointer<CChar>? {
        if let made = copies.first(where: { strcmp($0, path) == 0 }) { return made }
        guard let made = strdup(path) else { return nil }
        copies.append(made)
        return made
    }

    /// Forgets the temporary file of `slot` (renamed into place or removed).
    static func unregister(_ slot: Int?) {
        guard let slot else { return }
        lock.withLock { slots[slot] = nil }
    }
}

/// A mutex for the slot table.
final class SlotLock: @unchecked Sendable {
    private var mutex = pthread_mutex_t()

    init() { pthread_mutex_init(&mutex, nil) }

    deinit { pthread_mutex_destroy(&mutex) }

    func withLock<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return body()
    }
}

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
    /// Files registered at one time at most (a `FileSet` registers one per file it writes).
    static let capacity = 16_384
    /// `[0]` counts the threads holding signals (`holdingSignals`), `[1]` is the signal that came meanwhile.
    nonisolated(unsafe) static let state: UnsafeMutablePointer<Int32> = {
        let state = UnsafeMutablePointer<Int32>.allocate(capacity: 2)
        state.initialize(repeating: 0, count: 2)
        return state
    }()
    /// The first slot that may be free.
    nonisolated(unsafe) static var firstFree = 0
    static let lock = SlotLock()
    /// Every path copy made, one per distinct path, read and extended under `lock`.
    nonisolated(unsafe) static var copies: [String: UnsafeMutablePointer<CChar>] = [:]

    /// Installs the handlers (once, at start-up). A signal the process was started ignoring (`nohup`
    /// ignores SIGHUP) stays ignored.
    public static func removeOnSignals() {
        _ = slots
        _ = state
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            let previous = signal(signalNumber) { received in
                if TemporaryFiles.state[0] != 0 {
                    TemporaryFiles.state[1] = received
                    return
                }
                TemporaryFiles.removeAllAndRaise(received)
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
            guard let index = (firstFree..<capacity).first(where: { slots[$0] == nil }) else { return nil }
            slots[index] = copy(of: path)
            firstFree = index + 1
            return index
        }
    }

    /// The C copy of `path`: the one made when it was first registered, else a new one (under `lock`).
    private static func copy(of path: String) -> UnsafeMutablePointer<CChar>? {
        if let made = copies[path] { return made }
        guard let made = strdup(path) else { return nil }
        copies[path] = made
        return made
    }

    /// Forgets the temporary file of `slot` (renamed into place or removed).
    static func unregister(_ slot: Int?) {
        guard let slot else { return }
        lock.withLock {
            slots[slot] = nil
            firstFree = min(firstFree, slot)
        }
    }

    /// Runs `body` with SIGINT, SIGTERM and SIGHUP held: one that comes meanwhile takes effect when
    /// `body` returns (the temporary files still registered are removed, and the process ends). For
    /// steps that must not stop half-way, such as renaming a set of files into place. Several threads
    /// may hold signals at once (sets of files written in parallel): a signal then takes effect when
    /// the last of them returns.
    public static func holdingSignals<T>(_ body: () throws -> T) rethrows -> T {
        lock.withLock { state[0] += 1 }
        defer {
            let received: Int32 = lock.withLock {
                state[0] -= 1
                return state[0] == 0 ? state[1] : 0
            }
            if received != 0 { removeAllAndRaise(received) }
        }
        return try body()
    }

    /// Unlinks every registered file, then ends the process by `received` as if not handled.
    static func removeAllAndRaise(_ received: Int32) {
        for index in 0..<capacity {
            if let path = slots[index] { unlink(path) }
        }
        signal(received, SIG_DFL)
        raise(received)
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

#if canImport(Glibc)
import Glibc
#endif

/// Hands the heap's free pages back to the system where the C library can (glibc's `malloc_trim`):
/// memory freed in the middle of a thread's heap otherwise stays resident until reused.
public enum HeapTrim {
    private typealias Trim = @convention(c) (Int) -> Int32

    #if canImport(Glibc)
    /// `malloc_trim`, looked up once (glibc only; its header is not part of the C module).
    private static let trim: Trim? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim")
        .map { unsafeBitCast($0, to: Trim.self) }
    #endif

    /// The C library can hand free pages back (glibc).
    public static var isAvailable: Bool {
        #if canImport(Glibc)
        return trim != nil
        #else
        return false
        #endif
    }

    /// Returns free pages to the system; false when none was returned or the C library cannot.
    @discardableResult
    public static func returnFreePages() -> Bool {
        #if canImport(Glibc)
        return trim?(0) == 1
        #else
        return false
        #endif
    }
}

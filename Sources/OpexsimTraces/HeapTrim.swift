#if canImport(Glibc)
import Glibc
#endif

/// Hands the heap's free pages back to the system where the C library can (glibc's `malloc_trim`):
/// memory freed in the middle of a thread's heap otherwise stays resident until reused.
public enum HeapTrim {
    private typealias Trim = @convention(c) (Int) -> Int32

    #if canImport(Glibc)
    /// `malloc_trim`, looked up once (glibc only; its header is not part of the C module); nil when
    /// glibc's allocator does not serve `malloc`: under AddressSanitizer or ThreadSanitizer the
    /// sanitizer's does, glibc's heap holds nothing, and `malloc_trim` called from two threads at once
    /// can race in its lazy set-up (a crash seen once under ThreadSanitizer).
    private static let trim: Trim? =
        glibcAllocates
        ? dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim").map { unsafeBitCast($0, to: Trim.self) }
        : nil

    /// No sanitizer runtime that brings its own allocator is loaded.
    static let glibcAllocates =
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__tsan_init") == nil
        && dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__asan_init") == nil
    #endif

    /// The C library can hand free pages back (glibc, serving `malloc`).
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

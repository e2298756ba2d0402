/// Linux's `O_DIRECT` open flag (reads and writes past the page cache), which Swift's Glibc module
/// does not export; nil where the system has none.
enum DirectIO {
    #if os(Linux) && arch(x86_64)
    // From Linux's include/uapi/asm-generic/fcntl.h.
    static let openFlag: Int32? = 0o40000
    #elseif os(Linux) && arch(arm64)
    // From Linux's arch/arm64/include/uapi/asm/fcntl.h.
    static let openFlag: Int32? = 0o200000
    #else
    static let openFlag: Int32? = nil
    #endif
}

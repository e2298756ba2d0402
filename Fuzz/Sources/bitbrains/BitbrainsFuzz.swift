import FuzzSupport
import OpexsimImport

/// The Bitbrains importer: the input is up to two VM files, separated by a NUL byte.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafeRawPointer?, _ size: Int) -> CInt {
    Fuzz.importing(data, size, names: ["7.csv", "vm 8.csv"]) { try BitbrainsImporter(options: ImportOptions()).run($0) }
    return 0
}

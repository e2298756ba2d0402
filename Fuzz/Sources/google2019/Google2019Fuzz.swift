import FuzzSupport
import OpexsimImport

/// The Google 2019 importer: the input is up to two task usage files, separated by a NUL byte.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafeRawPointer?, _ size: Int) -> CInt {
    Fuzz.importing(data, size, names: ["task-1.csv", "task-2.csv"]) {
        try Google2019Importer(options: ImportOptions()).run($0)
    }
    return 0
}

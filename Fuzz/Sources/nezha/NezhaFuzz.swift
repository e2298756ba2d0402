import FuzzSupport
import OpexsimImport

/// The Nezha importer: the input is up to two pod metric files, separated by a NUL byte.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafeRawPointer?, _ size: Int) -> CInt {
    Fuzz.importing(data, size, names: ["frontend-5f6585d649-fnmft_metric.csv", "cart-0_metric.csv"]) {
        try NezhaImporter(options: ImportOptions()).run($0)
    }
    return 0
}

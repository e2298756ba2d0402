import FuzzSupport
import OpexsimImport

/// The Azure importer: the input is up to three reading files (wide or long form), separated by NUL bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafeRawPointer?, _ size: Int) -> CInt {
    Fuzz.importing(data, size, names: ["readings-1.csv", "readings-2.csv", "readings-3.csv"]) {
        try AzureImporter(options: ImportOptions()).run($0)
    }
    return 0
}

import FuzzSupport
import OpexsimImport

/// The Alibaba 2018 importer: the input is up to three container files (meta or usage), separated by NUL bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafeRawPointer?, _ size: Int) -> CInt {
    Fuzz.importing(data, size, names: ["container_meta.csv", "container_usage.csv", "container_usage-2.csv"]) {
        try Alibaba2018Importer(options: ImportOptions()).run($0)
    }
    return 0
}

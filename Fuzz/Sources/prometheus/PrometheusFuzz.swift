import FuzzSupport
import OpexsimImport

/// The Prometheus importer: the input is up to four query answers separated by NUL bytes. The first
/// is flagged as CPU and the second as memory (the `--cpu` and `--memory` flags); the others are
/// told apart by their series' `__name__`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafeRawPointer?, _ size: Int) -> CInt {
    Fuzz.importing(data, size, names: ["cpu.json", "memory.json", "answer-3.json", "answer-4.json"]) { paths in
        var roles: [String: PrometheusRole] = [:]
        for (path, role) in zip(paths, [PrometheusRole.cpu, .memory]) { roles[path] = role }
        return try PrometheusImporter(options: ImportOptions(), roles: roles).run(paths)
    }
    return 0
}

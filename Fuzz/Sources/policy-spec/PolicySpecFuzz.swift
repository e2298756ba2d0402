import FuzzSupport
import OpexsimPolicies

/// Policy specs as `--policy` takes them (`percentile:cpu=95,margin=0.15`): the input is the text.
/// A spec that names a catalogued policy resolves its parameters and makes the policy; specs that
/// name files are left to the `vpa-manifest` target.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafeRawPointer?, _ size: Int) -> CInt {
    let text = String(decoding: Fuzz.bytes(data, size), as: UTF8.self)
    Fuzz.refusing {
        let spec = try PolicySpec(parsing: text)
        guard !PolicySpec.isFile(spec.name) else { return }
        _ = spec.description
        _ = try PolicyCatalogue.factory(for: spec).make()
    }
    return 0
}

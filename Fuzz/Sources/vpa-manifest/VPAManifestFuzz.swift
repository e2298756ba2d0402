import FuzzSupport
import OpexsimPolicies

/// Policy files of VerticalPodAutoscaler objects: the input is one YAML file, read as `--policy
/// FILE` reads it; a file that loads makes a policy and answers which VPA covers some workloads.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafeRawPointer?, _ size: Int) -> CInt {
    let path = Fuzz.file(Fuzz.bytes(data, size), name: "vpa.yaml")
    Fuzz.refusing {
        let setup = try VPASetup(manifestPath: path)
        for (workload, namespace) in [("cart", "shop"), ("ledger", "payments"), ("", "")] {
            _ = setup.configuration(forWorkload: workload, namespace: namespace)
        }
        _ = try PolicyCatalogue.factory(for: PolicySpec(name: path)).make()
    }
    return 0
}

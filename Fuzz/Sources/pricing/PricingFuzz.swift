import FuzzSupport
import OpexsimPricing

/// Pricing files: the input is one file, read as a pricing model (opexsim YAML or OpenCost JSON;
/// node pools name the catalogues under `models/`) and as a node catalogue.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafeRawPointer?, _ size: Int) -> CInt {
    let bytes = Fuzz.bytes(data, size)
    let yaml = Fuzz.file(bytes, name: "pricing.yaml")
    Fuzz.refusing { _ = try PricingModel.load(path: yaml, modelsDirectory: "models") }
    Fuzz.refusing { _ = try NodeCatalogue.load(path: yaml) }
    if bytes.first == UInt8(ascii: "{") {
        let json = Fuzz.file(bytes, name: "custom-pricing.json")
        Fuzz.refusing { _ = try PricingModel.load(path: json, modelsDirectory: "models") }
    }
    return 0
}

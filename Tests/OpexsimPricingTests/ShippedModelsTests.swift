import Foundation
import OpexsimModelFiles
import OpexsimPricing
import Testing

@Suite("The shipped models carried in the binary")
struct ShippedModelsTests {
    static let models = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("models")

    @Test("the binary carries every YAML file under models/, as it is there (.ci/embed-models.py writes them)")
    func sameAsTheFolder() throws {
        var onDisk: [String: String] = [:]
        for kind in try FileManager.default.contentsOfDirectory(atPath: Self.models.path) {
            let folder = Self.models.appendingPathComponent(kind)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            where name.hasSuffix(".yaml") || name.hasSuffix(".yml") || name.hasSuffix(".json") {
                onDisk["\(kind)/\(name)"] = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            }
        }
        #expect(Set(ShippedModels.files.keys) == Set(onDisk.keys))
        for (path, text) in onDisk {
            #expect(
                ShippedModels.files[path] == text.trimmingCharacters(in: .newlines),
                "\(path) differs: run .ci/embed-models.py")
        }
    }

    @Test("a path under any models folder finds the shipped file; anything else does not")
    func lookup() {
        #expect(ShippedModels.text(forPath: "models/pricing/aws-m5-spot-mix.yaml") != nil)
        #expect(ShippedModels.text(forPath: "/nowhere/models/catalogues/gcp-us-central1.yaml") != nil)
        #expect(ShippedModels.text(forPath: "pricing/aws-m5-spot-mix.yaml") == nil)
        #expect(ShippedModels.text(forPath: "models/pricing/nosuch.yaml") == nil)
    }

    @Test("pricing by name from a directory without models/: the shipped model and its catalogue")
    func fromAnywhere() throws {
        let model = try PricingModel.resolve("aws-m5-spot-mix", modelsDirectory: "/nonexistent/models")
        #expect(model.nodePools.first?.nodeType.name == "m5.xlarge")
        let error = #expect(throws: ModelFileError.self) {
            try PricingModel.resolve("nosuch", modelsDirectory: "/nonexistent/models")
        }
        #expect(error?.description.contains("unknown pricing model") == true)
    }
}

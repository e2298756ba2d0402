import Foundation
import OpexsimModelFiles
import OpexsimPricing
import Testing

@Suite("Pricing models")
struct PricingModelTests {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func temporary(_ text: String, _ name: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "opexsim-pricing-\(UUID().uuidString)-\(name)")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test("OpenCost's default prices: 0.031611 $/vCPU-h and 0.004237 $/GiB-h")
    func defaults() throws {
        let model = try PricingModel.resolve("opencost-default")
        #expect(model.cpuPerCoreHour == 0.031611)
        #expect(model.memoryPerGiBHour == 0.004237)
        // The shipped model file says the same.
        let file = try PricingModel.load(path: root.appendingPathComponent("models/pricing/opencost-default.yaml").path)
        #expect(file == model)
    }

    @Test("the OpenCost worked example: 13.4 core-hours cost $0.4236")
    func workedExample() {
        // 0.5 core requested for 22 h at 0.3 used, 2 h at 1.2 used: max(request, usage) = 13.4 core-hours.
        let coreSeconds = (22 * 0.5 + 2 * 1.2) * 3600
        let cost = PricingModel.openCostDefault.cost(cpuCoreSeconds: coreSeconds, memoryByteSeconds: 0)
        #expect(abs(cost - 0.4235874) < 1e-7)
    }

    @Test("OpenCost custom pricing JSON, values as strings or numbers")
    func customPricingJSON() throws {
        let path = try temporary(
            #"{"provider": "custom", "CPU": "0.05", "RAM": 0.01, "GPU": "0.95", "spotCPU": "0.006655"}"#, "custom.json")
        let model = try PricingModel.resolve(path)
        #expect(model.cpuPerCoreHour == 0.05)
        #expect(model.memoryPerGiBHour == 0.01)
        // One GiB for one hour and one core for one hour.
        #expect(abs(model.cost(cpuCoreSeconds: 3600, memoryByteSeconds: 1_073_741_824 * 3600) - 0.06) < 1e-12)
    }

    @Test("a bad pricing file names its problem")
    func badFiles() throws {
        let negative = try temporary(
            "kind: PricingModel\nprices:\n  cpu_per_core_hour: -1\n  memory_per_gib_hour: 0.004\n", "negative.yaml")
        #expect(throws: ModelFileError.self) { try PricingModel.load(path: negative) }
        do {
            _ = try PricingModel.load(path: negative)
        } catch let error as ModelFileError {
            #expect(error.description == "\(negative):3:22: prices.cpu_per_core_hour: must not be negative, found -1.0")
        }
        let missing = try temporary("kind: PricingModel\nprices:\n  cpu_per_core_hour: 0.03\n", "missing.yaml")
        do {
            _ = try PricingModel.load(path: missing)
            Issue.record("expected an error")
        } catch let error as ModelFileError {
            #expect(error.message == "prices: missing memory_per_gib_hour")
            #expect(error.file == "\(missing):3:3")
        }
        do {
            _ = try PricingModel.resolve("no-such-model")
            Issue.record("expected an error")
        } catch let error as ModelFileError {
            #expect(
                error.message.hasPrefix(
                    "unknown pricing model (shipped: aws-m5-spot-mix, gcp-n2-committed, opencost-default"))
        }
    }
}

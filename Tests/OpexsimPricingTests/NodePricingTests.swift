import Foundation
import OpexsimModelFiles
import OpexsimPricing
import Testing

@Suite("Node prices, capacity mixes and catalogues")
struct NodePricingTests {
    let models = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("models").path

    func temporary(_ text: String, _ name: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "opexsim-nodes-\(UUID().uuidString)-\(name)")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func error(_ body: () throws -> Void) -> ModelFileError? {
        do {
            try body()
            return nil
        } catch let error as ModelFileError {
            return error
        } catch {
            return nil
        }
    }

    @Test(
        "OpenCost's worked split: a $0.20 node of 4 vCPU and 16 GiB is $0.0043627 per GiB-hour and $0.032549 per vCPU-hour"
    )
    func split() {
        let ratio = PricingModel.openCostDefault.cpuToMemoryRatio
        #expect(abs(ratio - 7.4607) < 0.0001)
        let rates = NodePriceSplit.rates(nodeHourly: 0.20, cores: 4, memoryGiB: 16, ratio: ratio)
        #expect(abs(rates.memoryPerGiBHour - 0.0043627) < 5e-8)
        #expect(abs(rates.cpuPerCoreHour - 0.032549) < 5e-7)
        // The rates add back up to the node price.
        #expect(abs(4 * rates.cpuPerCoreHour + 16 * rates.memoryPerGiBHour - 0.20) < 1e-12)
        // Not-a-number ratios fall back to 10, as OpenCost does: multiple = 4 × 10 + 16 = 56.
        let fallback = NodePriceSplit.rates(nodeHourly: 0.56, cores: 4, memoryGiB: 16, ratio: .nan)
        #expect(abs(fallback.memoryPerGiBHour - 0.01) < 1e-15 && abs(fallback.cpuPerCoreHour - 0.1) < 1e-15)
    }

    @Test(
        "capacity mixes: 70% on-demand and 30% spot of an m5.xlarge is 0.7 × 0.192 + 0.3 × 0.0627 = $0.15321 per node-hour"
    )
    func mixes() throws {
        let aws = try NodeCatalogue.load(path: "\(models)/catalogues/aws-us-east-1.yaml")
        let m5 = try #require(aws.nodeTypes.first { $0.name == "m5.xlarge" })
        #expect(m5.onDemandHourly == 0.192 && m5.spotHourly == 0.0627)
        #expect(abs(m5.hourly(CapacityMix(onDemand: 0.7, spot: 0.3, committed: 0)) - 0.15321) < 1e-12)
        let gcp = try NodeCatalogue.load(path: "\(models)/catalogues/gcp-us-central1.yaml")
        let n2 = try #require(gcp.nodeTypes.first { $0.name == "n2-standard-4" })
        let discount = try #require(n2.committedDiscount)
        // Half committed: 0.5 × p + 0.5 × p × (1 − discount).
        #expect(
            abs(n2.hourly(CapacityMix(onDemand: 0.5, spot: 0, committed: 0.5)) - n2.onDemandHourly * (1 - discount / 2))
                < 1e-12)
        // The shipped mixed model: a node-hour of its pool, split at the OpenCost ratio.
        let model = try PricingModel.resolve("aws-m5-spot-mix", modelsDirectory: models)
        let pool = try #require(model.nodePools.first)
        #expect(abs(model.nodeHourly(of: pool) - 0.15321) < 1e-12)
        let rates = model.rates(of: pool)
        #expect(abs(4 * rates.cpuPerCoreHour + 16 * rates.memoryPerGiBHour - 0.15321) < 1e-12)
    }

    @Test("discounts combine as 1 − (1 − discount)(1 − negotiated): 10% and 20% make 28%")
    func discounts() throws {
        let path = try temporary(
            #"{"CPU": "0.04", "RAM": "0.005", "spotCPU": "", "discount": "10%", "negotiatedDiscount": "20%"}"#, "d.json"
        )
        let model = try PricingModel.load(path: path)
        #expect(abs(model.combinedDiscount - 0.28) < 1e-12)
        #expect(model.spotCPUPerCoreHour == nil)
        #expect(abs(model.flatRates.cpuPerCoreHour - 0.04 * 0.72) < 1e-15)
        #expect(abs(model.cost(cpuCoreSeconds: 3600, memoryByteSeconds: 0) - 0.0288) < 1e-15)
    }

    @Test("the shipped catalogues load, with allocatable below capacity and a dated source for every price")
    func catalogues() throws {
        for name in ["aws-us-east-1", "gcp-us-central1", "azure-eastus"] {
            let catalogue = try NodeCatalogue.resolve(name, modelsDirectory: models)
            #expect(catalogue.nodeTypes.count >= 6, "\(name)")
            for type in catalogue.nodeTypes {
                #expect(
                    type.allocatableCPU < type.vcpu && type.allocatableMemoryBytes < type.memoryGiB * 1_073_741_824,
                    "\(type.name)")
                #expect(type.onDemandHourly > 0 && type.priceSource.contains("as of 2026-"), "\(type.name)")
            }
        }
        // EKS: m5.xlarge keeps 11 MiB × 58 pods + 255 MiB and the 100 MiB threshold: 16,384 − 993 = 15,391 MiB ≈ 15.03 GiB.
        let aws = try NodeCatalogue.resolve("aws-us-east-1", modelsDirectory: models)
        let m5 = try #require(aws.nodeTypes.first { $0.name == "m5.xlarge" })
        #expect(m5.maxPods == 58)
        #expect(abs(m5.allocatableMemoryBytes / 1_048_576 - 15_391) < 1)
    }

    @Test("a pool in a model: inline node type, mix, limits, delay and namespaces")
    func inlinePool() throws {
        let path = try temporary(
            """
            kind: PricingModel
            name: small
            prices: {cpu_per_core_hour: 0.03, memory_per_gib_hour: 0.004}
            share_idle: true
            node_pools:
              - name: batch
                node: {name: box, vcpu: 4, memory_gib: 16, allocatable: {cpu_cores: 3.5, memory_gib: 14}, max_pods: 30,
                       on_demand: {hourly_usd: 0.2}, spot: {hourly_usd: 0.05}}
                capacity: {on_demand: 0.5, spot: 50%}
                min_nodes: 1
                max_nodes: 5
                scale_down_delay: 20m
                provisioning_delay: 90s
                namespaces: [etl]
            """, "pool.yaml")
        let model = try PricingModel.load(path: path)
        let pool = try #require(model.nodePools.first)
        #expect(pool.name == "batch" && pool.nodeType.name == "box" && pool.nodeType.maxPods == 30)
        #expect(pool.nodeType.allocatableCPU == 3.5 && pool.nodeType.allocatableMemoryBytes == 14 * 1_073_741_824)
        #expect(pool.capacity == CapacityMix(onDemand: 0.5, spot: 0.5, committed: 0))
        #expect(abs(pool.nodeHourly - 0.125) < 1e-15)
        #expect(
            pool.minNodes == 1 && pool.maxNodes == 5 && pool.scaleDownDelay == 1_200_000
                && pool.provisioningDelay == 90_000)
        #expect(pool.admits(namespace: "etl") && !pool.admits(namespace: "shop"))
        #expect(model.shareIdle)
        // 0.125 split at 0.03 / 0.004 = 7.5: RAM 0.125 / (4 × 7.5 + 16) per GiB-hour.
        let rates = model.rates(of: pool)
        #expect(abs(rates.memoryPerGiBHour - 0.125 / 46) < 1e-15)
        #expect(abs(rates.cpuPerCoreHour - 7.5 * 0.125 / 46) < 1e-15)
    }

    @Test(
        "a bad pricing file names file, line, column and the problem",
        arguments: [
            ("node_pools:\n  - node_type: m5.xlarge\n", "node_pools[0]", "missing catalogue (or an inline node)"),
            (
                "node_pools:\n  - catalogue: aws-us-east-1\n    node_type: m5.huge\n", "node_pools[0].node_type",
                "aws-us-east-1 has no node type m5.huge"
            ),
            (
                "node_pools:\n  - catalogue: aws-us-east-1\n    node_type: m5.xlarge\n    capacity: {on_demand: 0.8, spot: 0.3}\n",
                "node_pools[0].capacity", "on_demand, spot and committed add up to 1.1"
            ),
            (
                "node_pools:\n  - catalogue: azure-eastus\n    node_type: Standard_D4s_v5\n    capacity: {committed: 0.5}\n",
                "node_pools[0].capacity", "node type Standard_D4s_v5 has no committed-use discount"
            ),
            (
                "node_pools:\n  - catalogue: azure-eastus\n    node_type: Standard_D4s_v5\n    capacity: {spot: 0.5}\n",
                "node_pools[0].capacity", "node type Standard_D4s_v5 has no spot price"
            ),
            (
                "node_pools:\n  - catalogue: nowhere\n    node_type: m5.xlarge\n", "node_pools[0].catalogue",
                "no node catalogue nowhere"
            ),
            ("prices: {cpu_per_core_hour: 0.03, memory_per_gib_hour: 0.004}\nspare: 1\n", "spare", "unknown key"),
            (
                "prices: {cpu_per_core_hour: 1e308, memory_per_gib_hour: 0.004}\n", "prices.cpu_per_core_hour",
                "must be at most 1,000,000,000, found 1e308"
            ),
            (
                "prices: {cpu_per_core_hour: 0.03, memory_per_gib_hour: 0.004}\ncapacity: {spot: 0.2}\n", "capacity",
                "a spot share needs prices.spot_cpu_per_core_hour"
            ),
            (
                "node_pools:\n  - node: {name: x, vcpu: 2, memory_gib: 4, allocatable: {cpu_cores: 3}, on_demand: {hourly_usd: 0.1}}\n",
                "node_pools[0].node.allocatable.cpu_cores", "allocatable CPU 3.0 exceeds the 2.0 vCPUs"
            ),
            (
                "node_pools:\n  - node: {name: x, vcpu: 2, memory_gib: 4, on_demand: {hourly_usd: 0.1}}\n    min_nodes: 3\n    max_nodes: 2\n",
                "node_pools[0].max_nodes", "max_nodes 2 is below min_nodes 3"
            ),
        ])
    func badFiles(text: String, path: String, message: String) throws {
        let file = try temporary("kind: PricingModel\n" + text, "bad.yaml")
        let failure = error { _ = try PricingModel.load(path: file, modelsDirectory: models) }
        let found = try #require(failure, "no error for \(text)")
        #expect(found.file.hasPrefix(file + ":"), "\(found.file)")
        // file:line:column
        #expect(found.file.dropFirst(file.count + 1).split(separator: ":").count == 2, "\(found.file)")
        #expect(found.message.hasPrefix("\(path): \(message)"), "\(found.message)")
    }
}

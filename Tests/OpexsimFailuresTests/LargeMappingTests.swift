import Foundation
import OpexsimFailures
import OpexsimTestSupport
import Testing

@Suite("Model files with mappings of hundreds of thousands of keys read in one pass")
struct LargeMappingTests {
    static let count = 550_000
    /// The keys of the PodChaos's mappings (fewer, to keep the test short in a debug build).
    static let selectorCount = 55_000

    /// A FailurePlan whose `restore.volumes` maps `count` namespaces to sizes, and a PodChaos
    /// selecting pods of `selectorCount` namespaces and labels of as many keys.
    static func generated() -> String {
        var text = """
            apiVersion: opexsim.io/v1
            kind: FailurePlan
            metadata: {name: many-volumes}
            failures:
              - {kind: namespace-deletion, namespace: ns-0, at: 1h}
            restore:
              volumes:

            """
        text.reserveCapacity(40 * count)
        for index in 0..<count { text += "    ns-\(index): \(index % 1000 + 1)Mi\n" }
        text += """
            ---
            apiVersion: chaos-mesh.org/v1alpha1
            kind: PodChaos
            metadata: {name: many-pods, namespace: shop}
            spec:
              action: pod-kill
              mode: all
              selector:
                labelSelectors:

            """
        for index in 0..<selectorCount { text += "      label-\(index): value-\(index)\n" }
        text += "    pods:\n"
        for index in 0..<selectorCount { text += "      ns-\(index): [pod-\(index)]\n" }
        return text
    }

    @Test("a FailurePlan with a 550,000-key mapping and a PodChaos with 55,000-key ones load with every value in place")
    func largeMappings() throws {
        let path = try temporaryFile(Self.generated(), name: "large.yaml")
        let documents = try FailureDocuments.load(paths: [path])
        let volumes = documents.restore.volumeBytes
        #expect(volumes.count == Self.count)
        let mebibyte = 1_048_576.0
        #expect(volumes["ns-0"] == mebibyte)
        #expect(volumes["ns-549999"] == 1000 * mebibyte)
        #expect(volumes["ns-123456"] == 457 * mebibyte)
        #expect((0..<Self.count).allSatisfy { volumes["ns-\($0)"] == Double($0 % 1000 + 1) * mebibyte })
        let selector = try #require(documents.failures.first { $0.name.contains("many-pods") }?.selector)
        #expect(selector.labels.count == Self.selectorCount)
        #expect(selector.labels[0].description == "label-0=value-0")
        #expect(selector.labels[Self.selectorCount - 1].description == "label-54999=value-54999")
        #expect(selector.pods.count == Self.selectorCount)
        #expect(selector.pods["ns-77"] == ["pod-77"])
        #expect(selector.pods["ns-54999"] == ["pod-54999"])
    }
}

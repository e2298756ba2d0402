import Testing

@testable import OpexsimTraces

@Suite("Finding a builder's series by their identity")
struct IdentityIndexTests {
    @Test("100,000 identities filed in order through many growths are each found again, and only themselves")
    func fileAndFind() {
        var index = IdentityIndex()
        var identities: [TraceBuilder.Identity] = []
        func identity(_ k: Int) -> TraceBuilder.Identity {
            TraceBuilder.Identity(
                namespace: Int32(k % 7), workload: Int32(k % 1_000), container: Int32(k % 3), pod: Int32(k))
        }
        for k in 0..<100_000 {
            #expect(index.findOrFile(identity(k), in: identities) == nil)
            identities.append(identity(k))
        }
        var found = true
        for k in stride(from: 99_999, through: 0, by: -1) where index.findOrFile(identity(k), in: identities) != k {
            found = false
        }
        #expect(found)
        // Same pod id, another container: a new series.
        let other = TraceBuilder.Identity(namespace: 0, workload: 0, container: 2, pod: 0)
        #expect(index.findOrFile(other, in: identities) == nil)
    }

    @Test("a builder gives one series per identity, whatever the order its rows come in")
    func builderSeries() {
        var builder = TraceBuilder()
        let first = builder.series(namespace: "shop", workload: "web", container: "app", pod: "web-1")
        let second = builder.series(namespace: "shop", workload: "web", container: "app", pod: "web-2")
        let sidecar = builder.series(namespace: "shop", workload: "web", container: "proxy", pod: "web-1")
        #expect([first, second, sidecar] == [0, 1, 2])
        #expect(builder.series(namespace: "shop", workload: "web", container: "app", pod: "web-2") == 1)
        #expect(builder.series(namespace: "shop", workload: "web", container: "proxy", pod: "web-1") == 2)
        // No pod: the workload's name stands for it.
        #expect(builder.series(namespace: "shop", workload: "web", container: "app", pod: nil) == 3)
        #expect(builder.series(namespace: "shop", workload: "web", container: "app", pod: "web") == 3)
    }
}

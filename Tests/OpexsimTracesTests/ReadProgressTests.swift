import Dispatch
import Foundation
import OpexsimTestSupport
import Testing

@testable import OpexsimTraces

@Suite("Progress of a reading")
struct ReadProgressTests {
    @Test("a reading tells its counters every byte and row after the header, on any number of cores")
    func countsEveryRow() throws {
        let header = "timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes\n"
        var text = header
        for row in 0..<30_000 {
            text += "\(60 * (row / 3 + 1)),ns,w\(row % 3),c,p\(row % 3),0.\(row % 10),\(1_000 + row)\n"
        }
        let path = try temporaryFile(text, name: "progress.csv")
        for parallelism in [1, 2, 3] {
            var reader = CanonicalTraceReader(parallelism: parallelism)
            let counters = ProgressCounters()
            reader.progress = counters
            let trace = try reader.read([path])
            #expect(trace.sampleCount == 30_000)
            let (bytes, rows) = counters.current
            #expect(bytes == text.utf8.count - header.utf8.count, "parallelism \(parallelism)")
            #expect(rows == 30_000, "parallelism \(parallelism)")
        }
    }

    @Test("counters added to from many threads at once lose nothing, and reset to zero")
    func concurrentAdds() {
        let counters = ProgressCounters()
        DispatchQueue.concurrentPerform(iterations: 64) { index in
            for _ in 0..<1_000 { counters.add(index, 1) }
        }
        #expect(counters.current.first == (0..<64).reduce(0, +) * 1_000)
        #expect(counters.current.second == 64_000)
        counters.reset()
        #expect(counters.current == (0, 0))
    }
}

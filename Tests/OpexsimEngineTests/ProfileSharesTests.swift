import OpexsimTraces
import Testing

@testable import OpexsimEngine

@Suite("The shared profile computed on all cores")
struct ProfileSharesTests {
    @Test("runs of series are contiguous, cover every series and hold about equal samples")
    func runs() throws {
        let trace = try sampleShopTrace()
        #expect(SeriesShares(trace, parts: 8).runs == [0..<trace.series.count])  // under 65,536 samples a run
        let shares = SeriesShares(trace, parts: 5, minimumSamples: 1)
        #expect(shares.runs.count >= 2 && shares.runs.count <= 5)
        #expect(shares.runs.first?.lowerBound == 0 && shares.runs.last?.upperBound == trace.series.count)
        for (a, b) in zip(shares.runs, shares.runs.dropFirst()) { #expect(a.upperBound == b.lowerBound && !a.isEmpty) }
        let largest = trace.series.map(\.range.count).max()!
        for run in shares.runs.dropLast() {
            let samples = run.reduce(0) { $0 + trace.series[$1].range.count }
            #expect(samples <= trace.sampleCount / 5 + largest)
        }
    }

    @Test("burst shapes fitted in parts are each container's own shape, in container order")
    func burstShapesInParts() throws {
        let trace = try sampleShopTrace()
        let whole = BurstProfile.fit(trace, pieces: 1)
        var ownShapes = 0
        for pieces in [2, 5, trace.containers.count] {
            let parted = BurstProfile.fit(trace, pieces: pieces)
            #expect(parted.shapeOf == whole.shapeOf && parted.ratios == whole.ratios, "\(pieces) pieces")
        }
        for c in trace.containers.indices {
            let expected = BurstProfile.shape(of: trace.containers[c], in: trace, points: BurstProfile.points)
            if expected != nil { ownShapes += 1 }
            #expect(Array(whole.shape(ofContainer: c)) == expected ?? BurstProfile.constantShape)
        }
        // Most containers of the sample vary enough for a shape of their own; slots are given in order.
        #expect(ownShapes >= trace.containers.count / 2)
        #expect(whole.shapeOf.filter { $0 != 0 } == (1...Int32(ownShapes)).map { $0 })
    }

    @Test("censored samples and fitted samples are the same on one core and on many")
    func sameOnAnyCores() throws {
        let trace = try sampleShopTrace()
        let one = SeriesShares(trace, parts: 1), many = SeriesShares(trace, parts: 7, minimumSamples: 1)
        let (cpu, memory) = TraceProfile.censored(trace, one)
        #expect(memory.reduce(0, +) > 0)  // the sample records OOM kills
        #expect(TraceProfile.censored(trace, many) == (cpu, memory))
        let burst = BurstProfile.fit(trace)
        let fitsOne = TraceProfile.observedFits(trace, burst, one)
        let fitsMany = TraceProfile.observedFits(trace, burst, many)
        #expect(fitsOne.rows == fitsMany.rows)
        #expect(fitsOne.rows == fitsOne.rows.sorted())
        #expect(fitsOne.stretch.map(\.bitPattern) == fitsMany.stretch.map(\.bitPattern))
        #expect(fitsOne.unserved.map(\.bitPattern) == fitsMany.unserved.map(\.bitPattern))
    }
}

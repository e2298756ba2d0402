import OpexsimPolicies
import OpexsimTraces
import Testing

@Suite("VPA percentiles from the cache")
struct VPACachedPercentileTests {
    @Test("the cached percentiles always equal the walked ones, through adds, subtractions and reference shifts")
    func sameAsWalking() {
        var random = SplitMix(state: 7)
        for options in [VPAHistogramOptions.cpu, .memory] {
            var histogram = DecayingHistogram(options: options, halfLife: 3_600_000)
            let scale = options == .cpu ? 2.0 : 2e9
            var time: TraceInstant = 0
            for step in 0..<20_000 {
                time += Int64(random.next() % 120_000)
                let value = Double(random.next() % 10_000) / 10_000 * scale
                if step % 97 == 0 {
                    histogram.subtract(value: value, weight: 1, time: time)
                } else {
                    histogram.add(value: value, weight: step % 5 == 0 ? 1 : 0.1, time: time)
                }
                let levels = (0.5, 0.9, 0.95)
                let walked = histogram.percentiles(levels)
                let cached = histogram.cachedPercentiles(levels)
                #expect(walked == cached, "step \(step): walked \(walked), cached \(cached)")
                if walked != cached { return }
            }
        }
    }

    @Test("ties at an exact threshold resolve as the walk does")
    func ties() {
        var histogram = DecayingHistogram(options: .memory)
        // Two equal peaks stamped at the same time: P50 sits exactly on the first bucket's edge.
        histogram.add(value: 100e6, weight: 1, time: 0)
        histogram.add(value: 300e6, weight: 1, time: 0)
        #expect(histogram.cachedPercentiles((0.5, 0.9, 0.95)) == histogram.percentiles((0.5, 0.9, 0.95)))
        histogram.add(value: 300e6, weight: 1, time: 0)
        #expect(histogram.cachedPercentiles((0.5, 0.9, 0.95)) == histogram.percentiles((0.5, 0.9, 0.95)))
    }
}

@Suite("VPA estimates published from remembered percentiles")
struct VPAPublishedEstimateTests {
    @Test("every published estimate equals the estimate made from scratch of its aggregate")
    func sameAsFromScratch() throws {
        // Two containers, one of them in a pod of two; a day of samples at random minutes, published
        // every tick: the remembered percentile part must never leave a stale target or bound.
        let trace = try containersTrace(["a,web,a-0", "b,app,b-0", "b,side,b-0"])
        let parameters = VPARecommenderParameters()
        let recommender = VPARecommender(trace: trace, start: 0, parameters: parameters) { _ in true }
        var random = SplitMix(state: 11)
        var time: TraceInstant = 0
        var published = 0
        for _ in 0..<3_000 {
            time += 60_000 * Int64(1 + random.next() % 3)
            for series in trace.series.indices {
                guard random.next() % 4 != 0 else { continue }
                let level = random.next() % 50 == 0 ? 4.0 : 0.2 + Double(random.next() % 100) / 200
                let memory = Double(200_000_000 + random.next() % 50_000_000)
                recommender.observe(
                    minuteEndingAt: time, series: series, container: trace.series[series].containerIndex, cpu: level,
                    memory: memory, cpuRequest: 0.5)
            }
            recommender.publish()
            for container in trace.containers.indices {
                let aggregate = recommender.checkpoint(containers: [container])[0]
                let inPod = trace.workloads[trace.containers[container].workloadIndex].containers.count
                let fresh = VPAEstimator.estimate(aggregate: aggregate, containersInPod: inPod, parameters: parameters)
                #expect(recommender.estimates[container] == fresh)
                if recommender.estimates[container] != fresh { return }
                published += fresh == nil ? 0 : 1
            }
        }
        #expect(published > 8_000)
    }
}

@Suite("VPA estimates published late")
struct VPADeferredPublishingTests {
    @Test("loops that defer publishing leave the same estimates and the same unpublished changes as loops that publish")
    func sameAsPublishingEveryLoop() throws {
        // Three containers: two fed at random minutes, one given back an empty history (changed,
        // but without samples, so a publish leaves it unpublished).
        let trace = try containersTrace(["a,web,a-0", "b,app,b-0", "c,idle,c-0"])
        let parameters = VPARecommenderParameters()
        let every = VPARecommender(trace: trace, start: 0, parameters: parameters) { _ in true }
        let late = VPARecommender(trace: trace, start: 0, parameters: parameters) { _ in true }
        var random = SplitMix(state: 5)
        var time: TraceInstant = 0
        var compared = 0, quietLoops = 0
        for loop in 0..<2_000 {
            time += 60_000
            for series in 0..<2 where random.next() % 3 == 0 {
                let cpu = 0.1 + Double(random.next() % 100) / 100
                let memory = Double(1e8 + Double(random.next() % 1000) * 1e5)
                for recommender in [every, late] {
                    recommender.observe(
                        minuteEndingAt: time, series: series, container: series, cpu: cpu, memory: memory)
                }
            }
            if loop == 1_000 {
                let empty = VPAAggregateState(parameters: parameters, creationTime: 0)
                for recommender in [every, late] { recommender.restore(containers: [2], from: [empty]) }
            }
            #expect(every.hasUnpublishedChanges == late.hasUnpublishedChanges, "before loop \(loop)")
            every.publish()
            if loop % 7 == 6 {
                late.publish()
                #expect(late.estimates == every.estimates, "loop \(loop)")
                compared += 1
            } else {
                late.deferPublishing()
            }
            #expect(every.hasUnpublishedChanges == late.hasUnpublishedChanges, "after loop \(loop)")
            quietLoops += every.hasUnpublishedChanges ? 0 : 1
            if every.hasUnpublishedChanges != late.hasUnpublishedChanges { return }
        }
        #expect(compared == 285)
        // After every loop before the empty history came back, nothing is left unpublished; from then
        // on that container always is.
        #expect(quietLoops == 1_000)
        #expect(every.hasUnpublishedChanges && every.estimates[2] == nil && every.estimates[0] != nil)
    }
}

/// A trace of one sample per container, each row "workload,container,pod" in namespace `ns`: what
/// the recommender is built over before the tests feed it samples of their own.
private func containersTrace(_ rows: [String]) throws -> Trace {
    let header = "timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes\n"
    return try CanonicalTraceReader().read(text: header + rows.map { "60,ns,\($0),0.5,1000\n" }.joined())
}

extension VPARecommender {
    /// Feeds one sample of `series` covering the minute that ends at `time`.
    fileprivate func observe(
        minuteEndingAt time: TraceInstant, series: Int, container: Int, cpu: Double, memory: Double,
        cpuRequest: Double = 0
    ) {
        let end = [time], start = [time - 60_000], cpu = [cpu], memory = [memory]
        end.withUnsafeBufferPointer { end in
            start.withUnsafeBufferPointer { start in
                cpu.withUnsafeBufferPointer { cpu in
                    memory.withUnsafeBufferPointer { memory in
                        observe(
                            ObservationBatch(
                                series: series, containerIndex: container, time: end, start: start, cpu: cpu,
                                memory: memory, cpuRequest: cpuRequest))
                    }
                }
            }
        }
    }
}

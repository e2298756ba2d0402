import OpexsimTestSupport
import OpexsimTraces
import Testing

@testable import OpexsimPolicies

private let start = TraceTime.parse("2026-01-05T00:00:00Z")!

/// An aggregate fed one CPU sample every `step` from `start` through `start + history`.
private func cpuHistory(
    _ history: Int64, step: Int64 = minute, cores: Double = 0.25,
    parameters: VPARecommenderParameters = VPARecommenderParameters()
) -> VPAAggregateState {
    var aggregate = VPAAggregateState(parameters: parameters, creationTime: start)
    var container = VPAContainerState()
    var time = start
    while time <= start + history {
        container.addCPUSample(start: time, cores: cores, into: &aggregate)
        time += step
    }
    return aggregate
}

@Suite("VPA estimator: confidence (docs/vpa.md, section 6.3)")
struct VPAConfidenceTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var label: String
        var history: Int64
        var confidence: Double
        var upper: Double
        var lower: Double
        var testDescription: String { label }
    }

    static let rows: [Row] = [
        Row(label: "5 min", history: 5 * minute, confidence: 0.0035, upper: 289, lower: 0.603),
        Row(label: "30 min", history: 30 * minute, confidence: 0.021, upper: 49, lower: 0.911),
        Row(label: "1 h", history: hour, confidence: 0.042, upper: 25, lower: 0.954),
        Row(label: "12 h", history: 12 * hour, confidence: 0.5, upper: 3.0, lower: 0.996),
        Row(label: "1 d", history: day, confidence: 1, upper: 2.0, lower: 0.998),
        Row(label: "3 d", history: 3 * day, confidence: 3, upper: 1.333, lower: 0.9993),
        Row(label: "7 d", history: 7 * day, confidence: 7, upper: 1.143, lower: 0.9997),
        Row(label: "8 d", history: 8 * day, confidence: 8, upper: 1.125, lower: 0.9998),
        Row(label: "14 d", history: 14 * day, confidence: 14, upper: 1.071, lower: 0.9999),
    ]

    @Test("the reference's table at one sample a minute", arguments: rows)
    func table(_ row: Row) {
        let aggregate = cpuHistory(row.history)
        let confidence = VPAEstimator.confidence(of: aggregate, interval: day)
        // With one sample a minute the history length binds: exactly history / 24 h.
        #expect(confidence == Double(row.history) / Double(day))
        #expect(isClose(confidence, row.confidence, absolute: 0.0005))
        let upper = VPAEstimator.boundFactor(confidence: confidence, multiplier: 1, exponent: 1)
        let lower = VPAEstimator.boundFactor(confidence: confidence, multiplier: 0.001, exponent: -2)
        #expect(isClose(upper, row.upper, absolute: 0.0005 * row.upper))
        // docs/vpa.md rounds 30 min's 0.91049 to 0.911; within 0.001 of every row.
        #expect(isClose(lower, row.lower, absolute: 0.001))
    }

    @Test("coarse samples: the sample count binds (7 days of 5-minute samples → 1.4, upper ×1.714)")
    func sampleCountTrap() {
        let aggregate = cpuHistory(7 * day, step: 5 * minute)
        #expect(aggregate.totalSamplesCount == 2017)
        let confidence = VPAEstimator.confidence(of: aggregate, interval: day)
        #expect(confidence == 2017.0 / 1440)
        #expect(
            isClose(
                VPAEstimator.boundFactor(confidence: confidence, multiplier: 1, exponent: 1), 1.714, absolute: 0.001))
    }

    @Test("no CPU history: confidence 0, upper factor ∞, lower factor 0")
    func none() {
        let aggregate = VPAAggregateState()
        #expect(VPAEstimator.confidence(of: aggregate, interval: day) == 0)
        #expect(VPAEstimator.boundFactor(confidence: 0, multiplier: 1, exponent: 1) == .infinity)
        #expect(VPAEstimator.boundFactor(confidence: 0, multiplier: 0.001, exponent: -2) == 0)
    }
}

@Suite("VPA estimator: chain (docs/vpa.md, section 6)")
struct VPAEstimatorTests {
    let parameters = VPARecommenderParameters()

    @Test("upstream defaults")
    func defaults() {
        #expect(parameters.targetCPUPercentile == 0.9 && parameters.targetMemoryPercentile == 0.9)
        #expect(parameters.lowerBoundCPUPercentile == 0.5 && parameters.lowerBoundMemoryPercentile == 0.5)
        #expect(parameters.upperBoundCPUPercentile == 0.95 && parameters.upperBoundMemoryPercentile == 0.95)
        #expect(parameters.safetyMarginFraction == 0.15)
        #expect(parameters.confidenceIntervalCPU == day && parameters.confidenceIntervalMemory == day)
        #expect(parameters.podMinCPUMillicores == 25 && parameters.podMinMemoryBytes == 262_144_000)
        #expect(parameters.memoryAggregationInterval == day && parameters.memoryAggregationIntervalCount == 8)
        #expect(parameters.cpuHistogramDecayHalfLife == day && parameters.memoryHistogramDecayHalfLife == day)
        #expect(parameters.maxResourceAmount == 100_000_000_000_000)
        #expect(parameters.cpuWeighting == .constant && parameters.minSampleWeight == 0.1)
        #expect(parameters.recommenderInterval == minute)
        #expect(parameters.roundCPUMillicores == 1 && parameters.roundMemoryBytes == 1)
    }

    @Test("no recommendation without samples")
    func empty() {
        #expect(
            VPAEstimator.estimate(aggregate: VPAAggregateState(), containersInPod: 1, parameters: parameters) == nil)
    }

    @Test(
        "the pod minimum is split across containers, truncated (docs/vpa.md, section 6.4)",
        arguments: [(1, Int64(25), Int64(262_144_000)), (2, 12, 131_072_000), (3, 8, 87_381_333)])
    func minimumSplit(containers: Int, cpu: Int64, memory: Int64) {
        let minimum = VPAEstimator.minimumPerContainer(containersInPod: containers, parameters: parameters)
        #expect(minimum.cpuMillicores == cpu)
        #expect(minimum.memoryBytes == memory)
        // A tiny workload reports bucket 0's end, 10m and 1e7 B: with margin 11m / 11.5e6 B, the lower
        // bound 10m (× 0.9997), the upper 12m (× 8/7). Each is lifted to the floor where below it.
        var aggregate = cpuHistory(7 * day, cores: 0.001)
        var container = VPAContainerState()
        container.addMemorySample(start: start, bytes: 1e6, into: &aggregate)
        let estimate = VPAEstimator.estimate(aggregate: aggregate, containersInPod: containers, parameters: parameters)
        #expect(estimate?.target == VPAEstimate.Amounts(cpuMillicores: max(11, cpu), memoryBytes: memory))
        #expect(estimate?.lowerBound == VPAEstimate.Amounts(cpuMillicores: max(10, cpu), memoryBytes: memory))
        #expect(estimate?.upperBound == VPAEstimate.Amounts(cpuMillicores: max(12, cpu), memoryBytes: memory))
    }

    @Test("the split is a float scaling by 1/N then truncation, as upstream, not integer division")
    func minimumSplitIsFloat() {
        var custom = parameters
        custom.podMinCPUMillicores = 98
        // 98 × (1/49) = 1.9999999999999998 → 1, where 98 / 49 would give 2.
        #expect(VPAEstimator.minimumPerContainer(containersInPod: 49, parameters: custom).cpuMillicores == 1)
        #expect(VPAEstimator.minimumPerContainer(containersInPod: 7, parameters: custom).cpuMillicores == 14)
    }

    /// The workload of docs/vpa.md, section 6.5: 7 days of one-minute CPU samples, spread so the decayed P50 lies in bucket 12
    /// (0.17 cores), P90 in bucket 16 (0.25) and P95 in bucket 18 (0.30); daily memory peaks of 40
    /// replicas: 22 at 128 MiB, 15 at 256 MiB (bucket 17), 3 at 290 MB (bucket 18).
    static func referenceWorkload() -> VPAAggregateState {
        var aggregate = VPAAggregateState(creationTime: start)
        var cpu = VPAContainerState()
        for i in 0...(7 * 1440) {
            let slot = (i * 37) % 100
            let cores = slot < 55 ? 0.17 : slot < 92 ? 0.25 : slot < 97 ? 0.30 : 0.50
            cpu.addCPUSample(start: start + Int64(i) * minute, cores: cores, request: 0.5, into: &aggregate)
        }
        var replicas = [VPAContainerState](repeating: VPAContainerState(), count: 40)
        for dayIndex in 0...7 {
            for replica in replicas.indices {
                let bytes =
                    replica < 22 ? Double(128 * Int64(mebibyte)) : replica < 37 ? Double(256 * Int64(mebibyte)) : 290e6
                replicas[replica].addMemorySample(start: start + Int64(dayIndex) * day, bytes: bytes, into: &aggregate)
            }
        }
        return aggregate
    }

    @Test(
        "the end-to-end example (docs/vpa.md, section 6.5): 296m / 202m / 400m and 323,522,422 / 262,144,000 / 401,369,764 B"
    )
    func endToEnd() throws {
        let aggregate = Self.referenceWorkload()
        let cpuOptions = VPAHistogramOptions.cpu, memoryOptions = VPAHistogramOptions.memory
        #expect(aggregate.cpuUsage.percentile(0.5) == cpuOptions.bucketEnd(12))
        #expect(aggregate.cpuUsage.percentile(0.9) == cpuOptions.bucketEnd(16))
        #expect(aggregate.cpuUsage.percentile(0.95) == cpuOptions.bucketEnd(18))
        #expect(aggregate.memoryPeaks.percentile(0.5) == memoryOptions.bucketEnd(10))
        #expect(aggregate.memoryPeaks.percentile(0.9) == memoryOptions.bucketEnd(17))
        #expect(aggregate.memoryPeaks.percentile(0.95) == memoryOptions.bucketEnd(18))

        let estimate = try #require(
            VPAEstimator.estimate(aggregate: aggregate, containersInPod: 1, parameters: parameters))
        #expect(estimate.cpuConfidence == 7)
        #expect(estimate.memoryConfidence == 7)
        // CPU: 258 + 38 = 296; (305 + 45) × 8/7 = 400; (177 + 26) × 0.99971 = 202.9 → 202.
        #expect(estimate.target.cpuMillicores == 296)
        #expect(estimate.upperBound.cpuMillicores == 400)
        #expect(estimate.lowerBound.cpuMillicores == 202)
        #expect(estimate.target.cpuCores == 0.296)
        // Memory: 281,323,846 + 42,198,576; (305,390,039 + 45,808,505) × 8/7; the low P50 lifted to the floor.
        #expect(estimate.target.memoryBytes == 323_522_422)
        #expect(estimate.upperBound.memoryBytes == 401_369_764)
        #expect(estimate.lowerBound.memoryBytes == 262_144_000)
        #expect(estimate.target.resourceAmounts == ResourceAmounts(cpuCores: 0.296, memoryBytes: 323_522_422))
    }

    @Test("rounding up to --round-cpu-millicores and --round-memory-bytes comes last")
    func rounding() throws {
        var rounded = parameters
        rounded.roundCPUMillicores = 50
        rounded.roundMemoryBytes = Int64(mebibyte)
        let estimate = try #require(
            VPAEstimator.estimate(aggregate: Self.referenceWorkload(), containersInPod: 1, parameters: rounded))
        #expect(estimate.target.cpuMillicores == 300)
        #expect(estimate.upperBound.cpuMillicores == 400)
        #expect(estimate.lowerBound.cpuMillicores == 250)
        #expect(estimate.target.memoryBytes == 309 * Int64(mebibyte))  // 308.5 MiB
        #expect(estimate.lowerBound.memoryBytes == 250 * Int64(mebibyte))  // the floor is already a multiple
        #expect(VPAResourceAmount.roundUp(0, toMultipleOf: 50) == 0)
        #expect(VPAResourceAmount.roundUp(296, toMultipleOf: 1) == 296)
    }

    @Test(
        "with one CPU sample: confidence 0, so 1e14 upper bounds (the \"100G CPU / 100T memory\") and floor lower bounds"
    )
    func noConfidence() throws {
        var aggregate = VPAAggregateState()
        var container = VPAContainerState()
        container.addCPUSample(start: start, cores: 0.25, into: &aggregate)
        container.addMemorySample(start: start, bytes: Double(256 * Int64(mebibyte)), into: &aggregate)
        let estimate = try #require(
            VPAEstimator.estimate(aggregate: aggregate, containersInPod: 1, parameters: parameters))
        #expect(estimate.cpuConfidence == 0)
        #expect(estimate.target.cpuMillicores == 296)
        #expect(estimate.target.memoryBytes == 323_522_422)
        #expect(estimate.upperBound.cpuMillicores == 100_000_000_000_000)
        #expect(estimate.upperBound.memoryBytes == 100_000_000_000_000)
        #expect(estimate.lowerBound.cpuMillicores == 25)
        #expect(estimate.lowerBound.memoryBytes == 262_144_000)
    }

    @Test("memory samples without CPU samples: CPU at the floor (0 × ∞ is NaN, read as 0), memory upper bound 1e14")
    func memoryOnly() throws {
        var aggregate = VPAAggregateState()
        var container = VPAContainerState()
        container.addMemorySample(start: start, bytes: Double(256 * Int64(mebibyte)), into: &aggregate)
        let estimate = try #require(
            VPAEstimator.estimate(aggregate: aggregate, containersInPod: 2, parameters: parameters))
        #expect(estimate.target.cpuMillicores == 12)
        #expect(estimate.upperBound.cpuMillicores == 12)
        #expect(estimate.lowerBound.cpuMillicores == 12)
        #expect(estimate.upperBound.memoryBytes == 100_000_000_000_000)
        #expect(estimate.lowerBound.memoryBytes == 131_072_000)
    }

    @Test("margin and scaling truncate at each step")
    func truncation() {
        #expect(VPAResourceAmount.scale(258, by: 0.15, maximum: .max) == 38)
        #expect(VPAResourceAmount.scale(281_323_846, by: 0.15, maximum: .max) == 42_198_576)
        #expect(
            VPAResourceAmount.scale(
                203, by: VPAEstimator.boundFactor(confidence: 7, multiplier: 0.001, exponent: -2),
                maximum: .max) == 202)
        #expect(VPAResourceAmount.fromFloat(.infinity, maximum: 100_000_000_000_000) == 100_000_000_000_000)
        #expect(VPAResourceAmount.fromFloat(.nan, maximum: 100_000_000_000_000) == 0)
        #expect(VPAResourceAmount.fromFloat(-5, maximum: 100_000_000_000_000) == 0)
        #expect(VPAResourceAmount.fromFloat(0.999, maximum: 100_000_000_000_000) == 0)
    }
}

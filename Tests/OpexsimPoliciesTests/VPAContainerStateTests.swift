import OpexsimTestSupport
import OpexsimTraces
import Testing

@testable import OpexsimPolicies

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Day 1 of the timeline of docs/vpa.md, section 5, at midnight UTC.
private let dayOne = TraceTime.parse("2026-01-05T00:00:00Z")!

private func memoryBucket(_ bytes: Int64) -> Int {
    VPAHistogramOptions.memory.bucketIndex(of: Double(bytes))
}

@Suite("VPA CPU samples (docs/vpa.md, section 4)")
struct VPACPUSampleTests {
    @Test("a sample must start strictly after the container's previous CPU sample")
    func deduplication() {
        var aggregate = VPAAggregateState()
        var container = VPAContainerState()
        #expect(container.addCPUSample(start: dayOne + minute, cores: 0.25, into: &aggregate))
        #expect(!container.addCPUSample(start: dayOne + minute, cores: 0.5, into: &aggregate))
        #expect(!container.addCPUSample(start: dayOne, cores: 0.5, into: &aggregate))
        #expect(container.addCPUSample(start: dayOne + 2 * minute, cores: 0.25, into: &aggregate))
        #expect(aggregate.totalSamplesCount == 2)
        #expect(container.lastCPUSampleStart == dayOne + 2 * minute)
        #expect(aggregate.cpuUsage.percentile(1) == VPAHistogramOptions.cpu.bucketEnd(16))
        // Negative and NaN usage is invalid and discarded.
        #expect(!container.addCPUSample(start: dayOne + 3 * minute, cores: -0.1, into: &aggregate))
        #expect(!container.addCPUSample(start: dayOne + 3 * minute, cores: .nan, into: &aggregate))
        #expect(aggregate.totalSamplesCount == 2)
    }

    @Test("replicas deduplicate separately and share the aggregate's first/last start and count")
    func replicas() {
        var aggregate = VPAAggregateState()
        var first = VPAContainerState(), second = VPAContainerState()
        #expect(first.addCPUSample(start: dayOne + 5 * minute, cores: 0.1, into: &aggregate))
        #expect(second.addCPUSample(start: dayOne + 2 * minute, cores: 0.1, into: &aggregate))
        #expect(second.addCPUSample(start: dayOne + 5 * minute, cores: 0.1, into: &aggregate))
        #expect(aggregate.firstSampleStart == dayOne + 2 * minute)
        #expect(aggregate.lastSampleStart == dayOne + 5 * minute)
        #expect(aggregate.totalSamplesCount == 3)
    }

    @Test("each sample weighs minSampleWeight 0.1 before decay")
    func constantWeight() {
        var aggregate = VPAAggregateState()
        var container = VPAContainerState()
        container.addCPUSample(start: dayOne, cores: 0.25, request: 4, into: &aggregate)
        #expect(aggregate.cpuUsage.referenceTimestamp == dayOne)
        #expect(aggregate.cpuUsage.weight(inBucket: 16) == 0.1)
    }

    @Test("usage is read as metrics-server's quantity: rounded up to whole millicores")
    func millicores() {
        #expect(VPAResourceAmount.millicores(fromCores: 0.25) == 250)
        #expect(VPAResourceAmount.millicores(fromCores: 0.2504) == 251)
        #expect(VPAResourceAmount.millicores(fromCores: 0.07) == 70)  // 0.07 × 1000 is 70.00000000000001
        #expect(VPAResourceAmount.millicores(fromCores: 0.000_000_001) == 1)
        #expect(VPAResourceAmount.millicores(fromCores: 0) == 0)
        #expect(VPAResourceAmount.millicores(fromCores: -1) == nil)
        #expect(VPAResourceAmount.bytes(from: 1.5) == 2)
        #expect(VPAResourceAmount.bytes(from: 300 * 1_048_576) == 314_572_800)
    }

    @Test("memory samples do not count towards the CPU sample span or count")
    func memoryDoesNotCount() {
        var aggregate = VPAAggregateState()
        var container = VPAContainerState()
        container.addMemorySample(start: dayOne, bytes: 1e8, into: &aggregate)
        #expect(aggregate.totalSamplesCount == 0)
        #expect(aggregate.firstSampleStart == nil)
        #expect(aggregate.hasSamples)
    }

    @Test("legacy request weighting equals constant weighting while the request stays put, and differs when it changes")
    func requestWeighting() {
        var parameters = VPARecommenderParameters()
        parameters.cpuWeighting = .request
        var legacy = VPAAggregateState(parameters: parameters)
        var current = VPAAggregateState()
        var legacyContainer = VPAContainerState(), currentContainer = VPAContainerState()
        for i in 0..<100 {
            let cores = i % 3 == 0 ? 1.0 : 0.10
            legacyContainer.addCPUSample(start: dayOne + Int64(i) * minute, cores: cores, request: 0.5, into: &legacy)
            currentContainer.addCPUSample(start: dayOne + Int64(i) * minute, cores: cores, request: 0.5, into: &current)
        }
        for p in stride(from: 0.0, through: 1.0, by: 0.05) {
            #expect(legacy.cpuUsage.percentile(p) == current.cpuUsage.percentile(p))
        }
        #expect(isClose(legacy.cpuUsage.totalWeight, 5 * current.cpuUsage.totalWeight, relative: 1e-12))

        // Starved at a 0.2-core request, then the request is raised to 2 cores and usage drops.
        var legacyChange = VPAAggregateState(parameters: parameters)
        var currentChange = VPAAggregateState()
        legacyContainer = VPAContainerState()
        currentContainer = VPAContainerState()
        for i in 0..<100 {
            let (cores, request) = i < 60 ? (1.0, 0.2) : (0.10, 2.0)
            legacyContainer.addCPUSample(
                start: dayOne + Int64(i) * minute, cores: cores, request: request, into: &legacyChange)
            currentContainer.addCPUSample(
                start: dayOne + Int64(i) * minute, cores: cores, request: request, into: &currentChange)
        }
        // Constant: 60% of the weight at 1 core. Legacy: 60 × 0.2 against 40 × 2, so 87% at 0.1 core.
        #expect(currentChange.cpuUsage.percentile(0.5) == VPAHistogramOptions.cpu.bucketEnd(36))
        #expect(legacyChange.cpuUsage.percentile(0.5) == VPAHistogramOptions.cpu.bucketEnd(8))
        #expect(legacyChange.cpuUsage.percentile(0.9) == VPAHistogramOptions.cpu.bucketEnd(36))
        // No request counts as 0 cores: the 0.1 floor.
        #expect(VPARecommenderParameters.CPUWeighting.request.weight(requestMillicores: 0, minSampleWeight: 0.1) == 0.1)
        #expect(
            VPARecommenderParameters.CPUWeighting.request.weight(requestMillicores: 50, minSampleWeight: 0.1) == 0.1)
        #expect(
            VPARecommenderParameters.CPUWeighting.request.weight(requestMillicores: 1500, minSampleWeight: 0.1) == 1.5)
        #expect(
            VPARecommenderParameters.CPUWeighting.constant.weight(requestMillicores: 1500, minSampleWeight: 0.1) == 0.1)
    }
}

@Suite("VPA memory peaks (docs/vpa.md, section 5)")
struct VPAMemoryPeakTests {
    @Test("the reference timeline: 300, 420, 380 MiB on day 1, 200 MiB at 09:00 day 2, a new interval at 10:30")
    func timeline() {
        var aggregate = VPAAggregateState()
        var container = VPAContainerState()
        let interval = exp2(10.0 / 24)  // weight of a peak stamped day 2 10:00, reference day 2 00:00

        // 10:00 day 1, 300 MiB: opens the interval ending day 2 10:00, stamped there.
        #expect(
            container.addMemorySample(start: dayOne + 10 * hour, bytes: Double(300 * Int64(mebibyte)), into: &aggregate)
        )
        #expect(container.windowEnd == dayOne + day + 10 * hour)
        #expect(container.memoryPeak == 300 * Int64(mebibyte))
        #expect(aggregate.memoryPeaks.referenceTimestamp == dayOne + day)
        #expect(
            isClose(
                aggregate.memoryPeaks.weight(inBucket: memoryBucket(300 * Int64(mebibyte))), interval, relative: 1e-12))
        #expect(isClose(aggregate.memoryPeaks.totalWeight, interval, relative: 1e-12))
        #expect(
            aggregate.memoryPeaks.percentile(0.5)
                == VPAHistogramOptions.memory.bucketEnd(memoryBucket(300 * Int64(mebibyte))))

        // 15:00, 420 MiB: 300 is swapped for 420.
        #expect(
            container.addMemorySample(start: dayOne + 15 * hour, bytes: Double(420 * Int64(mebibyte)), into: &aggregate)
        )
        #expect(container.memoryPeak == 420 * Int64(mebibyte))
        #expect(aggregate.memoryPeaks.weight(inBucket: memoryBucket(300 * Int64(mebibyte))) == 0)
        #expect(
            isClose(
                aggregate.memoryPeaks.weight(inBucket: memoryBucket(420 * Int64(mebibyte))), interval, relative: 1e-12))
        #expect(isClose(aggregate.memoryPeaks.totalWeight, interval, relative: 1e-12))
        #expect(
            aggregate.memoryPeaks.percentile(0)
                == VPAHistogramOptions.memory.bucketEnd(memoryBucket(420 * Int64(mebibyte))))
        let afterPeak = aggregate

        // 23:00, 380 MiB: below the peak, ignored.
        #expect(
            container.addMemorySample(start: dayOne + 23 * hour, bytes: Double(380 * Int64(mebibyte)), into: &aggregate)
        )
        #expect(aggregate == afterPeak)
        #expect(container.memoryPeak == 420 * Int64(mebibyte))

        // 09:00 day 2, 200 MiB: still before the interval's end, and smaller; ignored.
        #expect(
            container.addMemorySample(
                start: dayOne + day + 9 * hour, bytes: Double(200 * Int64(mebibyte)), into: &aggregate))
        #expect(aggregate == afterPeak)
        #expect(container.windowEnd == dayOne + day + 10 * hour)
        #expect(container.lastMemorySampleStart == dayOne + day + 9 * hour)

        // 10:30 day 2, 250 MiB: closes the interval; a new peak stamped day 3 10:00, weighing twice as much.
        #expect(
            container.addMemorySample(
                start: dayOne + day + 10 * hour + 30 * minute, bytes: Double(250 * Int64(mebibyte)), into: &aggregate))
        #expect(container.windowEnd == dayOne + 2 * day + 10 * hour)
        #expect(container.memoryPeak == 250 * Int64(mebibyte))
        let newPeak = aggregate.memoryPeaks.weight(inBucket: memoryBucket(250 * Int64(mebibyte)))
        #expect(isClose(newPeak, exp2(34.0 / 24), relative: 1e-12))
        #expect(
            isClose(
                newPeak / aggregate.memoryPeaks.weight(inBucket: memoryBucket(420 * Int64(mebibyte))), 2,
                relative: 1e-12))
        #expect(isClose(aggregate.memoryPeaks.totalWeight, 3 * interval, relative: 1e-12))
        #expect(
            aggregate.memoryPeaks.percentile(0.5)
                == VPAHistogramOptions.memory.bucketEnd(memoryBucket(250 * Int64(mebibyte))))
        #expect(
            aggregate.memoryPeaks.percentile(0.9)
                == VPAHistogramOptions.memory.bucketEnd(memoryBucket(420 * Int64(mebibyte))))
    }

    @Test("intervals stay anchored to the first sample across gaps: shift = truncate(t − end, interval) + interval")
    func anchoring() {
        var aggregate = VPAAggregateState()
        var container = VPAContainerState()
        container.addMemorySample(start: dayOne + 10 * hour, bytes: 1e8, into: &aggregate)
        #expect(container.windowEnd == dayOne + day + 10 * hour)
        // Exactly at the end: a new interval.
        container.addMemorySample(start: dayOne + day + 10 * hour, bytes: 1e8, into: &aggregate)
        #expect(container.windowEnd == dayOne + 2 * day + 10 * hour)
        // 2 d 2 h past the end: moved by 3 intervals.
        container.addMemorySample(start: dayOne + 4 * day + 12 * hour, bytes: 1e8, into: &aggregate)
        #expect(container.windowEnd == dayOne + 5 * day + 10 * hour)
        // Three peaks of weight 1 stamped at days 2, 3 and 6, 10:00.
        let expected = exp2(34.0 / 24 - 1) + exp2(58.0 / 24 - 1) + exp2(130.0 / 24 - 1)
        #expect(aggregate.memoryPeaks.referenceTimestamp == dayOne + day)
        #expect(isClose(aggregate.memoryPeaks.totalWeight, expected, relative: 1e-12))
    }

    @Test("a non-OOM sample older than the previous memory sample is discarded; equal times are kept")
    func ordering() {
        var aggregate = VPAAggregateState()
        var container = VPAContainerState()
        container.addMemorySample(start: dayOne + hour, bytes: 1e8, into: &aggregate)
        let before = (aggregate, container)
        #expect(!container.addMemorySample(start: dayOne, bytes: 5e8, into: &aggregate))
        #expect(aggregate == before.0 && container == before.1)
        #expect(container.addMemorySample(start: dayOne + hour, bytes: 2e8, into: &aggregate))
        #expect(container.memoryPeak == 200_000_000)
        #expect(!container.addMemorySample(start: dayOne + 2 * hour, bytes: -1, into: &aggregate))
    }

    @Test("upstream quirk: after a zero-byte first sample of an interval, larger samples in it are ignored")
    func zeroPeak() {
        var aggregate = VPAAggregateState()
        var container = VPAContainerState()
        container.addMemorySample(start: dayOne, bytes: 0, into: &aggregate)
        container.addMemorySample(start: dayOne + hour, bytes: 5e8, into: &aggregate)
        #expect(container.memoryPeak == 0)
        #expect(aggregate.memoryPeaks.percentile(1) == VPAHistogramOptions.memory.bucketEnd(0))
    }

    @Test("all replicas' peaks go into one histogram")
    func replicas() {
        var aggregate = VPAAggregateState()
        var containers = [VPAContainerState](repeating: VPAContainerState(), count: 4)
        for index in containers.indices {
            containers[index].addMemorySample(
                start: dayOne, bytes: Double(Int64(100 + 100 * index) * Int64(mebibyte)), into: &aggregate)
        }
        #expect(isClose(aggregate.memoryPeaks.totalWeight, 4 * exp2(0), relative: 1e-12))
        #expect(
            aggregate.memoryPeaks.percentile(0.5)
                == VPAHistogramOptions.memory.bucketEnd(memoryBucket(200 * Int64(mebibyte))))
    }

    @Test("an aggregate expires after 8 days without CPU samples, or 8 days after creation without any")
    func expiry() {
        var aggregate = VPAAggregateState(creationTime: dayOne)
        #expect(!aggregate.isExpired(at: dayOne + 8 * day - 1))
        #expect(aggregate.isExpired(at: dayOne + 8 * day))
        var container = VPAContainerState()
        container.addCPUSample(start: dayOne + 3 * day, cores: 0.1, into: &aggregate)
        #expect(!aggregate.isExpired(at: dayOne + 8 * day))
        #expect(aggregate.isExpired(at: dayOne + 11 * day))
    }
}

@Suite("VPA OOM bump (docs/vpa.md, section 7)")
struct VPAOOMTests {
    let parameters = VPARecommenderParameters()

    @Test("max(used + 100 MiB, used × 1.2) with used = max(request, peak)")
    func bump() {
        #expect(
            VPAOOMBump.memoryNeeded(request: 256 * Int64(mebibyte), peak: 200 * Int64(mebibyte), parameters: parameters)
                == 356 * Int64(mebibyte))
        // 1 GiB × 1.2 = 1228.8 MiB, truncated to a byte.
        #expect(
            VPAOOMBump.memoryNeeded(request: 1024 * Int64(mebibyte), peak: 0, parameters: parameters) == 1_288_490_188)
        // The peak wins over a smaller request.
        #expect(
            VPAOOMBump.memoryNeeded(request: 100 * Int64(mebibyte), peak: 300 * Int64(mebibyte), parameters: parameters)
                == 400 * Int64(mebibyte))
        // The terms cross at 500 MiB.
        #expect(
            VPAOOMBump.memoryNeeded(request: 500 * Int64(mebibyte), peak: 0, parameters: parameters) == 600
                * Int64(mebibyte))
        #expect(
            VPAOOMBump.memoryNeeded(request: 499 * Int64(mebibyte), peak: 0, parameters: parameters) == 599
                * Int64(mebibyte))
        #expect(
            VPAOOMBump.memoryNeeded(request: 501 * Int64(mebibyte), peak: 0, parameters: parameters)
                == Int64(Double(501 * Int64(mebibyte)) * 1.2))
        #expect(parameters.oomBumpUpRatio == 1.2)
        #expect(parameters.oomMinBumpUpBytes == 104_857_600)
    }

    @Test("an OOM becomes the interval's oomPeak and replaces a smaller peak in the histogram")
    func recordOOM() {
        var aggregate = VPAAggregateState()
        var container = VPAContainerState()
        container.addMemorySample(start: dayOne + 10 * hour, bytes: Double(200 * Int64(mebibyte)), into: &aggregate)
        #expect(
            container.recordOOM(
                time: dayOne + 11 * hour, memoryRequest: Double(256 * Int64(mebibyte)), into: &aggregate))
        #expect(container.oomPeak == 356 * Int64(mebibyte))
        #expect(container.memoryPeak == 200 * Int64(mebibyte))
        #expect(container.maxMemoryPeak == 356 * Int64(mebibyte))
        #expect(aggregate.memoryPeaks.weight(inBucket: memoryBucket(200 * Int64(mebibyte))) == 0)
        #expect(
            aggregate.memoryPeaks.percentile(0.5)
                == VPAHistogramOptions.memory.bucketEnd(memoryBucket(356 * Int64(mebibyte))))
        #expect(isClose(aggregate.memoryPeaks.totalWeight, exp2(10.0 / 24), relative: 1e-12))

        // A second OOM starts again from the request and the usage peak, not the earlier OOM's peak:
        // 356 MiB again, not larger, so nothing changes.
        let before = aggregate
        #expect(
            container.recordOOM(
                time: dayOne + 12 * hour, memoryRequest: Double(256 * Int64(mebibyte)), into: &aggregate))
        #expect(container.oomPeak == 356 * Int64(mebibyte))
        #expect(aggregate == before)

        // After the request was raised to 512 MiB: 614.4 MiB replaces 356 MiB.
        #expect(
            container.recordOOM(
                time: dayOne + 13 * hour, memoryRequest: Double(512 * Int64(mebibyte)), into: &aggregate))
        #expect(container.oomPeak == Int64(Double(512 * Int64(mebibyte)) * 1.2))
        #expect(aggregate.memoryPeaks.weight(inBucket: memoryBucket(356 * Int64(mebibyte))) == 0)
    }

    @Test("an OOM before any memory sample opens an interval like a first sample")
    func firstOOM() {
        var aggregate = VPAAggregateState()
        var container = VPAContainerState()
        #expect(container.recordOOM(time: dayOne, memoryRequest: Double(256 * Int64(mebibyte)), into: &aggregate))
        #expect(container.windowEnd == dayOne + day)
        #expect(container.oomPeak == 356 * Int64(mebibyte))
        #expect(container.memoryPeak == 0)
        // A later, smaller usage sample in the interval does not replace it.
        container.addMemorySample(start: dayOne + hour, bytes: Double(300 * Int64(mebibyte)), into: &aggregate)
        #expect(container.memoryPeak == 0)
        #expect(
            aggregate.memoryPeaks.percentile(1)
                == VPAHistogramOptions.memory.bucketEnd(memoryBucket(356 * Int64(mebibyte))))
    }

    @Test("an OOM older than the last memory sample minus one interval is discarded (#8548)")
    func staleOOM() {
        var aggregate = VPAAggregateState()
        var container = VPAContainerState()
        container.addMemorySample(start: dayOne + 3 * day, bytes: Double(200 * Int64(mebibyte)), into: &aggregate)
        let before = (aggregate, container)
        #expect(
            !container.recordOOM(
                time: dayOne + 2 * day - 1, memoryRequest: Double(256 * Int64(mebibyte)), into: &aggregate))
        #expect(aggregate == before.0 && container == before.1)
        // Exactly one interval before is still accepted, and (as upstream) moves the last sample time back.
        #expect(
            container.recordOOM(time: dayOne + 2 * day, memoryRequest: Double(256 * Int64(mebibyte)), into: &aggregate))
        #expect(container.lastMemorySampleStart == dayOne + 2 * day)
        #expect(container.oomPeak == 356 * Int64(mebibyte))
    }

    @Test("an OOM at or after the interval's end starts a new interval")
    func oomInNewInterval() {
        var aggregate = VPAAggregateState()
        var container = VPAContainerState()
        container.addMemorySample(start: dayOne, bytes: Double(600 * Int64(mebibyte)), into: &aggregate)
        #expect(
            container.recordOOM(
                time: dayOne + day + hour, memoryRequest: Double(256 * Int64(mebibyte)), into: &aggregate))
        // used = max(request 256 MiB, peak 600 MiB) = 600 → 720 MiB, in a fresh interval.
        #expect(container.windowEnd == dayOne + 2 * day)
        #expect(container.oomPeak == 720 * Int64(mebibyte))
        #expect(container.memoryPeak == 0)
        #expect(aggregate.memoryPeaks.weight(inBucket: memoryBucket(600 * Int64(mebibyte))) > 0)
    }
}

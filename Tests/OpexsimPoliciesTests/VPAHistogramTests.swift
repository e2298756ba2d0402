import OpexsimTestSupport
import OpexsimTraces
import Testing

@testable import OpexsimPolicies

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// 2026-01-05T00:00:00Z, a midnight, so a multiple of 24 h from Go's zero time.
private let monday = TraceTime.parse("2026-01-05T00:00:00Z")!

@Suite("VPA histogram buckets (docs/vpa.md, section 1)")
struct VPAHistogramBucketTests {
    @Test("options made apart from the same four numbers are equal and bucket alike; others are not equal")
    func sharedLayoutEquality() {
        let again = VPAHistogramOptions(maxValue: 1000.0, firstBucketSize: 0.01, ratio: 1.05, epsilon: 1e-4)
        #expect(again == .cpu && again != .memory)
        #expect(again != VPAHistogramOptions(maxValue: 1000.0, firstBucketSize: 0.01, ratio: 1.05, epsilon: 1e-3))
        for value in [0.0, 0.009, 0.01, 0.5, 3.7, 999.0, 1e6] {
            #expect(again.bucketIndex(of: value) == VPAHistogramOptions.cpu.bucketIndex(of: value))
        }
        // Histograms compare their options by value, however they were made.
        #expect(VPABucketWeights(options: again) == VPABucketWeights(options: .cpu))
    }

    @Test("176 buckets for CPU and memory, epsilon 1e-4, growth 5%")
    func shape() {
        for options in [VPAHistogramOptions.cpu, .memory] {
            #expect(options.numberOfBuckets == 176)
            #expect(options.epsilon == 1e-4)
            #expect(options.ratio == 1.05)
            for bucket in 2..<options.numberOfBuckets - 1 {
                let width = options.bucketEnd(bucket) - options.bucketStart(bucket)
                let previous = options.bucketEnd(bucket - 1) - options.bucketStart(bucket - 1)
                #expect(isClose(width / previous, 1.05, relative: 1e-9))
            }
        }
        #expect(VPAHistogramOptions.cpu.firstBucketSize == 0.01)
        #expect(VPAHistogramOptions.cpu.maxValue == 1000)
        #expect(VPAHistogramOptions.memory.firstBucketSize == 1e7)
        #expect(VPAHistogramOptions.memory.maxValue == 1e12)
        // Start of the last bucket ≈ 1021.1 cores / 1.0211e12 bytes, just above the maximum.
        #expect(isClose(VPAHistogramOptions.cpu.bucketStart(175), 1021.1, relative: 1e-4))
        #expect(isClose(VPAHistogramOptions.memory.bucketStart(175), 1.0211e12, relative: 1e-4))
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var label: String
        var options: VPAHistogramOptions
        var value: Double
        var bucket: Int
        var start: Double
        var end: Double
        var testDescription: String { label }
    }

    static let rows: [Row] = [
        Row(label: "0.005 cores", options: .cpu, value: 0.005, bucket: 0, start: 0, end: 0.0100),
        Row(label: "0.10 cores", options: .cpu, value: 0.10, bucket: 8, start: 0.09549, end: 0.11027),
        Row(label: "0.25 cores", options: .cpu, value: 0.25, bucket: 16, start: 0.23657, end: 0.25840),
        Row(label: "1.0 core", options: .cpu, value: 1.0, bucket: 36, start: 0.95836, end: 1.01628),
        Row(label: "4.0 cores", options: .cpu, value: 4.0, bucket: 62, start: 3.91876, end: 4.12470),
        Row(
            label: "128 MiB", options: .memory, value: 128 * mebibyte, bucket: 10, start: 119.95 * mebibyte,
            end: 135.49 * mebibyte),
        Row(
            label: "256 MiB", options: .memory, value: 256 * mebibyte, bucket: 17, start: 246.43 * mebibyte,
            end: 268.29 * mebibyte),
        Row(
            label: "1 GiB", options: .memory, value: 1024 * mebibyte, bucket: 37, start: 969.2 * mebibyte,
            end: 1027.2 * mebibyte),
    ]

    @Test("the reference's worked bucket table", arguments: rows)
    func table(_ row: Row) {
        #expect(row.options.bucketIndex(of: row.value) == row.bucket)
        let start = row.options.bucketStart(row.bucket), end = row.options.bucketEnd(row.bucket)
        #expect(row.start == 0 ? start == 0 : isClose(start, row.start, relative: 1e-4))
        #expect(isClose(end, row.end, relative: 1e-4))
        #expect(start <= row.value && row.value < end)
    }

    @Test("bucket ends in the recommender's units, truncated: 258m and 281,323,846 B")
    func truncatedEnds() {
        #expect(
            VPAResourceAmount.fromFloat(VPAHistogramOptions.cpu.bucketEnd(16) * 1000, maximum: 100_000_000_000_000)
                == 258)
        #expect(
            VPAResourceAmount.fromFloat(VPAHistogramOptions.memory.bucketEnd(17), maximum: 100_000_000_000_000)
                == 281_323_846)
        #expect(
            VPAResourceAmount.fromFloat(VPAHistogramOptions.memory.bucketEnd(18), maximum: 100_000_000_000_000)
                == 305_390_039)
        #expect(
            VPAResourceAmount.fromFloat(VPAHistogramOptions.cpu.bucketEnd(18) * 1000, maximum: 100_000_000_000_000)
                == 305)
        #expect(
            VPAResourceAmount.fromFloat(VPAHistogramOptions.cpu.bucketEnd(12) * 1000, maximum: 100_000_000_000_000)
                == 177)
    }

    @Test(
        "below the first bucket size is bucket 0; the first bucket size starts bucket 1; large values cap at the last")
    func edges() {
        let cpu = VPAHistogramOptions.cpu
        #expect(cpu.bucketIndex(of: 0) == 0)
        #expect(cpu.bucketIndex(of: -1) == 0)
        #expect(cpu.bucketIndex(of: 0.0099) == 0)
        #expect(cpu.bucketIndex(of: 0.01) == 1)
        #expect(cpu.bucketStart(1) == cpu.bucketEnd(0))
        #expect(cpu.bucketIndex(of: 1021) == 174)
        #expect(cpu.bucketIndex(of: 1022) == 175)
        #expect(cpu.bucketIndex(of: 1e9) == 175)
        #expect(VPAHistogramOptions.memory.bucketIndex(of: 1e15) == 175)
        // The open-ended last bucket reports its own start.
        #expect(cpu.bucketEnd(175) == cpu.bucketStart(175))
        // Just above each bucket's start lies that bucket.
        for bucket in 1..<cpu.numberOfBuckets {
            let found = cpu.bucketIndex(of: cpu.bucketStart(bucket) * (1 + 1e-12))
            #expect(found == bucket)
        }
    }

    @Test("the threshold search gives FindBucket's formula's answer everywhere, ulp by ulp at every edge")
    func thresholdSearchMatchesFormula() {
        for options in [
            VPAHistogramOptions.cpu, .memory,
            VPAHistogramOptions(maxValue: 50, firstBucketSize: 0.3, ratio: 1.2, epsilon: 1e-4),
        ] {
            var mismatches: [Double] = []
            func check(_ value: Double) {
                if options.bucketIndex(of: value) != options.formulaBucketIndex(of: value) { mismatches.append(value) }
            }
            for bucket in 0..<options.numberOfBuckets {
                var value = options.bucketStart(bucket)
                for _ in 0..<4 { value = value.nextDown }
                for _ in 0..<9 {
                    check(value)
                    value = value.nextUp
                }
            }
            // And 100,000 values spread evenly on a log scale over the whole range and beyond.
            let low = log(options.firstBucketSize / 10), high = log(options.maxValue * 10)
            for step in 0..<100_000 { check(exp(low + (high - low) * Double(step) / 99_999)) }
            for value in [
                0, -0.0, -1, .nan, -.nan, .infinity, -.infinity, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
            ] { check(value) }
            #expect(mismatches.isEmpty, "bucketIndex differs from the formula at \(mismatches.prefix(5))")
        }
    }
}

@Suite("VPA histogram percentiles (docs/vpa.md, section 2)")
struct VPAHistogramPercentileTests {
    @Test("an empty histogram reports 0 at every percentile")
    func empty() {
        let histogram = DecayingHistogram(options: .cpu)
        #expect(histogram.isEmpty)
        #expect(histogram.totalWeight == 0)
        for p in stride(from: -0.5, through: 1.5, by: 0.25) {
            #expect(histogram.percentile(p) == 0)
        }
    }

    @Test("a percentile is the end of its bucket: 0.011 cores reports 0.0205, anything below 10m reports 10m")
    func bucketEnd() {
        var histogram = DecayingHistogram(options: .cpu)
        histogram.add(value: 0.011, weight: 0.1, time: monday)
        #expect(isClose(histogram.percentile(0.9), 0.0205, relative: 1e-9))
        #expect(histogram.percentile(0) == histogram.percentile(1))

        var small = DecayingHistogram(options: .cpu)
        small.add(value: 0.003, weight: 0.1, time: monday)
        #expect(isClose(small.percentile(0.5), 0.01, relative: 1e-9))

        var memory = DecayingHistogram(options: .memory)
        memory.add(value: 5e6, weight: 1, time: monday)
        #expect(isClose(memory.percentile(0.5), 1e7, relative: 1e-9))
    }

    @Test("walks up from the lowest non-empty bucket until the running sum reaches p × total")
    func walk() {
        var histogram = DecayingHistogram(options: .cpu)
        for _ in 0..<3 { histogram.add(value: 0.10, weight: 1, time: monday) }
        histogram.add(value: 1.0, weight: 1, time: monday)
        let low = VPAHistogramOptions.cpu.bucketEnd(8), high = VPAHistogramOptions.cpu.bucketEnd(36)
        #expect(histogram.percentile(0) == low)
        #expect(histogram.percentile(0.5) == low)
        #expect(histogram.percentile(0.75) == low)  // 3 ≥ 0.75 × 4: reached exactly
        #expect(histogram.percentile(0.76) == high)
        #expect(histogram.percentile(1) == high)
        #expect(histogram.percentile(2) == high)  // stops at the highest non-empty bucket
    }

    @Test("the open-ended last bucket reports its start")
    func lastBucket() {
        var histogram = DecayingHistogram(options: .cpu)
        histogram.add(value: 5000, weight: 1, time: monday)
        #expect(histogram.percentile(0.5) == VPAHistogramOptions.cpu.bucketStart(175))
    }

    @Test("subtracting never goes below zero; a bucket under epsilon counts empty")
    func subtract() {
        var histogram = DecayingHistogram(options: .cpu)
        histogram.add(value: 0.10, weight: 1, time: monday)
        histogram.add(value: 1.0, weight: 1, time: monday)
        histogram.subtract(value: 1.0, weight: 1, time: monday)
        #expect(histogram.weight(inBucket: 36) == 0)
        #expect(histogram.totalWeight == 1)
        #expect(histogram.percentile(1) == VPAHistogramOptions.cpu.bucketEnd(8))
        histogram.subtract(value: 0.10, weight: 5, time: monday)
        #expect(histogram.weight(inBucket: 8) == 0)
        #expect(histogram.totalWeight == 0)
        #expect(histogram.isEmpty)
        #expect(histogram.percentile(0.5) == 0)

        var residue = DecayingHistogram(options: .cpu)
        residue.add(value: 0.10, weight: 1, time: monday)
        residue.subtract(value: 0.10, weight: 1 - 5e-5, time: monday)
        #expect(residue.weight(inBucket: 8) == 0)  // 5e-5 < epsilon is dropped
        #expect(residue.isEmpty)

        var light = DecayingHistogram(options: .cpu)
        light.add(value: 0.10, weight: 5e-5, time: monday)
        #expect(light.isEmpty)
        #expect(light.totalWeight == 5e-5)
        #expect(light.percentile(0.5) == 0)
    }
}

@Suite("VPA histogram decay (docs/vpa.md, section 3)")
struct VPAHistogramDecayTests {
    struct Age: Sendable, CustomTestStringConvertible {
        var age: Int64
        var weight: Double
        var testDescription: String { "\(Double(age) / Double(hour)) h → \(weight)" }
    }

    static let ages: [Age] = [
        Age(age: 0, weight: 1), Age(age: 12 * hour, weight: 0.707), Age(age: day, weight: 0.5),
        Age(age: 2 * day, weight: 0.25), Age(age: 3 * day, weight: 0.125), Age(age: 7 * day, weight: 0.0078),
        Age(age: 14 * day, weight: 0.00006),
    ]

    @Test("relative weight by age with the 24 h half-life", arguments: ages)
    func relativeWeight(_ row: Age) {
        var histogram = DecayingHistogram(options: .cpu)
        #expect(histogram.halfLife == 24 * hour)
        let now = monday + 20 * day
        histogram.add(value: 1.0, weight: 1, time: now - row.age)  // bucket 36
        histogram.add(value: 0.10, weight: 1, time: now)  // bucket 8
        let relative = histogram.weight(inBucket: 36) / histogram.weight(inBucket: 8)
        #expect(isClose(relative, row.weight, relative: 0.03))
        #expect(isClose(relative, exp2(-Double(row.age) / Double(day)), relative: 1e-12))
    }

    @Test("the reference is the nearest multiple of the half-life from Go's zero time, halves up")
    func reference() {
        var morning = DecayingHistogram(options: .cpu)
        morning.add(value: 1, weight: 1, time: monday + 10 * hour)
        #expect(morning.referenceTimestamp == monday)
        #expect(isClose(morning.totalWeight, exp2(10.0 / 24), relative: 1e-12))

        var afternoon = DecayingHistogram(options: .cpu)
        afternoon.add(value: 1, weight: 1, time: monday + 13 * hour)
        #expect(afternoon.referenceTimestamp == monday + day)

        var noon = DecayingHistogram(options: .cpu)
        noon.add(value: 1, weight: 1, time: monday + 12 * hour)
        #expect(noon.referenceTimestamp == monday + day)

        // A 7 h half-life does not divide the epoch's distance from year 1; multiples count from year 1.
        var odd = DecayingHistogram(options: .cpu, halfLife: 7 * hour)
        odd.add(value: 1, weight: 1, time: monday)
        #expect((odd.referenceTimestamp - VPAGoArithmetic.zeroTime) % (7 * hour) == 0)
        #expect(abs(odd.referenceTimestamp - monday) <= 7 * hour / 2)
    }

    @Test("moving the reference past 100 half-lives rescales but keeps the distribution")
    func referenceShift() {
        var shifted = DecayingHistogram(options: .cpu)
        shifted.add(value: 0.05, weight: 1, time: monday)  // reference = monday
        shifted.add(value: 0.10, weight: 1, time: monday + 99 * day + 12 * hour)
        shifted.add(value: 0.25, weight: 2, time: monday + 99 * day + 18 * hour)
        #expect(shifted.referenceTimestamp == monday)
        shifted.add(value: 1.0, weight: 1, time: monday + 100 * day + 12 * hour)  // > 100 half-lives: shift
        #expect(shifted.referenceTimestamp == monday + 101 * day)  // 100.5 d rounds up to 101 d

        var plain = DecayingHistogram(options: .cpu)
        plain.add(value: 0.10, weight: 1, time: monday + 12 * hour)
        plain.add(value: 0.25, weight: 2, time: monday + 18 * hour)
        plain.add(value: 1.0, weight: 1, time: monday + day + 12 * hour)
        #expect(plain.referenceTimestamp == monday + day)

        for p in stride(from: 0.0, through: 1.0, by: 0.01) {
            #expect(shifted.percentile(p) == plain.percentile(p))
        }
        for bucket in [8, 16, 36] {
            #expect(
                isClose(
                    shifted.weight(inBucket: bucket) / shifted.totalWeight,
                    plain.weight(inBucket: bucket) / plain.totalWeight, relative: 1e-12))
        }
        // The sample from 100 half-lives before now fell below epsilon.
        #expect(shifted.weight(inBucket: 4) < 1e-25)
    }

    @Test("samples more than 100 half-lives apart: the old one no longer counts")
    func longTerm() {
        var histogram = DecayingHistogram(options: .cpu)
        histogram.add(value: 4.0, weight: 1000, time: monday)
        histogram.add(value: 0.10, weight: 0.1, time: monday + 150 * day)
        let end = VPAHistogramOptions.cpu.bucketEnd(8)
        #expect(histogram.percentile(0) == end)
        #expect(histogram.percentile(1) == end)
        #expect(histogram.referenceTimestamp == monday + 150 * day)
    }

    @Test("exactly 100 half-lives after the reference does not move it")
    func boundary() {
        var histogram = DecayingHistogram(options: .cpu)
        histogram.add(value: 1, weight: 1, time: monday)
        histogram.add(value: 1, weight: 1, time: monday + 100 * day)
        #expect(histogram.referenceTimestamp == monday)
        #expect(histogram.totalWeight == 1 + 0x1p100)
        histogram.add(value: 1, weight: 1, time: monday + 100 * day + 1)
        #expect(histogram.referenceTimestamp == monday + 100 * day)
    }

    @Test("integral powers as Go's math.Pow: binary exponentiation, reciprocal last")
    func goPow() {
        #expect(VPAGoArithmetic.pow(1.05, 0) == 1)
        #expect(VPAGoArithmetic.pow(3, 1) == 3)
        #expect(VPAGoArithmetic.pow(2, 10) == 1024)
        #expect(VPAGoArithmetic.pow(2, -2) == 0.25)
        #expect(VPAGoArithmetic.pow(.infinity, 1) == .infinity)
        #expect(VPAGoArithmetic.pow(.infinity, -2) == 0)
        let x = 1.05
        #expect(VPAGoArithmetic.pow(x, 5) == x * ((x * x) * (x * x)))
        #expect(VPAGoArithmetic.pow(x, -2) == 1 / (x * x))
    }
}

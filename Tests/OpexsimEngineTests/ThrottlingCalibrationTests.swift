import Foundation
import OpexsimEngine
import OpexsimMetrics
import OpexsimTraces
import Testing

/// The committed kernel measurements (`Benchmarks/throttling/measurements.csv`): per run and second,
/// the CPU used and the CFS periods the kernel counted as runnable and as throttled.
struct KernelMeasurements {
    struct Second {
        var usage: Double
        var periods: Int
        var throttled: Int
    }

    struct Run {
        var name: String
        var shape: String
        var seed: Int
        var threads: Int
        var meanDemand: Double
        var quota: Double
        var seconds: [Second]
    }

    let runs: [Run]

    /// The calibration matrix, `Benchmarks/throttling/measurements.csv`.
    static let shared = KernelMeasurements(file: "measurements.csv")
    /// Runs of the matrix re-recorded under another quota, `Benchmarks/throttling/limit-changes.csv`.
    static let limitChanges = KernelMeasurements(file: "limit-changes.csv")

    /// The runs in a CSV file of `Benchmarks/throttling`.
    init(file: String) {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Benchmarks/throttling/\(file)").path
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        var lines = text.split(whereSeparator: \.isNewline).map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
        let header = lines.isEmpty ? [] : lines.removeFirst().map(String.init)
        func column(_ name: String) -> Int { header.firstIndex(of: name) ?? 0 }
        let (run, shape, seed, quota) = (column("run"), column("shape"), column("seed"), column("quota_cores"))
        let (threads, demand) = (column("threads"), column("mean_demand_cores"))
        let (usage, periods, throttled) = (column("usage_core_seconds"), column("nr_periods"), column("nr_throttled"))
        var runs: [Run] = []
        for fields in lines where fields.count == header.count {
            if runs.last?.name != String(fields[run]) {
                runs.append(
                    Run(
                        name: String(fields[run]), shape: String(fields[shape]), seed: Int(fields[seed]) ?? 0,
                        threads: Int(fields[threads]) ?? 0, meanDemand: Double(fields[demand]) ?? 0,
                        quota: Double(fields[quota]) ?? 0, seconds: []))
            }
            runs[runs.count - 1].seconds.append(
                Second(
                    usage: Double(fields[usage]) ?? 0, periods: Int(fields[periods]) ?? 0,
                    throttled: Int(fields[throttled]) ?? 0))
        }
        self.runs = runs
    }

    /// One mean-only sample as a trace would record it, and the kernel's throttled ratio over it.
    struct Interval {
        var run: Run
        var mean: Double
        var kernelRatio: Double
        /// The spread of the trace's samples around their local level (its fitted burst shape).
        var shapeCV: Double
        /// The throttled ratio the previous, uncalibrated fitted model gives.
        var fittedShapeRatio: Double
    }

    /// Every run cut into mean-only samples of `seconds`: at offsets 0, 10, ... below `seconds` (each a
    /// trace a collector could have recorded), leaving out intervals without a runnable period.
    func intervals(of seconds: Int) -> [Interval] {
        var intervals: [Interval] = []
        for run in runs {
            for offset in stride(from: 0, to: seconds == 60 ? 60 : 10, by: 10) {
                let count = (run.seconds.count - offset) / seconds
                guard count >= 2 else { continue }
                let windows = (0..<count).map { run.seconds[(offset + $0 * seconds)..<(offset + ($0 + 1) * seconds)] }
                let means = windows.map { $0.reduce(0) { $0 + $1.usage } / Double(seconds) }
                var text = "timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes,cpu_limit\n"
                for (k, mean) in means.enumerated() { text += "\(seconds * (k + 1)),ns,w,c,p,\(mean),1,\(run.quota)\n" }
                guard let trace = try? CanonicalTraceReader().read(text: text) else { continue }
                let profile = TraceProfile(trace)
                let cv = profile.burst.coefficientOfVariation(container: 0)
                for (window, mean) in zip(windows, means) {
                    let periods = window.reduce(0) { $0 + $1.periods }
                    guard periods > 0 else { continue }
                    let fitted = profile.burst.throttling(container: 0, mean: mean, limit: run.quota).throttledFraction
                    intervals.append(
                        Interval(
                            run: run, mean: mean,
                            kernelRatio: Double(window.reduce(0) { $0 + $1.throttled }) / Double(periods),
                            shapeCV: cv, fittedShapeRatio: fitted))
                }
            }
        }
        return intervals
    }

    /// The calibrated model's throttled ratio for an interval of `seconds`.
    static func calibrated(_ interval: Interval, seconds: Int, hurst: Double, minimumCV: Double) -> Double {
        let cv = CalibratedBurst.cv(
            shapeCV: interval.shapeCV, interval: Int64(seconds) * 1000, hurst: hurst, minimumCV: minimumCV)
        return CalibratedBurst.throttledFraction(
            utilisation: interval.mean / interval.run.quota, sigma: CalibratedBurst.sigma(cv: cv))
    }

    /// Mean absolute error of `estimate` over `intervals`.
    static func error(_ intervals: [Interval], _ estimate: (Interval) -> Double) -> Double {
        intervals.isEmpty
            ? 0 : intervals.reduce(0) { $0 + abs(estimate($1) - $1.kernelRatio) } / Double(intervals.count)
    }
}

@Suite("CPU throttling calibrated against the kernel's CFS counters (Benchmarks/throttling)")
struct ThrottlingCalibrationTests {
    let data = KernelMeasurements.shared
    let grid = (
        hurst: stride(from: 0.40, through: 0.901, by: 0.04).map { $0 },
        floor: stride(from: 0.5, through: 1.61, by: 0.1).map { $0 }
    )

    /// The parameters minimising the mean of the 10 s and 60 s errors over `short` and `long`.
    func fit(_ short: [KernelMeasurements.Interval], _ long: [KernelMeasurements.Interval]) -> (
        hurst: Double, floor: Double
    ) {
        var best = (hurst: 0.0, floor: 0.0, error: Double.infinity)
        for hurst in grid.hurst {
            for floor in grid.floor {
                let error =
                    (KernelMeasurements.error(short) {
                        KernelMeasurements.calibrated($0, seconds: 10, hurst: hurst, minimumCV: floor)
                    }
                        + KernelMeasurements.error(long) {
                            KernelMeasurements.calibrated($0, seconds: 60, hurst: hurst, minimumCV: floor)
                        }) / 2
                if error < best.error { best = (hurst, floor, error) }
            }
        }
        return (best.hurst, best.floor)
    }

    @Test("the recorded data: 9 runs of 480 s, every mean below its quota, the kernel throttling 9–96% of periods")
    func theData() {
        #expect(data.runs.count == 9)
        #expect(data.runs.allSatisfy { $0.seconds.count == 480 })
        for run in data.runs {
            let mean = run.seconds.reduce(0) { $0 + $1.usage } / 480
            let ratio =
                Double(run.seconds.reduce(0) { $0 + $1.throttled }) / Double(run.seconds.reduce(0) { $0 + $1.periods })
            #expect(mean < run.quota && ratio > 0.08 && ratio < 0.97, "\(run.name)")
        }
    }

    @Test("the shipped model's error, and how much better it is than the mean and the uncalibrated shape")
    func shippedModel() {
        let short = data.intervals(of: 10), long = data.intervals(of: 60)
        let calibrated10 = KernelMeasurements.error(short) {
            KernelMeasurements.calibrated(
                $0, seconds: 10, hurst: CalibratedBurst.hurst, minimumCV: CalibratedBurst.minimumCV)
        }
        let calibrated60 = KernelMeasurements.error(long) {
            KernelMeasurements.calibrated(
                $0, seconds: 60, hurst: CalibratedBurst.hurst, minimumCV: CalibratedBurst.minimumCV)
        }
        let naive10 = KernelMeasurements.error(short) { $0.mean > $0.run.quota ? 1 : 0 }
        let naive60 = KernelMeasurements.error(long) { $0.mean > $0.run.quota ? 1 : 0 }
        let shape10 = KernelMeasurements.error(short) { $0.fittedShapeRatio }
        let shape60 = KernelMeasurements.error(long) { $0.fittedShapeRatio }
        print(
            "calibration: intervals \(short.count) at 10 s, \(long.count) at 60 s; mean absolute error: naive \(naive10) / \(naive60), "
                + "uncalibrated shape \(shape10) / \(shape60), calibrated \(calibrated10) / \(calibrated60)")
        #expect(short.count == 432 && long.count == 387)
        #expect(calibrated10 < 0.08 && calibrated60 < 0.14)
        #expect(calibrated10 < naive10 / 4 && calibrated60 < naive60 / 3)
        #expect(calibrated10 < shape10 / 3 && calibrated60 < shape60 / 3)
        let statedMean = BurstModelError.measured(.mean)
        #expect(abs(naive10 - (statedMean?.at10s ?? 0)) < 0.0005 && abs(naive60 - (statedMean?.at60s ?? 0)) < 0.0005)
    }

    @Test("cross-validated: fitted on two workload shapes, the error on the third")
    func leaveOneShapeOut() {
        let short = data.intervals(of: 10), long = data.intervals(of: 60)
        var held10: [Double] = [], held60: [Double] = []
        var report: [String] = []
        for shape in ["web", "batch", "jvm"] {
            let (hurst, floor) = fit(short.filter { $0.run.shape != shape }, long.filter { $0.run.shape != shape })
            let test10 = short.filter { $0.run.shape == shape }, test60 = long.filter { $0.run.shape == shape }
            held10 += test10.map {
                abs(KernelMeasurements.calibrated($0, seconds: 10, hurst: hurst, minimumCV: floor) - $0.kernelRatio)
            }
            held60 += test60.map {
                abs(KernelMeasurements.calibrated($0, seconds: 60, hurst: hurst, minimumCV: floor) - $0.kernelRatio)
            }
            report.append("\(shape): H \(hurst), floor \(floor)")
        }
        let error10 = held10.reduce(0, +) / Double(held10.count), error60 = held60.reduce(0, +) / Double(held60.count)
        print(
            "calibration, leave one shape out: \(report.joined(separator: "; ")); error \(error10) at 10 s, \(error60) at 60 s"
        )
        #expect(error10 < 0.11 && error60 < 0.17)
        // The error the report states is this one.
        let stated = BurstModelError.measured(.fitted)
        #expect(abs(error10 - (stated?.at10s ?? 0)) < 0.0005 && abs(error60 - (stated?.at60s ?? 0)) < 0.0005)
    }

    @Test("the percentiles model, on percentile vectors of each sample's per-second usage")
    func percentiles() {
        let levels: [Double] = stride(from: 0.0, through: 90, by: 10).map { $0 } + (91...100).map(Double.init)
        func error(_ seconds: Int) -> Double {
            var errors: [Double] = []
            for run in data.runs {
                for offset in stride(from: 0, to: seconds == 60 ? 60 : 10, by: 10) {
                    var start = offset
                    while start + seconds <= run.seconds.count {
                        let window = run.seconds[start..<(start + seconds)]
                        start += seconds
                        let periods = window.reduce(0) { $0 + $1.periods }
                        guard periods > 0 else { continue }
                        let sorted = window.map(\.usage).sorted()
                        // Linear interpolation between order statistics, as Prometheus' quantile_over_time.
                        let values = levels.map { level -> Double in
                            let rank = level / 100 * Double(sorted.count - 1)
                            let low = Int(rank.rounded(.down)), high = min(sorted.count - 1, low + 1)
                            return sorted[low] + (sorted[high] - sorted[low]) * (rank - Double(low))
                        }
                        let estimate =
                            levels.withUnsafeBufferPointer { l in
                                values.withUnsafeBufferPointer { v in
                                    PercentileVectorThrottling.throttling(levels: l, values: v, limit: run.quota)
                                }
                            }?.throttledFraction ?? 0
                        errors.append(abs(estimate - Double(window.reduce(0) { $0 + $1.throttled }) / Double(periods)))
                    }
                }
            }
            return errors.reduce(0, +) / Double(errors.count)
        }
        let (error10, error60) = (error(10), error(60))
        print("calibration, percentiles of per-second usage: error \(error10) at 10 s, \(error60) at 60 s")
        let stated = BurstModelError.measured(.percentiles)
        #expect(abs(error10 - (stated?.at10s ?? 0)) < 0.0005 && abs(error60 - (stated?.at60s ?? 0)) < 0.0005)
    }
}

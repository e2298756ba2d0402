import OpexsimMetrics
import OpexsimTraces
import Testing

@testable import OpexsimEngine

/// One sample's estimate under a candidate quota, from what was recorded under another, and what the
/// kernel counted for the same seconds under the candidate quota.
struct LimitChangeEstimate {
    var kernelRatio: Double
    var ratio: Double
    /// CPU used under the candidate quota (measured) and as estimated, cores.
    var kernelUsage: Double
    var usage: Double
    /// Whether the candidate quota is the lower one.
    var lower: Bool
    var shape: String
}

extension KernelMeasurements {
    /// Runs of the same schedule (shape, seed, threads, mean demand) under two quotas, both ways round:
    /// each recorded run, and the run to predict.
    static func limitChangePairs() -> [(recorded: Run, candidate: Run)] {
        var pairs: [(recorded: Run, candidate: Run)] = []
        for b in limitChanges.runs {
            guard
                let a = shared.runs.first(where: {
                    $0.shape == b.shape && $0.seed == b.seed && $0.threads == b.threads && $0.meanDemand == b.meanDemand
                })
            else { continue }
            pairs += [(a, b), (b, a)]
        }
        return pairs
    }

    /// Every sample of `seconds` of `recorded` (offsets 0, 10, ... below `seconds`, as `intervals(of:)`)
    /// as a trace with the kernel's throttled ratio, replayed by `model` under `candidate`'s quota.
    static func limitChange(
        recorded: Run, candidate: Run, seconds: Int, model: BurstModelKind
    ) -> [LimitChangeEstimate] {
        var estimates: [LimitChangeEstimate] = []
        let n = min(recorded.seconds.count, candidate.seconds.count)
        for offset in stride(from: 0, to: seconds == 60 ? 60 : 10, by: 10) {
            let count = (n - offset) / seconds
            guard count >= 2 else { continue }
            let ranges = (0..<count).map { (offset + $0 * seconds)..<(offset + ($0 + 1) * seconds) }
            func mean(_ run: Run, _ r: Range<Int>) -> Double {
                run.seconds[r].reduce(0) { $0 + $1.usage } / Double(seconds)
            }
            func ratio(_ run: Run, _ r: Range<Int>) -> Double? {
                let periods = run.seconds[r].reduce(0) { $0 + $1.periods }
                return periods > 0 ? Double(run.seconds[r].reduce(0) { $0 + $1.throttled }) / Double(periods) : nil
            }
            var text =
                "timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes,cpu_limit,cpu_throttled_ratio\n"
            for (k, r) in ranges.enumerated() {
                text +=
                    "\(seconds * (k + 1)),ns,w,c,p,\(mean(recorded, r)),1,\(recorded.quota),\(ratio(recorded, r) ?? 0)\n"
            }
            guard let trace = try? CanonicalTraceReader().read(text: text) else { continue }
            TraceProfile(trace).withColumns { columns in
                for (k, r) in ranges.enumerated() {
                    guard ratio(recorded, r) != nil, let truth = ratio(candidate, r) else { continue }
                    var counts = BurstModelCounts()
                    let m = mean(recorded, r)
                    let t = columns.throttling(
                        model: model, sample: k, container: 0, cpu: m, limit: candidate.quota,
                        recordedLimit: recorded.quota, counts: &counts)
                    estimates.append(
                        LimitChangeEstimate(
                            kernelRatio: truth, ratio: t.throttledFraction, kernelUsage: mean(candidate, r),
                            usage: m - t.unservedCores, lower: candidate.quota < recorded.quota, shape: recorded.shape))
                }
            }
        }
        return estimates
    }
}

@Suite("Throttling under a changed limit, against the kernel (Benchmarks/throttling/limit-changes.csv)")
struct ThrottlingLimitChangeTests {
    func estimates(_ seconds: Int, _ model: BurstModelKind) -> [LimitChangeEstimate] {
        KernelMeasurements.limitChangePairs().flatMap {
            KernelMeasurements.limitChange(
                recorded: $0.recorded, candidate: $0.candidate, seconds: seconds, model: model)
        }
    }

    static func error(_ estimates: [LimitChangeEstimate], _ value: (LimitChangeEstimate) -> Double) -> Double {
        estimates.reduce(0) { $0 + abs(value($1)) } / Double(max(1, estimates.count))
    }

    @Test(
        "observed beyond the shape: lognormal demand of mean 0.55 cores and σ 0.9 under a 0.4 limit, recovered from its mean and ratio"
    )
    func observedLognormal() throws {
        // Worked: t = (ln(0.4 / 0.55) + 0.9² / 2) / 0.9 = 0.096163; P(D > 0.4) = 1 − Φ(t) = 0.461696;
        // E[min(D, 0.4)] = 0.55 Φ(t − 0.9) + 0.4 (1 − Φ(t)) = 0.300588, 75.147% of the limit.
        let fit = try #require(CalibratedBurst.observedDemand(utilisation: 0.7514707, observed: 0.4616957))
        #expect(abs(fit.sigma - 0.9) < 1e-5)
        #expect(abs(fit.demandOverLimit * 0.4 - 0.55) < 1e-5)
        // Under 2.1 cores: t = (ln(2.1 / 0.55) + 0.405) / 0.9 = 1.938; 1 − Φ(t) = 0.026273.
        let at21 = NormalTable.values.withUnsafeBufferPointer {
            CalibratedBurst.lognormal(demand: 0.55, sigma: 0.9, limit: 2.1, mean: 0.300588, phi: $0)
        }
        #expect(abs(at21.throttledFraction - 0.026273) < 1e-5)
        // No lognormal throttles more periods than the limit is used: utilisation at least the ratio.
        #expect(CalibratedBurst.observedDemand(utilisation: 0.4, observed: 0.5) == nil)
    }

    @Test("the normal quantile and the tabulated Φ against known values")
    func normal() {
        for (p, x) in [
            (0.5, 0.0), (0.975, 1.959963985), (0.01, -2.326347874), (0.999, 3.090232306), (1e-6, -4.753424309),
        ] {
            #expect(abs(NormalTable.quantile(p) - x) < 1e-8, "Φ⁻¹(\(p))")
        }
        NormalTable.values.withUnsafeBufferPointer { table in
            for (x, p) in [
                (0.0, 0.5), (1.959963985, 0.975), (-2.326347874, 0.01), (0.3, 0.6179114222), (-9.5, 0.0), (9.5, 1.0),
            ] {
                #expect(abs(NormalTable.phi(x, table) - p) < 5e-7, "Φ(\(x))")
            }
        }
    }

    @Test("the re-recorded runs: three schedules of the matrix under a second quota, 480 s each")
    func theData() {
        let pairs = KernelMeasurements.limitChangePairs()
        #expect(pairs.count == 6)
        #expect(KernelMeasurements.limitChanges.runs.allSatisfy { $0.seconds.count == 480 })
    }

    @Test("observed and fitted at the other quota: the error of the throttled ratio and of the CPU used")
    func limitChanges() {
        var lines: [String] = []
        var measured: [BurstModelKind: (Double, Double)] = [:]
        for model in [BurstModelKind.observed, .fitted, .mean] {
            let short = estimates(10, model), long = estimates(60, model)
            let ratio10 = Self.error(short) { $0.ratio - $0.kernelRatio }
            let ratio60 = Self.error(long) { $0.ratio - $0.kernelRatio }
            let lower = (short + long).filter(\.lower)
            let usage = Self.error(lower) { $0.usage - $0.kernelUsage }
            let usageMean = lower.reduce(0) { $0 + $1.kernelUsage } / Double(max(1, lower.count))
            measured[model] = (ratio10, ratio60)
            let shapes = ["web", "batch", "jvm"].map { shape in
                let a = Self.error(short.filter { $0.shape == shape }) { $0.ratio - $0.kernelRatio }
                let b = Self.error(long.filter { $0.shape == shape }) { $0.ratio - $0.kernelRatio }
                return "\(shape) \(a) / \(b)"
            }
            lines.append(shapes.joined(separator: ", "))
            lines.append(
                "\(model.rawValue): ratio \(ratio10) at 10 s, \(ratio60) at 60 s (\(short.count), \(long.count) samples); "
                    + "CPU used under the lower quota \(usage) cores off, mean \(usageMean)")
        }
        print("limit changes: " + lines.joined(separator: "; "))
        let observed = measured[.observed] ?? (1, 1), fitted = measured[.fitted] ?? (1, 1),
            mean = measured[.mean] ?? (0, 0)
        #expect(observed.0 < 0.17 && observed.1 < 0.23)
        #expect(fitted.0 < 0.19 && fitted.1 < 0.23)
        #expect(observed.0 < mean.0 / 2 && observed.1 < mean.1 / 2 && fitted.0 < mean.0 / 2 && fitted.1 < mean.1 / 2)
        // The error the report states for `observed` is this one.
        let stated = BurstModelError.measured(.observed)
        #expect(abs(observed.0 - (stated?.at10s ?? 0)) < 0.0005 && abs(observed.1 - (stated?.at60s ?? 0)) < 0.0005)
        #expect(estimates(10, .observed).count == 288 && estimates(60, .observed).count == 258)
    }
}

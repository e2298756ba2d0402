import OpexsimTraces

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// CPU throttling of traces that carry only each sample's mean, calibrated against the Linux kernel's
/// own CFS counters (`Benchmarks/throttling`: bursty request-serving workloads under real quotas).
///
/// Per-period demand is lognormal. Its coefficient of variation comes from the trace: the spread of the
/// container's samples around their local level (`BurstProfile`, `cv_trace`), scaled from the sample
/// interval Δ down to the 100 ms CFS period as `(Δ / 0.1 s)^(1 − H)`, and at least `minimumCV`:
/// `c = max(minimumCV, cv_trace · (Δ / 0.1 s)^(1 − H))`, `σ² = ln(1 + c²)`.
/// The recorded mean is what the recorded limit let through, not the demand: the demand's scale `s` is
/// the one whose censored mean `E[min(D, L₀)]` is the sample's mean (without a recorded limit, the mean
/// is the demand). Under a limit `L` the throttled share of periods is `P(D > L)` and the CPU served
/// `E[min(D, L)]`. With `D = s·X`, `X` lognormal of mean 1, and `t = (ln(L/s) + σ²/2) / σ`:
/// `P(D > L) = 1 − Φ(t)` and `E[min(D, L)] = s·Φ(t − σ) + L·(1 − Φ(t))`.
///
/// `H` and `minimumCV` were fitted on the committed measurements; the README and the calibration
/// folder's README give the measured error.
public struct CalibratedBurst: Sendable {
    /// The Hurst-like exponent of how demand's spread grows from the sample interval to 100 ms.
    public static let hurst = 0.64
    /// The smallest coefficient of variation of per-period demand.
    public static let minimumCV = 1.0
    /// Points of each container's table over the utilisation of the recorded limit, `ρ = mean / L₀`.
    static let points = 128
    /// The largest utilisation the tables cover (beyond it, the demand behind the limit is unknown).
    static let maximumUtilisation = 0.995
    /// The demand is taken to be at most this many times the recorded mean.
    static let maximumDemandRatio = 10.0
    /// Table positions per unit of utilisation.
    static let pointsPerUtilisation = Double(points - 1) / maximumUtilisation

    /// Per container: σ of its per-period demand.
    public let sigma: [Double]
    /// Per container: its table (containers with the same σ share one: most short or flat series do).
    let table: [Int32]
    /// Per table, `points` values over `ρ` in `[0, maximumUtilisation]`: the throttled share of
    /// periods at the recorded limit, and `L₀ / s` (the recorded limit over the mean demand).
    let fraction: [Double]
    let limitOverDemand: [Double]

    /// The calibrated model of each container of `trace`, from its fitted burst shape.
    public init(_ trace: Trace, burst: BurstProfile) {
        var sigma = [Double](repeating: 0, count: trace.containers.count)
        var table = [Int32](repeating: 0, count: trace.containers.count)
        var tables: [UInt64: Int32] = [:]
        var fraction: [Double] = [], limitOverDemand: [Double] = []
        for (c, container) in trace.containers.enumerated() {
            let interval = container.series.first.map { trace.series[$0].interval } ?? trace.interval
            let s = Self.sigma(cv: Self.cv(shapeCV: burst.coefficientOfVariation(container: c), interval: interval))
            sigma[c] = s
            if let shared = tables[s.bitPattern] {
                table[c] = shared
                continue
            }
            table[c] = Int32(tables.count)
            tables[s.bitPattern] = table[c]
            var t = 8.0
            for j in 0..<Self.points {
                let rho = Self.maximumUtilisation * Double(j) / Double(Self.points - 1)
                t = Self.solve(utilisation: rho, sigma: s, from: t)
                fraction.append(1 - Self.phi(t))
                limitOverDemand.append(exp(s * t - s * s / 2))
            }
        }
        self.sigma = sigma
        self.table = table
        self.fraction = fraction
        self.limitOverDemand = limitOverDemand
    }

    init(sigma: [Double], table: [Int32], fraction: [Double], limitOverDemand: [Double]) {
        self.sigma = sigma
        self.table = table
        self.fraction = fraction
        self.limitOverDemand = limitOverDemand
    }

    /// The model of the containers `containers` alone, renumbered from 0 (for a part of a trace); the
    /// tables are shared, not copied.
    func part(containers: Range<Int>) -> CalibratedBurst {
        CalibratedBurst(
            sigma: Array(sigma[containers]), table: Array(table[containers]), fraction: fraction,
            limitOverDemand: limitOverDemand)
    }

    /// The coefficient of variation of per-period demand for a trace sampled every `interval`
    /// milliseconds whose samples spread around their local level with `shapeCV`.
    public static func cv(shapeCV: Double, interval: Int64, hurst: Double = hurst, minimumCV: Double = minimumCV)
        -> Double
    {
        max(minimumCV, shapeCV * pow(max(Double(interval) / 100, 1), 1 - hurst))
    }

    /// The throttled share of periods at a limit that the mean demand's served part fills to
    /// `utilisation` (the recorded mean over the recorded limit), for demand with `sigma`.
    public static func throttledFraction(utilisation: Double, sigma: Double) -> Double {
        1 - phi(solve(utilisation: min(utilisation, maximumUtilisation), sigma: sigma, from: 0))
    }

    /// σ of the lognormal whose coefficient of variation is `cv`.
    public static func sigma(cv: Double) -> Double { sqrt(log(1 + cv * cv)) }

    /// The standard normal distribution function.
    @inline(__always)
    static func phi(_ x: Double) -> Double { erfc(-x / 2.0.squareRoot()) / 2 }

    /// `E[min(X, k)] / k` for `X` lognormal of mean 1, as a function of `t = (ln k + σ²/2) / σ`: the
    /// utilisation of a limit `k` times the mean demand. Decreasing in `t`.
    static func utilisation(t: Double, sigma s: Double) -> Double {
        exp(s * s / 2 - s * t) * phi(t - s) + 1 - phi(t)
    }

    /// The `t` in `[-12, 12]` at which the utilisation is `rho`: Newton's method from `start`, kept inside
    /// a bracket that bisection narrows whenever a Newton step would leave it (the derivative is
    /// `−σ · exp(σ²/2 − σt) · Φ(t − σ)`, vanishingly small in the tails).
    static func solve(utilisation rho: Double, sigma s: Double, from start: Double) -> Double {
        guard rho > 0 else { return 12 }
        var (low, high) = (-12.0, 12.0)
        var t = min(high, max(low, start))
        for _ in 0..<100 {
            let value = utilisation(t: t, sigma: s) - rho
            guard value.isFinite else { break }
            // Utilisation decreases in t: above rho, the root lies to the right.
            if value > 0 { low = t } else { high = t }
            let slope = -s * exp(s * s / 2 - s * t) * phi(t - s)
            var next = slope < 0 ? t - value / slope : .nan
            if !(next > low && next < high) { next = (low + high) / 2 }
            if abs(next - t) < 1e-10 || high - low < 1e-10 { return next }
            t = next
        }
        return t
    }

    /// Throttling of a sample whose mean is `mean` cores under `limit`, recorded under
    /// `recordedLimit` (NaN when there was none), for a container whose demand has `sigma` and whose
    /// tables are `fraction` and `limitOverDemand` (`points` values each). At the recorded limit the
    /// recorded mean is what the container got and `unservedCores` is the demand held back on top of
    /// it; under another limit `unservedCores` is how much less than the recorded mean it gets.
    @inline(__always)
    static func throttling(
        mean: Double, limit: Double, recordedLimit: Double, sigma s: Double,
        fraction: UnsafeBufferPointer<Double>, limitOverDemand: UnsafeBufferPointer<Double>,
        phi: UnsafeBufferPointer<Double>
    ) -> Throttling {
        guard mean > 0, limit < .infinity else { return .none }
        guard recordedLimit > 0 && recordedLimit < .infinity else {
            return lognormal(demand: mean, sigma: s, limit: limit, mean: mean, phi: phi)
        }
        // Off the chain of dependent steps below: their one division is the utilisation's.
        let inverseLimit = 1 / recordedLimit
        let rho = min(mean / recordedLimit, maximumUtilisation)
        let position = rho * pointsPerUtilisation
        let low = min(Int(position), points - 2)
        let weight = position - Double(low)
        let ratio = limitOverDemand[low] + (limitOverDemand[low + 1] - limitOverDemand[low]) * weight
        let cap = maximumDemandRatio * mean
        let demand = min(recordedLimit / ratio, cap)
        if limit == recordedLimit {
            let throttled = fraction[low] + (fraction[low + 1] - fraction[low]) * weight
            return Throttling(throttledFraction: throttled, unservedCores: max(0, demand - mean))
        }
        guard limit > 0 else { return Throttling(throttledFraction: 1, unservedCores: mean) }
        // The limit over the demand, multiplied out where the demand is the recorded limit over the
        // table's ratio (the logarithm need not wait for a division).
        let limitRatio = recordedLimit < cap * ratio ? limit * ratio * inverseLimit : limit / cap
        return lognormal(limitOverDemand: limitRatio, demand: demand, sigma: s, limit: limit, mean: mean, phi: phi)
    }

    /// Throttling under `limit` of lognormal per-period demand of mean `demand` and `sigma`, for a
    /// sample whose recorded mean is `mean`: the share of periods above the limit, and how much less
    /// than `mean` the container gets.
    @inline(__always)
    static func lognormal(
        demand: Double, sigma s: Double, limit: Double, mean: Double, phi table: UnsafeBufferPointer<Double>
    ) -> Throttling {
        guard limit > 0 else { return Throttling(throttledFraction: 1, unservedCores: mean) }
        return lognormal(
            limitOverDemand: limit / demand, demand: demand, sigma: s, limit: limit, mean: mean, phi: table)
    }

    /// `lognormal(demand:sigma:limit:mean:phi:)` given the limit over the demand too (`limit` > 0).
    @inline(__always)
    static func lognormal(
        limitOverDemand: Double, demand: Double, sigma s: Double, limit: Double, mean: Double,
        phi table: UnsafeBufferPointer<Double>
    ) -> Throttling {
        let inverseSigma = 1 / s
        let t = (log(limitOverDemand) + s * s / 2) * inverseSigma
        let above = 1 - NormalTable.phi(t, table)
        let served = demand * NormalTable.phi(t - s, table) + limit * above
        return Throttling(throttledFraction: above, unservedCores: max(0, mean - served))
    }

    /// The lognormal demand behind a sample that filled its recorded limit to `utilisation` (mean over
    /// limit) while the kernel throttled `observed` of its periods: both pin the distribution, as
    /// `P(D > L₀) = observed` fixes `t` and the censored mean then fixes σ. Nil when no lognormal fits
    /// (the utilisation must lie between the throttled share and 1). Returns σ and the mean demand
    /// over the recorded limit.
    public static func observedDemand(utilisation: Double, observed: Double) -> (
        sigma: Double, demandOverLimit: Double
    )? {
        let rho = min(utilisation, maximumUtilisation)
        guard observed > 0, observed < 1, rho > observed else { return nil }
        let t = NormalTable.quantile(1 - observed)
        // The utilisation falls from 1 (σ → 0) towards the throttled share (σ → ∞) as σ grows.
        var (small, large) = (1e-6, 12.0)
        guard Self.utilisation(t: t, sigma: large) < rho else { return nil }
        // Newton's method on σ inside the bracket, bisecting when a step would leave it; the slope is
        // exp(σ²/2 − σt) · ((σ − t) Φ(t − σ) − φ(t − σ)).
        var sigma = 1.0
        for _ in 0..<100 {
            let value = Self.utilisation(t: t, sigma: sigma) - rho
            if value > 0 { small = sigma } else { large = sigma }
            let d = t - sigma
            let slope =
                exp(sigma * sigma / 2 - sigma * t) * (-d * phi(d) - exp(-d * d / 2) / (2 * Double.pi).squareRoot())
            var next = slope < 0 ? sigma - value / slope : .nan
            if !(next > small && next < large) { next = (small + large) / 2 }
            let done = abs(next - sigma) < 1e-12 || large - small < 1e-12
            sigma = next
            if done { break }
        }
        return (sigma, exp(sigma * sigma / 2 - sigma * t))
    }
}

extension BurstProfile {
    /// The coefficient of variation of container `c`'s fitted shape (its points have mean 1).
    public func coefficientOfVariation(container c: Int) -> Double {
        var sum = 0.0
        for ratio in shape(ofContainer: c) {
            let d = ratio - 1
            sum += d * d
        }
        return (sum / Double(Self.points)).squareRoot()
    }
}

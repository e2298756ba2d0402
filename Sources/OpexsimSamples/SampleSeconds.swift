import OpexsimTraces

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The per-second CPU demand inside one sample, drawn as a whole: `seconds` independent lognormal
/// demands `level · exp(σZ − σ²/2)` (mean `level`) summarised by how many exceed the limit, the sum of
/// the demands and the CPU used (each second capped at the limit). The count is binomial; given it, the
/// seconds below and above the limit are lognormals truncated at the limit, and each group's sum is
/// drawn as one lognormal with the group's mean and variance (Fenton–Wilkinson), so a sample costs a
/// handful of draws whatever its length.
struct SampleSeconds: Equatable, Sendable {
    /// The sum of the per-second demands (core-seconds).
    var demand: Double
    /// The CPU used: each second's demand capped at the limit (core-seconds).
    var used: Double
    /// Seconds whose demand exceeded the limit.
    var throttled: Int

    /// The log-spread σ of a workload's per-second demand, with the powers every draw needs.
    struct Spread {
        let sigma: Double
        /// exp(σ²) − 1: the squared coefficient of variation of a second's demand.
        let variation: Double

        init(sigma: Double) {
            self.sigma = max(0, sigma)
            variation = expm1(self.sigma * self.sigma)
        }
    }

    /// Draws the summary of `seconds` seconds of demand around `level` cores with log-spread
    /// `spread.sigma` under a CPU limit of `limit` cores (infinite for none).
    static func draw(
        level: Double, limit: Double, spread: Spread, seconds: Int, random: inout SampleRandom
    ) -> SampleSeconds {
        let n = Double(seconds)
        let sigma = spread.sigma
        guard sigma > 0 else {
            return level > limit
                ? SampleSeconds(demand: n * level, used: n * limit, throttled: seconds)
                : SampleSeconds(demand: n * level, used: n * level, throttled: 0)
        }
        // Z > z exactly when a second's demand exceeds the limit.
        let z = limit.isFinite ? (log(limit / level) + sigma * sigma / 2) / sigma : .infinity
        guard z - 2 * sigma < farAbove else {
            // A limit this far above the demand: no second reaches it (each one with a chance below
            // 1e-16), and the seconds' moments are those of the whole lognormal.
            let variance = level * level * spread.variation
            let sum = lognormalSum(count: n, mean: level, variance: variance, random: &random)
            return SampleSeconds(demand: sum, used: sum, throttled: 0)
        }
        let above = normalCDF(-z)
        let throttled = binomial(trials: seconds, probability: above, random: &random)
        var result = SampleSeconds(demand: 0, used: 0, throttled: throttled)
        // E[D²] = level² · exp(σ²); the partial moments below and above z follow from Φ.
        let squared = level * level * (spread.variation + 1)
        if throttled < seconds {
            let count = Double(seconds - throttled)
            let share = above < 0.5 ? 1 - above : normalCDF(z)
            let mean = share > 1e-300 ? level * normalCDF(z - sigma) / share : limit
            let variance = share > 1e-300 ? max(0, squared * normalCDF(z - 2 * sigma) / share - mean * mean) : 0
            let sum = min(count * limit, lognormalSum(count: count, mean: mean, variance: variance, random: &random))
            result.demand += sum
            result.used += sum
        }
        if throttled > 0 {
            let count = Double(throttled)
            let share = above
            let mean = share > 1e-300 ? level * normalCDF(sigma - z) / share : limit
            let variance = share > 1e-300 ? max(0, squared * normalCDF(2 * sigma - z) / share - mean * mean) : 0
            result.demand += max(
                count * limit, lognormalSum(count: count, mean: mean, variance: variance, random: &random))
            result.used += count * limit
        }
        return result
    }

    /// Where Φ rounds to 1 in double precision (Φ(8.3) = 1 − 5e-17).
    static let farAbove = 8.3

    /// Φ, the standard normal distribution function.
    @inline(__always)
    static func normalCDF(_ x: Double) -> Double { erfc(-x / 2.0.squareRoot()) / 2 }

    /// The sum of `count` independent draws of the given mean and variance, as one lognormal with the
    /// sum's mean and variance.
    static func lognormalSum(count: Double, mean: Double, variance: Double, random: inout SampleRandom) -> Double {
        let total = count * mean
        guard total > 0 else { return 0 }
        let spread = log1p(count * variance / (total * total))
        guard spread > 0 else { return total }
        let s = spread.squareRoot()
        return total * exp(s * random.gaussian() - spread / 2)
    }

    /// A binomial draw: by waiting times (geometric gaps between successes) when few successes are
    /// expected, else the normal approximation rounded to a count (mean and variance both at least 10).
    static func binomial(trials: Int, probability p: Double, random: inout SampleRandom) -> Int {
        guard p > 0, trials > 0 else { return 0 }
        guard p < 1 else { return trials }
        if p > 0.5 { return trials - binomial(trials: trials, probability: 1 - p, random: &random) }
        let n = Double(trials)
        let mean = n * p
        if mean < 10 {
            let logFailure = log1p(-p)
            var count = 0
            var position = 0.0
            while true {
                position += (log(1 - random.unit()) / logFailure).rounded(.down) + 1
                if position > n { return count }
                count += 1
            }
        }
        let draw = (mean + (mean * (1 - p)).squareRoot() * random.gaussian()).rounded()
        return Int(min(n, max(0, draw)))
    }
}

import OpexsimTraces
import Testing

@testable import OpexsimSamples

/// Means over many draws of one sample's seconds, against the lognormal's closed forms:
/// E[throttled] = N·Φ(−z), E[used] = N·(level·Φ(z − σ) + L·Φ(−z)), E[demand] = N·level, with
/// z = (ln(L / level) + σ²/2) / σ (worked out to the digits below).
@Suite("A sample's per-second demand, drawn whole")
struct SampleSecondsTests {
    struct Moments {
        var demand = 0.0
        var demandSquares = 0.0
        var used = 0.0
        var throttled = 0.0
    }

    func moments(level: Double, limit: Double, sigma: Double, seconds: Int, draws: Int = 20_000) -> Moments {
        var random = SampleRandom(seed: 42, stream: 0)
        var sums = Moments()
        let spread = SampleSeconds.Spread(sigma: sigma)
        for _ in 0..<draws {
            let s = SampleSeconds.draw(level: level, limit: limit, spread: spread, seconds: seconds, random: &random)
            #expect(s.used <= s.demand + 1e-9 && s.used <= Double(seconds) * limit + 1e-9)
            #expect((0...seconds).contains(s.throttled))
            sums.demand += s.demand
            sums.demandSquares += s.demand * s.demand
            sums.used += s.used
            sums.throttled += Double(s.throttled)
        }
        let n = Double(draws)
        let mean = sums.demand / n
        return Moments(
            demand: mean, demandSquares: sums.demandSquares / n - mean * mean, used: sums.used / n,
            throttled: sums.throttled / n)
    }

    func close(_ value: Double, _ expected: Double, within share: Double) -> Bool {
        abs(value - expected) <= share * abs(expected)
    }

    @Test("a limit at the mean level: 40% of seconds above it, the spread of 60 lognormal seconds")
    func limitAtTheMean() {
        let m = moments(level: 1, limit: 1, sigma: 0.5, seconds: 60)
        #expect(close(m.throttled, 24.0776, within: 0.005), "\(m)")
        #expect(close(m.used, 48.1552, within: 0.005), "\(m)")
        #expect(close(m.demand, 60, within: 0.003), "\(m)")
        // Var = N · level² · (exp(σ²) − 1) = 60 · 0.284025
        #expect(close(m.demandSquares, 17.0415, within: 0.05), "\(m)")
    }

    @Test("a limit five times the level: few seconds above it, counted by waiting times")
    func rareThrottling() {
        let m = moments(level: 0.2, limit: 1, sigma: 0.6, seconds: 60, draws: 100_000)
        #expect(close(m.throttled, 0.0858, within: 0.04), "\(m)")
        #expect(close(m.used, 11.9826, within: 0.003), "\(m)")
        #expect(close(m.demand, 12, within: 0.003), "\(m)")
    }

    @Test("an hour of seconds: the count drawn by the normal approximation")
    func longSamples() {
        let m = moments(level: 1, limit: 1.2, sigma: 0.3, seconds: 3600, draws: 5_000)
        #expect(close(m.throttled, 807.494, within: 0.003), "\(m)")
        #expect(close(m.used, 3404.14, within: 0.002), "\(m)")
        #expect(close(m.demand, 3600, within: 0.002), "\(m)")
    }

    @Test("no limit, or one far above the demand: nothing throttled, everything used")
    func farLimits() {
        for limit in [Double.infinity, 4] {
            let m = moments(level: 0.01, limit: limit, sigma: 0.3, seconds: 300)
            #expect(m.throttled == 0 && m.used == m.demand, "\(m)")
            #expect(close(m.demand, 3, within: 0.003), "\(m)")
        }
    }

    @Test("no spread: every second at the level")
    func noSpread() {
        var random = SampleRandom(seed: 1, stream: 0)
        let spread = SampleSeconds.Spread(sigma: 0)
        #expect(
            SampleSeconds.draw(level: 2, limit: 1, spread: spread, seconds: 10, random: &random)
                == SampleSeconds(demand: 20, used: 10, throttled: 10))
        #expect(
            SampleSeconds.draw(level: 0.5, limit: 1, spread: spread, seconds: 10, random: &random)
                == SampleSeconds(demand: 5, used: 5, throttled: 0))
    }

    @Test("binomial draws have the binomial's mean and variance on both paths", arguments: [0.03, 0.3, 0.97])
    func binomial(p: Double) {
        var random = SampleRandom(seed: 9, stream: 3)
        var sum = 0.0
        var squares = 0.0
        let draws = 50_000
        for _ in 0..<draws {
            let x = Double(SampleSeconds.binomial(trials: 100, probability: p, random: &random))
            sum += x
            squares += x * x
        }
        let mean = sum / Double(draws)
        #expect(close(mean, 100 * p, within: 0.02), "mean \(mean)")
        #expect(close(squares / Double(draws) - mean * mean, 100 * p * (1 - p), within: 0.06))
    }

    @Test("streams under one seed are reproducible and distinct")
    func streams() {
        var a = SeededRandom(seed: 7, stream: 0)
        var b = SeededRandom(seed: 7, stream: 0)
        var c = SeededRandom(seed: 7, stream: 1)
        let first = (0..<4).map { _ in a.next() }
        #expect(first == (0..<4).map { _ in b.next() })
        #expect(first != (0..<4).map { _ in c.next() })
    }
}

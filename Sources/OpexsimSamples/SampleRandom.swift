import OpexsimTraces

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The random numbers of one replica of the sample trace: its own seeded stream, with standard normal
/// numbers drawn in pairs by Marsaglia's polar method (one logarithm per pair, no trigonometry).
struct SampleRandom {
    private var stream: SeededRandom
    private var spare = 0.0
    private var hasSpare = false

    init(seed: UInt64, stream: UInt64) {
        self.stream = SeededRandom(seed: seed, stream: stream)
    }

    /// A uniform number in [0, 1).
    @inline(__always)
    mutating func unit() -> Double { stream.nextUnit() }

    /// A standard normal number.
    mutating func gaussian() -> Double {
        if hasSpare {
            hasSpare = false
            return spare
        }
        while true {
            let u = 2 * stream.nextUnit() - 1
            let v = 2 * stream.nextUnit() - 1
            let s = u * u + v * v
            guard s > 0, s < 1 else { continue }
            let factor = (-2 * log(s) / s).squareRoot()
            spare = v * factor
            hasSpare = true
            return u * factor
        }
    }
}

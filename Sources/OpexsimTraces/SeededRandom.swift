/// A seeded pseudo-random generator (xoshiro256**, seeded through SplitMix64): the same seed gives
/// the same numbers on every platform and run.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    @usableFromInline var state: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        var mixer = seed
        func splitMix() -> UInt64 {
            mixer &+= Self.golden
            return Self.finalise(mixer)
        }
        state = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    /// The generator of one of many independent streams under `seed` (one per replica, say): the
    /// stream number is mixed by SplitMix64's finaliser, so neighbouring streams share no state.
    public init(seed: UInt64, stream: UInt64) {
        self.init(seed: seed ^ Self.finalise(stream &+ Self.golden))
    }

    /// SplitMix64's increment.
    static let golden: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// SplitMix64's output function.
    static func finalise(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inlinable
    public mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotate(state.3, 45)
        return result
    }

    @inlinable
    func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A uniform number in [0, 1).
    @inlinable
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A standard normal number (Box–Muller).
    public mutating func nextGaussian() -> Double {
        let u1 = max(nextUnit(), 1e-300)
        let u2 = nextUnit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

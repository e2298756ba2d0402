import OpexsimTraces

/// The settings both Robusta KRR strategies share, with KRR's defaults and flag names
/// (`--history_duration` is written `history_duration` or `history-duration` here).
public struct KRRSettings: Sendable, Equatable {
    /// History used, milliseconds: samples in (tick − history, tick]. `history_duration`, default
    /// 336 h (14 days); a bare number is hours, as KRR's flag, and `7d` or `36h` are accepted too.
    public var history: Int64
    /// Samples needed, summed over the container's pods, before a resource gets a recommendation
    /// (KRR's "Not enough data" otherwise). `points_required`, default 100.
    public var pointsRequired: Int
    /// Percentage added to the peak working set. `memory_buffer_percentage`, default 15.
    public var memoryBufferPercentage: Double
    /// Whether OOM kills raise the memory to their limit plus a buffer. `use_oomkill_data`,
    /// default false.
    public var usesOOMKillData: Bool
    /// Percentage added to the highest limit the container was OOM-killed at.
    /// `oom_memory_buffer_percentage`, default 25.
    public var oomMemoryBufferPercentage: Double
    /// Smallest CPU recommended, cores, applied after rounding. `cpu_min`, default 10
    /// (millicores; a quantity such as `25m` is accepted too).
    public var minimumCPU: Double
    /// Smallest memory recommended, bytes, applied after rounding. `mem_min`, default 100
    /// (MiB, which KRR's help calls megabytes; a quantity such as `64Mi` is accepted too).
    public var minimumMemory: Double

    /// The parameter names every KRR strategy accepts.
    public static let parameterNames = [
        "history-duration", "points-required", "memory-buffer-percentage", "use-oomkill-data",
        "oom-memory-buffer-percentage", "cpu-min", "mem-min",
    ]

    /// Reads the shared settings of `spec`, KRR's defaults for those not given.
    public init(_ spec: PolicySpec) throws {
        history = try Self.hours(spec, "history-duration", default: 336)
        let points = try spec.number("points-required", default: 100, in: 1...1e12)
        guard points == points.rounded() else {
            throw PolicyError(
                "policy \(spec.name): points-required must be a whole number, found \"\(points.shortText)\"")
        }
        pointsRequired = Int(points)
        memoryBufferPercentage = try spec.number("memory-buffer-percentage", default: 15, in: 0...10_000)
        usesOOMKillData = try Self.flag(spec, "use-oomkill-data", default: false)
        oomMemoryBufferPercentage = try spec.number("oom-memory-buffer-percentage", default: 25, in: 0...10_000)
        minimumCPU = try Self.amount(spec, "cpu-min", default: 10, unit: 0.001, cores: true)
        minimumMemory = try Self.amount(spec, "mem-min", default: 100, unit: 1_048_576, cores: false)
    }

    /// A duration whose bare numbers are hours.
    static func hours(_ spec: PolicySpec, _ key: String, default hours: Double) throws -> Int64 {
        guard let text = spec[key], let number = Double(text) else {
            return try spec.duration(key, default: Int64(hours * 3_600_000))!
        }
        guard number > 0, number <= 1_000_000 else {
            throw PolicyError(
                "policy \(spec.name): \(key) must be a positive number of hours (at most 1,000,000) or a duration such as 7d, found \"\(text)\""
            )
        }
        return Int64((number * 3_600_000).rounded())
    }

    /// `true`/`false` (also `yes`/`no`, `1`/`0`).
    static func flag(_ spec: PolicySpec, _ key: String, default fallback: Bool) throws -> Bool {
        guard let text = spec[key] else { return fallback }
        switch text.lowercased() {
        case "true", "yes", "1": return true
        case "false", "no", "0": return false
        default: throw PolicyError("policy \(spec.name): \(key) must be true or false, found \"\(text)\"")
        }
    }

    /// A bare number in KRR's `unit` (millicores, MiB), or a Kubernetes quantity with its own unit.
    static func amount(_ spec: PolicySpec, _ key: String, default count: Double, unit: Double, cores: Bool) throws
        -> Double
    {
        guard let text = spec[key], Double(text) == nil else {
            let maximum = ((cores ? Quantity.maximumCores : Quantity.maximumBytes) / unit).rounded(.down)
            return try spec.number(key, default: count, in: 0...maximum) * unit
        }
        return try spec.quantity(key, default: nil, cores: cores)!
    }
}

extension KRRSettings {
    /// The percentile KRR hands PromQL for a setting of `percentile`: it writes the quantile as
    /// Python's `round(percentile / 100, 2)`, which rounds the binary value exactly and ties to
    /// even, so 99.5 becomes 0.99 and 12.5 becomes 0.12. Returned as a percentile (0...100).
    public static func promQLPercentile(_ percentile: Double) -> Double {
        let quantile = percentile / 100
        let scaled = quantile * 100
        let below = scaled.rounded(.down)
        guard scaled - below == 0.5 else { return scaled.rounded() }
        // On a tie after rounding, the product's exact residual says which side the quantile is on.
        let residual = (-scaled).addingProduct(quantile, 100)
        if residual > 0 { return below + 1 }
        if residual < 0 { return below }
        return below.truncatingRemainder(dividingBy: 2) == 0 ? below : below + 1
    }
}

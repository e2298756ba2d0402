import OpexsimTraces

/// Durations in milliseconds, the unit of `TraceInstant`.
public let minute: Int64 = 60_000
public let hour: Int64 = 3_600_000
public let day: Int64 = 86_400_000

/// Bytes.
public let mebibyte = 1_048_576.0
public let gibibyte = 1_073_741_824.0

/// True when `actual` is within `tolerance` of `expected`, relative to `expected`.
public func isClose(_ actual: Double, _ expected: Double, relative tolerance: Double) -> Bool {
    abs(actual - expected) <= tolerance * abs(expected)
}

/// True when `actual` is within `tolerance` of `expected`.
public func isClose(_ actual: Double, _ expected: Double, absolute tolerance: Double) -> Bool {
    abs(actual - expected) <= tolerance
}

/// `count` samples of `value`.
public func repeated(_ value: Double, _ count: Int) -> [Double] { Array(repeating: value, count: count) }

/// The recommender's `ResourceAmount` (`pkg/recommender/model/types.go`): CPU as whole millicores,
/// memory as whole bytes, both `Int64`. These are its conversions, each truncating or rounding
/// exactly where upstream does.
public enum VPAResourceAmount {
    /// `resourceAmountFromFloat`: truncation toward zero, negatives to 0, anything above `maximum`
    /// to `maximum` (`MaxResourceAmount`, 1e14). NaN, which Go converts to an
    /// architecture-dependent integer, becomes 0 (arm64's answer; every caller then takes a
    /// maximum with a non-negative floor, so amd64's `MinInt64` gives the same result).
    public static func fromFloat(_ amount: Double, maximum: Int64) -> Int64 {
        if amount > Double(maximum) { return maximum }
        guard amount > 0 else { return 0 }
        return Int64(amount)
    }

    /// `ScaleResource`: `amount × factor`, converted by `fromFloat`.
    public static func scale(_ amount: Int64, by factor: Double, maximum: Int64) -> Int64 {
        fromFloat(Double(amount) * factor, maximum: maximum)
    }

    /// `RoundUpToScale`, as `ResourcesAsResourceList` applies it: up to a multiple of `multiple`,
    /// computed through `float64`; a multiple of 1 or less, or a zero amount, is left alone.
    public static func roundUp(_ amount: Int64, toMultipleOf multiple: Int64) -> Int64 {
        guard multiple > 1, amount != 0 else { return amount }
        return Int64((Double(amount) / Double(multiple)).rounded(.up)) * multiple
    }

    /// CPU usage in cores as the metrics-server feed delivers it: a nanocore quantity read with
    /// `Quantity.MilliValue()`, which rounds up to whole millicores. The value is first snapped to
    /// whole nanocores (metrics-server's resolution) so that float noise does not add a millicore.
    /// Nil for a negative, infinite or NaN value, which upstream would discard.
    public static func millicores(fromCores cores: Double) -> Int64? {
        guard cores >= 0, cores.isFinite else { return nil }
        let nanocores = (cores * 1e9).rounded()
        guard nanocores < 0x1p62 else { return nil }
        let nanos = Int64(nanocores)
        return nanos / 1_000_000 + (nanos % 1_000_000 == 0 ? 0 : 1)
    }

    /// Memory in bytes as `Quantity.Value()` reads it: rounded up to a whole byte. Nil for a
    /// negative, infinite or NaN value.
    public static func bytes(from bytes: Double) -> Int64? {
        guard bytes >= 0, bytes.isFinite, bytes < 0x1p62 else { return nil }
        return Int64(bytes.rounded(.up))
    }
}

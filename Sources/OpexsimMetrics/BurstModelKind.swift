/// How CPU demand is spread inside a sample interval, which decides how much a CPU limit throttles
/// when the interval's mean is below it. A CFS period (100 ms) is throttled when its demand exceeds
/// the limit; the demand above the limit is held back ("unserved").
///
/// - `percentiles`: the trace's within-interval CPU percentile vector (`cpu_p<level>`, `cpu_max`),
///   read as a piecewise-linear distribution of per-period demand.
/// - `observed`: the trace's `cpu_throttled_ratio`, recorded under the recorded limit: the fitted
///   shape is stretched around the sample's mean until it throttles the observed share of periods
///   at the recorded limit (where no stretch can, the lognormal that the mean and the ratio pin
///   down), then evaluated at the candidate limit.
/// - `fitted`: lognormal per-period demand whose spread comes from the container's own burstiness
///   (its samples' spread around their local level, scaled from the sample interval down to 100 ms)
///   and whose level makes the recorded mean what the recorded limit let through; calibrated against
///   the kernel (see `CalibratedBurst`).
/// - `mean`: no burst inside an interval; throttled only when the mean exceeds the limit.
/// - `auto`: per sample, `percentiles` where the vector is present, else `observed` where the ratio
///   and a recorded limit are present, else `fitted`.
public enum BurstModelKind: String, CaseIterable, Sendable {
    case auto, percentiles, observed, fitted, mean
}

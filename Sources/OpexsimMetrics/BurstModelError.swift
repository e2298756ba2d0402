/// How far a burst model's throttled ratio is from what the Linux kernel counted: the mean absolute
/// error per sample of the throttled share of runnable CFS periods, measured on the committed
/// recordings of real CFS quotas (`Benchmarks/throttling`, README "Throttling calibration").
public struct BurstModelError: Sendable, Equatable {
    /// The model measured.
    public let model: BurstModelKind
    /// Mean absolute error on samples of 10 s and of 60 s.
    public let at10s: Double
    public let at60s: Double
    /// What the error was measured on, in a few words (\"on workload shapes it was not fitted on\").
    public let measuredOn: String

    public init(model: BurstModelKind, at10s: Double, at60s: Double, measuredOn: String) {
        self.model = model
        self.at10s = at10s
        self.at60s = at60s
        self.measuredOn = measuredOn
    }

    /// The measured error of `model`, nil for `auto` (which uses the others per sample).
    public static func measured(_ model: BurstModelKind) -> BurstModelError? {
        switch model {
        case .fitted:
            // Fitted on two workload shapes, tested on the third (ThrottlingCalibrationTests).
            BurstModelError(
                model: .fitted, at10s: 0.098, at60s: 0.152, measuredOn: "on workload shapes it was not fitted on")
        case .observed:
            BurstModelError(
                model: .observed, at10s: 0.157, at60s: 0.213, measuredOn: "at a limit other than the recorded one")
        case .percentiles:
            BurstModelError(
                model: .percentiles, at10s: 0.296, at60s: 0.319,
                measuredOn: "from per-second usage percentiles, at the recorded limit")
        case .mean:
            BurstModelError(model: .mean, at10s: 0.389, at60s: 0.467, measuredOn: "at the recorded limit")
        case .auto: nil
        }
    }
}

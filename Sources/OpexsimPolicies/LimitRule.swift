import OpexsimTraces

/// How a right-sizing policy sets a limit once it has chosen the request.
public enum LimitRule: Sendable, Equatable, CustomStringConvertible {
    /// Keep the limit the trace recorded.
    case keep
    /// No limit.
    case none
    /// Limit equal to the new request (Guaranteed QoS when both resources do it).
    case request
    /// Keep the recorded limit-to-request ratio, as VPA's RequestsAndLimits does; no recorded limit
    /// stays no limit.
    case proportional
    /// The new request times this factor (at least 1).
    case multiple(Double)
    /// This percentile (0...100) of the observed usage, plus the margin; at least the request.
    case percentile(Double)

    /// Parses `keep`, `none`, `request`, `proportional`, `x2` / `2x`, `p99`.
    public init(parsing text: String, key: String) throws {
        let lower = text.lowercased()
        switch lower {
        case "keep", "recorded": self = .keep
        case "none", "unset": self = .none
        case "request", "equal": self = .request
        case "proportional", "ratio": self = .proportional
        default:
            if lower.hasPrefix("p"), let level = Double(lower.dropFirst()), (0...100).contains(level) {
                self = .percentile(level)
            } else if let factor = Double(
                lower.hasPrefix("x") ? String(lower.dropFirst()) : lower.hasSuffix("x") ? String(lower.dropLast()) : "-"
            ),
                factor >= 1
            {
                self = .multiple(factor)
            } else {
                throw PolicyError(
                    "\(key) must be keep, none, request, proportional, a multiple such as x2, or a percentile such as p99; found \"\(text)\""
                )
            }
        }
    }

    public var description: String {
        switch self {
        case .keep: return "keep"
        case .none: return "none"
        case .request: return "request"
        case .proportional: return "proportional"
        case .multiple(let factor): return "x\(factor.shortText)"
        case .percentile(let level): return "p\(level.shortText)"
        }
    }

    /// The limit for a new request, given the recorded request and limit and, for `percentile`,
    /// the observed value at that percentile with margin. Never below the request.
    public func limit(newRequest: Double, recordedRequest: Double?, recordedLimit: Double?, percentileValue: Double?)
        -> SettingsOverride.Field
    {
        let value: Double?
        switch self {
        case .keep:
            guard let recordedLimit else { return .unset }
            value = recordedLimit
        case .none:
            return .unset
        case .request:
            value = newRequest
        case .proportional:
            guard let recordedLimit else { return .unset }
            if let recordedRequest, recordedRequest > 0 {
                value = recordedLimit * newRequest / recordedRequest
            } else {
                value = newRequest
            }
        case .multiple(let factor):
            value = newRequest * factor
        case .percentile:
            value = percentileValue
        }
        return .value(max(value ?? newRequest, newRequest))
    }
}

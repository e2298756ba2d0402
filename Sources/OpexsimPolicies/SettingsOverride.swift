import OpexsimTraces

/// Settings a policy imposes on a container, field by field: keep what the trace recorded, remove
/// the setting, or set a value.
public struct SettingsOverride: Hashable, Sendable, CustomStringConvertible {
    public enum Field: Hashable, Sendable {
        /// Whatever the trace recorded at the time.
        case recorded
        /// No request or limit.
        case unset
        /// This many cores or bytes.
        case value(Double)

        func applied(to recorded: Double?) -> Double? {
            switch self {
            case .recorded: return recorded
            case .unset: return nil
            case .value(let value): return value
            }
        }
    }

    public var cpuRequest: Field
    public var cpuLimit: Field
    public var memoryRequest: Field
    public var memoryLimit: Field

    public init(
        cpuRequest: Field = .recorded, cpuLimit: Field = .recorded,
        memoryRequest: Field = .recorded, memoryLimit: Field = .recorded
    ) {
        self.cpuRequest = cpuRequest
        self.cpuLimit = cpuLimit
        self.memoryRequest = memoryRequest
        self.memoryLimit = memoryLimit
    }

    /// Sets every field to exactly these settings.
    public init(exactly settings: ResourceSettings) {
        func field(_ value: Double?) -> Field { value.map(Field.value) ?? .unset }
        self.init(
            cpuRequest: field(settings.cpuRequest), cpuLimit: field(settings.cpuLimit),
            memoryRequest: field(settings.memoryRequest), memoryLimit: field(settings.memoryLimit))
    }

    /// Keeps every recorded setting.
    public static let recorded = SettingsOverride()

    /// The settings in effect when the trace recorded `recorded`. A request above its limit is
    /// lowered to the limit: Kubernetes rejects a container whose request exceeds its limit.
    public func applied(to recorded: ResourceSettings) -> ResourceSettings {
        var settings = ResourceSettings(
            cpuRequest: cpuRequest.applied(to: recorded.cpuRequest),
            cpuLimit: cpuLimit.applied(to: recorded.cpuLimit),
            memoryRequest: memoryRequest.applied(to: recorded.memoryRequest),
            memoryLimit: memoryLimit.applied(to: recorded.memoryLimit))
        if let request = settings.cpuRequest, let limit = settings.cpuLimit, request > limit {
            settings.cpuRequest = limit
        }
        if let request = settings.memoryRequest, let limit = settings.memoryLimit, request > limit {
            settings.memoryRequest = limit
        }
        return settings
    }

    public var description: String {
        func text(_ field: Field, _ format: (Double) -> String) -> String {
            switch field {
            case .recorded: return "recorded"
            case .unset: return "unset"
            case .value(let value): return format(value)
            }
        }
        return "cpu \(text(cpuRequest, Quantity.formatCPU))/\(text(cpuLimit, Quantity.formatCPU)), "
            + "memory \(text(memoryRequest, Quantity.formatMemory))/\(text(memoryLimit, Quantity.formatMemory))"
    }
}

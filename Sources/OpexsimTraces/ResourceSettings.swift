/// A container's requests and limits. CPU in cores, memory in bytes; nil means unset.
public struct ResourceSettings: Hashable, Sendable, CustomStringConvertible {
    // Held as NaN where unset: 32 bytes, against 64 for four optionals (the replay keeps a copy per
    // replica, a summary one per container). A value set to NaN reads as unset.
    @usableFromInline var cpuRequestValue: Double
    @usableFromInline var cpuLimitValue: Double
    @usableFromInline var memoryRequestValue: Double
    @usableFromInline var memoryLimitValue: Double

    @inlinable public var cpuRequest: Double? {
        get { cpuRequestValue.isNaN ? nil : cpuRequestValue }
        set { cpuRequestValue = newValue ?? .nan }
    }
    @inlinable public var cpuLimit: Double? {
        get { cpuLimitValue.isNaN ? nil : cpuLimitValue }
        set { cpuLimitValue = newValue ?? .nan }
    }
    @inlinable public var memoryRequest: Double? {
        get { memoryRequestValue.isNaN ? nil : memoryRequestValue }
        set { memoryRequestValue = newValue ?? .nan }
    }
    @inlinable public var memoryLimit: Double? {
        get { memoryLimitValue.isNaN ? nil : memoryLimitValue }
        set { memoryLimitValue = newValue ?? .nan }
    }

    public init(
        cpuRequest: Double? = nil, cpuLimit: Double? = nil, memoryRequest: Double? = nil, memoryLimit: Double? = nil
    ) {
        cpuRequestValue = cpuRequest ?? .nan
        cpuLimitValue = cpuLimit ?? .nan
        memoryRequestValue = memoryRequest ?? .nan
        memoryLimitValue = memoryLimit ?? .nan
    }

    public static func == (a: ResourceSettings, b: ResourceSettings) -> Bool {
        a.cpuRequest == b.cpuRequest && a.cpuLimit == b.cpuLimit && a.memoryRequest == b.memoryRequest
            && a.memoryLimit == b.memoryLimit
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(cpuRequest)
        hasher.combine(cpuLimit)
        hasher.combine(memoryRequest)
        hasher.combine(memoryLimit)
    }

    /// No requests and no limits (a BestEffort container).
    public static let unset = ResourceSettings()

    /// The CPU request Kubernetes schedules and bills by: the request, else the limit (Kubernetes
    /// defaults a missing request to the limit), else zero.
    @inlinable public var effectiveCPURequest: Double { cpuRequest ?? cpuLimit ?? 0 }
    /// The memory request, defaulted the same way.
    @inlinable public var effectiveMemoryRequest: Double { memoryRequest ?? memoryLimit ?? 0 }

    public var description: String {
        func cpu(_ value: Double?) -> String { value.map(Quantity.formatCPU) ?? "-" }
        func memory(_ value: Double?) -> String { value.map(Quantity.formatMemory) ?? "-" }
        return "cpu \(cpu(cpuRequest))/\(cpu(cpuLimit)), memory \(memory(memoryRequest))/\(memory(memoryLimit))"
    }
}

/// A container's requests and limits. CPU in cores, memory in bytes; nil means unset.
public struct ResourceSettings: Hashable, Sendable, CustomStringConvertible {
    public var cpuRequest: Double?
    public var cpuLimit: Double?
    public var memoryRequest: Double?
    public var memoryLimit: Double?

    public init(
        cpuRequest: Double? = nil, cpuLimit: Double? = nil, memoryRequest: Double? = nil, memoryLimit: Double? = nil
    ) {
        self.cpuRequest = cpuRequest
        self.cpuLimit = cpuLimit
        self.memoryRequest = memoryRequest
        self.memoryLimit = memoryLimit
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

/// A policy that the catalogue builds: its parameters parse from a spec once (throwing on bad
/// input), and a fresh policy is made from them without failing.
public protocol CataloguedPolicy: ResourcePolicy, SendableMetatype {
    /// What the spec says, checked and parsed.
    associatedtype Parameters: Sendable
    /// The parameters a spec of this policy may give.
    static var parameterNames: [String] { get }
    /// Parses and checks a spec's parameters.
    static func parameters(of spec: PolicySpec) throws -> Parameters
    /// A fresh policy, knowing nothing yet.
    init(spec: PolicySpec, parameters: Parameters)
    /// The VerticalPodAutoscaler objects the policy stands for, if any.
    static func vpaSetup(of parameters: Parameters) -> VPASetup?
}

extension CataloguedPolicy {
    public static func vpaSetup(of parameters: Parameters) -> VPASetup? { nil }

    /// A spec's parameters after checking that it names no unknown one.
    public static func checkedParameters(of spec: PolicySpec) throws -> Parameters {
        try spec.rejectUnknown(parameterNames)
        return try parameters(of: spec)
    }

    /// Parses `spec` and builds the policy (for one-off use; replays resolve a `PolicyFactory` once).
    public init(_ spec: PolicySpec) throws {
        self.init(spec: spec, parameters: try Self.checkedParameters(of: spec))
    }
}

/// A policy spec resolved once: its parameters (and any manifests) parsed and checked, what the
/// policy can do, and a `make()` that builds a fresh copy, as every scenario and every part of a
/// partitioned replay needs one of its own.
public struct PolicyFactory: Sendable {
    /// The policy as the user wrote it.
    public let spec: PolicySpec
    public let capabilities: PolicyCapabilities
    /// The VerticalPodAutoscaler objects the policy stands for (VPA policies and manifest files).
    public let vpaSetup: VPASetup?
    private let build: @Sendable () -> any ResourcePolicy

    /// Resolves a spec: a catalogue name or a file of VerticalPodAutoscaler objects.
    public init(resolving spec: PolicySpec) throws {
        self = try PolicyCatalogue.factory(for: spec)
    }

    /// The factory of a catalogued policy type.
    public init<Policy: CataloguedPolicy>(_ type: Policy.Type, spec: PolicySpec) throws {
        self.init(spec: spec, parameters: try Policy.checkedParameters(of: spec), type: type)
    }

    /// The factory of a catalogued policy type with parameters already parsed.
    public init<Policy: CataloguedPolicy>(spec: PolicySpec, parameters: Policy.Parameters, type: Policy.Type) {
        self.spec = spec
        let setup = Policy.vpaSetup(of: parameters)
        capabilities = PolicyCapabilities(of: type, writesVPAObjects: setup != nil)
        vpaSetup = setup
        build = { Policy(spec: spec, parameters: parameters) }
    }

    /// The factory of a policy built by `build` (a composite of other policies).
    public init(spec: PolicySpec, capabilities: PolicyCapabilities, build: @escaping @Sendable () -> any ResourcePolicy)
    {
        self.spec = spec
        self.capabilities = capabilities
        vpaSetup = nil
        self.build = build
    }

    /// A fresh policy, knowing nothing yet.
    public func make() -> any ResourcePolicy { build() }
}

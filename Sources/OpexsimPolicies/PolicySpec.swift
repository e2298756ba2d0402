import OpexsimTraces

/// A policy as the user writes it: `NAME` or `NAME:key=value,key=value`
/// (e.g. `percentile:cpu=95,memory=100,margin=0.15`).
public struct PolicySpec: Sendable, Hashable, CustomStringConvertible {
    /// The policy family, e.g. `percentile`.
    public var name: String
    /// Parameters in the order written.
    public var parameters: [Parameter]

    public struct Parameter: Sendable, Hashable {
        public var key: String
        public var value: String
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    public init(name: String, parameters: [Parameter] = []) {
        self.name = name
        self.parameters = parameters
    }

    /// Parses `NAME[:key=value,...]`.
    public init(parsing text: String) throws {
        let trimmed = text.trimming(" ")
        let parts = trimmed.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let rawName = String(parts[0])
        // A policy file keeps its path as written.
        name = Self.isFile(rawName) ? rawName : rawName.lowercased()
        guard !name.isEmpty else { throw PolicyError("empty policy name in \"\(text)\"") }
        parameters = []
        if parts.count == 2 {
            for item in parts[1].split(separator: ",", omittingEmptySubsequences: false) {
                let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard pair.count == 2, !pair[0].isEmpty, !pair[1].isEmpty else {
                    throw PolicyError("policy \(name): expected key=value, found \"\(item)\"")
                }
                let key = String(pair[0]).trimming(" ").lowercased().replacingUnderscores()
                if parameters.contains(where: { $0.key == key }) {
                    throw PolicyError("policy \(name): parameter \(key) given twice")
                }
                parameters.append(Parameter(key: key, value: String(pair[1]).trimming(" ")))
            }
        }
    }

    /// True when a policy name is a path to a policy file (`models/policies/vpa.yaml`).
    public static func isFile(_ name: String) -> Bool {
        name.contains("/") || name.hasSuffix(".yaml") || name.hasSuffix(".yml")
    }

    /// The value of a parameter, if given.
    public subscript(key: String) -> String? {
        parameters.first { $0.key == key }?.value
    }

    /// `NAME` or `NAME:key=value,...`, the label of the scenario in reports.
    public var description: String {
        parameters.isEmpty ? name : name + ":" + parameters.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }

    /// Throws for any parameter not in `known`.
    public func rejectUnknown(_ known: [String]) throws {
        for parameter in parameters where !known.contains(parameter.key) {
            throw PolicyError(
                "policy \(name): unknown parameter \(parameter.key) (known: \(known.joined(separator: ", ")))")
        }
    }

    /// A number parameter within `range`, or `fallback` when absent.
    public func number(_ key: String, default fallback: Double, in range: ClosedRange<Double>) throws -> Double {
        guard let text = self[key] else { return fallback }
        guard let value = Double(text), range.contains(value) else {
            throw PolicyError(
                "policy \(name): \(key) must be a number from \(range.lowerBound.shortText) to \(range.upperBound.shortText), found \"\(text)\""
            )
        }
        return value
    }

    /// A Kubernetes quantity parameter of CPU (`cores`) or memory, or `fallback` when absent; at
    /// most what a trace may hold (`Quantity.maximumCores`, `Quantity.maximumBytes`).
    public func quantity(_ key: String, default fallback: Double?, cores: Bool) throws -> Double? {
        guard let text = self[key] else { return fallback }
        guard let value = Quantity.parse(text), value >= 0 else {
            throw PolicyError(
                "policy \(name): \(key) must be a Kubernetes quantity such as 250m or 512Mi, found \"\(text)\"")
        }
        guard value <= (cores ? Quantity.maximumCores : Quantity.maximumBytes) else {
            throw PolicyError(
                "policy \(name): \(key) must be at most \(cores ? "\(Quantity.maximumCoresText) cores" : "1Ei"), found \"\(text)\""
            )
        }
        return value
    }

    /// A duration parameter (`90s`, `6h`, `7d`), or `fallback` when absent.
    public func duration(_ key: String, default fallback: Int64?) throws -> Int64? {
        guard let text = self[key] else { return fallback }
        guard let value = DurationText.parse(text), value > 0 else {
            throw PolicyError("policy \(name): \(key) must be a duration such as 30m, 6h or 7d, found \"\(text)\"")
        }
        return value
    }
}

/// A policy that cannot be built as written.
public struct PolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension String {
    /// `cpu_request` and `cpu-request` name the same parameter.
    func replacingUnderscores() -> String {
        String(map { $0 == "_" ? "-" : $0 })
    }
}

extension Double {
    /// `95`, `0.15`: the shortest text of a number for messages.
    public var shortText: String {
        self == rounded() && abs(self) < 1e15 ? String(Int64(self)) : String(self)
    }
}

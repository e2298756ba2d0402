extension ShippedModels {
    /// The shipped file a path names by its part after the last `models` folder
    /// (`models/pricing/aws-m5-spot-mix.yaml`, `../x/models/failures/shop-chaos.yaml`); nil when none.
    public static func text(forPath path: String) -> String? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard let folder = parts.lastIndex(of: "models"), folder + 1 < parts.count else { return nil }
        return files[parts[(folder + 1)...].joined(separator: "/")]
    }
}

extension ShippedModels {
    /// The shipped pricing models by name (`aws-m5-spot-mix`), as `--pricing` takes them, sorted.
    public static var pricingNames: [String] {
        files.keys.filter { $0.hasPrefix("pricing/") }.map { String($0.dropFirst(8).split(separator: ".")[0]) }.sorted()
    }

    /// The shipped policy files by path (`models/policies/shop-vpa.yaml`), as `--policy` takes them, sorted.
    public static var policyPaths: [String] {
        files.keys.filter { $0.hasPrefix("policies/") }.map { "models/" + $0 }.sorted()
    }
}

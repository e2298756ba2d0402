extension ShippedModels {
    /// The shipped file a path names by its part after the last `models` folder
    /// (`models/pricing/aws-m5-spot-mix.yaml`, `../x/models/failures/shop-chaos.yaml`); nil when none.
    public static func text(forPath path: String) -> String? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard let folder = parts.lastIndex(of: "models"), folder + 1 < parts.count else { return nil }
        return files[parts[(folder + 1)...].joined(separator: "/")]
    }
}

/// Where model files are looked up by name.
public enum ModelDirectories {
    /// `directory` (a `--models DIR`), then `models`, whose files the binary carries: a directory
    /// given adds to the shipped models, it does not hide them.
    public static func searched(_ directory: String) -> [String] {
        let trimmed = directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory
        return trimmed == "models" ? ["models"] : [trimmed, "models"]
    }
}

/// A problem in an input file, located by file, line and column (both 1-based).
public struct TraceError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: message`, the form editors and compilers use.
    public var description: String {
        if line == 0 { return "\(file): \(message)" }
        return "\(file):\(line):\(column): \(message)"
    }
}

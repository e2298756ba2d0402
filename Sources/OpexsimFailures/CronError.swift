/// A cron expression that cannot be parsed: the expression and what is wrong with it (the bad
/// field by name). Loaders wrap it with the file, line and column.
public struct CronError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The expression as written.
    public var expression: String
    public var message: String

    public init(expression: String, message: String) {
        self.expression = expression
        self.message = message
    }

    public var description: String { "cron \"\(expression)\": \(message)" }
}

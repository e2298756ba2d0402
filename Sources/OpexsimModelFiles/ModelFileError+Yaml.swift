import OpexsimTraces
import Yams

extension ModelFileError {
    /// A YAML syntax problem as one line at its position: `file:line:column: not valid YAML: problem`
    /// (the libyaml context, such as "while parsing a block mapping", follows the problem).
    public init(file: String, yaml error: YamlError, what: String = "YAML") {
        func oneLine(_ text: String) -> String {
            String(text.map { $0 == "\n" || $0 == "\r" ? " " : $0 }).trimming(" ")
        }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let during = context.map { " (\(oneLine($0.text)) at \($0.mark.line):\($0.mark.column))" } ?? ""
            self.init(
                file: "\(file):\(mark.line):\(mark.column)", message: "not valid \(what): \(oneLine(problem))\(during)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().prefix(5).map { "'\(oneLine($0))'" }.joined(separator: ", ")
            let more = duplicates.count > 5 ? " and \(duplicates.count - 5) more" : ""
            // Yams marks the first occurrence of the (first) repeated key.
            self.init(
                file: "\(file):\(context.mark.line):\(context.mark.column)",
                message:
                    "not valid \(what): the key\(duplicates.count == 1 ? "" : "s") \(keys)\(more) appear\(duplicates.count == 1 ? "s" : "") again later in the same mapping"
            )
        case .reader(let problem, let offset, let value, let yaml):
            // The offset counts bytes from the start of the text.
            var line = 1, column = 1
            if let offset {
                for byte in yaml.utf8.prefix(offset) {
                    if byte == UInt8(ascii: "\n") {
                        line += 1
                        column = 1
                    } else if byte & 0xC0 != 0x80 {
                        column += 1
                    }
                }
            }
            let position = offset == nil ? "" : ":\(line):\(column)"
            self.init(
                file: "\(file)\(position)", message: "not valid \(what): \(oneLine(problem)) (character \(value))")
        default:
            self.init(file: file, message: "not valid \(what): \(oneLine("\(error)"))")
        }
    }
}

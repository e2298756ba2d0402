/// Markdown text handed on in pieces of about `size` bytes as it is rendered: a section with a row
/// per container is never held whole.
struct MarkdownPieces {
    /// How many bytes a piece gathers before it is handed on.
    let size: Int
    private var text = ""
    private let emit: (String) -> Void

    init(size: Int = 1 << 20, emit: @escaping (String) -> Void) {
        self.size = size
        self.emit = emit
    }

    /// Adds text, handing the piece on once it is large enough.
    mutating func append(_ more: String) {
        text += more
        if text.utf8.count >= size { flush() }
    }

    /// Adds a table row (`MarkdownReport.appendRow`).
    mutating func row(_ cells: [String]) {
        MarkdownReport.appendRow(cells, to: &text)
        if text.utf8.count >= size { flush() }
    }

    /// Hands on what is gathered.
    mutating func flush() {
        guard !text.isEmpty else { return }
        emit(text)
        text = ""
    }
}

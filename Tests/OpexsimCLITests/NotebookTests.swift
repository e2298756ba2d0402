import Foundation
import Testing

/// One shell command of a notebook and the output the notebook shows for it, if any.
struct NotebookCell {
    var command: String
    /// Line range (0-based, exclusive end) of the output block's body in the notebook.
    var output: Range<Int>?
    var expected: String?
}

/// Reads the cells of a Markdown notebook: every fenced `sh` block is a command; a fenced `text`
/// block right after it (blank lines allowed between) is the output it prints.
func notebookCells(_ lines: [Substring]) -> [NotebookCell] {
    var cells: [NotebookCell] = []
    var index = 0
    func block(from start: Int) -> Range<Int> {
        var end = start
        while end < lines.count && lines[end] != "```" { end += 1 }
        return start..<end
    }
    while index < lines.count {
        guard lines[index] == "```sh" else {
            index += 1
            continue
        }
        let body = block(from: index + 1)
        var cell = NotebookCell(command: lines[body].joined(separator: "\n"))
        index = body.upperBound + 1
        var next = index
        while next < lines.count && lines[next].isEmpty { next += 1 }
        if next < lines.count && lines[next] == "```text" {
            let output = block(from: next + 1)
            cell.output = output
            cell.expected = lines[output].map { $0 + "\n" }.joined()
            index = output.upperBound + 1
        }
        cells.append(cell)
    }
    return cells
}

/// Runs `command` with `sh -c` in the repository root, the built `opexsim` first on the PATH.
func shell(_ command: String) throws -> Run {
    var environment = ProcessInfo.processInfo.environment
    environment["PATH"] =
        opexsimBinary.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
    return try runProcess(URL(fileURLWithPath: "/bin/sh"), ["-c", command], environment: environment)
}

let notebooksDirectory = repositoryRoot.appendingPathComponent("notebooks-md")

/// The notebooks under notebooks-md, by file name.
let notebookNames: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: notebooksDirectory.path)) ?? [])
    .filter { $0.hasSuffix(".md") && $0 != "README.md" }.sorted()

/// The Markdown notebooks re-run: every command succeeds and prints exactly the output shown.
/// OPEXSIM_UPDATE_NOTEBOOKS=1 rewrites the outputs after an intended change (review the diff).
@Suite("Notebooks under notebooks-md")
struct NotebookTests {
    @Test("the notebook's commands print what it shows", arguments: notebookNames)
    func notebook(_ name: String) throws {
        let url = notebooksDirectory.appendingPathComponent(name)
        let text = try String(contentsOf: url, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let cells = notebookCells(lines)
        #expect(!cells.isEmpty, "\(name) has no sh blocks")
        if text.contains("../shared/datasets"),
            !FileManager.default.fileExists(atPath: repositoryRoot.appendingPathComponent("../shared/datasets").path)
        {
            print("notebooks-md/\(name): skipped, ../shared/datasets is absent")
            return
        }
        let updating = ProcessInfo.processInfo.environment["OPEXSIM_UPDATE_NOTEBOOKS"] == "1"
        var replacements: [(Range<Int>, [Substring])] = []
        for cell in cells {
            let run = try shell(cell.command)
            #expect(run.status == 0, "notebooks-md/\(name): `\(cell.command)` exited \(run.status): \(run.stderr)")
            guard let output = cell.output, let expected = cell.expected else { continue }
            if updating {
                let body = run.stdout.hasSuffix("\n") ? String(run.stdout.dropLast()) : run.stdout
                replacements.append(
                    (output, run.stdout.isEmpty ? [] : body.split(separator: "\n", omittingEmptySubsequences: false)))
            } else {
                #expect(
                    run.stdout == expected,
                    "notebooks-md/\(name): `\(cell.command)` printed something else; rerun with OPEXSIM_UPDATE_NOTEBOOKS=1 and review the diff"
                )
            }
        }
        if updating {
            for (range, body) in replacements.reversed() { lines.replaceSubrange(range, with: body) }
            try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        }
    }

    @Test("cells: sh blocks, their text outputs, blank lines between")
    func cells() {
        let lines: [Substring] = [
            "# T", "```sh", "echo a", "```", "", "```text", "a", "```", "```sh", "true", "```", "```text", "```",
        ]
        let cells = notebookCells(lines)
        #expect(cells.count == 2)
        #expect(cells[0].command == "echo a" && cells[0].expected == "a\n" && cells[0].output == 6..<7)
        #expect(cells[1].command == "true" && cells[1].expected == "" && cells[1].output == 12..<12)
    }
}

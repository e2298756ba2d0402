import Foundation
import Testing

@Suite("The CLI's edges: mistyped options and commands, ranges, duplicate samples across files, completion")
struct CLIEdgesTests {
    @Test("a mistyped option is named with the option it resembles, even when --policy is then missing")
    func mistypedOption() throws {
        for command in ["replay", "recommend"] {
            let run = try opexsim([command, sampleTrace, "--polcy", "static"])
            #expect(run.status == 64)
            #expect(
                run.stderr.hasPrefix("Error: Unknown option '--polcy'. Did you mean '--policy'?\n"), "\(run.stderr)")
            #expect(run.stdout.isEmpty)
        }
        let missing = try opexsim(["replay", sampleTrace])
        #expect(missing.status == 64)
        #expect(
            missing.stderr.hasPrefix(
                "Error: give at least one --policy (e.g. --policy static)\nUsage: opexsim replay [<options>] <traces> ..."
            ))
    }

    @Test("an unknown command, or help for one, is an error naming the commands")
    func unknownCommand() throws {
        let help = try opexsim(["help", "nosuch"])
        #expect(help.status == 64)
        #expect(help.stdout.isEmpty)
        #expect(
            help.stderr.hasPrefix(
                "Error: unknown command 'nosuch'\nCommands: replay, recommend, import, policies, generate, inspect, compare, plan, cache, sweep, merge\n"
            ))
        let typo = try opexsim(["replya", sampleTrace])
        #expect(typo.status == 64)
        #expect(typo.stderr.hasPrefix("Error: unknown command 'replya'. Did you mean 'replay'?\n"))
        let known = try opexsim(["help", "replay"])
        #expect(known.status == 0 && known.stdout.contains("USAGE: opexsim replay"))
    }

    @Test("a negative seed gets the range, not a bare 'invalid'")
    func negativeSeed() throws {
        let run = try opexsim(["replay", sampleTrace, "--policy", "static", "--seed=-1"])
        #expect(run.status == 64)
        #expect(
            run.stderr.hasPrefix(
                "Error: The value '-1' is invalid for '--seed <seed>': expected a whole number from 0 to 18446744073709551615"
            ))
    }

    @Test("a sample repeated in another file names both files")
    func duplicateAcrossFiles() throws {
        let directory = try temporaryDirectory()
        let header = "timestamp,namespace,workload,container,pod,cpu_cores,memory_bytes\n"
        let first = try write(header + "60,a,w,c,p,0.1,100\n120,a,w,c,p,0.1,100\n", "first.csv", in: directory)
        let second = try write(header + "120,a,w,c,p,0.2,100\n", "second.csv", in: directory)
        let run = try opexsim(["inspect", first, second])
        #expect(run.status == 1)
        #expect(
            run.stderr
                == "opexsim: error: \(second):2:1: duplicate sample: same namespace, workload, container, pod and timestamp as \(first) line 3\n"
        )
    }

    /// What bash completion offers for `line` (the word under the cursor last), from the generated script.
    func bashCompletions(_ line: [String]) throws -> [String] {
        let directory = try temporaryDirectory()
        let script = try opexsim(["--generate-completion-script", "bash"])
        #expect(script.status == 0)
        let path = try write(script.stdout, "opexsim.bash", in: directory)
        let words = line.map { "'\($0)'" }.joined(separator: " ")
        let driver = """
            source '\(path)'
            fn=$(complete -p opexsim | sed -E 's/.*-F ([^ ]+).*/\\1/')
            COMP_WORDS=(\(words)); COMP_CWORD=\(line.count - 1); COMP_LINE="\(line.joined(separator: " "))"; COMP_POINT=${#COMP_LINE}
            $fn opexsim '\(line[line.count - 1])' '\(line[line.count - 2])'
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let run = try runProcess(URL(fileURLWithPath: "/bin/bash"), ["-c", driver], in: directory)
        return run.stdout.split(separator: "\n").map(String.init)
    }

    @Test("bash completion offers policy names, pricing names, import sources and commands")
    func completion() throws {
        #expect(
            try bashCompletions(["opexsim", "replay", "t.csv", "--policy", "vpa-"]).sorted() == [
                "vpa-auto", "vpa-initial", "vpa-inplace", "vpa-off", "vpa-recreate",
            ])
        #expect(try bashCompletions(["opexsim", "replay", "t.csv", "--pricing", "aws"]) == ["aws-m5-spot-mix"])
        #expect(try bashCompletions(["opexsim", "import", "--from", "goo"]) == ["google2019"])
        #expect(try bashCompletions(["opexsim", "rec"]) == ["recommend"])
    }

    @Test(
        "progress on standard error when it is a terminal, none in a pipe",
        .enabled(if: FileManager.default.fileExists(atPath: "/usr/bin/script")))
    func progress() throws {
        let arguments = ["replay", sampleTrace, "--policy", "static", "--policy", "krr-simple", "--section", "ranking"]
        let piped = try opexsim(arguments)
        #expect(piped.status == 0 && !piped.stderr.contains("replaying"))
        // `script` gives the command a terminal.
        let command = ([opexsimBinary.path] + arguments).joined(separator: " ")
        let terminal = try runProcess(URL(fileURLWithPath: "/usr/bin/script"), ["-qc", command, "/dev/null"])
        #expect(terminal.stdout.contains("opexsim: read 6912 rows in "), "\(terminal.stdout)")
        #expect(terminal.stdout.contains("replaying 2 scenarios × 1 run on "))
        #expect(terminal.stdout.contains("opexsim: replayed in "))
    }
}

@Suite("The same report on one core as on all of them")
struct CoreCountCLITests {
    @Test(
        "scenarios, workload groups and Monte Carlo runs give byte-identical JSON under taskset -c 0",
        .enabled(
            if: FileManager.default.fileExists(atPath: "/usr/bin/taskset")
                && ProcessInfo.processInfo.activeProcessorCount > 1))
    func oneCore() throws {
        let directory = try temporaryDirectory()
        let trace = directory.appendingPathComponent("twenty.csv").path
        #expect(try opexsim(["generate", "--copies", "20", "-o", trace]).status == 0)
        let arguments = [
            "replay", trace, "--policy", "static", "--policy", "percentile:cpu=95,memory=100", "--policy",
            "vpa-recreate",
            "--policy", "krr-simple", "--failures", "models/failures/shop-random.yaml", "--runs", "2", "--format",
            "json",
        ]
        let all = try opexsim(arguments)
        let one = try runProcess(URL(fileURLWithPath: "/usr/bin/taskset"), ["-c", "0", opexsimBinary.path] + arguments)
        #expect(all.status == 0 && one.status == 0, "\(all.stderr) \(one.stderr)")
        #expect(all.stdout.count > 10_000)
        #expect(one.stdout == all.stdout)
    }
}

import Foundation

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The tests (and so the `opexsim` built beside them) run under ThreadSanitizer, whose runtime
/// cannot start under a file size limit (`ulimit -f`): it faults before `main`.
let runsUnderThreadSanitizer: Bool = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__tsan_init") != nil

/// The built `opexsim` next to the test bundle.
let opexsimBinary: URL = {
    var candidates: [URL] = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
    for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
        candidates.append(bundle.bundleURL.deletingLastPathComponent())
    }
    candidates.append(repositoryRoot.appendingPathComponent(".build/debug"))
    for directory in candidates {
        let url = directory.appendingPathComponent("opexsim")
        if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    return repositoryRoot.appendingPathComponent(".build/debug/opexsim")
}()

struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the built binary with `arguments` in the repository root.
func opexsim(_ arguments: [String]) throws -> Run {
    try runProcess(opexsimBinary, arguments)
}

/// Runs `executable` with `arguments` in `directory` (the repository root by default), with
/// `environment` if given.
func runProcess(
    _ executable: URL, _ arguments: [String], environment: [String: String]? = nil, in directory: URL = repositoryRoot
) throws -> Run {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    if let environment { process.environment = environment }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read both pipes fully before waiting, so a large report cannot block the child.
    let group = DispatchGroup()
    nonisolated(unsafe) var errData = Data()
    group.enter()
    DispatchQueue.global().async {
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return Run(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
}

/// A fresh temporary directory.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("opexsim-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Writes `text` into `directory/name` and returns the path.
func write(_ text: String, _ name: String, in directory: URL) throws -> String {
    let url = directory.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
}

let sampleTrace = "datasets/sample-shop.csv"

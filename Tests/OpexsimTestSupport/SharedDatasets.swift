import Foundation

/// The real recorded traces (`shared/datasets`, beside the repository). Tests that need them are
/// skipped, saying so, when the folder is absent.
public let sharedDatasets = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("shared/datasets")

/// True when the datasets folder is present.
public let haveSharedDatasets = FileManager.default.fileExists(atPath: sharedDatasets.path)

/// The path of a file or folder of the datasets.
public func sharedPath(_ relative: String) -> String { sharedDatasets.appendingPathComponent(relative).path }

/// True when a file or folder of the datasets is present.
public func haveShared(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: sharedPath(relative)) }

import OpexsimModelFiles
import OpexsimTraces

extension FailureDocuments {
    /// The kinds `--failures` files may hold, for errors.
    static let supportedKinds =
        "chaos-mesh.org/v1alpha1 PodChaos, StressChaos, Schedule, AWSChaos, GCPChaos, AzureChaos "
        + "(other Chaos Mesh kinds are listed as not modelled); velero.io/v1 Schedule (Backup and Restore are listed as "
        + "not modelled); opexsim.io/v1 FailurePlan"

    /// Reads every document of every file, in order: Chaos Mesh experiments and Schedules, Velero
    /// Schedules and opexsim FailurePlans (docs/failure-files.md). Objects understood but not modelled go to
    /// `unsupported`; anything else, and every bad value, is a `ModelFileError` naming
    /// `file:line:column` and `document N: key.path`.
    public static func load(paths: [String]) throws -> FailureDocuments {
        var documents = FailureDocuments()
        for path in paths {
            let roots: [ModelNode]
            do {
                roots = try ModelNode.loadAll(path: path)
            } catch let error as TraceError {
                throw ModelFileError(file: path, message: error.message)
            }
            try documents.read(roots, file: path)
        }
        documents.applyVolumeSnapshotProvider()
        return documents
    }

    /// Reads the documents of YAML `text` as if from a file named `file` (errors and the report name it).
    public static func parse(_ text: String, file: String) throws -> FailureDocuments {
        var documents = FailureDocuments()
        try documents.read(try ModelNode.parseAll(text, file: file), file: file)
        documents.applyVolumeSnapshotProvider()
        return documents
    }

    /// Schedules that leave `snapshotVolumes` unset snapshot volumes when the restore model says a
    /// snapshot provider is configured (read after every file, as any plan may set it).
    mutating func applyVolumeSnapshotProvider() {
        for index in backups.indices where backups[index].snapshotVolumesUnset && restore.volumeSnapshotProvider {
            backups[index].backsUpVolumes = true
        }
    }

    /// Adds the documents of one file.
    mutating func read(_ roots: [ModelNode], file: String) throws {
        files.append(file)
        for (index, root) in roots.enumerated() {
            try read(try FailureDocument(root: root, number: index + 1))
        }
    }

    /// Adds one document, by its apiVersion and kind.
    mutating func read(_ document: FailureDocument) throws {
        switch (document.apiVersion, document.kind) {
        case ("chaos-mesh.org/v1alpha1", _):
            try readChaosMesh(document)
        case ("velero.io/v1", _):
            try readVelero(document)
        case ("opexsim.io/v1", "FailurePlan"):
            try readPlan(document)
        default:
            throw (document["kind"] ?? document.whole).error(
                "\(document.apiVersion) \(document.kind) is not a failure document (supported: \(Self.supportedKinds))")
        }
    }
}

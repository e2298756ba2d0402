import OpexsimModelFiles
import OpexsimTraces

/// Velero (`velero.io/v1`) objects: `Schedule` defines the backups a restore can use; `Backup` and
/// `Restore` are listed as not modelled.
extension FailureDocuments {
    /// The fields of Velero's `BackupSpec` (a Schedule's `template`) the replay reads; the others
    /// are listed as not modelled.
    static let modelledTemplateKeys: Set<String> = [
        "metadata", "includedNamespaces", "excludedNamespaces", "includedResources", "excludedResources",
        "includedNamespaceScopedResources", "excludedNamespaceScopedResources", "snapshotVolumes", "ttl",
        "defaultVolumesToRestic", "defaultVolumesToFsBackup", "labelSelector", "orLabelSelectors",
    ]

    /// How a resource filter may name VerticalPodAutoscalerCheckpoints (plural or singular, with or
    /// without its group), as Velero resolves names through discovery.
    static let vpaCheckpointNames: Set<String> = [
        "verticalpodautoscalercheckpoints", "verticalpodautoscalercheckpoints.autoscaling.k8s.io",
        "verticalpodautoscalercheckpoint", "verticalpodautoscalercheckpoint.autoscaling.k8s.io",
    ]

    mutating func readVelero(_ document: FailureDocument) throws {
        switch document.kind {
        case "Schedule":
            try document.rejectUnknownKeys(Self.objectKeys)
            let schedule = try Self.backupSchedule(document)
            backups.append(schedule)
            // A date no calendar has (`0 0 30 2 *`): Velero accepts it and never backs up. Five years
            // from 1970 hold a leap day and every weekday of every date, so one look ahead suffices.
            if schedule.cron.next(after: 0) == nil {
                unsupported.append(
                    try document.note(
                        "schedule \"\(schedule.cron.expression)\" never fires (no such date within five years): it takes no backups"
                    ))
            }
            // Backup spec fields the replay does not use (Velero adds some every release) are listed, not refused.
            if let template = document["spec"]?["template"] {
                let unused = template.keys.filter { !Self.modelledTemplateKeys.contains($0) }
                if !unused.isEmpty {
                    unsupported.append(
                        try document.note("backup template fields not modelled: \(unused.joined(separator: ", "))"))
                }
            }
        case "Backup":
            unsupported.append(
                try document.note(
                    "not modelled (a one-off backup; opexsim restores from the backups of Velero Schedules)"))
        case "Restore":
            unsupported.append(
                try document.note(
                    "not modelled (opexsim restores a namespace after each namespace deletion, from the latest backup that covers it)"
                ))
        default:
            throw (document["kind"] ?? document.whole).error(
                "unsupported Velero kind \(document.kind) (read: Schedule; listed as not modelled: Backup, Restore)")
        }
    }

    /// A Velero `Schedule`: `spec.schedule` as `cron.ParseStandard` reads it (five fields, an
    /// optional `CRON_TZ=UTC` prefix), `paused`, and the backup `template`.
    static func backupSchedule(_ document: FailureDocument) throws -> BackupSchedule {
        let spec = try document.required("spec").requireMapping()
        try spec.rejectUnknownKeys(["schedule", "template", "paused", "useOwnerReferencesInBackup", "skipImmediately"])
        guard let scheduleNode = spec["schedule"] else {
            throw spec.error("missing schedule (a five-field cron expression)")
        }
        guard let template = try spec["template"]?.requireMapping() else {
            throw spec.error("missing template (the backup spec)")
        }
        var schedule = BackupSchedule(
            name: try document.name(), location: document.location,
            cron: try scheduleNode.cron(allowSeconds: false))
        schedule.paused = try spec["paused"]?.bool() ?? false
        if let created = document["metadata"]?["creationTimestamp"] {
            guard let instant = TraceTime.parse(try created.string().trimming(" ")) else {
                throw created.error("expected an RFC 3339 time such as 2026-01-05T10:00:00Z")
            }
            schedule.created = instant
        }
        schedule.includedNamespaces = try template["includedNamespaces"]?.stringList() ?? []
        schedule.excludedNamespaces = try template["excludedNamespaces"]?.stringList() ?? []
        // defaultVolumesToRestic is the older name of defaultVolumesToFsBackup.
        schedule.backsUpVolumes =
            try template["snapshotVolumes"]?.bool() == true
            || template["defaultVolumesToFsBackup"]?.bool() == true
            || template["defaultVolumesToRestic"]?.bool() == true
        schedule.snapshotVolumesUnset = template["snapshotVolumes"] == nil
        if let selector = template["labelSelector"] {
            schedule.labelSelectors = [try LabelRequirement.selector(selector)]
        }
        if let selectors = template["orLabelSelectors"] {
            // Velero fails validation of a backup that has both.
            if template["labelSelector"] != nil {
                throw selectors.error(
                    "labelSelector and orLabelSelectors cannot both be set (Velero refuses such a backup)")
            }
            schedule.labelSelectors = try selectors.items().map { try LabelRequirement.selector($0) }
        }
        schedule.includesVPACheckpoints = try includesVPACheckpoints(template)
        if let ttl = template["ttl"] {
            // A zero TTL takes the server's --default-backup-ttl (backup controller).
            let milliseconds = try ttl.goDuration()
            schedule.ttl = milliseconds > 0 ? milliseconds : BackupSchedule.defaultTTL
        }
        return schedule
    }

    /// False when the resource filters leave VerticalPodAutoscalerCheckpoints out: an include list
    /// that names neither them nor `*`, or an exclude list that names them (the old
    /// `includedResources`/`excludedResources` and the newer namespace-scoped pair alike).
    static func includesVPACheckpoints(_ template: ModelNode) throws -> Bool {
        func names(_ key: String) throws -> [String]? { try template[key]?.stringList().map { $0.lowercased() } }
        for key in ["includedResources", "includedNamespaceScopedResources"] {
            if let included = try names(key), !included.isEmpty,
                !included.contains(where: { $0 == "*" || vpaCheckpointNames.contains($0) })
            {
                return false
            }
        }
        for key in ["excludedResources", "excludedNamespaceScopedResources"] {
            if let excluded = try names(key), excluded.contains(where: vpaCheckpointNames.contains) { return false }
        }
        return true
    }
}

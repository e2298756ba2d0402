import OpexsimTraces

/// A failure placed on a trace for one run: when it strikes and what it hits.
public struct ScheduledFailure: Sendable, Equatable {
    /// The experiment or plan entry it comes from.
    public var name: String
    public var action: FailureAction
    public var time: TraceInstant
    /// Pods hit (`Trace.pods` indices): pod-kill, pod-failure, namespace deletion.
    public var pods: [Int]
    /// Containers of pods hit (`Trace.series` indices): container-kill, stress.
    public var series: [Int]
    /// Node loss: the node (name in the trace's `node` column), or nil with `nodePick` when the
    /// failure strikes a node at random: the replay draws among the nodes that run pods then,
    /// replacement nodes included.
    public var node: String?
    public var nodePick: UInt64?
    /// Namespace deletion: the namespace and how it comes back.
    public var namespace: String?
    public var restore: RestorePlan?

    public init(
        name: String, action: FailureAction, time: TraceInstant, pods: [Int] = [], series: [Int] = [],
        node: String? = nil, namespace: String? = nil, restore: RestorePlan? = nil
    ) {
        self.name = name
        self.action = action
        self.time = time
        self.pods = pods
        self.series = series
        self.node = node
        self.namespace = namespace
        self.restore = restore
    }
}

/// How a deleted namespace comes back: from the latest completed, unexpired Velero backup that covers
/// it, after the restore model's time; without one it does not come back.
public struct RestorePlan: Sendable, Equatable {
    /// The backup used (`schedule-YYYYMMDDhhmmss`, Velero's naming), nil when there is none.
    public var backup: String?
    /// When that backup started: the state it holds (RPO = deletion − start).
    public var backupStart: TraceInstant?
    /// From the deletion until pods can start again (detection, delays, metadata, volume data), ms.
    public var restoreTime: Int64
    /// Volume data comes back (the backup snapshotted volumes or backed them up file by file).
    public var volumesRestored: Bool
    /// Bytes of volume data lost: all of the namespace's volumes when the backup held no volume data.
    public var volumeBytesLost: Double
    /// VerticalPodAutoscalerCheckpoint objects come back (VPA keeps its history as of the backup).
    public var checkpointsRestored: Bool
    /// Pods of the namespace the backup does not hold (its label selector leaves them out): they
    /// never come back.
    public var unrestoredPods: [Int] = []

    public init(
        backup: String?, backupStart: TraceInstant?, restoreTime: Int64, volumesRestored: Bool, volumeBytesLost: Double,
        checkpointsRestored: Bool
    ) {
        self.backup = backup
        self.backupStart = backupStart
        self.restoreTime = restoreTime
        self.volumesRestored = volumesRestored
        self.volumeBytesLost = volumeBytesLost
        self.checkpointsRestored = checkpointsRestored
    }

    /// Recovery point: how much of the namespace's recent state is lost, ms (nil: no backup).
    public func recoveryPoint(deletedAt time: TraceInstant) -> Int64? { backupStart.map { time - $0 } }
}

/// The failures of one run, in time order, with what could not be placed.
public struct FailureTimeline: Sendable, Equatable {
    public var failures: [ScheduledFailure] = []
    /// Problems placing failures (a selector that matches nothing, a node the trace does not have).
    public var notes: [String] = []

    public init(failures: [ScheduledFailure] = [], notes: [String] = []) {
        self.failures = failures
        self.notes = notes
    }

    /// Velero's schedule controller resyncs every minute, so a backup starts up to 60 s after its
    /// cron time; the timeline takes the middle, 30 s.
    public static let backupStartDelay: Int64 = 30_000
    /// Occurrences of one failure at most (a cron firing every second over weeks stops here).
    public static let maximumOccurrences = 100_000

    /// Places `documents` on `trace` over `start...end` for run `run`: cron and random times, selector
    /// modes and random nodes all draw from a generator seeded by `seed`, the run and the failure's
    /// position, so the same seed gives the same timeline.
    public static func resolve(
        _ documents: FailureDocuments, trace: Trace, start: TraceInstant, end: TraceInstant,
        seed: UInt64, run: Int
    ) -> FailureTimeline {
        var timeline = FailureTimeline()
        let index = TraceIndex(trace)
        for (position, spec) in documents.failures.enumerated() {
            var random = SeededRandom(
                seed: seed &+ UInt64(run) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(position + 1) &* 0xD1B5_4A32_D192_ED03)
            let firstNote = timeline.notes.count
            var placed = 0
            var unmatched = 0
            var lastUnmatched: TraceInstant = start
            let times = occurrences(spec, start: start, end: end, index: index, random: &random)
            if times.count == maximumOccurrences {
                timeline.notes.append(
                    "\(spec.name) (\(spec.location)): stopped after \(maximumOccurrences) runs (the last at \(TraceTime.format(times[times.count - 1]))); the rest of the trace has none"
                )
            }
            for time in times {
                let noted = timeline.notes.count
                let placedFailure = place(
                    spec, at: time, index: index, documents: documents, random: &random, notes: &timeline.notes)
                if placedFailure == nil && timeline.notes.count > noted {
                    // A run that matched nothing: the first few are listed, the rest counted.
                    unmatched += 1
                    lastUnmatched = time
                    if unmatched > 3 { timeline.notes.removeLast(timeline.notes.count - noted) }
                }
                if let failure = placedFailure {
                    // An undrained spot node's notice may run past the trace.
                    guard failure.time <= end else {
                        timeline.notes.append(
                            "\(spec.name) (\(spec.location)): the notice given at \(TraceTime.format(time)) ends after the trace"
                        )
                        continue
                    }
                    timeline.failures.append(failure)
                    placed += 1
                }
            }
            if unmatched > 3 {
                timeline.notes.append(
                    "\(spec.name) (\(spec.location)): \(unmatched - 3) more runs matched nothing (the last at \(TraceTime.format(lastUnmatched)))"
                )
            }
            if placed == 0 && timeline.notes.count == firstNote {
                timeline.notes.append(
                    "\(spec.name) (\(spec.location)): no occurrence between the trace's start and end")
            }
        }
        // Stable: failures at the same instant keep the files' order.
        timeline.failures = timeline.failures.enumerated().sorted { a, b in
            a.element.time != b.element.time ? a.element.time < b.element.time : a.offset < b.offset
        }.map(\.element)
        return timeline
    }

    /// The times a failure strikes within `start...end`.
    static func occurrences(
        _ spec: FailureSpec, start: TraceInstant, end: TraceInstant, index: TraceIndex, random: inout SeededRandom
    ) -> [TraceInstant] {
        switch spec.timing {
        case .whenTargetsRun:
            let time = max(start, index.firstRun(of: spec) ?? start)
            return time <= end ? [time] : []
        case .offset(let offset):
            let time = start + offset
            return time >= start && time <= end ? [time] : []
        case .instant(let time):
            return time >= start && time <= end ? [time] : []
        case .schedule(let cron, let forbidConcurrent):
            var times: [TraceInstant] = []
            var busyUntil = TraceInstant.min
            // A clock schedule may fire at the start itself; `@every` counts from the schedule's creation.
            var cursor = cron.isConstantDelay ? start : start - 1
            // A run at the trace's last instant would act on nothing the trace shows: runs stop before it.
            while times.count < maximumOccurrences, let next = cron.next(after: cursor), next < end {
                cursor = next
                if forbidConcurrent && next < busyUntil { continue }
                times.append(next)
                if let duration = spec.action.duration ?? spec.mttr { busyUntil = next + duration }
            }
            return times
        case .random(let mtbf):
            guard mtbf > 0 else { return [] }
            var times: [TraceInstant] = []
            var time = Double(start)
            while times.count < maximumOccurrences {
                // Exponential gaps with mean `mtbf`.
                time += -Double(mtbf) * log(1 - random.nextUnit())
                guard time < Double(end) else { break }
                times.append(TraceInstant(time))
            }
            return times
        }
    }

    /// One occurrence of `spec` at `time`, with its targets.
    static func place(
        _ spec: FailureSpec, at time: TraceInstant, index: TraceIndex, documents: FailureDocuments,
        random: inout SeededRandom, notes: inout [String]
    ) -> ScheduledFailure? {
        var failure = ScheduledFailure(name: spec.name, action: spec.action, time: time)
        // An undrained spot node runs to the end of its notice, then is lost.
        if case .spotInterruption(let notice, false) = spec.action { failure.time = time + notice }
        if case .podFailure = spec.action, let mttr = spec.mttr, case .random = spec.timing {
            failure.action = .podFailure(duration: mttr)
        }
        switch spec.action {
        case .nodeLoss, .spotInterruption:
            let nodes = index.nodes(liveAt: time)
            if let node = spec.node {
                guard index.nodeNames.contains(node) else {
                    notes.append("\(spec.name) (\(spec.location)): node \(node) is not in the trace's node column")
                    return nil
                }
                failure.node = node
            } else {
                guard !nodes.isEmpty else {
                    notes.append(
                        "\(spec.name) (\(spec.location)): no node to lose at \(TraceTime.format(time)) (the trace has no node column or no replica runs then)"
                    )
                    return nil
                }
                failure.nodePick = random.next()
            }
        case .namespaceDeletion:
            guard let namespace = spec.namespace else { return nil }
            guard index.namespaces.contains(namespace) else {
                notes.append("\(spec.name) (\(spec.location)): namespace \(namespace) is not in the trace")
                return nil
            }
            failure.namespace = namespace
            failure.pods = index.pods(liveAt: time).filter {
                index.trace.names[index.trace.pods[$0].namespaceName] == namespace
            }
            failure.restore = restorePlan(namespace: namespace, deletedAt: time, index: index, documents: documents)
        case .podKill, .podFailure, .containerKill, .stress:
            guard let placed = onPods(failure, spec, at: time, index: index, random: &random, notes: &notes) else {
                return nil
            }
            failure = placed
        }
        return failure
    }

    /// A pod failure on the pods its selector matches at `time` (the mode choosing among them), and the
    /// containers it names; nil, with a note, when it matches no running pod or names no container they have.
    static func onPods(
        _ failure: ScheduledFailure, _ spec: FailureSpec, at time: TraceInstant, index: TraceIndex,
        random: inout SeededRandom, notes: inout [String]
    ) -> ScheduledFailure? {
        var failure = failure
        let matching = index.pods(liveAt: time).filter { index.matches(pod: $0, spec.selector) }
        let chosen = select(matching, mode: spec.selector.mode, random: &random)
        guard !chosen.isEmpty else {
            notes.append("\(spec.name) (\(spec.location)): no running pod matches at \(TraceTime.format(time))")
            return nil
        }
        failure.pods = chosen
        switch spec.action {
        case .containerKill(let names):
            failure.series = chosen.flatMap { index.containers(of: $0, named: names, firstWhenEmpty: true) }
            if failure.series.isEmpty && !names.isEmpty {
                // Say which names are wrong, not that nothing was running.
                let present = Set(
                    chosen.flatMap { pod in
                        index.trace.pods[pod].series.map { index.trace.names[index.trace.series[$0].containerName] }
                    })
                notes.append(
                    "\(spec.name) (\(spec.location)): the pods it selects have no container named \(names.joined(separator: ", ")) (they have \(present.sorted().joined(separator: ", ")))"
                )
                return nil
            }
        case .stress(_, _, _, let names):
            failure.series = chosen.flatMap { index.containers(of: $0, named: names, firstWhenEmpty: false) }
        default:
            break
        }
        return failure
    }

    /// Chaos Mesh's modes (`pkg/selector/pod`): `one` a random match, `all` every match, `fixed` that
    /// many (at most all), `fixed-percent` ⌊matches × value / 100⌋, `random-max-percent` ⌊matches × p /
    /// 100⌋ for p drawn uniformly from 0...value; the chosen pods are a random subset, kept in pod order.
    static func select(_ pods: [Int], mode: SelectionMode, random: inout SeededRandom) -> [Int] {
        let count: Int
        switch mode {
        case .all: return pods
        case .one: count = 1
        case .fixed(let n): count = n
        case .fixedPercent(let percent): count = Int((Double(pods.count) * percent / 100).rounded(.down))
        case .randomMaxPercent(let maximum):
            let percent = Double(random.next() % UInt64(Int(maximum.rounded(.down)) + 1))
            count = Int((Double(pods.count) * percent / 100).rounded(.down))
        }
        guard count < pods.count else { return pods }
        guard count > 0 else { return [] }
        // A partial Fisher–Yates shuffle picks `count` distinct pods.
        var pool = pods
        for i in 0..<count {
            let j = i + Int(random.next() % UInt64(pool.count - i))
            pool.swapAt(i, j)
        }
        return pool.prefix(count).sorted()
    }

    /// The backup a restore of `namespace` deleted at `time` uses: Velero restores the latest backup of
    /// a schedule whose phase is Completed (its end is at or before the deletion) and that has not
    /// expired (end + ttl after the deletion). Backups are taken as if the schedule ran before the
    /// trace began too.
    static func restorePlan(
        namespace: String, deletedAt time: TraceInstant, index: TraceIndex, documents: FailureDocuments
    ) -> RestorePlan {
        let model = documents.restore
        let workloads = index.trace.workloads.filter { index.trace.names[$0.namespaceName] == namespace }
        let pods = workloads.reduce(0) { $0 + $1.pods.count }
        var best: (name: String, start: TraceInstant, schedule: BackupSchedule)?
        for schedule in documents.backups where !schedule.paused && schedule.covers(namespace: namespace) {
            let covered = index.namespaces.filter { schedule.covers(namespace: $0) }
            var duration: Int64 = 0
            for covered in covered {
                let coveredWorkloads = index.trace.workloads.filter { index.trace.names[$0.namespaceName] == covered }
                duration += model.transferTime(
                    namespace: covered, workloads: coveredWorkloads.count,
                    pods: coveredWorkloads.reduce(0) { $0 + $1.pods.count }, withVolumes: schedule.backsUpVolumes)
            }
            var cursor = time - schedule.ttl - duration - backupStartDelay - 1
            if let delay = schedule.cron.constantDelay, delay > 0 {
                // `@every`: runs at the creation plus whole delays (before the trace too), not counted
                // from the deletion; start the search one delay before the earliest useful run.
                let anchor = schedule.created ?? index.trace.start
                let runs = (cursor - anchor) / delay - ((cursor - anchor) % delay < 0 ? 1 : 0)
                cursor = anchor + runs * delay
            }
            var steps = 0
            while steps < maximumOccurrences, let cronTime = schedule.cron.next(after: cursor), cronTime <= time {
                cursor = cronTime
                steps += 1
                let start = cronTime + backupStartDelay
                let end = start + duration
                guard end <= time, end + schedule.ttl > time else { continue }
                if best == nil || start > best!.start { best = (veleroName(schedule.name, start), start, schedule) }
            }
        }
        let volumeBytes = model.volumeBytes[namespace] ?? 0
        guard let best else {
            return RestorePlan(
                backup: nil, backupStart: nil, restoreTime: 0, volumesRestored: false,
                volumeBytesLost: volumeBytes, checkpointsRestored: false)
        }
        var plan = RestorePlan(
            backup: best.name, backupStart: best.start,
            restoreTime: model.restoreTime(
                namespace: namespace, workloads: workloads.count, pods: pods, withVolumes: best.schedule.backsUpVolumes),
            volumesRestored: best.schedule.backsUpVolumes,
            volumeBytesLost: best.schedule.backsUpVolumes ? 0 : volumeBytes,
            checkpointsRestored: best.schedule.includesVPACheckpoints)
        plan.unrestoredPods = workloads.flatMap(\.pods).filter { !best.schedule.holds(labels: index.podLabels[$0]) }
            .sorted()
        return plan
    }

    /// `<schedule>-<YYYYMMDDhhmmss>` (velero `pkg/apis/velero/v1/schedule_types.go`).
    static func veleroName(_ schedule: String, _ time: TraceInstant) -> String {
        let digits = TraceTime.format(time).filter(\.isNumber)
        return "\(schedule)-\(digits.prefix(14))"
    }
}

extension FailureAction {
    /// How long the failure's effect lasts, when it has a duration.
    public var duration: Int64? {
        switch self {
        case .podFailure(let duration): return duration
        case .stress(_, _, let duration, _): return duration
        default: return nil
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

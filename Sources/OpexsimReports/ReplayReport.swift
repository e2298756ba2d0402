import OpexsimEngine
import OpexsimFailures
import OpexsimMetrics
import OpexsimPricing
import OpexsimTraces

/// The `opexsim.report/v1` document (docs/report-format.md, section 4) of a replay, plus the fields opexsim adds:
/// trace gaps and censoring, the evaluation window, the burst model, daily cost and per-container
/// detail. Figures are rounded to the digits that mean something.
public enum ReplayReport {
    public static let schema = "opexsim.report/v1"

    public static func json(_ outcome: ReplayOutcome, pricing: PricingModel) -> JSONValue {
        let trace = outcome.profile.trace
        let hasMemory = trace.hasMemory
        let span = Double(trace.coveredTime + trace.gapTime)
        let gapRatio = span > 0 ? Rounding.decimals(Double(trace.gapTime) / span, 6) : 0
        let traceBlock: JSONValue = .object([
            ("containers", .int(trace.containers.count)),
            ("replicas", .int(trace.pods.count)),
            ("samples", .int(trace.sampleCount)),
            ("start", .string(TraceTime.format(trace.start))),
            ("end", .string(TraceTime.format(trace.end))),
            ("interval_s", .number(Double(trace.interval) / 1000)),
            ("files", .array(trace.files.map(JSONValue.string))),
            ("workloads", .int(trace.workloads.count)),
            ("series", .int(trace.series.count)),
            ("gap_ratio", .number(gapRatio)),
            ("skipped_rows", .int(trace.skippedRows)),
            ("memory_recorded", .bool(hasMemory)),
            ("censored_cpu_samples", .int(outcome.profile.censoredCPUSamples.reduce(0, +))),
            ("censored_memory_samples", .int(outcome.profile.censoredMemorySamples.reduce(0, +))),
        ])
        let window = outcome.evaluationWindow
        let reapply: JSONValue = outcome.options.reapplyInterval.map { .number(Double($0) / 1000) } ?? .null
        let evaluation: JSONValue = .object([
            ("start", .string(TraceTime.format(window.start))),
            ("end", .string(TraceTime.format(window.end))),
            ("warmup_s", .number(Double(window.start - trace.start) / 1000)),
            ("reapply_s", reapply),
            ("burst_model", .string(outcome.options.burstModel.rawValue)),
            ("burst_model_error", burstModelError(outcome.options.burstModel)),
            ("startup_delay_s", .number(Double(outcome.options.startupDelay) / 1000)),
            ("constraints", constraints(outcome.options.constraints)),
            ("ranking_rule", .string(ScenarioRanking.rule(outcome.options.constraints))),
        ])
        let pricingBlock = Self.pricing(pricing)
        let failureNames = outcome.failures?.failures.map(\.name) ?? []
        let scenarios = outcome.scenarios.map { summary in
            scenario(
                summary, trace: trace, hasMemory: hasMemory, options: outcome.options, failures: failureNames,
                runs: outcome.runs)
        }
        return .object([
            ("schema", .string(schema)),
            ("trace", traceBlock),
            ("evaluation", evaluation),
            ("pricing", pricingBlock),
            ("failures", failuresBlock(outcome)),
            ("scenarios", .array(scenarios)),
            (
                "baseline",
                scenario(
                    outcome.baseline, trace: trace, hasMemory: hasMemory, options: outcome.options,
                    failures: failureNames, runs: outcome.runs)
            ),
        ])
    }

    static func pricing(_ pricing: PricingModel) -> JSONValue {
        let flat = pricing.flatRates
        return .object([
            ("name", .string(pricing.name)),
            ("cpu_per_core_hour_usd", .number(pricing.cpuPerCoreHour)),
            ("memory_per_gib_hour_usd", .number(pricing.memoryPerGiBHour)),
            ("spot_cpu_per_core_hour_usd", pricing.spotCPUPerCoreHour.map(JSONValue.number) ?? .null),
            ("spot_memory_per_gib_hour_usd", pricing.spotMemoryPerGiBHour.map(JSONValue.number) ?? .null),
            ("discount_ratio", .number(Rounding.decimals(pricing.combinedDiscount, 6))),
            ("capacity", capacityMix(pricing.capacity)),
            ("effective_cpu_per_core_hour_usd", .number(Rounding.decimals(flat.cpuPerCoreHour, 9))),
            ("effective_memory_per_gib_hour_usd", .number(Rounding.decimals(flat.memoryPerGiBHour, 9))),
            ("share_idle", .bool(pricing.shareIdle)),
            (
                "node_pools",
                .array(
                    pricing.nodePools.map { pool in
                        let rates = pricing.rates(of: pool)
                        return .object([
                            ("name", .string(pool.name)),
                            ("node_type", .string(pool.nodeType.name)),
                            ("vcpu", .number(pool.nodeType.vcpu)),
                            ("memory_gib", .number(pool.nodeType.memoryGiB)),
                            ("allocatable_cpu_cores", .number(pool.nodeType.allocatableCPU)),
                            ("allocatable_memory_bytes", .number(pool.nodeType.allocatableMemoryBytes.rounded())),
                            ("max_pods", .int(pool.nodeType.maxPods)),
                            ("capacity", capacityMix(pool.capacity)),
                            ("node_hourly_usd", .number(Rounding.decimals(pricing.nodeHourly(of: pool), 6))),
                            ("cpu_per_core_hour_usd", .number(Rounding.decimals(rates.cpuPerCoreHour, 9))),
                            ("memory_per_gib_hour_usd", .number(Rounding.decimals(rates.memoryPerGiBHour, 9))),
                            ("min_nodes", .int(pool.minNodes)),
                            ("max_nodes", pool.maxNodes.map(JSONValue.int) ?? .null),
                            ("scale_down_delay_s", .number(Double(pool.scaleDownDelay) / 1000)),
                            ("namespaces", pool.namespaces.map { .array($0.map(JSONValue.string)) } ?? .null),
                            ("price_source", .string(pool.nodeType.priceSource)),
                        ])
                    })
            ),
            ("source", .string(pricing.source)),
            ("notes", .array(pricing.notes.map(JSONValue.string))),
        ])
    }

    static func capacityMix(_ mix: CapacityMix) -> JSONValue {
        .object([
            ("on_demand_ratio", .number(mix.onDemand)), ("spot_ratio", .number(mix.spot)),
            ("committed_ratio", .number(mix.committed)),
        ])
    }

    /// Made one share at a time as written: by workload there is one per workload.
    static func shares(_ shares: [CostShare], key: String, hasMemory: Bool) -> JSONValue {
        .lazyArray(count: shares.count) { index in
            let share = shares[index]
            return .object([
                (key, .string(share.name)),
                ("total_usd", usd(share.totalUSD)),
                ("share_ratio", ratio(share.shareRatio)),
                ("slack_cpu_core_hours", amount(share.slackCPUCoreHours)),
                ("slack_memory_gib_hours", hasMemory ? amount(share.slackMemoryGiBHours) : .null),
            ])
        }
    }

    static func capacity(_ capacity: CapacitySummary?) -> JSONValue {
        guard let capacity else { return .null }
        return .object([
            ("node_usd", usd(capacity.nodeCostUSD)),
            ("idle_cpu_usd", usd(capacity.idleCPUUSD)),
            ("idle_memory_usd", usd(capacity.idleMemoryUSD)),
            ("shared_idle", .bool(capacity.sharedIdle)),
            ("unplaced_allocated_usd", usd(capacity.unplacedAllocatedUSD)),
            ("unschedulable_pods", .array(capacity.unschedulablePods.map(JSONValue.string))),
            ("max_nodes_reached", .int(capacity.maxNodesReached)),
            (
                "pools",
                .array(
                    capacity.pools.map { pool in
                        .object([
                            ("name", .string(pool.name)),
                            ("node_type", .string(pool.nodeType)),
                            ("capacity", .string(pool.capacity)),
                            ("node_hourly_usd", usd(pool.nodeHourlyUSD)),
                            ("mean_nodes", amount(pool.meanNodes)),
                            ("min_nodes", .int(pool.minNodes)),
                            ("max_nodes", .int(pool.maxNodes)),
                            ("node_hours", amount(pool.nodeHours)),
                            ("node_usd", usd(pool.nodeCostUSD)),
                            ("allocated_usd", usd(pool.allocatedUSD)),
                            ("idle_usd", usd(pool.idleUSD)),
                            (
                                "timeline",
                                .array(
                                    pool.timeline.map { point in
                                        .object([
                                            ("time", .string(TraceTime.format(point.time))),
                                            ("nodes", .int(point.nodes)),
                                        ])
                                    })
                            ),
                        ])
                    })
            ),
        ])
    }

    static func usd(_ value: Double) -> JSONValue { .number(Rounding.decimals(value, 6)) }
    static func ratio(_ value: Double) -> JSONValue { .number(Rounding.decimals(value, 6)) }
    static func amount(_ value: Double) -> JSONValue { .number(Rounding.decimals(value, 6)) }

    /// The failure files, what they hold, and what was not modelled (null without `--failures`).
    static func failuresBlock(_ outcome: ReplayOutcome) -> JSONValue {
        guard let documents = outcome.failures else { return .null }
        let notes = outcome.failureNotes
        return .object([
            ("files", .array(documents.files.map(JSONValue.string))),
            (
                "failures",
                .array(
                    documents.failures.map { spec in
                        .object([
                            ("name", .string(spec.name)), ("kind", .string(spec.action.kind)),
                            ("location", .string(spec.location)),
                        ])
                    })
            ),
            (
                "backup_schedules",
                .array(
                    documents.backups.map { backup in
                        .object([
                            ("name", .string(backup.name)), ("schedule", .string(backup.cron.expression)),
                            ("namespaces", .array(backup.includedNamespaces.map(JSONValue.string))),
                            ("volumes", .bool(backup.backsUpVolumes)), ("ttl_s", .number(Double(backup.ttl) / 1000)),
                        ])
                    })
            ),
            ("assumptions", .array(documents.assumptions(on: outcome.profile.trace).map(JSONValue.string))),
            ("not_modelled", .array(documents.unsupported.map(JSONValue.string))),
            ("placement_notes", .array(notes.map(JSONValue.string))),
            ("random", .bool(documents.isRandom)),
            ("runs", .int(outcome.runs)),
        ])
    }

    static func incident(_ incident: Incident) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("failure", .string(incident.name)),
            ("kind", .string(incident.kind)),
            ("time", .string(TraceTime.format(incident.time))),
            ("targets", .array(incident.targets.map(JSONValue.string))),
            ("recovered_at", incident.recoveredAt.map { .string(TraceTime.format($0)) } ?? .null),
            ("recovery_s", incident.recoverySeconds.map(amount) ?? .null),
        ]
        if let restore = incident.restore {
            fields += [
                ("backup", restore.backup.map(JSONValue.string) ?? .null),
                ("rpo_s", incident.rpoSeconds.map(amount) ?? .null),
                ("rto_s", incident.recoverySeconds.map(amount) ?? .null),
                ("restore_s", restore.backup == nil ? .null : amount(Double(restore.restoreTime) / 1000)),
                ("volumes_restored", .bool(restore.volumesRestored)),
                ("volume_bytes_lost", .number(restore.volumeBytesLost.rounded())),
                ("vpa_checkpoints_restored", .bool(restore.checkpointsRestored)),
            ]
        }
        return .object(fields)
    }

    static func monteCarlo(_ summary: MonteCarloSummary?) -> JSONValue {
        guard let summary else { return .null }
        return .object([
            ("runs", .int(summary.runs)),
            (
                "figures",
                .object(
                    summary.figures.map { figure in
                        (
                            figure.name,
                            .object([
                                ("mean", amount(figure.distribution.mean)),
                                ("p95", amount(figure.distribution.p95)),
                                (
                                    "interval_95",
                                    .array([amount(figure.distribution.low), amount(figure.distribution.high)])
                                ),
                            ])
                        )
                    })
            ),
        ])
    }

    static func scenario(
        _ s: ScenarioSummary, trace: Trace, hasMemory: Bool, options: ReplayOptions, failures: [String], runs: Int
    ) -> JSONValue {
        let choices: [(String, JSONValue)] =
            s.choices.isEmpty
            ? []
            : [
                (
                    "choices",
                    .array(
                        s.choices.map { c in
                            .object([
                                ("namespace", .string(c.namespace)), ("workload", .string(c.workload)),
                                ("policy", .string(c.policy)), ("reason", .string(c.reason)),
                            ])
                        })
                )
            ]
        return .object(
            [
                ("policy", .string(s.scenario.description)),
                ("pricing", .string(s.pricing)),
                ("failures", .array(failures.map(JSONValue.string))),
                ("seed", .int(Int(truncatingIfNeeded: options.seed))),
                ("runs", .int(runs)),
                ("rank", .int(s.rank)),
                ("verdict", verdict(s.verdict)),
                ("pareto", .bool(s.pareto)),
            ] + choices + [
                ("cost", cost(s, hasMemory: hasMemory)),
                (
                    "slack",
                    .object([
                        ("cpu_core_hours", amount(s.slackCPUCoreHours)),
                        ("memory_gib_hours", hasMemory ? amount(s.slackMemoryGiBHours) : .null),
                    ])
                ),
                ("risk", risk(s)),
                ("recovery", recovery(s)),
                ("incident_timeline", .array(s.incidentTimeline.map(incident))),
                ("monte_carlo", monteCarlo(s.monteCarlo)),
                ("capacity", capacity(s.capacity)),
                ("settings_changes", .int(s.settingsChanges)),
                ("notes", .array(s.policyNotes.map(JSONValue.string))),
                (
                    "workloads",
                    .lazyArray(count: s.containers.count) {
                        container(s.containers[$0], of: s, trace: trace, hasMemory: hasMemory)
                    }
                ),
            ])
    }

    /// Whether a scenario is safe and feasible, what breaks either, and what its figures cannot tell.
    static func verdict(_ verdict: ScenarioVerdict) -> JSONValue {
        .object([
            ("safe", .bool(verdict.safe)),
            ("feasible", .bool(verdict.feasible)),
            ("reasons", .array(verdict.reasons.map(JSONValue.string))),
            ("caveats", .array(verdict.caveats.map(JSONValue.string))),
        ])
    }

    /// A scenario's cost: totals, the change against the baseline (as savings: positive = cheaper),
    /// showback and daily cost.
    static func cost(_ s: ScenarioSummary, hasMemory: Bool) -> JSONValue {
        .object([
            ("total_usd", usd(s.totalCostUSD)),
            ("per_month_usd", usd(s.perMonthUSD)),
            ("idle_usd", usd(s.idleUSD)),
            ("node_usd", s.nodeCostUSD.map(usd) ?? .null),
            ("savings_vs_static_usd", usd(-s.costChangeUSD)),
            ("allocation_usd", usd(s.allocationCostUSD)),
            ("allocation_savings_vs_static_usd", usd(-s.allocationCostChangeUSD)),
            ("node_savings_vs_static_usd", s.nodeCostChangeUSD.map { usd(-$0) } ?? .null),
            ("cpu_usd", usd(s.cpuCostUSD)),
            ("memory_usd", usd(s.memoryCostUSD)),
            ("by_team", shares(s.byTeam, key: "team", hasMemory: hasMemory)),
            ("by_namespace", shares(s.byNamespace, key: "namespace", hasMemory: hasMemory)),
            ("by_workload", shares(s.byWorkload, key: "workload", hasMemory: hasMemory)),
            (
                "daily",
                .array(
                    s.dailyCostUSD.map { day in
                        .object([("day", .string(TraceTime.format(day.day))), ("total_usd", usd(day.costUSD))])
                    })
            ),
        ])
    }

    /// The constraints of feasibility and the objective (`null` for a limit not given).
    static func constraints(_ c: ScenarioConstraints) -> JSONValue {
        func value(_ x: Double?) -> JSONValue { x.map(JSONValue.number) ?? .null }
        func value(_ x: Int?) -> JSONValue { x.map(JSONValue.int) ?? .null }
        return .object([
            ("max_oom_kills", value(c.maxOOMKills)), ("max_throttled_ratio", value(c.maxThrottledRatio)),
            ("max_throttle_high_containers", value(c.maxThrottleHighContainers)),
            ("min_availability_ratio", value(c.minAvailabilityRatio)), ("max_rto_s", value(c.maxRTOSeconds)),
            ("max_rpo_s", value(c.maxRPOSeconds)), ("objective", .string(c.objective.rawValue)),
        ])
    }

    /// The measured error of the burst model (of each model `auto` may use): the mean absolute error of
    /// a sample's throttled ratio against the kernel's CFS counters, on 10 s and 60 s samples.
    static func burstModelError(_ model: BurstModelKind) -> JSONValue {
        let models: [BurstModelKind] = model == .auto ? [.percentiles, .observed, .fitted] : [model]
        return .array(
            models.compactMap(BurstModelError.measured).map { error in
                .object([
                    ("model", .string(error.model.rawValue)), ("mae_10s", .number(error.at10s)),
                    ("mae_60s", .number(error.at60s)), ("measured_on", .string(error.measuredOn)),
                ])
            })
    }

    /// A scenario's risks: throttling, OOM kills, disruptions, and throttled samples per burst model.
    static func risk(_ s: ScenarioSummary) -> JSONValue {
        let burst: [(String, JSONValue)] = BurstModelKind.allCases.compactMap { kind in
            s.burstModelSamples[kind].map { (kind.rawValue, .int($0)) }
        }
        return .object([
            ("throttled_ratio", ratio(s.throttledRatio)),
            ("throttle_high_containers", .int(s.throttleHighContainers)),
            ("contention_high_containers", .int(s.contentionHighContainers)),
            ("oom_kills", .int(s.oomKills)),
            ("evictions", .int(s.evictions)),
            ("in_place_resizes", .int(s.inPlaceResizes)),
            ("restarts", .int(s.restarts)),
            ("cpu_throttled_core_hours", amount(s.cpuThrottledCoreHours)),
            ("cpu_lost_core_hours", amount(s.cpuLostCoreHours)),
            ("cpu_contended_core_hours", amount(s.cpuContendedCoreHours)),
            ("node_pressure_evictions", .int(s.capacity?.nodePressureEvictions ?? 0)),
            ("burst_model_samples", .object(burst)),
        ])
    }

    /// A scenario's recovery: incidents, MTTR, availability, RPO and RTO.
    static func recovery(_ s: ScenarioSummary) -> JSONValue {
        .object([
            ("incidents", .int(s.incidents)),
            ("mttr_s", amount(s.mttrSeconds)),
            ("max_recovery_s", amount(s.maxRecoverySeconds)),
            ("availability_ratio", ratio(s.availabilityRatio)),
            ("rpo_s", s.rpoSeconds.map(amount) ?? .null),
            ("rto_s", s.rtoSeconds.map(amount) ?? .null),
            ("volume_bytes_lost", .number(s.volumeBytesLost.rounded())),
            ("cpu_unserved_core_hours", amount(s.cpuLostCoreHours)),
        ])
    }

    static func container(_ c: ContainerSummary, of s: ScenarioSummary, trace: Trace, hasMemory: Bool) -> JSONValue {
        .object([
            ("namespace", .string(c.namespace)),
            ("workload", .string(c.workload)),
            ("container", .string(c.name)),
            ("team", .string(c.team)),
            ("replicas", .int(c.replicaCount)),
            (
                "requests",
                .object([
                    ("cpu_cores", .finite(c.settings.cpuRequest)), ("memory_bytes", .finite(c.settings.memoryRequest)),
                ])
            ),
            (
                "limits",
                .object([
                    ("cpu_cores", .finite(c.settings.cpuLimit)), ("memory_bytes", .finite(c.settings.memoryLimit)),
                ])
            ),
            ("cost_usd", usd(c.costUSD)),
            ("idle_share_usd", usd(c.idleShareUSD)),
            ("throttled_ratio", ratio(c.throttledRatio)),
            ("throttle_high", .bool(c.throttleHigh)),
            ("contention_high", .bool(c.contentionHigh)),
            ("memory_censored", .bool(c.memoryCensored)),
            ("oom_kills", .int(c.oomKills)),
            ("restarts", .int(c.restarts)),
            ("availability_ratio", ratio(c.availabilityRatio)),
            ("ready_ratio", ratio(c.readyRatio)),
            ("incidents", .int(c.incidents)),
            ("mttr_s", amount(c.mttrSeconds)),
            ("max_recovery_s", amount(c.maxRecoverySeconds)),
            ("rpo_s", c.rpoSeconds.map(amount) ?? .null),
            ("rto_s", c.rtoSeconds.map(amount) ?? .null),
            ("cpu_unserved_core_hours", amount(c.cpuLostCoreHours)),
            ("slack_cpu_core_hours", amount(c.slackCPUCoreHours)),
            ("slack_memory_gib_hours", hasMemory ? amount(c.slackMemoryGiBHours) : .null),
            ("mean_cpu_cores", amount(c.meanCPUCores)),
            ("mean_memory_bytes", c.meanMemoryBytes.isNaN ? .null : .number(c.meanMemoryBytes.rounded())),
            (
                "replica_details",
                .array(
                    s.replicas[c.replicas].map { r in
                        .object([
                            ("pod", .string(trace.podName(ofSeries: r.seriesIndex))),
                            ("node", trace.nodeName(ofSeries: r.seriesIndex).map(JSONValue.string) ?? .null),
                            ("ready_ratio", ratio(r.readyRatio)),
                            ("throttled_ratio", ratio(r.throttledRatio)),
                            ("throttle_high", .bool(r.throttleHigh)),
                            ("contention_high", .bool(r.contentionHigh)),
                            ("cpu_throttled_core_seconds", amount(r.cpuThrottledCoreSeconds)),
                            ("cpu_lost_core_seconds", amount(r.cpuLostCoreSeconds)),
                            ("oom_kills", .int(r.oomKills)),
                            ("restarts", .int(r.restarts)),
                        ])
                    })
            ),
        ])
    }
}

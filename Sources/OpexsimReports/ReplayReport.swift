import OpexsimEngine
import OpexsimMetrics
import OpexsimPricing
import OpexsimTraces

/// The `opexsim.report/v1` document (CONTRACT §3) of a replay, plus the fields opexsim adds:
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
            ("startup_delay_s", .number(Double(outcome.options.startupDelay) / 1000)),
            ("ranking_rule", .string(ScenarioRanking.rule)),
        ])
        let pricingBlock: JSONValue = .object([
            ("name", .string(pricing.name)),
            ("cpu_per_core_hour_usd", .number(pricing.cpuPerCoreHour)),
            ("memory_per_gib_hour_usd", .number(pricing.memoryPerGiBHour)),
            ("source", .string(pricing.source)),
        ])
        let scenarios = outcome.scenarios.map { summary in
            scenario(summary, result: outcome.results[summary.order], hasMemory: hasMemory, options: outcome.options)
        }
        return .object([
            ("schema", .string(schema)),
            ("trace", traceBlock),
            ("evaluation", evaluation),
            ("pricing", pricingBlock),
            ("scenarios", .array(scenarios)),
        ])
    }

    static func usd(_ value: Double) -> JSONValue { .number(Rounding.decimals(value, 6)) }
    static func ratio(_ value: Double) -> JSONValue { .number(Rounding.decimals(value, 6)) }
    static func amount(_ value: Double) -> JSONValue { .number(Rounding.decimals(value, 6)) }

    static func scenario(_ s: ScenarioSummary, result: ScenarioResult, hasMemory: Bool, options: ReplayOptions) -> JSONValue {
        var burst: [(String, JSONValue)] = []
        for kind in BurstModelKind.allCases {
            if let count = result.burstModelSamples[kind] { burst.append((kind.rawValue, .int(count))) }
        }
        return .object([
            ("policy", .string(s.policy)),
            ("pricing", .string(s.pricing)),
            ("failures", .array([])),
            ("seed", .int(Int(truncatingIfNeeded: options.seed))),
            ("runs", .int(options.runs)),
            ("rank", .int(s.rank)),
            ("cost", .object([
                ("total_usd", usd(s.totalCostUSD)),
                ("per_month_usd", usd(s.perMonthUSD)),
                ("idle_usd", usd(s.idleUSD)),
                ("node_usd", .null),
                ("savings_vs_static_usd", usd(-s.savingsVsStaticUSD)),
                ("cpu_usd", usd(s.cpuCostUSD)),
                ("memory_usd", usd(s.memoryCostUSD)),
                ("by_team", .array(s.byTeam.map { team in
                    .object([
                        ("team", .string(team.team)),
                        ("total_usd", usd(team.totalUSD)),
                        ("share_ratio", ratio(team.shareRatio)),
                        ("slack_cpu_core_hours", amount(team.slackCPUCoreHours)),
                        ("slack_memory_gib_hours", hasMemory ? amount(team.slackMemoryGiBHours) : .null),
                    ])
                })),
                ("daily", .array(s.dailyCostUSD.map { day in
                    .object([("day", .string(TraceTime.format(day.day))), ("total_usd", usd(day.costUSD))])
                })),
            ])),
            ("slack", .object([
                ("cpu_core_hours", amount(s.slackCPUCoreHours)),
                ("memory_gib_hours", hasMemory ? amount(s.slackMemoryGiBHours) : .null),
            ])),
            ("risk", .object([
                ("throttled_ratio", ratio(s.throttledRatio)),
                ("throttle_high_containers", .int(s.throttleHighContainers)),
                ("oom_kills", .int(s.oomKills)),
                ("evictions", .int(s.evictions)),
                ("in_place_resizes", .int(result.resizes)),
                ("restarts", .int(s.restarts)),
                ("cpu_throttled_core_hours", amount(s.cpuThrottledCoreHours)),
                ("cpu_lost_core_hours", amount(s.cpuLostCoreHours)),
                ("burst_model_samples", .object(burst)),
            ])),
            ("recovery", .object([
                ("incidents", .int(s.incidents)),
                ("mttr_s", amount(s.mttrSeconds)),
                ("max_recovery_s", amount(s.maxRecoverySeconds)),
                ("availability_ratio", ratio(s.availabilityRatio)),
                ("rpo_s", .null),
                ("rto_s", .null),
            ])),
            ("settings_changes", .int(result.settingsChanges)),
            ("notes", .array(result.notes.map(JSONValue.string))),
            ("workloads", .array(s.containers.map { container(  $0, hasMemory: hasMemory) })),
        ])
    }

    static func container(_ c: ContainerSummary, hasMemory: Bool) -> JSONValue {
        .object([
            ("namespace", .string(c.namespace)),
            ("workload", .string(c.workload)),
            ("container", .string(c.name)),
            ("team", .string(c.team)),
            ("replicas", .int(c.replicaCount)),
            ("requests", .object([("cpu_cores", .finite(c.settings.cpuRequest)), ("memory_bytes", .finite(c.settings.memoryRequest))])),
            ("limits", .object([("cpu_cores", .finite(c.settings.cpuLimit)), ("memory_bytes", .finite(c.settings.memoryLimit))])),
            ("cost_usd", usd(c.costUSD)),
            ("throttled_ratio", ratio(c.throttledRatio)),
            ("throttle_high", .bool(c.throttleHigh)),
            ("oom_kills", .int(c.oomKills)),
            ("restarts", .int(c.restarts)),
            ("availability_ratio", ratio(c.availabilityRatio)),
            ("ready_ratio", ratio(c.readyRatio)),
            ("slack_cpu_core_hours", amount(c.slackCPUCoreHours)),
            ("slack_memory_gib_hours", hasMemory ? amount(c.slackMemoryGiBHours) : .null),
            ("mean_cpu_cores", amount(c.meanCPUCores)),
            ("mean_memory_bytes", c.meanMemoryBytes.isNaN ? .null : .number(c.meanMemoryBytes.rounded())),
            ("replica_details", .array(c.replicas.map { r in
                .object([
                    ("pod", .string(r.pod)),
                    ("node", r.node.map(JSONValue.string) ?? .null),
                    ("ready_ratio", ratio(r.readyRatio)),
                    ("throttled_ratio", ratio(r.throttledRatio)),
                    ("throttle_high", .bool(r.throttleHigh)),
                    ("cpu_throttled_core_seconds", amount(r.cpuThrottledCoreSeconds)),
                    ("cpu_lost_core_seconds", amount(r.cpuLostCoreSeconds)),
                    ("oom_kills", .int(r.oomKills)),
                    ("restarts", .int(r.restarts)),
                ])
            })),
        ])
    }
}

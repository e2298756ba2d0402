#!/usr/bin/env python3
"""The arithmetic of `opexsim replay TRACE --policy percentile`, written with pandas or polars.

usage: month_percentile.py pandas|polars [--mean] [--check REPORT.json] TRACE.csv|TRACE.parquet
       month_percentile.py parquet TRACE.csv TRACE.parquet

The second form writes the trace as Parquet once (with polars), its timestamps parsed into seconds
(column `t`): the peers' counterpart of `opexsim cache`, which the first form then reads in place
of the CSV.

On a canonical trace whose quantities are plain numbers, whose timestamps are RFC 3339 in UTC to
the second (what `opexsim import` writes) and which has no `cpu_p<N>` or `cpu_throttled_ratio`
columns, it computes what the percentile scenario and the recorded settings beside it compute
(docs/kubernetes-runtime.md, docs/recommenders.md):
  - each series' interval is the median of its steps; a sample covers the time since the one
    before, or one interval after a gap of more than three intervals (or as the series' first);
  - the warmup is the first quarter of the trace's span (from the start of its first sample's
    interval); each container learns from the samples
    that end in it: the 95th percentile of CPU (linear interpolation) and the maximum of the
    working set (at most the memory limit);
  - requests: that value plus 15%, at least 10 millicores and 20 MiB, rounded up to whole
    millicores and MiB; limits in proportion to the recorded ones (the recorded limit times the
    new request over the recorded request, the request defaulting to the limit; the new request
    where neither was recorded, none where no limit was), never below the request;
  - the recorded settings: a container with a limit and no request is given its limit as request;
  - the `fitted` burst model: each container's shape (its CPU samples' ratios to the mean of the
    five samples on each side, at most 2,048 of them, 64 quantile points), its coefficient of
    variation scaled to 100 ms periods, the lognormal per-period demand behind each sample's mean
    under the recorded limit (a 128-point table per container, as opexsim keeps), then the share
    of periods throttled and the CPU served under each scenario's limit;
  - after the warmup, for both: cost per sample of max(request, CPU served) and max(memory
    request, working set) at OpenCost's default prices over the part of the sample's interval
    after the warmup, throttled and runnable CFS periods (the ratio over containers with a CPU
    limit: without a quota the kernel counts no periods), the CPU held back, the alert
    `CPUThrottlingHigh` (throttled periods over 25% of the runnable ones in 5 minutes, for 15
    minutes) per container, and samples over the memory limit; summed per workload and in all.
It prints each scenario's totals, which opexsim's report (JSON: `cost.total_usd`,
`risk.throttled_ratio`, `risk.throttle_high_containers`, `risk.cpu_throttled_core_hours`) gives too.
It does not model what follows an OOM kill (restart back-off, the time down): on a trace with none,
the figures are the same arithmetic.

With `--mean` it does the lower bound of that work instead: throttled when the sample's mean is over
the limit, CPU served as recorded, no alert. With `--check REPORT.json` (opexsim's report of the same
trace, `--format json`) it compares its totals with the report's and exits 1 when they differ: cost and
CPU held back by more than 0.01%, the throttled ratio by more than 1e-5, CPUThrottlingHigh containers
at all.
"""

import math
import sys

CPU_PRICE = 0.031611  # $ per core-hour (OpenCost's default custom prices)
MEMORY_PRICE = 0.004237  # $ per GiB-hour
MIB = 1_048_576.0
GIB = 1_073_741_824.0
COLUMNS = [
    "timestamp", "namespace", "workload", "container", "pod", "cpu_cores", "memory_bytes",
    "cpu_request", "cpu_limit", "memory_request", "memory_limit",
]
KEY = ["namespace", "workload", "container"]
SERIES = KEY + ["pod"]
# The timestamps' one format, given: inferring it per value takes several times as long.
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"

# The fitted burst model's constants (docs/kubernetes-runtime.md, section 1.4; CalibratedBurst.swift).
HURST = 0.64
MINIMUM_CV = 1.0
SHAPE_POINTS = 64
LOCAL_WINDOW = 5
MAXIMUM_RATIOS = 2048
TABLE_POINTS = 128
MAXIMUM_UTILISATION = 0.995
MAXIMUM_DEMAND_RATIO = 10.0
PERIODS_PER_SECOND = 10.0  # CFS periods of 100 ms (the kubelet's default cpuCFSQuotaPeriod)
# kubernetes-mixin CPUThrottlingHigh: increase(throttled[5m]) / increase(periods[5m]) > 25/100 for: 15m
ALERT_WINDOW = 300
ALERT_THRESHOLD = 0.25
ALERT_FOR = 900


# ---- Arithmetic on NumPy arrays, shared by both frames ---------------------------------------------

def normal_table():
    """Φ on [−9, 9] in steps of 1/256, for linear interpolation (within 5e-7 of erfc)."""
    import numpy as np

    return np.array([math.erfc(-k / 256 / math.sqrt(2)) / 2 for k in range(-9 * 256, 9 * 256 + 1)])


def normal(x, values):
    """Φ(x) from the table (`normal_table`), interpolated on its even grid (0 below it, 1 above)."""
    import numpy as np

    position = np.clip((x + 9) * 256, 0, len(values) - 1)
    position = np.nan_to_num(position, nan=0.0)
    low = np.minimum(position.astype(np.int64), len(values) - 2)
    below = np.take(values, low)
    return below + (np.take(values, low + 1) - below) * (position - low)


def shape_sigma(ratios, counts, interval_ms):
    """Per container, σ of its per-period demand: the coefficient of variation of its 64-point
    shape (`ratios` holds each container's selected ratios sorted, one container after another,
    `counts` how many each), scaled from its interval to 100 ms periods."""
    import numpy as np

    cv = np.zeros(len(counts))
    offsets = np.concatenate([[0], np.cumsum(counts)])
    j = (np.arange(SHAPE_POINTS) + 0.5) / SHAPE_POINTS
    for c, n in enumerate(counts):
        if n < 8:
            continue
        r = ratios[offsets[c]:offsets[c + 1]]
        mean = r.mean()
        if not mean > 0:
            continue
        position = j * (n - 1)
        lower = position.astype(np.int64)
        upper = np.minimum(lower + 1, n - 1)
        shape = (r[lower] + (r[upper] - r[lower]) * (position - lower)) / mean
        shape /= shape.mean()
        cv[c] = np.sqrt(np.mean((shape - 1) ** 2))
    c = np.maximum(MINIMUM_CV, cv * np.maximum(interval_ms / 100, 1) ** (1 - HURST))
    return np.sqrt(np.log(1 + c * c))


def burst_tables(sigma, phi):
    """For each σ, 128 points over the utilisation ρ of the recorded limit: the throttled share of
    periods there and the limit over the mean demand, where E[min(D, L)] / L = ρ (Newton's method in
    a bracket that bisection narrows, vectorised over all tables and points)."""
    import numpy as np

    s = sigma[:, None]
    rho = np.broadcast_to(
        MAXIMUM_UTILISATION * np.arange(TABLE_POINTS) / (TABLE_POINTS - 1), (len(sigma), TABLE_POINTS))
    low, high = np.full(rho.shape, -12.0), np.full(rho.shape, 12.0)
    t = np.full(rho.shape, 8.0)
    for _ in range(100):
        lower = np.exp(s * s / 2 - s * t) * normal(t - s, phi)
        value = lower + 1 - normal(t, phi) - rho
        low, high = np.where(value > 0, t, low), np.where(value > 0, high, t)
        slope = -s * lower
        with np.errstate(divide="ignore", invalid="ignore"):
            step = np.where(slope < 0, t - value / slope, np.nan)
        step = np.where((step > low) & (step < high), step, (low + high) / 2)
        done = (np.abs(step - t) < 1e-10) | (high - low < 1e-10)
        t = step
        if done.all():
            break
    t = np.where(rho > 0, t, 12.0)
    return 1 - normal(t, phi), np.exp(s * t - s * s / 2)


def burst_model(ratios, counts, interval_ms):
    """The fitted model of every container (`shape_sigma`'s arguments): σ, its table, and Φ."""
    import numpy as np

    sigma = shape_sigma(ratios, counts, interval_ms)
    phi = normal_table()
    unique, table = np.unique(sigma, return_inverse=True)
    return {"tables": burst_tables(unique, phi), "phi": phi, "table_of": table, "sigma_of": sigma}


def per_sample(burst, container):
    """The fitted model with each evaluated sample's table and σ (`container`: each one's container)."""
    return dict(burst, table=burst["table_of"][container], sigma=burst["sigma_of"][container]) if burst else None


def throttling(cpu, limit, recorded, table, sigma, tables, phi):
    """Per sample under `limit`: the throttled share of periods, the CPU served and the CPU held back.
    The demand behind the recorded mean comes from the container's table at the utilisation of the
    recorded limit (at most 10 times the mean); at the recorded limit the recorded mean is what was
    served, under another the lognormal demand decides."""
    import numpy as np

    fraction, limit_over_demand = (table_values.ravel() for table_values in tables)
    limited = (cpu > 0) & (limit < np.inf)
    recorded_ok = (recorded > 0) & (recorded < np.inf)
    with np.errstate(divide="ignore", invalid="ignore"):
        position = np.nan_to_num(
            np.minimum(cpu / recorded, MAXIMUM_UTILISATION) * ((TABLE_POINTS - 1) / MAXIMUM_UTILISATION))
        low = np.minimum(position.astype(np.int64), TABLE_POINTS - 2)
        weight = position - low
        at = table * TABLE_POINTS + low
        ratio = np.take(limit_over_demand, at)
        ratio += (np.take(limit_over_demand, at + 1) - ratio) * weight
        at_recorded = np.take(fraction, at)
        at_recorded += (np.take(fraction, at + 1) - at_recorded) * weight
        cap = MAXIMUM_DEMAND_RATIO * cpu
        demand = np.where(recorded_ok, np.minimum(recorded / ratio, cap), cpu)
    same = recorded_ok & (limit == recorded)
    throttled = np.where(same, at_recorded, 1.0)
    unserved = np.where(same, np.maximum(0, demand - cpu), cpu)
    # Under another limit than the recorded one, the lognormal demand decides (only those samples).
    other = limited & ~same & (limit > 0)
    if other.any():
        cpu_o, limit_o, recorded_o, sigma_o = cpu[other], limit[other], recorded[other], sigma[other]
        ratio_o, cap_o, demand_o = ratio[other], cap[other], demand[other]
        with np.errstate(divide="ignore", invalid="ignore"):
            limit_ratio = np.where(
                recorded_ok[other],
                np.where(recorded_o < cap_o * ratio_o, limit_o * ratio_o / recorded_o, limit_o / cap_o),
                limit_o / cpu_o)
            t = (np.log(limit_ratio) + sigma_o * sigma_o / 2) / sigma_o
            above = 1 - normal(t, phi)
            served = demand_o * normal(t - sigma_o, phi) + limit_o * above
        throttled[other] = above
        unserved[other] = np.maximum(0, cpu_o - served)
    served = np.where(same, cpu, cpu - unserved)
    return np.where(limited, throttled, 0.0), np.where(limited, served, cpu), np.where(limited, unserved, 0.0)


def round_cpu(cores):
    import numpy as np

    return np.ceil(cores * 1000 - 1e-9) / 1000


def round_memory(size):
    import numpy as np

    return np.ceil(size / MIB - 1e-9) * MIB


def learned_settings(base, minimum, recorded_request, recorded_limit, rounding):
    """A learned request (NaN where nothing was learned) and its proportional limit (∞ for none)."""
    import numpy as np

    request = rounding(np.maximum(base * 1.15, minimum))
    effective = np.where(np.isnan(recorded_request), recorded_limit, recorded_request)
    with np.errstate(divide="ignore", invalid="ignore"):
        limit = np.where(effective > 0, recorded_limit * request / effective, request)
    limit = np.where(np.isnan(recorded_limit), np.inf, np.maximum(rounding(limit), request))
    return request, limit


class Scenario:
    """One scenario's settings per evaluated sample (∞ where there is no limit)."""

    def __init__(self, name, cpu_request, cpu_limit, memory_request, memory_limit):
        self.name = name
        self.cpu_request, self.cpu_limit = cpu_request, cpu_limit
        self.memory_request, self.memory_limit = memory_request, memory_limit


def scenarios(columns, container, cpu_base, memory_base, recorded_settings):
    """The recorded settings and the percentile policy's, per evaluated sample: `container` gives
    each sample's container, `cpu_base` and `memory_base` what each container learned (NaN for
    nothing), `recorded_settings` each container's recorded requests and limits (NaN where unset)."""
    import numpy as np

    new_cpu, new_cpu_limit = learned_settings(
        cpu_base, 0.01, recorded_settings["cpu_request"], recorded_settings["cpu_limit"], round_cpu)
    new_memory, new_memory_limit = learned_settings(
        memory_base, 20 * MIB, recorded_settings["memory_request"], recorded_settings["memory_limit"], round_memory)
    new_cpu, new_cpu_limit = new_cpu[container], new_cpu_limit[container]
    new_memory, new_memory_limit = new_memory[container], new_memory_limit[container]

    def effective(request, limit):
        return np.nan_to_num(np.where(np.isnan(request), limit, request))

    def unlimited(limit):
        return np.where(np.isnan(limit), np.inf, limit)

    recorded = Scenario(
        "recorded", effective(columns["cpu_request"], columns["cpu_limit"]), unlimited(columns["cpu_limit"]),
        effective(columns["memory_request"], columns["memory_limit"]), unlimited(columns["memory_limit"]))
    learned_cpu, learned_memory = ~np.isnan(new_cpu), ~np.isnan(new_memory)
    percentile = Scenario(
        "percentile",
        np.where(learned_cpu, new_cpu, recorded.cpu_request),
        np.where(learned_cpu, new_cpu_limit, recorded.cpu_limit),
        np.where(learned_memory, new_memory, recorded.memory_request),
        np.where(learned_memory, new_memory_limit, recorded.memory_limit))
    return [recorded, percentile]


def evaluate(scenario, columns, burst, mean_only):
    """Per evaluated sample: cost, throttled and runnable periods, CPU held back, over the memory
    limit. `columns` holds the evaluated samples' arrays, `burst` their table, σ and Φ."""
    import numpy as np

    cpu, memory, up = columns["cpu_cores"], columns["memory_bytes"], columns["up"]
    if mean_only:
        throttled = (cpu > scenario.cpu_limit).astype(np.float64)
        served, unserved = cpu, np.zeros_like(cpu)
    else:
        throttled, served, unserved = throttling(
            cpu, scenario.cpu_limit, np.where(np.isnan(columns["cpu_limit"]), np.inf, columns["cpu_limit"]),
            burst["table"], burst["sigma"], burst["tables"], burst["phi"])
    periods = np.where(cpu > 0, up * PERIODS_PER_SECOND, 0.0)
    working_set = np.minimum(memory, scenario.memory_limit)
    memory_allocated = np.where(
        np.isnan(memory), scenario.memory_request, np.maximum(scenario.memory_request, working_set))
    cost = (np.maximum(scenario.cpu_request, served) * CPU_PRICE + memory_allocated / GIB * MEMORY_PRICE) * up / 3600
    return {
        "cost": cost,
        "throttled": throttled * periods,
        "periods": periods,
        # The throttled ratio counts the periods of containers with a CPU limit: without a quota
        # the kernel counts no CFS periods.
        "limited_periods": np.where(scenario.cpu_limit < np.inf, periods, 0.0),
        "unserved": unserved * up / 3600,
        "over_memory": (memory > scenario.memory_limit).astype(np.int64),
    }


RESULTS = {}
# What each scenario sums per workload and in all.
TOTALS = ("cost", "throttled", "periods", "limited_periods", "unserved", "over_memory")


def report(name, totals, throttle_high):
    throttled = totals["throttled"] / max(totals["limited_periods"], 1e-300)
    RESULTS[name] = {
        "cost": totals["cost"], "throttled": throttled, "throttle_high": throttle_high,
        "held_back": totals["unserved"]}
    print(
        name, f"cost {totals['cost']:.2f}", f"throttled {throttled:.6f}",
        f"throttle-high {throttle_high}", f"held back {totals['unserved']:.2f} core-h",
        f"over memory {totals['over_memory']}", f"workloads {totals['workloads']}")


def check(path):
    """Compares the totals with opexsim's JSON report of the same trace (`replay TRACE --policy
    percentile --format json`); returns whether they agree: cost and CPU held back to 0.01%, the
    throttled ratio to 1e-5, CPUThrottlingHigh containers exactly."""
    import json

    with open(path) as f:
        document = json.load(f)
    reported = {"recorded": document["baseline"]}
    reported.update((s["policy"], s) for s in document["scenarios"] if s["policy"] == "percentile")
    agree = True
    for name, ours in RESULTS.items():
        theirs = reported[name]
        pairs = [
            ("cost", ours["cost"], theirs["cost"]["total_usd"], 1e-4, True),
            ("held back", ours["held_back"], theirs["risk"]["cpu_throttled_core_hours"], 1e-4, True),
            ("throttled", ours["throttled"], theirs["risk"]["throttled_ratio"], 1e-5, False),
            ("throttle-high", ours["throttle_high"], theirs["risk"]["throttle_high_containers"], 0, False),
        ]
        for label, mine, report_value, tolerance, relative in pairs:
            difference = abs(mine - report_value) / (abs(report_value) if relative and report_value else 1)
            ok = difference <= tolerance
            agree &= ok
            print(f"check {name} {label}: peer {mine:.6g}, report {report_value:.6g}: {'agrees' if ok else 'DIFFERS'}")
    return agree


# ---- polars ------------------------------------------------------------------------------------------

def polars_csv(path):
    """The trace's columns with the timestamps as seconds (`t`)."""
    import polars as pl

    frame = pl.read_csv(
        path, columns=COLUMNS,
        schema_overrides={c: pl.Float64 for c in COLUMNS[5:]},
    )
    return frame.with_columns(
        pl.col("timestamp").str.strptime(pl.Datetime("us"), TIME_FORMAT).dt.epoch("s").alias("t")
    ).drop("timestamp")


def with_polars(path, mean_only):
    import numpy as np
    import polars as pl

    frame = pl.read_parquet(path) if path.endswith(".parquet") else polars_csv(path)
    frame = frame.sort(SERIES + ["t"]).with_columns(
        pl.struct(SERIES).rle_id().alias("series"), pl.struct(KEY).rle_id().alias("container"))
    frame = frame.with_columns(pl.col("t").diff().over("series").alias("step"))
    frame = frame.with_columns(pl.col("step").quantile(0.5, "lower").over("series").alias("interval"))
    own = frame.group_by("series").agg(pl.col("interval").first())["interval"].drop_nulls().sort()
    frame = frame.with_columns(pl.col("interval").fill_null(own[(len(own) - 1) // 2] if len(own) else 60))
    gap = pl.col("step").is_null() | (pl.col("step") > 3 * pl.col("interval"))
    frame = frame.with_columns(
        pl.when(gap).then(pl.col("interval")).otherwise(pl.col("step")).alias("dt"),
        pl.when(gap).then(pl.col("t") - pl.col("interval")).forward_fill().over("series").alias("segment"))
    # The trace begins where its first sample's interval does.
    start, end = (frame["t"] - frame["dt"]).min(), frame["t"].max()
    warmup_end = start + (end - start) / 4

    learned = (
        frame.filter(pl.col("t") <= warmup_end)
        .with_columns(
            pl.when(pl.col("memory_bytes").is_not_null())
            .then(pl.min_horizontal("memory_bytes", "memory_limit"))
            .alias("working_set"))
        .group_by("container")
        .agg(
            pl.col("cpu_cores").quantile(0.95, interpolation="linear").alias("cpu_base"),
            pl.col("working_set").max().alias("memory_base"),
        )
    )
    containers = frame["container"].max() + 1
    base = {}
    for column in ("cpu_base", "memory_base"):
        values = np.full(containers, np.nan)
        values[learned["container"].to_numpy()] = learned[column].fill_null(np.nan).to_numpy()
        base[column] = values

    burst = None
    if not mean_only:
        rows = pl.len().over("series")
        counter = (rows >= 3).cast(pl.Int64).cum_sum().over("container")
        stride = (pl.len().over("container") // MAXIMUM_RATIOS).clip(lower_bound=1)
        local = pl.col("cpu_cores").rolling_mean(2 * LOCAL_WINDOW + 1, center=True, min_samples=1).over("series")
        selected = (
            frame.select(
                pl.col("container"), (pl.col("cpu_cores") / local).alias("ratio"),
                ((rows >= 3) & (counter % stride == 0) & (local > 1e-9)).alias("selected"))
            .filter(pl.col("selected"))
            .sort(["container", "ratio"])
        )
        counts = np.bincount(selected["container"].to_numpy(), minlength=containers)
        first = frame.group_by("container").agg(pl.col("interval").first()).sort("container")
        burst = burst_model(selected["ratio"].to_numpy(), counts, first["interval"].to_numpy() * 1000.0)

    evaluated = frame.filter(pl.col("t") > warmup_end).with_columns(
        (pl.col("t") - pl.max_horizontal(pl.col("t") - pl.col("dt"), pl.lit(warmup_end))).alias("up"))
    columns = {c: evaluated[c].fill_null(np.nan).to_numpy() for c in COLUMNS[5:] + ["up"]}
    container = evaluated["container"].to_numpy()
    burst = per_sample(burst, container)
    first_rows = frame.group_by("container").agg(pl.col(c).first() for c in COLUMNS[7:]).sort("container")
    recorded = {c: first_rows[c].fill_null(np.nan).to_numpy() for c in COLUMNS[7:]}
    for scenario in scenarios(columns, container, base["cpu_base"], base["memory_base"], recorded):
        figures = evaluate(scenario, columns, burst, mean_only)
        per_workload = (
            evaluated.select("namespace", "workload", "series", "container", "t", "segment")
            .with_columns(**{k: pl.Series(v) for k, v in figures.items()})
        )
        throttle_high = 0 if mean_only else polars_throttle_high(per_workload)
        totals = per_workload.group_by(["namespace", "workload"]).agg(pl.col(*TOTALS).sum())
        sums = {k: totals[k].sum() for k in TOTALS}
        report(scenario.name, dict(sums, workloads=totals.height), throttle_high)


def polars_throttle_high(frame):
    """Containers for which CPUThrottlingHigh fired after the warmup."""
    import polars as pl

    in_window = pl.col("throttled").rolling_sum_by("t", window_size=f"{ALERT_WINDOW}i", closed="right")
    since = pl.max_horizontal(pl.col("t") - ALERT_WINDOW, pl.col("segment"))
    runnable = (
        pl.when(pl.col("in_window") > ALERT_THRESHOLD * pl.col("periods"))
        .then((pl.col("t") - since) * PERIODS_PER_SECOND)
        .otherwise(pl.col("periods"))
    )
    ratio = (
        pl.when(pl.col("in_window") <= 0).then(0.0)
        .when(runnable > 0).then(pl.min_horizontal(pl.col("in_window") / runnable, pl.lit(1.0)))
        .otherwise(1.0)
    )
    high = frame.with_columns(in_window.over("series").alias("in_window")).with_columns(
        (ratio > ALERT_THRESHOLD).alias("high"))
    runs = high.with_columns(
        (pl.col("high") != pl.col("high").shift(1)).fill_null(True).cum_sum().over("series").alias("run"))
    fired = (
        runs.filter(pl.col("high"))
        .group_by(["series", "run"])
        .agg(pl.col("container").first(), (pl.col("t").max() - pl.col("t").min() >= ALERT_FOR).alias("fired"))
        .filter(pl.col("fired"))
    )
    return fired["container"].n_unique()


# ---- pandas ------------------------------------------------------------------------------------------

def with_pandas(path, mean_only):
    import numpy as np
    import pandas as pd

    if path.endswith(".parquet"):
        frame = pd.read_parquet(path)
    else:
        frame = pd.read_csv(path, engine="pyarrow", usecols=COLUMNS)
        times = pd.to_datetime(frame["timestamp"], format=TIME_FORMAT, utc=True)
        frame["t"] = (times - pd.Timestamp(0, tz="UTC")) // pd.Timedelta(seconds=1)
        frame = frame.drop(columns="timestamp")
    frame = frame.sort_values(SERIES + ["t"], kind="stable", ignore_index=True)
    frame["series"] = frame.groupby(SERIES, sort=False).ngroup()
    frame["container"] = frame.groupby(KEY, sort=False).ngroup()
    series = frame.groupby("series", sort=False)
    frame["step"] = series["t"].diff()
    frame["interval"] = series["step"].transform(lambda steps: steps.quantile(0.5, interpolation="lower"))
    own = np.sort(frame.groupby("series")["interval"].first().dropna().to_numpy())
    frame["interval"] = frame["interval"].fillna(own[(len(own) - 1) // 2] if len(own) else 60)
    gap = frame["step"].isna() | (frame["step"] > 3 * frame["interval"])
    frame["dt"] = np.where(gap, frame["interval"], frame["step"])
    frame["segment"] = pd.Series(np.where(gap, frame["t"] - frame["interval"], np.nan)).groupby(
        frame["series"]).ffill()
    # The trace begins where its first sample's interval does.
    start, end = (frame["t"] - frame["dt"]).min(), frame["t"].max()
    warmup_end = start + (end - start) / 4

    warmup = frame[frame["t"] <= warmup_end]
    containers = frame["container"].max() + 1
    learned = pd.DataFrame({
        "cpu_base": warmup.groupby("container")["cpu_cores"].quantile(0.95),
        "memory_base": np.minimum(warmup["memory_bytes"], warmup["memory_limit"].fillna(np.inf))
        .groupby(warmup["container"]).max(),
    }).reindex(range(containers))

    burst = None
    if not mean_only:
        rows = series["t"].transform("size")
        counter = (rows >= 3).astype(np.int64).groupby(frame["container"]).cumsum()
        stride = np.maximum(frame.groupby("container")["t"].transform("size") // MAXIMUM_RATIOS, 1)
        local = series["cpu_cores"].rolling(2 * LOCAL_WINDOW + 1, center=True, min_periods=1).mean()
        local = local.reset_index(level=0, drop=True).sort_index()
        selected = (rows >= 3) & (counter % stride == 0) & (local > 1e-9)
        ratios = pd.DataFrame({
            "container": frame["container"][selected], "ratio": (frame["cpu_cores"] / local)[selected]
        }).sort_values(["container", "ratio"])
        counts = np.bincount(ratios["container"].to_numpy(), minlength=containers)
        interval = frame.groupby("container")["interval"].first().to_numpy()
        burst = burst_model(ratios["ratio"].to_numpy(), counts, interval * 1000.0)

    evaluated = frame[frame["t"] > warmup_end].reset_index(drop=True)
    evaluated["up"] = evaluated["t"] - np.maximum(evaluated["t"] - evaluated["dt"], warmup_end)
    columns = {c: evaluated[c].to_numpy(dtype=np.float64) for c in COLUMNS[5:] + ["up"]}
    container = evaluated["container"].to_numpy()
    burst = per_sample(burst, container)
    first_rows = frame.groupby("container")[COLUMNS[7:]].first()
    recorded = {c: first_rows[c].to_numpy() for c in COLUMNS[7:]}
    for scenario in scenarios(
        columns, container, learned["cpu_base"].to_numpy(), learned["memory_base"].to_numpy(), recorded
    ):
        figures = pd.DataFrame(evaluate(scenario, columns, burst, mean_only))
        for c in ("namespace", "workload", "series", "container", "t", "segment"):
            figures[c] = evaluated[c]
        throttle_high = 0 if mean_only else pandas_throttle_high(figures)
        totals = figures.groupby(["namespace", "workload"])[list(TOTALS)].sum()
        sums = {k: totals[k].sum() for k in TOTALS}
        report(scenario.name, dict(sums, workloads=len(totals)), throttle_high)


def pandas_throttle_high(frame):
    """Containers for which CPUThrottlingHigh fired after the warmup."""
    import numpy as np
    import pandas as pd

    frame = frame.assign(time=pd.to_datetime(frame["t"], unit="s"))
    in_window = (
        frame.groupby("series")
        .rolling(f"{ALERT_WINDOW}s", on="time", closed="right")["throttled"]
        .sum()
        .reset_index(level=0, drop=True)
    )
    in_window = in_window.to_numpy()
    t, periods = frame["t"].to_numpy(), frame["periods"].to_numpy()
    since = np.maximum(t - ALERT_WINDOW, frame["segment"].to_numpy())
    runnable = np.where(in_window > ALERT_THRESHOLD * periods, (t - since) * PERIODS_PER_SECOND, periods)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(in_window <= 0, 0.0, np.where(runnable > 0, np.minimum(in_window / runnable, 1), 1.0))
    high = pd.Series(ratio > ALERT_THRESHOLD)
    run = (high != high.groupby(frame["series"]).shift(1)).cumsum()
    runs = frame[high.to_numpy()].groupby([frame["series"][high], run[high]]).agg(
        container=("container", "first"), first=("t", "min"), last=("t", "max"))
    return runs[runs["last"] - runs["first"] >= ALERT_FOR]["container"].nunique()


if __name__ == "__main__":
    arguments = sys.argv[1:]
    mean_only = "--mean" in arguments
    report_path = None
    if "--check" in arguments[:-1]:
        at = arguments.index("--check")
        report_path = arguments[at + 1]
        del arguments[at:at + 2]
    arguments = [a for a in arguments if a != "--mean"]
    if len(arguments) == 3 and arguments[0] == "parquet" and len(sys.argv) == 4:
        polars_csv(arguments[1]).write_parquet(arguments[2])
    elif len(arguments) == 2 and arguments[0] in ("pandas", "polars"):
        (with_pandas if arguments[0] == "pandas" else with_polars)(arguments[1], mean_only)
        if report_path and not check(report_path):
            sys.exit(1)
    else:
        sys.exit(__doc__.split("\n\n")[1])

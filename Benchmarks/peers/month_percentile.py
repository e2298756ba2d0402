#!/usr/bin/env python3
"""The arithmetic of `opexsim replay TRACE --policy percentile`, written with pandas or polars.

usage: month_percentile.py pandas|polars TRACE.csv|TRACE.parquet
       month_percentile.py parquet TRACE.csv TRACE.parquet

The second form writes the trace as Parquet once (with polars), its timestamps parsed into seconds
(column `t`): the peers' counterpart of `opexsim cache`, which the first form then reads in place
of the CSV.

On a canonical trace whose quantities are plain numbers and whose timestamps are RFC 3339 in UTC to
the second (what `opexsim import` writes), it does what
the percentile scenario and the recorded settings beside it compute, in their simplest form:
  - the warmup is the first quarter of the trace's span; each container learns from the samples
    that end in it: the 95th percentile of CPU (linear interpolation) and the maximum of memory;
  - requests: that value plus 15%, at least 10 millicores and 20 MiB, rounded up to whole
    millicores and MiB; limits in proportion to the recorded ones (the recorded limit times the
    new request over the recorded request, the new request where no request was recorded, none
    where no limit was), never below the request;
  - the recorded settings: a container with a limit and no request is given its limit as request;
  - after the warmup, for both: cost per sample of max(request, usage) at OpenCost's default prices
    over the sample's interval, samples with CPU over the CPU limit, samples with memory over the
    memory limit; summed per workload and in all.
It prints each scenario's totals. It computes less than opexsim does (throttling by the sample's
mean against its limit, no restarts, no OOM kills' effects, no disruption budget): a lower bound of
the work, not the same report.
"""

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
# The timestamps' one format, given: inferring it per value takes several times as long.
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def with_pandas(path):
    import numpy as np
    import pandas as pd

    if path.endswith(".parquet"):
        frame = pd.read_parquet(path)
    else:
        frame = pd.read_csv(path, engine="pyarrow", usecols=COLUMNS)
        times = pd.to_datetime(frame["timestamp"], format=TIME_FORMAT, utc=True)
        frame["t"] = (times - pd.Timestamp(0, tz="UTC")) // pd.Timedelta(seconds=1)
    frame = frame.sort_values(["pod", "t"], kind="stable")
    step = frame.groupby("pod")["t"].diff()
    frame["dt"] = step.fillna(step.median())
    start, end = frame["t"].min(), frame["t"].max()
    warmup_end = start + (end - start) / 4

    learn = frame[frame["t"] <= warmup_end].groupby(KEY)
    learned = pd.DataFrame({
        "cpu_base": learn["cpu_cores"].quantile(0.95),
        "memory_base": learn["memory_bytes"].max(),
    }).reset_index()
    learned["new_cpu"] = np.ceil(np.maximum(learned["cpu_base"] * 1.15, 0.01) * 1000 - 1e-9) / 1000
    learned["new_memory"] = np.ceil(np.maximum(learned["memory_base"] * 1.15, 20 * MIB) / MIB - 1e-9) * MIB
    evaluated = frame[frame["t"] > warmup_end].merge(learned, on=KEY, how="left")

    def proportional(new, request, limit):
        value = np.where(request > 0, limit * new / request, new)
        value = np.where(np.isnan(limit), np.nan, np.maximum(value, new))
        return value

    scenarios = {
        "recorded": (
            evaluated["cpu_request"].fillna(evaluated["cpu_limit"]),
            evaluated["cpu_limit"],
            evaluated["memory_request"].fillna(evaluated["memory_limit"]),
            evaluated["memory_limit"],
        ),
        "percentile": (
            evaluated["new_cpu"].fillna(evaluated["cpu_request"]),
            proportional(evaluated["new_cpu"], evaluated["cpu_request"], evaluated["cpu_limit"]),
            evaluated["new_memory"].fillna(evaluated["memory_request"]),
            proportional(evaluated["new_memory"], evaluated["memory_request"], evaluated["memory_limit"]),
        ),
    }
    for name, (cpu_request, cpu_limit, memory_request, memory_limit) in scenarios.items():
        hours = evaluated["dt"] / 3600
        cpu = np.fmax(cpu_request, evaluated["cpu_cores"]).fillna(0)
        memory = np.fmax(memory_request, evaluated["memory_bytes"]).fillna(0)
        per_row = pd.DataFrame({
            "workload": evaluated["workload"],
            "cost": (cpu * CPU_PRICE + memory / GIB * MEMORY_PRICE) * hours,
            "throttled": (evaluated["cpu_cores"] > cpu_limit).astype("int64"),
            "over_memory": (evaluated["memory_bytes"] > memory_limit).astype("int64"),
        })
        totals = per_row.groupby("workload").sum()
        print(name, f"cost {totals['cost'].sum():.2f}", f"throttled {totals['throttled'].sum()}",
              f"over memory {totals['over_memory'].sum()}", f"workloads {len(totals)}")


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


def with_polars(path):
    import polars as pl

    frame = pl.read_parquet(path) if path.endswith(".parquet") else polars_csv(path)
    frame = frame.sort(["pod", "t"])
    frame = frame.with_columns(pl.col("t").diff().over("pod").alias("dt"))
    frame = frame.with_columns(pl.col("dt").fill_null(pl.col("dt").median()).cast(pl.Float64))
    start, end = frame["t"].min(), frame["t"].max()
    warmup_end = start + (end - start) / 4

    learned = (
        frame.filter(pl.col("t") <= warmup_end)
        .group_by(KEY)
        .agg(
            pl.col("cpu_cores").quantile(0.95, interpolation="linear").alias("cpu_base"),
            pl.col("memory_bytes").max().alias("memory_base"),
        )
        .with_columns(
            ((pl.max_horizontal(pl.col("cpu_base") * 1.15, pl.lit(0.01)) * 1000 - 1e-9).ceil() / 1000)
            .alias("new_cpu"),
            ((pl.max_horizontal(pl.col("memory_base") * 1.15, pl.lit(20 * MIB)) / MIB - 1e-9).ceil() * MIB)
            .alias("new_memory"),
        )
    )
    evaluated = frame.filter(pl.col("t") > warmup_end).join(learned, on=KEY, how="left")

    def proportional(new, request, limit):
        value = pl.when(pl.col(request) > 0).then(pl.col(limit) * pl.col(new) / pl.col(request)).otherwise(pl.col(new))
        return pl.when(pl.col(limit).is_null()).then(None).otherwise(pl.max_horizontal(value, pl.col(new)))

    scenarios = {
        "recorded": (
            pl.col("cpu_request").fill_null(pl.col("cpu_limit")),
            pl.col("cpu_limit"),
            pl.col("memory_request").fill_null(pl.col("memory_limit")),
            pl.col("memory_limit"),
        ),
        "percentile": (
            pl.col("new_cpu").fill_null(pl.col("cpu_request")),
            proportional("new_cpu", "cpu_request", "cpu_limit"),
            pl.col("new_memory").fill_null(pl.col("memory_request")),
            proportional("new_memory", "memory_request", "memory_limit"),
        ),
    }
    for name, (cpu_request, cpu_limit, memory_request, memory_limit) in scenarios.items():
        cpu = pl.max_horizontal(cpu_request, pl.col("cpu_cores")).fill_null(0)
        memory = pl.max_horizontal(memory_request, pl.col("memory_bytes")).fill_null(0)
        totals = (
            evaluated.select(
                pl.col("workload"),
                ((cpu * CPU_PRICE + memory / GIB * MEMORY_PRICE) * pl.col("dt") / 3600).alias("cost"),
                (pl.col("cpu_cores") > cpu_limit).fill_null(False).cast(pl.Int64).alias("throttled"),
                (pl.col("memory_bytes") > memory_limit).fill_null(False).cast(pl.Int64).alias("over_memory"),
            )
            .group_by("workload")
            .sum()
        )
        print(name, f"cost {totals['cost'].sum():.2f}", f"throttled {totals['throttled'].sum()}",
              f"over memory {totals['over_memory'].sum()}", f"workloads {totals.height}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "parquet":
        polars_csv(sys.argv[2]).write_parquet(sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] in ("pandas", "polars"):
        (with_pandas if sys.argv[1] == "pandas" else with_polars)(sys.argv[2])
    else:
        sys.exit(__doc__.split("\n\n")[1])

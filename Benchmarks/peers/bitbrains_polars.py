"""The conversion `opexsim import --from bitbrains DIR -o OUT` does, written with polars: every VM file
of a GWA-T-12 directory (`;` and a tab between fields) to one canonical trace CSV.

    python3 bitbrains_polars.py DIR OUT

Per row: CPU cores = usage MHz / (provisioned MHz / cores), memory = usage KB x 1024 (0 = not
recorded), the provisioned cores and memory as the limits, `vm-<file name>` as workload and pod in
namespace `bitbrains`. Rows of VMs with no provisioned CPU in any row are dropped. Numbers are rounded
as opexsim writes them (CPU to 9 decimals, bytes to whole numbers); the cells are those of opexsim's
output, in the same order.
"""
import os
import sys

import polars as pl

COLUMNS = ["t", "cores", "cap_mhz", "use_mhz", "use_pct", "mem_cap_kb", "mem_use_kb",
           "disk_r", "disk_w", "net_r", "net_t"]


def convert(directory, out):
    names = sorted(f for f in os.listdir(directory) if f.endswith(".csv"))
    frames = []
    for name in names:
        frame = pl.read_csv(os.path.join(directory, name), separator=";", has_header=True,
                            new_columns=COLUMNS, infer_schema_length=0)
        frames.append(frame.with_columns(pl.lit("vm-" + name[:-4]).alias("vm")))
    raw = pl.concat(frames)
    numbers = raw.select(
        pl.col("vm"),
        *[pl.col(c).str.strip_chars().cast(pl.Float64).alias(c)
          for c in ("t", "cores", "cap_mhz", "use_mhz", "mem_cap_kb", "mem_use_kb")])
    alive = numbers.filter((pl.col("cap_mhz") > 0).any().over("vm"))
    trace = alive.filter(pl.col("cap_mhz") > 0).select(
        pl.from_epoch(pl.col("t").cast(pl.Int64), time_unit="s").dt.strftime("%Y-%m-%dT%H:%M:%SZ")
        .alias("timestamp"),
        pl.lit("bitbrains").alias("namespace"),
        pl.col("vm").alias("workload"),
        pl.lit("vm").alias("container"),
        pl.col("vm").alias("pod"),
        (pl.col("use_mhz") / (pl.col("cap_mhz") / pl.col("cores"))).round(9).alias("cpu_cores"),
        pl.when(pl.col("mem_use_kb") > 0).then((pl.col("mem_use_kb") * 1024).round(0).cast(pl.Int64))
        .alias("memory_bytes"),
        pl.lit(None, dtype=pl.Utf8).alias("cpu_request"),
        pl.col("cores").cast(pl.Int64).cast(pl.Utf8).alias("cpu_limit"),
        pl.lit(None, dtype=pl.Utf8).alias("memory_request"),
        (pl.col("mem_cap_kb") * 1024).cast(pl.Int64).cast(pl.Utf8).alias("memory_limit"),
        pl.lit(None, dtype=pl.Utf8).alias("node"),
        pl.lit(None, dtype=pl.Utf8).alias("team"),
    )
    trace.write_csv(out)
    print(trace.height)


if __name__ == "__main__":
    convert(sys.argv[1], sys.argv[2])

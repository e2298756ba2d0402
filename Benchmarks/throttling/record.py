#!/usr/bin/env python3
"""Records real CFS throttling of workload.c under a CPU quota, one CSV row per second per run.

    sudo python3 record.py --out measurements.csv --duration 480 \\
        --run web,1,8,0.91,1.0 --run batch,2,2,0.53,0.8 ...

Each --run is shape,seed,threads,mean_cores,quota_cores (quota "none" for no quota: the unthrottled
demand). Runs are recorded one after another. For each run the script

1. compiles workload.c (once, into .build/ beside this file) unless --workload names a binary;
2. creates a child cgroup (v1: one in the cpu and one in the cpuacct hierarchy, or one when they are
   co-mounted; v2: one under the root with the cpu controller enabled), sets the CFS quota with a
   100 ms period (no burst) and cpu.shares (v1) / cpu.weight (v2) from --shares;
3. starts the workload with --wait: the child writes its own pid into the cgroup before exec (so every
   thread it creates is inside), builds its schedule, prints "ready" and blocks;
4. reads the baseline counters at t0 (monotonic clock), tells the workload to start, and then at
   t0 + 1 s, t0 + 2 s, ... (absolute, so errors do not accumulate) reads the cgroup's cumulative CPU
   usage, nr_periods, nr_throttled and throttled time, and appends the per-second differences;
5. kills the workload and removes the cgroup.

Columns: run, shape, seed, threads, quota_cores (empty: no quota), mean_demand_cores (the target),
second (1 = the first second after start), usage_core_seconds, nr_periods, nr_throttled,
throttled_seconds (all in that second), offered_core_seconds (work arriving in that second according
to the workload's schedule, independent of the quota), sample_lag_ms (how late the reading was).

Run metadata (kernel, cgroup version, CPU, load average at start) is appended to <out>.meta as JSON
lines. Needs root and the cpu controller. Python 3 standard library only.
"""

import argparse
import csv
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PERIOD_US = 100_000
COLUMNS = [
    "run", "shape", "seed", "threads", "quota_cores", "mean_demand_cores", "second",
    "usage_core_seconds", "nr_periods", "nr_throttled", "throttled_seconds",
    "offered_core_seconds", "sample_lag_ms",
]


# ---------- cgroups ----------

def read(path):
    with open(path) as f:
        return f.read()


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def parse_stat(text):
    out = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 2:
            out[parts[0]] = int(parts[1])
    return out


class Cgroup:
    """A child cgroup with a CFS quota, for cgroup v1 or v2."""

    def __init__(self, name, quota_cores, shares):
        self.version = 2 if os.path.exists("/sys/fs/cgroup/cgroup.controllers") else 1
        self.dirs = []
        if self.version == 2:
            root = "/sys/fs/cgroup"
            if "cpu" not in read(os.path.join(root, "cgroup.controllers")).split():
                sys.exit("cgroup v2 without the cpu controller")
            if "cpu" not in read(os.path.join(root, "cgroup.subtree_control")).split():
                write(os.path.join(root, "cgroup.subtree_control"), "+cpu")
            self.dir = os.path.join(root, name)
            os.mkdir(self.dir)
            self.dirs = [self.dir]
            quota = "max" if quota_cores is None else str(round(quota_cores * PERIOD_US))
            write(os.path.join(self.dir, "cpu.max"), f"{quota} {PERIOD_US}")
            if os.path.exists(os.path.join(self.dir, "cpu.max.burst")):
                write(os.path.join(self.dir, "cpu.max.burst"), "0")
            # v1 shares 2..262144 map onto weight 1..10000 as the kubelet does
            weight = 1 + ((shares - 2) * 9999) // 262142
            write(os.path.join(self.dir, "cpu.weight"), str(max(1, min(10000, weight))))
            self.usage_file = os.path.join(self.dir, "cpu.stat")
        else:
            cpu_root, acct_root = self.v1_mounts()
            self.dir = os.path.join(cpu_root, name)
            os.mkdir(self.dir)
            self.dirs = [self.dir]
            if acct_root != cpu_root:
                acct = os.path.join(acct_root, name)
                os.mkdir(acct)
                self.dirs.append(acct)
            else:
                acct = self.dir
            write(os.path.join(self.dir, "cpu.cfs_period_us"), str(PERIOD_US))
            quota = -1 if quota_cores is None else round(quota_cores * PERIOD_US)
            write(os.path.join(self.dir, "cpu.cfs_quota_us"), str(quota))
            if os.path.exists(os.path.join(self.dir, "cpu.cfs_burst_us")):
                write(os.path.join(self.dir, "cpu.cfs_burst_us"), "0")
            write(os.path.join(self.dir, "cpu.shares"), str(shares))
            self.usage_file = os.path.join(acct, "cpuacct.usage")
        self.stat_file = os.path.join(self.dir, "cpu.stat")
        self.procs_files = [os.path.join(d, "cgroup.procs") for d in self.dirs]

    @staticmethod
    def v1_mounts():
        cpu = acct = None
        with open("/proc/mounts") as f:
            for line in f:
                dev, mount, fstype, options = line.split()[:4]
                if fstype != "cgroup":
                    continue
                opts = options.split(",")
                if "cpu" in opts and cpu is None:
                    cpu = mount
                if "cpuacct" in opts and acct is None:
                    acct = mount
        if cpu is None or acct is None:
            sys.exit("cgroup v1 without the cpu and cpuacct controllers mounted")
        return cpu, acct

    def counters(self):
        """(usage ns, nr_periods, nr_throttled, throttled ns), cumulative."""
        stat = parse_stat(read(self.stat_file))
        if self.version == 2:
            return (stat["usage_usec"] * 1000, stat.get("nr_periods", 0), stat.get("nr_throttled", 0),
                    stat.get("throttled_usec", 0) * 1000)
        return (int(read(self.usage_file)), stat["nr_periods"], stat["nr_throttled"], stat["throttled_time"])

    def enter(self):
        """Called in the child between fork and exec."""
        os.setpriority(os.PRIO_PROCESS, 0, 0)  # not the recorder's niceness
        pid = str(os.getpid())
        for path in self.procs_files:
            write(path, pid)

    def remove(self):
        for d in self.dirs:
            for attempt in range(50):
                try:
                    os.rmdir(d)
                    break
                except OSError:
                    time.sleep(0.1)
            else:
                print(f"record: could not remove {d}", file=sys.stderr)


# ---------- runs ----------

def compile_workload():
    out_dir = os.path.join(HERE, ".build")
    os.makedirs(out_dir, exist_ok=True)
    binary = os.path.join(out_dir, "workload")
    source = os.path.join(HERE, "workload.c")
    if not os.path.exists(binary) or os.path.getmtime(binary) < os.path.getmtime(source):
        subprocess.run(["cc", "-O2", "-pthread", "-o", binary, source, "-lm"], check=True)
    return binary


def parse_run(text):
    parts = text.split(",")
    if len(parts) != 5:
        raise argparse.ArgumentTypeError("--run is shape,seed,threads,mean_cores,quota_cores")
    shape, seed, threads, mean, quota = parts
    if shape not in ("web", "batch", "jvm"):
        raise argparse.ArgumentTypeError(f"unknown shape {shape}")
    return {
        "shape": shape, "seed": int(seed), "threads": int(threads), "mean": float(mean),
        "quota": None if quota in ("none", "") else float(quota),
    }


def run_id(spec):
    q = "none" if spec["quota"] is None else f"{spec['quota']:.2f}"
    return f"{spec['shape']}-s{spec['seed']}-t{spec['threads']}-m{spec['mean']:.3f}-q{q}"


def record_run(spec, binary, duration, shares, out_path, meta_path):
    rid = run_id(spec)
    name = f"opexsim-throttling-{os.getpid()}"
    group = Cgroup(name, spec["quota"], shares)
    offered_file = tempfile.NamedTemporaryFile(prefix="offered-", suffix=".csv", delete=False).name
    args = [binary, "--shape", spec["shape"], "--seed", str(spec["seed"]), "--threads", str(spec["threads"]),
            "--mean", repr(spec["mean"]), "--duration", str(duration + 5), "--wait", "--offered", offered_file]
    meta = {
        "run": rid, "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "kernel": platform.release(),
        "cgroup_version": group.version, "cpus": os.cpu_count(), "loadavg_at_start": os.getloadavg(),
        "shares": shares, "period_us": PERIOD_US, "duration_s": duration, "command": args[:-2],
    }
    proc = None
    rows = []
    lags = []
    try:
        proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                preexec_fn=group.enter)
        if proc.stdout.readline().strip() != "ready":
            raise RuntimeError("workload did not get ready")
        t0 = time.monotonic()
        previous = group.counters()
        proc.stdin.write("go\n")
        proc.stdin.flush()
        for second in range(1, duration + 1):
            target = t0 + second
            delay = target - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            lag = time.monotonic() - target
            current = group.counters()
            lags.append(lag)
            d = [c - p for c, p in zip(current, previous)]
            previous = current
            rows.append([second, d[0] / 1e9, d[1], d[2], d[3] / 1e9, lag * 1000])
            if proc.poll() is not None:
                raise RuntimeError(f"workload exited early with {proc.returncode}")
    finally:
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        group.remove()
    offered = {}
    with open(offered_file) as f:
        for r in csv.DictReader(f):
            offered[int(r["second"])] = float(r["offered_core_seconds"])
    os.unlink(offered_file)

    new_file = not os.path.exists(out_path) or os.path.getsize(out_path) == 0
    quota_text = "" if spec["quota"] is None else f"{spec['quota']:g}"
    with open(out_path, "a", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        if new_file:
            w.writerow(COLUMNS)
        for second, usage, periods, throttled, throttled_s, lag_ms in rows:
            w.writerow([rid, spec["shape"], spec["seed"], spec["threads"], quota_text, f"{spec['mean']:g}", second,
                        f"{usage:.6f}", periods, throttled, f"{throttled_s:.6f}",
                        f"{offered.get(second, 0.0):.6f}", f"{lag_ms:.2f}"])
    usage = sum(r[1] for r in rows) / len(rows)
    periods = sum(r[2] for r in rows)
    throttled = sum(r[3] for r in rows)
    meta.update({
        "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "mean_usage_cores": round(usage, 4),
        "nr_periods_per_s": round(periods / len(rows), 3),
        "throttled_ratio": round(throttled / periods, 4) if periods else None,
        "max_sample_lag_ms": round(max(lags) * 1000, 2), "loadavg_at_end": os.getloadavg(),
    })
    with open(meta_path, "a") as f:
        f.write(json.dumps(meta) + "\n")
    print(f"record: {rid}: usage {usage:.3f} cores, {periods / len(rows):.2f} periods/s, throttled ratio "
          f"{meta['throttled_ratio']}, max lag {meta['max_sample_lag_ms']} ms", file=sys.stderr, flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--run", action="append", type=parse_run, required=True,
                   help="shape,seed,threads,mean_cores,quota_cores (quota 'none': no quota); repeat")
    p.add_argument("--duration", type=int, default=600, help="seconds per run (default 600)")
    p.add_argument("--out", default=os.path.join(HERE, "measurements.csv"))
    p.add_argument("--shares", type=int, default=10240,
                   help="cpu.shares of the run's cgroup (default 10240, priority over other load)")
    p.add_argument("--workload", help="a compiled workload binary (default: compile workload.c)")
    a = p.parse_args()
    if os.geteuid() != 0:
        sys.exit("record.py needs root (it creates cgroups)")
    try:
        os.nice(-15)  # read the counters on time even when the machine is busy (the workload is reset to 0)
    except OSError:
        pass
    binary = a.workload or compile_workload()
    meta_path = os.path.splitext(a.out)[0] + ".meta"
    for spec in a.run:
        record_run(spec, binary, a.duration, a.shares, a.out, meta_path)


if __name__ == "__main__":
    main()

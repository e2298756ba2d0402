#!/usr/bin/env python3
"""Fits and measures throttling estimates for mean-only traces against the kernel's counters.

    python3 analyze.py [measurements.csv] [--json results.json]

Needs Python 3 and numpy. scipy is optional: without it the gamma-family candidates are skipped (the
lognormal ones, and everything else, use numpy only).

From the per-second rows of record.py it builds what a trace would hold at a sample interval of 10 s
and of 60 s: per interval the mean CPU in cores (the usage the container got, as a metrics pipeline
records it) and, as the ground truth, the kernel's throttled ratio sum(nr_throttled)/sum(nr_periods)
over the interval (nr_periods counts only the periods in which the cgroup was runnable; an interval
without any is left out). Each run is one container with one replica and one limit (its quota).

At 10 s each run gives one trace (intervals starting at second 0). At 60 s a run of 480 s gives only 8
intervals, so every run is also cut at the offsets 10, 20, ... 50 s: six traces per run, each with its
own fitted shape (they are not independent, but each is a trace a collector could have recorded).

Models of the throttled fraction of periods in an interval of mean m (cores) under limit L:

  naive       1 if m > L else 0.
  fitted      opexsim's `fitted` burst model (BurstModel.swift, BurstProfile+Fitting.swift) exactly:
              per trace, every sample's ratio to the mean of the samples within 5 on each side (the
              sample itself included, the window cut at the ends), 64 quantile points at
              (j + 0.5)/64 of the sorted ratios (linear interpolation), divided by the ratios' mean and
              renormalised to mean 1; the fraction is the share of points with m x point > L (none when
              m x largest point <= L).
  percentiles opexsim's `percentiles` model (PercentileVectorThrottling) on the per-second usage inside
              the interval: levels 50, 90, 95, 99 and max (and, as a second variant, the Google 2019
              levels 0, 10, ... 90, 91 ... 99 and max), read as a piecewise-linear distribution.
  candidates  per-period demand X of a given family with coefficient of variation
                  c = max(c_floor, cv_trace * (interval / 0.1 s) ** (1 - H))
              where cv_trace is the standard deviation of the fitted model's 64 quantile points (mean 1;
              0 when the trace has fewer than 8 ratios); the estimate is P(X > L). Two ways to place X:
                "mean"      E[X] = m (the recorded mean is the demand);
                "censored"  E[min(X, L)] = m (the recorded mean is what the limit let through, so the
                            demand behind a mean close to the limit is larger).
              Families: lognormal (numpy only) and gamma (scipy). Variants: "no idle" (parameters H,
              c_floor); "idle eps" (also eps: periods with demand below eps x L count as idle, as
              nr_periods leaves idle periods out: P(X > L) / P(X > eps L)); "constant cv" (one c for
              every trace); "on/off" (idle with probability 1 - a, a = (1 + c_a^2) / (1 + c^2), lognormal
              with CV c_a when active). Also "fitted shape, stretched" (opexsim's fitted shape stretched
              around the mean by s = k (interval / 0.1 s) ** (1 - H), BurstProfile.throttling(stretch:))
              and a logistic regression on (m / L, ln cv_trace, ln(interval / 0.1 s)).
              Grid parameters are fitted by minimising the mean of the 10 s and the 60 s MAE, and
              cross-validated: leave one shape out (fit on two shapes, test on the third) and leave one
              seed out. The recommended model is RECOMMENDED below.
"""

import argparse
import csv
import json
import math
import sys
from collections import defaultdict

import numpy as np

try:
    from scipy import special as _special
except ImportError:  # pragma: no cover
    _special = None

PERIOD = 0.1
POINTS = 64
LOCAL_WINDOW = 5
INTERVALS = (10, 60)
SHAPES = ("web", "batch", "jvm")
RECOMMENDED = "lognormal, censored, no idle"


# ---------- data ----------

def load(path):
    runs = {}
    with open(path) as f:
        for r in csv.DictReader(f):
            if r["quota_cores"] == "":
                continue  # an unthrottled run: no limit to evaluate against
            run = runs.setdefault(r["run"], {
                "run": r["run"], "shape": r["shape"], "seed": int(r["seed"]), "threads": int(r["threads"]),
                "limit": float(r["quota_cores"]), "target": float(r["mean_demand_cores"]), "rows": []})
            run["rows"].append((int(r["second"]), float(r["usage_core_seconds"]), int(r["nr_periods"]),
                                int(r["nr_throttled"]), float(r["throttled_seconds"])))
    for run in runs.values():
        rows = sorted(run["rows"])
        run["usage"] = np.array([x[1] for x in rows])
        run["periods"] = np.array([x[2] for x in rows], dtype=float)
        run["throttled"] = np.array([x[3] for x in rows], dtype=float)
        del run["rows"]
    return list(runs.values())


def local_ratios(cpu):
    """BurstProfile.fit's ratios for one series (stride 1: fewer than 2048 samples)."""
    n = len(cpu)
    if n < 3:
        return []
    out = []
    for i in range(n):
        lo, hi = max(0, i - LOCAL_WINDOW), min(n, i + LOCAL_WINDOW + 1)
        local = sum(cpu[lo:hi]) / (hi - lo)
        if local > 1e-9:
            out.append(cpu[i] / local)
    return out


def fitted_points(ratios):
    """The 64 quantile points of BurstProfile.fit (all 1 when fewer than 8 ratios)."""
    if len(ratios) < 8:
        return np.ones(POINTS)
    mean = sum(ratios) / len(ratios)
    if mean <= 0:
        return np.ones(POINTS)
    r = sorted(ratios)
    pts = np.empty(POINTS)
    for j in range(POINTS):
        position = (j + 0.5) / POINTS * (len(r) - 1)
        lower = int(position)
        upper = min(lower + 1, len(r) - 1)
        pts[j] = (r[lower] + (r[upper] - r[lower]) * (position - lower)) / mean
    m = pts.sum() / POINTS
    if m > 0:
        pts /= m
    return pts


def fitted_throttling(points, mean, limit):
    """BurstProfile.throttling with stretch 1: the throttled fraction."""
    if mean <= 0 or mean * points[-1] <= limit:
        return 0.0
    threshold = limit / mean
    above = POINTS - int(np.searchsorted(points, threshold, side="right"))  # points > threshold
    return above / POINTS


def percentile_throttling(levels, values, limit):
    """PercentileVectorThrottling.throttling: the throttled fraction."""
    top = max(values)
    if not top > limit:
        return 0.0
    prev_v = prev_p = 0.0
    exceed = 0.0
    first = True
    for level, v in zip(levels, values):
        p = level / 100
        v = max(v, prev_v)
        if first and level == 0:
            prev_v = v
            first = False
            continue
        first = False
        if v > limit:
            mass = p - prev_p
            if prev_v >= limit:
                exceed += mass
            elif v > prev_v:
                exceed += mass * (v - limit) / (v - prev_v)
        prev_v, prev_p = v, p
    if prev_p < 1 and prev_v > limit:
        exceed += 1 - prev_p
    return min(exceed, 1.0)


LEVELS_SHORT = [50, 90, 95, 99, 100]
LEVELS_GOOGLE = list(range(0, 100, 10)) + list(range(91, 100)) + [100]


def build_intervals(runs):
    """One record per (run, interval length, phase, interval)."""
    recs = []
    skipped = 0
    for ri, run in enumerate(runs):
        n = len(run["usage"])
        for delta in INTERVALS:
            phases = [0] if delta == 10 else list(range(0, 60, 10))
            for phase in phases:
                count = (n - phase) // delta
                if count < 1:
                    continue
                sl = [slice(phase + k * delta, phase + (k + 1) * delta) for k in range(count)]
                means = [float(run["usage"][s].sum()) / delta for s in sl]
                ratios = local_ratios(means)
                points = fitted_points(ratios)
                cv = float(np.sqrt(np.mean((points - 1) ** 2)))  # the spread of the 64 points (mean 1)
                for k, s in enumerate(sl):
                    periods = run["periods"][s].sum()
                    if periods <= 0:
                        skipped += 1
                        continue
                    per_second = run["usage"][s]
                    recs.append({
                        "run": ri, "shape": run["shape"], "seed": run["seed"], "delta": delta, "phase": phase,
                        "limit": run["limit"], "mean": means[k], "truth": run["throttled"][s].sum() / periods,
                        "cv_trace": cv, "points": points,
                        "per_second": per_second,
                    })
    return recs, skipped


# ---------- distributions ----------

def norm_sf(x):
    """P(Z > x) for a standard normal, vectorised (erfc by Numerical Recipes' erfcc, error < 1.2e-7)."""
    z = np.abs(x) / math.sqrt(2)
    t = 1.0 / (1.0 + 0.5 * z)
    r = t * np.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (
        -0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))))
    erfc = np.where(x >= 0, r, 2.0 - r)
    return 0.5 * erfc


def lognormal_sigma(cv):
    cv = np.maximum(cv, 1e-6)
    return np.sqrt(np.log1p(cv * cv))


def lognormal_t_mean(ratio, cv):
    """t = (ln L - mu_ln) / s for lognormal X with E[X] = m, CV cv; ratio = L / m. P(X > L) = Phi(-t)."""
    s = lognormal_sigma(cv)
    return (np.log(ratio) + s * s / 2) / s


def lognormal_t_censored(rho, cv, iterations=30):
    """t for lognormal X with CV cv and E[min(X, L)] = m; rho = m / L (capped below 1).

    E[min(X, L)] / L = exp(s^2/2 - s t) * Phi(t - s) + Phi(-t), decreasing in t; solved by bisection on
    [-12, 12]."""
    s = lognormal_sigma(cv)
    rho = np.minimum(rho, 1 - 1e-9)
    lo = np.full(np.broadcast(rho, s).shape, -12.0)
    hi = np.full_like(lo, 12.0)
    for _ in range(iterations):
        t = (lo + hi) / 2
        expo = np.minimum(s * s / 2 - s * t, 700)
        value = np.exp(expo) * (1 - norm_sf(t - s)) + norm_sf(t)
        above = value > rho  # limit too low for this mean: raise t
        lo = np.where(above, t, lo)
        hi = np.where(above, hi, t)
    return (lo + hi) / 2


def lognormal_throttled(t, cv, eps):
    """P(X > L | X > eps L): periods with demand below eps x limit count as idle (not in nr_periods)."""
    p = norm_sf(t)
    if eps <= 0:
        return p
    return np.minimum(p / np.maximum(norm_sf(t + np.log(eps) / lognormal_sigma(cv)), 1e-300), 1.0)


def gamma_x_mean(ratio, cv):
    """x = L / theta for gamma X (shape k = 1/cv^2) with E[X] = m; P(X > L) = Q(k, x)."""
    cv = np.maximum(cv, 1e-3)
    return ratio / (cv * cv)


def gamma_x_censored(rho, cv, iterations=30):
    """Gamma X with E[min(X, L)] = m: with x = L/theta, E[min]/L = (k/x) P(k+1, x) + Q(k, x), decreasing
    in x; bisection on log x."""
    cv = np.maximum(cv, 1e-3)
    k = 1 / (cv * cv)
    rho = np.minimum(rho, 1 - 1e-9)
    lo = np.full(np.broadcast(rho, k).shape, -30.0)
    hi = np.full_like(lo, 12.0)
    for _ in range(iterations):
        lx = (lo + hi) / 2
        x = np.exp(lx)
        value = (k / x) * _special.gammainc(k + 1, x) + _special.gammaincc(k, x)
        above = value > rho
        lo = np.where(above, lx, lo)
        hi = np.where(above, hi, lx)
    return np.exp((lo + hi) / 2)


def gamma_throttled(x, cv, eps):
    cv = np.maximum(cv, 1e-3)
    k = 1 / (cv * cv)
    p = _special.gammaincc(k, x)
    if eps <= 0:
        return p
    return np.minimum(p / np.maximum(_special.gammaincc(k, eps * x), 1e-300), 1.0)


# ---------- models on the interval table ----------

class Table:
    def __init__(self, recs):
        self.recs = recs
        self.mean = np.array([r["mean"] for r in recs])
        self.limit = np.array([r["limit"] for r in recs])
        self.truth = np.array([r["truth"] for r in recs])
        self.delta = np.array([r["delta"] for r in recs], dtype=float)
        self.cv_trace = np.array([r["cv_trace"] for r in recs])
        self.shape = np.array([r["shape"] for r in recs])
        self.seed = np.array([r["seed"] for r in recs])
        self.phase = np.array([r["phase"] for r in recs])
        self.points = np.array([r["points"] for r in recs])  # n x 64

    def naive(self):
        return (self.mean > self.limit).astype(float)

    def fitted(self):
        return np.array([fitted_throttling(r["points"], r["mean"], r["limit"]) for r in self.recs])

    def percentiles(self, levels):
        out = []
        for r in self.recs:
            values = list(np.percentile(r["per_second"], [min(l, 100) for l in levels]))
            out.append(percentile_throttling(levels, values, r["limit"]))
        return np.array(out)


def cv_of(table, H, floor, k=1.0):
    return np.maximum(floor, k * table.cv_trace * (table.delta / PERIOD) ** (1 - H))


GRID_H = np.round(np.arange(0.0, 1.0001, 0.04), 4)
GRID_FLOOR = np.round(np.arange(0.0, 2.0001, 0.1), 4)
GRID_EPS = (0.0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5)


GRID_CONSTANT = np.round(np.arange(0.05, 4.0001, 0.05), 4)


def candidate_grid(table, family, placement, eps_values=GRID_EPS, constant=False):
    """Predictions for every grid point: (params list, matrix params x intervals). With `constant`, the
    per-period CV is one number c for every trace (no use of the trace's variability)."""
    params, preds = [], []
    ratio = table.limit / np.maximum(table.mean, 1e-9)
    rho = table.mean / table.limit
    grid = [(None, c) for c in GRID_CONSTANT] if constant else [(H, f) for H in GRID_H for f in GRID_FLOOR]
    for H, floor in grid:
        cv = np.full_like(table.mean, floor) if H is None else cv_of(table, H, floor)
        if family == "lognormal":
            t = lognormal_t_mean(ratio, cv) if placement == "mean" else lognormal_t_censored(rho, cv)
        else:
            x = gamma_x_mean(ratio, cv) if placement == "mean" else gamma_x_censored(rho, cv)
        for eps in eps_values:
            p = lognormal_throttled(t, cv, eps) if family == "lognormal" else gamma_throttled(x, cv, eps)
            p = np.where(table.mean <= 0, 0.0, p)
            if H is None:
                params.append({"c": float(floor)})
            else:
                params.append({"H": float(H), "c_floor": float(floor), "idle_eps": float(eps)})
            preds.append(p)
    return params, np.array(preds)


GRID_ACTIVE_CV = (0.1, 0.2, 0.3, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0)


def on_off(rho, cv, active_cv):
    """The on/off model: per-period demand is 0 (idle, not counted by nr_periods) with probability 1 - a
    and lognormal with CV active_cv otherwise, where a = (1 + active_cv^2) / (1 + cv^2) makes the overall
    per-period CV equal to cv (a = 1, CV cv, when cv <= active_cv). The active demand's level follows from
    m = a E[min(X, L)]; the throttled fraction is P(X > L) (among active periods)."""
    active = np.minimum(1.0, (1 + active_cv ** 2) / (1 + cv * cv))
    inner = np.minimum(cv, active_cv)
    t = lognormal_t_censored(np.minimum(rho / active, 1 - 1e-9), inner)
    return norm_sf(t)


def on_off_grid(table):
    params, preds = [], []
    rho = table.mean / table.limit
    for H in GRID_H:
        for floor in GRID_FLOOR:
            cv = cv_of(table, H, floor)
            for active_cv in GRID_ACTIVE_CV:
                p = np.where(table.mean <= 0, 0.0, on_off(rho, cv, active_cv))
                params.append({"H": float(H), "c_floor": float(floor), "active_cv": active_cv})
                preds.append(p)
    return params, np.array(preds)


def stretch_grid(table):
    """opexsim's fitted shape stretched by s = k (interval / 0.1 s)^(1 - H)."""
    Hs = np.round(np.arange(0.0, 1.0001, 0.02), 4)
    ks = np.round(np.exp(np.linspace(math.log(0.25), math.log(8), 31)), 4)
    threshold = table.limit / np.maximum(table.mean, 1e-9)  # point r throttles when 1 + s (r - 1) > L/m
    params, preds = [], []
    for H in Hs:
        for k in ks:
            s = k * (table.delta / PERIOD) ** (1 - H)
            above = (1 + s[:, None] * (table.points - 1)) > threshold[:, None]
            p = above.mean(axis=1)
            params.append({"H": float(H), "k": float(k)})
            preds.append(p)
    return params, np.array(preds)


def nelder_mead(f, x0, step=0.5, iterations=600):
    """A small Nelder-Mead minimiser (numpy only)."""
    n = len(x0)
    simplex = [np.array(x0, dtype=float)]
    for i in range(n):
        x = np.array(x0, dtype=float)
        x[i] += step
        simplex.append(x)
    values = [f(x) for x in simplex]
    for _ in range(iterations):
        order = np.argsort(values)
        simplex = [simplex[i] for i in order]
        values = [values[i] for i in order]
        centroid = np.mean(simplex[:-1], axis=0)
        reflected = centroid + (centroid - simplex[-1])
        fr = f(reflected)
        if fr < values[0]:
            expanded = centroid + 2 * (centroid - simplex[-1])
            fe = f(expanded)
            simplex[-1], values[-1] = (expanded, fe) if fe < fr else (reflected, fr)
        elif fr < values[-2]:
            simplex[-1], values[-1] = reflected, fr
        else:
            contracted = centroid + 0.5 * (simplex[-1] - centroid)
            fc = f(contracted)
            if fc < values[-1]:
                simplex[-1], values[-1] = contracted, fc
            else:
                simplex = [simplex[0] + 0.5 * (x - simplex[0]) for x in simplex]
                values = [f(x) for x in simplex]
    best = int(np.argmin(values))
    return simplex[best]


def logistic_features(table):
    """Features a mean-only trace has: the mean's share of the limit, the trace's variability, the
    interval length."""
    rho = table.mean / table.limit
    return np.stack([np.ones_like(rho), rho, np.log(np.maximum(table.cv_trace, 1e-3)),
                     np.log(table.delta / PERIOD)], axis=1)


def logistic_predict(features, b):
    return 1 / (1 + np.exp(-np.clip(features @ b, -50, 50)))


def logistic_fit(table, mask):
    X = logistic_features(table)
    def loss(b):
        p = logistic_predict(X, b)
        err = np.abs(p - table.truth)
        return np.mean([err[mask & (table.delta == d)].mean() for d in INTERVALS if (mask & (table.delta == d)).any()])
    b = np.zeros(X.shape[1])
    for _ in range(3):  # restarts from the last optimum
        b = nelder_mead(loss, b)
    return b


def logistic_model(table):
    """(in-sample prediction, coefficients, held-out by shape, held-out by seed)."""
    X = logistic_features(table)
    everything = np.ones(len(table.truth), dtype=bool)
    b_all = logistic_fit(table, everything)
    held = {}
    chosen = {}
    for name, groups in (("by_shape", table.shape), ("by_seed", table.seed)):
        pred = np.full(len(table.truth), np.nan)
        chosen[name] = {}
        for g in np.unique(groups):
            b = logistic_fit(table, groups != g)
            pred[groups == g] = logistic_predict(X[groups == g], b)
            chosen[name][str(g)] = [round(float(v), 4) for v in b]
        held[name] = pred
    return logistic_predict(X, b_all), b_all, held, chosen


def objective(preds, table, mask):
    """Mean of the 10 s and 60 s MAE over the masked intervals, per grid row."""
    err = np.abs(preds - table.truth[None, :])
    parts = []
    for delta in INTERVALS:
        m = mask & (table.delta == delta)
        if m.any():
            parts.append(err[:, m].mean(axis=1))
    return np.mean(parts, axis=0)


def cross_validate(preds, params, table, groups):
    """Held-out predictions: for each group value, fit on the others and predict it."""
    held = np.full(len(table.truth), np.nan)
    chosen = {}
    for g in np.unique(groups):
        train = groups != g
        best = int(np.argmin(objective(preds, table, train)))
        held[groups == g] = preds[best, groups == g]
        chosen[str(g)] = params[best]
    return held, chosen


def mae_row(pred, table, delta, phase0=False):
    m = table.delta == delta
    if phase0:
        m &= table.phase == 0
    row = {"all": float(np.mean(np.abs(pred[m] - table.truth[m])))}
    for s in SHAPES:
        ms = m & (table.shape == s)
        row[s] = float(np.mean(np.abs(pred[ms] - table.truth[ms]))) if ms.any() else float("nan")
    row["n"] = int(m.sum())
    return row


def previous_change(table):
    """|m - m_previous| / L: how far each interval's mean moved from the one before it in its trace."""
    out = np.zeros(len(table.recs))
    previous = {}
    for i, r in enumerate(table.recs):
        key = (r["run"], r["delta"], r["phase"])
        out[i] = abs(r["mean"] - previous.get(key, r["mean"])) / r["limit"]
        previous[key] = r["mean"]
    return out


def quantile_bins(values, count):
    edges = np.quantile(values, np.linspace(0, 1, count + 1))
    return np.clip(np.searchsorted(edges, values, side="right") - 1, 0, count - 1)


def information_floor(table, delta, keys):
    """MAE of the median truth within each cell of `keys` (in-sample): no function of those features does
    better on this data, and held-out data can only do worse."""
    m = table.delta == delta
    truth = table.truth[m]
    cell = keys[m]
    err = np.zeros_like(truth)
    for k in np.unique(cell):
        inside = cell == k
        err[inside] = np.abs(truth[inside] - np.median(truth[inside]))
    row = {"all": float(err.mean())}
    for s in SHAPES:
        row[s] = float(err[table.shape[m] == s].mean())
    return row


def information_floors(table):
    """The floor for what a mean-only trace gives (m / L, the trace's variability, the change from the
    previous sample), against what knowing the workload itself gives (one run: a recorded throttled ratio)."""
    rho = table.mean / table.limit
    change = previous_change(table)
    run = np.array([r["run"] for r in table.recs])
    rows = {}
    for d in INTERVALS:
        m = table.delta == d
        for bins in (10, 20, 40):
            b_rho = np.zeros(len(rho), dtype=int)
            b_cv = np.zeros(len(rho), dtype=int)
            b_change = np.zeros(len(rho), dtype=int)
            b_rho[m] = quantile_bins(rho[m], bins)
            b_cv[m] = quantile_bins(table.cv_trace[m], 3)
            b_change[m] = quantile_bins(change[m], 3)
            mean_only = (b_rho * 3 + b_cv) * 3 + b_change
            rows[(d, bins, "mean only: m / L, cv_trace, change from the previous sample")] = information_floor(
                table, d, mean_only)
            rows[(d, bins, "the workload known (m / L within each run)")] = information_floor(
                table, d, b_rho * 1000 + run)
    return rows


def fmt_table(title, rows, delta):
    out = [f"\n#### {title}: {delta} s intervals\n",
           "| model | all | web | batch | jvm |", "|---|---|---|---|---|"]
    for name, row in rows:
        out.append(f"| {name} | {row['all']:.3f} | {row['web']:.3f} | {row['batch']:.3f} | {row['jvm']:.3f} |")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("csv", nargs="?", default="measurements.csv")
    ap.add_argument("--json", help="write the numbers to this file too")
    a = ap.parse_args()
    runs = load(a.csv)
    recs, skipped = build_intervals(runs)
    t = Table(recs)
    results = {"runs": len(runs), "skipped_intervals_without_periods": skipped}

    print("### Data\n")
    print("| run | shape | seed | threads | quota | target mean | mean usage | throttled ratio | cv_trace 10 s | cv_trace 60 s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for ri, run in enumerate(runs):
        ratio = run["throttled"].sum() / max(run["periods"].sum(), 1)
        cvs = {d: next((r["cv_trace"] for r in recs if r["run"] == ri and r["delta"] == d and r["phase"] == 0),
                       float("nan")) for d in INTERVALS}
        print(f"| {run['run']} | {run['shape']} | {run['seed']} | {run['threads']} | {run['limit']:g} | "
              f"{run['target']:.3f} | {run['usage'].mean():.3f} | {ratio:.3f} | {cvs[10]:.3f} | {cvs[60]:.3f} |")
    for d in INTERVALS:
        m = t.delta == d
        print(f"\n{d} s: {m.sum()} intervals ({np.sum(m & (t.phase == 0))} at phase 0), mean truth "
              f"{t.truth[m].mean():.3f}, share with truth > 0.05: {np.mean(t.truth[m] > 0.05):.2f}, "
              f"share with mean > limit: {np.mean(t.mean[m] > t.limit[m]):.3f}")

    fixed = {
        "naive (mean > limit)": t.naive(),
        "current fitted": t.fitted(),
        "percentiles p50,p90,p95,p99,max": t.percentiles(LEVELS_SHORT),
        "percentiles p0..p90,p91..p99,max": t.percentiles(LEVELS_GOOGLE),
    }
    # Candidates: fit on all (the recommended parameters) and cross-validate.
    families = [("lognormal", "mean"), ("lognormal", "censored")]
    if _special is not None:
        families += [("gamma", "mean"), ("gamma", "censored")]
    candidates = {}
    for family, placement in families:
        candidates[f"{family}, {placement}, no idle"] = candidate_grid(t, family, placement, (0.0,))
        candidates[f"{family}, {placement}, idle eps"] = candidate_grid(t, family, placement)
        if placement == "censored":
            candidates[f"{family}, {placement}, constant cv"] = candidate_grid(
                t, family, placement, (0.0,), constant=True)
    candidates["lognormal, censored, on/off"] = on_off_grid(t)
    candidates["fitted shape, stretched"] = stretch_grid(t)

    everything = np.ones(len(t.truth), dtype=bool)
    cv_results = {}
    for name, (params, preds) in candidates.items():
        obj = objective(preds, t, everything)
        best = int(np.argmin(obj))
        by_shape, chosen_shape = cross_validate(preds, params, t, t.shape)
        by_seed, chosen_seed = cross_validate(preds, params, t, t.seed)
        cv_results[name] = {
            "params_all": params[best], "in_sample": preds[best], "by_shape": by_shape, "by_seed": by_seed,
            "chosen_by_shape": chosen_shape, "chosen_by_seed": chosen_seed,
        }

    pred_all, b_all, held, chosen = logistic_model(t)
    cv_results["logistic(rho, ln cv_trace, ln interval)"] = {
        "params_all": {"b": [round(float(v), 4) for v in b_all]}, "in_sample": pred_all,
        "by_shape": held["by_shape"], "by_seed": held["by_seed"],
        "chosen_by_shape": chosen["by_shape"], "chosen_by_seed": chosen["by_seed"],
    }

    print("\n### Candidates (parameters fitted on all data; cross-validated MAE, mean of 10 s and 60 s)\n")
    print("| candidate | parameters (all data) | in-sample | leave-one-shape-out | leave-one-seed-out |")
    print("|---|---|---|---|---|")
    summary = {}
    for name, r in cv_results.items():
        def both(pred):
            return np.mean([mae_row(pred, t, d)["all"] for d in INTERVALS])
        summary[name] = {"params": r["params_all"], "in_sample": both(r["in_sample"]),
                         "by_shape": both(r["by_shape"]), "by_seed": both(r["by_seed"]),
                         "chosen_by_shape": r["chosen_by_shape"], "chosen_by_seed": r["chosen_by_seed"]}
        s = summary[name]
        print(f"| {name} | {json.dumps(s['params'])} | {s['in_sample']:.3f} | {s['by_shape']:.3f} | "
              f"{s['by_seed']:.3f} |")
    lowest = min(summary, key=lambda n: summary[n]["by_shape"])
    print(f"\nLowest leave-one-shape-out error: {lowest}.")
    best_name = RECOMMENDED
    print(f"\nRecommended: {best_name}, parameters (all data) {json.dumps(summary[best_name]['params'])}; "
          f"chosen per held-out shape: {json.dumps(summary[best_name]['chosen_by_shape'])}; per held-out seed: "
          f"{json.dumps(summary[best_name]['chosen_by_seed'])}")

    print("\n### MAE of the throttled fraction per interval")
    tables = {}
    for d in INTERVALS:
        rows = [(n, mae_row(p, t, d)) for n, p in fixed.items()]
        for name in cv_results:
            rows.append((f"{name}: leave-one-shape-out", mae_row(cv_results[name]["by_shape"], t, d)))
        rows.append((f"{best_name}: leave-one-seed-out", mae_row(cv_results[best_name]["by_seed"], t, d)))
        rows.append((f"{best_name}: in-sample", mae_row(cv_results[best_name]["in_sample"], t, d)))
        rows.append(("always 0", mae_row(np.zeros_like(t.truth), t, d)))
        print(fmt_table("MAE", rows, d))
        tables[d] = rows
        if d == 60:
            rows0 = [(n, mae_row(p, t, d, phase0=True)) for n, p in fixed.items()]
            rows0.append((f"{best_name}: leave-one-shape-out", mae_row(cv_results[best_name]["by_shape"], t, d, True)))
            print(fmt_table("MAE, phase 0 only (the non-overlapping grid from second 0)", rows0, d))
            tables["60_phase0"] = rows0

    print("\n### Information floor\n")
    print("The lowest MAE any estimate from these features could reach here: the median truth within each")
    print("cell (quantile bins of m / L, times 3 bins of cv_trace and 3 of the change from the previous")
    print("sample), measured on the data it was taken from. Finer bins memorise more, so every figure is")
    print("optimistic; held-out data can only do worse.\n")
    print("| interval | m / L bins | features | all | web | batch | jvm |")
    print("|---|---|---|---|---|---|---|")
    floors = information_floors(t)
    for (d, bins, name), row in floors.items():
        print(f"| {d} s | {bins} | {name} | {row['all']:.3f} | {row['web']:.3f} | {row['batch']:.3f} | "
              f"{row['jvm']:.3f} |")
    results["information_floor"] = {f"{d}s/{bins}/{name}": row for (d, bins, name), row in floors.items()}

    # Bias by truth level for the best candidate
    print(f"\n### {best_name} (leave-one-shape-out) by truth level\n")
    print("| interval | truth range | n | mean truth | mean estimate | MAE | naive MAE | fitted MAE |")
    print("|---|---|---|---|---|---|---|---|")
    held = cv_results[best_name]["by_shape"]
    for d in INTERVALS:
        for lo, hi in [(0, 0.01), (0.01, 0.1), (0.1, 0.3), (0.3, 0.6), (0.6, 1.01)]:
            m = (t.delta == d) & (t.truth >= lo) & (t.truth < hi)
            if m.any():
                print(f"| {d} s | [{lo}, {min(hi, 1)}) | {m.sum()} | {t.truth[m].mean():.3f} | {held[m].mean():.3f} | "
                      f"{np.abs(held[m] - t.truth[m]).mean():.3f} | "
                      f"{np.abs(fixed['naive (mean > limit)'][m] - t.truth[m]).mean():.3f} | "
                      f"{np.abs(fixed['current fitted'][m] - t.truth[m]).mean():.3f} |")

    if a.json:
        results["summary"] = {n: {k: v for k, v in s.items()} for n, s in summary.items()}
        results["recommended"] = best_name
        results["tables"] = {str(k): [(n, r) for n, r in v] for k, v in tables.items()}
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()

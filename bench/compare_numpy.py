#!/usr/bin/python3
"""zhifa.score_arrays against a straightforward vectorized numpy implementation of the same rules.

Generates N rows (default 10 M) of realistic unit-month counts, scores them both ways in one run, prints rows/s
of each and the ratio, and checks the totals. Where the float64 numpy version disagrees (rounding at exact
ties such as 16 × 23/640 = 0.575), it recomputes those rows with Python's exact fractions to show which one
follows the rule.

    .venv/bin/python bench/compare_numpy.py [--rows 10000000] [--threads 1] [--dtype int32]

Three zhifa timings: every output into new arrays; the same into the arrays of an earlier result (out=); and
outputs="total", the totals and status only, which is what the numpy version computes.
"""

import argparse
import time
from fractions import Fraction

import numpy as np

import zhifa


def make_rows(n: int, dtype, seed: int = 42) -> dict:
    rng = np.random.default_rng(seed)
    filed = rng.integers(0, 601, n)
    closed = (filed * rng.random(n)).astype(np.int64)
    judgments = rng.integers(0, 5, n)
    cols = dict(
        should_file=rng.integers(0, 701, n), filed=filed, closed=closed, overdue=rng.integers(0, 4, n),
        leader_unfulfilled=rng.integers(0, 2, n), executed=(closed * rng.random(n)).astype(np.int64),
        court_refused=rng.integers(0, 2, n), penalized=(filed * rng.random(n)).astype(np.int64),
        missed_penalty=rng.integers(0, 3, n), sued=rng.integers(0, 4, n), judgments=judgments,
        judgments_won=(judgments * rng.random(n)).astype(np.int64))
    # Exact rounding ties that binary floating point gets wrong: 16 × 23/640 = 0.575 must round to 0.58.
    tie = rng.random(n) < 0.01
    cols["filed"] = np.where(tie, 640, cols["filed"])
    cols["closed"] = np.where(tie, 23, cols["closed"])
    cols["executed"] = np.minimum(cols["executed"], cols["closed"])
    cols["penalized"] = np.minimum(cols["penalized"], cols["filed"])
    return {k: np.ascontiguousarray(v, dtype=dtype) for k, v in cols.items()}


def numpy_score(c: dict) -> np.ndarray:
    """The zhenping-2021 rule set in float64 numpy: what an analyst would write."""
    f = {k: v.astype(np.float64) for k, v in c.items()}

    def rate(num, den):
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(den > 0, num / den, np.nan)

    def points(weight, r, deductions=0.0, inverse=False):
        r_capped = np.minimum(r, 1.0)
        base = weight * (1.0 - r_capped) if inverse else weight * r_capped
        base = np.where(np.isnan(r), weight, base)  # zero denominator: full points
        value = np.maximum(base - deductions, 0.0)
        return np.floor(value * 100.0 + 0.5) / 100.0  # round half up to 0.01

    total = points(20, rate(f["filed"], f["should_file"]))
    total = total + points(16, rate(f["closed"], f["filed"]), 2 * f["overdue"] + 5 * f["leader_unfulfilled"])
    total = total + points(16, rate(f["executed"], f["closed"]), 3 * f["court_refused"])
    total = total + points(16, rate(f["penalized"], f["filed"]), 3 * f["missed_penalty"])
    total = total + points(16, rate(f["sued"], f["filed"]), inverse=True)
    total = total + points(16, rate(f["judgments_won"], f["judgments"]))
    return total


def exact_total(row: dict) -> Fraction:
    """One row by the rule, with exact fractions (the reference)."""

    def pts(weight, num, den, ded=0, inverse=False):
        if den == 0:
            base = Fraction(weight)
        else:
            r = min(Fraction(num, den), 1)
            base = weight * (1 - r) if inverse else weight * r
        v = max(base - ded, 0) * 100
        return Fraction(int(v) + (1 if v - int(v) >= Fraction(1, 2) else 0), 100)

    return (pts(20, row["filed"], row["should_file"])
            + pts(16, row["closed"], row["filed"], 2 * row["overdue"] + 5 * row["leader_unfulfilled"])
            + pts(16, row["executed"], row["closed"], 3 * row["court_refused"])
            + pts(16, row["penalized"], row["filed"], 3 * row["missed_penalty"])
            + pts(16, row["sued"], row["filed"], inverse=True)
            + pts(16, row["judgments_won"], row["judgments"]))


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--dtype", default="int32", choices=["int32", "int64"])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    cols = make_rows(args.rows, np.dtype(args.dtype))
    out = zhifa.score_arrays(cols, threads=args.threads)
    t_zhifa = best_of(lambda: zhifa.score_arrays(cols, threads=args.threads), args.repeat)
    t_reuse = best_of(lambda: zhifa.score_arrays(cols, threads=args.threads, out=out), args.repeat)
    t_total = best_of(lambda: zhifa.score_arrays(cols, threads=args.threads, outputs="total"), args.repeat)
    t_numpy = best_of(lambda: numpy_score(cols), args.repeat)
    ref = numpy_score(cols)

    n = args.rows
    print(f"rows: {n:,} ({args.dtype}), zhifa threads: {args.threads}")
    print(f"zhifa.score_arrays : {t_zhifa:8.3f} s  {n / t_zhifa / 1e6:8.2f} M rows/s"
          "  (points, rates, total, status; new arrays)")
    print(f"  with out= (reuse): {t_reuse:8.3f} s  {n / t_reuse / 1e6:8.2f} M rows/s")
    print(f"  outputs='total'  : {t_total:8.3f} s  {n / t_total / 1e6:8.2f} M rows/s"
          "  (total and status: what the numpy version computes)")
    print(f"numpy (float64)    : {t_numpy:8.3f} s  {n / t_numpy / 1e6:8.2f} M rows/s  (total)")
    print(f"ratio numpy / zhifa: {t_numpy / t_zhifa:8.1f}x  (all outputs), {t_numpy / t_reuse:.1f}x (out=), "
          f"{t_numpy / t_total:.1f}x (outputs='total')")

    differ = np.flatnonzero(np.round(out["total"] * 100) != np.round(ref * 100))
    print(f"totals that differ : {len(differ):,} of {n:,}")
    for i in differ[:5]:
        row = {k: int(v[i]) for k, v in cols.items()}
        exact = exact_total(row)
        print(f"  row {i}: zhifa {out['total'][i]:.2f}, numpy {ref[i]:.2f}, exact fractions {float(exact):.2f}"
              f"  (filed {row['filed']}, closed {row['closed']})")
        assert out["total"][i] == float(exact), "zhifa must match exact arithmetic"
    sample = np.random.default_rng(1).choice(n, size=min(n, 2000), replace=False)
    for i in sample:
        assert out["total"][i] == float(exact_total({k: int(v[i]) for k, v in cols.items()})), i
    print(f"zhifa equals exact fractions on every differing row shown and on {len(sample):,} random rows")


if __name__ == "__main__":
    main()

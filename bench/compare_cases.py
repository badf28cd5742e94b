#!/usr/bin/python3
"""zhifa.aggregate_cases against the plain pandas groupby an analyst would write (issue 14's target: at most half
its time), on the same 1 M cases (bench/dask_cases.py's generator), dated by text and again by datetime64
columns (the results checked equal); timed in rounds of the two (each the median of 3), with the median and
range of the rounds' ratios.

The pandas version parses the dates, then counts per unit and year: filed, closed (by year end), overdue (decided
more than 90 days after filing, or undecided 90 days after filing at year end) and penalized. It is a baseline of
speed, not of the rules: zhifa also counts execution, leader-assigned cases, suits and judgments, applies the dated
time limits and the cohort rule, and reports bad rows.

    .venv/bin/python bench/compare_cases.py [--cases 1000000] [--rounds 5]
"""

import argparse
import os
import statistics
import sys
import time

import pandas as pd

sys.path.insert(0, os.path.dirname(__file__))
from dask_cases import cases  # noqa: E402

import zhifa  # noqa: E402


def pandas_groupby(df: pd.DataFrame) -> pd.DataFrame:
    filed = pd.to_datetime(df["filed_on"], format="%Y-%m-%d")
    decided = pd.to_datetime(df["decided_on"], format="%Y-%m-%d", errors="coerce")
    closed = pd.to_datetime(df["closed_on"], format="%Y-%m-%d", errors="coerce")
    year = filed.dt.year
    year_end = pd.to_datetime(year.astype(str) + "-12-31")
    late = (decided - filed).dt.days > 90
    open_late = decided.isna() & ((year_end - filed).dt.days > 90)
    frame = pd.DataFrame({"unit": df["unit"], "year": year, "filed": 1, "closed": (closed <= year_end).astype(int),
                          "overdue": (late | open_late).astype(int),
                          "penalized": (df["outcome"] == "penalty").astype(int)})
    return frame.groupby(["unit", "year"]).sum()


def median_time(fn) -> float:
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--cases", type=int, default=1_000_000)
    p.add_argument("--rounds", type=int, default=5)
    args = p.parse_args()
    text = cases(0, args.cases)
    dated = text.copy()
    for c in ("filed_on", "decided_on", "closed_on"):
        dated[c] = pd.to_datetime(dated[c], format="%Y-%m-%d")
    pd.testing.assert_frame_equal(zhifa.aggregate_cases(text), zhifa.aggregate_cases(dated))
    for name, df in (("string-dated", text), ("datetime64", dated)):
        # Rounds of the two, one after the other, so that each ratio compares timings taken under the same load
        # (this VM's speed drifts within a minute); the median and range of the rounds' ratios.
        rounds = [(median_time(lambda: pandas_groupby(df)), median_time(lambda: zhifa.aggregate_cases(df)))
                  for _ in range(args.rounds)]
        base = statistics.median(r[0] for r in rounds)
        ours = statistics.median(r[1] for r in rounds)
        ratios = [r[1] / r[0] for r in rounds]
        print(f"{args.cases:,} {name} cases, {args.rounds} rounds (medians): pandas groupby {base:.2f} s, "
              f"zhifa.aggregate_cases {ours:.2f} s: {statistics.median(ratios):.2f}x "
              f"({min(ratios):.2f}-{max(ratios):.2f}) (target <= 0.5x)")


if __name__ == "__main__":
    main()

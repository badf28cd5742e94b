#!/usr/bin/python3
"""zhifa.dask.aggregate_cases on a LocalCluster of 2 worker processes against zhifa.aggregate_cases in one process,
on the same synthetic cases (issue 14). Each partition of cases is generated where it is used (on a worker, or in
this process for the single-process path) from a fixed seed, so the data is never shipped; the results are
checked equal.

    .venv/bin/python bench/dask_cases.py [--cases 20000000] [--partitions 40] [--scheduler tcp://host:8786]

With --scheduler the same code runs on a remote cluster instead of the local one.
"""

import argparse
import time

import numpy as np
import pandas as pd

import zhifa
import zhifa.dask
import dask.dataframe as dd
import distributed


def cases(part: int, rows: int) -> pd.DataFrame:
    """`rows` synthetic cases of partition `part`: 53 units, filed 2019-2022, most closed, half penalized."""
    rng = np.random.default_rng(part)
    units = list(zhifa.units()["name"])
    filed = np.datetime64("2019-01-01") + rng.integers(0, 4 * 365, rows)
    decided = filed + rng.integers(1, 150, rows)
    closed = decided + rng.integers(0, 30, rows)
    done = rng.random(rows) < 0.9
    frame = pd.DataFrame({
        "case_id": [f"P{part}-{i}" for i in range(rows)],
        "unit": np.array(units, dtype=object)[rng.integers(0, len(units), rows)],
        "filed_on": pd.Series(filed).dt.strftime("%Y-%m-%d"),
        "decided_on": pd.Series(np.where(done, decided, np.datetime64("NaT"))).dt.strftime("%Y-%m-%d"),
        "closed_on": pd.Series(np.where(done, closed, np.datetime64("NaT"))).dt.strftime("%Y-%m-%d"),
        "outcome": np.where(done, np.where(rng.random(rows) < 0.5, "penalty", "no_penalty"), ""),
    })
    frame.index = pd.RangeIndex(part * rows, (part + 1) * rows)
    return frame


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--cases", type=int, default=20_000_000)
    p.add_argument("--partitions", type=int, default=40)
    p.add_argument("--scheduler", default=None)
    args = p.parse_args()
    rows = args.cases // args.partitions
    meta = cases(0, 0)
    if args.scheduler:
        client = distributed.Client(args.scheduler)
    else:
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        client = distributed.Client(cluster)
    ddf = dd.from_map(cases, range(args.partitions), [rows] * args.partitions, meta=meta)
    t = time.perf_counter()
    spread = zhifa.dask.aggregate_cases(ddf)
    t_dask = time.perf_counter() - t
    client.close()
    t = time.perf_counter()
    whole = pd.concat([cases(i, rows) for i in range(args.partitions)])
    t_make = time.perf_counter() - t
    t = time.perf_counter()
    single = zhifa.aggregate_cases(whole)
    t_single = time.perf_counter() - t
    pd.testing.assert_frame_equal(spread, single)
    print(f"{rows * args.partitions:,} cases in {args.partitions} partitions: zhifa.dask.aggregate_cases on "
          f"{'the remote cluster' if args.scheduler else '2 local worker processes'} {t_dask:.1f} s (generating "
          f"the cases included); zhifa.aggregate_cases in one process {t_single:.1f} s (+ {t_make:.1f} s to generate "
          f"them): {(t_single + t_make) / t_dask:.2f}x; results equal")


if __name__ == "__main__":
    main()

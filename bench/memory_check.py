#!/usr/bin/python3
"""Peak memory of zhifa.score_arrays: input + output + O(threads), nothing per row besides.

Builds N rows of int32 counts directly (no wider temporaries), records the peak RSS so far, scores them, and
prints the peak again with the sizes of the input and of the output. Run under /usr/bin/time -v to see the same
peak from outside:

    /usr/bin/time -v .venv/bin/python bench/memory_check.py --rows 10000000
"""

import argparse
import resource

import numpy as np

import zhifa


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--threads", type=int, default=0)
    n = ap.parse_args().rows
    rng = np.random.default_rng(7)
    cols = {}
    for name in zhifa.COUNT_COLUMNS:
        if name == "enforcement_cases":
            continue
        cols[name] = rng.integers(0, 50, n, dtype=np.int32)  # small counts; validity does not change the memory
    for small, large in [("closed", "filed"), ("executed", "closed"), ("penalized", "filed"),
                         ("judgments_won", "judgments")]:
        np.minimum(cols[small], cols[large], out=cols[small])
    before = peak_mib()
    out = zhifa.score_arrays(cols, threads=ap.parse_args().threads or None)
    after = peak_mib()
    inputs = sum(a.nbytes for a in cols.values()) / 2**20
    points_rates = 2 * len(zhifa.RuleSet.builtin().indicator_keys) * n * 8 / 2**20
    totals_status = n * (8 + 1) / 2**20
    out_size = points_rates + totals_status
    print(f"rows {n:,}: input {inputs:,.0f} MiB, output {out_size:,.0f} MiB")
    print(f"peak RSS before scoring {before:,.0f} MiB, after {after:,.0f} MiB: "
          f"scoring added {after - before:,.0f} MiB (output {out_size:,.0f} MiB + {after - before - out_size:,.0f})")


if __name__ == "__main__":
    main()

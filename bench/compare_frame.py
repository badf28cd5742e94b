#!/usr/bin/python3
"""score_frame against score_arrays(threads=1) on the same counts, and score_frame's peak memory (issue 14).

Builds N rows (default 1 M) with distinct unit-period pairs (the 53 units over months, quarters, halves and years),
the counts of compare_numpy.make_rows, units and periods as strings. In one run, in rounds (each the median of 3
timings of each): score_arrays(threads=1) on the count columns, score_frame on the frame (text columns as str
objects) and score_frame(text="category"); the median and range of the rounds' ratios (target: within 5x).
Then, in a fresh process for each, the peak resident memory that score_frame adds over the loaded frame, against
2 x the input frame plus the output frame (target: at most that).

    .venv/bin/python bench/compare_frame.py [--rows 1000000] [--rounds 7]
"""

import argparse
import os
import pickle
import resource
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(__file__))
from compare_numpy import make_rows  # noqa: E402

import zhifa  # noqa: E402


def make_frame(n: int, seed: int = 1) -> pd.DataFrame:
    u = zhifa.units()
    names = list(u[u["parent"].isna() | (u["parent"] == "")]["name"])
    periods = []
    year = 2021
    while len(names) * len(periods) < n:
        periods += [f"{year}", f"{year}-H1", f"{year}-H2"] + [f"{year}-Q{q}" for q in range(1, 5)] + \
            [f"{year}-{m:02d}" for m in range(1, 13)]
        year += 1
    rng = np.random.default_rng(seed)
    pick = rng.choice(len(names) * len(periods), n, replace=False)
    df = pd.DataFrame({"unit": np.array(names, dtype=object)[pick % len(names)],
                       "period": np.array(periods, dtype=object)[pick // len(names)]})
    for k, v in make_rows(n, np.int64, seed).items():
        df[k] = v
    return df


def median_time(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def memory_child(path: str) -> None:
    df = pd.read_pickle(path)
    before = rss_bytes()
    out = zhifa.score_frame(df)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(pickle.dumps((peak - before, int(df.memory_usage(deep=True).sum()),
                        int(out.memory_usage(deep=True).sum()))).hex())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--memory-child")
    args = parser.parse_args()
    if args.memory_child:
        memory_child(args.memory_child)
        return
    df = make_frame(args.rows)
    cols = {k: np.ascontiguousarray(df[k].to_numpy()) for k in df.columns[2:]}
    zhifa.score_frame(df.head(1000))
    # Rounds of the three, one after the other, so that each ratio compares timings taken under the same load
    # (this VM's speed drifts by a third over a minute); the median and range of the rounds' ratios.
    rounds = []
    for _ in range(args.rounds):
        rounds.append((median_time(lambda: zhifa.score_arrays(cols, threads=1), 3),
                       median_time(lambda: zhifa.score_frame(df), 3),
                       median_time(lambda: zhifa.score_frame(df, text="category"), 3)))
    arrays = statistics.median(r[0] for r in rounds)
    frame = statistics.median(r[1] for r in rounds)
    category = statistics.median(r[2] for r in rounds)
    frame_ratios = [r[1] / r[0] for r in rounds]
    category_ratios = [r[2] / r[0] for r in rounds]
    scored = zhifa.score_frame(df)
    check = zhifa.score_arrays(cols, threads=1)
    assert np.allclose(scored["total"].to_numpy(), check["total"], equal_nan=True)
    print(f"rows {args.rows:,}, {args.rounds} rounds (medians): score_arrays(threads=1) {arrays:.3f} s, "
          f"score_frame {frame:.3f} s: {statistics.median(frame_ratios):.1f}x "
          f"({min(frame_ratios):.1f}-{max(frame_ratios):.1f}); score_frame(text='category') {category:.3f} s: "
          f"{statistics.median(category_ratios):.1f}x ({min(category_ratios):.1f}-{max(category_ratios):.1f}) "
          "(target <= 5x)")
    with tempfile.NamedTemporaryFile(suffix=".pkl") as f:
        df.to_pickle(f.name)
        out = subprocess.run([sys.executable, __file__, "--memory-child", f.name], capture_output=True, text=True,
                             check=True)
        added, input_bytes, output_bytes = pickle.loads(bytes.fromhex(out.stdout.strip()))
    budget = 2 * input_bytes + output_bytes
    print(f"peak memory added by score_frame {added / 2**20:.0f} MiB; input frame {input_bytes / 2**20:.0f} MiB, "
          f"output frame {output_bytes / 2**20:.0f} MiB: budget 2 x input + output = {budget / 2**20:.0f} MiB "
          f"({added / budget:.2f} of it)")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""How long `zhifa report` takes for 1,000 units × 10 years (issue target: the workbook in under 2 s, the HTML in
under 1 s), beside `zhifa score --format csv` on the same rows as the baseline of the same run.

    /usr/bin/python3 bench/report_scale.py [build/zhifa] [--units 1000] [--years 10] [--repeat 3]
    .venv/bin/python bench/report_scale.py --python     # also zhifa.to_excel / to_html on the scored frame

Makes a registry of N units (a third each township, department, vertical) and a counts file of N × years rows
(random counts that keep every rule of A2), then times each command best of --repeat, whole process.
"""
import argparse
import os
import random
import subprocess
import sys
import tempfile
import time

CATEGORIES = ["township", "department", "vertical"]


def make_inputs(folder, units, years):
    registry = os.path.join(folder, "units.toml")
    with open(registry, "w", encoding="utf-8") as f:
        f.write('id = "bench"\n\n')
        for i in range(units):
            f.write(f'[[unit]]\ncode = "u{i:04d}"\nname = "单位{i:04d}"\ncategory = "{CATEGORIES[i % 3]}"\n\n')
    counts = os.path.join(folder, "counts.csv")
    rng = random.Random(2021)
    with open(counts, "w", encoding="utf-8") as f:
        f.write("unit,period,should_file,filed,closed,overdue,leader_unfulfilled,executed,court_refused,penalized,"
                "missed_penalty,sued,enforcement_cases,judgments,judgments_won\n")
        for y in range(2021, 2021 + years):
            for i in range(units):
                filed = rng.randint(50, 900)
                closed = rng.randint(filed // 2, filed)
                executed = rng.randint(closed // 2, closed)
                penalized = rng.randint(filed // 3, filed)
                judgments = rng.randint(0, 5)
                f.write(f"单位{i:04d},{y},{filed + rng.randint(-40, 40)},{filed},{closed},{rng.randint(0, 3)},0,"
                        f"{executed},{rng.randint(0, 1)},{penalized},{rng.randint(0, 2)},{rng.randint(0, 4)},"
                        f"{filed},{judgments},{rng.randint(0, judgments)}\n")
    return registry, counts


def best(cmd, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("zhifa", nargs="?", default="build/zhifa")
    ap.add_argument("--units", type=int, default=1000)
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--python", action="store_true", help="also time zhifa.to_excel and zhifa.to_html (needs the "
                    "zhifa package: run with .venv/bin/python)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        registry, counts = make_inputs(folder, args.units, args.years)
        base = [args.zhifa]
        score = best(base + ["score", counts, "--units", registry, "--format", "csv", "-o",
                             os.path.join(folder, "s.csv")], args.repeat)
        rows = args.units * args.years
        print(f"{args.units} units × {args.years} years = {rows} rows, best of {args.repeat}")
        print(f"  zhifa score --format csv (baseline) {score:6.2f} s")
        for name, extra in [("xlsx", []), ("xlsx --no-explain", ["--no-explain"]), ("html", []),
                            ("html --no-explain", ["--no-explain"])]:
            out = os.path.join(folder, "r." + name.split()[0])
            t = best(base + ["report", counts, "--units", registry, "-o", out] + extra, args.repeat)
            print(f"  zhifa report {name:18s} {t:6.2f} s  {t / score:5.1f}× the baseline, "
                  f"{os.path.getsize(out) / 1e6:5.1f} MB")
        if args.python:
            import pandas as pd
            import zhifa
            scored = zhifa.score_frame(pd.read_csv(counts), registry=zhifa.Registry.from_file(registry),
                                       explain="zh")
            for name, write in [("zhifa.to_excel", zhifa.to_excel), ("zhifa.to_html", zhifa.to_html)]:
                out = os.path.join(folder, "py." + ("xlsx" if "excel" in name else "html"))
                times = []
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    write(scored, out)
                    times.append(time.perf_counter() - start)
                print(f"  {name} (a scored frame, 说明 included) {min(times):6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

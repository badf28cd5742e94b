#!/usr/bin/python3
"""Writes data/sample/zhenping-2021.csv: SYNTHETIC six-rate counts for the 53 units of the 2021 plan.

The figures are invented (seeded, reproducible) to exercise every rule of the built-in rule set: quotas met
and missed, overdue and leader-assigned deductions, court refusals, missed penalties, zero denominators (units
with no judgments) and tied totals. They describe no real unit. Run: /usr/bin/python3 scripts/make_sample.py
"""
import csv
import random
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def unit_names():
    with (ROOT / "data/units/zhenping-2021.toml").open("rb") as f:
        registry = tomllib.load(f)
    return [u["name"] for u in registry["unit"] if "parent" not in u]


def main():
    rng = random.Random(2021)
    rows = []
    for name in unit_names():
        should_file = rng.randint(20, 800)
        filed = max(0, int(should_file * rng.uniform(0.6, 1.15)))
        closed = int(filed * rng.uniform(0.8, 1.0))
        overdue = rng.choice([0, 0, 0, 1, 2, 3])
        leader_unfulfilled = rng.choice([0, 0, 0, 0, 1])
        executed = int(closed * rng.uniform(0.85, 1.0))
        court_refused = rng.choice([0, 0, 0, 1])
        penalized = int(filed * rng.uniform(0.5, 0.95))
        missed_penalty = rng.choice([0, 0, 0, 0, 1, 2])
        sued = rng.choice([0, 0, 1, 2, 3])
        judgments = rng.choice([0, 0, 1, 2, 3, 4])
        judgments_won = rng.randint(0, judgments)
        rows.append([name, "2021", should_file, filed, closed, overdue, leader_unfulfilled, executed,
                     court_refused, penalized, missed_penalty, sued, filed, judgments, judgments_won])
    # Two units with identical figures, to show shared ranks (1, 2, 2, 4).
    rows[-1][2:] = rows[-2][2:]
    # The published rates of docs/model.md: 715/793 and 508/570 as closure rates.
    rows[0][3:5] = [793, 715]
    rows[0][2] = 800
    rows[0][7] = 700
    rows[0][9] = 650
    rows[0][12] = 793
    rows[1][3:5] = [570, 508]
    rows[1][2] = 560
    rows[1][7] = 500
    rows[1][9] = 480
    rows[1][12] = 570
    out = ROOT / "data/sample/zhenping-2021.csv"
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["unit", "period", "should_file", "filed", "closed", "overdue", "leader_unfulfilled", "executed",
                    "court_refused", "penalized", "missed_penalty", "sued", "enforcement_cases", "judgments",
                    "judgments_won"])
        w.writerows(rows)
    print(f"wrote {out} ({len(rows)} rows)")


if __name__ == "__main__":
    main()

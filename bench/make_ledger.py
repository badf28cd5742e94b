#!/usr/bin/python3
"""A synthetic problem ledger for the benchmarks: N problems over the 53 units and the campaign's weeks, every
class, source and state, so every rule of the ledger check fires (a fixed seed: the same file every run).

    /usr/bin/python3 bench/make_ledger.py --rows 1000000 --out /tmp/ledger.csv
"""
import argparse
import datetime
import random

def units():
    import tomllib
    from pathlib import Path
    data = tomllib.loads((Path(__file__).resolve().parent.parent / "data/units/zhenping-2021.toml").read_text())
    return [u["name"] for u in data["unit"] if not u.get("parent")]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = random.Random(20210413)
    names = units()
    start = datetime.date(2021, 4, 13)
    day = lambda d: (start + datetime.timedelta(days=d)).isoformat()
    classes = ["general", "hard", "serious", "systemic"]
    sources = ["self_inspection", "inspection", "covert", "public"]
    kinds = ["no_action", "slow_complaint", "overdue_case", "selective", "arbitrary"]
    dispositions = ["criticism", "written_review", "transfer", "mechanism", "criticism|exposure"]
    with open(args.out, "w", encoding="utf-8", newline="") as out:
        out.write("problem_id,unit,area,kind,source,found_on,class,discipline_clue,responsible,due_on,rectified_on,"
                  "transferred_on,supervised_on,disposition,disposed_on,disclosed\n")
        for i in range(args.rows):
            found = rng.randrange(40)
            c = rng.randrange(4)
            clue = c == 2 or rng.randrange(10) == 0
            disposed = rng.randrange(2) == 0
            out.write(",".join([
                f"P{i}", rng.choice(names), "conduct", rng.choice(kinds), rng.choice(sources), day(found), classes[c],
                "1" if clue else "0", "张三", day(found + 10) if rng.randrange(2) else "",
                day(found + 5) if rng.randrange(3) else "", day(found + 3) if clue and rng.randrange(2) else "",
                day(found + 4) if c == 2 and rng.randrange(2) else "", rng.choice(dispositions) if disposed else "",
                day(found + 20) if disposed else "", "1" if rng.randrange(5) else "0"]) + "\n")
    print(args.out)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Writes large SYNTHETIC counts CSVs for the ingestion benchmarks: a clean one and its messy twin.

    /usr/bin/python3 bench/make_counts.py --rows 1000000 --out /tmp/zhifa-bench

writes counts-clean.csv (English headers, periods YYYY-MM, plain integers) and counts-messy.csv: the same rows
as a Chinese office exports them — a title row, a 序号 column, Chinese headers with units in brackets (立案数量
（件）), periods written 2021年5月, every count written 300.0, full-width digits in one column, a 合计 row at
the end, trailing empty columns, GB18030 bytes. zhifa scores both to the same numbers. The figures are random
and describe no unit; the 53 units each get one row per month from 2021 on, so that no row repeats.
"""
import argparse
import random
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = ["should_file", "filed", "closed", "overdue", "leader_unfulfilled", "executed", "court_refused",
           "penalized", "missed_penalty", "sued", "enforcement_cases", "judgments", "judgments_won"]
ZH = ["应立案数量（件）", "立案数量", "办结数量", "超期件数", "县领导交办未落实件数", "执行数量", "法院裁定不予执行件数",
      "处罚数量", "应处罚未处罚件数", "法院立案数量", "年度执法案件数量", "生效判决案件数量", "生效判决胜诉案件数量"]
FULL = str.maketrans("0123456789", "０１２３４５６７８９")


def units():
    with (ROOT / "data/units/zhenping-2021.toml").open("rb") as f:
        return [u["name"] for u in tomllib.load(f)["unit"] if "parent" not in u]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--out", default="/tmp/zhifa-bench")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(1)
    names = units()
    clean = ["unit,period," + ",".join(COLUMNS)]
    messy = ["2021年度镇平县行政执法六率统计表（合成数据）" + "," * (len(COLUMNS) + 4),
             "序号,单位名称,期间," + ",".join(ZH) + ",,"]
    sums = [0] * len(COLUMNS)
    for i in range(args.rows):
        unit = names[i % len(names)]
        month = i // len(names)
        year, m = 2021 + month // 12, month % 12 + 1
        filed = rng.randint(0, 500)
        closed = rng.randint(0, filed)
        executed = rng.randint(0, closed)
        judgments = rng.randint(0, 4)
        v = [rng.randint(0, 600), filed, closed, rng.randint(0, 3), rng.randint(0, 1), executed, rng.randint(0, 1),
             rng.randint(0, filed), rng.randint(0, 2), rng.randint(0, 5), filed, judgments, rng.randint(0, judgments)]
        sums = [a + b for a, b in zip(sums, v)]
        clean.append(f"{unit},{year}-{m:02d}," + ",".join(map(str, v)))
        cells = [f"{x}.0" for x in v]
        cells[3] = str(v[3]).translate(FULL)
        messy.append(f"{i + 1},{unit},{year}年{m}月," + ",".join(cells) + ",,")
    messy.append("合计,,," + ",".join(map(str, sums)) + ",,")
    (out / "counts-clean.csv").write_text("\n".join(clean) + "\n", encoding="utf-8")
    (out / "counts-messy.csv").write_bytes(("\r\n".join(messy) + "\r\n").encode("gb18030"))
    print(f"wrote {out}/counts-clean.csv and {out}/counts-messy.csv ({args.rows} rows each)")


if __name__ == "__main__":
    main()

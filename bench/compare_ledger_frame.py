#!/usr/bin/python3
"""check_ledger's C++ call on a DataFrame's columns against the same call on the frame written as CSV text (the
path before issue 14's columnar readers), on the same synthetic ledger (bench/make_ledger.py), with dates as
strings and as datetime64 columns. Medians of 3 in one run; the CSV figure includes writing the CSV.

    /usr/bin/python3 bench/make_ledger.py --rows 200000 --out /tmp/ledger200k.csv
    .venv/bin/python bench/compare_ledger_frame.py /tmp/ledger200k.csv
"""

import argparse
import os
import sys

import pandas as pd

import zhifa
from zhifa import _zhifa
from zhifa._cases import _frame_table

sys.path.insert(0, os.path.dirname(__file__))
from compare_cases import median_time  # noqa: E402

DATES = ("found_on", "due_on", "rectified_on", "transferred_on", "supervised_on", "disposed_on")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("ledger")
    p.add_argument("--as-of", default="2021-07-01")
    args = p.parse_args()
    text = pd.read_csv(args.ledger, dtype=str, keep_default_na=False)
    dated = text.copy()
    for c in DATES:
        dated[c] = pd.to_datetime(dated[c].where(dated[c] != ""), format="%Y-%m-%d")
    found = zhifa.check_ledger(text, as_of=args.as_of, keep_going=True)
    print(f"{len(text):,} problems, {len(found):,} findings as of {args.as_of}")
    for name, df in (("dates as strings", text), ("dates as datetime64", dated)):
        csv = lambda: df.to_csv(index=False, date_format="%Y-%m-%d")  # noqa: E731
        through_text = median_time(lambda: _zhifa.check_ledger_table(csv(), None, args.as_of))
        writing = median_time(csv)
        columns = median_time(lambda: _zhifa.check_ledger_table(_frame_table(df, "problems"), None, args.as_of))
        print(f"{name}: through CSV text {through_text:.2f} s (writing the CSV {writing:.2f} s), from columns "
              f"{columns:.2f} s: {columns / through_text:.2f}x")


if __name__ == "__main__":
    main()

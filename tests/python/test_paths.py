"""One answer on every path: zhifa.score, zhifa.score_frame, zhifa.score_arrays and the CLI give the same result
(or the same kind of error) for the same rows, whatever way the cells are written."""

import io
import math
import random
import subprocess

import numpy as np
import pandas as pd
import pytest

import zhifa

COUNTS = list(zhifa.COUNT_COLUMNS)
UNITS = ["涅阳街道", "玉都街道", "县市场监督管理局", "卢医镇", "公安局", "交警大队", "税务局", "market_regulation",
         "气象局", "市生态环境局镇平分局", "火星局"]
# Periods as people and pandas write them; 2019 has no rule set in force (zhenping-2021 starts 2021-01-01).
PERIODS = [2021, "2021", 2021.0, "2021年", "2021年度", pd.Period("2021", "Y"), "2021-Q2", "2021年第二季度",
           "2021-5", pd.Period("2021-06", "M"), "2021-H2", "2021年下半年", 2019, "2021-13"]
# What each stands for (rows of one unit and period would be duplicates, a fault of their own).
CANONICAL = ["2021"] * 6 + ["2021-Q2"] * 2 + ["2021-05", "2021-06"] + ["2021-H2"] * 2 + ["2019", "bad"]


def spelled(value: int, rng: random.Random):
    """A count as a spreadsheet or pandas might hold it."""
    return rng.choice([value, float(value), str(value), f"{value}.0", np.int32(value)])


def random_rows(rng: random.Random, n: int):
    rows = []
    used = set()
    while len(rows) < n:
        unit, k = rng.choice(UNITS), rng.randrange(len(PERIODS))
        period = PERIODS[k]
        scored = unit if unit == "火星局" else (zhifa.resolve_unit(unit).parent or zhifa.resolve_unit(unit).code)
        key = (scored, CANONICAL[k] if CANONICAL[k] != "bad" else rng.random())
        if key in used:
            continue
        used.add(key)
        filed = rng.randint(0, 300)
        closed = rng.randint(0, filed)
        executed = rng.randint(0, closed)
        judgments = rng.randint(0, 5)
        row = {"unit": unit, "period": period, "should_file": rng.randint(0, 400), "filed": filed, "closed": closed,
               "overdue": rng.randint(0, 5), "leader_unfulfilled": rng.randint(0, 2), "executed": executed,
               "court_refused": rng.randint(0, 2), "penalized": rng.randint(0, filed),
               "missed_penalty": rng.randint(0, 3), "sued": rng.randint(0, 10),
               "enforcement_cases": rng.choice([None, float("nan"), filed + rng.randint(0, 50)]),
               "judgments": judgments, "judgments_won": rng.randint(0, judgments)}
        # Some rows break a rule or a cell: closed > filed, 300.5, text.
        fault = rng.random()
        if fault < 0.05:
            row["closed"] = filed + 1
        elif fault < 0.08:
            row["overdue"] = "1.5"
        elif fault < 0.10:
            row["sued"] = "abc"
        for c in COUNTS:
            v = row[c]
            if isinstance(v, int) and not isinstance(v, bool):
                row[c] = spelled(v, rng)
        rows.append(row)
    return pd.DataFrame(rows)


def one(row) -> tuple:
    """(total, None) or (None, exception type) from zhifa.score."""
    counts = {c: row[c] for c in COUNTS}
    try:
        return float(zhifa.score(row["unit"], row["period"], **counts).total), None
    except zhifa.ZhifaError as e:
        return None, type(e)


def framed(df: pd.DataFrame, i: int) -> tuple:
    try:
        return float(zhifa.score_frame(df.iloc[[i]])["total"].iloc[0]), None
    except zhifa.ZhifaError as e:
        return None, type(e)


def as_csv(df: pd.DataFrame) -> bytes:
    def text(v):
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return ""
        return str(v)
    out = io.StringIO()
    out.write(",".join(df.columns) + "\n")
    for _, r in df.iterrows():
        out.write(",".join(text(r[c]) for c in df.columns) + "\n")
    return out.getvalue().encode()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_path_gives_the_same_answer(seed, cli):
    rng = random.Random(seed)
    df = random_rows(rng, 120)
    by_score = [one(df.iloc[i]) for i in range(len(df))]
    by_frame_row = [framed(df, i) for i in range(len(df))]
    # score() and score_frame() of each row: the same total, or the same exception type.
    assert by_score == by_frame_row
    kinds = {k for _, k in by_score}
    assert {None, zhifa.InputError, zhifa.UnknownUnitError, zhifa.CoverageError} <= kinds  # every kind is exercised

    # The whole frame at once, and the CLI on the same cells written as CSV.
    whole = zhifa.score_frame(df, keep_going=True)
    cli_out = subprocess.run([str(cli), "score", "-", "--format", "csv", "--keep-going"], input=as_csv(df),
                             capture_output=True, check=False)
    assert cli_out.returncode in (0, 1), cli_out.stderr
    by_cli = pd.read_csv(io.BytesIO(cli_out.stdout), keep_default_na=False, dtype=str)
    assert len(by_cli) == len(df)
    for i, (total, error) in enumerate(by_score):
        if error is None:
            assert whole["total"].iloc[i] == total
            assert float(by_cli["total"].iloc[i]) == total
            assert by_cli["error"].iloc[i] == ""
        else:
            assert math.isnan(whole["total"].iloc[i])
            assert by_cli["error"].iloc[i] != ""
    # The same columns, named the same, on both paths.
    assert list(whole.columns) == list(by_cli.columns)

    # score_arrays on the good rows of one period, with the rule set chosen by the same period.
    good = [i for i, (t, e) in enumerate(by_score) if e is None and str(df["period"].iloc[i]) in ("2021", "2021.0")]
    if good:
        arrays = {c: np.array([zhifa._core.coerce_count(df[c].iloc[i], c)[0] or 0 for i in good], dtype=np.int64)
                  for c in COUNTS if c != "enforcement_cases"}
        ec = [zhifa._core.coerce_count(df["enforcement_cases"].iloc[i], "enforcement_cases")[0] for i in good]
        arrays["enforcement_cases"] = np.array([e if e is not None else arrays["filed"][k] for k, e in enumerate(ec)],
                                               dtype=np.int64)
        out = zhifa.score_arrays(arrays, period=2021)
        assert list(out["total"]) == [by_score[i][0] for i in good]


def test_rules_outside_their_dates_are_refused_or_marked_on_every_path(sample, cli, tmp_path):
    row = sample.iloc[0].to_dict()
    counts = {c: row[c] for c in COUNTS}
    rules = zhifa.RuleSet.builtin()
    with pytest.raises(zhifa.CoverageError, match="in force from 2021-01-01, not on 2019-01-01"):
        zhifa.score(row["unit"], 2019, rules=rules, **counts)
    with pytest.raises(zhifa.CoverageError):
        zhifa.score_frame(pd.DataFrame([dict(row, period=2019)]), rules=rules)
    with pytest.raises(zhifa.CoverageError):
        zhifa.score_arrays({c: np.array([counts[c]]) for c in COUNTS}, rules=rules, period=2019)
    card = zhifa.score(row["unit"], 2019, rules=rules, apply_to_all_periods=True, **counts)
    assert card.ruleset_outside_dates and card.period == "2019"
    frame = zhifa.score_frame(pd.DataFrame([dict(row, period=2019), row]), rules=rules, apply_to_all_periods=True)
    assert list(frame["ruleset_outside_dates"]) == [True, False]
    assert frame["total"].iloc[0] == float(card.total)
    path = tmp_path / "y.csv"
    pd.DataFrame([dict(row, period=2019)]).to_csv(path, index=False)
    out = subprocess.run([str(cli), "score", str(path), "--format", "csv", "--apply-rules-to-all-periods",
                          "zhenping-2021"], capture_output=True, check=True).stdout.decode()
    assert out.splitlines()[1].endswith(",1")


def test_sub_units_score_as_their_parent_on_every_path(sample):
    row = sample[sample["unit"] == "公安局"].iloc[0].to_dict()
    counts = {c: row[c] for c in COUNTS}
    assert zhifa.score("交警大队", 2021, **counts).unit == "公安局"
    frame = zhifa.score_frame(pd.DataFrame([dict(row, unit="交警大队")]))
    assert frame["unit"].iloc[0] == "公安局"
    # Both rows of a unit and its sub-unit: refused, or summed with roll_up=True.
    both = pd.DataFrame([row, dict(row, unit="派出所")])
    with pytest.raises(zhifa.InputError, match="roll-up"):
        zhifa.score_frame(both)
    rolled = zhifa.score_frame(both, roll_up=True)
    assert len(rolled) == 1 and rolled.attrs["notes"][0].startswith("公安局 2021: lines")


def test_same_coercion_everywhere():
    base = dict(should_file=800, filed=793, closed=715, overdue=0, leader_unfulfilled=0, executed=700,
                court_refused=1, penalized=650, missed_penalty=0, sued=1, judgments=1, judgments_won=1)
    expected = zhifa.score("涅阳街道", 2021, **base).total
    for spelling in [{"filed": 793.0}, {"filed": "793"}, {"filed": "793.0"}, {"filed": "７９３"},
                     {"enforcement_cases": float("nan")}, {"enforcement_cases": None}, {"filed": np.int64(793)}]:
        assert zhifa.score("涅阳街道", 2021.0, **dict(base, **spelling)).total == expected, spelling
        assert zhifa.score("涅阳街道", "2021年", **dict(base, **spelling)).total == expected, spelling
    for bad in [{"filed": 793.5}, {"filed": "793.5"}, {"filed": True}, {"filed": "+793"}]:
        with pytest.raises(zhifa.InputError, match="filed"):
            zhifa.score("涅阳街道", 2021, **dict(base, **bad))

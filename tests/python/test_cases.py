"""zhifa.aggregate_cases and zhifa.check_cases: case records from pandas."""

import datetime as dt

import pandas as pd
import pytest

import zhifa


def cases(rows):
    return pd.DataFrame(rows, columns=["case_id", "unit", "filed_on", "decided_on", "closed_on", "outcome",
                                       "executed_on", "sued_on", "judgment_on", "judgment_won"])


def test_ninety_day_boundary_and_dates_as_dates():
    df = cases([
        ["a", "涅阳街道", dt.date(2021, 4, 1), dt.date(2021, 6, 29), dt.date(2021, 7, 5), "penalty", None, None, None, None],
        ["b", "涅阳街道", dt.date(2021, 4, 1), dt.date(2021, 6, 30), dt.date(2021, 7, 5), "penalty", None, None, None, None],
        ["c", "涅阳街道", dt.date(2021, 4, 1), dt.date(2021, 7, 1), dt.date(2021, 7, 5), "penalty", None, None, None, None],
    ])
    out = zhifa.aggregate_cases(df)
    # Filed 04-01, 90 days: decided 06-29 and 06-30 on time, 07-01 overdue.
    assert out.loc[0, "filed"] == 3 and out.loc[0, "overdue"] == 1
    assert out.loc[0, "unit"] == "涅阳街道" and out.loc[0, "period"] == "2021"
    assert pd.isna(out.loc[0, "should_file"])
    assert out.attrs["missing_quota"] == ["涅阳街道 2021: no quota given (A2.1: a quota file, or the quota from history)"]


def test_quota_history_and_table_and_round_trip_to_score():
    rows = [[f"h{y}{i}", "卢医镇", f"{y}-03-01", f"{y}-04-01", f"{y}-04-02", "penalty", f"{y}-04-02", None, None, None]
            for y, n in [(2019, 3), (2020, 5), (2021, 4)] for i in range(n)]
    df = cases(rows)
    out = zhifa.aggregate_cases(df, quota="history")
    # A2.1: 2021's quota is ceil((3 + 5) / 2) = 4.
    assert out.set_index("period").loc["2021", "should_file"] == 4
    q = pd.DataFrame({"unit": ["卢医镇"], "period": ["2021"], "should_file": [8]})
    with_table = zhifa.aggregate_cases(df, quota=q)
    assert with_table.set_index("period").loc["2021", "should_file"] == 8
    scored = zhifa.score_frame(with_table[with_table["should_file"].notna()])
    # filing 20 × 4/8 = 10; closure 16 × 4/4; execution 16 × 4/4; penalty 16 × 4/4; sued 16; litigation 16 = 90.
    assert scored["total"].iloc[0] == 90.0


def test_quarters_and_litigation_by_event_date():
    df = cases([
        ["a", "公安局交警大队", "2021-01-10", "2021-02-01", "2021-02-03", "penalty", None, "2021-05-01", "2021-08-01", 1],
        ["b", "派出所", "2021-04-10", None, None, None, None, None, None, None],
    ])
    out = zhifa.aggregate_cases(df, period="quarter").set_index("period")
    # Both roll up to 公安局. Q1: a filed; Q2: b filed and a sued; Q3: a's judgment (won).
    assert list(out["unit"].unique()) == ["公安局"]
    assert out.loc["2021-Q1", "filed"] == 1
    assert out.loc["2021-Q2", "filed"] == 1 and out.loc["2021-Q2", "sued"] == 1
    assert out.loc["2021-Q3", "judgments"] == 1 and out.loc["2021-Q3", "judgments_won"] == 1


def test_bad_cases_raise_with_row_and_column_or_are_left_out():
    df = cases([
        ["a", "涅阳街道", "2021-04-01", None, "2021-03-01", None, None, None, None, None],
        ["b", "涅阳街道", "2021-04-01", None, None, "fined", None, None, None, None],
        ["c", "涅阳街道", "2021-04-01", None, None, None, None, None, None, None],
    ])
    df.index = ["x", "y", "z"]
    with pytest.raises(zhifa.InputError, match=r"row 'x', column closed_on: 2021-03-01 is before filed_on") as e:
        zhifa.aggregate_cases(df)
    assert e.value.row == "x" and e.value.column == "closed_on"
    out = zhifa.aggregate_cases(df, keep_going=True)
    assert out.loc[0, "filed"] == 1  # only c
    assert len(out.attrs["errors"]) == 2 and "row 'y', column outcome" in out.attrs["errors"][1]


def test_check_cases_findings():
    df = pd.DataFrame({
        "case_id": ["k1", "k2", "k3"], "unit": ["涅阳街道"] * 3, "filed_on": ["2021-04-01"] * 3,
        "decided_on": ["2021-05-01"] * 3, "outcome": ["penalty", "transferred", "penalty"],
        "needs_criminal_transfer": [False, True, False], "entered_platform": [True, None, False],
        "fine_yuan": [20000, None, 100], "party_type": ["person", None, "person"],
    })
    found = zhifa.check_cases(df)
    # k1: a person fined 20,000 (major) without review or record; k2: not transferred; k3: not on the platform.
    assert list(found["rule"]) == ["major_penalty_review", "major_penalty_record", "criminal_transfer",
                                   "sharing_platform"]
    assert list(found["row"]) == [0, 0, 1, 2]
    assert set(found["clause"]) == {"3.3.4", "3.2.5"}
    assert zhifa.check_cases(df.iloc[:0]).empty


def test_case_columns_documented():
    assert zhifa.CASE_COLUMNS["filed_on"] == ("立案日期", True)
    assert zhifa.CASE_COLUMNS["outcome"] == ("处理结果", False)

"""zhifa.aggregate_cases and zhifa.check_cases: case records from pandas."""

import datetime as dt
import io

import numpy as np
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


# The same cases twice: as the CSV a county office exports, and as the frame an analyst holds, each column in a
# different dtype (datetime64 with NaT, tz-aware datetimes, date objects among text, a categorical, a nullable
# string with <NA>, bools, floats with NaN, nullable integers), with a column zhifa does not know, an empty row and
# a totals row. Both paths must count, find and complain alike.
CSV = """case_id,unit,filed_on,decided_on,closed_on,outcome,court_refused,fine_yuan,time_limit_days,party_type,备注
1,涅阳街道,2021-03-01,2021-05-01,2021-05-02,penalty,0,20000,,person,
2,涅阳街道,2021-04-01,2021-08-01,2022-01-01,no_penalty,1,5000.5,120,organization,
3,市场监管所,2021-06-01,2021-06-20,,penalty,0,,30,,
4,市场监管所,2021-06-01,2021-09-01,,,0,,,,
5,涅阳街道,,2021-06-20,,penalty,0,,,,
,,,,,,,,,,just a remark
,,,,,,,,,,
合计,,,,,,,,,,
"""


def frame_of_csv():
    t = pd.Timestamp
    return pd.DataFrame({
        "case_id": [1, 2, 3, 4, 5, None, None, "合计"],
        "unit": pd.Categorical(["涅阳街道", "涅阳街道", "市场监管所", "市场监管所", "涅阳街道", None, None, None]),
        "filed_on": pd.to_datetime(["2021-03-01", "2021-04-01", "2021-06-01", "2021-06-01 13:30", None, None, None,
                                    None]),
        "decided_on": [dt.date(2021, 5, 1), "2021/8/1", "2021年6月20日", t("2021-09-01"), "20210620", None, None,
                       None],
        "closed_on": pd.to_datetime(["2021-05-02 08:00", "2022-01-01 03:00", None, None, None, None, None, None])
                       .tz_localize("Asia/Shanghai"),
        "outcome": pd.array(["penalty", "no_penalty", "penalty", pd.NA, "penalty", pd.NA, pd.NA, pd.NA],
                            dtype="string"),
        "court_refused": [False, True, False, False, False, None, None, None],
        "fine_yuan": [20000.0, 5000.5, None, None, None, None, None, None],
        "time_limit_days": pd.array([None, 120, 30, None, None, None, None, None], dtype="Int64"),
        "party_type": ["person", "organization", None, None, None, None, None, None],
        "备注": [None, None, None, None, None, "just a remark", None, None],
    })


def test_frames_of_any_dtype_read_as_the_csv_the_cli_reads(cli, tmp_path):
    import subprocess
    path = tmp_path / "cases.csv"
    path.write_text(CSV, encoding="utf-8")
    df = frame_of_csv()
    run = subprocess.run([str(cli), "cases", "aggregate", str(path), "--keep-going"], capture_output=True,
                         text=True)
    by_cli = pd.read_csv(io.StringIO(run.stdout), dtype={"period": str})
    by_frame = zhifa.aggregate_cases(df, keep_going=True)
    for c in ["filed", "closed", "overdue", "executed", "penalized", "court_refused"]:
        assert list(by_frame[c]) == list(by_cli[c]), c
    # 涅阳街道: cases 1 and 2 (5 has no filing date; the remark row has no id, unit or date). Case 2: 120 days from
    # 04-01 to 08-01 is 122 > 120, overdue; case 1: 61 days of 90. 市场监管所: 3 decided in 19 of 30 days, 4 in 92
    # of 90 (its 13:30 is the same day). 市场监管所 is counted under its parent 市场监管局.
    assert list(by_frame["unit"]) == ["涅阳街道", "市场监管局"]
    assert list(by_frame["filed"]) == [2, 2] and list(by_frame["overdue"]) == [1, 1]
    # Closed by the year's end: case 1 only; case 2 closed 2022-01-01 03:00 in Shanghai (2021-12-31 in UTC).
    assert list(by_frame["closed"]) == [1, 0]
    # The same bad rows, on the same lines (the header is line 1): 5 (line 6) and the remark row (line 7); the
    # empty row (8) and the totals row (9) are skipped.
    cli_errors = [line for line in run.stderr.splitlines() if "line " in line]
    assert [e.split(":")[0] for e in by_frame.attrs["errors"]] == [
        "row 4, column filed_on", "row 5, column case_id", "row 5, column unit", "row 5, column filed_on"]
    assert "line 6, column filed_on: missing" in run.stderr and "line 7, column case_id: missing" in run.stderr
    assert len(cli_errors) >= 2
    # check_cases: case 1 is a person's 20,000 yuan fine (major: no legal review, no filing for record); the
    # CLI finds the same.
    found = zhifa.check_cases(df)
    checked = subprocess.run([str(cli), "cases", "check", str(path), "--format", "csv"], capture_output=True,
                             text=True)
    by_cli_check = pd.read_csv(io.StringIO(checked.stdout))
    assert sorted(found["rule"]) == sorted(by_cli_check["rule"])
    assert set(found.loc[found["rule"] == "major_penalty_review", "row"]) == {0}


def test_a_frame_lacking_a_required_column_says_which():
    with pytest.raises(zhifa.InputError, match=r"lacks the required column filed_on \(立案日期\)"):
        zhifa.aggregate_cases(pd.DataFrame({"case_id": ["a"], "unit": ["涅阳街道"]}))


def test_a_repeated_case_id_is_refused_as_the_cli_refuses_it(cli, tmp_path):
    # K-7 three times: line 2 has a bad date (a bad row, but its id is seen), lines 4 and 5 repeat it; K-8 on
    # line 3 and again, padded with spaces, on line 6. Counted: K-8 once; nothing of K-7.
    csv = ("case_id,unit,filed_on\nK-7,涅阳街道,2021-13-01\nK-8,涅阳街道,2021-04-02\nK-7,涅阳街道,2021-04-01\n"
           "K-7,涅阳街道,2021-04-01\n K-8 ,涅阳街道,2021-04-02\n")
    path = tmp_path / "twice.csv"
    path.write_text(csv, encoding="utf-8")
    import subprocess
    run = subprocess.run([str(cli), "cases", "aggregate", str(path), "--keep-going"], capture_output=True, text=True)
    df = pd.read_csv(io.StringIO(csv), dtype=str, keep_default_na=False)
    out = zhifa.aggregate_cases(df, keep_going=True)
    assert list(out["filed"]) == [1] and "涅阳街道,2021,,1," in run.stdout
    assert out.attrs["errors"] == [
        'row 0, column filed_on: "2021-13-01" is not a date; expected YYYY-MM-DD (also 2021/3/19, 2021.3.19, '
        '2021年3月19日 or 20210319)',
        'row 2: case_id "K-7" is repeated (first in row 0); each case is counted once',
        'row 3: case_id "K-7" is repeated (first in row 0); each case is counted once',
        'row 4: case_id "K-8" is repeated (first in row 1); each case is counted once']
    for line, first in ((4, 2), (5, 2), (6, 3)):
        assert f"line {line}: case_id" in run.stderr and f"(first on line {first})" in run.stderr


def test_a_sheet_read_with_its_title_row_as_the_header():
    # pd.read_excel of a sheet whose first row is a title: the columns are named "Unnamed: k" and the real header is
    # row 0. The reader finds it below, as in a CSV; a float32 amount (1234.56) is read as written, not as
    # 1234.56005859375.
    rows = [["案件编号", "单位", "立案日期", "罚款金额"], ["a1", "涅阳街道", "2021-04-01", np.float32(1234.56)],
            ["a2", "涅阳街道", "2021-05-01", None]]
    titled = pd.DataFrame(rows, columns=["2021年案件台账", "Unnamed: 1", "Unnamed: 2", "Unnamed: 3"])
    out = zhifa.aggregate_cases(titled)
    assert list(out["filed"]) == [2]
    plain = pd.DataFrame(rows[1:], columns=rows[0]).astype({"罚款金额": np.float32})
    pd.testing.assert_frame_equal(out, zhifa.aggregate_cases(plain))
    assert zhifa.check_cases(plain).empty  # 1,234.56 yuan read as such: not a major penalty, not a bad cell


def test_a_lone_surrogate_is_an_input_error():
    df = pd.DataFrame({"case_id": ["a\ud800"], "unit": ["涅阳街道"], "filed_on": ["2021-04-01"]})
    with pytest.raises(zhifa.InputError, match="lone surrogate"):
        zhifa.aggregate_cases(df)

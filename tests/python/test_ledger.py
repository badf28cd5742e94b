"""The problem ledger from Python: check_ledger, ledger_status, ledger_on and LedgerStore, on the synthetic example
ledger (examples/ledger.csv). Each expected figure is worked out from the plan's rules in a comment; the CLI
gives the same findings for the same file."""

import io
import subprocess

import pandas as pd
import pytest

import zhifa
from conftest import ROOT

EXAMPLE = ROOT / "examples" / "ledger.csv"
SUBMISSIONS = ROOT / "examples" / "submissions.csv"


@pytest.fixture
def ledger() -> pd.DataFrame:
    # The first line is a title ("synthetic example"); the Chinese header is line 2.
    return pd.read_csv(EXAMPLE, skiprows=1, dtype=str, keep_default_na=False)


@pytest.fixture
def submissions() -> pd.DataFrame:
    return pd.read_csv(SUBMISSIONS, dtype=str)


def test_findings_after_the_campaign(ledger, submissions):
    found = zhifa.check_ledger(ledger, submissions, as_of="2021-06-01")
    assert list(found.columns) == ["row", "problem_id", "unit", "rule", "clause", "message", "message_en"]
    by_problem = {(r.problem_id, r.rule) for r in found.itertuples() if r.problem_id}
    # 示例-12 (index 11): general, due 05-10, not rectified on 06-01: overdue 22 days (05-10 -> 06-01).
    row = found[(found.problem_id == "示例-12") & (found.rule == "rectification_overdue")].iloc[0]
    assert row["row"] == 11
    assert row["clause"] == "4(1), 4(3)"
    assert row["message"].endswith("已逾期 22 天")
    assert "22 days late" in row["message_en"]
    # 示例-14: serious, a discipline clue, found 05-08: neither transferred nor supervised by 05-15.
    assert {("示例-14", "discipline_not_transferred"), ("示例-14", "not_supervised")} <= by_problem
    # 示例-06 is 交警大队's, counted for 公安局: systemic, criticized only (it needs a mechanism).
    row = found[(found.problem_id == "示例-06")].iloc[0]
    assert (row["unit"], row["rule"]) == ("公安局", "wrong_disposition")
    # 示例-05 is disposed of on 06-02: on 06-01 not yet.
    assert ("示例-05", "no_disposition") in by_problem
    # Unit findings: no row, no problem_id. 税务局: 0 self-inspection problems, 3 public ones.
    tax = found[(found.unit == "税务局") & (found.rule == "inspection_target")].iloc[0]
    assert tax["row"] is None and tax["problem_id"] is None
    assert tax["message"] == "税务局 应列为重点督查对象：问题零报告；群众反映较为强烈（3 个群众反映问题）"


def test_dates_as_datetime64_or_text_give_the_same_findings(ledger):
    typed = ledger.copy()
    for column in ("发现日期", "整改时限", "整改完成日期", "移送纪委监委日期", "挂牌督办日期", "处置日期"):
        typed[column] = pd.to_datetime(typed[column].where(typed[column] != ""), format="%Y/%m/%d")
    a = zhifa.check_ledger(ledger, as_of="2021-05-20")
    b = zhifa.check_ledger(typed, as_of=pd.Timestamp("2021-05-20"))
    pd.testing.assert_frame_equal(a, b)
    # Categorical columns (as a frame read with dtype="category" has them) are read by their codes: the same.
    categorical = typed.astype({"单位": "category", "领域": "category", "问题类型": "category"})
    pd.testing.assert_frame_equal(zhifa.check_ledger(categorical, as_of="2021-05-20"), a)


def test_a_bad_row_of_a_frame_is_named_by_its_index_label(ledger):
    # The frame reaches the C++ reader as columns; its rows keep their numbers. Index 2 (the third problem) gets a
    # unit that does not exist: the error names that label and the column as the frame names it, with the
    # reader's message; with keep_going it is listed and the rest is checked.
    bad = ledger.copy()
    bad.loc[2, "单位"] = "火星局"
    with pytest.raises(zhifa.InputError) as got:
        zhifa.check_ledger(bad, as_of="2021-05-20")
    assert (got.value.row, got.value.column) == (2, "单位")
    assert str(got.value).startswith('problem row 2, column 单位: unknown unit "火星局"')
    found = zhifa.check_ledger(bad, as_of="2021-05-20", keep_going=True)
    assert found.attrs["errors"] == [str(got.value)]
    assert "示例-03" not in set(found["problem_id"])


def test_the_cli_finds_the_same(ledger, submissions, cli):
    out = subprocess.run([str(cli), "ledger", "check", str(EXAMPLE), "--submissions", str(SUBMISSIONS), "--as-of",
                          "2021-06-01", "--format", "csv"], capture_output=True, text=True)
    assert out.returncode == 1, out.stderr
    from_cli = pd.read_csv(io.StringIO(out.stdout), dtype=str, keep_default_na=False)
    found = zhifa.check_ledger(ledger, submissions, as_of="2021-06-01")
    key = ["problem_id", "unit", "rule", "clause", "message"]
    assert from_cli[key].values.tolist() == found[key].fillna("").values.tolist()


def test_status_per_unit(ledger, submissions):
    status = zhifa.ledger_status(ledger, submissions, as_of="2021-06-01")
    assert len(status) == 54  # 53 units and 合计
    nieyang = status[status.unit == "涅阳街道"].iloc[0]
    # 示例-01 (general; rectified 05-20; criticized 05-25), 示例-02 (hard; open), 示例-03 (systemic; due 09-30;
    # mechanism 05-28): 3 = 1 + 1 + 1; open 2, rectified 1, overdue 0, disposed 2; findings 3: 示例-02's
    # no_timetable and no_disposition, and 联络员 sent a day late.
    assert nieyang[["total", "general", "hard", "systemic", "open", "rectified", "overdue", "disposed",
                    "findings"]].tolist() == [3, 1, 1, 1, 2, 1, 0, 2, 3]
    overall = status.iloc[-1]
    assert overall["unit"] == "合计" and overall["unit_code"] is None
    assert overall["total"] == 15  # 16 problems less 示例-08, found on 06-10
    assert status.attrs["phase"] == "after" and status.attrs["next_deadline"] is None
    assert status.attrs["problems_ignored"] == 1
    before = zhifa.ledger_status(ledger, as_of="2021-04-20")
    name, date, days = before.attrs["next_deadline"]
    assert (str(date), days) == ("2021-04-25", 5)


def test_bad_rows_name_the_row_and_column(ledger):
    bad = ledger.copy()
    bad.loc[3, "性质"] = "minor"
    bad.loc[5, "整改完成日期"] = "2021/4/1"  # 示例-06 was found on 04-15
    with pytest.raises(zhifa.InputError) as e:
        zhifa.check_ledger(bad, as_of="2021-06-01")
    assert e.value.row == 3 and e.value.column == "性质"
    assert '"minor"' in str(e.value) and "and 1 more" in str(e.value)
    found = zhifa.check_ledger(bad, as_of="2021-06-01", keep_going=True)
    assert not (found.row.isin([3, 5])).any()
    assert len(found.attrs["errors"]) == 2
    assert "整改完成日期" in found.attrs["errors"][1] and "before found_on" in found.attrs["errors"][1]


def test_the_ledger_as_it_stood(ledger):
    then = zhifa.ledger_on(ledger, "2021-05-10")
    # 示例-08 (found 06-10) is not there yet; 示例-01's rectification (05-20) not yet made; 示例-05's (05-03) made.
    assert len(then) == 15 and "示例-08" not in set(then.problem_id)
    first = then.set_index("problem_id")
    assert pd.isna(first.loc["示例-01", "rectified_on"]) and first.loc["示例-01", "disposition"] == ""
    assert first.loc["示例-05", "rectified_on"] == pd.Timestamp("2021-05-03")


def test_the_store_keeps_every_change(ledger, tmp_path):
    store = zhifa.LedgerStore(tmp_path / "ledger.db")
    assert store.import_frame(ledger, by="张三") == {"added": 16, "changed": 0, "unchanged": 0, "events": 16}
    assert store.import_frame(ledger, by="张三")["unchanged"] == 16
    # 示例-12 rectified 06-05 and criticized 06-06 (a Chinese header as a key): three fields, three events.
    assert store.set("示例-12", {"处置方式": "批评教育"}, rectified_on=pd.Timestamp("2021-06-05"),
                     disposed_on="2021/6/6", by="李四") == 3
    history = store.history("示例-12")
    assert history.field.tolist() == ["*", "rectified_on", "disposition", "disposed_on"]
    assert history.by.tolist() == ["张三", "李四", "李四", "李四"]
    assert history.new.tolist()[1:] == ["2021-06-05", "criticism", "2021-06-06"]
    # As of 06-10 示例-12 is neither overdue nor undisposed; the store checks as its frame does.
    found = store.check(as_of="2021-06-10")
    assert "示例-12" not in set(found.problem_id.dropna())
    pd.testing.assert_frame_equal(found, zhifa.check_ledger(store.frame(), as_of="2021-06-10"))
    # As recorded at the import's moment (to the millisecond), 示例-12 was still open.
    moment = history["at"].iloc[0].strftime("%Y-%m-%dT%H:%M:%S.%f")[:23]
    then = store.frame(recorded_at=moment).set_index("problem_id")
    assert pd.isna(then.loc["示例-12", "rectified_on"])
    # Failures change nothing.
    before = store.frame()
    with pytest.raises(zhifa.NotFoundError):
        store.set("示例-99", rectified_on="2021-06-05")
    with pytest.raises(zhifa.InputError, match="unknown field"):
        store.set("示例-12", rectified="2021-06-05")
    with pytest.raises(zhifa.InputError, match="before found_on"):
        store.set("示例-12", rectified_on="2021-01-01")
    bad = ledger.copy()
    bad.loc[0, "单位"] = "火星局"
    with pytest.raises(zhifa.InputError):
        store.import_frame(bad)
    pd.testing.assert_frame_equal(store.frame(), before)
    store.verify()
    # A store that does not exist, opened for reading only.
    with pytest.raises(zhifa.FileMissingError):
        zhifa.LedgerStore(tmp_path / "absent.db", create=False)


def test_cells_are_read_as_a_spreadsheet_export_holds_them(ledger):
    # Problem ids that came through pandas as floats (an Excel column of numbers with a gap somewhere) are read as
    # the integers they are: 1.0 -> "1". A boolean discipline clue reads as 1/0, as 是/否 do. So a ledger whose
    # first two ids are 1.0 and 2.0 gives the findings of ids "1" and "2" where the text ledger gives 示例-01 and
    # 示例-02 (on 06-01 only 示例-02 has one), and nothing else changes.
    numbers = ledger.copy().astype({"问题编号": object, "党员干部违纪线索": object})
    numbers.loc[0, "问题编号"], numbers.loc[1, "问题编号"] = 1.0, 2.0
    numbers["党员干部违纪线索"] = numbers["党员干部违纪线索"].map({"是": True, "否": False, "": None})
    a = zhifa.check_ledger(ledger, as_of="2021-06-01")
    b = zhifa.check_ledger(numbers, as_of="2021-06-01")
    expected = a.assign(problem_id=a["problem_id"].replace({"示例-01": "1", "示例-02": "2"}),
                        message=a["message"].str.replace("示例-01", "1").str.replace("示例-02", "2"),
                        message_en=a["message_en"].str.replace("示例-01", "1").str.replace("示例-02", "2"))
    pd.testing.assert_frame_equal(b, expected)
    assert "2" in set(b["problem_id"]) and "示例-02" not in set(b["problem_id"])
    # Two header rows (a MultiIndex) are not a table: said so, with the way out.
    titled = ledger.copy()
    titled.columns = pd.MultiIndex.from_product([["示例问题台账"], ledger.columns])
    with pytest.raises(zhifa.InputError, match="get_level_values"):
        zhifa.check_ledger(titled, as_of="2021-06-01")


def test_a_registry_of_the_county_resolves_the_units(ledger, revitalization_registry, tmp_path):
    # Problem 示例-01 filed under 乡村振兴局, a name the built-in registry does not know: an error naming the row,
    # unless the county's registry (乡村振兴局 an alias of 扶贫办) is given. With it, every function gives what the
    # built-in registry gives for the same ledger written with 扶贫办.
    renamed, plain = ledger.copy(), ledger.copy()
    renamed.loc[0, "单位"], plain.loc[0, "单位"] = "乡村振兴局", "扶贫办"
    with pytest.raises(zhifa.InputError) as got:
        zhifa.check_ledger(renamed, as_of="2021-06-01")
    assert got.value.row == 0 and "乡村振兴局" in str(got.value)
    reg = revitalization_registry
    pd.testing.assert_frame_equal(zhifa.check_ledger(renamed, as_of="2021-06-01", registry=reg),
                                  zhifa.check_ledger(plain, as_of="2021-06-01"))
    status = zhifa.ledger_status(renamed, as_of="2021-06-01", registry=reg)
    pd.testing.assert_frame_equal(status, zhifa.ledger_status(plain, as_of="2021-06-01"))
    # 扶贫办 had no problem in the example: now the one, found 2021/4/20.
    assert status[status.unit == "扶贫办"]["total"].iloc[0] == 1
    pd.testing.assert_frame_equal(zhifa.ledger_on(renamed, "2021-05-01", registry=reg),
                                  zhifa.ledger_on(plain, "2021-05-01"))
    store = zhifa.LedgerStore(tmp_path / "l.db", registry=reg)
    assert store.import_frame(renamed, by="t")["added"] == len(ledger)
    pd.testing.assert_frame_equal(store.check(as_of="2021-06-01"), zhifa.check_ledger(plain, as_of="2021-06-01"))
    with pytest.raises(zhifa.InputError):
        zhifa.LedgerStore(tmp_path / "other.db").import_frame(renamed, by="t")

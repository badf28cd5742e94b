"""zhifa.read_table: county exports (.xlsx and .csv, GB18030, title rows, 合计 rows, 2021/3/19, 300.0) read by the
C++ readers' own cleaning, into frames that score and aggregate exactly as their clean twins."""

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

import zhifa

EXPORTS = Path(__file__).resolve().parents[1] / "data" / "exports"


def test_counts_export_scores_as_its_clean_twin():
    messy = zhifa.read_table(EXPORTS / "counts-excel-gb18030.csv")
    assert messy.attrs["kind"] == "counts"
    assert list(messy.index) == [4, 5, 6, 7]  # the lines of the file: title 1, empty 2, header 3
    assert any("GB18030" in n for n in messy.attrs["notes"])
    clean = pd.read_csv(EXPORTS / "counts-clean.csv")
    a = zhifa.score_frame(messy).reset_index(drop=True)
    b = zhifa.score_frame(clean)
    pd.testing.assert_frame_equal(a, b)


def test_cases_export_aggregates_as_its_clean_twin():
    messy = zhifa.read_table(EXPORTS / "cases-wps-utf8bom.csv")
    assert messy.attrs["kind"] == "cases"
    assert list(messy.index) == [3, 4, 7, 8]  # the empty line 5 and the 小计 line 6 are skipped
    assert messy.loc[3, "filed_on"] == "2021-03-19" and messy.loc[4, "fine_yuan"] == "50,000.00"
    clean = pd.read_csv(EXPORTS / "cases-clean.csv", dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(zhifa.aggregate_cases(messy), zhifa.aggregate_cases(clean))
    found = zhifa.check_cases(messy)
    # ZP-2021-003 (line 7) needs a criminal transfer; ZP-2021-002 (line 4) is a penalty not entered in the
    # platform. Rows are named by the file's lines.
    assert set(zip(found["row"], found["rule"])) == {(7, "criminal_transfer"), (4, "sharing_platform")}


def test_xlsx_with_excel_dates_and_numbers(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2021年度行政处罚案件登记表"])
    ws.append(["序号", "案号", "单位", "立案日期", "决定日期", "处理结果", "罚款金额", "录入共享平台"])
    ws.append([1, "X-1", "涅阳街道", dt.datetime(2021, 3, 19), dt.datetime(2021, 4, 2), "处罚", 500.0, True])
    ws.append([2, "X-2", "市场监督管理局", dt.date(2021, 4, 1), None, None, None, None])
    ws.append(["合计", None, None, None, None, None, 500.0, None])
    path = tmp_path / "cases.xlsx"
    wb.save(path)
    df = zhifa.read_table(path)
    assert df.attrs["kind"] == "cases"
    assert list(df.index) == [3, 4]
    assert df.loc[3, "filed_on"] == "2021-03-19" and df.loc[3, "fine_yuan"] == "500"
    assert df.loc[3, "entered_platform"] == "1"
    out = zhifa.aggregate_cases(df)
    assert list(out["filed"]) == [1, 1]  # 涅阳街道 and 市场监管局, one case each


def test_errors_and_kinds(tmp_path):
    with pytest.raises(zhifa.FileMissingError):
        zhifa.read_table(tmp_path / "nosuch.xlsx")
    junk = tmp_path / "junk.csv"
    junk.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(zhifa.InputError, match="no header of counts, cases or quotas"):
        zhifa.read_table(junk)
    with pytest.raises(zhifa.InputError, match="no header found: the first rows lack the required columns unit"):
        zhifa.read_table(junk, kind="counts")
    quota = zhifa.read_table(EXPORTS / "quota-export-gb18030.csv")
    assert quota.attrs["kind"] == "quota" and list(quota["neighbour"]) == ["", "90"]

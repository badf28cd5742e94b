"""Reports people read: `zhifa report` (.xlsx and .html), zhifa.to_excel / to_html, zhifa.plot — opened and
looked at: the workbook with openpyxl, the HTML in headless Chromium, each chart rendered to PNG."""

import csv
import io
import re
import shutil
import subprocess
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import zhifa
from conftest import ROOT

KEYS = ["filing", "closure", "execution", "penalty", "sued", "litigation"]
NAMES = ["立案率", "办结率", "执行率", "处罚率", "被起诉率", "胜诉率"]
CATEGORY = {"township": "乡镇街道", "department": "县政府部门", "vertical": "垂管单位"}


def run(cli, *args, cwd=None):
    return subprocess.run([str(cli), *args], capture_output=True, text=True, cwd=cwd)


def score_csv(cli, *args):
    out = run(cli, "score", *args, "--format", "csv")
    assert out.returncode == 0, out.stderr
    return list(csv.DictReader(io.StringIO(out.stdout)))


def sheet_rows(ws):
    return [[c.value for c in row] for row in ws.iter_rows()]


@pytest.fixture
def quarters(tmp_path, sample) -> Path:
    """The sample in four quarters of 2021, closures falling by 10 cases a quarter at 涅阳街道 (its only change):
    2021-Q1 closed 715 of 793, Q2 705, Q3 695, Q4 685."""
    frames = []
    for q in range(4):
        f = sample.copy()
        f["period"] = f"2021-Q{q + 1}"
        nieyang = f["unit"] == "涅阳街道"
        f.loc[nieyang, "closed"] = 715 - 10 * q
        f.loc[nieyang, "executed"] = 700 - 10 * q
        frames.append(f)
    path = tmp_path / "quarters.csv"
    pd.concat(frames).to_csv(path, index=False)
    return path


def test_workbook_has_the_numbers_of_score_csv(cli, tmp_path):
    path = tmp_path / "排名.xlsx"
    out = run(cli, "report", "-o", str(path))
    assert out.returncode == 0, out.stderr
    wb = openpyxl.load_workbook(path)
    # The sample has one period: no 趋势 sheet; every unit explained.
    assert wb.sheetnames == ["总表", "乡镇街道", "县政府部门", "垂管单位", "说明"]
    ws = wb["总表"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["排名", "单位", "类别", "期间"]
    assert header[4:16] == [x for name in NAMES for x in (name, f"{name}得分")]
    assert header[16:] == ["总分", "类别排名", "备注"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:S54"  # 19 columns, the header and 53 units
    rows = sheet_rows(ws)[1:]
    assert len(rows) == 53
    by_unit = {r[1]: r for r in rows}
    # Every number equals the CLI's CSV: points and totals as numbers, rates as fractions shown as percentages.
    for expected in score_csv(cli):
        got = by_unit[expected["unit"]]
        assert got[0] == int(expected["rank"])
        assert got[2] == CATEGORY[expected["category"]]
        assert got[3] == expected["period"]
        for j, key in enumerate(KEYS):
            rate, points = got[4 + 2 * j], got[5 + 2 * j]
            if expected[f"{key}_rate"] == "":
                assert rate is None  # not applicable (zero denominator): an empty cell, full points
            else:
                assert f"{rate * 100:.2f}" == expected[f"{key}_rate"]
            assert f"{points:.2f}" == expected[f"{key}_points"]
        assert f"{got[16]:.2f}" == expected["total"]
        assert got[17] == int(expected["category_rank"])
        # 备注 says what the CSV's not_applicable and findings columns say.
        notes = got[18] or ""
        # (A unit with no activity has one note for all its zero denominators.)
        zero = "zero_activity" in expected["findings"]
        assert ("无任何执法活动（各项分母为0）" in notes) == zero
        for key in filter(None, expected["not_applicable"].split("|")):
            assert zero or f"{NAMES[KEYS.index(key)]}不适用（分母为0）" in notes
        assert zero or notes.count("不适用") == len(list(filter(None, expected["not_applicable"].split("|"))))
    # 涅阳街道 (A2.1–A2.6): filed 793 of 800 = 99.125% -> 99.13%, 20 × 0.99125 = 19.825 -> 19.83 points.
    nieyang = by_unit["涅阳街道"]
    assert nieyang[4] == pytest.approx(0.9913) and nieyang[5] == 19.83
    # Rows by rank: 1, 2, 3, ...; number formats of two places and percentages.
    assert [r[0] for r in rows[:3]] == [1, 2, 3]
    assert ws.cell(2, 5).number_format == "0.00%"
    assert ws.cell(2, 6).number_format == "0.00"
    # Columns wide enough for Chinese text: 市生态环境局镇平分局 is 10 characters, 20 display columns.
    assert ws.column_dimensions["B"].width >= 20
    # Each category sheet holds its units by category rank.
    townships = sheet_rows(wb["乡镇街道"])[1:]
    assert [r[0] for r in townships[:2]] == [1, 2]
    assert len(townships) + len(sheet_rows(wb["县政府部门"])) - 1 + len(sheet_rows(wb["垂管单位"])) - 1 == 53
    # 说明: the explanation, the rule set and the first 12 hex digits of its digest.
    explained = {r[0]: r for r in sheet_rows(wb["说明"])[1:]}
    assert explained["涅阳街道"][4] == "zhenping-2021"
    assert explained["涅阳街道"][5] == score_csv(cli)[0]["ruleset_digest"]
    assert "办结率" in explained["涅阳街道"][6]
    # The native chart: a bar chart of the 53 totals, its bars coloured per point (by category).
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert charts == ["xl/charts/chart1.xml"]
        xml = z.read(charts[0]).decode()
    assert "<c:barChart>" in xml and '<c:barDir val="bar"/>' in xml
    assert "'总表'!$B$2:$B$54" in xml or "总表!$B$2:$B$54" in xml
    assert xml.count("<c:dPt>") == 53
    assert "4472C4" in xml and "ED7D31" in xml and "70AD47" in xml


def test_several_periods_make_a_trend_sheet_with_a_line_chart_per_category(cli, tmp_path, quarters):
    path = tmp_path / "q.xlsx"
    out = run(cli, "report", str(quarters), "-o", str(path), "--no-explain")
    assert out.returncode == 0, out.stderr
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["总表", "乡镇街道", "县政府部门", "垂管单位", "趋势"]
    assert len(sheet_rows(wb["总表"])) == 1 + 4 * 53
    assert sheet_rows(wb["总表"])[1][3] == "2021-Q4"  # the latest period first
    trend = sheet_rows(wb["趋势"])
    assert trend[0] == ["单位", "类别", "2021-Q1", "2021-Q2", "2021-Q3", "2021-Q4", "2021-Q1 排名", "2021-Q2 排名",
                        "2021-Q3 排名", "2021-Q4 排名", "总分变化", "排名变化"]
    row = {r[0]: r for r in trend[1:]}["涅阳街道"]
    # 办结率 (A2.2) 16 × closed/filed; 执行率 (A2.3) 16 × executed/closed - 3 for the one court refusal:
    #   Q1 (the sample's figures) 16 × 715/793 = 14.426 -> 14.43 and 16 × 700/715 - 3 = 12.664 -> 12.66: 92.01;
    #   Q4 16 × 685/793 = 13.821 -> 13.82 and 16 × 670/685 - 3 = 12.650 -> 12.65;
    #   the total falls by (14.43 + 12.66) - (13.82 + 12.65) = 0.62, to 91.39.
    totals = {r["period"]: r for r in score_csv(cli, str(quarters)) if r["unit"] == "涅阳街道"}
    assert [f"{v:.2f}" for v in row[2:6]] == [totals[f"2021-Q{q}"]["total"] for q in range(1, 5)]
    assert f"{row[2]:.2f}" == "92.01" and f"{row[5]:.2f}" == "91.39"
    assert row[10] == pytest.approx(-0.62)
    assert row[11] == int(totals["2021-Q1"]["rank"]) - int(totals["2021-Q4"]["rank"])
    with zipfile.ZipFile(path) as z:
        charts = sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))
        kinds = [("line" if "<c:lineChart>" in z.read(n).decode() else "bar") for n in charts]
    assert sorted(kinds) == ["bar", "line", "line", "line"]  # 总表's bars; a line chart per category


def test_bad_rows_exit_1_and_with_keep_going_go_to_an_errors_sheet(cli, tmp_path, sample):
    bad = sample.copy()
    bad.loc[2, "closed"] = 10**6  # more closed than filed: line 4 of the file
    src = tmp_path / "bad.csv"
    bad.to_csv(src, index=False)
    path = tmp_path / "r.xlsx"
    out = run(cli, "report", str(src), "-o", str(path))
    assert out.returncode == 1 and not path.exists()
    assert "nothing written" in out.stderr
    out = run(cli, "report", str(src), "-o", str(path), "--keep-going", "--lang", "en")
    assert out.returncode == 1 and path.exists()
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Summary", "Townships", "County departments", "Vertical units", "Explanations",
                             "Errors"]
    errors = sheet_rows(wb["Errors"])
    assert errors[0] == ["Line", "Unit", "Period", "Error"]
    assert errors[1][:3] == [4, bad.loc[2, "unit"], "2021"]
    assert "closed" in errors[1][3]
    assert len(sheet_rows(wb["Summary"])) == 1 + 52


def test_cases_give_a_sheet_of_their_checks(cli, tmp_path):
    path = tmp_path / "c.xlsx"
    cases = str(ROOT / "examples" / "cases.csv")
    out = run(cli, "report", "--cases", cases, "--quota-from-history", "--keep-going", "-o", str(path))
    assert out.returncode == 1, out.stderr  # 2019 and 2020 have no rule set: bad rows, listed
    sheet = sheet_rows(openpyxl.load_workbook(path)["案件检查"])
    assert sheet[0] == ["行", "案件编号", "单位", "规则", "条款", "说明"]
    check = run(cli, "cases", "check", cases, "--format", "csv")
    expected = list(csv.DictReader(io.StringIO(check.stdout)))
    assert [(r[0], r[1], r[3], r[4], r[5]) for r in sheet[1:]] == [
        (int(e["row"]), e["case_id"], e["rule"], e["clause"], e["message"]) for e in expected]


def test_ledger_and_people_give_sheets_of_their_checks(cli, tmp_path):
    path = tmp_path / "lp.xlsx"
    ex = ROOT / "examples"
    out = run(cli, "report", "--ledger", str(ex / "ledger.csv"), "--submissions", str(ex / "submissions.csv"),
              "--officers", str(ex / "officers.csv"), "--officer-cases", str(ex / "officer-cases.csv"),
              "--as-of", "2021-06-30", "-o", str(path))
    assert out.returncode == 0, out.stderr
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[-2:] == ["问题台账检查", "执法人员检查"]
    for sheet, command in [("问题台账检查", ["ledger", "check", str(ex / "ledger.csv"), "--submissions",
                                        str(ex / "submissions.csv")]),
                           ("执法人员检查", ["people", "check", str(ex / "officers.csv"), "--cases",
                                        str(ex / "officer-cases.csv")])]:
        check = run(cli, *command, "--as-of", "2021-06-30", "--format", "csv")
        expected = list(csv.DictReader(io.StringIO(check.stdout)))
        assert expected, sheet
        rows = sheet_rows(wb[sheet])[1:]
        id_column = "problem_id" if sheet == "问题台账检查" else "id"
        # The same findings in the same order; a unit-level finding has no line.
        assert [(r[0] or "", r[1] or "", r[2] or "", r[3], r[4], r[5]) for r in rows] == [
            (int(e["row"]) if e["row"] else "", e[id_column], e["unit"], e["rule"], e["clause"], e["message"])
            for e in expected], sheet
    out = run(cli, "report", "--submissions", str(ex / "submissions.csv"), "-o", str(path))
    assert out.returncode == 2 and "--submissions goes with --ledger FILE" in out.stderr


def test_usage_errors(cli, tmp_path):
    out = run(cli, "report", "-o", str(tmp_path / "r.txt"))
    assert out.returncode == 2 and "name a .xlsx or .html file" in out.stderr
    out = run(cli, "report", "-o", "-", "--format", "xlsx")
    assert out.returncode == 2 and "a workbook is a file" in out.stderr
    missing = tmp_path / "no" / "r.xlsx"
    out = run(cli, "report", "-o", str(missing))
    assert out.returncode == 2 and str(missing) in out.stderr and "No such file or directory" in out.stderr


def test_python_writes_the_same_report_as_the_cli(cli, tmp_path, sample):
    scored = zhifa.score_frame(sample, explain="zh")
    # The HTML byte for byte; the workbook cell for cell.
    out = run(cli, "report", "-o", str(tmp_path / "cli.html"))
    assert out.returncode == 0, out.stderr
    assert zhifa.to_html(scored) == (tmp_path / "cli.html").read_text(encoding="utf-8")
    zhifa.to_html(scored, tmp_path / "py.html")
    assert (tmp_path / "py.html").read_text(encoding="utf-8") == (tmp_path / "cli.html").read_text(encoding="utf-8")
    assert run(cli, "report", "-o", str(tmp_path / "cli.xlsx")).returncode == 0
    zhifa.to_excel(scored, tmp_path / "py.xlsx")
    a, b = openpyxl.load_workbook(tmp_path / "cli.xlsx"), openpyxl.load_workbook(tmp_path / "py.xlsx")
    assert a.sheetnames == b.sheetnames
    for name in a.sheetnames:
        assert sheet_rows(a[name]) == sheet_rows(b[name]), name


def test_python_report_with_findings_and_english(tmp_path, sample):
    cases = pd.read_csv(ROOT / "examples" / "cases.csv")
    found = zhifa.check_cases(cases)
    zhifa.to_excel(zhifa.score_frame(sample), tmp_path / "r.xlsx", lang="en", findings={"Case checks": found})
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    # No explanation column: no Explanations sheet.
    assert wb.sheetnames == ["Summary", "Townships", "County departments", "Vertical units", "Case checks"]
    rows = sheet_rows(wb["Case checks"])
    assert rows[0] == ["Line", "case_id", "Unit", "Rule", "Clause", "Message"]
    assert len(rows) == 1 + len(found)
    assert rows[1][5] == found["message_en"].iloc[0]


def test_python_takes_the_rules_the_frame_was_scored_with(cli, tmp_path, sample):
    # A rule set of its own: three places of points, one of rates, a renamed indicator.
    text = (ROOT / "examples" / "strict-rules.toml").read_text(encoding="utf-8")
    text = text.replace("points_decimals = 2", "points_decimals = 3").replace("rate_decimals = 2", "rate_decimals = 1")
    text = text.replace('name = "立案率"', 'name = "立案率（新）"', 1)
    assert 'name = "立案率（新）"' in text
    rules = tmp_path / "r3.toml"
    rules.write_text(text, encoding="utf-8")
    out = run(cli, "report", "--rules", str(rules), "-o", str(tmp_path / "cli.html"))
    assert out.returncode == 0, out.stderr
    scored = zhifa.score_frame(sample, rules=str(rules), explain="zh")
    html = zhifa.to_html(scored, rules=str(rules))
    assert html == (tmp_path / "cli.html").read_text(encoding="utf-8")
    assert "<th>立案率（新）</th>" in html
    assert re.search(r'<td class="n">\d+\.\d{3}</td>', html)  # points with three places
    assert re.search(r'<td class="n">\d+\.\d%</td>', html)  # rates with one
    with pytest.raises(zhifa.UsageError, match="zhenping-2021-strict.*not built in"):
        zhifa.to_html(scored)
    # An edited copy that keeps the built-in id: its digest differs, so it is not taken for the built-in set.
    same = (ROOT / "data" / "rules" / "zhenping-2021.toml").read_text(encoding="utf-8")
    same_id = tmp_path / "same-id.toml"
    same_id.write_text(same.replace("points_decimals = 2", "points_decimals = 3"), encoding="utf-8")
    edited = zhifa.score_frame(sample, rules=str(same_id))
    with pytest.raises(zhifa.UsageError, match="'zhenping-2021' has digest .* not that of the built-in set"):
        zhifa.to_html(edited)
    assert "<th>总分</th>" in zhifa.to_html(edited, rules=str(same_id))


def test_python_notes_and_labels_match_the_cli(cli, tmp_path, sample):
    # --apply-rules-to-all-periods on 2019 rows: 备注 says so in both; the HTML is the same.
    old = sample.copy()
    old["period"] = "2019"
    src = tmp_path / "old.csv"
    old.to_csv(src, index=False)
    out = run(cli, "report", str(src), "--apply-rules-to-all-periods", "zhenping-2021", "--no-explain",
              "-o", str(tmp_path / "cli.html"))
    assert out.returncode == 0, out.stderr
    scored = zhifa.score_frame(old, rules="zhenping-2021", apply_to_all_periods=True)
    html = zhifa.to_html(scored)
    assert html == (tmp_path / "cli.html").read_text(encoding="utf-8")
    assert "按规则集 zhenping-2021 评分，该规则集不适用于本期间" in html
    # Concatenated with rows scored in their own period (the column then holds NaN there): those have no note.
    both = pd.concat([scored, zhifa.score_frame(sample)], ignore_index=True)
    # 53 rows of 2019 noted, each on 总表 and on its category's sheet: 106 (not 212).
    assert zhifa.to_html(both).count("该规则集不适用于本期间") == 106
    # A bad row: the CLI names its line (4), Python its index label — the line for a frame from read_table.
    bad = sample.copy()
    bad.loc[2, "closed"] = 10**6
    path = tmp_path / "bad.csv"
    bad.to_csv(path, index=False)
    zhifa.to_excel(zhifa.score_frame(bad, keep_going=True), tmp_path / "a.xlsx")
    assert sheet_rows(openpyxl.load_workbook(tmp_path / "a.xlsx")["错误"])[1][0] == 2
    zhifa.to_excel(zhifa.score_frame(zhifa.read_table(path), keep_going=True), tmp_path / "b.xlsx")
    assert sheet_rows(openpyxl.load_workbook(tmp_path / "b.xlsx")["错误"])[1][0] == 4


def test_python_report_errors(tmp_path, sample):
    with pytest.raises(zhifa.UsageError, match="not list"):
        zhifa.to_excel([], tmp_path / "r.xlsx")
    with pytest.raises(zhifa.UsageError, match="lacks the column"):
        zhifa.to_excel(sample, tmp_path / "r.xlsx")  # counts, not scores
    with pytest.raises(zhifa.UsageError, match="expected a DataFrame of findings"):
        zhifa.to_excel(zhifa.score_frame(sample), tmp_path / "r.xlsx", findings={"x": []})
    with pytest.raises(zhifa.InputError, match="lang"):
        zhifa.to_excel(zhifa.score_frame(sample), tmp_path / "r.xlsx", lang="fr")
    # One unit twice in a period (two frames concatenated): no silent choice between them.
    twice = pd.concat([zhifa.score_frame(sample), zhifa.score_frame(sample)], ignore_index=True)
    with pytest.raises(zhifa.InputError, match="涅阳街道|nieyang"):
        zhifa.to_excel(twice, tmp_path / "r.xlsx")
    # Ranks dropped (filtered without rank()): said, not a bare TypeError.
    no_rank = zhifa.score_frame(sample)
    no_rank["rank"] = pd.NA
    with pytest.raises(zhifa.InputError, match="no total or rank"):
        zhifa.to_html(no_rank)
    for write in (zhifa.to_html, zhifa.to_excel):
        with pytest.raises(zhifa.FileMissingError, match="no such folder"):
            write(zhifa.score_frame(sample), tmp_path / "no" / "r.html")
    # A name of 80 Chinese characters (240 bytes, a valid name) still gets a temporary name within 255 bytes.
    long_name = tmp_path / ("报" * 80 + ".html")
    zhifa.to_html(zhifa.score_frame(sample), long_name)
    assert long_name.exists()
    assert not list(tmp_path.glob(".*zhifa-*"))  # no temporary file left behind


def chromium():
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(chromium() is None, reason="Chromium is not installed (scripts/setup.sh installs it)")
def test_html_renders_in_chromium(cli, tmp_path, quarters):
    html = tmp_path / "r.html"
    assert run(cli, "report", str(quarters), "-o", str(html), "--no-explain").returncode == 0
    png = tmp_path / "r.png"
    out = subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                          "--window-size=1280,2000", f"--screenshot={png}", html.as_uri()],
                         capture_output=True, text=True, timeout=120)
    assert png.exists(), out.stderr
    from matplotlib import image
    pixels = image.imread(str(png))
    assert pixels.shape[:2] == (2000, 1280)
    # Drawn, not blank: the bar colours of the three categories are on the page (the SVG bar chart).
    rgb = {tuple(int(round(v * 255)) for v in p[:3]) for p in pixels.reshape(-1, pixels.shape[2])[::7]}
    for colour in [(0x44, 0x72, 0xC4), (0xED, 0x7D, 0x31), (0x70, 0xAD, 0x47)]:
        assert colour in rgb
    # Printed: every page A4 landscape (297 × 210 mm = 841.89 × 595.28 pt; Chromium rounds to its pixels).
    pdf = tmp_path / "r.pdf"
    subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={pdf}",
                    "--no-pdf-header-footer", html.as_uri()], capture_output=True, timeout=120)
    boxes = re.findall(rb"/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]", pdf.read_bytes())
    assert len(boxes) > 1  # sheets start on new pages
    for w, h in boxes:
        assert abs(float(w) - 841.89) < 1.5 and abs(float(h) - 595.28) < 1.5, (w, h)


def render(fig, path):
    """Saves the figure, failing on any missing glyph (an empty box where a Chinese character should be)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(path, dpi=60)
    missing = [str(w.message) for w in caught if "missing from" in str(w.message) or "Glyph" in str(w.message)]
    assert not missing, missing


def test_plots_render_chinese_labels(tmp_path, sample, quarters):
    import zhifa.plot as zp

    assert zp.cjk_font() is not None, "no CJK font: scripts/setup.sh installs fonts-noto-cjk"
    scored = zhifa.score_frame(sample)
    fig = zp.totals(scored)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[:2] == ["卢医镇", "涅阳街道"]  # rank 1 on top (93.61), then 92.01
    assert ax.get_title() == "2021 总分"
    render(fig, tmp_path / "totals.png")
    fig = zp.rates(scored, "涅阳街道")
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == NAMES
    assert fig.axes[0].get_title() == "涅阳街道 2021：总分 92.01，排名 2"
    render(fig, tmp_path / "rates.png")
    fig = zp.trend(zhifa.score_frame(pd.read_csv(quarters)), units=["涅阳街道", "yudu"])
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["2021-Q1", "2021-Q2", "2021-Q3", "2021-Q4"]
    assert len(fig.axes[0].lines) == 2
    render(fig, tmp_path / "trend.png")
    with pytest.raises(zhifa.InputError, match="no scored row of unit"):
        zp.rates(scored, "火星局")
    with pytest.raises(zhifa.InputError, match="no scored row of period 2020"):
        zp.totals(scored, period="2020")
    with pytest.raises(zhifa.InputError, match="scored more than once"):
        zp.trend(pd.concat([scored, scored], ignore_index=True))


def test_plots_take_the_rules_the_frame_was_scored_with(tmp_path, sample):
    import zhifa.plot as zp

    # Three places of points, one of rates, 立案率 renamed.
    text = (ROOT / "examples" / "strict-rules.toml").read_text(encoding="utf-8")
    text = text.replace("points_decimals = 2", "points_decimals = 3").replace("rate_decimals = 2", "rate_decimals = 1")
    text = text.replace('name = "立案率"', 'name = "立案率（新）"', 1)
    rules = tmp_path / "r3.toml"
    rules.write_text(text, encoding="utf-8")
    scored = zhifa.score_frame(sample, rules=str(rules))
    with pytest.raises(zhifa.UsageError, match="not built in"):
        zp.rates(scored, "涅阳街道")
    fig = zp.rates(scored, "涅阳街道", rules=str(rules))
    ax = fig.axes[0]
    assert ax.get_xticklabels()[0].get_text() == "立案率（新）"
    # 涅阳街道 filed 793 of 800: 99.125% -> 99.1% at one place; the labels carry three places of points.
    texts = [t.get_text() for t in ax.texts]
    assert texts[0].startswith("99.1%\n") and re.fullmatch(r"99\.1%\n\d+\.\d{3} 分", texts[0])
    render(fig, tmp_path / "rates.png")
    fig = zp.totals(scored, rules=str(rules))
    assert all(re.fullmatch(r"\d+\.\d{3}", t.get_text()) for t in fig.axes[0].texts)
    render(fig, tmp_path / "totals.png")


def test_plots_without_a_cjk_font_warn_once_and_label_in_ascii(tmp_path, sample, monkeypatch):
    import zhifa.plot as zp

    monkeypatch.setattr(zp, "cjk_font", lambda: None)
    monkeypatch.setattr(zp, "_warned", False)
    scored = zhifa.score_frame(sample)
    with pytest.warns(RuntimeWarning, match="fonts-noto-cjk"):
        fig = zp.totals(scored)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels[:2] == ["luyi", "nieyang"]
    assert fig.axes[0].get_title() == "2021 total"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # once only
        fig2 = zp.rates(scored, "nieyang")
    assert [t.get_text() for t in fig2.axes[0].get_xticklabels()][0] == "filing rate"
    render(fig, tmp_path / "totals.png")
    render(fig2, tmp_path / "rates.png")

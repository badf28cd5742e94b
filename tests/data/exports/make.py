#!/usr/bin/python3
"""Writes the SYNTHETIC export files of this folder: each messy file as a county office's Excel or WPS export
might look, and its clean twin, which zhifa must read to exactly the same records. Run from anywhere:
/usr/bin/python3 tests/data/exports/make.py. The figures are invented and describe no unit."""
from pathlib import Path

HERE = Path(__file__).resolve().parent
FULL = str.maketrans("0123456789", "０１２３４５６７８９")

COUNTS = [  # unit, period, 13 counts
    ("涅阳街道", "2021", 800, 793, 715, 0, 0, 700, 1, 650, 0, 1, 793, 1, 1),
    ("县市场监督管理局", "2021", 300, 280, 251, 1, 0, 240, 0, 230, 1, 2, 280, 1, 1),
    ("交警大队", "2021", 120, 118, 110, 2, 1, 100, 0, 90, 0, 0, 118, 0, 0),
    ("卢医镇", "2021", 60, 64, 64, 0, 0, 60, 0, 50, 0, 1, 64, 1, 0),
]
HEAD_EN = ("unit,period,should_file,filed,closed,overdue,leader_unfulfilled,executed,court_refused,penalized,"
           "missed_penalty,sued,enforcement_cases,judgments,judgments_won")


def counts():
    clean = [HEAD_EN] + [",".join(map(str, r)) for r in COUNTS]
    (HERE / "counts-clean.csv").write_text("\n".join(clean) + "\n", encoding="utf-8")
    # Excel on Chinese Windows: GB18030, CRLF, a title row and an empty row above the header, a 序号 column,
    # 单位名称/年度 headers, units in brackets, periods 2021年, counts 300.0 and full-width digits, a 合计 row,
    # trailing empty columns.
    head = ("序号,单位名称,年度,应立案数量（件）,立案数量（件）,办结数量,超期件数,县领导交办未落实件数,执行数量,"
            "法院裁定不予执行件数,处罚数量,应处罚未处罚件数,法院立案数量,年度执法案件数量,生效判决案件数量,"
            "生效判决胜诉案件数量,,")
    lines = ["镇平县2021年度行政执法“六率”考核统计表（合成数据）" + "," * 17, "," * 17, head]
    sums = [0] * 13
    for i, r in enumerate(COUNTS, 1):
        cells = [f"{v}.0" if k % 2 == 0 else str(v) for k, v in enumerate(r[2:])]
        cells[1] = str(r[3]).translate(FULL)
        sums = [a + b for a, b in zip(sums, r[2:])]
        lines.append(f"{i},{r[0]},{r[1]}年," + ",".join(cells) + ",,")
    lines.append("," * 17)
    lines.append("合  计,,," + ",".join(map(str, sums)) + ",,")
    (HERE / "counts-excel-gb18030.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("gb18030"))


CASES_EN = "case_id,unit,filed_on,decided_on,closed_on,outcome,executed_on,needs_criminal_transfer,entered_platform,fine_yuan,party_type,legal_review_on,filed_for_record_on"
CASES = [
    ("ZP-2021-001", "涅阳街道", "2021-03-19", "2021-04-20", "2021-04-25", "penalty", "2021-04-22", "0", "1", "500", "person", "", ""),
    ("ZP-2021-002", "市场监管局", "2021-04-01", "2021-06-30", "2021-07-05", "penalty", "", "0", "0", "50000", "person", "2021-06-28", "2021-07-02"),
    ("ZP-2021-003", "交警大队", "2021-05-10", "", "", "", "", "1", "", "", "", "", ""),
    ("ZP-2021-004", "卢医镇", "2021-12-31", "2022-01-05", "2022-01-06", "no_penalty", "", "0", "", "", "organization", "", ""),
]


def cases():
    (HERE / "cases-clean.csv").write_text(CASES_EN + "\n" + "\n".join(",".join(r) for r in CASES) + "\n",
                                          encoding="utf-8")
    # WPS with a BOM: a title, Chinese headers and synonyms (案号, 单位名称, 处罚决定日期), every date form, booleans
    # 是/否/√/1.0/TRUE, an amount with a thousands separator and fen, a blank row, a 小计 row and a 合计 row.
    head = "序号,案号,单位名称,立案日期,处罚决定日期,结案日期,处理结果,执行日期,涉嫌犯罪需移送,录入共享平台,罚款金额（元）,当事人类型,法制审核日期,备案日期"
    date_forms = [lambda d: d.replace("-", "/").replace("/0", "/"),
                  lambda d: f"{d[:4]}年{int(d[5:7])}月{int(d[8:])}日",
                  lambda d: d.replace("-", ""),
                  lambda d: f"{d} 00:00:00"]
    out = ["2021年度行政处罚案件登记表（合成数据）" + "," * 13, head]
    bools = {"0": ["否", "0.0", "FALSE", "×"], "1": ["是", "√", "1.0", "TRUE"]}
    outcome = {"penalty": "处罚", "no_penalty": "不予处罚", "": ""}
    party = {"person": "个人", "organization": "法人", "": ""}
    unit = {"涅阳街道": "镇平县涅阳街道", "市场监管局": "县市场监督管理局", "交警大队": "公安局交警大队", "卢医镇": "卢医镇"}
    for i, r in enumerate(CASES):
        f = date_forms[i % 4]
        d = lambda x: f(x) if x else ""
        b = lambda x: bools[x][i % 4] if x else ""
        fine = {"500": "500.00", "50000": "\"50,000.00\""}.get(r[9], r[9])
        out.append(",".join([str(i + 1), r[0], unit[r[1]], d(r[2]), d(r[3]), d(r[4]), outcome[r[5]], d(r[6]),
                             b(r[7]), b(r[8]), fine, party[r[10]], d(r[11]), d(r[12])]))
        if i == 1:
            out.append("," * 13)
            out.append(",小计" + "," * 12)
    out.append("合计" + "," * 13)
    (HERE / "cases-wps-utf8bom.csv").write_bytes(("\ufeff" + "\r\n".join(out) + "\r\n").encode("utf-8"))


def quota():
    (HERE / "quota-clean.csv").write_text("unit,period,should_file,neighbour\n涅阳街道,2021,800,\n卢医镇,2021,,90\n",
                                          encoding="utf-8")
    text = ("2021年应立案数量核定表（合成数据）,,,\n单位,考核年度,应立案数（件）,临近县区年度立案数量\n"
            "涅阳街道,2021年度,800.0,\n卢医镇,2021年,,９０\n")
    (HERE / "quota-export-gb18030.csv").write_bytes(text.encode("gb18030"))


if __name__ == "__main__":
    counts()
    cases()
    quota()

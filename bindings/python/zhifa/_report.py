"""Reports from a scored frame: the workbook and the HTML of ``zhifa report``, through the same C++ layout."""
from __future__ import annotations

import math
import os
import tempfile
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import pandas as pd

from . import _zhifa
from ._errors import InputError, UsageError

_NEEDED = ["unit", "period", "total", "rank", "category_rank"]
# What each findings frame's columns may be called (check_cases, check_ledger, check_people all use these).
_ID_COLUMNS = ["case_id", "problem_id", "officer_id", "id"]


def _keys(scored: pd.DataFrame) -> List[str]:
    return [c[: -len("_rate")] for c in scored.columns
            if isinstance(c, str) and c.endswith("_rate") and f"{c[: -len('_rate')]}_points" in scored.columns]


def _indicators(scored: pd.DataFrame, keys: Sequence[str]) -> Tuple[List[Tuple[str, str, str]], int, int]:
    """Each key's Chinese and English names, and the places of points and rates, from the rule sets the frame
    names (built-in ones; a key of another set keeps its key as its name)."""
    names: Dict[str, Tuple[str, str]] = {}
    points_decimals = rate_decimals = None
    ids = [i for i in pd.unique(scored["ruleset"].dropna())] if "ruleset" in scored.columns else []
    for rid in list(ids) + ["zhenping-2021"]:
        try:
            rules = _zhifa.RuleSet.builtin(str(rid))
        except Exception:  # noqa: BLE001 - a set that is not built in: its keys are their own names
            continue
        if points_decimals is None:
            points_decimals, rate_decimals = rules.points_decimals, rules.rate_decimals
        for ind in rules.indicators:
            names.setdefault(ind["key"], (ind["name"], ind["name_en"]))
    out = [(k, *names.get(k, (k, k))) for k in keys]
    return out, int(points_decimals or 2), int(rate_decimals or 2)


def _number(v: Any) -> Optional[float]:
    if v is None or v is pd.NA:
        return None
    f = float(v)
    return None if math.isnan(f) else f


def _text(v: Any) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return ""
    return str(v)


def _line(label: Any) -> int:
    """A row label as a line number when it is a whole number (a frame read from a file), else 0."""
    try:
        return int(label) if float(label) == int(label) and int(label) >= 0 else 0
    except (TypeError, ValueError):
        return 0


def _rows(scored: pd.DataFrame, keys: Sequence[str]) -> List[tuple]:
    missing = [c for c in _NEEDED if c not in scored.columns]
    if missing:
        raise UsageError(
            f"the frame lacks the column(s) {', '.join(missing)}: give score_frame's result with English headers "
            "(headers='en', the default)")
    cols = {c: scored[c].tolist() for c in scored.columns if isinstance(c, str)}
    n = len(scored)
    empty = [None] * n

    def col(name: str) -> list:
        return cols.get(name, empty)

    rates = [col(f"{k}_rate") for k in keys]
    points = [col(f"{k}_points") for k in keys]
    errors, explanations = col("error"), col("explanation")
    rows = []
    for i, label in enumerate(scored.index):
        error = _text(errors[i])
        total = _number(col("total")[i])
        if not error and total is None:
            error = "no score"
        rows.append((
            _line(label), _text(col("unit_code")[i]), _text(col("unit")[i]),
            _text(col("category")[i]), _text(col("period")[i]),
            [_number(r[i]) for r in rates], [_number(p[i]) for p in points],
            total or 0.0,
            0 if error else int(col("rank")[i]), 0 if error else int(col("category_rank")[i]),
            _text(col("ruleset")[i]), _text(col("ruleset_digest")[i]), _text(explanations[i]), error))
    return rows


def _findings(findings: Optional[Mapping[str, pd.DataFrame]]) -> List[tuple]:
    groups = []
    for name, frame in (findings or {}).items():
        if not isinstance(frame, pd.DataFrame):
            raise UsageError(f"findings[{name!r}]: expected a DataFrame of findings (check_cases and the like), "
                             f"not {type(frame).__name__}")
        missing = [c for c in ("rule", "clause", "message") if c not in frame.columns]
        if missing:
            raise InputError(f"findings[{name!r}] lacks the column(s) {', '.join(missing)}", None, missing[0])
        id_column = next((c for c in _ID_COLUMNS if c in frame.columns), None)
        id_header = {"case_id": ("案件编号", "case_id"), "problem_id": ("问题编号", "problem_id"),
                     "officer_id": ("执法人员编号", "officer_id")}.get(id_column or "", ("编号", "id"))
        rows = []
        for rec in frame.to_dict("records"):
            rows.append((_line(rec.get("row")), _text(rec.get(id_column)) if id_column else "",
                         _text(rec.get("unit")), _text(rec.get("rule")), _text(rec.get("clause")),
                         _text(rec.get("message")), _text(rec.get("message_en"))))
        groups.append((str(name), str(name), id_header[0], id_header[1], rows))
    return groups


def _prepare(scored: pd.DataFrame, findings: Optional[Mapping[str, pd.DataFrame]]):
    if not isinstance(scored, pd.DataFrame):
        raise UsageError(f"expected score_frame's result (a DataFrame), not {type(scored).__name__}")
    keys = _keys(scored)
    indicators, points_decimals, rate_decimals = _indicators(scored, keys)
    return indicators, _rows(scored, keys), _findings(findings), points_decimals, rate_decimals


def to_excel(scored: pd.DataFrame, path: Union[str, os.PathLike], *, lang: str = "zh",
             findings: Optional[Mapping[str, pd.DataFrame]] = None) -> None:
    """Writes the evaluation report (排名通报) of ``scored`` — ``score_frame``'s result, English headers — as an
    Excel workbook at ``path``: the same workbook as ``zhifa report --output FILE.xlsx``, written by the same C++
    code (libxlsxwriter). Sheets: 总表 (every good row by period and rank, with a bar chart of the latest period's
    totals coloured by category), one per category, 趋势 (unit × period totals, ranks and their change, a line
    chart per category) when there are several periods, 说明 when ``scored`` has an ``explanation`` column
    (``score_frame(..., explain="zh")``), 错误 for bad rows (``keep_going=True``), and one sheet per entry of
    ``findings`` — a name and a findings frame (``{"案件检查": zhifa.check_cases(cases)}``). ``lang="en"`` names
    sheets and headers in English. The file is written beside ``path`` and renamed over it once complete.

    Raises ``UsageError`` for a frame that is not a scored one, ``InputError`` for what Excel cannot hold (a sheet
    of more than 1,048,575 rows, a cell of more than 32,767 characters), and ``Error`` naming the path when the
    file cannot be written."""
    indicators, rows, groups, pd_, rd = _prepare(scored, findings)
    _zhifa._write_workbook(os.fspath(path), indicators, rows, groups, pd_, rd, lang)


def to_html(scored: pd.DataFrame, path: Union[str, os.PathLike, None] = None, *, lang: str = "zh",
            findings: Optional[Mapping[str, pd.DataFrame]] = None) -> Optional[str]:
    """The same report as ``to_excel`` as one self-contained HTML file (styles and SVG charts inline, nothing
    fetched; prints on A4 landscape): written to ``path``, or returned as a string when ``path`` is None. The same
    HTML as ``zhifa report --output FILE.html``."""
    indicators, rows, groups, pd_, rd = _prepare(scored, findings)
    html = _zhifa._report_html(indicators, rows, groups, pd_, rd, lang)
    if path is None:
        return html
    target = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(target))
    fd, temp = tempfile.mkstemp(prefix=os.path.basename(target) + ".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(html)
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
    return None

"""Reports from a scored frame: the workbook and the HTML of ``zhifa report``, through the same C++ layout."""
from __future__ import annotations

import math
import os
import secrets
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import _zhifa
from ._core import RulesLike, resolve_rules
from ._errors import FileMissingError, InputError, UsageError

_NEEDED = ["unit", "category", "period", "total", "rank", "category_rank"]
# What each findings frame's columns may be called (check_cases, check_ledger, check_people all use these).
_ID_COLUMNS = ["case_id", "problem_id", "officer_id", "id"]


def _keys(scored: pd.DataFrame) -> List[str]:
    return [c[: -len("_rate")] for c in scored.columns
            if isinstance(c, str) and c.endswith("_rate") and f"{c[: -len('_rate')]}_points" in scored.columns]


def _indicators(scored: pd.DataFrame, keys: Sequence[str], rules: RulesLike
                ) -> Tuple[List[Tuple[str, str, str]], int, int]:
    """Each key's Chinese and English names, and the places of points and rates, from the rule sets that scored
    the frame: those of ``rules`` (as given to score_frame), else the built-in sets its ``ruleset`` column names.
    A set the frame names that is in neither is an error: its names and places are unknown."""
    sets = list(resolve_rules(rules).sets) if rules is not None else []
    known = {r.id: r for r in sets}
    ids = [str(i) for i in pd.unique(scored["ruleset"].dropna())] if "ruleset" in scored.columns else []
    for rid in ids:
        if rid in known:
            continue
        if rid not in _zhifa.RuleSet.builtin_ids():
            raise UsageError(f"the frame was scored with rule set {rid!r}, which is not built in: give the rules it "
                             "was scored with (rules=..., as to score_frame)")
        known[rid] = _zhifa.RuleSet.builtin(rid)
    # An edited copy of a set may keep its id: the digest tells them apart.
    if "ruleset_digest" in scored.columns:
        pairs = scored[["ruleset", "ruleset_digest"]].dropna().astype(str).drop_duplicates()
        for rid, digest in pairs.itertuples(index=False):
            if rid in known and known[rid].digest[len("sha256:"):][:len(digest)] != digest:
                raise UsageError(f"the frame's rule set {rid!r} has digest {digest}, not that of the "
                                 f"{'given' if rules is not None and rid in {r.id for r in sets} else 'built-in'} "
                                 f"set of that id ({known[rid].digest[7:19]}): give the rules it was scored with "
                                 "(rules=..., as to score_frame)")
    used = [known[rid] for rid in ids] + list(known.values()) + [_zhifa.RuleSet.builtin()]
    names: Dict[str, Tuple[str, str]] = {}
    for rules_set in used:
        for ind in rules_set.indicators:
            names.setdefault(ind["key"], (ind["name"], ind["name_en"]))
    first = used[0]
    return [(k, *names.get(k, (k, k))) for k in keys], int(first.points_decimals), int(first.rate_decimals)


def _number(v: Any) -> Optional[float]:
    if v is None or v is pd.NA:
        return None
    f = float(v)
    return None if math.isnan(f) else f


def _text(v: Any) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return ""
    return str(v)


def _label(label: Any) -> str:
    """A row's index label as the report shows it (行): the file's line for a frame from zhifa.read_table."""
    if label is None or label is pd.NA or (isinstance(label, float) and math.isnan(label)):
        return ""
    if isinstance(label, (float, np.floating)) and float(label).is_integer():
        return str(int(label))
    return str(label)


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
    not_applicable, findings, outside = col("not_applicable"), col("findings"), col("ruleset_outside_dates")
    rows = []
    held: Dict[Tuple[str, str], Any] = {}
    for i, label in enumerate(scored.index):
        error = _text(errors[i])
        total = _number(col("total")[i])
        rank, category_rank = col("rank")[i], col("category_rank")[i]
        if not error:
            if total is None or _number(rank) is None or _number(category_rank) is None:
                raise InputError("a row without an error has no total or rank: give score_frame's result as it "
                                 "came (rank(scored) recomputes ranks after filtering)", label, "total")
            unit_key = _text(col("unit_code")[i]) or _text(col("unit")[i])
            key = (unit_key, _text(col("period")[i]))
            if key in held:
                raise InputError(f"{key[0]} {key[1]} is scored twice (rows {held[key]!r} and {label!r}): a report "
                                 "ranks each unit once a period", label, "unit")
            held[key] = label
        rows.append((
            _label(label), _text(col("unit_code")[i]), _text(col("unit")[i]),
            _text(col("category")[i]), _text(col("period")[i]),
            [_number(r[i]) for r in rates], [_number(p[i]) for p in points],
            total or 0.0,
            0 if error else int(rank), 0 if error else int(category_rank),
            _text(col("ruleset")[i]), _text(col("ruleset_digest")[i]), _text(explanations[i]), error,
            [k for k in _text(not_applicable[i]).split("|") if k],
            "zero_activity" in _text(findings[i]).split("|"),
            False if pd.isna(outside[i]) else bool(outside[i])))
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
            rows.append((0, _text(rec.get(id_column)) if id_column else "",
                         _text(rec.get("unit")), _text(rec.get("rule")), _text(rec.get("clause")),
                         _text(rec.get("message")), _text(rec.get("message_en"))))
        labels = [_label(v) for v in frame["row"].tolist()] if "row" in frame.columns else []
        groups.append((str(name), str(name), id_header[0], id_header[1], rows, labels))
    return groups


def _check_target(target: str) -> None:
    """The errors of writing `target`, before anything is written: a folder that does not exist, a folder."""
    folder = os.path.dirname(os.path.abspath(target))
    if not os.path.isdir(folder):
        raise FileMissingError(f"{target}: no such folder")
    if os.path.isdir(target):
        raise InputError(f"{target}: is a folder; expected a file to write", None, "path")


def _write_beside(target: str, data: bytes) -> None:
    """Writes `data` to a hidden file beside `target`, then renames it over `target`. The file is created with
    O_EXCL and mode 0666, so the umask applies as for any new file (no umask() race with other threads)."""
    _check_target(target)
    folder = os.path.dirname(os.path.abspath(target))
    base = os.path.basename(target)
    prefix = "." + base if len(os.fsencode(base)) <= 200 else ""  # a name's limit is 255 bytes
    while True:
        temp = os.path.join(folder, f"{prefix}.zhifa-{secrets.token_hex(4)}")
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(temp, target)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def _prepare(scored: pd.DataFrame, findings: Optional[Mapping[str, pd.DataFrame]], rules: RulesLike):
    if not isinstance(scored, pd.DataFrame):
        raise UsageError(f"expected score_frame's result (a DataFrame), not {type(scored).__name__}")
    keys = _keys(scored)
    indicators, points_decimals, rate_decimals = _indicators(scored, keys, rules)
    return indicators, _rows(scored, keys), _findings(findings), points_decimals, rate_decimals


def to_excel(scored: pd.DataFrame, path: Union[str, os.PathLike], *, lang: str = "zh",
             findings: Optional[Mapping[str, pd.DataFrame]] = None, rules: RulesLike = None) -> None:
    """Writes the evaluation report (排名通报) of ``scored`` — ``score_frame``'s result, English headers — as an
    Excel workbook at ``path``: the same workbook as ``zhifa report --output FILE.xlsx``, written by the same C++
    code (libxlsxwriter). Sheets: 总表 (every good row by period and rank, with a bar chart of the latest period's
    totals coloured by category), one per category, 趋势 (unit × period totals, ranks and their change, a line
    chart per category) when there are several periods, 说明 when ``scored`` has an ``explanation`` column
    (``score_frame(..., explain="zh")``), 错误 for bad rows (``keep_going=True``), and one sheet per entry of
    ``findings`` — a name and a findings frame (``{"案件检查": zhifa.check_cases(cases)}``). ``lang="en"`` names
    sheets and headers in English. ``rules``: the rules the frame was scored with, when not built in (they name
    the indicators and set the decimal places). The 行 column of 错误 and findings sheets holds the rows' index
    labels (the file's lines for a frame from ``zhifa.read_table``). The file is written beside ``path`` and
    renamed over it once complete.

    Raises ``UsageError`` for a frame that is not a scored one or a rule set it cannot name, ``InputError`` for a
    unit scored twice in a period and for what Excel cannot hold (a sheet of more than 1,048,575 rows, a cell of
    more than 32,767 characters), and ``Error`` naming the path when the file cannot be written."""
    indicators, rows, groups, pd_, rd = _prepare(scored, findings, rules)
    _check_target(os.fspath(path))
    _zhifa._write_workbook(os.fspath(path), indicators, rows, groups, pd_, rd, lang)


def to_html(scored: pd.DataFrame, path: Union[str, os.PathLike, None] = None, *, lang: str = "zh",
            findings: Optional[Mapping[str, pd.DataFrame]] = None, rules: RulesLike = None) -> Optional[str]:
    """The same report as ``to_excel`` as one self-contained HTML file (styles and SVG charts inline, nothing
    fetched; prints on A4 landscape): written to ``path``, or returned as a string when ``path`` is None. The same
    HTML as ``zhifa report --output FILE.html``."""
    indicators, rows, groups, pd_, rd = _prepare(scored, findings, rules)
    html = _zhifa._report_html(indicators, rows, groups, pd_, rd, lang)  # UTF-8 bytes
    if path is None:
        return html.decode("utf-8")
    _write_beside(os.fspath(path), html)
    return None

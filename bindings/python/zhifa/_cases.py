"""Case records from pandas: aggregate_cases (cases -> six-rate counts) and check_cases (compliance findings)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Dict, List, Optional, Tuple, Union

import numpy as np
import pandas as pd

from . import _zhifa
from ._errors import InputError, UsageError

#: Case columns: English name -> (Chinese header, required).
CASE_COLUMNS = {name: (zh, required) for name, zh, required in _zhifa.case_columns()}


def _check_frame(df: Any, what: str) -> None:
    """UsageError for what is not a DataFrame; InputError for columns of several header rows (a MultiIndex), which a
    table has not: the reader would find no header."""
    if not isinstance(df, pd.DataFrame):
        raise UsageError(f"{what}: expected a pandas DataFrame, not {type(df).__name__}")
    if isinstance(df.columns, pd.MultiIndex):
        raise InputError(f"{what}: the columns have {df.columns.nlevels} header rows (a MultiIndex); a table has one: "
                         "keep the last, df.columns = df.columns.get_level_values(-1)", None, None)


def _frame_table(df: Optional[pd.DataFrame], what: str) -> Optional[Tuple[Any, ...]]:
    """df as the C++ table readers take it (TableInput, bindings/python/src/frame_columns.h): every column by its
    distinct texts (_coded), each cell's text as _cell_text writes it; None for no frame."""
    if df is None:
        return None
    _check_frame(df, what)
    columns = [(str(name), *_coded(df.iloc[:, i])) for i, name in enumerate(df.columns)]
    return columns, len(df), _cell_text, None


def _case_table(df: Optional[pd.DataFrame], what: str) -> Optional[Tuple[Any, ...]]:
    """A case frame as the C++ table readers take it (_columns); None for no frame."""
    if df is None:
        return None
    _check_frame(df, what)
    columns, rows, cell = _columns(df)
    return columns, rows, _cell_text, cell


def _label(df: pd.DataFrame, line: int) -> Any:
    """The index label of line `line` of df read as a table (its header is line 1)."""
    return df.index[line - 2]


_FIRST_ON_LINE = re.compile(r"\(first on line (\d+)\)")


def _errors(df: pd.DataFrame, found: List[Any]) -> List[Tuple[Any, str, str]]:
    """The C++ reader's bad cases (line, column, message, value) as (index label, column, message); a repeated
    case_id names the row of its first case by label too."""
    return [(_label(df, line), column,
             _FIRST_ON_LINE.sub(lambda m: f"(first in row {_label(df, int(m.group(1)))!r})", message))
            for line, column, message, _ in found]


def _cell_text(value: Any) -> str:
    """A cell's text as the readers take it: booleans as 1/0, whole floats as integers (what a column with blanks
    becomes in pandas: 300.0 -> 300), dates as YYYY-MM-DD, empty for a missing value."""
    if isinstance(value, str):
        return value
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "1" if value else "0"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        if value != value:
            return ""
        # A numpy float's str is its shortest form in its own precision (float32 1234.56, not 1234.56005859375).
        return str(int(value)) if float(value).is_integer() else str(value)
    if isinstance(value, (dt.datetime, np.datetime64)):
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _coded(col: pd.Series) -> Tuple[Any, ...]:
    """A column as ("codes", codes, distinct texts) or ("objects", values) (factorized in C++): each distinct value
    is parsed once. Dates from datetime64 columns as day numbers, without text; categoricals by their own codes."""
    if pd.api.types.is_datetime64_any_dtype(col.dtype):
        if getattr(col.dt, "tz", None) is not None:
            col = col.dt.tz_localize(None)  # the wall-clock date where it was recorded
        days = col.to_numpy().astype("datetime64[D]").view("i8")  # any unit: datetime64[s] reaches year 9999
        known = days != np.iinfo(np.int64).min
        if not known.any():
            return "codes", np.full(len(col), -1, dtype=np.int64), []
        first = days[known].min()
        codes = np.where(known, days - first, -1)
        values = np.arange(first, days[known].max() + 1).astype("datetime64[D]").astype(str).tolist()
        return "codes", codes, values
    if isinstance(col.dtype, pd.CategoricalDtype):
        return "codes", col.cat.codes.to_numpy(dtype=np.int64), [_cell_text(v) for v in col.cat.categories]
    if col.dtype == object:
        return "objects", col.tolist()  # factorized in C++, without pandas' arrays of codes and uniques
    # A float column by its numpy array: its distinct values keep their precision (a pandas Index would make
    # float32 1234.56 into float64 1234.56005859375).
    codes, uniques = pd.factorize(col.to_numpy() if col.dtype.kind == "f" else col)
    return "codes", codes.astype(np.int64, copy=False), [_cell_text(v) for v in uniques]


def _columns(df: pd.DataFrame) -> Tuple[List[Tuple[Any, ...]], int, Any]:
    """df as the C++ columnar table reader takes it (bindings/python/src/frame_columns.h, FrameColumns): per column its
    header and its values by distinct text (_coded); the case ids one text per row (there are as many as rows);
    columns the reader does not know only by `cell`, asked of a row empty in every other column (is it empty?)."""
    _check_frame(df, "cases")
    roles = [_zhifa.case_column_of(str(name)) for name in df.columns]
    # Column names without the required columns: the header is a row (a sheet read with its title as the header),
    # so every column is given whole and the reader looks for it, as in a CSV.
    named = {"case_id", "unit", "filed_on"} <= set(roles)
    columns: List[Tuple[Any, ...]] = []
    for i, (name, role) in enumerate(zip(df.columns, roles)):
        header = str(name)
        col = df.iloc[:, i]
        if named and role == "case_id" and col.dtype == object:
            columns.append((header, "cells", col.tolist()))
        elif role or i == 0 or not named:
            columns.append((header, *_coded(col)))
        else:
            columns.append((header, "lazy"))
    return columns, len(df), lambda column, row: _cell_text(df.iat[row, column])


def aggregate_cases(df: pd.DataFrame, period: str = "year", as_of: Optional[Union[dt.date, str]] = None,
                    quota: Union[None, str, pd.DataFrame] = None, keep_going: bool = False, *,
                    history: bool = False, settings: Optional["_zhifa.CaseSettings"] = None,
                    registry: Optional["_zhifa.Registry"] = None) -> pd.DataFrame:
    """Turns case records into the six-rate counts (docs/model.md), one row per unit and period.

    ``df`` has the case columns (English or Chinese headers; see ``zhifa.CASE_COLUMNS``): dates as
    ``datetime``/``date`` values or text (``2021-03-19``, ``2021/3/19``, ``2021年3月19日``), booleans as bools, 0/1,
    是/否 or √. ``period`` is ``year``, ``half``, ``quarter`` or ``month``; ``as_of`` the evaluation date (default:
    each period's end). Every unit with cases gets a row in every period in which any case was filed (zeros
    when it filed nothing there).

    ``quota``: None (should_file left empty), ``"history"`` (A2.1: the ceiling of the mean of the unit's filings
    in the same period of the two previous calendar years; a year without any case in the data leaves it
    empty), or a DataFrame with ``unit, period`` and ``should_file`` and/or ``neighbour`` (临近县区年度立案数量);
    with ``history=True`` the frame's should_file wins and history fills the rest, combined with its neighbour
    figures by ``settings``' neighbour policy. ``settings`` (``zhifa.CaseSettings``): time limits, quota policy,
    thresholds; the built-in ones by default.

    Returns the columns ``unit`` (as printed in the plan), ``unit_code``, ``period`` and the 13 counts
    (``should_file`` may be missing: ``<NA>``); ``score_frame`` accepts it as it is. A bad case raises
    ``InputError`` with ``.row`` (the index label) and ``.column``; with ``keep_going=True`` bad cases are left
    out and listed in ``result.attrs["errors"]``. A case is counted once: a ``case_id`` that repeats an earlier
    case's is a bad case naming the row of the first. Rows without a quota are listed, with the reason, in
    ``result.attrs["missing_quota"]``.
    """
    quota_kind, quota_text = _quota(quota, history)
    columns, rows, cell = _columns(df)
    out = _zhifa.aggregate_cases_columns(columns, rows, _cell_text, cell, period, as_of, quota_kind, quota_text,
                                         settings, registry)
    return _aggregate_result(out, _errors(df, out["errors"]), keep_going)


def _quota(quota: Union[None, str, pd.DataFrame], history: bool) -> Tuple[str, str]:
    """(quota kind, quota CSV text) for the C++ aggregator."""
    if isinstance(quota, pd.DataFrame):
        quota_text = quota.to_csv(index=False)
    elif quota is None:
        quota_text = ""
    elif quota == "history":
        quota_text, history = "", True
    else:
        raise UsageError('quota must be None, "history" or a DataFrame with unit, period, should_file/neighbour')
    return ("history" if history else "table"), quota_text


def _aggregate_result(out: Dict[str, Any], errors: List[Tuple[Any, str, str]], keep_going: bool) -> pd.DataFrame:
    """The aggregate frame from the C++ rows; bad cases (label, column, message) raise unless keep_going."""
    if errors and not keep_going:
        label, column, message = errors[0]
        more = f" (and {len(errors) - 1} more; keep_going=True leaves bad cases out)" if len(errors) > 1 else ""
        where = f"row {label!r}" + (f", column {column}" if column else "")
        raise InputError(f"{where}: {message}{more}", label, column or None)
    counts = list(_zhifa.columns())
    result = pd.DataFrame(out["rows"], columns=["unit", "unit_code", "period", *[c for c, _ in counts]])
    for c, _ in counts:
        result[c] = result[c].astype("Int64")
    result.attrs["errors"] = [f"row {label!r}" + (f", column {column}" if column else "") + f": {message}"
                              for label, column, message in errors]
    result.attrs["missing_quota"] = [f"{unit} {p}: {reason}" for unit, p, reason in out["missing_quota"]]
    return result


def check_cases(df: pd.DataFrame, *, settings: Optional["_zhifa.CaseSettings"] = None,
                registry: Optional["_zhifa.Registry"] = None) -> pd.DataFrame:
    """The compliance findings of case records: 三法衔接 (3.2.5: criminal transfer, copy to the procuratorate,
    the sharing platform), major penalties (3.3.4, decided cases: legal review before the decision, filing for
    record), execution before decision, and bad rows (rule ``input``). Columns ``row`` (the index label of the
    case), ``case_id``, ``unit`` (as the plan prints it; a sub-unit's case under its parent), ``rule``,
    ``clause``, ``message`` (Chinese) and ``message_en``; empty when nothing is wrong."""
    columns, rows, cell = _columns(df)
    found = _zhifa.check_cases_columns(columns, rows, _cell_text, cell, settings, registry)
    rows: List[Any] = [(_label(df, line), case_id, unit, rule, clause, message, message_en)
                       for line, case_id, unit, rule, clause, message, message_en in found]
    return pd.DataFrame(rows, columns=["row", "case_id", "unit", "rule", "clause", "message", "message_en"])

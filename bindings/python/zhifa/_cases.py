"""Case records from pandas: aggregate_cases (cases -> six-rate counts) and check_cases (compliance findings)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List, Optional, Tuple, Union

import pandas as pd

from . import _zhifa
from ._errors import InputError

#: Case columns: English name -> (Chinese header, required).
CASE_COLUMNS = {name: (zh, required) for name, zh, required in _zhifa.case_columns()}


def _to_csv(df: pd.DataFrame) -> str:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"expected a pandas DataFrame, not {type(df).__name__}")
    out = df.copy()
    for col in out.columns:
        dtype = out[col].dtype
        if pd.api.types.is_bool_dtype(dtype):  # booleans as 1/0 (nullable booleans keep their blanks)
            out[col] = out[col].map({True: 1, False: 0}).astype("Int64")
        elif pd.api.types.is_float_dtype(dtype):
            # Whole-number floats (what a column with blanks becomes in pandas) as integers: 1.0 -> 1.
            values = out[col].dropna()
            if (values == values.round()).all():
                out[col] = out[col].astype("Int64")
    return out.to_csv(index=False, date_format="%Y-%m-%d")


def _label(df: pd.DataFrame, line: int) -> Any:
    """The index label of the CSV line `line` of _to_csv(df) (its header is line 1)."""
    return df.index[line - 2]


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
    out and listed in ``result.attrs["errors"]``. Rows without a quota are listed, with the reason, in
    ``result.attrs["missing_quota"]``.
    """
    quota_kind, quota_text = _quota(quota, history)
    out = _zhifa.aggregate_cases_csv(_to_csv(df), period, as_of, quota_kind, quota_text, settings, registry)
    errors = [(_label(df, line), column, message) for line, column, message, _ in out["errors"]]
    return _aggregate_result(out, errors, keep_going)


def _quota(quota: Union[None, str, pd.DataFrame], history: bool) -> Tuple[str, str]:
    """(quota kind, quota CSV text) for the C++ aggregator."""
    if isinstance(quota, pd.DataFrame):
        quota_text = quota.to_csv(index=False)
    elif quota is None:
        quota_text = ""
    elif quota == "history":
        quota_text, history = "", True
    else:
        raise TypeError('quota must be None, "history" or a DataFrame with unit, period, should_file/neighbour')
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
    found = _zhifa.check_cases_csv(_to_csv(df), settings, registry)
    rows: List[Any] = [(_label(df, line), case_id, unit, rule, clause, message, message_en)
                       for line, case_id, unit, rule, clause, message, message_en in found]
    return pd.DataFrame(rows, columns=["row", "case_id", "unit", "rule", "clause", "message", "message_en"])

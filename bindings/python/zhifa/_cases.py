"""Case records from pandas: aggregate_cases (cases -> six-rate counts) and check_cases (compliance findings)."""

from __future__ import annotations

import datetime as dt
from typing import Any, List, Optional, Union

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


def aggregate_cases(df: pd.DataFrame, period: str = "year", as_of: Optional[Union[dt.date, str]] = None,
                    quota: Union[None, str, pd.DataFrame] = None, keep_going: bool = False) -> pd.DataFrame:
    """Turns case records into the counts of SPEC §3, one row per unit and period.

    ``df`` has the case columns (English or Chinese headers; see ``zhifa.CASE_COLUMNS``): dates as
    ``datetime``/``date`` values or ``YYYY-MM-DD`` strings, booleans as bools, 0/1 or 是/否. ``period`` is
    ``year``, ``half``, ``quarter`` or ``month``; ``as_of`` the evaluation date (default: each period's end).
    ``quota`` is None (should_file left empty), ``"history"`` (A2.1: the ceiling of the mean of the unit's
    filings in the two previous periods present) or a DataFrame with ``unit, period, should_file``.

    Returns the columns ``unit`` (as printed in the plan), ``unit_code``, ``period`` and the 13 counts
    (``should_file`` may be missing: ``<NA>``); ``score_frame`` accepts it as it is. A bad case raises
    ``InputError`` with ``.row`` (the index label) and ``.column``; with ``keep_going=True`` bad cases are left
    out and listed in ``result.attrs["errors"]``. Rows without a quota are listed in
    ``result.attrs["missing_quota"]``.
    """
    if isinstance(quota, pd.DataFrame):
        quota_kind, quota_text = "table", quota.to_csv(index=False)
    elif quota is None:
        quota_kind, quota_text = "none", ""
    elif quota == "history":
        quota_kind, quota_text = "history", ""
    else:
        raise TypeError('quota must be None, "history" or a DataFrame with unit, period, should_file')
    out = _zhifa.aggregate_cases_csv(_to_csv(df), period, as_of, quota_kind, quota_text)
    errors = [(df.index[row - 1], column, message) for row, column, message in out["errors"]]
    if errors and not keep_going:
        label, column, message = errors[0]
        more = f" (and {len(errors) - 1} more; keep_going=True leaves bad cases out)" if len(errors) > 1 else ""
        raise InputError(f"row {label!r}, column {column}: {message}{more}", label, column)
    counts = list(_zhifa.columns())
    result = pd.DataFrame(out["rows"], columns=["unit", "unit_code", "period", *[c for c, _ in counts]])
    for c, _ in counts:
        result[c] = result[c].astype("Int64")
    result.attrs["errors"] = [f"row {label!r}, column {column}: {message}" for label, column, message in errors]
    result.attrs["missing_quota"] = [f"{unit} {p}" for unit, p in out["missing_quota"]]
    return result


def check_cases(df: pd.DataFrame) -> pd.DataFrame:
    """The compliance findings of case records: 三法衔接 (3.2.5: criminal transfer, copy to the procuratorate,
    the sharing platform), major penalties (3.3.4: legal review before the decision, filing for record),
    execution before decision, and bad rows (rule ``input``). Columns ``row`` (the index label), ``case_id``,
    ``rule``, ``clause``, ``message``; empty when nothing is wrong."""
    found = _zhifa.check_cases_csv(_to_csv(df))
    rows: List[Any] = [(df.index[r - 1], case_id, rule, clause, message) for r, case_id, rule, clause, message in found]
    return pd.DataFrame(rows, columns=["row", "case_id", "rule", "clause", "message"])

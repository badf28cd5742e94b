"""read_table: a county office's spreadsheet (.xlsx, or .csv in UTF-8 or GB18030) as a clean DataFrame.

The header finding and cell cleaning are the C++ readers' own (lib/table_reader.cc): this module only turns
spreadsheet cells into text and passes them through, so a file reads the same in Python and on the command line.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any, List, Optional, Union

import pandas as pd

from . import _zhifa
from ._errors import FileMissingError, InputError

KINDS = ("counts", "cases", "quota")


def _cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(path: str, sheet: Optional[Union[str, int]]) -> List[List[str]]:
    try:
        import openpyxl
    except ImportError as e:  # pragma: no cover - scripts/setup.sh installs python3-openpyxl
        raise InputError(f"{path}: reading .xlsx needs openpyxl (Debian: apt-get install python3-openpyxl)") from e
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        if sheet is None:
            ws = book.worksheets[0]
        elif isinstance(sheet, int):
            ws = book.worksheets[sheet]
        else:
            ws = book[sheet]
        rows = [[_cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
    finally:
        book.close()
    return rows


def read_table(path: Union[str, os.PathLike], kind: Optional[str] = None, *, sheet: Optional[Union[str, int]] = None,
               encoding: str = "auto") -> pd.DataFrame:
    """Reads a table of counts, cases or quotas as county offices export them.

    ``path`` is an ``.xlsx`` workbook (the first sheet, or ``sheet``) or a ``.csv`` in UTF-8 (with or without
    BOM) or GB18030 (found by itself; ``encoding="gb18030"`` forces it). ``kind`` is ``"counts"``, ``"cases"``
    or ``"quota"``; by default the kind whose required columns the header has.

    What the command line accepts is accepted here, by the same code: a header below title rows, 序号 columns,
    合计/小计 rows (skipped, and checked against the rows above), synonyms (年度, 单位名称), full-width digits,
    ``300.0``, dates ``2021/3/19`` or ``2021年3月19日``, booleans ``是``/``√``, periods ``2021年上半年``.

    Returns a DataFrame with the canonical English column names (``unit``, ``period``, ``filed``, ...), each cell
    in its canonical text (``"300"``, ``"2021-03-19"``, ``"1"``, ``"2021-H1"``; a cell that does not parse is kept
    as written, so that the function that reads it names it). Its index is the line of each row as a spreadsheet
    numbers it, so an error of ``score_frame`` or ``aggregate_cases`` names the line of the file.
    ``attrs["notes"]`` says what was skipped; ``attrs["kind"]`` the kind read.
    """
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileMissingError(f"{path}: no such file")
    if path.lower().endswith((".xlsx", ".xlsm")):
        rows = _xlsx_rows(path, sheet)
        notes: List[str] = []
    else:
        with open(path, "rb") as f:
            data = f.read()
        rows, notes = _zhifa.csv_records(data, encoding, path)
    if kind is None:
        kinds = _zhifa.table_kinds(rows)
        if not kinds:
            raise InputError(f"{path}: no header of counts, cases or quotas found in the first 10 rows; give kind= "
                             f"to see what the header lacks", None, None)
        kind = kinds[0]
    if kind not in KINDS:
        raise InputError(f"kind={kind!r}: expected one of {', '.join(KINDS)}", None, "kind")
    out = _zhifa.clean_table(rows, kind, path)
    df = pd.DataFrame(out["rows"], columns=out["columns"], index=pd.Index(out["lines"], name="line"), dtype=object)
    df.attrs["notes"] = list(notes) + list(out["notes"])
    df.attrs["kind"] = kind
    if out["extra"]:
        df.attrs["notes"].append(f"{path}: lines {', '.join(map(str, out['extra'][:10]))} have cells beyond the header")
    return df

"""The campaign's problem ledger from pandas (四, 五(二)): check_ledger, ledger_status, ledger_on and LedgerStore.

A ledger is a DataFrame with the columns of ``zhifa.LEDGER_COLUMNS`` (English or Chinese headers); dates may be
``datetime64`` columns, ``datetime.date`` values or text (``2021-04-20``, ``2021/4/20``, ``2021年4月20日``).
Every rule runs in the C++ core (docs/model.md, "The problem ledger").
"""

from __future__ import annotations

import datetime as dt
import getpass
import io
from typing import Any, Dict, List, Optional, Union

import pandas as pd

from . import _zhifa
from ._cases import _frame_table
from ._errors import InputError, UsageError

#: Ledger columns: English name -> (Chinese header, required).
LEDGER_COLUMNS = {name: (zh, required) for name, zh, required in _zhifa.ledger_columns()}

_FINDING_COLUMNS = ["row", "problem_id", "unit", "rule", "clause", "message", "message_en"]
_STATUS_COLUMNS = list(_zhifa.ledger_status_columns())
_EVENT_COLUMNS = ["seq", "at", "by", "problem_id", "field", "old", "new"]

DateLike = Union[dt.date, str, "pd.Timestamp", None]


def _today(as_of: DateLike) -> Any:
    return dt.date.today() if as_of is None else as_of


def _problems(df: Any) -> Any:
    """The ledger frame as the C++ readers take it (_frame_table); UsageError for None (a ledger is required)."""
    if df is None:
        raise UsageError("problems: expected a pandas DataFrame, not None")
    return _frame_table(df, "problems")


def _raise_first(df: pd.DataFrame, errors: List[Any], what: str, keep_going: bool) -> List[str]:
    """The bad rows as text; raises InputError for the first unless keep_going."""
    labelled = [(df.index[line - 2], column, message) for line, column, message, _ in errors]
    if labelled and not keep_going:
        label, column, message = labelled[0]
        more = f" (and {len(labelled) - 1} more; keep_going=True leaves bad rows out)" if len(labelled) > 1 else ""
        where = f"{what} row {label!r}" + (f", column {column}" if column else "")
        raise InputError(f"{where}: {message}{more}", label, column or None)
    return [f"{what} row {label!r}" + (f", column {column}" if column else "") + f": {message}"
            for label, column, message in labelled]


def _evaluate(problems: pd.DataFrame, submissions: Optional[pd.DataFrame], as_of: DateLike, settings: Any,
              keep_going: bool, registry: Optional["_zhifa.Registry"]) -> Dict[str, Any]:
    out = _zhifa.check_ledger_table(_problems(problems), _frame_table(submissions, "submissions"),
                                    _today(as_of), settings, registry)
    out["bad_rows"] = (_raise_first(problems, out["errors"], "problem", keep_going)
                       + (_raise_first(submissions, out["submission_errors"], "submission", keep_going)
                          if submissions is not None else []))
    return out


def check_ledger(problems: pd.DataFrame, submissions: Optional[pd.DataFrame] = None, as_of: DateLike = None, *,
                 settings: Optional["_zhifa.LedgerSettings"] = None, keep_going: bool = False,
                 registry: Optional["_zhifa.Registry"] = None) -> pd.DataFrame:
    """What is missing, late or wrong in the ledger on ``as_of`` (default: today): facts dated later are not yet
    true, problems found later are left out.

    ``problems``: the ledger (``zhifa.LEDGER_COLUMNS``); ``submissions``: ``unit, material, submitted_on`` (四(一)'s
    five materials, by key or name). Returns the findings, one per row: ``row`` (the problem's index label; empty
    for a unit-level finding), ``problem_id``, ``unit`` (as the plan prints it; a sub-unit's problem under its
    parent), ``rule``, ``clause``, ``message`` (Chinese) and ``message_en``; the rules are those of SPEC §6
    (docs/model.md). A bad row raises ``InputError`` with ``.row`` (its index label) and ``.column``; with
    ``keep_going=True`` bad rows are left out and listed in ``result.attrs["errors"]``. ``registry`` resolves the
    units (a ``zhifa.Registry``; the built-in 2021 one by default).
    """
    out = _evaluate(problems, submissions, as_of, settings, keep_going, registry)
    rows = [((problems.index[line - 2] if line > 0 else None), pid or None, unit, rule, clause, zh, en)
            for line, pid, unit, rule, clause, zh, en in out["findings"]]
    result = pd.DataFrame(rows, columns=_FINDING_COLUMNS)
    result["row"] = pd.Series([r[0] for r in rows], dtype=object)  # index labels, None for unit findings
    result.attrs["errors"] = out["bad_rows"]
    return result


def ledger_status(problems: pd.DataFrame, submissions: Optional[pd.DataFrame] = None, as_of: DateLike = None, *,
                  settings: Optional["_zhifa.LedgerSettings"] = None, keep_going: bool = False,
                  registry: Optional["_zhifa.Registry"] = None) -> pd.DataFrame:
    """The campaign on ``as_of`` (default: today), one row per unit of the plan (in the registry's order) and a
    last row for all units (``unit_code`` None, ``unit`` "合计"): problems found by then (``total``) by class
    (``general``, ``hard``, ``serious``, ``systemic``) and state (``open``, ``rectified``, ``overdue``,
    ``transferred`` to 纪委监委, ``supervised`` 挂牌督办, ``disposed``), ``self_inspection`` and ``public`` problems,
    and the number of ``findings`` (check_ledger's). ``result.attrs``: ``phase`` (key), ``phase_name``,
    ``next_deadline`` (name, date, days; None after the last), ``problems_ignored`` (found after as_of).
    ``registry``: as for check_ledger; its units are the rows."""
    out = _evaluate(problems, submissions, as_of, settings, keep_going, registry)
    overall = list(out["overall"])
    overall[1] = "合计"
    result = pd.DataFrame([*out["units"], tuple(overall)], columns=_STATUS_COLUMNS)
    key, name, _ = out["phase"]
    result.attrs.update(phase=key, phase_name=name, problems_ignored=out["problems_ignored"],
                        next_deadline=None if out["next_deadline"] is None else out["next_deadline"][1:],
                        errors=out["bad_rows"])
    return result


def _frame(csv_text: str) -> pd.DataFrame:
    df = pd.read_csv(io.StringIO(csv_text), dtype=str, keep_default_na=False)
    for column in ("found_on", "due_on", "rectified_on", "transferred_on", "supervised_on", "disposed_on"):
        df[column] = pd.to_datetime(df[column].where(df[column] != ""), format="%Y-%m-%d")
    for column in ("discipline_clue", "disclosed"):
        if column in df:
            df[column] = df[column].map({"1": True, "0": False, "": None})
    return df


def ledger_on(problems: pd.DataFrame, as_of: DateLike, *,
              registry: Optional["_zhifa.Registry"] = None) -> pd.DataFrame:
    """The ledger as it stood on ``as_of``: the problems found by then, with the facts dated later (rectified,
    transferred, supervised, disposed) left empty — what check_ledger sees. Canonical columns and values, dates
    as ``datetime64``. ``registry``: as for check_ledger."""
    return _frame(_zhifa.ledger_on_table(_problems(problems), as_of, registry))


class LedgerStore:
    """A problem ledger kept in one SQLite file with its whole history (every change: who, when, field,
    old -> new, written in the same transaction as the change). ``LedgerStore(path)`` opens or creates it;
    ``registry=`` (a ``zhifa.Registry``) resolves its units, the built-in 2021 one by default.

    Example::

        store = zhifa.LedgerStore("ledger.db")
        store.import_frame(df, by="张三")
        store.set("P7", rectified_on="2021-05-20", by="李四")
        store.check(as_of="2021-06-01")     # findings, as check_ledger
        store.history("P7")                 # every change of P7
        store.frame(recorded_at="2021-05-10T18:00+08:00")   # the ledger as it was recorded then
    """

    def __init__(self, path: str, *, create: bool = True, registry: Optional["_zhifa.Registry"] = None) -> None:
        self._store = _zhifa._LedgerStore(str(path), create, registry)
        self.path = str(path)
        self._registry = registry

    @property
    def registry(self) -> Optional["_zhifa.Registry"]:
        """The registry the store was opened with (None: the built-in one); fixed for the store's life."""
        return self._registry

    def import_frame(self, problems: pd.DataFrame, by: Optional[str] = None, *,
                     keep_going: bool = False) -> Dict[str, int]:
        """Adds new problems and updates changed ones (by problem_id), all in one transaction: all of it or
        nothing. A bad row raises ``InputError`` with nothing written (``keep_going=True``: the good rows are
        imported). ``by`` (default: the login name) is recorded with each change. Returns the counts ``added``,
        ``changed``, ``unchanged`` and ``events``."""
        out = self._store.import_table(_problems(problems), by or getpass.getuser(), keep_going)
        _raise_first(problems, out.pop("errors"), "problem", keep_going)
        return dict(out)

    def set(self, problem_id: str, fields: Optional[Dict[str, Any]] = None, *, by: Optional[str] = None,
            **more: Any) -> int:
        """Changes fields of one problem (``store.set("P7", rectified_on="2021-05-20")``, or a dict, where Chinese
        headers may be keys; None or "" clears a field), in one transaction. Unknown problem: ``NotFoundError``;
        unknown field or a value that makes the problem invalid: ``InputError``; the store unchanged then.
        Returns how many fields changed."""
        items = {**(fields or {}), **more}

        def text(value: Any) -> str:
            if value is None or (isinstance(value, float) and value != value):
                return ""
            if isinstance(value, bool):
                return "1" if value else "0"
            if isinstance(value, (dt.date, pd.Timestamp)):
                return value.strftime("%Y-%m-%d")
            return str(value)

        return self._store.set(problem_id, [(k, text(v)) for k, v in items.items()], by or getpass.getuser())

    def frame(self, recorded_at: Optional[str] = None) -> pd.DataFrame:
        """The stored ledger (as ``zhifa ledger export`` writes it), or as it was recorded at ``recorded_at``
        ("2021-05-10", the end of that day; "2021-05-10T18:00"; UTC unless an offset follows: "+08:00")."""
        return _frame(self._store.export_csv(recorded_at))

    def as_of(self, date: DateLike, recorded_at: Optional[str] = None) -> pd.DataFrame:
        """The ledger as it stood on ``date`` (``ledger_on``): problems found by then, later facts left empty."""
        return _frame(_zhifa.ledger_on_table(self._store.export_csv(recorded_at), date, self.registry))

    def check(self, as_of: DateLike = None, submissions: Optional[pd.DataFrame] = None, *,
              recorded_at: Optional[str] = None, settings: Optional["_zhifa.LedgerSettings"] = None) -> pd.DataFrame:
        """check_ledger of the stored ledger (``row`` is the problem's index in ``frame()``)."""
        return check_ledger(self.frame(recorded_at), submissions, as_of, settings=settings, registry=self.registry)

    def status(self, as_of: DateLike = None, submissions: Optional[pd.DataFrame] = None, *,
               recorded_at: Optional[str] = None, settings: Optional["_zhifa.LedgerSettings"] = None) -> pd.DataFrame:
        """ledger_status of the stored ledger."""
        return ledger_status(self.frame(recorded_at), submissions, as_of, settings=settings, registry=self.registry)

    def history(self, problem_id: Optional[str] = None) -> pd.DataFrame:
        """Every recorded change, of one problem or all, in order: ``seq``, ``at`` (UTC, a Timestamp), ``by``,
        ``problem_id``, ``field`` ("*" for a problem added whole), ``old``, ``new`` (None for none)."""
        df = pd.DataFrame(self._store.history(problem_id), columns=_EVENT_COLUMNS)
        df["at"] = pd.to_datetime(df["at"], utc=True)
        return df

    def verify(self) -> None:
        """Raises ``Error`` when SQLite's integrity check fails or the ledger is not what its history replays."""
        self._store.verify()

    def __repr__(self) -> str:
        return f"LedgerStore({self.path!r})"

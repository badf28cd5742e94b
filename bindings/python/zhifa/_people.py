"""People and organization from pandas (三(一), 三(二)): check_people, people_units, training_rank,
check_townships and check_joint.

The officer register is a DataFrame with the columns of ``zhifa.OFFICER_COLUMNS`` (English or Chinese headers);
cases are aggregate_cases' case frames with the optional columns ``investigators``, ``decided_by`` and
``reviewed_by`` (officer ids joined with ``|``, or lists). Dates may be ``datetime64`` columns, ``datetime.date``
values or text. Every rule runs in the C++ core (docs/model.md, "People and organization").
"""

from __future__ import annotations

import datetime as dt
from typing import Any, List, Optional, Tuple, Union

import pandas as pd

from . import _zhifa
from ._cases import _case_table, _check_frame, _frame_table
from ._errors import InputError, UsageError

#: Officer register columns: English name -> (Chinese header, required).
OFFICER_COLUMNS = {name: (zh, required) for name, zh, required in _zhifa.officer_columns()}

_FINDINGS = ["source", "row", "id", "unit", "rule", "clause", "message", "message_en"]
_UNITS = ["unit_code", "unit", "enforcement", "legal_review", "auxiliary", "certified", "must_train",
          "trained_by_deadline", "deadline", "excellent", "good", "poor", "ungraded", "legal_qualification",
          "financed_posts", "findings"]
_RANK = ["rank", "unit_code", "unit", "officers", "completed", "military", "disciplined", "examined", "passed",
         "score"]

DateLike = Union[dt.date, str, "pd.Timestamp", None]


_LIST_COLUMNS = ("investigators", "decided_by", "reviewed_by", "调查人员", "决定人", "审核人", "requested", "配合单位")


def _lists_joined(df: Optional[pd.DataFrame], what: str) -> Optional[pd.DataFrame]:
    """df with its lists of ids written as "a|b" (as a CSV holds them); None for no frame."""
    if df is None:
        return None
    _check_frame(df, what)
    # (A label given to two columns is left as it is: the reader names the repeated header.)
    joined = {column: df[column].map(lambda v: "|".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
              for column in _LIST_COLUMNS
              if column in df and isinstance(df[column], pd.Series) and df[column].dtype == object}
    return df.assign(**joined) if joined else df


def _table(df: Optional[pd.DataFrame], what: str) -> Optional[Tuple[Any, ...]]:
    """df as the C++ table readers take it (_frame_table); None for no frame."""
    return _frame_table(_lists_joined(df, what), what)


def _required(df: Any, what: str) -> Tuple[Any, ...]:
    if df is None:
        raise UsageError(f"{what}: expected a pandas DataFrame, not None")
    return _table(df, what)


def _bad_rows(df: Optional[pd.DataFrame], errors: List[Any], what: str, keep_going: bool) -> List[str]:
    """The bad rows as text (index labels); raises InputError for the first unless keep_going."""
    if df is None:
        return []
    labelled = [(df.index[line - 2], column, message) for line, column, message, _ in errors]
    # One error per row is enough to refuse it; every one is listed.
    if labelled and not keep_going:
        label, column, message = labelled[0]
        more = f" (and {len(labelled) - 1} more; keep_going=True leaves bad rows out)" if len(labelled) > 1 else ""
        raise InputError(f"{what} row {label!r}" + (f", column {column}" if column else "") + f": {message}{more}",
                         label, column or None)
    return [f"{what} row {label!r}" + (f", column {column}" if column else "") + f": {message}"
            for label, column, message in labelled]


def _today(as_of: DateLike) -> Any:
    return dt.date.today() if as_of is None else as_of


def _findings(rows: List[Any], source: str, df: Optional[pd.DataFrame]) -> List[Any]:
    return [(source, (df.index[line - 2] if df is not None and line > 0 else None), pid or None, unit, rule, clause,
             zh, en) for line, pid, unit, rule, clause, zh, en in rows]


def check_people(officers: pd.DataFrame, cases: Optional[pd.DataFrame] = None, as_of: DateLike = None, *,
                 settings: Optional["_zhifa.PeopleSettings"] = None, keep_going: bool = False,
                 registry: Optional["_zhifa.Registry"] = None) -> pd.DataFrame:
    """The findings of the officer register on ``as_of`` (default: today) — ``no_certificate``,
    ``no_training_certificate``, ``professional_hours``, ``public_law_days``, ``exam_failed_certificate``,
    ``training_late`` — and, with ``cases``, of each case against the register as it stood on its filing date:
    ``two_officers``, ``auxiliary_role``, ``uncertified_enforcement``, ``unknown_officer``.

    Columns ``source`` ("officer" or "case"), ``row`` (the record's index label in its frame), ``id``
    (officer_id or case_id), ``unit`` (as the plan prints it), ``rule``, ``clause``, ``message``, ``message_en``.
    A bad row raises ``InputError`` (``.row``, ``.column``); with ``keep_going=True`` it is left out and listed in
    ``result.attrs["errors"]``. ``registry`` resolves the units (a ``zhifa.Registry``; the built-in 2021 one by
    default), here and in the other people and organization functions."""
    out = _zhifa.check_people_table(_required(officers, "officers"),
                                    _case_table(_lists_joined(cases, "cases"), "cases"), _today(as_of), settings,
                                    registry)
    errors = (_bad_rows(officers, out["officer_errors"], "officer", keep_going)
              + _bad_rows(cases, out["case_errors"], "case", keep_going))
    rows = _findings(out["officer_findings"], "officer", officers) + _findings(out["case_findings"], "case", cases)
    result = pd.DataFrame(rows, columns=_FINDINGS)
    result["row"] = pd.Series([r[1] for r in rows], dtype=object)
    result.attrs["errors"] = errors
    return result


def people_units(officers: pd.DataFrame, as_of: DateLike = None, *,
                 settings: Optional["_zhifa.PeopleSettings"] = None, keep_going: bool = False,
                 registry: Optional["_zhifa.Registry"] = None) -> pd.DataFrame:
    """Per unit of the registry (the plan's 53 by default; and a last 合计 row) on ``as_of``: headcount by post,
    ``certified`` (enforcement and legal-review officers with a valid certificate), ``must_train`` and
    ``trained_by_deadline`` (the rotation done by the unit's ``deadline``: 04-30 for townships; the as-of date where
    the settings give none), grades, ``legal_qualification``, ``financed_posts`` (3.1.3(1): 10% of the posts, rounded
    as the settings say) and the number of ``findings``; ``certified_percent`` and ``trained_percent`` as floats
    (NaN when there is nobody). ``registry=``: as for check_people."""
    out = _zhifa.check_people_table(_required(officers, "officers"), None, _today(as_of), settings, registry)
    errors = _bad_rows(officers, out["officer_errors"], "officer", keep_going)
    overall = list(out["overall"])
    overall[1] = "合计"
    result = pd.DataFrame([*out["units"], tuple(overall)], columns=_UNITS)
    posts = result["enforcement"] + result["legal_review"]
    result.insert(6, "certified_percent", (100 * result["certified"] / posts.where(posts > 0)).round(2))
    result.insert(9, "trained_percent",
                  (100 * result["trained_by_deadline"] / result["must_train"].where(result["must_train"] > 0)).round(2))
    result.attrs["errors"] = errors
    return result


def training_rank(officers: pd.DataFrame, as_of: DateLike = None, *,
                  settings: Optional["_zhifa.PeopleSettings"] = None, keep_going: bool = False,
                  registry: Optional["_zhifa.Registry"] = None) -> pd.DataFrame:
    """The units ranked by training on ``as_of`` (3.1.2(2) 排名通报): per unit with officers on enforcement or
    legal-review posts, how many completed the rotation, met the military days, had no discipline violation
    (None when the register has no ``discipline_violations`` column — then left out of the score, the other
    weights scaled to 100: ``result.attrs["discipline_known"]``), were examined and passed; ``score``
    (``decimal.Decimal``, 0-100) and ``rank`` (equal scores share a rank). ``registry=``: as for check_people."""
    out = _zhifa.training_rank_table(_required(officers, "officers"), _today(as_of), settings, registry)
    errors = _bad_rows(officers, out["errors"], "officer", keep_going)
    result = pd.DataFrame(out["rows"], columns=_RANK)
    result.attrs.update(discipline_known=out["discipline_known"], errors=errors)
    return result


def check_townships(checklist: pd.DataFrame, *, keep_going: bool = False,
                    registry: Optional["_zhifa.Registry"] = None) -> pd.DataFrame:
    """The missing items of the townships' checklist (3.1.1(3) squads, 3.2.1 coordination centres; one row per
    township; ``zhifa.townships_template()`` is the empty template): ``row``, ``unit``, ``rule``
    (``squad_<item>``, ``centre_<item>``, ``township_missing``), ``clause``, ``message``, ``message_en``.
    ``registry=``: as for check_people (the template is the built-in registry's)."""
    out = _zhifa.check_townships_table(_required(checklist, "checklist"), registry)
    errors = _bad_rows(checklist, out["errors"], "checklist", keep_going)
    rows = [r[1:] for r in _findings(out["findings"], "township", checklist)]
    result = pd.DataFrame(rows, columns=_FINDINGS[1:]).drop(columns=["id"])
    result.attrs["errors"] = errors
    return result


def townships_template() -> pd.DataFrame:
    """The townships' checklist to fill in: the 22 townships, every item empty (Chinese headers)."""
    import io
    return pd.read_csv(io.StringIO(_zhifa.townships_template()), dtype=str, keep_default_na=False)


def check_joint(requests: pd.DataFrame, responses: Optional[pd.DataFrame] = None,
                distances: Optional[pd.DataFrame] = None, *, keep_going: bool = False,
                registry: Optional["_zhifa.Registry"] = None) -> pd.DataFrame:
    """Joint-enforcement findings (3.2.3): ``joint_no_basis``, ``joint_not_filed``, ``joint_wrong_lead``,
    ``joint_refused`` and, with ``distances`` (``from, to, km`` between townships), ``joint_not_nearest``.
    Columns ``row`` (the request's index label), ``request_id``, ``unit`` (the initiator), ``rule``, ``clause``,
    ``message``, ``message_en``. ``registry=``: as for check_people."""
    out = _zhifa.check_joint_table(_required(requests, "requests"), _table(responses, "responses"),
                                   _table(distances, "distances"), registry)
    errors = (_bad_rows(requests, out["errors"], "request", keep_going)
              + _bad_rows(responses, out["response_errors"], "response", keep_going))
    rows = [r[1:] for r in _findings(out["findings"], "request", requests)]
    result = pd.DataFrame(rows, columns=_FINDINGS[1:]).rename(columns={"id": "request_id"})
    result.attrs["errors"] = errors
    return result

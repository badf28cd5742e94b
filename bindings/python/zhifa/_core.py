"""Rule sets, rule books, scorecards and one-row scoring (the C++ core with Pythonic types).

Every data-backed type is made the same three ways: ``builtin()`` (what zhifa ships), ``from_file(path)`` (a
FileMissingError naming the path when it cannot be read) and ``from_text(text)``. Nothing guesses whether a
string is a path or a document.
"""

from __future__ import annotations

import json
import math
import os
import warnings
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, Dict, List, Optional, Tuple, Union

from . import _zhifa
from ._errors import InputError, NotFoundError, UsageError

RuleSet = _zhifa.RuleSet
RuleBook = _zhifa.RuleBook
Scorecard = _zhifa.Scorecard
Unit = _zhifa.Unit
Registry = _zhifa.Registry
Plan = _zhifa.Plan
WorkCalendar = _zhifa.WorkCalendar
Phase = _zhifa.Phase
Milestone = _zhifa.Milestone
CaseSettings = _zhifa.CaseSettings
LedgerSettings = _zhifa.LedgerSettings
PeopleSettings = _zhifa.PeopleSettings

def set_max_toml_bytes(limit: int) -> None:
    """Sets the largest TOML document every loader reads (rule sets, registries, plans, work calendars,
    settings), in bytes; 0 restores the default of 16 MiB. The limit can be raised, not lowered (an
    InputError). Process-wide (the CLI's ``zhifa --max-toml-bytes``); a Dask or multiprocessing worker is
    another process and needs its own call."""
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise UsageError(f"set_max_toml_bytes: expected a whole number of bytes >= 0, got {limit!r}")
    _zhifa.set_max_toml_bytes(limit)


def max_toml_bytes() -> int:
    """The largest TOML document the loaders read, in bytes (16 MiB = 16,777,216 unless raised)."""
    return _zhifa.max_toml_bytes()

RulesLike = Union["_zhifa.RuleSet", "_zhifa.RuleBook", str, os.PathLike, None]


def _guessing(cls: Any, what: str) -> Any:
    def from_toml(path_or_text: Union[str, os.PathLike]) -> Any:
        warnings.warn(f"{cls.__name__}.from_toml guesses whether it got a path or a document; use "
                      f"{cls.__name__}.from_file(path) or {cls.__name__}.from_text(text)", DeprecationWarning,
                      stacklevel=2)
        if isinstance(path_or_text, os.PathLike) or ("\n" not in path_or_text and os.path.isfile(path_or_text)):
            return cls.from_file(os.fspath(path_or_text))
        return cls.from_text(path_or_text, "<string>")

    from_toml.__doc__ = f"Deprecated: {cls.__name__}.from_file(path) or .from_text(text) instead ({what})."
    return staticmethod(from_toml)


def _path_method(cls: Any) -> Any:
    """from_file that takes any os.PathLike too."""
    native = cls.from_file

    def from_file(path: Union[str, os.PathLike]) -> Any:
        return native(os.fspath(path))

    from_file.__doc__ = native.__doc__
    return staticmethod(from_file)


for _cls, _what in ((RuleSet, "rule set"), (Plan, "plan"), (WorkCalendar, "work calendar"), (Registry, "registry"),
                    (CaseSettings, "case settings"), (LedgerSettings, "ledger settings"),
                    (PeopleSettings, "people settings")):
    _cls.from_toml = _guessing(_cls, _what)
    _cls.from_file = _path_method(_cls)

RuleSet.__repr__ = lambda self: f"RuleSet(id={self.id!r}, digest={self.digest[:19]}…)"
RuleBook.__repr__ = lambda self: f"RuleBook([{', '.join(s.id for s in self.sets)}])"


def _plan_to_ics(self: "_zhifa.Plan", year: Optional[int] = None, work: Optional["_zhifa.WorkCalendar"] = None,
                 lang: str = "zh") -> str:
    """The year's milestones, monthly meetings and case-file reviews as an RFC 5545 iCalendar document (default
    year: the plan's first milestone's; default work calendar: the built-in one, 2019-2026). Raises
    ``CoverageError`` when the work calendar has no data for the year."""
    year = year or self.milestones()[0].date.year
    return self._to_ics(year, work or WorkCalendar.builtin(), lang)


def _plan_events(self: "_zhifa.Plan", year: Optional[int] = None,
                 work: Optional["_zhifa.WorkCalendar"] = None) -> List[Dict[str, Any]]:
    """The year's dated duties (milestones, monthly meetings from the month after the plan was issued,
    case-file reviews) as dicts with ``date`` (datetime.date), ``kind``, ``name``, ``name_en``, ``clause``,
    ``uid``, in date order. Raises ``CoverageError`` when the work calendar has no data for the year."""
    year = year or self.milestones()[0].date.year
    return self._events(year, work or WorkCalendar.builtin())


Plan.to_ics = _plan_to_ics
Plan.events = _plan_events


def resolve_rules(rules: RulesLike) -> "_zhifa.RuleBook":
    """Any accepted ``rules`` argument as a RuleBook: None is the built-in book; a RuleSet is a book of one; a
    str is a built-in id or the path of a rule file; a path is a rule file. Anything else: NotFoundError naming
    the built-in ids (for a str that is neither) or TypeError."""
    if rules is None:
        return _zhifa.RuleBook.builtin()
    if isinstance(rules, _zhifa.RuleBook):
        return rules
    if isinstance(rules, _zhifa.RuleSet):
        return _zhifa.RuleBook([rules])
    if isinstance(rules, str) and rules in _zhifa.RuleSet.builtin_ids():
        return _zhifa.RuleBook([_zhifa.RuleSet.builtin(rules)])
    if isinstance(rules, os.PathLike) or (isinstance(rules, str) and os.path.exists(rules)):
        return _zhifa.RuleBook([RuleSet.from_file(rules)])
    if isinstance(rules, str):
        raise NotFoundError(f"rules={rules!r}: no built-in rule set of that id ({', '.join(_zhifa.RuleSet.builtin_ids())})"
                            f" and no such file; for TOML text use zhifa.RuleSet.from_text(text)")
    raise UsageError(f"rules must be a RuleSet, RuleBook, built-in id or rule-file path, not {type(rules).__name__}")


def resolve_one_rule_set(rules: RulesLike, why: str) -> "_zhifa.RuleSet":
    """The one rule set `rules` stands for; InputError when it is a book of several (`why` says what needs one)."""
    if isinstance(rules, _zhifa.RuleSet):
        return rules
    if rules is None:
        return _zhifa.RuleSet.builtin()
    book = resolve_rules(rules)
    if len(book.sets) != 1:
        raise InputError(f"{why} needs one rule set, not a book of {len(book.sets)}", None, "rules")
    return book.sets[0]


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        import pandas as pd  # optional here

        if value is pd.NA or value is pd.NaT:
            return True
    except ImportError:  # pragma: no cover
        pass
    return isinstance(value, float) and math.isnan(value) or (hasattr(value, "dtype") and value != value)


def coerce_count(value: Any, name: str) -> Tuple[Optional[int], Optional[str]]:
    """One count cell as every path reads it: (value, None), (None, None) when missing, or (None, why).

    Missing: None, NaN, pandas.NA, empty text. Whole numbers: int, numpy integers, whole floats (300.0), and text as the
    CSV readers read it ("300", "300.0", "1,300", full-width digits). Not: booleans, 300.5, other text."""
    if _missing(value):
        return None, None
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return None, f"{value!r} is not a whole number"
    if isinstance(value, int) or (hasattr(value, "dtype") and getattr(value.dtype, "kind", "") in "iu"):
        return int(value), None
    if isinstance(value, float) or (hasattr(value, "dtype") and getattr(value.dtype, "kind", "") == "f"):
        f = float(value)
        return (int(f), None) if f.is_integer() else (None, f"{value!r} is not a whole number")
    if isinstance(value, str):
        if not value.strip():
            return None, None  # an empty cell: missing, as in a CSV file
        parsed, why = _zhifa.parse_whole(value)
        return (parsed, None) if why is None else (None, f"\"{value}\" {why}")
    return None, f"{value!r} is not a whole number"


@dataclass(frozen=True)
class Deduction:
    """One deduction as applied: ``count`` × ``points_per_case`` (capped at the rule's max)."""

    column: str
    count: int
    points_per_case: Decimal
    amount: Decimal
    capped: bool
    clause: str


@dataclass(frozen=True)
class IndicatorScore:
    """One indicator of a scorecard.

    ``rate`` is the exact ratio (``Fraction(715, 793)``), None when the denominator is 0 (not applicable);
    ``rate_percent`` is it as a percentage rounded per the rule set; ``points`` the final points (None when the
    indicator is excluded from the total); ``base_points`` the exact points before deductions.
    """

    key: str
    name: str
    name_en: str
    clause: str
    weight: Decimal
    numerator: str
    denominator: str
    applicable: bool
    excluded: bool
    rate: Optional[Fraction]
    rate_percent: Optional[Decimal]
    rate_capped: bool
    base_points: Optional[Fraction]
    deductions: List[Deduction] = field(default_factory=list)
    floored: bool = False
    points: Optional[Decimal] = None


def _indicators(self: "_zhifa.Scorecard") -> Dict[str, IndicatorScore]:
    out: Dict[str, IndicatorScore] = {}
    for d in self._indicator_dicts():
        d = dict(d)
        d["deductions"] = [Deduction(**x) for x in d["deductions"]]
        out[d["key"]] = IndicatorScore(**d)
    return out


def _to_dict(self: "_zhifa.Scorecard", explanation: bool = False) -> Dict[str, Any]:
    """The scorecard as plain JSON-compatible data (exact values as strings), as ``to_json`` writes it."""
    return json.loads(self.to_json(explanation))


def _scorecard_repr(self: "_zhifa.Scorecard") -> str:
    return f"Scorecard(unit={self.unit!r}, period={self.period!r}, total={self.total}, rank={self.rank})"


Scorecard.indicators = property(_indicators, doc="Indicator scores by key, in rule-set order.")
Scorecard.to_dict = _to_dict
Scorecard.__repr__ = _scorecard_repr


def resolve_unit(name: str, registry: Optional["_zhifa.Registry"] = None) -> "_zhifa.Unit":
    """The registry unit for a code, printed name, official name or alias (``'县市场监督管理局'`` → 市场监管局).

    Raises ``zhifa.UnknownUnitError`` (an InputError and a KeyError) for a name the registry does not know."""
    return (registry or _zhifa.Registry.builtin()).resolve(str(name))


def score(unit: Union[str, "_zhifa.Unit"], period: Any, rules: RulesLike = None, *,
          apply_to_all_periods: bool = False, registry: Optional["_zhifa.Registry"] = None,
          **counts: Any) -> "_zhifa.Scorecard":
    """Scores one unit's counts for one period, as ``score_frame`` scores a row.

    ``unit`` is a name, code, alias or ``Unit`` (a sub-unit is scored as its parent); ``period`` is ``2021``,
    ``'2021-H1'``, ``'2021-Q2'``, ``'2021-05'``, ``'2021年'``, ``2021.0`` or a ``pandas.Period``; ``counts`` are
    the 13 columns by English name (``filed=793``) or Chinese header (``**{'立案数量': 793}``), each an int, a
    whole float (``300.0``), numeric text (``"300"``) or missing (None/NaN; only ``enforcement_cases`` may be).
    ``rules`` defaults to the built-in book, which picks the set in force on the period's start; a RuleSet not
    in force then raises ``CoverageError`` unless ``apply_to_all_periods=True`` (the card is then marked
    ``ruleset_outside_dates``).

    Raises ``InputError`` naming the column for a missing or invalid count, ``UnknownUnitError`` for an unknown
    unit, ``CoverageError`` for a period no rule set covers.

    >>> card = score("涅阳街道", 2021, should_file=800, filed=793, closed=715, overdue=0, leader_unfulfilled=0,
    ...              executed=700, court_refused=1, penalized=650, missed_penalty=0, sued=1, judgments=1,
    ...              judgments_won=1)
    >>> card.total
    Decimal('92.01')
    """
    u = unit if isinstance(unit, _zhifa.Unit) else resolve_unit(unit, registry)
    if apply_to_all_periods:
        rule_set = resolve_one_rule_set(rules, "apply_to_all_periods")
    elif isinstance(rules, _zhifa.RuleSet):
        rule_set = rules
    else:
        rule_set = resolve_rules(rules).select(period)
    clean: Dict[str, Optional[int]] = {}
    for key, value in counts.items():
        parsed, why = coerce_count(value, key)
        if why is not None:
            raise InputError(f"{key}: {why}", None, key)
        clean[key] = parsed
    return _zhifa.score_one(rule_set, u, period, clean, apply_to_all_periods, registry)


def columns() -> List[tuple]:
    """The 13 count columns as (English name, Chinese header) pairs, in canonical order."""
    return [tuple(c) for c in _zhifa.columns()]


def sample_csv() -> bytes:
    """The bundled SYNTHETIC sample ``data/sample/zhenping-2021.csv`` (UTF-8 bytes)."""
    return _zhifa.bundled_sample_csv()

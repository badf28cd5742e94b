"""Rule sets, rule books, scorecards and one-row scoring (the C++ core with Pythonic types)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, Dict, List, Optional, Union

from . import _zhifa
from ._errors import InputError

RuleSet = _zhifa.RuleSet
RuleBook = _zhifa.RuleBook
Scorecard = _zhifa.Scorecard
Unit = _zhifa.Unit

RulesLike = Union["_zhifa.RuleSet", "_zhifa.RuleBook", str, os.PathLike, None]


def _ruleset_from_toml(path_or_text: Union[str, os.PathLike]) -> "_zhifa.RuleSet":
    """A rule set from a TOML file path or TOML text.

    A ``pathlib.Path`` (any ``os.PathLike``) is always a path; a ``str`` is a path when a file of that name
    exists, else TOML text. Raises ``zhifa.InputError`` naming file, line and key for an invalid set.
    """
    if isinstance(path_or_text, os.PathLike) or ("\n" not in path_or_text and os.path.isfile(path_or_text)):
        return _zhifa.RuleSet.from_file(os.fspath(path_or_text))
    return _zhifa.RuleSet.from_text(path_or_text, "<string>")


def _ruleset_repr(self: "_zhifa.RuleSet") -> str:
    return f"RuleSet(id={self.id!r}, digest={self.digest[:19]}…)"


RuleSet.from_toml = staticmethod(_ruleset_from_toml)

Plan = _zhifa.Plan
WorkCalendar = _zhifa.WorkCalendar
Phase = _zhifa.Phase
Milestone = _zhifa.Milestone


def _from_toml(cls: Any, what: str) -> Any:
    def load(path_or_text: Union[str, os.PathLike]) -> Any:
        if isinstance(path_or_text, os.PathLike) or ("\n" not in path_or_text and os.path.isfile(path_or_text)):
            return cls.from_file(os.fspath(path_or_text))
        return cls.from_text(path_or_text, "<string>")

    load.__doc__ = f"""A {what} from a TOML file path or TOML text (a str is a path when such a file exists).
    Raises zhifa.InputError naming file, line and key for an invalid file."""
    return staticmethod(load)


Plan.from_toml = _from_toml(Plan, "plan")
WorkCalendar.from_toml = _from_toml(WorkCalendar, "work calendar")


def _plan_to_ics(self: "_zhifa.Plan", year: Optional[int] = None, work: Optional["_zhifa.WorkCalendar"] = None) -> str:
    """The year's milestones, monthly meetings and case-file reviews as an RFC 5545 iCalendar document (default
    year: the plan's first milestone's; default work calendar: zhifa's built-in one for that year)."""
    year = year or self.milestones()[0].date.year
    return self._to_ics(year, work or WorkCalendar.china(year))


def _plan_events(self: "_zhifa.Plan", year: Optional[int] = None,
                 work: Optional["_zhifa.WorkCalendar"] = None) -> List[Dict[str, Any]]:
    """The year's dated duties (milestones, monthly meetings, case-file reviews) as dicts with ``date``
    (datetime.date), ``kind``, ``name``, ``name_en``, ``clause``, ``uid``, in date order."""
    year = year or self.milestones()[0].date.year
    return self._events(year, work or WorkCalendar.china(year))


Plan.to_ics = _plan_to_ics
Plan.events = _plan_events
RuleSet.__repr__ = _ruleset_repr
RuleBook.__repr__ = lambda self: f"RuleBook([{', '.join(s.id for s in self.sets)}])"


_builtin_selection: Dict[str, "_zhifa.RuleSet"] = {}  # period -> built-in set in force (the book is immutable)


def _select(rules: RulesLike, period: Union[str, int]) -> "_zhifa.RuleSet":
    if rules is None:
        key = str(period)
        if key not in _builtin_selection:
            _builtin_selection[key] = _zhifa.RuleBook.builtin().select(period)
        return _builtin_selection[key]
    if isinstance(rules, _zhifa.RuleSet):
        return rules
    return resolve_rules(rules).select(period)


def resolve_rules(rules: RulesLike) -> "_zhifa.RuleBook":
    """Any accepted ``rules`` argument as a RuleBook: None is the built-in book; a RuleSet is a book of one; a
    str is a built-in id or a TOML path; a path is a TOML file."""
    if rules is None:
        return _zhifa.RuleBook.builtin()
    if isinstance(rules, _zhifa.RuleBook):
        return rules
    if isinstance(rules, _zhifa.RuleSet):
        return _zhifa.RuleBook([rules])
    if isinstance(rules, str) and rules in _zhifa.RuleSet.builtin_ids():
        return _zhifa.RuleBook([_zhifa.RuleSet.builtin(rules)])
    if isinstance(rules, (str, os.PathLike)):
        return _zhifa.RuleBook([_ruleset_from_toml(rules)])
    raise TypeError(f"rules must be a RuleSet, RuleBook, built-in id or TOML path, not {type(rules).__name__}")


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


def resolve_unit(name: str) -> "_zhifa.Unit":
    """The registry unit for a code, printed name, official name or alias (``'县市场监督管理局'`` → 市场监管局).

    Raises ``zhifa.UnknownUnitError`` (a KeyError) for a name the registry does not know.
    """
    return _zhifa.Registry.builtin().resolve(str(name))


def score(unit: Union[str, "_zhifa.Unit"], period: Union[str, int], rules: RulesLike = None,
          **counts: Optional[int]) -> "_zhifa.Scorecard":
    """Scores one unit's counts for one period.

    ``unit`` is a name, code or alias (a sub-unit is scored as its parent); ``period`` is ``2021``,
    ``'2021-H1'``, ``'2021-Q2'`` or ``'2021-05'``; ``counts`` are the 13 columns by English name
    (``filed=793``) or Chinese header (``**{'立案数量': 793}``); ``enforcement_cases`` may be left out.
    ``rules`` defaults to the built-in book, which picks the set in force on the period's start.

    Raises ``InputError`` naming the column for a missing or invalid count, ``UnknownUnitError`` for an
    unknown unit.

    >>> card = score("涅阳街道", 2021, should_file=800, filed=793, closed=715, overdue=0, leader_unfulfilled=0,
    ...              executed=700, court_refused=1, penalized=650, missed_penalty=0, sued=1, judgments=1,
    ...              judgments_won=1)
    >>> card.total
    Decimal('92.01')
    """
    u = unit if isinstance(unit, _zhifa.Unit) else resolve_unit(unit)
    rule_set = _select(rules, period)
    for key, value in counts.items():
        if value is not None and not isinstance(value, int):
            try:
                import numpy as np  # numpy integers are fine

                if isinstance(value, np.integer):
                    counts[key] = int(value)
                    continue
            except ImportError:  # pragma: no cover
                pass
            raise InputError(f"{key}: {value!r} is not a whole number", None, key)
    return _zhifa.score_one(rule_set, u, period, counts)


def columns() -> List[tuple]:
    """The 13 count columns as (English name, Chinese header) pairs, in canonical order."""
    return [tuple(c) for c in _zhifa.columns()]


def sample_csv() -> bytes:
    """The bundled SYNTHETIC sample ``data/sample/zhenping-2021.csv`` (UTF-8 bytes)."""
    return _zhifa.bundled_sample_csv()


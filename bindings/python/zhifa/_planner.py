"""What it would take (整改 planning): the fewest case actions that lift a unit to a target total or rank, what-if
changes to its counts, and what one more of each action is worth now.

The C++ planner (include/zhifa/planner.h, docs/planner.md) does the search, exactly; this module gives it
scorecards and frames. The actions: ``file`` (新立案: filed + 1, enforcement_cases + 1), ``close`` (办结: closed + 1),
``execute`` (执行: executed + 1), ``penalize_missed`` (对应处罚未处罚案件作出处罚: penalized + 1, missed_penalty − 1),
``fulfil`` (落实县领导交办: leader_unfulfilled − 1). ``file`` is limited to the quota gap (should_file − filed)
unless ``max_file`` says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Dict, Iterable, List, Mapping, Optional, Union

import pandas as pd

from . import _zhifa
from ._core import RulesLike, resolve_unit, score
from ._errors import InputError, UsageError
from ._frame import _map_columns, _period_text, score_frame

ACTIONS = ("file", "close", "execute", "penalize_missed", "fulfil")

ActionsLike = Union[None, str, Iterable[str]]
CostLike = Union[None, str, Mapping[str, int]]


def _actions_text(actions: ActionsLike) -> str:
    if actions is None:
        return ""
    if isinstance(actions, str):
        return actions
    return ",".join(str(a) for a in actions)


def _cost_text(cost: CostLike) -> str:
    if cost is None:
        return ""
    if isinstance(cost, str):
        return cost
    return ",".join(f"{k}={v}" for k, v in cost.items())


def _rank_among(total: Decimal, others: Iterable[Decimal]) -> int:
    """1 + how many others have a higher total (ties share a rank, as ``score_frame`` ranks)."""
    return 1 + sum(1 for t in others if t > total)


def _beside(before: "_zhifa.Scorecard", after: "_zhifa.Scorecard") -> pd.DataFrame:
    rows = []
    for key, b in before.indicators.items():
        a = after.indicators[key]
        rows.append({"indicator": key, "name": b.name, "rate_before": b.rate_percent, "points_before": b.points,
                     "rate_after": a.rate_percent, "points_after": a.points,
                     "change": None if a.points is None or b.points is None else a.points - b.points})
    rows.append({"indicator": "total", "name": "总分", "rate_before": None, "points_before": before.total,
                 "rate_after": None, "points_after": after.total, "change": after.total - before.total})
    return pd.DataFrame(rows).set_index("indicator")


@dataclass(frozen=True)
class ActionPlan:
    """The cheapest plan that lifts a unit to ``target`` (when ``reachable``; otherwise the cheapest that reaches
    ``max_total``, the best the allowed actions can do). ``actions`` and ``contribution`` are keyed by action
    name; a contribution is what the action adds when the plan is carried out in the order file, close, execute,
    penalize_missed, fulfil. ``rank_before``/``rank_after`` are set when the plan was made against other units."""

    unit: str
    period: str
    target: Decimal
    reachable: bool
    actions: Dict[str, int]
    cost: int
    total_before: Decimal
    total_after: Decimal
    max_total: Decimal
    contribution: Dict[str, Decimal]
    explanation: str
    explanation_en: str
    before: "_zhifa.Scorecard" = field(repr=False)
    after: "_zhifa.Scorecard" = field(repr=False)
    rank_before: Optional[int] = None
    rank_after: Optional[int] = None

    def table(self) -> pd.DataFrame:
        """The scorecard before and after, indicator by indicator (rates as Decimal percentages, points as
        Decimal), with the total last."""
        return _beside(self.before, self.after)

    def to_dict(self) -> Dict[str, Any]:
        """The CLI's JSON fields: unit, period, reachable, actions, total_before, total_after, max_total,
        explanation (and the rest of this plan's fields, scorecards left out)."""
        return {k: getattr(self, k) for k in ("unit", "period", "target", "reachable", "actions", "cost",
                                              "total_before", "total_after", "max_total", "contribution",
                                              "explanation", "explanation_en", "rank_before", "rank_after")}


@dataclass(frozen=True)
class WhatIf:
    """A unit's scorecard before and after changes to its counts; ranks when made against other units."""

    unit: str
    period: str
    changes: List[str]
    before: "_zhifa.Scorecard" = field(repr=False)
    after: "_zhifa.Scorecard" = field(repr=False)
    total_before: Decimal = Decimal(0)
    total_after: Decimal = Decimal(0)
    rank_before: Optional[int] = None
    rank_after: Optional[int] = None

    def table(self) -> pd.DataFrame:
        """Indicator by indicator, before and after, with the total last."""
        return _beside(self.before, self.after)


def _card(card: Union["_zhifa.Scorecard", str], period: Any, rules: RulesLike,
          registry: Optional["_zhifa.Registry"], counts: Dict[str, Any]) -> "_zhifa.Scorecard":
    if isinstance(card, _zhifa.Scorecard):
        if period is not None or counts:
            raise InputError("give a Scorecard, or a unit, a period and its counts, not both", None, None)
        return card
    if period is None:
        raise InputError("a unit needs a period and its counts (or pass a Scorecard)", None, "period")
    return score(card, period, rules, registry=registry, **counts)


def _others(scored: Optional[pd.DataFrame], card: "_zhifa.Scorecard", category: bool) -> Optional[List[Decimal]]:
    """Totals of the other units of the card's period in a ``score_frame`` result (within its category)."""
    if scored is None:
        return None
    for col in ("unit_code", "period", "total", "category"):
        if col not in scored.columns:
            raise InputError(f"scored has no {col!r} column: pass the frame score_frame returned", None, col)
    same = scored[(scored["period"].astype(str) == card.period) & (scored["unit_code"] != card.unit_code)]
    if category:
        same = same[same["category"] == card.category]
    if "error" in scored.columns and scored.loc[scored["period"].astype(str) == card.period, "error"].notna().any():
        raise InputError(f"scored has bad rows in period {card.period}: a rank needs every unit scored", None,
                         "scored")
    # repr of a float total is its shortest decimal form: the total as scored (85.125 stays 85.125).
    return [Decimal(repr(float(t))) for t in same["total"]]


def target(card: Union["_zhifa.Scorecard", str], period: Any = None, *, total: Any = None, rank: Optional[int] = None,
           scored: Optional[pd.DataFrame] = None, category: bool = False, actions: ActionsLike = None,
           cost: CostLike = None, max_file: Optional[int] = None, rules: RulesLike = None,
           registry: Optional["_zhifa.Registry"] = None, **counts: Any) -> ActionPlan:
    """The fewest case actions (least total cost) that lift one unit to ``total`` points, or to ``rank`` among the
    other units of ``scored`` (a ``score_frame`` result; within the unit's category when ``category=True``).

    ``card`` is a ``Scorecard`` (from ``score``), or a unit name with ``period`` and the counts as keywords (as
    ``score`` takes them). ``actions`` restricts the actions (``["close", "execute"]`` or ``"close,execute"``),
    ``cost`` prices them (``{"close": 2}``; each 1 by default), ``max_file`` bounds new filings (default: the quota
    gap). The plan is exact under the card's rule set; when the target is out of reach, ``reachable`` is False and
    the plan is the cheapest to ``max_total``.

    >>> card = score("县市场监督管理局", 2021, should_file=100, filed=100, closed=90, overdue=1,
    ...              leader_unfulfilled=1, executed=81, court_refused=0, penalized=60, missed_penalty=2, sued=25,
    ...              judgments=25, judgments_won=16)
    >>> plan = target(card, total=75)
    >>> plan.actions["penalize_missed"], plan.actions["fulfil"], plan.total_after
    (1, 1, Decimal('75.80'))
    """
    c = _card(card, period, rules, registry, counts)
    if (total is None) == (rank is None):
        raise InputError("give total= or rank=", None, "total")
    others = _others(scored, c, category)
    if rank is not None:
        if others is None:
            raise InputError("rank= needs scored= (the score_frame result the rank is among)", None, "scored")
        if int(rank) < 1:
            raise InputError(f"rank {rank} is below 1", None, "rank")
        ordered = sorted(others, reverse=True)
        # With fewer than `rank` others any total has that rank: the unit's own total is the target.
        goal = ordered[int(rank) - 1] if len(ordered) >= int(rank) else c.total
    else:
        goal = Decimal(str(total))
    unit = resolve_unit(c.unit_code, registry)
    p = _zhifa.plan_for_total(c, unit, str(goal), _actions_text(actions), _cost_text(cost), max_file)
    return ActionPlan(unit=c.unit, period=c.period, target=p["target"], reachable=p["reachable"],
                      actions=dict(p["actions"]), cost=p["cost"], total_before=p["total_before"],
                      total_after=p["total_after"], max_total=p["max_total"], contribution=dict(p["contribution"]),
                      explanation=p["explanation_zh"], explanation_en=p["explanation_en"], before=c, after=p["after"],
                      rank_before=None if others is None else _rank_among(c.total, others),
                      rank_after=None if others is None else _rank_among(p["total_after"], others))


def _change_text(column: str, value: Any) -> str:
    if isinstance(value, str):
        return f"{column}={value.strip()}"
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InputError(f"{column}={value!r}: expected a whole number >= 0 (absolute) or text like '+10' or '-2' "
                         "(relative)", None, column)
    return f"{column}={value}"


def what_if(card: Union["_zhifa.Scorecard", str], period: Any = None, *, changes: Optional[Mapping[str, Any]] = None,
            scored: Optional[pd.DataFrame] = None, rules: RulesLike = None,
            registry: Optional["_zhifa.Registry"] = None, **counts: Any) -> WhatIf:
    """A unit's scorecard after ``changes`` to its counts (``{"closed": "+10", "overdue": 0}``: text with a sign is
    relative, a number absolute), beside the one before; with ``scored`` (a ``score_frame`` result) also its rank
    before and after among the other units of its period, the others unchanged.

    >>> card = score("县市场监督管理局", 2021, should_file=100, filed=100, closed=90, overdue=1,
    ...              leader_unfulfilled=1, executed=81, court_refused=0, penalized=60, missed_penalty=2, sued=25,
    ...              judgments=25, judgments_won=16)
    >>> what_if(card, changes={"closed": "+10", "overdue": 0}).total_after
    Decimal('69.80')
    """
    if not changes:
        raise InputError("changes= is empty: give at least one column, e.g. {'closed': '+10'}", None, "changes")
    c = _card(card, period, rules, registry, counts)
    texts = [_change_text(k, v) for k, v in changes.items()]
    after = _zhifa.apply_changes(c, resolve_unit(c.unit_code, registry), texts)
    others = _others(scored, c, False)
    return WhatIf(unit=c.unit, period=c.period, changes=texts, before=c, after=after, total_before=c.total,
                  total_after=after.total,
                  rank_before=None if others is None else _rank_among(c.total, others),
                  rank_after=None if others is None else _rank_among(after.total, others))


def _cards(df: pd.DataFrame, rules: RulesLike, registry: Optional["_zhifa.Registry"]) -> List["_zhifa.Scorecard"]:
    """One scorecard per row of a counts frame (score_frame's input)."""
    if not isinstance(df, pd.DataFrame):
        raise UsageError(f"needs a pandas DataFrame of counts, not {type(df).__name__}")
    found = _map_columns(df)
    count_cols = {k: v for k, v in found.items() if k not in ("unit", "period")}
    cards = []
    for label, row in df.iterrows():
        counts = {k: row[v] for k, v in count_cols.items()}
        try:
            cards.append(score(row[found["unit"]], _period_text(row[found["period"]]), rules, registry=registry,
                               **counts))
        except InputError as e:
            e.row = label
            raise
    return cards


def targets(df: pd.DataFrame, *, total: Any = None, rank: Optional[int] = None, category: bool = False,
            actions: ActionsLike = None, cost: CostLike = None, max_file: Optional[int] = None,
            rules: RulesLike = None, registry: Optional["_zhifa.Registry"] = None) -> pd.DataFrame:
    """``target`` for every row of a counts frame (what ``score_frame`` takes: the plan needs the counts, which a
    scored frame no longer has), each against the others of its period for ``rank``.

    Returns one row per input row (same index): ``unit_code, unit, category, period, target, reachable``, the
    count of each action, ``cost, total_before, total_after, max_total, rank_before, rank_after, explanation``.
    Totals are Decimal. Raises ``InputError`` for a bad row (a plan needs every unit scored)."""
    cards = _cards(df, rules, registry)
    scored = score_frame(df, rules, registry=registry)
    rows = []
    for c in cards:
        plan = target(c, total=total, rank=rank, scored=scored, category=category, actions=actions, cost=cost,
                      max_file=max_file, registry=registry)
        rows.append({"unit_code": c.unit_code, "unit": c.unit, "category": c.category, "period": c.period,
                     "target": plan.target, "reachable": plan.reachable, **plan.actions, "cost": plan.cost,
                     "total_before": plan.total_before, "total_after": plan.total_after,
                     "max_total": plan.max_total, "rank_before": plan.rank_before, "rank_after": plan.rank_after,
                     "explanation": plan.explanation})
    return pd.DataFrame(rows, index=df.index)


def marginals(df: Union[pd.DataFrame, "_zhifa.Scorecard"], *, actions: ActionsLike = None, cost: CostLike = None,
              max_file: Optional[int] = None, rules: RulesLike = None,
              registry: Optional["_zhifa.Registry"] = None) -> pd.DataFrame:
    """What one more of each action is worth now, in points of the total: for a Scorecard, one row per action,
    the cheapest next step first (``action, available, gain, cost, why_not, why_not_zh``); for a counts frame, one row per
    input row with a column per action (None where it is not possible) and ``best_action``/``best_gain``."""
    if isinstance(df, _zhifa.Scorecard):
        unit = resolve_unit(df.unit_code, registry)
        return pd.DataFrame(_zhifa.marginals(df, unit, _actions_text(actions), _cost_text(cost), max_file))
    rows = []
    for c in _cards(df, rules, registry):
        m = _zhifa.marginals(c, resolve_unit(c.unit_code, registry), _actions_text(actions), _cost_text(cost),
                             max_file)
        best = m[0] if m and m[0]["available"] and m[0]["gain"] > 0 else None
        row: Dict[str, Any] = {"unit_code": c.unit_code, "unit": c.unit, "period": c.period, "total": c.total,
                               "best_action": best["action"] if best else None,
                               "best_gain": best["gain"] if best else None}
        gains = {x["action"]: x["gain"] for x in m}
        rows.append({**row, **{a: gains.get(a) for a in ACTIONS}})
    return pd.DataFrame(rows, index=df.index)

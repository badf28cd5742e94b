"""zhifa on Dask: score and aggregate frames larger than one machine, with the answers of the pandas functions.

Dask is optional (Debian: ``python3-dask``, ``python3-distributed``); importing this module without it raises
ImportError saying so. The pandas functions run on each partition; what needs the whole frame is done after:

- ``score_frame(ddf)`` scores each partition, then ranks globally: a rank is 1 + the number of rows of the same
  period (and category) with a higher total, counted over every partition from a small table of
  (period, category, total) counts. A unit and period in two partitions is refused (in one frame it is a bad row).
- ``aggregate_cases(ddf)`` aggregates each partition into the aggregator's partial state (every count is a sum
  over cases), merges the partials, then applies the rules that need the whole data: every unit gets a row in every
  period in which any case was filed, the quota from history or from a frame, the neighbour policy.

The results equal the pandas functions on the computed frame (tests/python/test_dask.py checks it on a
``distributed.LocalCluster``); the same code runs against a remote scheduler (README, "More than one machine").
"""

from __future__ import annotations

from typing import Any, Dict, Hashable, List, Optional, Tuple, Union

import numpy as np
import pandas as pd

try:
    import dask
    import dask.dataframe as dd
except ImportError as e:  # pragma: no cover - exercised only without dask
    raise ImportError("zhifa.dask needs Dask: apt-get install python3-dask python3-distributed "
                      "(or pip install 'dask[dataframe]' distributed)") from e

from . import _zhifa
from ._cases import _aggregate_result, _cell_text, _columns, _errors, _quota
from ._core import RulesLike, resolve_one_rule_set, resolve_rules
from ._errors import InputError, UsageError
from ._frame import score_frame as _score_frame
from ._rank import _column

__all__ = ["aggregate_cases", "score_frame"]


def _check(ddf: Any, what: str) -> None:
    if not isinstance(ddf, dd.DataFrame):
        raise UsageError(f"zhifa.dask.{what} needs a dask DataFrame, not {type(ddf).__name__}; "
                        f"use zhifa.{what} for a pandas one")


def _rank_lookup(counts: pd.Series) -> Dict[Any, tuple]:
    """group -> (totals descending, how many rows of the group have a higher total than each)."""
    lookup: Dict[Any, tuple] = {}
    for group, part in counts.groupby(level=list(range(counts.index.nlevels - 1)), sort=False):
        totals = part.index.get_level_values(-1).to_numpy(dtype=np.float64)
        sizes = part.to_numpy(dtype=np.int64)
        order = np.argsort(-totals, kind="stable")
        totals, sizes = totals[order], sizes[order]
        higher = np.concatenate(([0], np.cumsum(sizes)[:-1]))
        lookup[group] = (totals, higher)
    return lookup


def _apply_ranks(part: pd.DataFrame, keys: list, lookup: Dict[Any, tuple], total: Hashable,
                 column: Hashable) -> pd.DataFrame:
    ranks = np.zeros(len(part), dtype=np.int64)
    valid = part[total].notna().to_numpy()
    groups = part[keys].itertuples(index=False, name=None) if len(keys) > 1 else part[keys[0]]
    totals = part[total].to_numpy(dtype=np.float64)
    for i, (g, t, ok) in enumerate(zip(groups, totals, valid)):
        if not ok:
            continue
        sorted_totals, higher = lookup[g]
        # The position of t among the totals in descending order: the rows before it have higher totals.
        pos = int(np.searchsorted(-sorted_totals, -t, side="left"))
        ranks[i] = higher[pos] + 1
    part = part.copy()
    part[column] = pd.array(np.where(valid, ranks, 0), dtype="Int64")
    part.loc[~valid, column] = pd.NA
    return part


def score_frame(ddf: "dd.DataFrame", rules: RulesLike = None, keep_going: bool = False, *,
                apply_to_all_periods: bool = False, headers: str = "en",
                registry: Optional["_zhifa.Registry"] = None) -> "dd.DataFrame":
    """``zhifa.score_frame`` over a dask DataFrame: the same columns, values and ranks as the pandas function on
    ``ddf.compute()``, computed partition by partition.

    The partitions are scored and kept on the cluster (``persist``), a table of totals per period and category
    (at most one row per distinct total) is brought back to rank from, and the ranks are written into each
    partition; the result is a lazy dask DataFrame. Its meta comes from scoring the empty meta frame, never from
    data. Bad rows raise as in pandas (``keep_going=True`` marks them). A unit and period with rows in two
    partitions raises ``InputError``, also with ``keep_going=True`` (pandas would call the later row a bad row).
    Not offered: ``roll_up`` (summing sub-units needs their rows in one partition: roll up first, then score),
    ``explain`` (an explanation carries the rank, known only after every partition), and a rule book whose sets
    have different indicators (raises ``InputError``)."""
    _check(ddf, "score_frame")
    sets = [resolve_one_rule_set(rules, "apply_to_all_periods")] if apply_to_all_periods else \
        list(resolve_rules(rules).sets)
    if len({tuple(r.indicator_keys) for r in sets}) > 1:
        raise InputError("zhifa.dask.score_frame needs rule sets with the same indicators (each partition's columns "
                         "come from the sets its rows use); score each set's periods separately", None, "rules")
    kwargs = dict(rules=rules, keep_going=keep_going, apply_to_all_periods=apply_to_all_periods, headers=headers,
                  registry=registry)
    meta = _score_frame(ddf._meta, **kwargs)
    scored = ddf.map_partitions(_score_frame, meta=meta, **kwargs).persist()
    total = _column(meta, "total")
    period = _column(meta, "period")
    category = _column(meta, "category")
    code = _column(meta, "unit_code")
    good = scored[scored[total].notnull()]  # (dask 2022 has notnull, not notna)
    # One row per unit and period over the whole frame.
    repeated = good.groupby([code, period]).size()
    repeated = repeated[repeated > 1].compute()
    if len(repeated):
        (unit, when), times = next(iter(repeated.items()))
        unit = (registry or _zhifa.Registry.builtin()).resolve(str(unit)).name
        raise InputError(f"{unit} {when} has {times} rows in different partitions; one row per unit and period "
                         f"(and {len(repeated) - 1} more such pairs)" if len(repeated) > 1 else
                         f"{unit} {when} has {times} rows in different partitions; one row per unit and period",
                         None, str(code))
    by_period, by_category = dask.compute(good.groupby([period, total]).size(),
                                          good.groupby([period, category, total]).size())
    rank_col = _column(meta, "rank")
    category_rank_col = _column(meta, "category_rank")
    lookups = (_rank_lookup(by_period), _rank_lookup(by_category))

    def ranked(part: pd.DataFrame) -> pd.DataFrame:
        part = _apply_ranks(part, [period], lookups[0], total, rank_col)
        return _apply_ranks(part, [period, category], lookups[1], total, category_rank_col)

    return scored.map_partitions(ranked, meta=meta)


def _repeated_across_partitions(ddf: "dd.DataFrame") -> Dict[int, Dict[int, Tuple[str, Any]]]:
    """The cases whose case_id an earlier partition has: partition number -> {position: (id, the index label of its
    first case)}. Ids are compared as the readers take them (cleaned: trimmed, full-width forms as ASCII; totals
    labels are no ids); a repeat within one partition is the aggregator's to find."""
    id_column = next((c for c in ddf.columns if _zhifa.case_column_of(str(c)) == "case_id"), None)
    if id_column is None or ddf.npartitions < 2:
        return {}

    def ids(part: pd.DataFrame) -> pd.DataFrame:
        text = pd.Series(_zhifa.clean_case_ids(part[id_column].tolist(), _cell_text), index=part.index, dtype=object)
        return pd.DataFrame({"id": text[text != ""]})

    texts = ddf.map_partitions(ids, meta=pd.DataFrame({"id": pd.Series([], dtype=object)}))
    sizes = texts.groupby("id").size(split_out=ddf.npartitions)
    repeated = set(sizes[sizes > 1].compute().index)
    if not repeated:
        return {}

    def where(part: pd.DataFrame, number: int) -> List[Tuple[str, int, int, Any]]:
        text = _zhifa.clean_case_ids(part[id_column].tolist(), _cell_text)
        return [(t, number, i, part.index[i]) for i, t in enumerate(text) if t in repeated]

    places = sorted(p for found in dask.compute(*[dask.delayed(where)(p, k) for k, p in enumerate(ddf.to_delayed())])
                    for p in found)
    later: Dict[int, Dict[int, Tuple[str, Any]]] = {}
    first: Dict[str, Tuple[int, Any]] = {}
    for case_id, number, position, label in places:  # by id, then partition, then position
        if case_id not in first:
            first[case_id] = (number, label)
        elif number != first[case_id][0]:
            later.setdefault(number, {})[position] = (case_id, first[case_id][1])
    return later


def aggregate_cases(ddf: "dd.DataFrame", period: str = "year", as_of: Any = None,
                    quota: Union[None, str, pd.DataFrame] = None, keep_going: bool = False, *,
                    history: bool = False, settings: Optional["_zhifa.CaseSettings"] = None,
                    registry: Optional["_zhifa.Registry"] = None) -> pd.DataFrame:
    """``zhifa.aggregate_cases`` over a dask DataFrame of cases, with the same arguments and result: a pandas
    DataFrame (one row per unit and period: small) equal to the pandas function's on ``ddf.compute()``.

    Each partition is aggregated on its worker into the aggregator's partial state (the counters of each unit and
    period, the years in which a case was filed: ``CaseAggregator::Export``); the partials are merged in this
    process and finished there (``CaseAggregator::Merge``, ``Finish``), so the rules that need the whole data — a
    row for every unit in every period in which any case was filed, the quota from the two previous years'
    filings (``quota="history"``) and the neighbour policy — see every case, as in one process. Bad cases are
    reported by their index labels, in partition order. A case_id repeated in two partitions is found before the
    aggregation (a dask groupby of the ids: one more pass over the data when the frame has a case_id column) and
    the later case left out, as one process leaves it out."""
    _check(ddf, "aggregate_cases")
    quota_kind, quota_text = _quota(quota, history)
    later = _repeated_across_partitions(ddf)

    def partial(part: pd.DataFrame, number: int) -> Dict[str, Any]:
        # A case whose id an earlier partition has is left out here and reported, as the aggregator reports a
        # repeat within a partition.
        drop = later.get(number, {})
        kept_at = [i for i in range(len(part)) if i not in drop]  # positions in part of the rows aggregated
        kept = part.iloc[kept_at] if drop else part
        columns, rows, cell = _columns(kept)
        out = _zhifa.aggregate_cases_partial(columns, rows, _cell_text, cell, period, as_of, settings, registry)
        found = [(kept_at[line - 2], label, column, message)
                 for (label, column, message), (line, *_) in zip(_errors(kept, out["errors"]), out["errors"])]
        found += [(i, part.index[i], "", f'case_id "{case_id}" is repeated (first in row {first!r}); each case is '
                   "counted once") for i, (case_id, first) in drop.items()]
        out["errors"] = [(label, column, message) for _, label, column, message in sorted(found, key=lambda e: e[0])]
        return out

    partials = dask.compute(*[dask.delayed(partial)(p, k) for k, p in enumerate(ddf.to_delayed())])
    errors = [e for p in partials for e in p["errors"]]
    out = _zhifa.aggregate_cases_merge([{k: p[k] for k in ("keys", "counters", "years")} for p in partials], period,
                                       as_of, quota_kind, quota_text, settings, registry)
    return _aggregate_result(out, errors, keep_going)

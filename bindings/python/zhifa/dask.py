"""zhifa on Dask: score and aggregate frames larger than one machine, with the answers of the pandas functions.

Dask is optional (Debian: ``python3-dask``, ``python3-distributed``); importing this module without it raises
ImportError saying so. The pandas functions run on each partition; what needs the whole frame is done after:

- ``score_frame(ddf)`` scores each partition, then ranks globally: a rank is 1 + the number of rows of the same
  period (and category) with a higher total, counted over every partition from a small table of
  (period, category, total) counts. A unit and period in two partitions is refused (in one frame it is a bad row).
- ``aggregate_cases(ddf)`` aggregates each partition into partial counts (every count is a sum over cases), sums
  them per unit and period, then applies the rules that need the whole data: every unit gets a row in every period
  in which any case was filed, and the quota from a frame.

The results equal the pandas functions on the computed frame (tests/python/test_dask.py checks it on a
``distributed.LocalCluster``); the same code runs against a remote scheduler (README, "More than one machine").
"""

from __future__ import annotations

from typing import Any, Dict, Hashable, Optional, Union

import numpy as np
import pandas as pd

try:
    import dask
    import dask.dataframe as dd
except ImportError as e:  # pragma: no cover - exercised only without dask
    raise ImportError("zhifa.dask needs Dask: apt-get install python3-dask python3-distributed "
                      "(or pip install 'dask[dataframe]' distributed)") from e

from . import _zhifa
from ._cases import aggregate_cases as _aggregate_cases
from ._core import RulesLike
from ._errors import InputError
from ._frame import _period_text, score_frame as _score_frame
from ._rank import _column

__all__ = ["aggregate_cases", "score_frame"]


def _check(ddf: Any, what: str) -> None:
    if not isinstance(ddf, dd.DataFrame):
        raise TypeError(f"zhifa.dask.{what} needs a dask DataFrame, not {type(ddf).__name__}; "
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
    partitions raises ``InputError`` (pandas would call the later row a bad row). ``roll_up`` is not offered:
    summing sub-units needs their rows in one partition (roll up first, then score)."""
    _check(ddf, "score_frame")
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


_SUMMED = [c for c, _ in _zhifa.columns() if c != "should_file"]


def aggregate_cases(ddf: "dd.DataFrame", period: str = "year", as_of: Any = None,
                    quota: Union[None, pd.DataFrame] = None, keep_going: bool = False, *,
                    settings: Optional["_zhifa.CaseSettings"] = None,
                    registry: Optional["_zhifa.Registry"] = None) -> pd.DataFrame:
    """``zhifa.aggregate_cases`` over a dask DataFrame of cases: each partition aggregated into partial counts,
    the partials summed per unit and period, then every unit given a row in every period in which any case was
    filed (zeros where it filed nothing), and the quota of ``quota`` (a frame with unit, period, should_file)
    merged in. Returns a pandas DataFrame (the aggregate is one row per unit and period: small) equal to the pandas
    function's on ``ddf.compute()``, its rows in the same order.

    ``quota="history"`` and a quota frame with a ``neighbour`` column are not offered here: they read the filings of
    earlier years across the whole data; aggregate with ``quota=None``, then compute the quota from the result."""
    _check(ddf, "aggregate_cases")
    if isinstance(quota, str) or (isinstance(quota, pd.DataFrame) and "neighbour" in quota.columns):
        raise InputError("zhifa.dask.aggregate_cases: quota='history' and neighbour figures need the whole history; "
                         "aggregate with quota=None and compute the quota from the result", None, "quota")
    if quota is not None and not isinstance(quota, pd.DataFrame):
        raise TypeError("quota must be None or a DataFrame with unit, period, should_file")
    kwargs = dict(period=period, as_of=as_of, keep_going=keep_going, settings=settings, registry=registry)
    meta = _aggregate_cases(ddf._meta, **kwargs)

    def partial(part: pd.DataFrame) -> pd.DataFrame:
        out = _aggregate_cases(part, **kwargs)
        errors = out.attrs.get("errors", [])
        out = out.copy()
        out["_errors"] = [errors] + [[]] * (len(out) - 1) if len(out) else []
        if not len(out) and errors:  # a partition of bad cases only: keep its errors
            out = pd.DataFrame([{**{c: pd.NA for c in meta.columns}, "_errors": errors}]).astype(meta.dtypes.to_dict())
        return out

    parts_meta = meta.assign(_errors=pd.Series(dtype=object))
    partials = ddf.map_partitions(partial, meta=parts_meta).compute()
    errors = [e for es in partials["_errors"] for e in es]
    partials = partials.dropna(subset=["unit_code"]).drop(columns="_errors")
    if partials.empty:
        result = meta.copy()
    else:
        keys = ["unit_code", "period"]
        names = partials.drop_duplicates("unit_code").set_index("unit_code")["unit"]
        summed = partials.groupby(keys, sort=False)[_SUMMED].sum(min_count=1)
        # A row for each unit and period with something counted, and for every unit in every period in which any
        # case was filed (by any unit: a partition sees only its own).
        units = pd.Index(partials["unit_code"].drop_duplicates())
        periods = sorted(partials["period"].drop_duplicates())  # one kind, zero-padded: text order is time order
        filing = summed.groupby(level="period")["filed"].sum()
        filing_periods = [p for p in periods if filing.get(p, 0) > 0]
        full = summed.index.union(pd.MultiIndex.from_product([units, filing_periods], names=keys))
        summed = summed.reindex(full)
        for c in _SUMMED:
            summed[c] = summed[c].fillna(0)
        summed = summed.reset_index()
        summed.insert(0, "unit", names.reindex(summed["unit_code"]).to_numpy())
        summed["should_file"] = pd.NA
        result = summed[list(meta.columns)]
        # The pandas function's order: units as the registry orders them, then periods in time.
        order = {u.code: i for i, u in enumerate((registry or _zhifa.Registry.builtin()).units())}
        result = result.assign(_u=result["unit_code"].map(order),
                               _p=result["period"].map({p: i for i, p in enumerate(periods)}))
        result = result.sort_values(["_u", "_p"], kind="stable").drop(columns=["_u", "_p"]).reset_index(drop=True)
        for c, _ in _zhifa.columns():
            result[c] = result[c].astype("Int64")
        if quota is not None:
            given = quota.copy()
            reg = registry or _zhifa.Registry.builtin()
            given["unit_code"] = [reg.scored_as(reg.resolve(str(u))).code for u in given["unit"]]
            given["period"] = [_period_text(p) for p in given["period"]]
            merged = result.merge(given[["unit_code", "period", "should_file"]], on=["unit_code", "period"],
                                  how="left", suffixes=("_x", ""))
            result["should_file"] = pd.array(merged["should_file"], dtype="Int64")
    if errors and not keep_going:
        raise InputError(errors[0], None, None)
    result.attrs["errors"] = errors
    result.attrs["missing_quota"] = [f"{u} {p}: no quota given (A2.1: a quota file, or the quota from history)"
                                     for u, p, q in zip(result["unit"], result["period"], result["should_file"])
                                     if pd.isna(q)]
    return result

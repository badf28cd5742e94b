"""Ranking as its own step (zhifa.rank) and year-over-year comparison (zhifa.compare).

``score_frame`` ranks the rows it scores; ``rank`` recomputes the ranks over any frame of scores — frames
concatenated, filtered, or scored in pieces (``zhifa.dask`` scores per partition and ranks with this rule) — with
the same rule: by total, descending, ties sharing a rank (1, 2, 2, 4), within each period (``rank``) and within
each period and category (``category_rank``).
"""

from __future__ import annotations

from typing import Hashable, List, Optional, Sequence, Union

import numpy as np
import pandas as pd

from ._errors import InputError, UsageError

# English and Chinese headers of the columns ranking reads and writes (score_frame's headers="en" | "zh").
_NAMES = {"total": ("total", "总分"), "period": ("period", "期间"), "category": ("category", "类别"),
          "rank": ("rank", "排名"), "category_rank": ("category_rank", "类别排名"), "unit_code": ("unit_code", "单位代码"),
          "unit": ("unit", "单位")}


def _column(df: pd.DataFrame, key: str, required: bool = True) -> Optional[Hashable]:
    for name in _NAMES[key]:
        if name in df.columns:
            return name
    if required:
        raise InputError(f"the frame has no {key} column ({' or '.join(_NAMES[key])}): pass what score_frame returns",
                         None, key)
    return None


def _ranks(df: pd.DataFrame, total: Hashable, groups: List[Hashable]) -> pd.Series:
    """1 + how many rows of the same group have a higher total; <NA> where the total is missing (a bad row)."""
    totals = pd.to_numeric(df[total], errors="coerce")
    keys = [df[g] for g in groups]
    ranked = totals.groupby(keys, sort=False, dropna=False).rank(method="min", ascending=False)
    return pd.array(ranked.round().astype("Int64"), dtype="Int64")


def rank(scored: pd.DataFrame, by: Union[None, Hashable, Sequence[Hashable]] = None) -> pd.DataFrame:
    """A copy of ``scored`` with ``rank`` and ``category_rank`` recomputed from its ``total`` column.

    Ranks are by total, descending, ties sharing a rank (1, 2, 2, 4), as ``score_frame`` and the CLI rank: within
    each period, and within each period and category. ``by`` adds grouping columns (a province, a year of
    assessment): ranks are then within each value of them too. Rows without a total (bad rows) get <NA>.
    English or Chinese headers (score_frame's ``headers="zh"``) are both read.

    >>> import io, pandas as pd, zhifa
    >>> scored = zhifa.score_frame(pd.read_csv(io.BytesIO(zhifa.sample_csv())))
    >>> (zhifa.rank(scored)["rank"] == scored["rank"]).all()
    True
    """
    if not isinstance(scored, pd.DataFrame):
        raise UsageError(f"rank needs a pandas DataFrame, not {type(scored).__name__}")
    extra: List[Hashable] = [] if by is None else ([by] if isinstance(by, (str, int)) or not isinstance(by, Sequence)
                                                   else list(by))
    for b in extra:
        if b not in scored.columns:
            raise InputError(f"by: the frame has no column {b!r}", None, str(b))
    total = _column(scored, "total")
    period = _column(scored, "period")
    category = _column(scored, "category")
    out = scored.copy()
    out[_column(scored, "rank", False) or "rank"] = _ranks(scored, total, extra + [period])
    out[_column(scored, "category_rank", False) or "category_rank"] = _ranks(scored, total, extra + [period, category])
    return out


def compare(scored: pd.DataFrame, base: object, target: object) -> pd.DataFrame:
    """Per unit, its total and rank in period ``base`` and in period ``target`` (``2021`` and ``2022``, or
    ``"2021-H1"`` and ``"2021-H2"``), the change of the total and of the rank (positive: it moved up), from a frame
    of scores of both periods (what ``score_frame`` returns for them).

    Units scored in only one of the two periods have <NA> for the other. Rows come in the order of ``target``'s rank
    (units only in ``base`` last), one per unit.
    """
    if not isinstance(scored, pd.DataFrame):
        raise UsageError(f"compare needs a pandas DataFrame, not {type(scored).__name__}")
    period = _column(scored, "period")
    code = _column(scored, "unit_code")
    unit = _column(scored, "unit")
    total = _column(scored, "total")
    ranked = rank(scored)
    rank_col = _column(ranked, "rank")
    texts = ranked[period].astype(str)
    sides = []
    for which, value in (("base", base), ("target", target)):
        part = ranked[(texts == str(value)) & ranked[total].notna()]
        if part.empty:
            raise InputError(f"{which}: no scored row has period {value!r}", None, "period")
        if part[code].duplicated().any():
            raise InputError(f"{which}: a unit has several rows in period {value!r}", None, "unit_code")
        sides.append(part.set_index(code)[[unit, total, rank_col]].rename(
            columns={unit: f"unit_{which}", total: f"total_{which}", rank_col: f"rank_{which}"}))
    both = sides[0].join(sides[1], how="outer")
    out = pd.DataFrame({
        "unit_code": both.index,
        "unit": both["unit_target"].fillna(both["unit_base"]).to_numpy(),
        "total_base": both["total_base"].to_numpy(),
        "total_target": both["total_target"].to_numpy(),
        "change": (both["total_target"] - both["total_base"]).round(6).to_numpy(),
        "rank_base": pd.array(both["rank_base"], dtype="Int64"),
        "rank_target": pd.array(both["rank_target"], dtype="Int64"),
    })
    out["rank_change"] = out["rank_base"] - out["rank_target"]
    order = np.lexsort((out["unit_code"].to_numpy(dtype=str),
                        out["rank_target"].fillna(np.iinfo(np.int64).max).to_numpy(dtype=np.int64)))
    return out.iloc[order].reset_index(drop=True)

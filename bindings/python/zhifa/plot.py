"""Charts of scored frames with matplotlib, Chinese labels included.

- ``totals(scored, period=None, *, rules=None)``: each unit's total in one period (the latest by default), by rank,
  each bar coloured by the unit's category (the workbook's colours);
- ``rates(scored, unit, period=None, *, rules=None)``: one unit's six rates and points;
- ``trend(scored, units=None)``: totals over periods, a line per unit.

``rules``: the rules the frame was scored with when they are not built in (their names and decimal places label
the charts), as for ``zhifa.to_excel``. Each returns a ``matplotlib.figure.Figure`` (nothing is shown; ``fig.savefig("x.png")`` or a notebook displays it).
Chinese text needs a CJK font: the first installed of Noto Sans CJK (Debian's ``fonts-noto-cjk``, which
``scripts/setup.sh`` installs), Source Han Sans, WenQuanYi, SimHei, Microsoft YaHei or PingFang is used, found
through matplotlib's font manager. With none, a warning says once how to install one and the charts label units
by their codes and indicators in English — never with empty boxes.
"""
from __future__ import annotations

import re
import warnings
from typing import Iterable, List, Optional

import pandas as pd

from ._core import RulesLike
from ._errors import InputError, UsageError
from ._report import _indicators, _keys

try:
    import matplotlib
    from matplotlib import font_manager
    from matplotlib.figure import Figure
except ImportError as e:  # pragma: no cover - matplotlib is a Debian package scripts/setup.sh installs
    raise ImportError("zhifa.plot needs matplotlib (Debian: apt-get install python3-matplotlib)") from e

__all__ = ["totals", "rates", "trend", "cjk_font"]

_CJK_FONTS = ["Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC", "Source Han Sans SC", "Source Han Sans CN",
              "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei", "PingFang SC"]
# The workbook's and the HTML report's category colours (layout.h, CategoryColor).
_COLORS = {"township": "#4472C4", "department": "#ED7D31", "vertical": "#70AD47"}
_CATEGORY_NAMES = {"township": ("乡镇街道", "township"), "department": ("县政府部门", "department"),
                   "vertical": ("垂管单位", "vertical unit")}
_warned = False


def cjk_font() -> Optional[str]:
    """The family name of the installed CJK font the charts use, or None when there is none."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in _CJK_FONTS if name in installed), None)


def _font() -> Optional[str]:
    global _warned
    font = cjk_font()
    if font is None and not _warned:
        _warned = True
        warnings.warn("zhifa.plot: no CJK font is installed, so charts label units by code and indicators in "
                      "English; install one (Debian: apt-get install fonts-noto-cjk), then restart Python",
                      RuntimeWarning, stacklevel=3)
    return font


def _figure(font: Optional[str], width: float, height: float) -> Figure:
    # Text made inside this context takes the CJK family first, then matplotlib's own for Latin digits.
    with matplotlib.rc_context({"font.family": [font, "DejaVu Sans"] if font else ["DejaVu Sans"],
                                "axes.unicode_minus": False}):
        fig = Figure(figsize=(width, height), layout="constrained")
        fig.add_subplot()
    return fig


def _apply_font(fig: Figure, font: Optional[str]) -> None:
    """Sets the family on every text of the figure, tick labels made later included (they copy the first ones)."""
    family = [font, "DejaVu Sans"] if font else ["DejaVu Sans"]
    for text in fig.findobj(matplotlib.text.Text):
        text.set_fontfamily(family)


def _scored(scored: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(scored, pd.DataFrame):
        raise UsageError(f"expected score_frame's result (a DataFrame), not {type(scored).__name__}")
    missing = [c for c in ("unit", "period", "total", "rank") if c not in scored.columns]
    if missing:
        raise UsageError(f"the frame lacks the column(s) {', '.join(missing)}: give score_frame's result with "
                         "English headers")
    good = scored[scored["total"].notna()].copy()
    good["period"] = good["period"].astype(str)
    return good


_PERIOD = re.compile(r"^\s*(\d{4})(?:-(?:([Hh])([12])|([Qq])([1-4])|(\d{2})))?\s*$")


def _period_key(p: str):
    """Time order: by first month, then the longer period first (2021, 2021-H1, 2021-Q1, 2021-01); a text that is
    not a period (2021, 2021-H1, 2021-Q3, 2021-05) after every period."""
    m = _PERIOD.match(p)
    if not m:
        return (1, 0, 0, p)
    year, half, quarter, month = int(m[1]), m[3], m[5], m[6]
    if half:
        first, months = 6 * (int(half) - 1) + 1, 6
    elif quarter:
        first, months = 3 * (int(quarter) - 1) + 1, 3
    elif month:
        first, months = int(month), 1
    else:
        first, months = 1, 12
    return (0, year * 12 + first, -months, p)


def _periods(good: pd.DataFrame) -> List[str]:
    return sorted(pd.unique(good["period"]), key=_period_key)


def _label(row, font: Optional[str]) -> str:
    if font:
        return str(row["unit"])
    code = row.get("unit_code")
    return str(code) if isinstance(code, str) and code else str(row["unit"]).encode("ascii", "replace").decode()


def _rules_of(scored: pd.DataFrame, rules: RulesLike):
    """The indicators (key, name, name_en) and the places of points and rates of the rules that scored the frame
    (as zhifa.to_excel finds them: ``rules=``, else the built-in sets the frame names; UsageError otherwise)."""
    return _indicators(scored, _keys(scored), rules)


def totals(scored: pd.DataFrame, period: Optional[str] = None, *, rules: RulesLike = None) -> Figure:
    """Each unit's total in ``period`` (the latest by default), rank 1 on top, coloured by category. ``rules``: the
    rules the frame was scored with, when not built in (their decimal places label the bars)."""
    _, points_decimals, _ = _rules_of(scored, rules)
    good = _scored(scored)
    if good.empty:
        raise InputError("no scored row to draw", None, "total")
    periods = _periods(good)
    period = str(period) if period is not None else periods[-1]
    rows = good[good["period"] == period].sort_values(["rank", "total"], ascending=[True, False], kind="stable")
    if rows.empty:
        raise InputError(f"no scored row of period {period} (the frame has {', '.join(periods)})", None, "period")
    font = _font()
    zh = font is not None
    fig = _figure(font, 8, max(3.0, 0.22 * len(rows) + 1.2))
    ax = fig.axes[0]
    categories = rows["category"].tolist() if "category" in rows.columns else [None] * len(rows)
    colors = [_COLORS.get(c, "#A5A5A5") for c in categories]
    y = list(range(len(rows)))
    ax.barh(y, rows["total"].tolist(), color=colors)
    ax.set_yticks(y, [_label(r, font) for _, r in rows.iterrows()])
    ax.invert_yaxis()
    for yi, v in zip(y, rows["total"].tolist()):
        ax.text(v + 0.5, yi, f"{v:.{points_decimals}f}", va="center", fontsize=7)
    ax.set_xlabel("总分" if zh else "Total")
    ax.set_title(f"{period} 总分" if zh else f"{period} total")
    ax.set_xlim(0, max(100.0, float(rows["total"].max()) + 8))
    seen = [c for c in _COLORS if c in set(categories)]
    handles = [matplotlib.patches.Patch(color=_COLORS[c], label=_CATEGORY_NAMES[c][0 if zh else 1]) for c in seen]
    if handles:
        ax.legend(handles=handles, loc="lower right", fontsize=8)
    _apply_font(fig, font)
    return fig


def rates(scored: pd.DataFrame, unit: str, period: Optional[str] = None, *, rules: RulesLike = None) -> Figure:
    """One unit's rates (bars, %) and points (labels) in ``period`` (the latest it has by default). ``rules``: the
    rules the frame was scored with, when not built in (their names and decimal places label the chart)."""
    indicators, points_decimals, rate_decimals = _rules_of(scored, rules)
    good = _scored(scored)
    mine = good[(good["unit"] == unit) | (good.get("unit_code", pd.Series(dtype=object)) == unit)]
    if mine.empty:
        raise InputError(f"no scored row of unit {unit}", None, "unit")
    periods = [p for p in _periods(good) if p in set(mine["period"])]
    period = str(period) if period is not None else periods[-1]
    row = mine[mine["period"] == period]
    if row.empty:
        raise InputError(f"unit {unit} has no scored row of period {period} (it has {', '.join(periods)})", None,
                         "period")
    row = row.iloc[0]
    keys = [key for key, _, _ in indicators]
    names = {key: (name, name_en) for key, name, name_en in indicators}
    font = _font()
    zh = font is not None
    fig = _figure(font, 7, 3.6)
    ax = fig.axes[0]
    labels = [names.get(k, (k, k))[0 if zh else 1] for k in keys]
    values = [row[f"{k}_rate"] for k in keys]
    drawn = [0.0 if pd.isna(v) else float(v) for v in values]
    bars = ax.bar(range(len(keys)), drawn, color=_COLORS.get(row.get("category"), "#4472C4"))
    for i, (b, v, k) in enumerate(zip(bars, values, keys)):
        pts = row.get(f"{k}_points")
        rate_text = ("不适用" if zh else "n/a") if pd.isna(v) else f"{float(v):.{rate_decimals}f}%"
        # An indicator the rule set leaves out when it does not apply has no points at all.
        pts_text = ("不计分" if zh else "excluded") if pd.isna(pts) else (
            f"{float(pts):.{points_decimals}f}" + (" 分" if zh else " pts"))
        ax.text(i, b.get_height() + 1.5, f"{rate_text}\n{pts_text}", ha="center", va="bottom", fontsize=8)
    ax.set_xticks(range(len(keys)), labels)
    ax.set_ylim(0, max(120.0, max(drawn) + 25))
    ax.set_ylabel("比率 (%)" if zh else "Rate (%)")
    name = _label(row, font)
    total = f"{row['total']:.{points_decimals}f}"
    ax.set_title(f"{name} {period}：总分 {total}，排名 {int(row['rank'])}" if zh
                 else f"{name} {period}: total {total}, rank {int(row['rank'])}")
    _apply_font(fig, font)
    return fig


def trend(scored: pd.DataFrame, units: Optional[Iterable[str]] = None) -> Figure:
    """Totals over the periods of ``scored``, a line per unit (``units``: names or codes; all by default)."""
    good = _scored(scored)
    if good.empty:
        raise InputError("no scored row to draw", None, "total")
    if units is not None:
        wanted = set(units)
        mask = good["unit"].isin(wanted)
        if "unit_code" in good.columns:
            mask |= good["unit_code"].isin(wanted)
        unknown = wanted - set(good.loc[mask, "unit"]) - set(good.loc[mask].get("unit_code", []))
        if unknown:
            raise InputError(f"no scored row of unit(s) {', '.join(sorted(unknown))}", None, "unit")
        good = good[mask]
    periods = _periods(good)
    font = _font()
    zh = font is not None
    fig = _figure(font, 9, 5)
    ax = fig.axes[0]
    key = "unit_code" if "unit_code" in good.columns else "unit"
    twice = good[good.duplicated([key, "period"], keep=False)]
    if not twice.empty:
        first = twice.iloc[0]
        raise InputError(f"{first['unit']} {first['period']} is scored more than once: a trend has one total per unit "
                         "and period", twice.index[1], "unit")
    pivot = good.pivot(index=key, columns="period", values="total").reindex(columns=periods)
    by_unit = good.drop_duplicates(key).set_index(key)
    for unit, series in pivot.iterrows():
        label = _label(by_unit.loc[unit].to_dict() | {key: unit}, font)
        ax.plot(range(len(periods)), series.tolist(), marker="o", label=label)
    ax.set_xticks(range(len(periods)), periods)
    ax.set_ylabel("总分" if zh else "Total")
    ax.set_title("总分趋势" if zh else "Total by period")
    if len(pivot) <= 30:
        ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.0, 0.5))
    _apply_font(fig, font)
    return fig

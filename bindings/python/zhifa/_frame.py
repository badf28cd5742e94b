"""pandas and numpy interfaces: score_frame, score_arrays, units."""

from __future__ import annotations

from typing import Any, Dict, Hashable, List, Mapping, Optional, Tuple

import numpy as np
import pandas as pd

from . import _zhifa
from ._core import RulesLike, coerce_count, resolve_one_rule_set, resolve_rules
from ._errors import CoverageError, InputError, UnknownUnitError, UsageError

#: English count column -> Chinese header, in canonical order (docs/model.md).
COUNT_COLUMNS: Dict[str, str] = dict(_zhifa.columns())
_FROM_HEADER: Dict[str, str] = {**{k: k for k in COUNT_COLUMNS}, **{v: k for k, v in COUNT_COLUMNS.items()},
                                "unit": "unit", "单位": "unit", "单位名称": "unit", "period": "period", "期间": "period"}
_REQUIRED = [c for c in COUNT_COLUMNS if c != "enforcement_cases"]
_MAX_COUNT = 2**53 - 1

#: Status codes of ``score_arrays``: 0 is a valid row; otherwise the first column whose rule the row breaks.
STATUS: Dict[int, str] = {0: "ok", **{1 + i: name for i, name in enumerate(COUNT_COLUMNS)}}


def _map_columns(df: pd.DataFrame) -> Dict[str, Hashable]:
    """canonical name -> the frame's column label; InputError for a repeated or missing column."""
    found: Dict[str, Hashable] = {}
    for label in df.columns:
        canonical = _FROM_HEADER.get(str(label).strip())
        if canonical is None:
            continue
        if canonical in found:
            raise InputError(f"columns {found[canonical]!r} and {label!r} both give {canonical}", None, str(label))
        found[canonical] = label
    missing = [c for c in ["unit", "period", *_REQUIRED] if c not in found]
    if missing:
        names = ", ".join(f"{c} ({COUNT_COLUMNS.get(c, {'unit': '单位', 'period': '期间'}.get(c))})" for c in missing)
        raise InputError(f"missing required column{'s' if len(missing) > 1 else ''} {names}", None, missing[0])
    return found


def _period_text(value: Any) -> str:
    """The text a period cell stands for, as score() reads it (pandas.Period, 2021, 2021.0, "2021年")."""
    if isinstance(value, pd.Period):
        freq = value.freqstr[0]
        if freq == "A" or freq == "Y":
            return f"{value.year:04d}"
        if freq == "Q":
            return f"{value.year:04d}-Q{value.quarter}"
        if freq == "M":
            return f"{value.year:04d}-{value.month:02d}"
    if value is None or value is pd.NA or (isinstance(value, (float, np.floating)) and np.isnan(value)):
        return ""
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value)


def _count_column(series: pd.Series,
                  name: str) -> Tuple[np.ndarray, Optional[np.ndarray], List[Tuple[int, str, str, str]]]:
    """(int64 values, present mask, cell errors) of one count column of any integer, float or object dtype; cells
    are read as coerce_count reads them (score() and the CSV readers alike). An int64 column is returned as it is,
    with no mask (None: every cell present)."""
    n = len(series)
    errors: List[Tuple[int, str, str, str]] = []
    dtype = series.dtype
    if dtype == np.int64:  # no gaps, nothing to convert: the column itself, every cell present
        return series.to_numpy(), None, errors
    values = np.zeros(n, dtype=np.int64)
    present = np.ones(n, dtype=bool)
    if pd.api.types.is_bool_dtype(dtype):
        raise InputError(f"column {name}: booleans are not counts", None, name)
    if pd.api.types.is_integer_dtype(dtype):
        mask = series.isna().to_numpy()
        unsigned64 = str(dtype).lower() == "uint64"
        raw = series.to_numpy(dtype=np.uint64 if unsigned64 else np.int64, na_value=0)
        if unsigned64:
            for i in np.flatnonzero(raw > _MAX_COUNT):
                errors.append((int(i), name, f"{raw[i]} is more than the largest supported count {_MAX_COUNT}",
                               str(raw[i])))
                mask[i] = True
            raw = np.where(raw > _MAX_COUNT, 0, raw)
        values[:] = raw.astype(np.int64)
        present &= ~mask
        return values, present, errors
    if pd.api.types.is_float_dtype(dtype):
        raw = series.to_numpy(dtype=np.float64, na_value=np.nan)
        absent = np.isnan(raw)
        whole = ~absent & (np.floor(raw) == raw) & (np.abs(raw) <= _MAX_COUNT)
        values[whole] = raw[whole].astype(np.int64)
        present &= whole
        odd = np.flatnonzero(~absent & ~whole)  # not whole, or too large: coerce_count says why
        cells = odd
        objects = raw
    elif pd.api.types.infer_dtype(series, skipna=True) not in ("string", "integer", "floating", "decimal",
                                                                 "mixed-integer-float", "empty"):
        # True == 1 to Python, and a column of mixed kinds may hold booleans among its numbers: such cells are read
        # one by one, so that a boolean is never taken for a count.
        codes, uniques = np.arange(n), series.to_numpy(dtype=object)
        ok = np.zeros(n, dtype=bool)
        parsed = np.zeros(n, dtype=np.int64)
        for u, v in enumerate(uniques):
            iv, why = coerce_count(v, name)
            if why is None and iv is not None and abs(iv) <= _MAX_COUNT:
                parsed[u], ok[u] = iv, True
            elif why is None and iv is None:
                codes[u] = -1
        good = ok
        values[good] = parsed[good]
        present &= good
        cells = np.flatnonzero((codes >= 0) & ~good)
        objects = uniques
    else:
        # Each distinct cell read once (a column of counts has few distinct values).
        codes, uniques = pd.factorize(series.to_numpy(dtype=object), use_na_sentinel=True)
        parsed = np.zeros(len(uniques), dtype=np.int64)
        ok = np.zeros(len(uniques), dtype=bool)
        missing = np.zeros(len(uniques), dtype=bool)  # an empty text is a missing cell, as None or NaN
        for u, v in enumerate(uniques):
            iv, why = coerce_count(v, name)
            if why is None and iv is not None and abs(iv) <= _MAX_COUNT:
                parsed[u], ok[u] = iv, True
            elif why is None and iv is None:
                missing[u] = True
        good = (codes >= 0) & ok[np.maximum(codes, 0)] if len(uniques) else np.zeros(n, dtype=bool)
        absent = (codes < 0) | (missing[np.maximum(codes, 0)] if len(uniques) else True)
        values[good] = parsed[codes[good]]
        present &= good
        cells = np.flatnonzero(~good & ~absent)
        objects = series.to_numpy(dtype=object)
    for i in cells:
        v = objects[i]
        iv, why = coerce_count(v, name)
        if why is None and iv is not None:
            why = f"{iv} is more than the largest supported count {_MAX_COUNT}"
        errors.append((int(i), name, why, str(v)))
    return values, present, errors


def _factorize(series: pd.Series, text: Any) -> Tuple[np.ndarray, List[str]]:
    """Codes (int64) and each distinct cell's text (``text(value)``), read once per distinct value; missing cells
    (None, NaN, NaT) get the text of their own value too, as the row-by-row path reads them."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes, uniques = series.cat.codes.to_numpy(), series.cat.categories
    elif series.dtype == object:
        return _zhifa.factorize(series.to_numpy(dtype=object), text)  # every value numbered by its text, in C++
    else:
        codes, uniques = pd.factorize(series.to_numpy(dtype=object), use_na_sentinel=True)
    codes = np.ascontiguousarray(codes, dtype=np.int64)
    texts = [text(u) for u in uniques]
    missing = np.flatnonzero(codes < 0)
    if len(missing):
        values = series.to_numpy(dtype=object)[missing]
        extra, extra_texts = pd.factorize(np.array([text(v) for v in values], dtype=object))
        codes[missing] = len(texts) + extra
        texts += list(extra_texts)
    return codes, texts


_RAISE_BY_CODE = {"NOT_FOUND": UnknownUnitError, "OUT_OF_RANGE": CoverageError}


def score_frame(df: pd.DataFrame, rules: RulesLike = None, keep_going: bool = False, *,
                apply_to_all_periods: bool = False, roll_up: bool = False, headers: str = "en",
                registry: Optional["_zhifa.Registry"] = None, explain: Optional[str] = None,
                text: str = "object") -> pd.DataFrame:
    """Scores every row of ``df`` and ranks the units; returns the CLI's CSV columns as a DataFrame.

    ``df`` has the count columns (docs/model.md) with English or Chinese headers (``filed`` or ``立案数量``); units may be
    strings or categoricals (names, codes, aliases); periods strings, ints, whole floats or ``pandas.Period``;
    counts any integer dtype, nullable ``Int64``, whole-number floats or numeric strings. Other columns are
    ignored. ``zhifa.read_table`` reads messy spreadsheets into such a frame.

    The result has, in this order, ``unit_code, unit, category, period``, ``<key>_rate`` and ``<key>_points``
    per indicator, ``total, rank, category_rank, ruleset, ruleset_digest, not_applicable, findings`` (the CLI's
    CSV columns): rates are float percentages rounded as the rule set says (NaN when not applicable), points
    floats; ``ruleset_digest`` the first 12 hex digits of the set's SHA-256; ``not_applicable`` the keys of
    indicators with a zero denominator (full points), ``findings`` ``zero_activity`` for a unit that did
    nothing. ``headers="zh"`` names the columns in Chinese (单位, 立案率得分, ...). Its index is ``df``'s; row
    order is kept. ``explain="zh"`` or ``"en"`` adds a last column ``explanation`` (说明): each row's explanation
    (numerator, denominator, rate, base points, each deduction with its clause), as ``Scorecard.explain`` gives it;
    None for a bad row. ``registry`` resolves the units (a ``zhifa.Registry``; the built-in 2021 one by default).

    ``text="category"`` returns the text columns (unit_code, unit, category, period, ruleset, ruleset_digest,
    not_applicable, findings) as pandas Categoricals instead of str objects: the same values, several times faster
    to build for large frames and a fraction of the memory (README, Performance); mind that a groupby on a
    categorical lists every category unless ``observed=True``.

    ``rules``: the built-in book by default, which picks the set in force on each row's period (a period no
    set covers is a bad row, CoverageError). ``apply_to_all_periods=True`` scores every row with the one rule
    set given (earlier years under later rules, on purpose) and adds ``ruleset_outside_dates``, True on rows
    outside its dates. ``roll_up=True`` sums the rows of a unit's sub-units (and its own) of a period into one
    row, indexed by the first; the result's ``attrs["notes"]`` says which.

    A bad row (a rule of a row broken, an unknown unit, a malformed period, a missing count) raises
    ``InputError`` (``UnknownUnitError`` for a unit, ``CoverageError`` for a period without rules) with ``.row``
    (the index label) and ``.column`` (the column as ``df`` names it). With ``keep_going=True`` nothing is
    raised: bad rows come back with empty scores and an ``error`` column.
    """
    if not isinstance(df, pd.DataFrame):
        raise UsageError(f"score_frame needs a pandas DataFrame, not {type(df).__name__}")
    if headers not in ("en", "zh"):
        raise InputError(f"headers={headers!r}: expected 'en' or 'zh'", None, "headers")
    all_periods = resolve_one_rule_set(rules, "apply_to_all_periods") if apply_to_all_periods else None
    book = resolve_rules(None if apply_to_all_periods else rules)
    found = _map_columns(df)
    if explain not in (None, "zh", "en"):
        raise InputError(f"explain={explain!r}: expected None, 'zh' or 'en'", None, "explain")
    if text not in ("object", "category"):
        raise InputError(f"text={text!r}: expected 'object' or 'category'", None, "text")
    if roll_up:
        if explain:
            raise InputError("explain= goes with roll_up=False (explain the rolled-up rows with score())", None,
                             "explain")
        return _score_frame_rows(df, found, book, registry, all_periods, keep_going, headers)
    n = len(df)
    unit_codes, unit_texts = _factorize(df[found["unit"]], lambda u: "" if pd.isna(u) else str(u))
    period_codes, period_texts = _factorize(df[found["period"]], _period_text)
    # Each count column as it is where it can be (an int64 column without gaps is read in place), a mask only
    # where cells are missing.
    values: List[Optional[np.ndarray]] = [None] * len(COUNT_COLUMNS)
    present: List[Optional[np.ndarray]] = [None] * len(COUNT_COLUMNS)
    cell_errors: List[Tuple[int, str, str, str]] = []
    for j, name in enumerate(COUNT_COLUMNS):
        if name not in found:
            continue
        v, p, e = _count_column(df[found[name]], name)
        values[j] = np.ascontiguousarray(v, dtype=np.int64)
        present[j] = None if p is None or p.all() else np.ascontiguousarray(p)
        cell_errors.extend(e)
    out = _zhifa.score_frame_columns(unit_codes, unit_texts, period_codes, period_texts, values, present,
                                     cell_errors, book, registry, all_periods, explain or "")
    bad = out["bad"]
    errors = out["errors"]
    label_of = {canonical: str(label) for canonical, label in found.items()}
    if not keep_going and len(errors):
        first = min(errors)
        column, message, code = errors[first][0]
        shown = label_of.get(column, column)
        more = f" (and {len(errors) - 1} more bad row{'s' if len(errors) > 2 else ''}; keep_going=True scores the rest)" \
            if len(errors) > 1 else ""
        label = df.index[first]
        where = f"row {label!r}" + (f", column {shown}" if shown else "")
        raise _RAISE_BY_CODE.get(code, InputError)(f"{where}: {message}{more}", label, shown or None)

    codes_, names_, cats_ = _registry_columns(registry or _zhifa.Registry.builtin())
    unit_index = out["unit_index"]

    bad_rows = np.flatnonzero(bad)

    def column(table: np.ndarray, index: np.ndarray, bad_value: Any) -> Any:
        """table[index] for good rows (index >= 0), bad_value(i) for the bad ones: str objects, or a Categorical."""
        if text == "category":
            codes, categories = _zhifa.take_codes(list(table), index)  # the table's distinct values, in order
            position = {v: k for k, v in enumerate(categories)}
            for i in bad_rows:
                value = bad_value(i)
                if value is not None and value not in position:
                    position[value] = len(categories)
                    categories.append(value)
                codes[i] = -1 if value is None else position[value]
            return pd.Categorical.from_codes(codes, categories=pd.Index(categories, dtype=object))
        result = _zhifa.take_objects(list(table), index)
        for i in bad_rows:
            result[i] = bad_value(i)
        return result

    def written(codes: np.ndarray, texts: List[str]):
        return lambda i: "" if codes[i] < 0 else texts[codes[i]]

    data: Dict[str, Any] = {
        "unit_code": column(codes_, unit_index, lambda i: None),
        "unit": column(names_, unit_index, written(unit_codes, unit_texts)),
        "category": column(cats_, unit_index, lambda i: None),
        "period": column(out["periods"], out["period_index"], written(period_codes, period_texts)),
    }
    for key in out["keys"]:
        data[f"{key}_rate"] = out[f"{key}_rate"]
        data[f"{key}_points"] = out[f"{key}_points"]
    data["total"] = out["total"]
    data["rank"] = pd.arrays.IntegerArray(out["rank"], bad.copy())  # <NA> for a bad row
    data["category_rank"] = pd.arrays.IntegerArray(out["category_rank"], bad.copy())
    data["ruleset"] = column(out["ruleset_ids"], out["ruleset_index"], lambda i: None)
    data["ruleset_digest"] = column(out["ruleset_digests"], out["ruleset_index"], lambda i: None)
    data["not_applicable"] = column(out["not_applicable"], out["na_index"], lambda i: None)
    data["findings"] = column(["", "zero_activity"], out["zero_activity"], lambda i: None)
    if apply_to_all_periods:
        data["ruleset_outside_dates"] = out["outside"]
    result = pd.DataFrame(data, index=df.index, copy=False)
    if keep_going:
        # Name columns as the caller's frame does.
        error = np.full(n, None, dtype=object)
        for i, e in errors.items():
            error[i] = "; ".join(f"column {label_of.get(c, c)}: {m}" if c else m for c, m, _ in e)
        result["error"] = error
    result.columns = _zhifa.score_column_names(out["keys"], out["names"], apply_to_all_periods, keep_going,
                                               headers == "zh")
    if explain:
        result["说明" if headers == "zh" else "explanation"] = np.array(out["explanation"], dtype=object)
    result.attrs["notes"] = []
    return result


def _registry_columns(registry: "_zhifa.Registry") -> Tuple[List[str], List[str], List[str]]:
    """Code, name and category key of each unit of the registry, in its order (the C++ unit index)."""
    units_ = registry.units()
    return [u.code for u in units_], [u.name for u in units_], [u.category for u in units_]


def _score_frame_rows(df: pd.DataFrame, found: Dict[str, Hashable], book: "_zhifa.RuleBook",
                      registry: Optional["_zhifa.Registry"], all_periods: Optional["_zhifa.RuleSet"],
                      keep_going: bool, headers: str) -> pd.DataFrame:
    """score_frame with roll_up=True: the row-by-row path, which folds sub-units' rows into their unit's."""
    apply_to_all_periods = all_periods is not None
    n = len(df)
    units = ["" if pd.isna(u) else str(u) for u in df[found["unit"]].to_numpy(dtype=object)]
    periods = [_period_text(p) for p in df[found["period"]].to_numpy(dtype=object)]
    values = np.zeros((n, len(COUNT_COLUMNS)), dtype=np.int64)
    present = np.zeros((n, len(COUNT_COLUMNS)), dtype=bool)
    cell_errors: List[Tuple[int, str, str, str]] = []
    for j, name in enumerate(COUNT_COLUMNS):
        if name not in found:
            continue
        v, p, e = _count_column(df[found[name]], name)
        values[:, j] = v
        present[:, j] = True if p is None else p
        cell_errors.extend(e)
    out = _zhifa.score_columns(units, periods, values, present, cell_errors, book, registry, all_periods, True)

    label_of = {canonical: str(label) for canonical, label in found.items()}
    errors = out["errors"]
    source = out["source"]
    index = df.index[source]
    if not keep_going:
        bad = [i for i, e in enumerate(errors) if e]
        if bad:
            i = bad[0]
            column, message, code = errors[i][0]
            shown = label_of.get(column, column)
            more = f" (and {len(bad) - 1} more bad row{'s' if len(bad) > 2 else ''}; keep_going=True scores the rest)" \
                if len(bad) > 1 else ""
            where = f"row {index[i]!r}" + (f", column {shown}" if shown else "")
            raise _RAISE_BY_CODE.get(code, InputError)(f"{where}: {message}{more}", index[i], shown or None)

    data: Dict[str, Any] = {
        "unit_code": out["unit_code"],
        "unit": out["unit"],
        "category": out["category"],
        "period": out["period"],
    }
    for key in out["keys"]:
        data[f"{key}_rate"] = out[f"{key}_rate"]
        data[f"{key}_points"] = out[f"{key}_points"]
    data["total"] = out["total"]
    data["rank"] = pd.array(np.where(np.isnan(out["rank"]), 0, out["rank"]).astype("int64"), dtype="Int64")
    data["category_rank"] = pd.array(np.where(np.isnan(out["category_rank"]), 0, out["category_rank"]).astype("int64"),
                                     dtype="Int64")
    data["ruleset"] = out["ruleset"]
    data["ruleset_digest"] = out["ruleset_digest"]
    data["not_applicable"] = out["not_applicable"]
    data["findings"] = out["findings"]
    if apply_to_all_periods:
        data["ruleset_outside_dates"] = out["ruleset_outside_dates"]
    result = pd.DataFrame(data, index=index)
    bad_mask = np.array([bool(e) for e in errors], dtype=bool)
    result.loc[bad_mask, ["rank", "category_rank"]] = pd.NA
    if keep_going:
        # Name columns as the caller's frame does.
        result["error"] = ["; ".join(f"column {label_of.get(c, c)}: {m}" if c else m for c, m, _ in e) if e else None
                           for e in errors]
    result.columns = _zhifa.score_column_names(out["keys"], out["names"], apply_to_all_periods, keep_going,
                                               headers == "zh")
    result.attrs["notes"] = list(out["notes"])
    return result


#: ``outputs`` of ``score_arrays``: (points wanted, rates wanted).
_OUTPUTS = {"all": (True, True), "points": (True, False), "total": (False, False)}


def score_arrays(columns: Mapping[str, np.ndarray], rules: RulesLike = None, threads: Optional[int] = None,
                 out: Optional[Mapping[str, np.ndarray]] = None, outputs: str = "all",
                 period: Any = None) -> Dict[str, np.ndarray]:
    """Scores many rows given as 1-D integer arrays, one per count column (English or Chinese names).

    Arrays may be of any integer dtype; C-contiguous int32 and int64 arrays are read in place, without a copy.
    ``enforcement_cases`` may be left out (it is then ``filed``). ``rules`` is one rule set (default
    ``zhenping-2021``; a RuleBook is not accepted here, as arrays carry no period). The GIL is released while
    scoring, over ``threads`` threads (default: all cores).

    Returns ``<key>_points`` and ``<key>_rate`` (float64; rates are percentages, NaN when not applicable),
    ``total`` (float64) and ``status`` (uint8: 0 for a valid row, else ``1 + i`` where column ``i`` of
    ``zhifa.COUNT_COLUMNS`` is the first whose rule the row breaks; see ``zhifa.STATUS``). Invalid rows have
    NaN scores and do not stop the batch. Results equal the one-row ``score()`` exactly (then rounded to float).

    ``outputs``: ``"all"`` (the default), ``"points"`` (no rates) or ``"total"`` (only ``total`` and
    ``status``). Fewer outputs are less memory and faster: the rates are not computed at all, and each output
    left out saves 8 bytes a row.

    ``out``: the result of an earlier call with as many rows, the same rule set and the same ``outputs``; its
    arrays are written again instead of new ones being allocated (for repeated scoring at memory speed: no
    allocation, no page faults). Its earlier contents are overwritten.
    """
    if outputs not in _OUTPUTS:
        raise InputError(f"outputs={outputs!r}: expected one of {', '.join(map(repr, _OUTPUTS))}")
    want_points, want_rates = _OUTPUTS[outputs]
    if period is not None:
        if isinstance(rules, _zhifa.RuleSet):
            if not rules.in_force(period):
                raise CoverageError(f"rule set {rules.id} is not in force in period {period}", None, "period")
            rule_set = rules
        else:
            rule_set = resolve_rules(rules).select(period)
    elif rules is None:
        rule_set = _zhifa.RuleSet.builtin()
    else:
        rule_set = resolve_one_rule_set(rules, "score_arrays without period=")
    prepared: Dict[str, np.ndarray] = {}
    n: Optional[int] = None
    for key, array in columns.items():
        name = _FROM_HEADER.get(str(key).strip())
        if name is None or name in ("unit", "period"):
            raise InputError(f"{key!r} is not a count column; expected one of {', '.join(COUNT_COLUMNS)}", None,
                             str(key))
        if name in prepared:
            raise InputError(f"column {name} is given twice", None, str(key))
        a = np.asarray(array)
        if a.ndim != 1:
            raise InputError(f"column {key}: expected a 1-D array, got {a.ndim} dimensions", None, str(key))
        if not np.issubdtype(a.dtype, np.integer):
            raise InputError(f"column {key}: expected an integer dtype, got {a.dtype}", None, str(key))
        if n is not None and len(a) != n:
            raise InputError(f"column {key} has {len(a)} rows; the others have {n}", None, str(key))
        n = len(a)
        if a.dtype not in (np.int32, np.int64) or not a.flags.c_contiguous:
            if a.dtype == np.uint64 and a.size and a.max() > _MAX_COUNT:
                i = int(np.argmax(a > _MAX_COUNT))
                raise InputError(f"row {i}, column {key}: {a[i]} is more than the largest supported count "
                                 f"{_MAX_COUNT}", i, str(key))
            a = np.ascontiguousarray(a, dtype=np.int64)
        prepared[name] = a
    buffers: Dict[str, Any] = {}
    if out is not None:
        first = rule_set.indicator_keys[0]
        for name, key, wanted in (("out_points", f"{first}_points", want_points),
                                  ("out_rates", f"{first}_rate", want_rates)):
            if not wanted:
                continue
            view = out.get(key)
            if view is None or view.base is None:
                raise InputError(f"out: {key} is not from an earlier score_arrays result", None, key)
            buffers[name] = view.base
        buffers["out_total"] = out.get("total")
        buffers["out_status"] = out.get("status")
    out = _zhifa.score_arrays(prepared, rule_set, 0 if threads is None else int(threads), want_points, want_rates,
                              **buffers)
    result: Dict[str, np.ndarray] = {}
    for j, key in enumerate(out["keys"]):  # rows of (indicators, rows) arrays: contiguous views, no copies
        if want_points:
            result[f"{key}_points"] = out["points"][j]
        if want_rates:
            result[f"{key}_rate"] = out["rates"][j]
    result["total"] = out["total"]
    result["status"] = out["status"]
    return result


def units(category: Optional[str] = None, registry: Optional["_zhifa.Registry"] = None) -> pd.DataFrame:
    """The registry as a DataFrame: ``code, name, category, parent, official_name, aliases`` (aliases joined
    with ``|``), ``comprehensive, key_rectification``; sub-units come after the 53 units. ``category`` filters
    by ``township``, ``department`` or ``vertical``."""
    rows = []
    for u in (registry or _zhifa.Registry.builtin()).units():
        if category is not None and u.category != category:
            continue
        rows.append({"code": u.code, "name": u.name, "category": u.category, "parent": u.parent,
                     "official_name": u.official_name, "aliases": "|".join(u.aliases),
                     "comprehensive": u.comprehensive, "key_rectification": u.key_rectification})
    return pd.DataFrame(rows, columns=["code", "name", "category", "parent", "official_name", "aliases",
                                       "comprehensive", "key_rectification"])


def guidance_map() -> pd.DataFrame:
    """The guidance map (3.2.4) as a DataFrame, one row per guided township: ``department_code, department,
    township_code, township``. The eight key departments cover all 22 townships exactly once."""
    reg = _zhifa.Registry.builtin()
    rows = []
    for department, townships in reg.guidance():
        d = reg.resolve(department)
        for t in townships:
            rows.append({"department_code": department, "department": d.name, "township_code": t,
                         "township": reg.resolve(t).name})
    return pd.DataFrame(rows, columns=["department_code", "department", "township_code", "township"])


def leading_group() -> pd.DataFrame:
    """The leading group of 附件1 as a DataFrame: ``role, name, post, unit_code`` (the registry unit a member's
    post heads, when there is one). Its office is at ``zhifa.resolve_unit('司法局')``; ``.attrs`` holds
    ``office_unit`` and ``office_director``."""
    g = _zhifa.Registry.builtin().leading_group()
    df = pd.DataFrame(g["members"], columns=["role", "name", "post", "unit_code"])
    df.attrs["office_unit"] = g["office_unit"]
    df.attrs["office_director"] = g["office_director"]
    return df

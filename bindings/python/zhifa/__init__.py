"""zhifa (执法): the six-rate evaluation of the 2021 Zhenping enforcement rectification plan, in Python.

The C++ core does every computation, exactly (integers and rationals, rounded once per indicator); this
package gives it Python types and a pandas/numpy layer:

- ``score(unit, period, rules=None, **counts) -> Scorecard`` — one unit and period;
- ``score_frame(df, rules=None, keep_going=False) -> DataFrame`` — a table, ranked, as the CLI's CSV;
- ``zhifa.dask`` (optional, needs Dask): ``score_frame(ddf)`` and ``aggregate_cases(ddf)`` over partitions, equal
  to the pandas functions on the computed frame;
- ``rank(scored, by=None)`` — ranks recomputed over any frame of scores; ``compare(scored, base, target)`` — per unit
  the two periods' totals and ranks and their change;
- ``score_arrays(columns, rules=None, threads=None, out=None, outputs="all") -> dict`` — many rows as numpy
  arrays, without copies;
- ``RuleSet.builtin()``, ``RuleSet.from_file(path)``, ``RuleSet.from_text(text)``, ``RuleBook([...])`` — rule
  sets as data (every data-backed type is made the same three ways);
- ``units()``, ``resolve_unit(name)``, ``guidance_map()``, ``leading_group()`` — the 53-unit registry;
- ``Plan.builtin()``, ``WorkCalendar.builtin()`` (2019-2026) — phases, deadlines, working days, iCalendar
  export; a date outside a calendar's data raises ``CoverageError``;
- ``aggregate_cases(df, period="year", as_of=None, quota=None)``, ``check_cases(df)`` — case records;
- ``check_ledger(problems, submissions=None, as_of=None)``, ``ledger_status(...)``, ``ledger_on(problems, date)``,
  ``LedgerStore(path)`` (``import_frame``, ``set``, ``history``, ``frame``, ``as_of``, ``check``) — the campaign's
  problem ledger (四, 五(二)) and its SQLite store with every change recorded;
- ``check_people(officers, cases=None, as_of=None)``, ``people_units(...)``, ``training_rank(...)``,
  ``check_townships(df)``, ``check_joint(requests, responses=None, distances=None)`` — people and organization
  (三(一), 三(二)): certificates, training, the two-officer rule, squads, joint enforcement;
- ``target(card, total=… | rank=…, scored=…)``, ``targets(df, total=… | rank=…)``, ``what_if(card, changes=…)``,
  ``marginals(df)`` — what it would take (整改 planning): the fewest case actions (close, execute, penalize_missed,
  fulfil, file) that lift a unit to a total or rank, exactly; what-if changes; what one more action is worth;
- ``to_excel(scored, path)``, ``to_html(scored, path=None)`` — the evaluation report (排名通报) of a scored frame:
  the workbook (native Excel charts) and the self-contained HTML of ``zhifa report``, from the same C++ layout;
- ``zhifa.plot`` (matplotlib; imported on its own): ``totals``, ``rates``, ``trend`` — Figures with Chinese labels;
- ``read_table(path)`` — a county's .xlsx or .csv (title rows, 合计 rows, 2021/3/19 dates, 300.0 counts, GB18030)
  as a clean DataFrame that the functions above take;
- ``InputError`` (ValueError, with ``.row``/``.column``), ``UnknownUnitError`` (an InputError and a KeyError),
  ``CoverageError`` (an InputError: the data does not cover the question), ``NotFoundError`` and
  ``FileMissingError`` (a FileNotFoundError), ``UsageError`` (a TypeError: ``X.__new__(X)`` alone, pickling a
  ``LedgerStore``), ``Error``; all are ``ZhifaError``.

Example::

    import zhifa, pandas as pd, io
    df = pd.read_csv(io.BytesIO(zhifa.sample_csv()))
    ranked = zhifa.score_frame(df).sort_values("rank")
    print(zhifa.score("涅阳街道", 2021, **df.iloc[0, 2:].to_dict()).explain("en"))
"""

from . import _zhifa
from ._errors import guard_core_types as _guard_core_types

_guard_core_types(_zhifa)
from ._core import (  # noqa: E402
    CaseSettings,
    LedgerSettings,
    PeopleSettings,
    Deduction,
    IndicatorScore,
    Milestone,
    Phase,
    Plan,
    Registry,
    WorkCalendar,
    RuleBook,
    RuleSet,
    Scorecard,
    Unit,
    columns,
    resolve_unit,
    sample_csv,
    score,
    max_toml_bytes,
    set_max_toml_bytes,
)
from ._cases import CASE_COLUMNS, aggregate_cases, check_cases
from ._errors import (
    CoverageError,
    Error,
    FileMissingError,
    InputError,
    NotFoundError,
    UnknownUnitError,
    UsageError,
    ZhifaError,
)
from ._ledger import LEDGER_COLUMNS, LedgerStore, check_ledger, ledger_on, ledger_status
from ._people import (
    OFFICER_COLUMNS,
    check_joint,
    check_people,
    check_townships,
    people_units,
    townships_template,
    training_rank,
)
from ._planner import ACTIONS, ActionPlan, WhatIf, marginals, target, targets, what_if
from ._rank import compare, rank
from ._report import to_excel, to_html
from ._tables import read_table
from ._frame import COUNT_COLUMNS, STATUS, guidance_map, leading_group, score_arrays, score_frame, units

__version__: str = _zhifa.__version__

__all__ = [
    "ACTIONS",
    "ActionPlan",
    "CASE_COLUMNS",
    "COUNT_COLUMNS",
    "CaseSettings",
    "CoverageError",
    "Deduction",
    "Error",
    "UsageError",
    "FileMissingError",
    "IndicatorScore",
    "InputError",
    "LEDGER_COLUMNS",
    "LedgerSettings",
    "LedgerStore",
    "Milestone",
    "NotFoundError",
    "OFFICER_COLUMNS",
    "PeopleSettings",
    "Phase",
    "Plan",
    "Registry",
    "RuleBook",
    "RuleSet",
    "STATUS",
    "Scorecard",
    "Unit",
    "UnknownUnitError",
    "WhatIf",
    "WorkCalendar",
    "ZhifaError",
    "__version__",
    "aggregate_cases",
    "check_cases",
    "check_joint",
    "check_ledger",
    "check_people",
    "check_townships",
    "columns",
    "compare",
    "guidance_map",
    "leading_group",
    "to_excel",
    "to_html",
    "ledger_on",
    "ledger_status",
    "marginals",
    "people_units",
    "resolve_unit",
    "sample_csv",
    "target",
    "targets",
    "score",
    "max_toml_bytes",
    "set_max_toml_bytes",
    "score_arrays",
    "score_frame",
    "rank",
    "read_table",
    "townships_template",
    "training_rank",
    "units",
    "what_if",
]

"""Regressions of the hostile-input audit (issue 16) on the Python side: no input or misuse kills the interpreter,
and every error zhifa raises is a ``zhifa.ZhifaError``."""

import copy
import pickle

import pytest

import zhifa
from zhifa import _zhifa

CORE_TYPES = [
    cls
    for cls in vars(_zhifa).values()
    if isinstance(cls, type) and not issubclass(cls, BaseException) and type(cls).__name__ == "pybind11_type"
]


def test_the_core_types_are_all_found():
    # The classes zhifa re-exports from the core, at least; _LedgerStore and the rest come with them.
    names = {cls.__name__ for cls in CORE_TYPES}
    assert {"RuleSet", "RuleBook", "Scorecard", "Registry", "Unit", "Plan", "Phase", "Milestone", "WorkCalendar",
            "CaseSettings", "LedgerSettings", "PeopleSettings", "_LedgerStore"} <= names


@pytest.mark.parametrize("cls", CORE_TYPES, ids=lambda c: c.__name__)
def test_new_without_a_constructor_is_refused(cls):
    # Once `Scorecard.__new__(Scorecard).total` read null memory and RuleSet.__new__ then pickling segfaulted.
    with pytest.raises(zhifa.UsageError, match=r"__new__ makes no usable object") as e:
        cls.__new__(cls)
    assert isinstance(e.value, zhifa.ZhifaError) and isinstance(e.value, TypeError)


@pytest.mark.parametrize(
    "value",
    [zhifa.Registry.builtin(), zhifa.CaseSettings.builtin(), zhifa.LedgerSettings.builtin(),
     zhifa.PeopleSettings.builtin()],
    ids=lambda v: type(v).__name__,
)
def test_settings_and_registries_pickle_at_every_protocol(value):
    # These once raised "cannot pickle" (a TypeError); they now travel as the TOML they were read from.
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        back = pickle.loads(pickle.dumps(value, protocol))
        assert type(back) is type(value)
        assert pickle.dumps(back, protocol) == pickle.dumps(value, protocol)
    assert copy.deepcopy(value) is value  # immutable: a copy is the object itself


def test_a_pickled_registry_resolves_as_the_original():
    back = pickle.loads(pickle.dumps(zhifa.Registry.builtin(), 0))
    assert [u.code for u in back.units()] == [u.code for u in zhifa.Registry.builtin().units()]
    assert back.resolve("市场监管局").code == zhifa.Registry.builtin().resolve("市场监管局").code


def test_a_ledger_store_refuses_pickling_with_a_zhifa_error(tmp_path):
    store = zhifa.LedgerStore(tmp_path / "ledger.db")
    with pytest.raises(zhifa.UsageError, match="zhifa.LedgerStore cannot be pickled"):
        pickle.dumps(store)


@pytest.mark.parametrize(
    "call",
    [
        lambda: zhifa.RuleSet.from_text(5),
        lambda: zhifa.Registry.builtin().resolve(3),
        lambda: zhifa.RuleSet.builtin().in_force(object()),
        lambda: zhifa.rank([]),
        lambda: zhifa.score_frame("counts.csv"),
    ],
)
def test_arguments_of_the_wrong_type_raise_a_zhifa_error(call):
    # Once pybind11's TypeError ("incompatible function arguments") escaped as it was.
    with pytest.raises(zhifa.ZhifaError) as e:
        call()
    assert isinstance(e.value, (zhifa.UsageError, zhifa.InputError))


def test_a_toml_document_over_the_limit_is_refused_unless_raised():
    # 16 MiB = 16,777,216 bytes by default; the built-in rules and a comment make 17,000,000.
    text = zhifa.RuleSet.builtin().to_toml()
    text += "\n# " + "x" * (17_000_000 - len(text.encode()) - 4) + "\n"
    assert len(text.encode()) == 17_000_000
    assert zhifa.max_toml_bytes() == 16_777_216
    with pytest.raises(zhifa.InputError, match="17000000 bytes of TOML; zhifa reads at most 16777216 bytes"):
        zhifa.RuleSet.from_text(text)
    try:
        zhifa.set_max_toml_bytes(32 << 20)
        assert zhifa.RuleSet.from_text(text).id == "zhenping-2021"
    finally:
        zhifa.set_max_toml_bytes(0)
    assert zhifa.max_toml_bytes() == 16_777_216
    with pytest.raises(zhifa.UsageError):
        zhifa.set_max_toml_bytes(-1)
    # Never lowered: the built-in files load under the same limit.
    with pytest.raises(zhifa.InputError, match="can be raised, not lowered"):
        zhifa.set_max_toml_bytes(1000)
    assert zhifa.max_toml_bytes() == 16_777_216


def test_a_deeply_nested_toml_document_is_an_input_error_not_a_crash():
    # [a.a.a…] 50,000 levels deep once overflowed the stack inside toml++ and killed the interpreter.
    deep = "[" + "a." * 49999 + "a]\n"
    for load in (zhifa.RuleSet.from_text, zhifa.Registry.from_text, zhifa.Plan.from_text,
                 zhifa.WorkCalendar.from_text, zhifa.CaseSettings.from_text):
        with pytest.raises(zhifa.InputError, match="a dotted key of more than 32 parts"):
            load(deep)

"""zhifa.score, Scorecard, RuleSet and RuleBook from Python; every number worked out by hand."""

import copy
import json
import pickle
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

import zhifa

from conftest import PERFECT, ROOT


def test_version_is_the_cmake_project_version():
    cmake = (ROOT / "CMakeLists.txt").read_text()
    assert zhifa.__version__ == re.search(r"project\(zhifa VERSION ([0-9.]+)", cmake).group(1)


def test_rounding_boundary_is_exact():
    counts = dict(PERFECT, should_file=640, filed=640, closed=23, executed=23, penalized=640)
    card = zhifa.score("涅阳街道", 2021, **counts)
    closure = card.indicators["closure"]
    # A2.2: 16 × 23/640 = 0.575 exactly -> 0.58 (binary doubles give 0.57).
    assert closure.points == Decimal("0.58")
    assert closure.rate == Fraction(23, 640)
    assert closure.base_points == Fraction(23, 40)  # 0.575
    # 20 + 0.58 + 16 + 16 + 16 + 16 = 84.58
    assert card.total == Decimal("84.58")
    assert isinstance(card.total, Decimal)


def test_deductions_and_published_rate():
    counts = dict(PERFECT, should_file=800, filed=793, closed=715, executed=700, court_refused=1, penalized=650,
                  sued=1, judgments=1, judgments_won=1)
    card = zhifa.score("nieyang", "2021", **counts)
    # closure 715/793 = 90.16 %, 16 × 715/793 = 14.426... -> 14.43
    assert card.indicators["closure"].rate_percent == Decimal("90.16")
    assert card.indicators["closure"].points == Decimal("14.43")
    # execution 16 × 700/715 − 3 × 1 = 12.664... -> 12.66
    execution = card.indicators["execution"]
    assert execution.points == Decimal("12.66")
    assert execution.deductions[0].column == "court_refused"
    assert execution.deductions[0].amount == Decimal(3)
    assert execution.deductions[0].clause == "A2.3"
    # 19.83 + 14.43 + 12.66 + 13.11 + 15.98 + 16.00 = 92.01 (see tests/report_test.cc)
    assert card.total == Decimal("92.01")


def test_not_applicable_indicator():
    card = zhifa.score("涅阳街道", 2021, **PERFECT)
    lit = card.indicators["litigation"]
    assert lit.applicable is False
    assert lit.rate is None and lit.rate_percent is None
    assert lit.points == Decimal("16.00")  # no judgments: full points
    assert card.total == Decimal("100.00")


def test_chinese_count_names_and_numpy_integers():
    counts = {zh: np.int64(PERFECT[en]) for en, zh in zhifa.COUNT_COLUMNS.items() if en in PERFECT}
    assert zhifa.score("涅阳街道", 2021, **counts).total == Decimal("100.00")


def test_sub_unit_is_scored_as_its_parent():
    card = zhifa.score("交警大队", "2021-H1", **PERFECT)
    assert card.unit == "公安局" and card.unit_code == "public_security" and card.period == "2021-H1"


def test_bad_counts_raise_input_error_naming_the_column():
    with pytest.raises(zhifa.InputError, match=r"column closed: 101 is more than filed \(100\)") as e:
        zhifa.score("涅阳街道", 2021, **dict(PERFECT, closed=101))
    assert isinstance(e.value, ValueError)
    assert e.value.column == "closed"
    with pytest.raises(zhifa.InputError, match="missing") as e:
        zhifa.score("涅阳街道", 2021, **{k: v for k, v in PERFECT.items() if k != "judgments"})
    assert e.value.column == "judgments"
    with pytest.raises(zhifa.InputError, match="not a whole number"):
        zhifa.score("涅阳街道", 2021, **dict(PERFECT, filed=1.5))
    with pytest.raises(zhifa.InputError, match='unknown count "fild"'):
        zhifa.score("涅阳街道", 2021, fild=3, **PERFECT)
    with pytest.raises(zhifa.InputError, match="not a period"):
        zhifa.score("涅阳街道", "2021-13", **PERFECT)


def test_unknown_unit_is_a_key_error():
    with pytest.raises(KeyError) as e:
        zhifa.score("火星局", 2021, **PERFECT)
    assert isinstance(e.value, zhifa.UnknownUnitError)
    assert "火星局" in str(e.value)


def test_unknown_builtin_ids_list_the_known_ones():
    with pytest.raises(zhifa.NotFoundError) as e:
        zhifa.RuleSet.builtin("nosuch")
    assert isinstance(e.value, LookupError) and isinstance(e.value, zhifa.ZhifaError)
    assert "zhenping-2021" in str(e.value)
    # A str that is neither a built-in id nor a file is never taken for TOML text.
    with pytest.raises(zhifa.NotFoundError, match="no built-in rule set of that id .*zhenping-2021.* and no such file"):
        zhifa.score("涅阳街道", 2021, rules="strict-rules.toml", **PERFECT)


def test_explain_and_json():
    card = zhifa.score("涅阳街道", 2021, **dict(PERFECT, overdue=1))
    zh = card.explain()
    assert "办结率 (closure, A2.2, 权重 16)" in zh
    assert "扣分 超期件数 1 × 2 = 2 [A2.2]" in zh
    assert "closure rate" in card.explain("en")
    with pytest.raises(zhifa.InputError):
        card.explain("fr")
    d = card.to_dict()
    assert d["ruleset"]["digest"] == card.ruleset_digest == zhifa.RuleSet.builtin().digest
    # closure 16 − 2 = 14.00
    assert d["indicators"][1]["points"] == "14.00"
    assert json.loads(card.to_json(True))["explanation"] == zh


def test_rules_from_toml_text_and_path(tmp_path: Path):
    text = zhifa.RuleSet.builtin().to_toml().replace('id = "zhenping-2021"', 'id = "mine"')
    text = text.replace('count = "overdue"\npoints = 2', 'count = "overdue"\npoints = 4')
    from_text = zhifa.RuleSet.from_text(text)
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    from_path = zhifa.RuleSet.from_file(path)
    assert from_text.digest == from_path.digest != zhifa.RuleSet.builtin().digest
    assert zhifa.RuleSet.from_file(str(path)).id == "mine"
    with pytest.raises(zhifa.FileMissingError, match="other-dir/mine.toml"):
        zhifa.RuleSet.from_file(tmp_path / "other-dir" / "mine.toml")
    with pytest.warns(DeprecationWarning):
        assert zhifa.RuleSet.from_toml(path).id == "mine"
    # closure 16 − 4 × 1 = 12; total 96.
    card = zhifa.score("涅阳街道", 2021, rules=from_path, **dict(PERFECT, overdue=1))
    assert card.indicators["closure"].points == Decimal("12.00")
    assert card.total == Decimal("96.00")
    assert card.ruleset_id == "mine"


def test_rule_file_errors_name_line_and_key():
    with pytest.raises(zhifa.InputError, match=r"<string>:\d+: indicator\[1\]\.weight: missing"):
        zhifa.RuleSet.from_text('id = "x"\ntitle = "x"\neffective_from = 2021-01-01\n[[indicator]]\nkey = "a"\n'
                                'name = "a"\nnumerator = "filed"\ndenominator = "should_file"\n')


def test_rule_book_selects_by_period():
    base = zhifa.RuleSet.builtin().to_toml()
    a = zhifa.RuleSet.from_text(base.replace('id = "zhenping-2021"', 'id = "a"').replace(
        "effective_from = 2021-01-01", "effective_from = 2021-01-01\neffective_until = 2021-06-30"))
    b = zhifa.RuleSet.from_text(base.replace('id = "zhenping-2021"', 'id = "b"').replace(
        "effective_from = 2021-01-01", "effective_from = 2021-07-01"))
    book = zhifa.RuleBook([b, a])
    assert book.select("2021-Q2").id == "a"
    assert book.select("2021-H2").id == "b"
    assert zhifa.score("涅阳街道", "2021-08", rules=book, **PERFECT).ruleset_id == "b"
    with pytest.raises(zhifa.InputError, match="overlap"):
        zhifa.RuleBook([a, a])


def test_pickling_replays_exactly():
    rules = zhifa.RuleSet.builtin()
    assert pickle.loads(pickle.dumps(rules)).digest == rules.digest
    book = zhifa.RuleBook.builtin()
    assert [s.id for s in pickle.loads(pickle.dumps(book)).sets] == ["zhenping-2021"]
    card = zhifa.score("交警大队", "2021-Q3", **dict(PERFECT, overdue=3, sued=2))
    again = pickle.loads(pickle.dumps(card))
    assert again.to_json() == card.to_json()
    assert again.total == card.total and again.unit == "公安局" and again.period == "2021-Q3"
    assert again.counts == card.counts
    err = pickle.loads(pickle.dumps(zhifa.InputError("m", 3, "closed")))
    assert (str(err), err.row, err.column) == ("m", 3, "closed")
    # Every protocol, 0 and 1 included, and deep copies; equal rule sets compare equal.
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        assert pickle.loads(pickle.dumps(rules, protocol)) == rules
        assert pickle.loads(pickle.dumps(book, protocol)) == book
        assert pickle.loads(pickle.dumps(card, protocol)).total == card.total
    for value in (zhifa.resolve_unit("交警大队"), zhifa.Plan.builtin(), zhifa.WorkCalendar.builtin(),
                  zhifa.WorkCalendar.china(2021), zhifa.Plan.builtin().phase_on("2021-05-01"),
                  zhifa.Plan.builtin().milestones()[0]):
        assert pickle.loads(pickle.dumps(value)) == value, value
        assert copy.deepcopy(value) == value, value

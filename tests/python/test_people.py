"""People and organization from Python on the synthetic example register (examples/officers.csv) and its cases
(examples/officer-cases.csv); each figure is worked out in tests/people_test.cc from the plan's rules, and the
CLI gives the same findings."""

import io
import subprocess

import pandas as pd
import pytest

import zhifa
from conftest import ROOT

OFFICERS = ROOT / "examples" / "officers.csv"
CASES = ROOT / "examples" / "officer-cases.csv"


@pytest.fixture
def officers() -> pd.DataFrame:
    return pd.read_csv(OFFICERS, skiprows=1, dtype=str, keep_default_na=False)  # line 1 is a title


@pytest.fixture
def cases() -> pd.DataFrame:
    return pd.read_csv(CASES, dtype=str, keep_default_na=False)


def test_findings_of_the_register_and_the_cases(officers, cases):
    found = zhifa.check_people(officers, cases, as_of="2021-05-10")
    # 17 officer findings and 10 case findings.
    assert (found.source == "officer").sum() == 17 and (found.source == "case").sum() == 10
    o03 = found[(found.id == "O03")]
    assert o03.rule.tolist() == ["no_training_certificate", "public_law_days", "training_late"]
    assert o03.row.tolist() == [2, 2, 2]  # index labels of the frame
    c2 = found[found.id == "C2"]
    assert c2.rule.tolist() == ["two_officers", "uncertified_enforcement"]
    assert c2.message.iloc[0] == "案件 C2：调查人员中持有效执法证的仅 1 人，应两人以上"
    # Officer ids as lists work as well as "a|b" text.
    listed = cases.copy()
    listed["investigators"] = listed["investigators"].str.split("|").map(lambda v: [x for x in v if x])
    pd.testing.assert_frame_equal(zhifa.check_people(officers, listed, as_of="2021-05-10"), found)


def test_the_cli_finds_the_same(officers, cases, cli):
    out = subprocess.run([str(cli), "people", "check", str(OFFICERS), "--cases", str(CASES), "--as-of",
                          "2021-05-10", "--format", "csv"], capture_output=True, text=True)
    assert out.returncode == 1, out.stderr
    from_cli = pd.read_csv(io.StringIO(out.stdout), dtype=str, keep_default_na=False)
    found = zhifa.check_people(officers, cases, as_of="2021-05-10")
    key = ["id", "unit", "rule", "clause", "message"]
    assert from_cli[key].values.tolist() == found[key].values.tolist()


def test_dates_as_datetime64(officers):
    typed = officers.copy()
    for column, form in (("执法证有效期至", "%Y-%m-%d"), ("结业证日期", "%Y/%m/%d"), ("培训日期", "%Y/%m/%d")):
        typed[column] = pd.to_datetime(typed[column].where(typed[column] != ""), format=form)
    pd.testing.assert_frame_equal(zhifa.check_people(typed, as_of=pd.Timestamp("2021-07-01")),
                                  zhifa.check_people(officers, as_of="2021-07-01"))


def test_units_and_ranking(officers):
    units = zhifa.people_units(officers, as_of="2021-05-10")
    nieyang = units[units.unit == "涅阳街道"].iloc[0]
    # 3 of 3 certified; 2 of 3 trained by 04-30 (66.67%).
    assert nieyang.certified == 3 and nieyang.certified_percent == 100.0
    assert nieyang.trained_by_deadline == 2 and nieyang.trained_percent == pytest.approx(66.67)
    # All units: 15 officers, 3 of them auxiliary staff (O04, O10, O15): 11 enforcement, 1 legal review (O03).
    total = units.iloc[-1]
    assert total.unit == "合计" and (total.enforcement, total.legal_review, total.auxiliary) == (11, 1, 3)
    ranked = zhifa.training_rank(officers, as_of="2021-06-01")
    assert ranked[["rank", "unit"]].values.tolist()[-2:] == [[4, "涅阳街道"], [5, "卢医镇"]]
    assert str(ranked.score.iloc[-2]) == "75.00" and ranked.attrs["discipline_known"] is False


def test_bad_rows(officers):
    bad = officers.copy()
    bad.loc[4, "岗位"] = "巡逻岗"
    with pytest.raises(zhifa.InputError) as e:
        zhifa.check_people(bad, as_of="2021-05-10")
    assert e.value.row == 4 and e.value.column == "岗位"
    kept = zhifa.check_people(bad, as_of="2021-05-10", keep_going=True)
    assert "O05" not in set(kept.id) and len(kept.attrs["errors"]) == 1


def test_townships_and_joint():
    template = zhifa.townships_template()
    assert len(template) == 22
    assert len(zhifa.check_townships(template)) == 22 * 15
    requests = pd.DataFrame({"request_id": ["J1"], "initiator": ["市场监管局"], "requested": [["公安局"]],
                             "legal_basis": [""], "action_on": [pd.Timestamp("2021-06-01")]})
    found = zhifa.check_joint(requests)
    assert found.rule.tolist() == ["joint_no_basis", "joint_refused"]
    assert found.request_id.tolist() == ["J1", "J1"] and found.row.tolist() == [0, 0]


def test_a_registry_of_the_county_resolves_the_units(officers, cases, revitalization_registry):
    # Officer O01 of 乡村振兴局 (the county's name of 扶贫办): unknown to the built-in registry, resolved by the
    # county's. Every function then gives what the built-in registry gives with 扶贫办 written.
    renamed, plain = officers.copy(), officers.copy()
    renamed.loc[0, "单位"], plain.loc[0, "单位"] = "乡村振兴局", "扶贫办"
    with pytest.raises(zhifa.InputError):
        zhifa.check_people(renamed, as_of="2021-05-10")
    reg = revitalization_registry
    pd.testing.assert_frame_equal(zhifa.check_people(renamed, as_of="2021-05-10", registry=reg),
                                  zhifa.check_people(plain, as_of="2021-05-10"))
    # The cases too: every case of 涅阳街道 filed as 涅阳新区 reads only with the county's registry, and gives the
    # same findings.
    unit_column = next(c for c in cases.columns if c in ("unit", "单位", "办案单位"))
    renamed_cases = cases.assign(**{unit_column: cases[unit_column].replace("涅阳街道", "涅阳新区")})
    assert (renamed_cases[unit_column] == "涅阳新区").any()
    with pytest.raises(zhifa.InputError):
        zhifa.check_people(plain, renamed_cases, as_of="2021-05-10")
    pd.testing.assert_frame_equal(zhifa.check_people(plain, renamed_cases, as_of="2021-05-10", registry=reg),
                                  zhifa.check_people(plain, cases, as_of="2021-05-10"))
    units = zhifa.people_units(renamed, as_of="2021-05-10", registry=reg)
    pd.testing.assert_frame_equal(units, zhifa.people_units(plain, as_of="2021-05-10"))
    assert units[units.unit == "扶贫办"]["enforcement"].iloc[0] == 1  # O01 is on an enforcement post
    pd.testing.assert_frame_equal(zhifa.training_rank(renamed, as_of="2021-06-01", registry=reg),
                                  zhifa.training_rank(plain, as_of="2021-06-01"))
    requests = pd.DataFrame({"request_id": ["J1"], "initiator": ["乡村振兴局"], "requested": [["公安局"]],
                             "legal_basis": [""], "action_on": [pd.Timestamp("2021-06-01")]})
    with pytest.raises(zhifa.InputError):
        zhifa.check_joint(requests)
    pd.testing.assert_frame_equal(zhifa.check_joint(requests, registry=reg),
                                  zhifa.check_joint(requests.assign(initiator=["扶贫办"])))
    # The checklist: 涅阳街道's row written 涅阳新区 is an unknown township to the built-in registry (a bad row, and
    # 涅阳街道 missing), and 涅阳街道 itself to the county's.
    template = zhifa.townships_template()
    township_column = template.columns[0]
    renamed_template = template.assign(**{township_column: template[township_column].replace("涅阳街道", "涅阳新区")})
    assert (renamed_template[township_column] == "涅阳新区").sum() == 1
    with pytest.raises(zhifa.InputError):
        zhifa.check_townships(renamed_template)
    pd.testing.assert_frame_equal(zhifa.check_townships(renamed_template, registry=reg),
                                  zhifa.check_townships(template))

"""The planner from Python: target, targets, what_if, marginals; the same answers as `zhifa target`."""

import json
import subprocess
from decimal import Decimal

import pytest

import zhifa

# The unit of tests/planner_test.cc, by hand under zhenping-2021: filing 20.00; closure 16 × 90/100 − 2 − 5 = 7.40;
# execution 16 × 81/90 = 14.40; penalty 16 × 60/100 − 3 × 2 = 3.60; sued 16 × (1 − 25/100) = 12.00; litigation
# 16 × 16/25 = 10.24: 67.64.
COUNTS = dict(should_file=100, filed=100, closed=90, overdue=1, leader_unfulfilled=1, executed=81, court_refused=0,
              penalized=60, missed_penalty=2, sued=25, judgments=25, judgments_won=16)


@pytest.fixture
def card():
    return zhifa.score("县市场监督管理局", 2021, **COUNTS)


def test_target_total(card):
    assert card.total == Decimal("67.64")
    plan = zhifa.target(card, total=75)
    # Penalize one missed case (+3.16: 16 × 61/100 − 3 = 6.76) and fulfil the assigned one (+5.00): 75.80; no single
    # action suffices (fulfil alone 72.64).
    assert plan.reachable
    assert plan.cost == 2
    assert plan.actions == {"file": 0, "close": 0, "execute": 0, "penalize_missed": 1, "fulfil": 1}
    assert plan.total_after == Decimal("75.80")
    assert plan.contribution["fulfil"] == Decimal("5.00")
    assert plan.explanation == "对 1 件应处罚未处罚案件作出处罚，落实 1 件县领导交办案件：总分 67.64 → 75.80"
    table = plan.table()
    assert table.loc["closure", "points_after"] == Decimal("12.40")
    assert table.loc["total", "change"] == Decimal("8.16")
    # The same from a unit, a period and counts.
    assert zhifa.target("县市场监督管理局", 2021, total=75, **COUNTS).actions == plan.actions


def test_target_unreachable_and_restricted(card):
    plan = zhifa.target(card, total=90)
    # At most 82.16 (planner_test): close all 10, execute 19, penalize 2, fulfil 1.
    assert not plan.reachable
    assert plan.max_total == Decimal("82.16")
    assert plan.cost == 32
    # Only close and execute: two executions reach 68.00 (16 × 83/90 = 14.76).
    plan = zhifa.target(card, total=68, actions=["close", "execute"])
    assert plan.actions["execute"] == 2 and plan.cost == 2
    # fulfil priced at 10: penalizing once (70.80) is cheaper for 70.
    plan = zhifa.target(card, total=70, cost={"fulfil": 10})
    assert plan.actions["penalize_missed"] == 1 and plan.cost == 1


def test_errors(card):
    with pytest.raises(zhifa.InputError, match="give total= or rank="):
        zhifa.target(card)
    with pytest.raises(zhifa.InputError, match="rank= needs scored="):
        zhifa.target(card, rank=3)
    with pytest.raises(zhifa.InputError, match='unknown action "shout"'):
        zhifa.target(card, total=70, actions="close,shout")
    with pytest.raises(zhifa.InputError, match="closed: 101 is more than filed"):
        zhifa.what_if(card, changes={"closed": "+11"})
    with pytest.raises(zhifa.InputError, match="expected a whole number"):
        zhifa.what_if(card, changes={"closed": 1.5})
    with pytest.raises(zhifa.InputError, match="expected a whole number >= 0"):
        zhifa.what_if(card, changes={"overdue": -2})  # a number is absolute; "-2" would be relative
    # 10^17 points is out of reach, not wrapped round into "reached".
    assert not zhifa.target(card, total=10**17).reachable


def test_what_if(card):
    w = zhifa.what_if(card, changes={"closed": "+10", "overdue": 0})
    # closure 16 × 100/100 − 5 = 11.00; execution 16 × 81/100 = 12.96: 69.80.
    assert w.total_after == Decimal("69.80")
    assert w.table().loc["execution", "points_after"] == Decimal("12.96")
    assert w.changes == ["closed=+10", "overdue=0"]


def test_marginals(card):
    m = zhifa.marginals(card)
    # fulfil +5.00, penalize +3.16, execute +0.18, close 0.00, file impossible (the quota is met).
    assert list(m["action"]) == ["fulfil", "penalize_missed", "execute", "close", "file"]
    assert list(m["gain"][:4]) == [Decimal("5.00"), Decimal("3.16"), Decimal("0.18"), Decimal("0.00")]
    assert not m["available"].iloc[4]


def test_targets_equal_the_cli_for_every_unit(sample, cli, tmp_path):
    """Every path gives the same answer: targets() over the sample against `zhifa target --rank 10`."""
    frame = zhifa.targets(sample, rank=10)
    assert list(frame.index) == list(sample.index)
    scored = zhifa.score_frame(sample)
    assert list(frame["total_before"].astype(str)) == [f"{t:.2f}" for t in scored["total"]]
    for _, row in frame.iloc[::6].iterrows():
        out = subprocess.run([str(cli), "target", "--unit", row["unit_code"], "--rank", "10", "--format", "json"],
                             capture_output=True, text=True)
        assert out.returncode == (0 if row["reachable"] else 1), out.stderr
        j = json.loads(out.stdout)
        assert Decimal(j["target"]) == row["target"]
        assert j["actions"] == {a: int(row[a]) for a in zhifa.ACTIONS}
        assert Decimal(j["total_after"]) == row["total_after"]
        assert j["rank_after"] == row["rank_after"]
        assert j["explanation"] == row["explanation"]
    # Rank 10 means at least the tenth-highest total of the others; a unit already in the top ten needs nothing.
    top = frame[frame["rank_before"] <= 10]
    assert (top["cost"] == 0).all()
    assert (frame[frame["reachable"]]["rank_after"] <= 10).all()

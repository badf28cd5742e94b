"""zhifa.dask on a distributed.LocalCluster (2 worker processes): the same answers as the pandas functions on the
computed frame, ranks included; rank and compare; every public value type pickles."""

import copy
import io
import pickle

import numpy as np
import pandas as pd
import pytest

import zhifa

dd = pytest.importorskip("dask.dataframe", reason="python3-dask is not installed (scripts/setup.sh installs it)")
distributed = pytest.importorskip("distributed")
import zhifa.dask  # noqa: E402  (after the skip)


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c, \
            distributed.Client(c) as cl:
        yield cl


def sample() -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(zhifa.sample_csv()))


def many(n_periods: int = 12) -> pd.DataFrame:
    """The sample's units over several months, with counts varied, so that ranks span partitions."""
    base = sample()
    rng = np.random.default_rng(7)
    frames = []
    for m in range(1, n_periods + 1):
        f = base.copy()
        f["period"] = f"2021-{m:02d}"
        f["closed"] = (f["filed"] * rng.uniform(0.5, 1.0, len(f))).astype(int)
        f["executed"] = np.minimum(f["executed"], f["closed"])
        frames.append(f)
    return pd.concat(frames, ignore_index=True)


def test_score_frame_equals_pandas_ranks_included(client):
    df = many()
    expected = zhifa.score_frame(df)
    ddf = dd.from_pandas(df, npartitions=7)  # partitions cut across periods and units
    got = zhifa.dask.score_frame(ddf).compute()
    pd.testing.assert_frame_equal(got, expected)
    # Per-partition ranks alone would be wrong: the check above would fail on them.
    naive = ddf.map_partitions(zhifa.score_frame, meta=expected.iloc[:0]).compute()
    assert (naive["rank"] != expected["rank"]).any()


def test_score_frame_meta_without_data_and_bad_rows(client):
    df = many(2)
    df.loc[5, "closed"] = df.loc[5, "filed"] + 1  # closed > filed: a bad row
    ddf = dd.from_pandas(df, npartitions=3)
    lazy = zhifa.dask.score_frame(ddf, keep_going=True)
    assert list(lazy.columns) == list(zhifa.score_frame(df.iloc[:0], keep_going=True).columns)
    pd.testing.assert_frame_equal(lazy.compute(), zhifa.score_frame(df, keep_going=True))
    with pytest.raises(zhifa.InputError, match="closed"):
        zhifa.dask.score_frame(ddf).compute()


def test_rule_sets_with_different_indicators_are_refused(client):
    base = zhifa.RuleSet.builtin().to_toml()
    early = base.replace('id = "zhenping-2021"', 'id = "early"').replace(
        "effective_from = 2021-01-01", "effective_from = 2021-01-01\neffective_until = 2022-12-31")
    later = base.replace('id = "zhenping-2021"', 'id = "later"').replace(
        "effective_from = 2021-01-01", "effective_from = 2023-01-01").replace('key = "litigation"', 'key = "wins"')
    book = zhifa.RuleBook([zhifa.RuleSet.from_text(early), zhifa.RuleSet.from_text(later)])
    with pytest.raises(zhifa.InputError, match="needs rule sets with the same indicators"):
        zhifa.dask.score_frame(dd.from_pandas(sample(), npartitions=2), rules=book)


def test_a_unit_and_period_in_two_partitions_is_refused(client):
    df = pd.concat([sample(), sample().iloc[:1]], ignore_index=True)  # 涅阳街道 2021 twice, far apart
    with pytest.raises(zhifa.InputError, match="涅阳街道 2021 has 2 rows in different partitions"):
        zhifa.dask.score_frame(dd.from_pandas(df, npartitions=2))


def test_aggregate_cases_equals_pandas(client):
    cases = pd.read_csv("examples/cases.csv")
    expected = zhifa.aggregate_cases(cases)
    got = zhifa.dask.aggregate_cases(dd.from_pandas(cases, npartitions=4))
    pd.testing.assert_frame_equal(got, expected)
    assert got.attrs["missing_quota"] == expected.attrs["missing_quota"]
    for period in ("quarter", "month"):
        pd.testing.assert_frame_equal(
            zhifa.dask.aggregate_cases(dd.from_pandas(cases, npartitions=3), period=period),
            zhifa.aggregate_cases(cases, period=period))
    quota = expected[["unit", "period"]].assign(should_file=10)
    pd.testing.assert_frame_equal(zhifa.dask.aggregate_cases(dd.from_pandas(cases, npartitions=3), quota=quota),
                                  zhifa.aggregate_cases(cases, quota=quota))
    # The quota from history reads earlier years' filings in other partitions: the same as in one process.
    history = zhifa.aggregate_cases(cases, quota="history")
    got = zhifa.dask.aggregate_cases(dd.from_pandas(cases, npartitions=5), quota="history")
    pd.testing.assert_frame_equal(got, history)
    assert got.attrs["missing_quota"] == history.attrs["missing_quota"]
    assert history["should_file"].notna().any()
    # Neighbour figures with the policy of the settings, and bad cases by their labels, in order.
    neighbours = expected[["unit", "period"]].assign(neighbour=7)
    pd.testing.assert_frame_equal(
        zhifa.dask.aggregate_cases(dd.from_pandas(cases, npartitions=3), quota=neighbours, history=True),
        zhifa.aggregate_cases(cases, quota=neighbours, history=True))
    bad = cases.copy()
    bad.loc[3, "filed_on"] = "2021-13-45"
    bad.loc[60, "unit"] = "不存在的单位"
    one = zhifa.aggregate_cases(bad, keep_going=True)
    spread = zhifa.dask.aggregate_cases(dd.from_pandas(bad, npartitions=4), keep_going=True)
    pd.testing.assert_frame_equal(spread, one)
    assert spread.attrs["errors"] == one.attrs["errors"] and len(one.attrs["errors"]) == 2
    with pytest.raises(zhifa.InputError, match="row 3, column filed_on"):
        zhifa.dask.aggregate_cases(dd.from_pandas(bad, npartitions=4))


def test_rank_and_compare():
    df = many(2)
    scored = zhifa.score_frame(df)
    shuffled = scored.sample(frac=1, random_state=1)
    pd.testing.assert_frame_equal(zhifa.rank(shuffled).sort_index(), scored)
    zh = zhifa.score_frame(df, headers="zh")
    assert (zhifa.rank(zh)["排名"] == zh["排名"]).all()
    # by: ranks within each value of another column too.
    two = scored.assign(province=np.where(np.arange(len(scored)) % 2 == 0, "A", "B"))
    by = zhifa.rank(two, by="province")
    a = two[two["province"] == "A"]
    assert (by.loc[a.index, "rank"] == zhifa.rank(a)["rank"]).all()
    c = zhifa.compare(scored, "2021-01", "2021-02")
    assert len(c) == scored["unit_code"].nunique()
    row = c.iloc[0]
    jan = scored[(scored["period"] == "2021-01") & (scored["unit_code"] == row["unit_code"])].iloc[0]
    feb = scored[(scored["period"] == "2021-02") & (scored["unit_code"] == row["unit_code"])].iloc[0]
    assert row["total_base"] == jan["total"] and row["total_target"] == feb["total"]
    assert row["rank_target"] == 1 and row["rank_change"] == jan["rank"] - 1
    assert row["change"] == pytest.approx(feb["total"] - jan["total"])
    with pytest.raises(zhifa.InputError, match="no scored row has period '2030'"):
        zhifa.compare(scored, "2021-01", "2030")


def test_value_types_pickle_and_deep_copy():
    card = zhifa.score("涅阳街道", 2021, should_file=800, filed=793, closed=715, overdue=0, leader_unfulfilled=0,
                       executed=700, court_refused=1, penalized=650, missed_penalty=0, sued=1, judgments=1,
                       judgments_won=1)
    values = [zhifa.RuleSet.builtin(), zhifa.RuleBook([zhifa.RuleSet.builtin()]), card,
              zhifa.resolve_unit("涅阳街道"), zhifa.Plan.builtin(), zhifa.WorkCalendar.builtin(),
              zhifa.Plan.builtin().phase_on("2021-05-10")]
    for v in values:
        for protocol in (2, pickle.HIGHEST_PROTOCOL):
            back = pickle.loads(pickle.dumps(v, protocol))
            assert type(back) is type(v)
        assert type(copy.deepcopy(v)) is type(v)
    assert pickle.loads(pickle.dumps(card)).total == card.total
    assert pickle.loads(pickle.dumps(zhifa.RuleSet.builtin())) == zhifa.RuleSet.builtin()


def test_a_case_repeated_across_partitions_is_counted_once(client):
    # The example cases with three of them pasted again at the end (another partition), one with its id padded
    # by spaces, one in full-width forms (the readers clean both): each is counted once, the repeats refused by
    # row, as in one process.
    cases = pd.read_csv("examples/cases.csv")
    copies = cases.iloc[[0, 5, 9]].copy()
    copies.loc[copies.index[1], "case_id"] = f"  {copies.iloc[1]['case_id']} "
    # and one in full-width letters and digits (Ｋ-０７ for K-07), as the readers clean it
    wide = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})
    copies.loc[copies.index[2], "case_id"] = copies.iloc[2]["case_id"].translate(wide)
    twice = pd.concat([cases, copies], ignore_index=True)
    one = zhifa.aggregate_cases(twice, keep_going=True)
    spread = zhifa.dask.aggregate_cases(dd.from_pandas(twice, npartitions=3), keep_going=True)
    pd.testing.assert_frame_equal(spread, one)
    pd.testing.assert_frame_equal(one, zhifa.aggregate_cases(cases))  # the copies change no count
    n = len(cases)
    assert one.attrs["errors"] == spread.attrs["errors"] == [
        f'row {n + k}: case_id "{cases.loc[i, "case_id"]}" is repeated (first in row {i}); each case is counted once'
        for k, i in enumerate([0, 5, 9])]
    with pytest.raises(zhifa.InputError, match=rf"row {n}: case_id .* is repeated \(first in row 0\)"):
        zhifa.dask.aggregate_cases(dd.from_pandas(twice, npartitions=3))

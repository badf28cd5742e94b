"""zhifa.score_arrays: numpy in and out, zero-copy, same numbers as the one-row path."""

import tracemalloc

import numpy as np
import pytest

import zhifa

from conftest import PERFECT


def random_columns(n: int, seed: int, dtype=np.int64) -> dict:
    rng = np.random.default_rng(seed)
    filed = rng.integers(0, 700, n)
    closed = (filed * rng.random(n)).astype(np.int64)
    judgments = rng.integers(0, 5, n)
    cols = dict(should_file=rng.integers(0, 800, n), filed=filed, closed=closed, overdue=rng.integers(0, 4, n),
                leader_unfulfilled=rng.integers(0, 2, n), executed=(closed * rng.random(n)).astype(np.int64),
                court_refused=rng.integers(0, 2, n), penalized=(filed * rng.random(n)).astype(np.int64),
                missed_penalty=rng.integers(0, 3, n), sued=rng.integers(0, 4, n),
                judgments=judgments, judgments_won=(judgments * rng.random(n)).astype(np.int64))
    return {k: v.astype(dtype) for k, v in cols.items()}


def test_matches_the_one_row_path():
    cols = random_columns(500, 1)
    out = zhifa.score_arrays(cols)
    for i in range(500):
        card = zhifa.score("涅阳街道", 2021, **{k: int(v[i]) for k, v in cols.items()})
        assert out["total"][i] == float(card.total), i
        for key, ind in card.indicators.items():
            assert out[f"{key}_points"][i] == float(ind.points)
            if ind.rate_percent is None:
                assert np.isnan(out[f"{key}_rate"][i])
            else:
                assert out[f"{key}_rate"][i] == float(ind.rate_percent)


def test_rounding_boundary_row():
    cols = {k: np.array([v]) for k, v in dict(PERFECT, should_file=640, filed=640, closed=23, executed=23,
                                                   penalized=640).items()}
    out = zhifa.score_arrays(cols)
    # 16 × 23/640 = 0.575 -> 0.58; total 84.58.
    assert out["closure_points"][0] == 0.58 and out["total"][0] == 84.58


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64])
def test_any_integer_dtype(dtype):
    cols = {k: np.minimum(v, 100) for k, v in random_columns(300, 2).items()}
    expected = zhifa.score_arrays(cols)["total"]
    got = zhifa.score_arrays({k: v.astype(dtype) for k, v in cols.items()})["total"]
    np.testing.assert_array_equal(got, expected)


def test_non_integer_dtype_is_refused():
    cols = random_columns(3, 3)
    cols["filed"] = cols["filed"].astype(float)
    with pytest.raises(zhifa.InputError, match="expected an integer dtype") as e:
        zhifa.score_arrays(cols)
    assert e.value.column == "filed"


def test_invalid_rows_get_a_status_and_do_not_stop_the_batch():
    cols = random_columns(5, 4)
    cols["closed"][2] = cols["filed"][2] + 1  # closed > filed
    cols["overdue"][4] = -1
    out = zhifa.score_arrays(cols)
    assert zhifa.STATUS[int(out["status"][2])] == "closed"
    assert zhifa.STATUS[int(out["status"][4])] == "overdue"
    assert np.isnan(out["total"][2]) and np.isnan(out["total"][4])
    assert (out["status"][[0, 1, 3]] == 0).all() and not np.isnan(out["total"][[0, 1, 3]]).any()


def test_threads_give_the_same_result():
    cols = random_columns(50_000, 5)
    np.testing.assert_array_equal(zhifa.score_arrays(cols, threads=1)["total"],
                                  zhifa.score_arrays(cols, threads=2)["total"])


@pytest.mark.parametrize("dtype", [np.int32, np.int64])
def test_int32_and_int64_are_not_copied(dtype):
    # A memory argument: score 400,000 rows and measure the peak of numpy's allocations (numpy reports its
    # buffers to tracemalloc). Outputs: 6 points + 6 rates + total as float64 and status as int8 = 105 bytes a
    # row. A copy of the inputs to int64 would add another 12 × 8 = 96 bytes a row.
    n = 400_000
    cols = random_columns(n, 6, dtype)
    tracemalloc.start()
    out = zhifa.score_arrays(cols, threads=1)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    outputs = 13 * 8 * n + n
    assert out["total"].shape == (n,)
    assert peak < outputs + 48 * n, (peak, outputs)  # well below outputs + a copy (96 bytes a row)


def test_narrow_dtype_is_converted():
    # int16 must be widened: the same measurement shows the copy (12 × 8 bytes a row more).
    n = 200_000
    cols = random_columns(n, 7, np.int16)
    tracemalloc.start()
    zhifa.score_arrays(cols, threads=1)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak > 13 * 8 * n + 12 * 8 * n * 0.9


def test_wrong_lengths_and_unknown_column():
    cols = random_columns(4, 8)
    cols["sued"] = cols["sued"][:3]
    with pytest.raises(zhifa.InputError, match="has 3 rows"):
        zhifa.score_arrays(cols)
    with pytest.raises(zhifa.InputError, match="not a count column"):
        zhifa.score_arrays({"nonsense": np.zeros(3, dtype=np.int64)})


def test_out_reuses_the_arrays_of_an_earlier_result():
    cols = random_columns(10_000, 9)
    first = zhifa.score_arrays(cols)
    expected = {k: v.copy() for k, v in first.items()}
    cols2 = random_columns(10_000, 10)
    second = zhifa.score_arrays(cols2, out=first)
    # The same memory, written again with the new rows' scores.
    assert second["total"] is first["total"]
    assert np.shares_memory(second["closure_points"], first["closure_points"])
    np.testing.assert_array_equal(second["total"], zhifa.score_arrays(cols2)["total"])
    assert not np.array_equal(second["total"], expected["total"])
    with pytest.raises(zhifa.InputError, match="does not fit"):
        zhifa.score_arrays(random_columns(5, 11), out=first)


def test_fewer_outputs_give_the_same_totals():
    cols = random_columns(20_000, 12)
    full = zhifa.score_arrays(cols)
    totals = zhifa.score_arrays(cols, outputs="total")
    points = zhifa.score_arrays(cols, outputs="points")
    assert set(totals) == {"total", "status"}
    assert "closure_points" in points and "closure_rate" not in points
    np.testing.assert_array_equal(totals["total"], full["total"])
    np.testing.assert_array_equal(totals["status"], full["status"])
    np.testing.assert_array_equal(points["closure_points"], full["closure_points"])
    # out= with the same outputs writes the same arrays again.
    again = zhifa.score_arrays(random_columns(20_000, 13), out=totals, outputs="total")
    assert again["total"] is totals["total"]
    with pytest.raises(ValueError, match="outputs='rates'"):
        zhifa.score_arrays(cols, outputs="rates")

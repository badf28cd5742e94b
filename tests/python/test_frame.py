"""zhifa.score_frame and zhifa.units: pandas in and out."""

import io
import subprocess

import numpy as np
import pandas as pd
import pytest

import zhifa


def test_same_numbers_as_the_cli(sample, cli):
    cli_csv = subprocess.run([str(cli), "score", "--format", "csv"], check=True, capture_output=True).stdout
    expected = pd.read_csv(io.BytesIO(cli_csv), dtype=str, keep_default_na=False)
    got = zhifa.score_frame(sample)
    assert list(got.columns) == list(expected.columns)
    as_text = got.copy()
    for col in got.columns:
        if col.endswith("_rate") or col.endswith("_points") or col == "total":
            as_text[col] = [("" if np.isnan(v) else f"{v:.2f}") for v in got[col]]
        else:
            as_text[col] = got[col].astype(str)
    pd.testing.assert_frame_equal(as_text.reset_index(drop=True), expected)


def test_columns_order_and_rates(sample):
    out = zhifa.score_frame(sample)
    first = out.iloc[0]
    # 涅阳街道: closure 715/793 -> 90.16 %, 14.43 points; total 92.01 (tests/report_test.cc).
    assert first["unit"] == "涅阳街道" and first["unit_code"] == "nieyang" and first["category"] == "township"
    assert first["closure_rate"] == 90.16 and first["closure_points"] == 14.43 and first["total"] == 92.01
    # 玉都街道 has no judgments: the litigation rate is NaN (not applicable), points full.
    assert np.isnan(out.iloc[1]["litigation_rate"]) and out.iloc[1]["litigation_points"] == 16.0
    assert str(out["rank"].dtype) == "Int64"


def test_chinese_headers_categorical_units_custom_index(sample):
    zh = sample.rename(columns={"unit": "单位", "period": "期间", **zhifa.COUNT_COLUMNS})
    zh["单位"] = zh["单位"].astype("category")
    zh.index = [f"r{i}" for i in range(len(zh))]
    zh = zh.iloc[::-1]  # order is kept, whatever it is
    out = zhifa.score_frame(zh)
    assert list(out.index) == list(zh.index)
    assert out.loc["r0", "total"] == 92.01


def test_every_integer_dtype(sample):
    base = zhifa.score_frame(sample)["total"]
    for dtype in ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "Int64", "UInt32",
                  "float64"]:
        df = sample.copy()
        for col in zhifa.COUNT_COLUMNS:
            # counts up to 800 do not fit int8/uint8: use small rows there
            df[col] = df[col].clip(upper=100) if dtype in ("int8", "uint8") else df[col]
        df2 = df.copy()
        for col in zhifa.COUNT_COLUMNS:
            df2[col] = df2[col].astype(dtype)
        assert (zhifa.score_frame(df2)["total"] == zhifa.score_frame(df)["total"]).all(), dtype
    assert base.notna().all()


def test_nullable_missing_value_names_the_row(sample):
    df = sample.copy()
    df["judgments"] = df["judgments"].astype("Int64")
    df.loc[5, "judgments"] = pd.NA
    with pytest.raises(zhifa.InputError) as e:
        zhifa.score_frame(df)
    assert e.value.row == 5 and e.value.column == "judgments"
    assert "row 5, column judgments: missing" in str(e.value)


def test_keep_going_returns_every_row_with_errors(sample):
    df = sample.head(4).copy()
    df.loc[1, "unit"] = "火星局"
    df["closed"] = df["closed"].astype(object)
    df.loc[2, "closed"] = "abc"
    df.loc[3, "period"] = "2021-13"
    with pytest.raises(zhifa.UnknownUnitError, match=r"row 1, column unit: unknown unit .*\(and 2 more bad rows"):
        zhifa.score_frame(df)  # the same exception type as zhifa.score("火星局", ...)
    out = zhifa.score_frame(df, keep_going=True)
    assert len(out) == 4
    assert out.loc[0, "error"] is None and out.loc[0, "rank"] == 1
    assert "unknown unit" in out.loc[1, "error"]
    assert out.loc[2, "error"].startswith('column closed: "abc" is not a whole number')
    assert "not a period" in out.loc[3, "error"]
    assert np.isnan(out.loc[1, "total"]) and pd.isna(out.loc[1, "rank"])


def test_missing_column_and_duplicate_column(sample):
    with pytest.raises(zhifa.InputError, match="missing required column judgments") as e:
        zhifa.score_frame(sample.drop(columns=["judgments"]))
    assert e.value.column == "judgments"
    dup = sample.assign(**{"立案数量": sample["filed"]})
    with pytest.raises(zhifa.InputError, match="both give filed"):
        zhifa.score_frame(dup)
    # enforcement_cases may be absent: it defaults to filed.
    assert zhifa.score_frame(sample.drop(columns=["enforcement_cases"]))["total"].iloc[0] == 92.01


def test_periods_as_ints_and_pandas_periods(sample):
    df = sample.head(2).copy()
    df["period"] = [pd.Period("2021-05", "M"), pd.Period("2021Q2", "Q")]
    assert list(zhifa.score_frame(df)["period"]) == ["2021-05", "2021-Q2"]


def test_units_frame():
    u = zhifa.units()
    assert list(u.columns) == ["code", "name", "category", "parent", "official_name", "aliases", "comprehensive",
                               "key_rectification"]
    top = u[u["parent"].isna()]
    # 22 townships + 27 departments + 4 vertical units (二、整治范围).
    assert len(top) == 53
    assert top["category"].value_counts().to_dict() == {"department": 27, "township": 22, "vertical": 4}
    assert len(zhifa.units("vertical")) == 4
    assert zhifa.resolve_unit("县市场监督管理局").code == "market_regulation"
    assert zhifa.resolve_unit("派出所").parent == "public_security"


def test_explain_column_is_each_rows_explanation(sample):
    scored = zhifa.score_frame(sample, explain="en")
    assert scored.columns[-1] == "explanation"
    first = sample.iloc[0]
    card = zhifa.score(first["unit"], first["period"], **first.iloc[2:].to_dict())
    # The same explanation, with the ranks the frame gives it (涅阳街道 ranks 2nd overall and among townships).
    assert scored["explanation"].iloc[0] == card.explain("en").rstrip("\n") + "; rank 2; category rank 2\n"
    zh = zhifa.score_frame(sample, explain="zh", headers="zh")
    assert zh["说明"].iloc[0].startswith(card.explain("zh").rstrip("\n"))
    with pytest.raises(zhifa.InputError, match="explain='fr'"):
        zhifa.score_frame(sample, explain="fr")


def _same_as_row_by_row(df, **kw):
    """The columnar path against the row-by-row one (roll_up=True takes it; these frames have no sub-units)."""
    try:
        expected = zhifa.score_frame(df, roll_up=True, **kw)
    except zhifa.ZhifaError as e:
        with pytest.raises(type(e)) as got:
            zhifa.score_frame(df, **kw)
        assert str(got.value) == str(e)
        return
    pd.testing.assert_frame_equal(zhifa.score_frame(df, **kw), expected)


def test_columnar_path_reads_odd_cells_as_the_row_by_row_path(sample):
    df = sample.head(6).copy()
    text = df.astype(object)
    text["enforcement_cases"] = ["5", "", None, "7", "  ", np.nan]  # blank text is a missing cell: filed stands in
    _same_as_row_by_row(text, keep_going=True)
    mixed = df.astype(object)
    mixed["filed"] = [df["filed"].iloc[0], True, 1, df["filed"].iloc[3], False, "12"]  # booleans are not counts
    _same_as_row_by_row(mixed, keep_going=True)
    _same_as_row_by_row(mixed)
    gaps = df.copy()
    gaps["period"] = pd.PeriodIndex(["2021"] * 4 + [None, None], freq="A")  # NaT periods are bad rows, as written
    _same_as_row_by_row(gaps, keep_going=True)
    units = df.astype(object)
    units.loc[units.index[2], "unit"] = None
    _same_as_row_by_row(units, keep_going=True)


def test_columnar_path_orders_indicators_as_the_book(sample):
    # Two sets: 2021-2022, and from 2023 one whose litigation indicator is keyed "wins" and whose closure rate is
    # named anew; rows of 2023 first. Columns follow the book's order (filing … litigation, then wins); names the
    # first good row's set (the 2023 one) where it has the key.
    base = zhifa.RuleSet.builtin().to_toml()
    early = base.replace('id = "zhenping-2021"', 'id = "early"').replace(
        "effective_from = 2021-01-01", "effective_from = 2021-01-01\neffective_until = 2022-12-31")
    later = base.replace('id = "zhenping-2021"', 'id = "later"').replace(
        "effective_from = 2021-01-01", "effective_from = 2023-01-01").replace(
        'key = "litigation"', 'key = "wins"').replace('name = "办结率"', 'name = "结案率"')
    book = zhifa.RuleBook([zhifa.RuleSet.from_text(early), zhifa.RuleSet.from_text(later)])
    df = pd.concat([sample.head(3).assign(period="2023"), sample.head(3)], ignore_index=True)
    _same_as_row_by_row(df, rules=book)
    _same_as_row_by_row(df, rules=book, headers="zh")
    assert "wins_points" in zhifa.score_frame(df, rules=book).columns


def test_ranks_of_periods_scattered_through_the_frame_with_ties(sample):
    # Three periods of the sample's 53 units, shuffled so that each period's rows lie anywhere, with the same
    # counts in every period (so each period ranks alike) and a tie: two units given the same counts share a
    # rank, the next is skipped (1, 2, 2, 4). The columnar ranks must equal the row-by-row ones, in every period.
    rows = sample.copy()
    counts = list(zhifa.COUNT_COLUMNS)
    rows.loc[1, counts] = rows.loc[0, counts].to_numpy()
    df = pd.concat([rows.assign(period=p) for p in ("2021", "2021-H1", "2021-Q3")], ignore_index=True)
    df = df.sample(frac=1, random_state=7)
    _same_as_row_by_row(df)
    scored = zhifa.score_frame(df)
    for _, period in scored.groupby("period"):
        tied = period[period["unit"].isin(sample.loc[[0, 1], "unit"])]["rank"]
        assert tied.nunique() == 1  # the two share a rank r, and no unit has r + 1
        assert len(period) == 53 and tied.iloc[0] + 1 not in set(period["rank"])


def test_ranks_of_a_period_of_many_units_with_ties():
    # A registry of 150 units (50 of each category), so that one period holds more rows than the columnar path
    # ranks by counting (64) and it ranks by sorting instead. Unit i files 100 cases and closes 50 + i // 3 of them:
    # units 3k, 3k+1, 3k+2 (one of each category) have the same counts, hence the same total. So the overall
    # ranks come in threes: the best three units (i = 147..149, 99 closed) share rank 1, the next three rank 4
    # (1, 1, 1, 4, 4, 4, ...), and within a category there are no ties: ranks 1..50. Both must equal the
    # row-by-row path's.
    categories = ["township", "department", "vertical"]
    toml = 'id = "many"\n' + "".join(f'[[unit]]\ncode = "u{i}"\nname = "单位{i}"\ncategory = "{categories[i % 3]}"\n'
                                     for i in range(150))
    registry = zhifa.Registry.from_text(toml)
    counts = {c: 0 for c in zhifa.COUNT_COLUMNS}
    rows = [{"unit": f"单位{i}", "period": "2021", **counts, "should_file": 100, "filed": 100,
             "closed": 50 + i // 3, "enforcement_cases": 100} for i in range(150)]
    df = pd.DataFrame(rows).sample(frac=1, random_state=3)
    scored = zhifa.score_frame(df, registry=registry)
    pd.testing.assert_frame_equal(scored, zhifa.score_frame(df, registry=registry, roll_up=True))
    by_unit = scored.set_index("unit")
    assert [by_unit.loc[f"单位{i}", "rank"] for i in (149, 148, 147, 146, 0)] == [1, 1, 1, 4, 148]
    assert sorted(scored[scored["category"] == "vertical"]["category_rank"]) == list(range(1, 51))


def test_text_as_categoricals_holds_the_same_values(sample):
    df = sample.copy()
    df.loc[3, "unit"] = "火星局"  # a bad row keeps the unit as written
    as_objects = zhifa.score_frame(df, keep_going=True)
    as_categories = zhifa.score_frame(df, keep_going=True, text="category")
    text_columns = ["unit_code", "unit", "category", "period", "ruleset", "ruleset_digest", "not_applicable",
                    "findings"]
    assert all(isinstance(as_categories[c].dtype, pd.CategoricalDtype) for c in text_columns)
    pd.testing.assert_frame_equal(as_categories.astype({c: object for c in text_columns}), as_objects)
    assert as_categories.loc[3, "unit"] == "火星局" and pd.isna(as_categories.loc[3, "category"])
    with pytest.raises(zhifa.InputError, match="text='str'"):
        zhifa.score_frame(df, text="str")

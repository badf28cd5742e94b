// The batch path against the one-row path: bit-identical points, rates, totals and status on millions of
// random rows, the rounding boundaries and the int32 limits, under several rule sets.
#include "zhifa/batch.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>

#include "tests/test_util.h"
#include "zhifa/explain.h"
#include "zhifa/score.h"

namespace zhifa {
namespace {

using ::testing::HasSubstr;

// Columns of int64 values, row-major generation, column-major storage.
struct Table {
  size_t rows = 0;
  std::array<std::vector<int64_t>, kColumnCount> cols;
  bool with_enforcement = true;

  void Add(const Counts& c) {
    for (Column col : kAllColumns) cols[static_cast<size_t>(col)].push_back(c.Get(col));
    ++rows;
  }
  Counts Row(size_t i) const {
    Counts c;
    for (Column col : kAllColumns) c.Set(col, cols[static_cast<size_t>(col)][i]);
    if (!with_enforcement) c.Clear(Column::kEnforcementCases);
    return c;
  }
  BatchInput Input() const {
    BatchInput in(rows);
    for (Column col : kAllColumns) {
      if (col == Column::kEnforcementCases && !with_enforcement) continue;
      in.Set(col, std::span<const int64_t>(cols[static_cast<size_t>(col)]));
    }
    return in;
  }
};

// Random rows: mostly valid with realistic sizes, some at the int32 limit, some breaking a rule, some with
// zero denominators.
Table RandomTable(size_t rows, uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto below = [&](int64_t n) { return n <= 0 ? 0 : static_cast<int64_t>(rng() % static_cast<uint64_t>(n + 1)); };
  Table t;
  for (size_t i = 0; i < rows; ++i) {
    int kind = static_cast<int>(rng() % 20);
    int64_t scale = kind == 0 ? (int64_t{1} << 31) - 1 : kind == 1 ? 3 : kind < 5 ? 100000 : 1000;
    testing::Row r;
    r.should_file = below(scale);
    r.filed = below(scale);
    r.closed = below(r.filed);
    r.executed = below(r.closed);
    r.penalized = below(r.filed);
    r.overdue = below(kind == 0 ? scale : 5);
    r.leader_unfulfilled = below(2);
    r.court_refused = below(2);
    r.missed_penalty = below(3);
    r.sued = below(kind == 2 ? scale : 4);
    r.enforcement_cases = kind == 3 ? 0 : r.filed + below(10);
    r.judgments = below(kind == 0 ? scale : 4);
    r.judgments_won = below(r.judgments);
    Counts c = testing::MakeCounts(r);
    if (kind == 19) {  // break one rule
      Column col = kAllColumns[rng() % kColumnCount];
      c.Set(col, (rng() % 2) ? -1 - below(5) : c.Get(col) + 1 + below(1000));
    }
    t.Add(c);
  }
  return t;
}

// Scores `t` with the batch path (integer and double outputs) and checks every row against Score().
void ExpectSameAsOneRow(const RuleSet& rules, const Table& t, int threads = 1, BatchIsa isa = BatchIsa::kBest) {
  absl::StatusOr<BatchScorer> scorer = BatchScorer::Create(rules, isa);
  ASSERT_TRUE(scorer.ok()) << scorer.status();
  const size_t k = rules.indicators().size();
  std::vector<std::vector<int64_t>> points(k, std::vector<int64_t>(t.rows)), rates(k, std::vector<int64_t>(t.rows));
  std::vector<int64_t> totals(t.rows);
  std::vector<uint8_t> status(t.rows);
  BatchOutput out{.totals = totals, .status = status};
  for (size_t j = 0; j < k; ++j) {
    out.points.emplace_back(points[j]);
    out.rates.emplace_back(rates[j]);
  }
  ASSERT_TRUE(scorer->Score(t.Input(), out, threads).ok());
  {
    // The same as doubles: each the double nearest the decimal (9201 -> 92.01), NaN for no value.
    std::vector<std::vector<double>> fpoints(k, std::vector<double>(t.rows)), frates(k, std::vector<double>(t.rows));
    std::vector<double> ftotals(t.rows);
    BatchOutputF64 fout{.totals = ftotals};
    for (size_t j = 0; j < k; ++j) {
      fout.points.emplace_back(fpoints[j]);
      fout.rates.emplace_back(frates[j]);
    }
    ASSERT_TRUE(scorer->Score(t.Input(), fout, threads).ok());
    const double p = std::pow(10.0, rules.points_decimals()), r = std::pow(10.0, rules.rate_decimals());
    auto same = [](int64_t v, double f, double unit) {
      return v == kNoValue ? std::isnan(f) : f == static_cast<double>(v) / unit;
    };
    size_t bad = 0;
    for (size_t i = 0; i < t.rows && bad < 5; ++i) {
      bool ok = same(totals[i], ftotals[i], p);
      for (size_t j = 0; j < k; ++j)
        ok = ok && same(points[j][i], fpoints[j][i], p) && same(rates[j][i], frates[j][i], r);
      if (!ok) ADD_FAILURE() << "row " << i << ": double outputs differ from the integer ones", ++bad;
    }
  }
  static const Unit kUnit;
  size_t mismatches = 0;
  for (size_t i = 0; i < t.rows && mismatches < 5; ++i) {
    Counts c = t.Row(i);
    std::vector<CountError> errors = Validate(c);
    if (!errors.empty()) {
      if (status[i] != RowStatusFor(errors[0].column) || totals[i] != kNoValue) ++mismatches;
      EXPECT_EQ(status[i], RowStatusFor(errors[0].column)) << "row " << i;
      continue;
    }
    Scorecard card = *Score(rules, kUnit, Period::Year(2021), c);
    bool same = status[i] == kRowOk && totals[i] == card.total.units();
    for (size_t j = 0; j < k; ++j) {
      const IndicatorScore& s = card.indicators[j];
      std::optional<Decimal> rate = s.RatePercent(card.rate_decimals, card.rounding);
      same = same && points[j][i] == (s.excluded ? kNoValue : s.points.units()) &&
             rates[j][i] == (rate ? rate->units() : kNoValue);
    }
    if (!same) {
      ++mismatches;
      ADD_FAILURE() << "row " << i << " differs from Score(): total " << totals[i] << " vs " << card.total.ToString()
                    << "\n"
                    << ToJson(card);
    }
  }
  EXPECT_EQ(mismatches, 0u);
}

RuleSet Builtin() { return RuleSet::Builtin(); }

// The built-in rule set with each `from` replaced by its `to`.
RuleSet Variant(const std::vector<std::pair<std::string, std::string>>& changes) {
  std::string text = Builtin().ToToml();
  for (const auto& [from, to] : changes) {
    size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
  }
  absl::StatusOr<RuleSet> r = RuleSet::FromText(text, "variant");
  EXPECT_TRUE(r.ok()) << r.status();
  return *r;
}
RuleSet Variant(const std::string& from, const std::string& to) { return Variant({{from, to}}); }

// Every kernel (AVX-512, AVX2, portable) this CPU can run is checked against Score().
class BatchKernels : public ::testing::TestWithParam<BatchIsa> {
 protected:
  void SetUp() override {
    absl::StatusOr<BatchScorer> s = BatchScorer::Create(Builtin(), GetParam());
    if (!s.ok()) GTEST_SKIP() << s.status();
    ASSERT_EQ(s->isa(), GetParam());
  }
};
INSTANTIATE_TEST_SUITE_P(Isa, BatchKernels, ::testing::Values(BatchIsa::kAvx512, BatchIsa::kAvx2, BatchIsa::kPortable),
                         [](const auto& info) { return std::string(BatchIsaName(info.param)); });

// 1.2 M rows: more than 64 MiB of output, so the streaming stores run too.
TEST_P(BatchKernels, MillionRandomRowsMatchTheOneRowPath) {
  ExpectSameAsOneRow(Builtin(), RandomTable(1'200'000, 1), 2, GetParam());
}

// The rounding boundaries of score_test.cc, the int32 limits, and quotients as large as they get.
Table BoundaryRows() {
  Table t;
  // 16 × 23/640 = 0.575 -> 0.58; 16 × 81/640 − 2 = 0.025 -> 0.03 (score_test.cc).
  t.Add(testing::MakeCounts({.should_file = 640, .filed = 640, .closed = 23, .executed = 23, .penalized = 640}));
  t.Add(testing::MakeCounts(
      {.should_file = 640, .filed = 640, .closed = 81, .overdue = 1, .executed = 81, .penalized = 640}));
  const int64_t m = (int64_t{1} << 31) - 1;
  t.Add(testing::MakeCounts({.should_file = m,
                             .filed = m,
                             .closed = m,
                             .overdue = m,
                             .executed = m,
                             .penalized = m,
                             .sued = m,
                             .judgments = m,
                             .judgments_won = m}));
  // The largest rate quotient: filed / should_file = 2^31 − 1 (214748364700% with two decimals).
  t.Add(testing::MakeCounts({.should_file = 1, .filed = m, .closed = 1, .executed = 0, .penalized = m}));
  t.Add(testing::MakeCounts({.should_file = 3, .filed = m, .closed = m - 1, .executed = 7, .penalized = m}));
  t.Add(testing::MakeCounts({.should_file = m, .filed = 1}));
  t.Add(testing::MakeCounts({}));  // everything zero: every indicator not applicable
  t.Add(testing::MakeCounts({.should_file = kMaxCount, .filed = kMaxCount, .closed = 1}));  // beyond the fast path
  return t;
}

TEST_P(BatchKernels, RoundingBoundariesAndLimits) {
  Table t = BoundaryRows();
  ExpectSameAsOneRow(Builtin(), t, 1, GetParam());

  BatchScorer scorer = *BatchScorer::Create(Builtin(), GetParam());
  std::vector<int64_t> totals(t.rows);
  ASSERT_TRUE(scorer.Score(t.Input(), BatchOutput{.totals = totals}).ok());
  // 20 + 0.58 + 16 + 16 + 16 + 16 = 84.58; 20 + 0.03 + 16 + 16 + 16 + 16 = 84.03.
  EXPECT_EQ(totals[0], 8458);
  EXPECT_EQ(totals[1], 8403);
}

TEST_P(BatchKernels, OtherRuleSetsMatchTooIncludingSlowPaths) {
  Table t = RandomTable(100'000, 2);
  Table edges = BoundaryRows();
  for (size_t i = 0; i < edges.rows; ++i) t.Add(edges.Row(i));
  auto check = [&](const RuleSet& rules) { ExpectSameAsOneRow(rules, t, 1, GetParam()); };
  check(Variant("rounding = \"half_up\"", "rounding = \"half_even\""));
  check(Variant("points_decimals = 2", "points_decimals = 0"));
  check(Variant("points_decimals = 2", "points_decimals = 4"));
  check(Variant("rate_decimals = 2", "rate_decimals = 3"));  // the largest rate quotients on the AVX-512 reciprocal
  check(Variant("rate_decimals = 2", "rate_decimals = 4"));  // correctly rounded reciprocals
  // Deductions that are not whole hundredths: split into whole units and a remainder.
  check(Variant("points = 2\nclause = \"A2.2\"", "points = 0.125\nclause = \"A2.2\"\nmax = 1.0625"));
  // Half even with whole points and deductions in quarters: ties everywhere.
  check(Variant({{"rounding = \"half_up\"", "rounding = \"half_even\""},
                 {"points_decimals = 2", "points_decimals = 0"},
                 {"points = 3\nclause = \"A2.3\"", "points = 0.25\nclause = \"A2.3\""}}));
  check(Variant("cap = 1\nzero_denominator = \"full\"", "cap = 2\nzero_denominator = \"zero\""));
  check(Variant("floor = 0", "floor = -5"));
  check(Variant("points = 2\nclause = \"A2.2\"", "points = 2.5\nclause = \"A2.2\"\nmax = 7"));
  check(Variant("cap = 1", "cap = 1.5"));  // non-integer cap: the slow path
  check(Variant("zero_denominator = \"full\"", "zero_denominator = \"exclude\""));
  RuleSet bands = Variant("mode = \"proportional\"\ncap = 1\nzero_denominator = \"full\"\nfloor = 0\n",
                          "mode = \"bands\"\ncap = 1\nzero_denominator = \"full\"\nfloor = 0\n\n[[indicator.band]]\n"
                          "min_rate = 0.5\npoints = 10\n\n[[indicator.band]]\nmin_rate = 0.9\npoints = 20\n");
  EXPECT_FALSE(BatchScorer::Create(bands)->fast(0));
  check(bands);
}

TEST(Batch, EnforcementCasesDefaultsToFiled) {
  Table t = RandomTable(20'000, 3);
  t.with_enforcement = false;
  ExpectSameAsOneRow(Builtin(), t);
}

TEST(Batch, Int32ColumnsAndDoublesAndThreads) {
  Table t = RandomTable(200'000, 4);
  std::array<std::vector<int32_t>, kColumnCount> narrow;
  BatchInput in(t.rows);
  for (Column c : kAllColumns) {
    auto& src = t.cols[static_cast<size_t>(c)];
    auto& dst = narrow[static_cast<size_t>(c)];
    for (int64_t v : src) dst.push_back(static_cast<int32_t>(std::clamp<int64_t>(v, INT32_MIN, INT32_MAX)));
    in.Set(c, std::span<const int32_t>(dst));
    src.assign(dst.begin(), dst.end());
  }
  BatchScorer scorer = *BatchScorer::Create(Builtin());
  std::vector<int64_t> t64(t.rows), t64b(t.rows);
  std::vector<double> tf(t.rows);
  std::vector<uint8_t> s1(t.rows), s2(t.rows);
  ASSERT_TRUE(scorer.Score(in, BatchOutput{.totals = t64, .status = s1}, 1).ok());
  ASSERT_TRUE(scorer.Score(t.Input(), BatchOutput{.totals = t64b, .status = s2}, 2).ok());
  ASSERT_TRUE(scorer.Score(in, BatchOutputF64{.totals = tf}, 2).ok());
  EXPECT_EQ(t64, t64b);
  EXPECT_EQ(s1, s2);
  for (size_t i = 0; i < t.rows; ++i) {
    if (t64[i] == kNoValue) {
      EXPECT_TRUE(std::isnan(tf[i]));
    } else {
      // The double nearest the decimal: 9201 -> 92.01.
      EXPECT_EQ(tf[i], static_cast<double>(t64[i]) / 100.0);
    }
  }
}

TEST(Batch, ErrorsNameTheColumnOrSpan) {
  BatchScorer scorer = *BatchScorer::Create(Builtin());
  std::vector<int64_t> v(3), totals(2);
  BatchInput in(3);
  in.Set(Column::kFiled, std::span<const int64_t>(v));
  absl::Status s = scorer.Score(in, BatchOutput{});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("missing column should_file"));
  for (Column c : kAllColumns) in.Set(c, std::span<const int64_t>(v));
  s = scorer.Score(in, BatchOutput{.totals = totals});
  EXPECT_THAT(std::string(s.message()), HasSubstr("totals has 2; expected 3"));
}

TEST(BatchIsa, BestIsAConcreteKernelAndUnknownOnesAreRefused) {
  BatchScorer best = *BatchScorer::Create(Builtin());
  EXPECT_NE(best.isa(), BatchIsa::kBest);
  EXPECT_THAT(std::string(BatchIsaName(best.isa())), ::testing::AnyOf("avx512", "avx2", "portable"));
  EXPECT_EQ(BatchScorer::Create(Builtin(), BatchIsa::kPortable)->isa(), BatchIsa::kPortable);  // on every CPU
  absl::StatusOr<BatchScorer> unknown = BatchScorer::Create(Builtin(), static_cast<BatchIsa>(9));
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(unknown.status().message()), HasSubstr("use BatchIsa::kBest"));
}

TEST(RankByGroup, TiesShareARankWithinEachGroup) {
  std::vector<int64_t> totals = {9000, 9500, 9000, 8000, 9900, 7000};
  std::vector<int64_t> group = {1, 1, 1, 1, 2, 1};
  std::vector<uint8_t> status = {0, 0, 0, 0, 0, 3};
  std::vector<int32_t> rank(6);
  RankByGroup(totals, group, status, rank);
  // Group 1: 95 -> 1, 90 and 90 -> 2, 80 -> 4; group 2 alone -> 1; the bad row is not ranked (0).
  EXPECT_EQ(rank, (std::vector<int32_t>{2, 1, 2, 4, 1, 0}));
}

}  // namespace
}  // namespace zhifa

namespace zhifa {
namespace {

// Found in review: the slow path scored each row as a 2021 period and took the value of Score() unchecked, so a
// rule set not in force in 2021 aborted the process (a 2022 set, or any counts of 2^31 or more). The batch
// scores counts, whatever their period.
TEST(Batch, ARuleSetNotInForceIn2021ScoresOnTheSlowPathToo) {
  RuleSet later = Variant("effective_from = 2021-01-01", "effective_from = 2022-01-01");
  absl::StatusOr<BatchScorer> scorer = BatchScorer::Create(later);
  ASSERT_TRUE(scorer.ok());
  // One row of 2^31 in every column: valid (every count equal), and beyond the fast path's int32 range.
  const int64_t big = int64_t{1} << 31;
  std::vector<std::vector<int64_t>> cols(kColumnCount, std::vector<int64_t>(1, big));
  BatchInput in(1);
  for (Column c : kAllColumns) in.Set(c, std::span<const int64_t>(cols[static_cast<size_t>(c)]));
  std::vector<int64_t> totals(1);
  std::vector<uint8_t> status(1);
  ASSERT_TRUE(scorer->Score(in, BatchOutput{.totals = totals, .status = status}, 1).ok());
  Counts counts;
  for (Column c : kAllColumns) counts.Set(c, big);
  absl::StatusOr<Scorecard> one = Score(later, Registry::Builtin().units()[0], Period::Year(2022), counts);
  ASSERT_TRUE(one.ok()) << one.status();
  EXPECT_EQ(status[0], kRowOk);
  EXPECT_EQ(totals[0], one->total.units());
}

}  // namespace
}  // namespace zhifa

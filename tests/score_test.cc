#include "zhifa/score.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/test_util.h"
#include "zhifa/rules.h"
#include "zhifa/units.h"

namespace zhifa {
namespace {

using ::testing::HasSubstr;
using testing::MakeCounts;
using testing::Row;

const RuleSet& Builtin() {
  static const RuleSet* rules = new RuleSet(RuleSet::Builtin());
  return *rules;
}
const Unit& Nieyang() { return **Registry::Builtin().Resolve("涅阳街道"); }

Scorecard MustScore(const RuleSet& rules, const Row& row) {
  absl::StatusOr<Scorecard> card = Score(rules, Nieyang(), Period::Year(2021), MakeCounts(row));
  EXPECT_TRUE(card.ok()) << card.status();
  return *card;
}
Scorecard MustScore(const Row& row) { return MustScore(Builtin(), row); }
std::string Points(const Scorecard& c, std::string_view key) { return c.Find(key)->points.ToString(); }

// A unit that meets every rule: each rate 1, nothing sued, no judgments (not applicable: full points).
Row Perfect() { return {.should_file = 100, .filed = 100, .closed = 100, .executed = 100, .penalized = 100}; }

TEST(Score, PerfectUnitScoresTheFullHundred) {
  Scorecard c = MustScore(Perfect());
  // 20 + 16 + 16 + 16 + 16 × (1 − 0/100) + 16 (no judgments: full) = 100.
  EXPECT_EQ(c.total.ToString(), "100.00");
  EXPECT_EQ(c.ruleset_id, "zhenping-2021");
  EXPECT_THAT(c.ruleset_digest, HasSubstr("sha256:"));
  EXPECT_FALSE(c.Find("litigation")->applicable);
  EXPECT_EQ(c.rank, 0);  // not ranked until Rank()
}

TEST(Score, FilingRateIsCappedAtOneForPointsButReportedAsIs) {
  Row r = Perfect();
  r.should_file = 80;  // filed 100 of a quota of 80: rate 125 %
  Scorecard c = MustScore(r);
  const IndicatorScore* f = c.Find("filing");
  // A2.1: 20 × min(100/80, 1) = 20.
  EXPECT_EQ(f->points.ToString(), "20.00");
  EXPECT_TRUE(f->rate_capped);
  // 100/80 = 1.25 -> 125.00 %.
  EXPECT_EQ(f->RatePercent(2, Rounding::kHalfUp)->ToString(), "125.00");
}

TEST(Score, FilingProportionalBelowQuota) {
  Row r = Perfect();
  r.should_file = 800;
  r.filed = 793;
  r.closed = r.executed = r.penalized = 793;
  // A2.1: 20 × 793/800 = 19.825 -> 19.83 (half up).
  EXPECT_EQ(Points(MustScore(r), "filing"), "19.83");
}

TEST(Score, ClosureRoundingBoundaryThatDoublesGetWrong) {
  Row r = Perfect();
  r.should_file = 640;
  r.filed = 640;
  r.closed = 23;
  r.executed = 23;
  r.penalized = 640;
  // A2.2: 16 × 23/640 = 368/640 = 0.575 exactly -> 0.58 half up. (In binary doubles 16.0 * 23 / 640 is
  // 0.57499999999999995559 and rounds to 0.57.)
  EXPECT_EQ(Points(MustScore(r), "closure"), "0.58");
}

TEST(Score, ClosureBoundaryAfterOverdueDeduction) {
  Row r = Perfect();
  r.should_file = 640;
  r.filed = 640;
  r.closed = 81;
  r.executed = 81;
  r.penalized = 640;
  r.overdue = 1;
  // A2.2: 16 × 81/640 − 2 × 1 = 2.025 − 2 = 0.025 -> 0.03 (rounded once, after the deduction).
  Scorecard c = MustScore(r);
  EXPECT_EQ(Points(c, "closure"), "0.03");
  ASSERT_EQ(c.Find("closure")->deductions.size(), 2u);
  EXPECT_EQ(c.Find("closure")->deductions[0].AmountString(), "2");
  EXPECT_EQ(c.Find("closure")->deductions[0].clause, "A2.2");
}

TEST(Score, PublishedRates) {
  Row r = Perfect();
  r.should_file = 793;
  r.filed = 793;
  r.closed = 715;
  r.executed = 715;
  r.penalized = 508;
  Scorecard c = MustScore(r);
  // 715/793 = 0.901639... -> 90.16 %; 16 × 715/793 = 14.4262... -> 14.43.
  EXPECT_EQ(c.Find("closure")->RatePercent(2, Rounding::kHalfUp)->ToString(), "90.16");
  EXPECT_EQ(Points(c, "closure"), "14.43");
  // Penalty 508/793 = 0.640605... -> 64.06 %; 16 × 508/793 = 10.2496... -> 10.25.
  EXPECT_EQ(c.Find("penalty")->RatePercent(2, Rounding::kHalfUp)->ToString(), "64.06");
  EXPECT_EQ(Points(c, "penalty"), "10.25");
  // 508/570 = 0.891228... -> 89.12 %.
  EXPECT_EQ((Ratio{508, 570}.Percent(2, Rounding::kHalfUp)->ToString()), "89.12");
}

TEST(Score, LeaderAssignedCasesDeductFivePointsEach) {
  Row r = Perfect();
  r.leader_unfulfilled = 2;
  // A2.2: 16 × 100/100 − 5 × 2 = 6.
  EXPECT_EQ(Points(MustScore(r), "closure"), "6.00");
}

TEST(Score, ExecutionCourtRefusalDeductsThree) {
  Row r = Perfect();
  r.executed = 90;
  r.court_refused = 1;
  // A2.3: 16 × 90/100 − 3 × 1 = 14.4 − 3 = 11.4.
  EXPECT_EQ(Points(MustScore(r), "execution"), "11.40");
}

TEST(Score, PenaltyMissedPenaltyDeductsThree) {
  Row r = Perfect();
  r.penalized = 75;
  r.missed_penalty = 2;
  // A2.4: 16 × 75/100 − 3 × 2 = 12 − 6 = 6.
  EXPECT_EQ(Points(MustScore(r), "penalty"), "6.00");
}

TEST(Score, SuedRateIsInverse) {
  Row r = Perfect();
  r.sued = 3;
  r.enforcement_cases = 120;
  // A2.5: 16 × (1 − 3/120) = 16 × 0.975 = 15.6.
  Scorecard c = MustScore(r);
  EXPECT_EQ(Points(c, "sued"), "15.60");
  // 3/120 = 2.50 %.
  EXPECT_EQ(c.Find("sued")->RatePercent(2, Rounding::kHalfUp)->ToString(), "2.50");
}

TEST(Score, SuedDenominatorDefaultsToFiled) {
  Row r = Perfect();
  r.sued = 4;  // enforcement_cases absent: the denominator is filed = 100
  // A2.5: 16 × (1 − 4/100) = 15.36.
  Scorecard c = MustScore(r);
  EXPECT_EQ(Points(c, "sued"), "15.36");
  EXPECT_EQ(c.Find("sued")->rate.den, 100);
}

TEST(Score, SuedMoreThanCasesScoresZeroNotNegative) {
  Row r = Perfect();
  r.sued = 150;
  // 16 × (1 − min(150/100, 1)) = 0; the rate is reported as 150 %.
  Scorecard c = MustScore(r);
  EXPECT_EQ(Points(c, "sued"), "0.00");
  EXPECT_EQ(c.Find("sued")->RatePercent(2, Rounding::kHalfUp)->ToString(), "150.00");
}

TEST(Score, LitigationWinRate) {
  Row r = Perfect();
  r.judgments = 3;
  r.judgments_won = 2;
  // A2.6: 16 × 2/3 = 10.666... -> 10.67.
  EXPECT_EQ(Points(MustScore(r), "litigation"), "10.67");
}

TEST(Score, ZeroDenominatorEarnsFullPointsButDeductionsStillApply) {
  Row r = Perfect();
  r.filed = r.closed = r.executed = r.penalized = 0;
  r.overdue = 1;  // an old case that went overdue this period
  Scorecard c = MustScore(r);
  const IndicatorScore* closure = c.Find("closure");
  EXPECT_FALSE(closure->applicable);
  EXPECT_FALSE(closure->RatePercent(2, Rounding::kHalfUp).has_value());
  // A2.2 with filed 0: not applicable, full 16, minus 2 × 1 = 14.
  EXPECT_EQ(closure->points.ToString(), "14.00");
  // filing 0/100 = 0 points; execution 0/0 full 16; penalty 0/0 full 16; sued 0/0 full 16; litigation full 16.
  // Total = 0 + 14 + 16 + 16 + 16 + 16 = 78.
  EXPECT_EQ(c.total.ToString(), "78.00");
}

TEST(Score, FloorStopsDeductionsAtZero) {
  Row r = Perfect();
  r.overdue = 20;
  // A2.2: 16 − 2 × 20 = −24, floored to 0.
  Scorecard c = MustScore(r);
  EXPECT_EQ(Points(c, "closure"), "0.00");
  EXPECT_TRUE(c.Find("closure")->floored);
}

TEST(Score, CountsAtInt32LimitDoNotOverflow) {
  const int64_t m = 2147483647;  // 2^31 − 1
  Row r{.should_file = m,
        .filed = m,
        .closed = m,
        .overdue = m,
        .executed = m,
        .penalized = m,
        .sued = m,
        .judgments = m,
        .judgments_won = m};
  Scorecard c = MustScore(r);
  // filing 20; closure 16 − 2 × (2^31 − 1) floored at 0; execution 16; penalty 16; sued 16 × (1 − 1) = 0;
  // litigation 16. Total 68.
  EXPECT_EQ(Points(c, "closure"), "0.00");
  EXPECT_EQ(c.Find("closure")->deductions[0].AmountString(), "4294967294");
  EXPECT_EQ(c.total.ToString(), "68.00");
}

TEST(Score, CountsAtTheLargestSupportedCount) {
  const int64_t m = kMaxCount;
  Row r{.should_file = m, .filed = m, .closed = m - 1, .executed = m - 1, .penalized = 1};
  Scorecard c = MustScore(r);
  // closure 16 × (m − 1)/m = 16 − 16/m, which is 16 − 1.8e-15 -> 16.00; penalty 16 × 1/m -> 0.00.
  EXPECT_EQ(Points(c, "closure"), "16.00");
  EXPECT_EQ(Points(c, "penalty"), "0.00");
}

TEST(Score, InvalidCountsAreRejectedNamingTheColumn) {
  Row r = Perfect();
  r.closed = 107;
  absl::StatusOr<Scorecard> c = Score(Builtin(), Nieyang(), Period::Year(2021), MakeCounts(r));
  EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(c.status().message(), HasSubstr("column closed: 107 is more than filed (100)"));
}

TEST(Score, SubUnitScoresAsItsParentWhenPassedScoredAs) {
  const Registry& reg = Registry::Builtin();
  const Unit& traffic = **reg.Resolve("交警大队");
  absl::StatusOr<Scorecard> c = Score(Builtin(), reg.ScoredAs(traffic), Period::Year(2021), MakeCounts(Perfect()));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->unit_name, "公安局");
  EXPECT_EQ(c->category, Category::kDepartment);
}

TEST(Score, SubUnitItselfIsRefusedNotScoredAsItself) {
  const Unit& traffic = **Registry::Builtin().Resolve("交警大队");
  absl::StatusOr<Scorecard> c = Score(Builtin(), traffic, Period::Year(2021), MakeCounts(Perfect()));
  EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(c.status().message(), HasSubstr("交警大队 is a sub-unit"));
  // The registry overload resolves the name and scores the parent.
  absl::StatusOr<Scorecard> by_name =
      Score(RuleBook::Builtin(), Registry::Builtin(), "交警大队", Period::Year(2021), MakeCounts(Perfect()));
  ASSERT_TRUE(by_name.ok()) << by_name.status();
  EXPECT_EQ(by_name->unit_name, "公安局");
}

TEST(Score, RuleSetOutsideItsDatesIsAnErrorUnlessAskedFor) {
  // zhenping-2021 is in force from 2021-01-01: 2019 is outside it.
  absl::StatusOr<Scorecard> c = Score(Builtin(), Nieyang(), Period::Year(2019), MakeCounts(Perfect()));
  EXPECT_EQ(c.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_THAT(c.status().message(), HasSubstr("rule set zhenping-2021 is in force from 2021-01-01, not on 2019-01-01"));
  absl::StatusOr<Scorecard> asked =
      Score(Builtin(), Nieyang(), Period::Year(2019), MakeCounts(Perfect()), {.any_period = true});
  ASSERT_TRUE(asked.ok());
  EXPECT_TRUE(asked->ruleset_outside_dates);
  EXPECT_EQ(asked->total.ToString(), "100.00");
  EXPECT_FALSE(MustScore(Perfect()).ruleset_outside_dates);
  EXPECT_EQ(Score(RuleBook::Builtin(), Registry::Builtin(), "涅阳街道", Period::Year(2019), MakeCounts(Perfect()))
                .status()
                .code(),
            absl::StatusCode::kOutOfRange);
}

TEST(Score, ZeroActivityIsAFinding) {
  // Nothing filed, no suit, no judgment; should_file 10: filing 0/10 = 0 points, and the other five indicators
  // have zero denominators: full 16 each = 80 points for doing nothing, so the card says so.
  Scorecard idle = MustScore({.should_file = 10});
  EXPECT_EQ(idle.total.ToString(), "80.00");
  ASSERT_EQ(idle.findings.size(), 1u);
  EXPECT_EQ(idle.findings[0].rule, "zero_activity");
  EXPECT_EQ(idle.findings[0].unit, "涅阳街道");
  EXPECT_TRUE(MustScore(Perfect()).findings.empty());
}

// --- policies and modes of custom rule sets -------------------------------------------------------------

RuleSet Custom(std::string_view indicators, std::string_view top = "") {
  std::string text = std::string("id = \"t\"\ntitle = \"t\"\neffective_from = 2021-01-01\n") + std::string(top) + "\n" +
                     std::string(indicators);
  absl::StatusOr<RuleSet> r = RuleSet::FromText(text, "custom.toml");
  EXPECT_TRUE(r.ok()) << r.status();
  return *r;
}

TEST(ScorePolicy, ExcludeDropsTheIndicatorAndRescalesTheTotal) {
  RuleSet rules = Custom(R"(
[[indicator]]
key = "a"
name = "a"
weight = 50
numerator = "filed"
denominator = "should_file"
[[indicator]]
key = "b"
name = "b"
weight = 50
numerator = "judgments_won"
denominator = "judgments"
zero_denominator = "exclude"
)");
  Scorecard c = MustScore(rules, {.should_file = 4, .filed = 3});
  // a = 50 × 3/4 = 37.5; b has no judgments and is excluded; total = 37.5 × 100/50 = 75.
  EXPECT_EQ(Points(c, "a"), "37.50");
  EXPECT_TRUE(c.Find("b")->excluded);
  EXPECT_TRUE(c.total_rescaled);
  EXPECT_EQ(c.total.ToString(), "75.00");
}

TEST(ScorePolicy, ZeroPolicyEarnsNothing) {
  RuleSet rules = Custom(R"(
[[indicator]]
key = "a"
name = "a"
weight = 100
numerator = "judgments_won"
denominator = "judgments"
zero_denominator = "zero"
)");
  // No judgments: 0 points, not applicable.
  Scorecard c = MustScore(rules, {});
  EXPECT_EQ(c.total.ToString(), "0.00");
  EXPECT_FALSE(c.Find("a")->applicable);
}

TEST(ScorePolicy, BandsPickTheHighestBandReached) {
  RuleSet rules = Custom(R"(
[[indicator]]
key = "a"
name = "a"
weight = 100
numerator = "filed"
denominator = "should_file"
mode = "bands"
[[indicator.band]]
min_rate = 0.5
points = 40
[[indicator.band]]
min_rate = 0.8
points = 70
[[indicator.band]]
min_rate = 0.95
points = 100
)");
  // 19/20 = 0.95 reaches the 0.95 band exactly: 100.
  EXPECT_EQ(MustScore(rules, {.should_file = 20, .filed = 19}).total.ToString(), "100.00");
  // 18/20 = 0.90: the 0.8 band, 70.
  EXPECT_EQ(MustScore(rules, {.should_file = 20, .filed = 18}).total.ToString(), "70.00");
  // 9/20 = 0.45: below every band, 0.
  EXPECT_EQ(MustScore(rules, {.should_file = 20, .filed = 9}).total.ToString(), "0.00");
}

TEST(ScorePolicy, HalfEvenRounding) {
  RuleSet rules = Custom(R"(
[[indicator]]
key = "a"
name = "a"
weight = 1
numerator = "filed"
denominator = "should_file"
)",
                         "total = 1\nrounding = \"half_even\"");
  // 1 × 113/200 = 0.565: half even gives 0.56 (6 is even); half up would give 0.57.
  EXPECT_EQ(MustScore(rules, {.should_file = 200, .filed = 113}).total.ToString(), "0.56");
  // 1 × 115/200 = 0.575: half even gives 0.58 (8 is even).
  EXPECT_EQ(MustScore(rules, {.should_file = 200, .filed = 115}).total.ToString(), "0.58");
}

TEST(ScorePolicy, DeductionMaxCapsTheDeduction) {
  RuleSet rules = Custom(R"(
[[indicator]]
key = "a"
name = "a"
weight = 100
numerator = "closed"
denominator = "filed"
[[indicator.deduction]]
count = "overdue"
points = 2
max = 5
)");
  // 100 × 10/10 − min(2 × 4, 5) = 100 − 5 = 95.
  Scorecard c = MustScore(rules, {.filed = 10, .closed = 10, .overdue = 4});
  EXPECT_EQ(c.total.ToString(), "95.00");
  EXPECT_TRUE(c.Find("a")->deductions[0].capped);
}

TEST(ScorePolicy, CapAboveOneRewardsOverfulfilment) {
  RuleSet rules = Custom(R"(
[[indicator]]
key = "a"
name = "a"
weight = 100
numerator = "filed"
denominator = "should_file"
cap = 1.2
floor = 0
)");
  // 100 × min(150/100, 1.2) = 120.
  EXPECT_EQ(MustScore(rules, {.should_file = 100, .filed = 150}).total.ToString(), "120.00");
}

TEST(ScorePolicy, FractionalDeductionAndOnePointDecimal) {
  RuleSet rules = Custom(R"(
[[indicator]]
key = "a"
name = "a"
weight = 100
numerator = "closed"
denominator = "filed"
[[indicator.deduction]]
count = "overdue"
points = 0.25
)",
                         "points_decimals = 1");
  // 100 × 2/3 − 0.25 × 1 = 66.41666... -> 66.4 at one decimal.
  EXPECT_EQ(MustScore(rules, {.filed = 3, .closed = 2, .overdue = 1}).total.ToString(), "66.4");
}

TEST(ScorePolicy, NegativeFloorLetsPointsGoBelowZeroAndRoundsHalfAwayFromZero) {
  RuleSet rules = Custom(R"(
[[indicator]]
key = "a"
name = "a"
weight = 1
numerator = "closed"
denominator = "filed"
floor = -1
[[indicator.deduction]]
count = "overdue"
points = 1
)",
                         "total = 1");
  // 1 × 23/40 − 1 × 1 = 0.575 − 1 = −0.425 -> −0.43 (half away from zero).
  EXPECT_EQ(MustScore(rules, {.filed = 40, .closed = 23, .overdue = 1}).total.ToString(), "-0.43");
  // 1 × 0/40 − 1 × 20 = −20, floored at −1.
  EXPECT_EQ(MustScore(rules, {.filed = 40, .overdue = 20}).total.ToString(), "-1.00");
}

TEST(ScorePolicy, AFloorBelowMinusTheWeightIsRejected) {
  // Weight 1: floors from −1 to 1 are allowed; −1000 (issue 16, defect 10) and −1.01 are not.
  for (std::string_view floor : {"-1000", "-1.01"}) {
    absl::StatusOr<RuleSet> r = RuleSet::FromText(std::string(R"(id = "x"
title = "x"
effective_from = 2021-01-01
total = 1
[[indicator]]
key = "a"
name = "a"
weight = 1
numerator = "closed"
denominator = "filed"
floor = )") + std::string(floor) + "\n");
    EXPECT_THAT(std::string(r.status().message()), HasSubstr("is below minus the weight (-1)")) << floor;
  }
}

// --- ranking ------------------------------------------------------------------------------------------

Scorecard Card(std::string code, Category category, int64_t total_hundredths, int year = 2021) {
  Scorecard c;
  c.unit_code = std::move(code);
  c.category = category;
  c.period = Period::Year(year);
  c.total = Decimal(total_hundredths, 2);
  return c;
}

TEST(Rank, TiesShareARankAndTheNextSkips) {
  std::vector<Scorecard> cards = {Card("a", Category::kTownship, 9000), Card("b", Category::kDepartment, 9500),
                                  Card("c", Category::kTownship, 9000), Card("d", Category::kTownship, 8000),
                                  Card("e", Category::kVertical, 9500)};
  Rank(cards);
  // Totals 95, 95, 90, 90, 80 -> ranks 1, 1, 3, 3, 5.
  EXPECT_EQ(cards[1].rank, 1);
  EXPECT_EQ(cards[4].rank, 1);
  EXPECT_EQ(cards[0].rank, 3);
  EXPECT_EQ(cards[2].rank, 3);
  EXPECT_EQ(cards[3].rank, 5);
  // Townships 90, 90, 80 -> 1, 1, 3; the department and the vertical unit are alone in theirs.
  EXPECT_EQ(cards[0].category_rank, 1);
  EXPECT_EQ(cards[2].category_rank, 1);
  EXPECT_EQ(cards[3].category_rank, 3);
  EXPECT_EQ(cards[1].category_rank, 1);
  EXPECT_EQ(cards[4].category_rank, 1);
}

TEST(Rank, OneTwoTwoFour) {
  std::vector<Scorecard> cards = {Card("a", Category::kTownship, 9900), Card("b", Category::kTownship, 9000),
                                  Card("c", Category::kTownship, 9000), Card("d", Category::kTownship, 8000)};
  Rank(cards);
  EXPECT_EQ(cards[0].rank, 1);
  EXPECT_EQ(cards[1].rank, 2);
  EXPECT_EQ(cards[2].rank, 2);
  EXPECT_EQ(cards[3].rank, 4);
}

TEST(Rank, EachPeriodIsRankedOnItsOwn) {
  std::vector<Scorecard> cards = {Card("a", Category::kTownship, 5000, 2021),
                                  Card("a", Category::kTownship, 9000, 2022),
                                  Card("b", Category::kTownship, 6000, 2021)};
  Rank(cards);
  EXPECT_EQ(cards[0].rank, 2);  // 2021: b 60 > a 50
  EXPECT_EQ(cards[2].rank, 1);
  EXPECT_EQ(cards[1].rank, 1);  // alone in 2022
}

}  // namespace
}  // namespace zhifa

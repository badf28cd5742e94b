#include "zhifa/rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace zhifa {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr std::string_view kHead = R"(id = "t"
title = "test"
effective_from = 2021-01-01
)";

// One valid indicator worth 100 points.
constexpr std::string_view kOne = R"(
[[indicator]]
key = "a"
name = "甲"
weight = 100
numerator = "filed"
denominator = "should_file"
)";

absl::Status Parse(std::string_view text) { return RuleSet::FromText(text, "r.toml").status(); }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(RuleSet, BuiltinMatchesTheDataFileAndThePlan) {
  absl::StatusOr<const RuleSet*> found = RuleSet::Builtin("zhenping-2021");
  ASSERT_TRUE(found.ok()) << found.status();
  const RuleSet* r = *found;
  EXPECT_EQ(r, &RuleSet::Builtin());  // the same immortal object: references to it never dangle
  EXPECT_EQ(r->total(), Decimal(100, 0));
  ASSERT_EQ(r->indicators().size(), 6u);
  // 附件2: 立案率 20, 办结率 16, 执行率 16, 处罚率 16, 被起诉率 16, 胜诉率 16.
  const char* names[] = {"立案率", "办结率", "执行率", "处罚率", "被起诉率", "胜诉率"};
  const int weights[] = {20, 16, 16, 16, 16, 16};
  for (size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(r->indicators()[i].name, names[i]);
    EXPECT_EQ(r->indicators()[i].weight, Decimal(weights[i], 0));
  }
  EXPECT_EQ(r->indicators()[4].mode, Mode::kInverse);
  // A2.2: 2 per overdue case, 5 per unfulfilled leader-assigned case.
  EXPECT_EQ(r->indicators()[1].deductions[0].points, Decimal(2, 0));
  EXPECT_EQ(r->indicators()[1].deductions[1].points, Decimal(5, 0));
  // The compiled-in text is the data file itself.
  EXPECT_EQ(*RuleSet::BuiltinSource("zhenping-2021"),
            ReadFile(std::string(ZHIFA_SOURCE_DIR) + "/data/rules/zhenping-2021.toml"));
}

TEST(RuleSet, UnknownBuiltinNamesTheKnownOnes) {
  absl::StatusOr<const RuleSet*> r = RuleSet::Builtin("nanyang-2030");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(r.status().message(), HasSubstr("zhenping-2021"));
}

TEST(RuleSet, CanonicalFormRoundTripsWithTheSameDigest) {
  const RuleSet& r = RuleSet::Builtin();
  absl::StatusOr<RuleSet> again = RuleSet::FromText(r.ToToml(), "canonical");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->digest(), r.digest());
  EXPECT_EQ(again->ToToml(), r.ToToml());
  EXPECT_EQ(r.digest().size(), std::string("sha256:").size() + 64);
}

TEST(RuleSet, DigestChangesWithAnyParameter) {
  std::string text = RuleSet::Builtin().ToToml();
  std::string changed = text;
  changed.replace(changed.find("points = 2\n"), 11, "points = 3\n");  // A2.2 overdue deduction 2 -> 3
  absl::StatusOr<RuleSet> r = RuleSet::FromText(changed);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_NE(r->digest(), RuleSet::Builtin().digest());
}

TEST(RuleSet, CommentsAndKeyOrderDoNotChangeTheDigest) {
  std::string a = std::string(kHead) + std::string(kOne);
  std::string b = "# a comment\ntitle = \"test\"\nid = \"t\"\neffective_from = 2021-01-01\n" + std::string(kOne);
  EXPECT_EQ(RuleSet::FromText(a)->digest(), RuleSet::FromText(b)->digest());
}

TEST(RuleSet, DecimalParametersAreExact) {
  std::string text = std::string(kHead) + R"(
total = 0.3
[[indicator]]
key = "a"
name = "a"
weight = 0.1
numerator = "filed"
denominator = "should_file"
[[indicator]]
key = "b"
name = "b"
weight = 0.2
numerator = "closed"
denominator = "filed"
)";
  // 0.1 + 0.2 == 0.3 exactly as decimals (as doubles it is 0.30000000000000004).
  EXPECT_TRUE(RuleSet::FromText(text).ok()) << RuleSet::FromText(text).status();
}

struct BadCase {
  std::string name;
  std::string text;
  std::string expected;  // substring of the message
};

void PrintTo(const BadCase& c, std::ostream* os) { *os << c.name; }

class RuleSetErrors : public ::testing::TestWithParam<BadCase> {};

TEST_P(RuleSetErrors, NameFileLineAndKey) {
  absl::Status s = Parse(GetParam().text);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), AllOf(HasSubstr("r.toml:"), HasSubstr(GetParam().expected)));
}

std::string WithIndicator(std::string_view body) {
  return std::string(kHead) + "\n[[indicator]]\nkey = \"a\"\nname = \"a\"\n" + std::string(body);
}

INSTANTIATE_TEST_SUITE_P(
    All, RuleSetErrors,
    ::testing::Values(
        BadCase{"Syntax", std::string(kHead) + "total = = 3\n", "r.toml:4:"},
        BadCase{"WeightsDoNotSum", WithIndicator("weight = 90\nnumerator = \"filed\"\ndenominator = \"should_file\"\n"),
                "total: indicator weights sum to 90 (a 90), not total 100"},
        BadCase{"UnknownColumn", WithIndicator("weight = 100\nnumerator = \"fild\"\ndenominator = \"should_file\"\n"),
                "r.toml:9: indicator[1].numerator: unknown column \"fild\"; expected one of should_file"},
        BadCase{"DuplicateKey", std::string(kHead) + std::string(kOne) + std::string(kOne),
                "indicator[2].key: duplicate indicator key \"a\""},
        BadCase{"NegativeWeight", WithIndicator("weight = -5\nnumerator = \"filed\"\ndenominator = \"should_file\"\n"),
                "indicator[1].weight: -5 is negative"},
        BadCase{"NegativeDeductionPoints",
                WithIndicator("weight = 100\nnumerator = \"filed\"\ndenominator = \"should_file\"\n"
                              "[[indicator.deduction]]\ncount = \"overdue\"\npoints = -2\n"),
                "r.toml:13: indicator[1].deduction[1].points: -2 is negative"},
        BadCase{
            "UnknownMode",
            WithIndicator("weight = 100\nnumerator = \"filed\"\ndenominator = \"should_file\"\nmode = \"linear\"\n"),
            "indicator[1].mode: unknown mode \"linear\"; expected proportional, inverse or bands"},
        BadCase{"BandsWithoutBands",
                WithIndicator("weight = 100\nnumerator = \"filed\"\ndenominator = \"should_file\"\nmode = \"bands\"\n"),
                "bands mode needs at least one [[indicator.band]]"},
        BadCase{"BandsOutOfOrder",
                WithIndicator("weight = 100\nnumerator = \"filed\"\ndenominator = \"should_file\"\nmode = \"bands\"\n"
                              "[[indicator.band]]\nmin_rate = 0.9\npoints = 100\n"
                              "[[indicator.band]]\nmin_rate = 0.5\npoints = 50\n"),
                "band[2].min_rate: 0.5 is not above the previous band's 0.9"},
        BadCase{"DatesOutOfOrder", std::string(kHead) + "effective_until = 2020-12-31\n" + std::string(kOne),
                "effective_until: 2020-12-31 is before effective_from 2021-01-01; dates out of order"},
        BadCase{"DateAsString", "id = \"t\"\ntitle = \"t\"\neffective_from = \"2021-01-01\"\n" + std::string(kOne),
                "r.toml:3: effective_from: expected a date such as 2021-01-01 (no quotes), found a string"},
        BadCase{"UnknownKey", WithIndicator("weigth = 100\nnumerator = \"filed\"\ndenominator = \"should_file\"\n"),
                "indicator[1].weigth: unknown key"},
        BadCase{"MissingRequired", WithIndicator("numerator = \"filed\"\ndenominator = \"should_file\"\n"),
                "indicator[1].weight: missing; expected a number"},
        BadCase{"TooManyDecimals",
                WithIndicator("weight = 99.99999\nnumerator = \"filed\"\ndenominator = \"should_file\"\n"),
                "more than 4 digits after the decimal point"},
        BadCase{"UnknownRounding", std::string(kHead) + "rounding = \"bankers\"\n" + std::string(kOne),
                "rounding: unknown rounding \"bankers\"; expected half_up or half_even"},
        BadCase{"UnknownZeroPolicy",
                WithIndicator("weight = 100\nnumerator = \"filed\"\ndenominator = \"should_file\"\n"
                              "zero_denominator = \"skip\"\n"),
                "unknown policy \"skip\"; expected full, zero or exclude"},
        BadCase{"FloorAboveWeight",
                WithIndicator("weight = 100\nnumerator = \"filed\"\ndenominator = \"should_file\"\nfloor = 101\n"),
                "floor: 101 is above the weight 100"},
        BadCase{"DecimalsOutOfRange", std::string(kHead) + "points_decimals = 7\n" + std::string(kOne),
                "points_decimals: 7 is out of range; expected 0..4"},
        BadCase{"NoIndicators", std::string(kHead), "no [[indicator]] tables"},
        BadCase{"BandsInProportionalMode",
                WithIndicator("weight = 100\nnumerator = \"filed\"\ndenominator = \"should_file\"\n"
                              "[[indicator.band]]\nmin_rate = 0.9\npoints = 100\n"),
                "bands are given but mode is proportional"}),
    [](const ::testing::TestParamInfo<BadCase>& info) { return info.param.name; });

// --- rule books ---------------------------------------------------------------------------------------

RuleSet Set(std::string id, std::string from, std::string until = "") {
  std::string text = "id = \"" + id + "\"\ntitle = \"t\"\neffective_from = " + from + "\n" +
                     (until.empty() ? "" : "effective_until = " + until + "\n") + std::string(kOne);
  return *RuleSet::FromText(text);
}

TEST(RuleBook, SelectsTheSetInForceOnThePeriodStart) {
  absl::StatusOr<RuleBook> book =
      RuleBook::Create({Set("y2022", "2022-01-01"), Set("y2021", "2021-01-01", "2021-12-31")});
  ASSERT_TRUE(book.ok()) << book.status();
  EXPECT_EQ((*book->Select(*Period::Parse("2021-Q4")))->id(), "y2021");
  EXPECT_EQ((*book->Select(*Period::Parse("2022-01")))->id(), "y2022");
  EXPECT_EQ((*book->Select(*Period::Parse("2030")))->id(), "y2022");
  absl::StatusOr<const RuleSet*> before = book->Select(*Period::Parse("2020-H2"));
  EXPECT_EQ(before.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_THAT(before.status().message(), HasSubstr("no rule set in force on 2020-07-01"));
}

TEST(RuleBook, OverlapNamesBothSets) {
  absl::StatusOr<RuleBook> book = RuleBook::Create({Set("a", "2021-01-01"), Set("b", "2022-01-01")});
  EXPECT_EQ(book.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(book.status().message(), AllOf(HasSubstr("\"a\""), HasSubstr("\"b\""), HasSubstr("overlap")));
}

TEST(RuleBook, GapNamesBothSetsAndTheDays) {
  absl::StatusOr<RuleBook> book = RuleBook::Create({Set("a", "2021-01-01", "2021-06-30"), Set("b", "2021-08-01")});
  EXPECT_EQ(book.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(book.status().message(),
              AllOf(HasSubstr("\"a\""), HasSubstr("\"b\""), HasSubstr("leave 2021-07-01 to 2021-07-31 without")));
}

TEST(RuleBook, OneIdWithTwoDigestsIsRefused) {
  // An edited copy that keeps the official id would pass for the official set in every output.
  RuleSet official = Set("zp", "2021-01-01", "2021-12-31");
  std::string text = official.ToToml();
  text.replace(text.find("effective_until = 2021-12-31"), 28, "effective_until = 2021-12-30");
  RuleSet edited = *RuleSet::FromText(text);
  absl::StatusOr<RuleBook> book = RuleBook::Create({official, edited});
  EXPECT_EQ(book.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(book.status().message(), HasSubstr("two rule sets have the id \"zp\" but different rules"));
}

TEST(RuleBook, YearsOutsideTheSupportedRangeAreErrorsNotExceptions) {
  absl::StatusOr<Period> p = Period::Of(PeriodKind::kYear, 20210, 0);
  EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument);
  // Period::Year's precondition broken on purpose: Select answers with an error instead of throwing.
  absl::StatusOr<const RuleSet*> far = RuleBook::Builtin().Select(Period::Year(20210));
  EXPECT_EQ(far.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(far.status().message(), HasSubstr("year 20210 is out of range"));
}

TEST(RuleBook, BuiltinHoldsZhenping2021) {
  EXPECT_EQ((*RuleBook::Builtin().Select(Period::Year(2021)))->id(), "zhenping-2021");
}

}  // namespace
}  // namespace zhifa

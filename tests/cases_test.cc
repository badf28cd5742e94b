#include "zhifa/cases.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "lib/strings.h"
#include "zhifa/report.h"

namespace zhifa {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct Read {
  absl::Status status;
  std::vector<CaseRecord> cases;
};

Read ReadText(const std::string& csv) {
  Read r;
  std::istringstream in(csv);
  r.status = ReadCasesCsv(in, Registry::Builtin(), {.source = "cases.csv"},
                          [&](CaseRecord&& c) { r.cases.push_back(std::move(c)); });
  return r;
}

constexpr std::string_view kHeader =
    "case_id,unit,filed_on,decided_on,closed_on,outcome,executed_on,court_refused,leader_assigned,leader_fulfilled,"
    "missed_penalty,sued_on,defendant,judgment_on,judgment_won\n";

// Aggregates the cases of `csv` by `kind`; returns the rows.
std::vector<AggregatedRow> Aggregate(const std::string& csv, PeriodKind kind = PeriodKind::kYear,
                                     const QuotaSource& quota = QuotaSource::None(),
                                     std::optional<Date> as_of = std::nullopt) {
  Read r = ReadText(csv);
  EXPECT_TRUE(r.status.ok()) << r.status;
  CaseAggregator agg(Registry::Builtin(), CaseSettings::Builtin(), {.period = kind, .as_of = as_of});
  for (const CaseRecord& c : r.cases) {
    EXPECT_TRUE(c.ok()) << c.row << ": " << c.errors[0].message;
    EXPECT_TRUE(agg.Add(c).ok());
  }
  return agg.Finish(quota);
}

const AggregatedRow* Find(const std::vector<AggregatedRow>& rows, std::string_view unit, std::string_view period) {
  for (const AggregatedRow& r : rows) {
    if (r.unit->name == unit && r.period.ToString() == period) return &r;
  }
  return nullptr;
}

TEST(Cases, NinetyDayBoundary) {
  // 行政处罚法 第六十条: 90 days from filing. Filed 2021-04-01: the limit ends 2021-06-30.
  std::vector<AggregatedRow> rows = Aggregate(std::string(kHeader) +
                                              "a,涅阳街道,2021-04-01,2021-06-29,2021-07-10,penalty,,,,,,,,,\n"
                                              "b,涅阳街道,2021-04-01,2021-06-30,2021-07-10,penalty,,,,,,,,,\n"
                                              "c,涅阳街道,2021-04-01,2021-07-01,2021-07-10,penalty,,,,,,,,,\n");
  ASSERT_EQ(rows.size(), 1u);
  // 06-29 and 06-30 are on time, 07-01 is overdue: 1 overdue of 3 filed.
  EXPECT_EQ(rows[0].counts.Get(Column::kFiled), 3);
  EXPECT_EQ(rows[0].counts.Get(Column::kOverdue), 1);
  EXPECT_EQ(rows[0].counts.Get(Column::kPenalized), 3);
  EXPECT_EQ(rows[0].counts.Get(Column::kClosed), 3);
}

TEST(Cases, OpenCasesAtPeriodEnd) {
  std::vector<AggregatedRow> rows = Aggregate(std::string(kHeader) +
                                              // undecided; 09-01 + 90 days = 11-30, before 12-31: overdue
                                              "a,玉都街道,2021-09-01,,,,,,,,,,,,\n"
                                              // undecided; 11-01 + 90 = 2022-01-30, after 12-31: not yet
                                              "b,玉都街道,2021-11-01,,,,,,,,,,,,\n"
                                              // decided 2022-01-05, after the evaluation date: undecided then
                                              "c,玉都街道,2021-08-01,2022-01-05,2022-01-20,penalty,,,,,,,,,\n");
  const AggregatedRow* y2021 = Find(rows, "玉都街道", "2021");
  ASSERT_NE(y2021, nullptr);
  // a overdue; b not yet; c: 08-01 + 90 = 10-30, undecided at 12-31, so overdue. Closed by 12-31: none.
  // Penalized by 12-31: none (decided 2022).
  EXPECT_EQ(y2021->counts.Get(Column::kFiled), 3);
  EXPECT_EQ(y2021->counts.Get(Column::kOverdue), 2);
  EXPECT_EQ(y2021->counts.Get(Column::kClosed), 0);
  EXPECT_EQ(y2021->counts.Get(Column::kPenalized), 0);
  // With --as-of 2021-10-15: a (deadline 11-30) is not overdue yet, c (deadline 10-30) not yet either; b is not
  // filed by then (11-01), so it is not in the cohort.
  std::vector<AggregatedRow> early = Aggregate(std::string(kHeader) +
                                                   "a,玉都街道,2021-09-01,,,,,,,,,,,,\n"
                                                   "b,玉都街道,2021-11-01,,,,,,,,,,,,\n",
                                               PeriodKind::kYear, QuotaSource::None(), Date(2021, 10, 15));
  EXPECT_EQ(early[0].counts.Get(Column::kFiled), 1);
  EXPECT_EQ(early[0].counts.Get(Column::kOverdue), 0);
}

TEST(Cases, LitigationCountsByEventDateWhateverTheFilingYear) {
  std::vector<AggregatedRow> rows =
      Aggregate(std::string(kHeader) +
                // filed 2020, sued 2021, judgment 2021 won: litigation counts in 2021
                "a,卢医镇,2020-05-01,2020-06-01,2020-07-01,penalty,2020-06-20,,,,,2021-03-01,unit,2021-09-01,1\n"
                "b,卢医镇,2021-02-01,2021-03-01,2021-04-01,no_penalty,2021-03-20,,,,,,,,\n");
  const AggregatedRow* y2020 = Find(rows, "卢医镇", "2020");
  const AggregatedRow* y2021 = Find(rows, "卢医镇", "2021");
  ASSERT_NE(y2020, nullptr);
  ASSERT_NE(y2021, nullptr);
  EXPECT_EQ(y2020->counts.Get(Column::kFiled), 1);
  EXPECT_EQ(y2020->counts.Get(Column::kSued), 0);
  EXPECT_EQ(y2021->counts.Get(Column::kFiled), 1);
  EXPECT_EQ(y2021->counts.Get(Column::kSued), 1);
  EXPECT_EQ(y2021->counts.Get(Column::kJudgments), 1);
  EXPECT_EQ(y2021->counts.Get(Column::kJudgmentsWon), 1);
  EXPECT_EQ(y2021->counts.Get(Column::kEnforcementCases), 1);  // the 2021 cohort
  // Executed among closed: a executed 2020-06-20 and closed 2020-07-01.
  EXPECT_EQ(y2020->counts.Get(Column::kExecuted), 1);
}

TEST(Cases, SubUnitsRollUpAndCountyGovernmentSuitsCountForTheHandler) {
  std::vector<AggregatedRow> rows =
      Aggregate(std::string(kHeader) +
                "a,交警大队,2021-01-10,2021-02-01,2021-02-10,penalty,,,,,,,,,\n"
                "b,派出所,2021-03-10,2021-04-01,2021-04-10,penalty,,,,,,,,,\n"
                "c,公安局,2021-05-10,2021-06-01,2021-06-10,no_penalty,,,,,,,,,\n"
                // A suit against the county government about a 市场监管局 case counts for 市场监管局 (A2.5, A2.6).
                "d,县市场监督管理局,2021-01-05,2021-02-01,2021-02-20,penalty,,,,,,2021-05-01,county_government,"
                "2021-10-01,0\n");
  ASSERT_EQ(rows.size(), 2u);
  const AggregatedRow* police = Find(rows, "公安局", "2021");
  ASSERT_NE(police, nullptr);
  EXPECT_EQ(police->counts.Get(Column::kFiled), 3);  // 交警大队 + 派出所 + 公安局
  EXPECT_EQ(police->counts.Get(Column::kPenalized), 2);
  const AggregatedRow* market = Find(rows, "市场监管局", "2021");
  EXPECT_EQ(market->counts.Get(Column::kSued), 1);
  EXPECT_EQ(market->counts.Get(Column::kJudgments), 1);
  EXPECT_EQ(market->counts.Get(Column::kJudgmentsWon), 0);
}

TEST(Cases, FlagsAndPeriods) {
  std::vector<AggregatedRow> rows =
      Aggregate(std::string(kHeader) +
                    "a,遮山镇,2021-01-10,2021-02-01,2021-02-10,penalty,2021-02-05,1,1,0,0,,,,\n"
                    "b,遮山镇,2021-02-10,2021-03-01,2021-03-10,no_penalty,,0,1,1,是,,,,\n"
                    "c,遮山镇,2021-04-10,,,,,,,,,,,,\n",
                PeriodKind::kQuarter);
  const AggregatedRow* q1 = Find(rows, "遮山镇", "2021-Q1");
  const AggregatedRow* q2 = Find(rows, "遮山镇", "2021-Q2");
  ASSERT_NE(q1, nullptr);
  ASSERT_NE(q2, nullptr);
  EXPECT_EQ(q1->counts.Get(Column::kFiled), 2);
  EXPECT_EQ(q1->counts.Get(Column::kCourtRefused), 1);       // a
  EXPECT_EQ(q1->counts.Get(Column::kLeaderUnfulfilled), 1);  // a assigned and not fulfilled; b fulfilled
  EXPECT_EQ(q1->counts.Get(Column::kMissedPenalty), 1);      // b (是)
  EXPECT_EQ(q1->counts.Get(Column::kExecuted), 1);           // a, closed and executed
  EXPECT_EQ(q2->counts.Get(Column::kFiled), 1);
  // c: 04-10 + 90 = 07-09, after the quarter's end 06-30: not overdue yet.
  EXPECT_EQ(q2->counts.Get(Column::kOverdue), 0);
}

std::string Filings(std::string_view unit, int year, int n, std::string_view tag) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    out += std::string(tag) + std::to_string(year) + "_" + std::to_string(i) + "," + std::string(unit) + "," +
           std::to_string(year) + "-03-01," + std::to_string(year) + "-04-01," + std::to_string(year) +
           "-04-02,penalty,,,,,,,,,\n";
  }
  return out;
}

TEST(Cases, QuotaFromTheTwoPreviousCalendarYears) {
  // 涅阳街道 filed 4 in 2018, 2 in 2019 and none in 2020; 2021 has one case. Another unit filed in 2020, so the
  // data covers 2018-2021. A2.1: 2021's quota = ceil((2 + 0) / 2) = 1, the two previous calendar years (not
  // the two previous periods present, 2018 and 2019, which would give 3).
  std::string csv = std::string(kHeader) + Filings("涅阳街道", 2018, 4, "n") + Filings("涅阳街道", 2019, 2, "n") +
                    Filings("玉都街道", 2020, 1, "y") + Filings("涅阳街道", 2021, 1, "n");
  CaseAggregator agg(Registry::Builtin(), CaseSettings::Builtin(), {});
  for (const CaseRecord& c : ReadText(csv).cases) ASSERT_TRUE(agg.Add(c).ok());
  std::vector<AggregatedRow> rows = agg.Finish(QuotaSource::History());
  EXPECT_EQ(Find(rows, "涅阳街道", "2021")->counts.Get(Column::kShouldFile), 1);
  // 2020: ceil((4 + 2) / 2) = 3, though 涅阳街道 filed nothing in 2020 (a row of zeros, since the data covers 2020).
  const AggregatedRow* y2020 = Find(rows, "涅阳街道", "2020");
  ASSERT_NE(y2020, nullptr);
  EXPECT_EQ(y2020->counts.Get(Column::kFiled), 0);
  EXPECT_EQ(y2020->counts.Get(Column::kShouldFile), 3);
  // 2019 needs 2017, which the data does not cover: empty, with the reason.
  EXPECT_FALSE(Find(rows, "涅阳街道", "2019")->counts.Has(Column::kShouldFile));
  bool reason = false;
  for (const CaseAggregator::MissingQuota& m : agg.missing_quota()) {
    reason = reason || (m.unit->name == "涅阳街道" && m.period.ToString() == "2019" &&
                        m.reason ==
                            "the case data has no case filed in 2017, so the two previous years' filings "
                            "(A2.1) are not known");
  }
  EXPECT_TRUE(reason);
  // 玉都街道 2021: 2019 covered (0) and 2020 (1): ceil(1 / 2) = 1.
  EXPECT_EQ(Find(rows, "玉都街道", "2021")->counts.Get(Column::kShouldFile), 1);
}

TEST(Cases, PartialsMergedEqualOneAggregator) {
  // The cases of QuotaFromTheTwoPreviousCalendarYears split in two pieces, each aggregated alone: the 2018 and
  // 2019 filings in one, the rest in the other. Merged, the quota from history sees every year: 2021's quota is
  // ceil((2 + 0) / 2) = 1 as in one aggregator, though neither piece alone holds 2019's filings and 2020's
  // coverage.
  std::string first = std::string(kHeader) + Filings("涅阳街道", 2018, 4, "n") + Filings("涅阳街道", 2019, 2, "n");
  std::string second = std::string(kHeader) + Filings("玉都街道", 2020, 1, "y") + Filings("涅阳街道", 2021, 1, "n");
  CaseAggregator whole(Registry::Builtin(), CaseSettings::Builtin(), {});
  CaseAggregator a(Registry::Builtin(), CaseSettings::Builtin(), {});
  CaseAggregator b(Registry::Builtin(), CaseSettings::Builtin(), {});
  for (const CaseRecord& c : ReadText(first).cases) {
    ASSERT_TRUE(whole.Add(c).ok());
    ASSERT_TRUE(a.Add(c).ok());
  }
  for (const CaseRecord& c : ReadText(second).cases) {
    ASSERT_TRUE(whole.Add(c).ok());
    ASSERT_TRUE(b.Add(c).ok());
  }
  CaseAggregator merged(Registry::Builtin(), CaseSettings::Builtin(), {});
  ASSERT_TRUE(merged.Merge(a.Export()).ok());
  ASSERT_TRUE(merged.Merge(b.Export()).ok());
  std::vector<AggregatedRow> expected = whole.Finish(QuotaSource::History());
  std::vector<AggregatedRow> got = merged.Finish(QuotaSource::History());
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].unit, expected[i].unit);
    EXPECT_EQ(got[i].period, expected[i].period);
    EXPECT_EQ(got[i].counts, expected[i].counts) << got[i].unit->name << " " << got[i].period.ToString();
  }
  EXPECT_EQ(Find(got, "涅阳街道", "2021")->counts.Get(Column::kShouldFile), 1);
  ASSERT_EQ(merged.missing_quota().size(), whole.missing_quota().size());
  // A partial naming a unit the registry does not have merges nothing.
  CaseAggregator::Partial wrong{.keys = {uint64_t{100000} << 32}, .counters = {{}}, .years = {}};
  EXPECT_THAT(merged.Merge(wrong).message(), HasSubstr("unit index 100000 is not a unit"));
}

TEST(Cases, QuotaForQuartersUsesTheSameQuarterOfThePreviousYears) {
  // 涅阳街道: Q1 2019 3 cases, Q1 2020 6 cases (all filed 03-01); 2021-Q1 quota = ceil((3 + 6) / 2) = 5. Q2 of
  // 2019 and 2020 had nothing (both years covered): 2021-Q2 quota 0.
  std::string csv = std::string(kHeader) + Filings("涅阳街道", 2019, 3, "n") + Filings("涅阳街道", 2020, 6, "n") +
                    "q1,涅阳街道,2021-02-01,,,,,,,,,,,,\nq2,涅阳街道,2021-05-01,,,,,,,,,,,,\n";
  std::vector<AggregatedRow> rows = Aggregate(csv, PeriodKind::kQuarter, QuotaSource::History());
  EXPECT_EQ(Find(rows, "涅阳街道", "2021-Q1")->counts.Get(Column::kShouldFile), 5);
  EXPECT_EQ(Find(rows, "涅阳街道", "2021-Q2")->counts.Get(Column::kShouldFile), 0);
}

TEST(Cases, QuotaFileWithNeighbourFiguresAndPolicy) {
  std::string csv = std::string(kHeader) + Filings("涅阳街道", 2019, 2, "n") + Filings("涅阳街道", 2020, 4, "n") +
                    Filings("涅阳街道", 2021, 1, "n");
  // History: ceil((2 + 4) / 2) = 3. The neighbouring counties filed 8 a year.
  std::istringstream file("单位,期间,临近县区年度立案数量\n涅阳街道,2021,8\n");
  absl::StatusOr<QuotaSource> quota = QuotaSource::FromCsv(file, Registry::Builtin(), {.source = "q.csv"});
  ASSERT_TRUE(quota.ok()) << quota.status();
  auto quota_with = [&](std::string_view policy) {
    absl::StatusOr<CaseSettings> settings =
        CaseSettings::FromText(std::string("[quota]\nneighbour_policy = \"") + std::string(policy) + "\"\n", "s.toml");
    EXPECT_TRUE(settings.ok()) << settings.status();
    CaseAggregator agg(Registry::Builtin(), *settings, {});
    for (const CaseRecord& c : ReadText(csv).cases) EXPECT_TRUE(agg.Add(c).ok());
    return Find(agg.Finish(quota->WithHistory()), "涅阳街道", "2021")->counts.Get(Column::kShouldFile);
  };
  EXPECT_EQ(quota_with("history"), 3);  // the default: history only
  EXPECT_EQ(quota_with("max"), 8);      // max(3, 8)
  EXPECT_EQ(quota_with("mean"), 6);     // ceil((3 + 8) / 2) = ceil(5.5) = 6
  // An explicit should_file wins over history.
  std::istringstream explicit_quota("unit,period,should_file\n涅阳街道,2021,12\n");
  absl::StatusOr<QuotaSource> q12 = QuotaSource::FromCsv(explicit_quota, Registry::Builtin(), {.source = "q.csv"});
  ASSERT_TRUE(q12.ok()) << q12.status();
  CaseAggregator again(Registry::Builtin(), CaseSettings::Builtin(), {});
  for (const CaseRecord& c : ReadText(csv).cases) ASSERT_TRUE(again.Add(c).ok());
  EXPECT_EQ(Find(again.Finish(q12->WithHistory()), "涅阳街道", "2021")->counts.Get(Column::kShouldFile), 12);
  // Bad quota files name line, column and value.
  std::istringstream bad("unit,period,should_file\n涅阳街道,2021,many\n");
  EXPECT_THAT(std::string(QuotaSource::FromCsv(bad, Registry::Builtin(), {.source = "q.csv"}).status().message()),
              HasSubstr("q.csv: line 2, column should_file: \"many\" is not a whole number"));
  std::istringstream twice("unit,period,should_file\n涅阳街道,2021,1\n涅阳街道,2021,2\n");
  EXPECT_THAT(std::string(QuotaSource::FromCsv(twice, Registry::Builtin(), {.source = "q.csv"}).status().message()),
              HasSubstr("q.csv: line 3, column should_file: 涅阳街道 2021 is given twice"));
  std::istringstream half("unit,period,neighbour\n涅阳街道,2021-H1,3\n");
  EXPECT_THAT(std::string(QuotaSource::FromCsv(half, Registry::Builtin(), {.source = "q.csv"}).status().message()),
              HasSubstr("2021-H1 is not a year"));
}

TEST(Cases, TimeLimitsAreDatedSettings) {
  // The built-in settings: 90 days from 2021-07-15 (行政处罚法 2021 第六十条) and, by the county's choice, 90 before.
  const CaseSettings& s = CaseSettings::Builtin();
  ASSERT_EQ(s.time_limits().size(), 2u);
  EXPECT_EQ(*s.time_limits()[1].from, Date(2021, 7, 15));
  EXPECT_THAT(s.time_limits()[1].source, HasSubstr("第六十条"));
  // A county that applies no limit before the revised law: 3650 days before 2021-07-15.
  absl::StatusOr<CaseSettings> custom = CaseSettings::FromText(
      "[[time_limit.period]]\nuntil = 2021-07-14\ndays = 3650\nsource = \"旧法无期限\"\n"
      "[[time_limit.period]]\nfrom = 2021-07-15\ndays = 90\nsource = \"行政处罚法 第六十条\"\n",
      "s.toml");
  ASSERT_TRUE(custom.ok()) << custom.status();
  // Filed 2021-04-01 and decided 2021-08-01 (122 days): overdue under the default (limit ends 06-30), not
  // under the custom settings. Filed 2021-07-15 and decided 2021-10-14 (91 days): overdue under both.
  std::string csv = std::string(kHeader) + "a,涅阳街道,2021-04-01,2021-08-01,2021-08-02,penalty,,,,,,,,,\n" +
                    "b,涅阳街道,2021-07-15,2021-10-14,2021-10-15,penalty,,,,,,,,,\n";
  EXPECT_EQ(Aggregate(csv)[0].counts.Get(Column::kOverdue), 2);
  CaseAggregator agg(Registry::Builtin(), *custom, {});
  for (const CaseRecord& c : ReadText(csv).cases) ASSERT_TRUE(agg.Add(c).ok());
  EXPECT_EQ(agg.Finish(QuotaSource::None())[0].counts.Get(Column::kOverdue), 1);
  // Overlapping periods and a filing date no period covers are errors.
  EXPECT_THAT(
      std::string(CaseSettings::FromText("[[time_limit.period]]\ndays = 90\nsource = \"a\"\n"
                                         "[[time_limit.period]]\nfrom = 2021-01-01\ndays = 30\nsource = \"b\"\n",
                                         "s.toml")
                      .status()
                      .message()),
      HasSubstr("overlap"));
  absl::StatusOr<CaseSettings> gap =
      CaseSettings::FromText("[[time_limit.period]]\nfrom = 2021-07-15\ndays = 90\nsource = \"new law\"\n", "s.toml");
  ASSERT_TRUE(gap.ok());
  CaseAggregator g(Registry::Builtin(), *gap, {});
  absl::Status added = g.Add(ReadText(csv).cases[0]);
  EXPECT_EQ(added.code(), absl::StatusCode::kOutOfRange);
  EXPECT_THAT(added.message(), HasSubstr("no time limit of the case settings covers its filing date 2021-04-01"));
}

TEST(Cases, AggregatorRefusesInvalidRecordsAndColumns) {
  // An in-memory record decided before it was filed: the CSV reader rejects it, and so does Add.
  CaseRecord c;
  c.row = 7;
  c.case_id = "m1";
  c.unit = *Registry::Builtin().Resolve("涅阳街道");
  c.filed_on = Date(2021, 5, 1);
  c.decided_on = Date(2021, 4, 1);
  EXPECT_THAT(ValidateCase(c), ElementsAre(testing::Field(&RowError::column, "decided_on")));
  CaseAggregator agg(Registry::Builtin(), CaseSettings::Builtin(), {});
  absl::Status s = agg.Add(c);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("case m1 (row 7) is not valid: column decided_on: 2021-04-01 is before filed_on"));
  EXPECT_TRUE(agg.Finish(QuotaSource::None()).empty());
  // Columns: lengths must agree, unit indexes and day numbers must be in range.
  std::vector<int32_t> units = {0}, bad_units = {9999}, days = {static_cast<int32_t>(Date(2021, 4, 1).day_number())},
                       far = {INT32_MAX - 5}, none = {kNoDay}, limit = {90}, empty;
  std::vector<uint8_t> flags = {0};
  EXPECT_EQ(agg.AddColumns({units, days, none, none, none, none, none, limit, flags}).code(), absl::StatusCode::kOk);
  EXPECT_THAT(agg.AddColumns({units, days, none, none, none, none, none, empty, flags}).message(),
              HasSubstr("different lengths"));
  EXPECT_THAT(agg.AddColumns({bad_units, days, none, none, none, none, none, limit, flags}).message(),
              HasSubstr("unit index 9999 is not a unit"));
  EXPECT_THAT(agg.AddColumns({units, far, none, none, none, none, none, limit, flags}).message(),
              HasSubstr("is outside 1900-01-01..9998-12-31"));
}

TEST(Cases, RepeatedCaseIdIsRefusedNamingTheFirst) {
  // Lines 2 and 4 are one case (the same id; the second an exact copy of the first, as an export pasted twice
  // would give); line 3 another. Counted once each: filed 2, not 3.
  Read r = ReadText(std::string(kHeader) +
                    "K-7,涅阳街道,2021-04-01,2021-05-01,,penalty,,,,,,,,,\n"
                    "K-8,涅阳街道,2021-04-02,,,,,,,,,,,,\n"
                    "K-7,涅阳街道,2021-04-01,2021-05-01,,penalty,,,,,,,,,\n");
  ASSERT_TRUE(r.status.ok()) << r.status;
  CaseAggregator agg(Registry::Builtin(), CaseSettings::Builtin(), {});
  EXPECT_TRUE(agg.Add(r.cases[0]).ok());
  EXPECT_TRUE(agg.Add(r.cases[1]).ok());
  absl::Status repeated = agg.Add(r.cases[2]);
  EXPECT_EQ(repeated.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(repeated.message(),
              HasSubstr("case_id \"K-7\" is repeated (first on line 2); each case is counted once"));
  std::vector<AggregatedRow> rows = agg.Finish(QuotaSource::None());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].counts.Get(Column::kFiled), 2);
  EXPECT_EQ(rows[0].counts.Get(Column::kPenalized), 1);
}

TEST(Cases, RepeatedCaseIdsOfAWholeTable) {
  // Rows 0..6: "a" at 0, 3 and 6 (both later ones name row 0), "b" at 1 and 5, "c" once, empty ids ignored.
  const std::vector<std::string_view> ids = {"a", "b", "", "a", "c", "b", "a", ""};
  EXPECT_THAT(RepeatedCaseIds(ids), ElementsAre(std::pair<size_t, size_t>{3, 0}, std::pair<size_t, size_t>{5, 1},
                                                std::pair<size_t, size_t>{6, 0}));
  // 200,000 distinct ids, then every 1,000th again: 200 repeats, each naming its first row.
  std::vector<std::string> many;
  for (int i = 0; i < 200000; ++i) many.push_back("K-" + std::to_string(i));
  for (int i = 0; i < 200000; i += 1000) many.push_back("K-" + std::to_string(i));
  std::vector<std::string_view> views(many.begin(), many.end());
  std::vector<std::pair<size_t, size_t>> repeated = RepeatedCaseIds(views);
  ASSERT_EQ(repeated.size(), 200u);
  EXPECT_EQ(repeated[7], (std::pair<size_t, size_t>{200007, 7000}));
  EXPECT_EQ(RepeatedCaseIdMessage("K-7", 3),
            "case_id \"K-7\" is repeated (first on line 3); each case is counted once");
}

TEST(Cases, NamesOfOutcomesDefendantsAndParties) {
  EXPECT_EQ(OutcomeFromName("处罚"), Outcome::kPenalty);
  EXPECT_EQ(OutcomeFromName(" no_penalty "), Outcome::kNoPenalty);
  EXPECT_EQ(OutcomeFromName("fined"), std::nullopt);
  EXPECT_EQ(OutcomeName(Outcome::kWithdrawn), "withdrawn");
  EXPECT_EQ(DefendantFromName("县人民政府"), Defendant::kCountyGovernment);
  EXPECT_EQ(PartyTypeFromName("法人"), PartyType::kOrganization);
  EXPECT_EQ(PartyTypeName(PartyType::kPerson), "person");
}

TEST(Cases, BadRowsNameRowColumnAndValue) {
  Read r = ReadText(std::string(kHeader) +
                    "a,涅阳街道,2021-13-01,,,,,,,,,,,,\n"
                    "b,涅阳街道,2021-04-01,,,fined,,,,,,,,,\n"
                    "c,涅阳街道,2021-04-01,,2021-03-01,,,,,,,,,,\n"
                    "d,火星局,2021-04-01,,,,,,,,,,,,\n"
                    "e,涅阳街道,2021-04-01,,,,,maybe,,,,,,,\n");
  ASSERT_TRUE(r.status.ok()) << r.status;
  ASSERT_EQ(r.cases.size(), 5u);
  auto line = [&](size_t i) { return FormatRowError("cases.csv", r.cases[i].row, r.cases[i].errors.at(0)); };
  // Lines as a spreadsheet numbers them: the header is line 1, case a line 2.
  EXPECT_THAT(line(0), HasSubstr("cases.csv: line 2, column filed_on: \"2021-13-01\" is not a date"));
  EXPECT_THAT(line(1), HasSubstr("line 3, column outcome: \"fined\" is not an outcome"));
  EXPECT_THAT(line(2), HasSubstr("line 4, column closed_on: 2021-03-01 is before filed_on 2021-04-01"));
  EXPECT_EQ(r.cases[2].errors[0].value, "2021-03-01");
  EXPECT_THAT(line(3), HasSubstr("line 5, column unit: unknown unit \"火星局\""));
  EXPECT_THAT(line(4), HasSubstr("line 6, column court_refused: \"maybe\" is not a boolean"));
  // Cells that need cleaning (full-width forms) and stay long after it: the message quotes the cleaned cell whole
  // (the reader must not parse a second copy and leave the first dangling).
  Read wide = ReadText(std::string(kHeader) + "f,涅阳街道,2021-04-01,,,,,是（已移送公安机关）,,,,,,,\n");
  ASSERT_EQ(wide.cases.size(), 1u);
  EXPECT_THAT(FormatRowError("cases.csv", wide.cases[0].row, wide.cases[0].errors.at(0)),
              HasSubstr("column court_refused: \"是(已移送公安机关)\" is not a boolean"));
  std::istringstream no_filed("case_id,unit\na,涅阳街道\n");
  absl::Status s = ReadCasesCsv(no_filed, Registry::Builtin(), {.source = "c.csv"}, [](CaseRecord&&) {});
  EXPECT_THAT(std::string(s.message()), HasSubstr("c.csv: no header found: line 1, the closest, lacks the required "
                                                  "column filed_on (立案日期)"));
}

TEST(Cases, ChineseHeadersAndValues) {
  Read r = ReadText(
      "案件编号,单位,立案日期,决定日期,处理结果,法院裁定不予执行,被告,当事人类型\n"
      "z1,市场监管所,2021-06-01,2021-07-01,处罚,否,县政府,单位\n");
  ASSERT_TRUE(r.status.ok()) << r.status;
  ASSERT_TRUE(r.cases[0].ok()) << r.cases[0].errors[0].message;
  EXPECT_EQ(r.cases[0].outcome, Outcome::kPenalty);
  EXPECT_EQ(r.cases[0].defendant, Defendant::kCountyGovernment);
  EXPECT_EQ(r.cases[0].party_type, PartyType::kOrganization);
}

std::vector<std::string> Rules(const std::string& row) {
  Read r = ReadText(
      "case_id,unit,filed_on,decided_on,outcome,executed_on,needs_criminal_transfer,transferred_to_police_on,"
      "copied_to_procuratorate,entered_platform,fine_yuan,party_type,confiscated_value_yuan,suspension,"
      "licence_revoked,legal_review_on,filed_for_record_on\n" +
      row + "\n");
  EXPECT_TRUE(r.status.ok()) << r.status;
  std::vector<std::string> rules;
  for (const Finding& f : CheckCase(r.cases.at(0), CaseSettings::Builtin())) rules.push_back(f.rule + " " + f.clause);
  return rules;
}

TEST(Cases, EveryComplianceRule) {
  // A clean penalty case: entered in the platform, not major.
  EXPECT_THAT(Rules("k,涅阳街道,2021-04-01,2021-05-01,penalty,2021-05-10,0,,,1,5000,person,,,,,"), ElementsAre());
  // 3.2.5: needs criminal transfer, not transferred.
  EXPECT_THAT(Rules("k,涅阳街道,2021-04-01,2021-05-01,transferred,,1,,,,,,,,,,"),
              ElementsAre("criminal_transfer 3.2.5"));
  // 3.2.5: transferred without a copy to the procuratorate.
  EXPECT_THAT(Rules("k,涅阳街道,2021-04-01,2021-05-01,transferred,,1,2021-04-20,0,,,,,,,,"),
              ElementsAre("procuratorate_copy 3.2.5"));
  // 3.2.5: a penalty case not entered in the sharing platform.
  EXPECT_THAT(Rules("k,涅阳街道,2021-04-01,2021-05-01,penalty,,,,,0,100,person,,,,,"),
              ElementsAre("sharing_platform 3.2.5"));
  // 3.3.4: a person fined 10,000 yuan (the threshold itself is major) without review or record.
  EXPECT_THAT(Rules("k,涅阳街道,2021-04-01,2021-05-01,penalty,,,,,1,10000,person,,,,,"),
              ElementsAre("major_penalty_review 3.3.4", "major_penalty_record 3.3.4"));
  // An organization fined 99,999 is below its 100,000 threshold: not major.
  EXPECT_THAT(Rules("k,涅阳街道,2021-04-01,2021-05-01,penalty,,,,,1,99999,organization,,,,,"), ElementsAre());
  // Confiscation of like value, suspension and licence revocation are major; a review after the decision is a breach.
  EXPECT_THAT(Rules("k,涅阳街道,2021-04-01,2021-05-01,penalty,,,,,1,,organization,100000,,,2021-05-02,2021-05-03"),
              ElementsAre("major_penalty_review 3.3.4"));
  EXPECT_THAT(Rules("k,涅阳街道,2021-04-01,2021-05-01,penalty,,,,,1,,,,1,,2021-04-30,2021-05-03"), ElementsAre());
  EXPECT_THAT(Rules("k,涅阳街道,2021-04-01,2021-05-01,penalty,,,,,1,,,,,是,2021-04-30,"),
              ElementsAre("major_penalty_record 3.3.4"));
  // Execution before the decision.
  EXPECT_THAT(Rules("k,涅阳街道,2021-04-01,2021-05-01,no_penalty,2021-04-20,,,,,,,,,,,"),
              ElementsAre("execution_before_decision A2.3"));
  // An undecided case with a large fine is not yet a breach: there is no decision to review before.
  EXPECT_THAT(Rules("k,涅阳街道,2021-04-01,,,,,,,,50000,person,,,,,"), ElementsAre());
  // Spreadsheet forms: 2021/4/1, 是, √, 50,000.00 yuan.
  EXPECT_THAT(Rules("k,涅阳街道,2021/4/1,2021年5月1日,处罚,,否,,,√,\"50,000.00\",个人,,,,,"),
              ElementsAre("major_penalty_review 3.3.4", "major_penalty_record 3.3.4"));
}

TEST(Cases, FindingsSayItInChineseAndEnglish) {
  Read r = ReadText(
      "case_id,unit,filed_on,decided_on,outcome,entered_platform\nk,交警大队,2021-04-01,2021-05-01,penalty,0\n");
  std::vector<Finding> f = CheckCase(r.cases.at(0), CaseSettings::Builtin());
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].row, 2);
  EXPECT_EQ(f[0].id, "k");
  EXPECT_EQ(f[0].unit, "公安局");  // a sub-unit's case, under its parent
  EXPECT_EQ(f[0].message, "处罚案件 k 未录入“三法衔接”信息共享平台");
  EXPECT_EQ(f[0].message_en, "penalty case k was not entered in the 三法衔接 information-sharing platform");
}

TEST(Cases, AggregateThenScoreRoundTrip) {
  std::string csv(kHeader);
  for (int i = 0; i < 3; ++i)
    csv += "p" + std::to_string(i) + ",卢医镇,2019-03-01,2019-04-01,2019-04-02,penalty,,,,,,,,,\n";
  for (int i = 0; i < 5; ++i)
    csv += "q" + std::to_string(i) + ",卢医镇,2020-03-01,2020-04-01,2020-04-02,penalty,,,,,,,,,\n";
  csv += "r1,卢医镇,2021-03-01,2021-04-01,2021-04-05,penalty,2021-04-03,,,,,,,,\n";
  csv += "r2,卢医镇,2021-05-01,2021-09-01,,no_penalty,,,,,,,,,\n";
  std::vector<AggregatedRow> rows = Aggregate(csv, PeriodKind::kYear, QuotaSource::History());
  std::ostringstream counts_csv;
  WriteCountsCsv(counts_csv, rows);
  // The counts CSV is what zhifa score reads: read it back and score it.
  ScoredTable table(RuleBook::Builtin(), Registry::Builtin());
  std::istringstream in(counts_csv.str());
  ASSERT_TRUE(ReadCountsCsv(in, Registry::Builtin(), {.source = "agg.csv"}, [&](CountsRow&& r) {
                table.Add(std::move(r));
              }).ok());
  ASSERT_TRUE(table.Finish().ok());
  ASSERT_EQ(table.size(), 3u);
  EXPECT_FALSE(table.ok(0));  // 2019: no quota from history
  EXPECT_FALSE(table.ok(1));  // 2020: likewise
  ASSERT_TRUE(table.ok(2)) << JoinErrors(table.errors(2));
  // 2021: should_file = ceil((3 + 5) / 2) = 4; filed 2; closed 1; overdue: r2 decided 09-01, 05-01 + 90 = 07-30,
  // so 1; executed 1 (r1); penalized 1; sued 0; judgments 0.
  // filing 20 × 2/4 = 10; closure 16 × 1/2 − 2 × 1 = 6; execution 16 × 1/1 = 16; penalty 16 × 1/2 = 8;
  // sued 16 × (1 − 0/2) = 16; litigation (no judgments) 16. Total 72.
  EXPECT_EQ(table.total(2).ToString(), "72.00");
  EXPECT_THAT(counts_csv.str(), HasSubstr("卢医镇,2021,4,2,1,1,0,1,0,1,0,0,2,0,0\n"));
}

TEST(Cases, ColumnarPathMatchesTheRecordPath) {
  // The bulk path: the same cases as day numbers give the same counts.
  Read r = ReadText(std::string(kHeader) + "a,涅阳街道,2021-04-01,2021-07-01,2021-07-10,penalty,2021-07-05,,,,,,,,\n");
  CaseAggregator by_record(Registry::Builtin(), CaseSettings::Builtin(), {});
  ASSERT_TRUE(by_record.Add(r.cases[0]).ok());
  std::vector<AggregatedRow> a = by_record.Finish(QuotaSource::None());
  const int32_t unit =
      static_cast<int32_t>(*Registry::Builtin().Resolve("涅阳街道") - Registry::Builtin().units().data());
  auto day = [](int y, int m, int d) { return static_cast<int32_t>(Date(y, m, d).day_number()); };
  std::vector<int32_t> units = {unit}, filed = {day(2021, 4, 1)}, decided = {day(2021, 7, 1)},
                       closed = {day(2021, 7, 10)}, executed = {day(2021, 7, 5)}, none = {kNoDay}, limit = {90};
  std::vector<uint8_t> flags = {kPenalty};
  CaseAggregator by_column(Registry::Builtin(), CaseSettings::Builtin(), {});
  ASSERT_TRUE(by_column.AddColumns({units, filed, decided, closed, executed, none, none, limit, flags}).ok());
  std::vector<AggregatedRow> b = by_column.Finish(QuotaSource::None());
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(a[0].counts, b[0].counts);
  EXPECT_EQ(a[0].counts.Get(Column::kOverdue), 1);  // 07-01 is past 06-30
}

// Everything a reader sets on a case, as text.
std::string Describe(const CaseRecord& c) {
  std::string out = internal::Cat(c.row, "|", c.case_id, "|", c.unit_text, "|", c.unit ? c.unit->code : "-");
  for (const std::optional<Date>* d :
       {&c.filed_on, &c.decided_on, &c.closed_on, &c.executed_on, &c.sued_on, &c.judgment_on,
        &c.transferred_to_police_on, &c.legal_review_on, &c.filed_for_record_on}) {
    internal::Append(&out, "|", *d ? FormatDate(**d) : "");
  }
  internal::Append(&out, "|", OutcomeName(c.outcome), "|", DefendantName(c.defendant), "|",
                   PartyTypeName(c.party_type));
  for (bool b :
       {c.court_refused, c.leader_assigned, c.leader_fulfilled, c.missed_penalty, c.judgment_won,
        c.needs_criminal_transfer, c.copied_to_procuratorate, c.entered_platform, c.suspension, c.licence_revoked}) {
    internal::Append(&out, b ? "1" : "0");
  }
  for (const std::optional<int64_t>* v :
       {&c.fine_yuan, &c.confiscated_value_yuan, &c.time_limit_days, &c.extension_days}) {
    internal::Append(&out, "|", *v ? internal::Cat(**v) : "");
  }
  for (const std::vector<std::string>* l : {&c.investigators, &c.decided_by, &c.reviewed_by}) {
    internal::Append(&out, "|", internal::Join(*l, "/"));
  }
  for (const RowError& e : c.errors) internal::Append(&out, "|E:", e.column, ":", e.message, ":", e.value);
  return out;
}

// A CSV (header on line 1, no quoted commas) as a ColumnarTable: each column by distinct texts and codes, except
// `per_row` (one text per row) and `lazy` (given only through table.cell).
struct Columnar {
  ColumnarTable table;
  std::vector<std::vector<int64_t>> codes;
};
Columnar ToColumns(const std::string& csv, std::string_view per_row, std::string_view lazy) {
  std::vector<std::vector<std::string>> rows;
  auto split = [](std::string_view text, char sep) {
    std::vector<std::string> parts;
    for (size_t at = 0; at <= text.size();) {
      const size_t end = std::min(text.find(sep, at), text.size());
      parts.emplace_back(text.substr(at, end - at));
      at = end + 1;
    }
    return parts;
  };
  for (const std::string& line : split(csv, '\n')) {
    if (!line.empty()) rows.push_back(split(line, ','));
  }
  Columnar c;
  c.table.rows = rows.size() - 1;
  c.codes.resize(rows[0].size());
  for (size_t j = 0; j < rows[0].size(); ++j) {
    ColumnarTable::Column col{.header = rows[0][j]};
    for (size_t i = 1; i < rows.size(); ++i) {
      const std::string& cell = j < rows[i].size() ? rows[i][j] : "";
      if (col.header == per_row) {
        col.values.push_back(cell);
      } else if (col.header != lazy) {
        auto at = std::find(col.values.begin(), col.values.end(), cell);
        if (at == col.values.end()) at = col.values.insert(at, cell);
        c.codes[j].push_back(cell.empty() ? -1 : at - col.values.begin());
      }
    }
    c.table.columns.push_back(std::move(col));
  }
  for (size_t j = 0; j < c.codes.size(); ++j) c.table.columns[j].codes = c.codes[j];
  c.table.cell = [rows](size_t column, size_t row) { return rows[row + 1][column]; };
  return c;
}

TEST(Cases, ColumnsReadAsTheSameCsv) {
  // Good rows, each kind of bad cell, a row that is empty but for the lazy column 备注 (so not empty: its case has no
  // id, unit or filing date), a wholly empty row, a totals row; repeated texts so that codes repeat.
  const std::string csv =
      "case_id,unit,filed_on,decided_on,closed_on,outcome,court_refused,fine_yuan,time_limit_days,investigators,"
      "party_type,备注\n"
      "a,涅阳街道,2021-04-01,2021-05-01,2021/5/9,penalty,否,5000.50,,P1|P2,person,\n"
      "b,涅阳街道,2021-13-01,,,fined,maybe,abc,99999,,alien,x\n"
      "c,火星局,2021-04-01,2021-03-01,,,1,,30,,,\n"
      "d,市场监管所,2021年4月1日,2021-05-01,2021/5/9,处罚,是,5000.50,,P3,单位,\n"
      ",,,,,,,,,,,only a remark\n"
      ",,,,,,,,,,,\n"
      "合计,,,,,,,,,,,\n"
      "e,涅阳街道,2021-04-01,2021-03-01,2021/5/9,penalty,否,,30,,,\n";
  std::vector<std::string> by_csv, by_columns, csv_notes, column_notes;
  std::istringstream in(csv);
  ASSERT_TRUE(ReadCasesCsv(
                  in, Registry::Builtin(), {.source = "t"}, [&](CaseRecord&& c) { by_csv.push_back(Describe(c)); },
                  [&](const std::string& n) { csv_notes.push_back(n); })
                  .ok());
  for (auto [per_row, lazy] : {std::pair{"", ""}, std::pair{"case_id", "备注"}}) {
    Columnar c = ToColumns(csv, per_row, lazy);
    by_columns.clear();
    column_notes.clear();
    ASSERT_TRUE(ReadCasesColumns(
                    c.table, Registry::Builtin(), "t", [&](CaseRecord&& r) { by_columns.push_back(Describe(r)); },
                    [&](const std::string& n) { column_notes.push_back(n); })
                    .ok());
    EXPECT_EQ(by_columns, by_csv);
    EXPECT_EQ(column_notes, csv_notes);
  }
  // 8 data rows (lines 2-9): line 7 empty, line 8 the totals row; 6 cases read, line 6 (only a remark) among them.
  ASSERT_EQ(by_csv.size(), 6u);
  EXPECT_THAT(by_csv[4], HasSubstr("6|||-|"));
  EXPECT_THAT(csv_notes, ElementsAre(HasSubstr("\"备注\" is not a case column"), HasSubstr("line 8 (合计/小计 totals)"),
                                     HasSubstr("1 empty row skipped")));
  // Without the required filed_on: the same error as the CSV's.
  Columnar no_filed = ToColumns("case_id,unit\na,涅阳街道\n", "", "");
  absl::Status s = ReadCasesColumns(no_filed.table, Registry::Builtin(), "c", [](CaseRecord&&) {});
  EXPECT_THAT(std::string(s.message()), HasSubstr("c: no header found: line 1, the closest, lacks the required "
                                                  "column filed_on (立案日期)"));
  // Codes outside the values: refused, not read out of bounds.
  Columnar bad = ToColumns("case_id,unit,filed_on\na,涅阳街道,2021-04-01\n", "", "");
  bad.codes[1][0] = 5;
  EXPECT_THAT(std::string(ReadCasesColumns(bad.table, Registry::Builtin(), "c", [](CaseRecord&&) {}).message()),
              HasSubstr("column 2 \"unit\" has a code outside -1..0"));
}

}  // namespace
}  // namespace zhifa

#include "zhifa/report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "nlohmann/json.hpp"

namespace zhifa {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::unique_ptr<ScoredTable> ScoreWith(const std::string& csv, ScoredTableOptions options) {
  auto table = std::make_unique<ScoredTable>(RuleBook::Builtin(), Registry::Builtin(), options);
  std::istringstream in(csv);
  absl::Status s =
      ReadCountsCsv(in, Registry::Builtin(), {.source = "t.csv"}, [&](CountsRow&& r) { table->Add(std::move(r)); });
  EXPECT_TRUE(s.ok()) << s;
  table->Finish();
  return table;
}

std::unique_ptr<ScoredTable> ScoreText(const std::string& csv) { return ScoreWith(csv, {}); }

constexpr std::string_view kHeader =
    "unit,period,should_file,filed,closed,overdue,leader_unfulfilled,executed,court_refused,penalized,"
    "missed_penalty,sued,enforcement_cases,judgments,judgments_won\n";

TEST(ScoredTable, EveryRowOutInOrderWithRanks) {
  std::unique_ptr<ScoredTable> t = ScoreText(std::string(kHeader) +
                                             "涅阳街道,2021,100,100,100,0,0,100,0,100,0,0,100,0,0\n"
                                             "玉都街道,2021,100,100,90,0,0,90,0,100,0,0,100,0,0\n"
                                             "火星局,2021,1,1,1,0,0,1,0,1,0,0,1,0,0\n"
                                             "公安局,2021,100,100,100,0,0,100,0,100,0,0,100,0,0\n");
  ASSERT_EQ(t->size(), 4u);
  // 涅阳: 100. 玉都: closure 16 × 90/100 = 14.4, execution 16 × 90/90 = 16 -> 98.4. 公安局: 100.
  EXPECT_EQ(t->total(0).ToString(), "100.00");
  EXPECT_EQ(t->total(1).ToString(), "98.40");
  EXPECT_FALSE(t->ok(2));
  EXPECT_EQ(t->bad_rows(), 1u);
  EXPECT_EQ(t->rank(0), 1);
  EXPECT_EQ(t->rank(3), 1);  // tied with 涅阳
  EXPECT_EQ(t->rank(1), 3);
  EXPECT_EQ(t->category_rank(1), 2);
  EXPECT_EQ(t->category_rank(3), 1);
  EXPECT_EQ(t->rank(2), 0);  // a bad row is not ranked
  // closure of 玉都: 90/100 = 90.00 %, 14.40 points; the full scorecard says the same.
  EXPECT_EQ(t->rate(1, 1)->ToString(), "90.00");
  EXPECT_EQ(t->points(1, 1)->ToString(), "14.40");
  Scorecard card = t->Card(1);
  EXPECT_EQ(card.total.ToString(), "98.40");
  EXPECT_EQ(card.rank, 3);
}

TEST(ScoredTable, ManyRowsMatchTheOneRowScorecards) {
  // More rows than one batch chunk (65,536), over several periods: the compact table and Card() agree.
  std::string csv(kHeader);
  const char* units[] = {"涅阳街道", "公安局", "税务局", "卢医镇"};
  int rows = 0;
  for (int y = 2021; rows < 70'000; ++y) {
    for (int m = 1; m <= 12; ++m) {
      for (int u = 0; u < 4; ++u, ++rows) {
        int filed = (rows * 37) % 500, closed = filed * ((rows % 7) + 1) / 8;
        csv += std::string(units[u]) + "," + std::to_string(y) + "-" + (m < 10 ? "0" : "") + std::to_string(m) + "," +
               std::to_string(400 + rows % 300) + "," + std::to_string(filed) + "," + std::to_string(closed) + ",1,0," +
               std::to_string(closed / 2) + ",0," + std::to_string(filed / 3) + ",0,1,,2,1\n";
      }
    }
  }
  std::unique_ptr<ScoredTable> t = ScoreText(csv);
  ASSERT_EQ(t->size(), static_cast<size_t>(rows));
  EXPECT_EQ(t->bad_rows(), 0u);
  for (size_t i = 0; i < t->size(); i += 997) {
    Scorecard card = t->Card(i);
    EXPECT_EQ(t->total(i), card.total) << i;
    for (size_t j = 0; j < card.indicators.size(); ++j) EXPECT_EQ(*t->points(i, j), card.indicators[j].points);
  }
}

TEST(ScoredTable, SubUnitRowCollidingWithItsParentIsBad) {
  std::unique_ptr<ScoredTable> t = ScoreText(std::string(kHeader) +
                                             "公安局,2021,100,100,100,0,0,100,0,100,0,0,100,0,0\n"
                                             "交警大队,2021,100,100,100,0,0,100,0,100,0,0,100,0,0\n"
                                             "交警大队,2022,100,100,100,0,0,100,0,100,0,0,100,0,0\n");
  EXPECT_TRUE(t->ok(0));
  ASSERT_FALSE(t->ok(1));
  EXPECT_EQ(
      JoinErrors(t->errors(1)),
      "column unit: 公安局 2021 is already on line 2 (交警大队 is scored as 公安局); one row per unit and period; "
      "--roll-up sums a unit's sub-units into it");
  ASSERT_TRUE(t->ok(2));
  EXPECT_EQ(t->unit(2).name, "公安局");
}

TEST(ScoredTable, PeriodWithoutRuleSetIsABadRow) {
  std::unique_ptr<ScoredTable> t = ScoreText(std::string(kHeader) + "涅阳街道,2020,1,1,1,0,0,1,0,1,0,0,1,0,0\n");
  ASSERT_FALSE(t->ok(0));
  EXPECT_THAT(JoinErrors(t->errors(0)), HasSubstr("no rule set in force on 2020-01-01"));
}

TEST(ScoredTable, RulesAppliedToAllPeriodsOnPurposeAreMarked) {
  const std::string csv = std::string(kHeader) + "涅阳街道,2020,100,100,100,0,0,100,0,100,0,0,100,0,0\n" +
                          "涅阳街道,2021,100,100,90,0,0,90,0,100,0,0,100,0,0\n";
  std::unique_ptr<ScoredTable> t = ScoreWith(csv, {.all_periods = &RuleSet::Builtin()});
  ASSERT_TRUE(t->ok(0));
  ASSERT_TRUE(t->ok(1));
  EXPECT_TRUE(t->ruleset_outside_dates(0));  // zhenping-2021 is in force from 2021-01-01, not in 2020
  EXPECT_FALSE(t->ruleset_outside_dates(1));
  EXPECT_EQ(t->total(0).ToString(), "100.00");
  EXPECT_TRUE(t->Card(0).ruleset_outside_dates);
  std::ostringstream out;
  WriteCsv(out, *t, {.outside_dates_column = true});
  EXPECT_THAT(out.str(), HasSubstr(",ruleset_outside_dates\n"));
  EXPECT_THAT(out.str(), HasSubstr(",2020,"));
  std::istringstream lines(out.str());
  std::string header, first, second;
  std::getline(lines, header);
  std::getline(lines, first);
  std::getline(lines, second);
  EXPECT_EQ(first.back(), '1');
  EXPECT_EQ(second.back(), ',');
}

TEST(ScoredTable, RollUpSumsSubUnitsIntoTheirUnit) {
  const std::string csv = std::string(kHeader) + "公安局,2021,100,60,50,1,0,40,0,30,0,1,,1,1\n" +
                          "交警大队,2021,50,30,30,0,0,30,0,20,0,0,,0,0\n" +
                          "派出所,2021,50,10,10,0,0,10,0,10,0,1,,1,0\n" +
                          "涅阳街道,2021,100,100,100,0,0,100,0,100,0,0,100,0,0\n";
  std::unique_ptr<ScoredTable> plain = ScoreWith(csv, {});
  EXPECT_EQ(plain->bad_rows(), 2u);  // without --roll-up: two more rows of 公安局 2021
  std::unique_ptr<ScoredTable> t = ScoreWith(csv, {.roll_up = true});
  ASSERT_EQ(t->size(), 2u);  // 公安局 (three rows summed) and 涅阳街道
  ASSERT_TRUE(t->ok(0));
  EXPECT_EQ(t->unit(0).name, "公安局");
  // Sums: should_file 200, filed 100, closed 90, overdue 1, executed 80, penalized 60, sued 2, judgments 2,
  // won 1. filing 100/200 -> 20 × 0.5 = 10.00; closure 16 × 90/100 − 2 × 1 = 12.40; execution 16 × 80/90 =
  // 14.222 -> 14.22; penalty 16 × 60/100 = 9.60; sued 2/100 -> 16 × 0.98 = 15.68; litigation 1/2 -> 8.00.
  // Total 10 + 12.40 + 14.22 + 9.60 + 15.68 + 8.00 = 69.90.
  EXPECT_EQ(t->total(0).ToString(), "69.90");
  ASSERT_EQ(t->notes().size(), 1u);
  EXPECT_EQ(t->notes()[0],
            "公安局 2021: lines 2, 3, 4 summed (公安局, 交警大队, 派出所: sub-units roll up into their unit)");
  // Two rows of the unit itself are still an error with --roll-up.
  std::unique_ptr<ScoredTable> twice = ScoreWith(
      std::string(kHeader) + "公安局,2021,1,1,1,0,0,1,0,1,0,0,1,0,0\n" + "公安局,2021,1,1,1,0,0,1,0,1,0,0,1,0,0\n",
      {.roll_up = true});
  EXPECT_EQ(twice->bad_rows(), 1u);
}

TEST(ScoredTable, ZeroActivityAndNotApplicableAreVisible) {
  std::unique_ptr<ScoredTable> t = ScoreText(std::string(kHeader) + "气象局,2021,0,0,0,0,0,0,0,0,0,0,0,0,0\n");
  ASSERT_TRUE(t->ok(0));
  // Every denominator is 0 (should_file, filed, closed, enforcement_cases, judgments): each indicator does not
  // apply and earns its full weight, 20 + 16 × 5 = 100, for a unit that did nothing.
  EXPECT_EQ(t->total(0).ToString(), "100.00");
  EXPECT_EQ(t->not_applicable(0),
            (std::vector<std::string>{"filing", "closure", "execution", "penalty", "sued", "litigation"}));
  ASSERT_EQ(t->findings(0).size(), 1u);
  EXPECT_EQ(t->findings(0)[0].rule, "zero_activity");
  EXPECT_EQ(t->Card(0).findings.size(), 1u);
  std::ostringstream out;
  WriteCsv(out, *t, {});
  EXPECT_THAT(out.str(), HasSubstr(",filing|closure|execution|penalty|sued|litigation,zero_activity\n"));
  std::ostringstream table;
  WriteTable(table, *t, {});
  EXPECT_THAT(table.str(), HasSubstr("100.00!"));
  EXPECT_THAT(table.str(), HasSubstr("20.00*"));
  EXPECT_THAT(table.str(), HasSubstr("* 分母为零"));
}

TEST(WriteCsv, ColumnsAndBadRows) {
  std::unique_ptr<ScoredTable> r = ScoreText(std::string(kHeader) +
                                             "涅阳街道,2021,800,793,715,0,0,700,1,650,0,1,793,1,1\n"
                                             "火星局,2021,1,1,1,0,0,1,0,1,0,0,1,0,0\n");
  std::ostringstream out;
  WriteCsv(out, *r, {.error_column = true});
  std::istringstream lines(out.str());
  std::string header, first, second;
  std::getline(lines, header);
  std::getline(lines, first);
  std::getline(lines, second);
  EXPECT_EQ(header,
            "unit_code,unit,category,period,filing_rate,filing_points,closure_rate,closure_points,execution_rate,"
            "execution_points,penalty_rate,penalty_points,sued_rate,sued_points,litigation_rate,litigation_points,"
            "total,rank,category_rank,ruleset,ruleset_digest,not_applicable,findings,error");
  // filing 793/800 = 99.125 % -> 99.13, 20 × 0.99125 = 19.825 -> 19.83; closure 715/793 -> 90.16, 14.43;
  // execution 700/715 = 97.90 %, 16 × 700/715 − 3 = 12.664 -> 12.66; penalty 650/793 = 81.97 %,
  // 16 × 650/793 = 13.1147 -> 13.11; sued 1/793 = 0.13 %, 16 × 792/793 = 15.9798 -> 15.98; litigation 1/1,
  // 16. Total 19.83 + 14.43 + 12.66 + 13.11 + 15.98 + 16.00 = 92.01.
  EXPECT_EQ(first,
            "nieyang,涅阳街道,township,2021,99.13,19.83,90.16,14.43,97.90,12.66,81.97,13.11,0.13,15.98,100.00,16.00,"
            "92.01,1,1,zhenping-2021," +
                RuleSet::Builtin().digest().substr(7, 12) + ",,,");
  // A bad row has every column: 4 + 2 × 6 + 7 empty or as written, then the error: 20 commas after the period.
  EXPECT_THAT(second, StartsWith(",火星局,,2021" + std::string(12 + 7 + 1, ',') + "\"column unit: unknown unit"));
  EXPECT_THAT(second, HasSubstr("unknown unit"));
}

TEST(WriteJson, OneObjectPerRow) {
  std::unique_ptr<ScoredTable> r = ScoreText(std::string(kHeader) +
                                             "涅阳街道,2021,800,793,715,0,0,700,1,650,0,1,793,1,1\n"
                                             "火星局,2021,1,1,1,0,0,1,0,1,0,0,1,0,0\n");
  std::ostringstream out;
  WriteJson(out, *r, {});
  nlohmann::json j = nlohmann::json::parse(out.str());
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["total"], "92.01");
  EXPECT_EQ(j[0]["row"], 2);  // lines of the file: the header is line 1
  EXPECT_EQ(j[1]["row"], 3);
  EXPECT_THAT(j[1]["error"].get<std::string>(), HasSubstr("unknown unit"));
}

TEST(WriteTable, AlignsChineseText) {
  EXPECT_EQ(DisplayWidth("涅阳街道"), 8);
  EXPECT_EQ(DisplayWidth("abc"), 3);
  EXPECT_EQ(DisplayWidth("A2.2 办结率"), 11);
  std::unique_ptr<ScoredTable> r = ScoreText(std::string(kHeader) +
                                             "涅阳街道,2021,100,100,100,0,0,100,0,100,0,0,100,0,0\n"
                                             "市生态环境局镇平分局,2021,100,100,90,0,0,90,0,100,0,0,100,0,0\n");
  std::ostringstream out;
  WriteTable(out, *r, {});
  std::istringstream lines(out.str());
  std::string title, header, header2, a, b;
  std::getline(lines, title);
  std::getline(lines, header);
  std::getline(lines, header2);
  std::getline(lines, a);
  std::getline(lines, b);
  EXPECT_EQ(title, "2021 六率考核得分");  // one period: a title line, no period column
  EXPECT_THAT(header, StartsWith("排名  单位"));
  EXPECT_THAT(header2, HasSubstr("得分"));
  // Every line has the same display width because columns are padded by display width.
  EXPECT_EQ(DisplayWidth(a), DisplayWidth(b));
  EXPECT_EQ(DisplayWidth(header), DisplayWidth(a));
  EXPECT_THAT(a, HasSubstr("涅阳街道"));
  EXPECT_LE(DisplayWidth(b), 100);  // the widest unit name, and still within 100 columns
}

}  // namespace
}  // namespace zhifa

#include "zhifa/report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "nlohmann/json.hpp"

namespace zhifa {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::unique_ptr<ScoredTable> ScoreText(const std::string& csv) {
  auto table = std::make_unique<ScoredTable>(RuleBook::Builtin(), Registry::Builtin());
  std::istringstream in(csv);
  absl::Status s =
      ReadCountsCsv(in, Registry::Builtin(), {.source = "t.csv"}, [&](CountsRow&& r) { table->Add(std::move(r)); });
  EXPECT_TRUE(s.ok()) << s;
  table->Finish();
  return table;
}

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
  EXPECT_EQ(JoinErrors(t->errors(1)),
            "column unit: 公安局 2021 is already on row 1 (交警大队 is scored as 公安局); one row per unit and period");
  ASSERT_TRUE(t->ok(2));
  EXPECT_EQ(t->unit(2).name, "公安局");
}

TEST(ScoredTable, PeriodWithoutRuleSetIsABadRow) {
  std::unique_ptr<ScoredTable> t = ScoreText(std::string(kHeader) + "涅阳街道,2020,1,1,1,0,0,1,0,1,0,0,1,0,0\n");
  ASSERT_FALSE(t->ok(0));
  EXPECT_THAT(JoinErrors(t->errors(0)), HasSubstr("no rule set in force on 2020-01-01"));
}

TEST(WriteCsv, ColumnsAndBadRows) {
  std::unique_ptr<ScoredTable> r = ScoreText(std::string(kHeader) +
                                             "涅阳街道,2021,800,793,715,0,0,700,1,650,0,1,793,1,1\n"
                                             "火星局,2021,1,1,1,0,0,1,0,1,0,0,1,0,0\n");
  std::ostringstream out;
  WriteCsv(out, *r, true);
  std::istringstream lines(out.str());
  std::string header, first, second;
  std::getline(lines, header);
  std::getline(lines, first);
  std::getline(lines, second);
  EXPECT_EQ(header,
            "unit_code,unit,category,period,filing_rate,filing_points,closure_rate,closure_points,execution_rate,"
            "execution_points,penalty_rate,penalty_points,sued_rate,sued_points,litigation_rate,litigation_points,"
            "total,rank,category_rank,ruleset,error");
  // filing 793/800 = 99.125 % -> 99.13, 20 × 0.99125 = 19.825 -> 19.83; closure 715/793 -> 90.16, 14.43;
  // execution 700/715 = 97.90 %, 16 × 700/715 − 3 = 12.664 -> 12.66; penalty 650/793 = 81.97 %,
  // 16 × 650/793 = 13.1147 -> 13.11; sued 1/793 = 0.13 %, 16 × 792/793 = 15.9798 -> 15.98; litigation 1/1,
  // 16. Total 19.83 + 14.43 + 12.66 + 13.11 + 15.98 + 16.00 = 92.01.
  EXPECT_EQ(first,
            "nieyang,涅阳街道,township,2021,99.13,19.83,90.16,14.43,97.90,12.66,81.97,13.11,0.13,15.98,100.00,16.00,"
            "92.01,1,1,zhenping-2021,");
  EXPECT_THAT(second, StartsWith(",火星局,,2021,,,,,,,,,,,,,,,,,"));
  EXPECT_THAT(second, HasSubstr("unknown unit"));
}

TEST(WriteJson, OneObjectPerRow) {
  std::unique_ptr<ScoredTable> r = ScoreText(std::string(kHeader) +
                                             "涅阳街道,2021,800,793,715,0,0,700,1,650,0,1,793,1,1\n"
                                             "火星局,2021,1,1,1,0,0,1,0,1,0,0,1,0,0\n");
  std::ostringstream out;
  WriteJson(out, *r, false);
  nlohmann::json j = nlohmann::json::parse(out.str());
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["total"], "92.01");
  EXPECT_EQ(j[0]["row"], 1);
  EXPECT_EQ(j[1]["row"], 2);
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
  WriteTable(out, *r, Language::kZh);
  std::istringstream lines(out.str());
  std::string header, a, b;
  std::getline(lines, header);
  std::getline(lines, a);
  std::getline(lines, b);
  // Every line has the same display width because columns are padded by display width.
  EXPECT_EQ(DisplayWidth(a), DisplayWidth(b));
  EXPECT_EQ(DisplayWidth(header), DisplayWidth(a));
  EXPECT_THAT(a, HasSubstr("涅阳街道"));
}

}  // namespace
}  // namespace zhifa

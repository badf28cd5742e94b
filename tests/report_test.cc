#include "zhifa/report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <csignal>
#include <sstream>

#include "absl/strings/str_cat.h"
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
  EXPECT_TRUE(table->Finish().ok());
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

// 200,000 rows over 4 units a month from 2021-01 on (4,167 years of months), with a unit no registry knows on
// every 10,007th row and, on every 30,011th, a repeat of the unit and period of the row 40,000 rows before it
// (in an earlier block of 65,536). Row k of the data is on line k + 2 (the header is line 1).
std::string SpillCsv(std::vector<std::pair<size_t, size_t>>* repeats) {
  std::string csv(kHeader);
  const char* units[] = {"涅阳街道", "公安局", "税务局", "卢医镇"};
  std::vector<std::string> keys;  // "unit,period" of each data row
  for (size_t k = 0; k < 200'000; ++k) {
    std::string key;
    if (k % 10'007 == 5) {
      key = "火星局,2021-01";
    } else if (k % 30'011 == 30'000 && k >= 40'000 && keys[k - 40'000].rfind("火星局", 0) != 0) {
      key = keys[k - 40'000];
      repeats->emplace_back(k, k - 40'000);
    } else {
      const size_t month = k / 4;
      key = absl::StrCat(units[k % 4], ",", 2021 + month / 12, "-", month % 12 < 9 ? "0" : "", month % 12 + 1);
    }
    keys.push_back(key);
    const int filed = static_cast<int>((k * 37) % 500), closed = filed * static_cast<int>(k % 7 + 1) / 8;
    absl::StrAppend(&csv, key, ",", 400 + k % 300, ",", filed, ",", closed, ",1,0,", closed / 2, ",0,", filed / 3,
                    ",0,", k % 3, ",,2,1\n");
  }
  return csv;
}

TEST(ScoredTable, SpilledTableAnswersAsTheOneInMemory) {
  std::vector<std::pair<size_t, size_t>> repeats;
  const std::string csv = SpillCsv(&repeats);
  ASSERT_GE(repeats.size(), 5u);
  std::unique_ptr<ScoredTable> memory = ScoreText(csv);
  // A budget of 0: every block but the one being filled goes to the file.
  std::unique_ptr<ScoredTable> spilled = ScoreWith(csv, {.spill_directory = ::testing::TempDir(), .memory_budget = 0});
  EXPECT_FALSE(memory->spilled());
  EXPECT_TRUE(spilled->spilled());
  ASSERT_EQ(spilled->size(), 200'000u);
  ASSERT_EQ(spilled->bad_rows(), memory->bad_rows());
  // 20 unknown units (k = 5, 10,012, ..., 190,138) and the repeats.
  EXPECT_EQ(spilled->bad_rows(), 20 + repeats.size());
  for (auto [k, first] : repeats) {
    ASSERT_FALSE(spilled->ok(k));
    EXPECT_THAT(JoinErrors(spilled->errors(k)), HasSubstr(absl::StrCat("is already on line ", first + 2, ";")));
  }
  for (size_t i = 0; i < spilled->size(); ++i) {
    ASSERT_EQ(spilled->ok(i), memory->ok(i)) << i;
    EXPECT_EQ(spilled->row_number(i), static_cast<int64_t>(i) + 2);
    if (!spilled->ok(i)) {
      EXPECT_EQ(JoinErrors(spilled->errors(i)), JoinErrors(memory->errors(i)));
      continue;
    }
    ASSERT_EQ(spilled->total(i), memory->total(i)) << i;
    EXPECT_EQ(spilled->rank(i), memory->rank(i));
    EXPECT_EQ(spilled->category_rank(i), memory->category_rank(i));
    EXPECT_EQ(spilled->zero_activity(i), memory->zero_activity(i));
    for (size_t j = 0; j < 6; ++j) {
      EXPECT_EQ(spilled->points(i, j), memory->points(i, j));
      EXPECT_EQ(spilled->rate(i, j), memory->rate(i, j));
    }
  }
  // Cards (what WriteJson writes) are recomputed from the spilled counts as from the ones in memory.
  for (size_t i = 7; i < spilled->size(); i += 1009) {
    if (spilled->ok(i)) EXPECT_EQ(ToJsonValue(spilled->Card(i), false), ToJsonValue(memory->Card(i), false));
  }
  std::ostringstream a, b;
  WriteCsv(a, *memory, {.error_column = true});
  WriteCsv(b, *spilled, {.error_column = true});
  EXPECT_EQ(a.str(), b.str());
}

TEST(ScoredTable, SpillFolderThatCannotHoldTheFileIsAnError) {
  std::vector<std::pair<size_t, size_t>> repeats;
  const std::string csv = SpillCsv(&repeats);
  auto table =
      std::make_unique<ScoredTable>(RuleBook::Builtin(), Registry::Builtin(),
                                    ScoredTableOptions{.spill_directory = "/nonexistent/zhifa", .memory_budget = 0});
  // Known as soon as the table is made, before a row is read.
  EXPECT_EQ(table->status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(table->status().message(), HasSubstr("cannot create a temporary file in /nonexistent/zhifa"));
  // Rows added anyway are counted but not kept beyond the budget (memory stays bounded), and Finish() fails.
  std::istringstream in(csv);
  ASSERT_TRUE(ReadCountsCsv(in, Registry::Builtin(), {}, [&](CountsRow&& r) { table->Add(std::move(r)); }).ok());
  EXPECT_EQ(table->size(), 200'000u);
  absl::Status finished = table->Finish();
  EXPECT_EQ(finished.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(finished.message(), HasSubstr("cannot create a temporary file in /nonexistent/zhifa"));
}

TEST(ScoredTable, AWriteThatFailsDropsTheRowsAndFails) {
  // The process may write files of at most 1 MiB (RLIMIT_FSIZE, with SIGXFSZ ignored a write past it fails with
  // EFBIG, for root too): the first block spilled (65,536 rows, about 3.5 MB in the file) does not fit.
  std::vector<std::pair<size_t, size_t>> repeats;
  const std::string csv = SpillCsv(&repeats);
  rlimit old{};
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &old), 0);
  std::signal(SIGXFSZ, SIG_IGN);
  rlimit small{rlim_t{1} << 20, old.rlim_max};
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
  ScoredTable table(RuleBook::Builtin(), Registry::Builtin(),
                    {.spill_directory = ::testing::TempDir(), .memory_budget = 0});
  EXPECT_TRUE(table.status().ok());  // the file could be made
  std::istringstream in(csv);
  ASSERT_TRUE(ReadCountsCsv(in, Registry::Builtin(), {}, [&](CountsRow&& r) { table.Add(std::move(r)); }).ok());
  absl::Status finished = table.Finish();
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &old), 0);
  EXPECT_EQ(finished.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(finished.message(), HasSubstr("cannot write rows to a temporary file in "));
  EXPECT_THAT(finished.message(), HasSubstr("File too large"));
  EXPECT_FALSE(table.spilled());
  // The rows were dropped, not kept: row 7 (k = 7, in the first block) reads as a row of no scores.
  EXPECT_EQ(table.size(), 200'000u);
  EXPECT_FALSE(table.points(7, 0).has_value());
}

TEST(ScoredTable, ARuleSetOfMoreThan255IndicatorsKeepsEveryScore) {
  // 299 indicators of weight 0 (filed / should_file, but f280 judgments_won / judgments) and a closure rate of
  // weight 100: 300 in all, more than a byte counts. Row: should_file 10, filed 5, closed 4, judgments 0 ->
  // closure 4/5 = 80.00 %, 100 × 0.8 = 80.00 points; each weight-0 indicator 5/10 = 50.00 %, 0.00 points, but
  // f280, whose denominator is 0: not applicable.
  std::string toml =
      "id = \"wide\"\ntitle = \"wide\"\neffective_from = 2021-01-01\ntotal = 100\nrounding = \"half_up\"\n"
      "points_decimals = 2\nrate_decimals = 2\n";
  for (int k = 0; k < 299; ++k) {
    absl::StrAppend(&toml, "[[indicator]]\nkey = \"f", k, "\"\nname = \"立案率", k, "\"\nname_en = \"f", k,
                    "\"\nclause = \"A2.1\"\nweight = 0\n",
                    k == 280 ? "numerator = \"judgments_won\"\ndenominator = \"judgments\"\n"
                             : "numerator = \"filed\"\ndenominator = \"should_file\"\n",
                    "mode = \"proportional\"\ncap = 1\nzero_denominator = \"full\"\nfloor = 0\n");
  }
  absl::StrAppend(&toml,
                  "[[indicator]]\nkey = \"closure\"\nname = \"办结率\"\nname_en = \"closure rate\"\nclause = "
                  "\"A2.2\"\nweight = 100\nnumerator = \"closed\"\ndenominator = \"filed\"\nmode = "
                  "\"proportional\"\ncap = 1\nzero_denominator = \"full\"\nfloor = 0\n");
  absl::StatusOr<RuleSet> wide = RuleSet::FromText(toml, "wide.toml");
  ASSERT_TRUE(wide.ok()) << wide.status();
  ASSERT_EQ(wide->indicators().size(), 300u);
  absl::StatusOr<RuleBook> book = RuleBook::Create({*wide});
  ASSERT_TRUE(book.ok()) << book.status();
  const std::string row = "涅阳街道,2021,10,5,4,0,0,0,0,0,0,0,,0,0\n";
  for (const std::string& dir : {std::string(), ::testing::TempDir()}) {
    ScoredTable table(*book, Registry::Builtin(), {.spill_directory = dir, .memory_budget = 0});
    std::istringstream in(std::string(kHeader) + row);
    ASSERT_TRUE(ReadCountsCsv(in, Registry::Builtin(), {}, [&](CountsRow&& r) { table.Add(std::move(r)); }).ok());
    ASSERT_TRUE(table.Finish().ok());
    EXPECT_EQ(table.spilled(), !dir.empty());
    ASSERT_TRUE(table.ok(0)) << JoinErrors(table.errors(0));
    EXPECT_EQ(table.total(0).ToString(), "80.00");
    EXPECT_EQ(table.rate(0, 299)->ToString(), "80.00");
    EXPECT_EQ(table.points(0, 299)->ToString(), "80.00");
    EXPECT_EQ(table.rate(0, 256)->ToString(), "50.00");
    EXPECT_EQ(table.points(0, 256)->ToString(), "0.00");
    EXPECT_FALSE(table.rate(0, 280).has_value());
    EXPECT_THAT(table.not_applicable(0), ::testing::ElementsAre("f280"));
  }
}

TEST(ScoredTable, RepeatsFoundWithARegistryOfManyUnits) {
  // More than 4096 units: repeated units and periods are found by a hash set, not bits per period.
  std::string toml = "id = \"big\"\n";
  for (int u = 0; u < 5000; ++u) {
    absl::StrAppend(&toml, "[[unit]]\ncode = \"u", u, "\"\nname = \"单位", u, "\"\ncategory = \"department\"\n");
  }
  absl::StatusOr<Registry> registry = Registry::FromText(toml);
  ASSERT_TRUE(registry.ok()) << registry.status();
  ScoredTable table(RuleBook::Builtin(), *registry);
  std::istringstream in(std::string(kHeader) + "单位4999,2021,1,1,1,0,0,1,0,1,0,0,1,0,0\n" +
                        "单位4998,2021,1,1,1,0,0,1,0,1,0,0,1,0,0\n" + "单位4999,2021,1,1,1,0,0,1,0,1,0,0,1,0,0\n");
  ASSERT_TRUE(ReadCountsCsv(in, *registry, {}, [&](CountsRow&& r) { table.Add(std::move(r)); }).ok());
  ASSERT_TRUE(table.Finish().ok());
  EXPECT_TRUE(table.ok(0));
  EXPECT_TRUE(table.ok(1));
  ASSERT_FALSE(table.ok(2));
  EXPECT_EQ(JoinErrors(table.errors(2)),
            "column unit: 单位4999 2021 is already on line 2; one row per unit and period");
  // Both scored rows have every rate at 100 % (1 of 1; the zero denominators count full points): 100 each, tied.
  EXPECT_EQ(table.rank(0), 1);
  EXPECT_EQ(table.rank(1), 1);
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

// Many threads sharing zhifa's immutable objects, as a server does: the built-in RuleSet, RuleBook, Registry,
// Plan, WorkCalendar and settings, and one BatchScorer, used at once from 8 threads — each thread's results
// equal to one thread's. Run under ThreadSanitizer by .ci/run (the TSan job), where any data race fails it.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "zhifa/zhifa.h"

namespace zhifa {
namespace {

constexpr int kThreads = 8;

// Runs `work(t)` on kThreads threads at once and returns each thread's result.
template <typename F>
auto OnThreads(F work) {
  std::vector<decltype(work(0))> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) threads.emplace_back([&, t] { results[static_cast<size_t>(t)] = work(t); });
  for (std::thread& th : threads) th.join();
  return results;
}

std::string ScoreSample() {
  // Every row of the bundled sample, read, resolved and scored; the totals joined.
  std::istringstream in{std::string(BundledSampleCsv())};
  std::string totals;
  absl::Status s = ReadCountsCsv(in, Registry::Builtin(), {}, [&](CountsRow&& row) {
    absl::StatusOr<Scorecard> card =
        Score(RuleBook::Builtin(), Registry::Builtin(), row.unit_text, *row.period, row.counts);
    totals += card.ok() ? card->total.ToString() + " " + Explain(*card).substr(0, 20) : card.status().ToString();
    totals += "\n";
  });
  return s.ok() ? totals : s.ToString();
}

TEST(Concurrency, ReadingAndScoringTheSampleFromManyThreads) {
  const std::string expected = ScoreSample();
  ASSERT_NE(expected.find("92.01"), std::string::npos);  // 涅阳街道's total (the README's sample scorecard)
  for (const std::string& got : OnThreads([](int) { return ScoreSample(); })) EXPECT_EQ(got, expected);
}

TEST(Concurrency, OneBatchScorerSharedByManyThreads) {
  absl::StatusOr<BatchScorer> scorer = BatchScorer::Create(RuleSet::Builtin());
  ASSERT_TRUE(scorer.ok());
  // 10,000 rows of the sample's first row with filed varying: 793..10792 of 800 + filed quota.
  const size_t rows = 10000;
  std::vector<int64_t> should_file(rows), filed(rows), closed(rows, 715), zero(rows, 0), executed(rows, 700),
      one(rows, 1), penalized(rows, 650), enforcement(rows, 793);
  for (size_t i = 0; i < rows; ++i) {
    filed[i] = 793 + static_cast<int64_t>(i);
    should_file[i] = 800 + static_cast<int64_t>(i);
  }
  BatchInput in(rows);
  in.Set(Column::kShouldFile, std::span<const int64_t>(should_file))
      .Set(Column::kFiled, std::span<const int64_t>(filed))
      .Set(Column::kClosed, std::span<const int64_t>(closed))
      .Set(Column::kOverdue, std::span<const int64_t>(zero))
      .Set(Column::kLeaderUnfulfilled, std::span<const int64_t>(zero))
      .Set(Column::kExecuted, std::span<const int64_t>(executed))
      .Set(Column::kCourtRefused, std::span<const int64_t>(one))
      .Set(Column::kPenalized, std::span<const int64_t>(penalized))
      .Set(Column::kMissedPenalty, std::span<const int64_t>(zero))
      .Set(Column::kSued, std::span<const int64_t>(one))
      .Set(Column::kEnforcementCases, std::span<const int64_t>(enforcement))
      .Set(Column::kJudgments, std::span<const int64_t>(one))
      .Set(Column::kJudgmentsWon, std::span<const int64_t>(one));
  auto run = [&](int) {
    std::vector<int64_t> totals(rows);
    std::vector<uint8_t> status(rows);
    absl::Status s = scorer->Score(in, BatchOutput{.totals = totals, .status = status}, /*threads=*/2);
    return s.ok() ? totals : std::vector<int64_t>();
  };
  const std::vector<int64_t> expected = run(0);
  ASSERT_EQ(expected.size(), rows);
  EXPECT_EQ(expected[0], 9201);  // the sample's first row: 92.01
  for (const std::vector<int64_t>& got : OnThreads(run)) EXPECT_EQ(got, expected);
}

TEST(Concurrency, CalendarsPlansCasesAndNamesFromManyThreads) {
  auto work = [](int t) {
    std::string out;
    out += Registry::Builtin().Resolve(t % 2 ? "县市场监督管理局" : "涅阳街道").value()->code;
    out += std::to_string(WorkCalendar::Builtin().IsWorkingDay(Date(2021, 10, 8)).value());
    out += Plan::Builtin().PhaseOn(Date(2021, 5, 1)).key;  // "inspection"
    std::istringstream cases("case_id,unit,filed_on,decided_on,outcome\nk1,涅阳街道,2021-04-01,2021-08-01,penalty\n");
    CaseAggregator agg(Registry::Builtin(), CaseSettings::Builtin(), {});
    absl::Status s = ReadCasesCsv(cases, Registry::Builtin(), {}, [&](CaseRecord&& c) {
      out += std::to_string(CheckCase(c, CaseSettings::Builtin()).size());
      (void)agg.Add(c);
    });
    for (const AggregatedRow& row : agg.Finish(QuotaSource::History()))
      out += std::to_string(row.counts.Get(Column::kFiled));
    return s.ok() ? out : s.ToString();
  };
  std::vector<std::string> got = OnThreads(work);
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(got[static_cast<size_t>(t)], work(t)) << t;
}

}  // namespace
}  // namespace zhifa

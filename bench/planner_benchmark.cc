// The planner's speed target (issue 17): under 10 ms per unit for counts in the thousands.
//
//   cmake -S . -B build -DZHIFA_BUILD_BENCHMARKS=ON && cmake --build build --target zhifa_planner_benchmark
//   build/bench/zhifa_planner_benchmark
//
// Units with counts in the thousands under zhenping-2021, each searched for its cheapest plan (the counter
// `evaluations` is the search's work); the baseline is one Score() of the same unit, so the ratio says how many
// scorecards a plan costs.
#include <benchmark/benchmark.h>

#include "zhifa/planner.h"

namespace {

using zhifa::Column;

struct Case {
  const char* name;
  int64_t should_file, filed, closed, overdue, leader_unfulfilled, executed, penalized, missed_penalty, sued;
  int64_t target;  // whole points
};

// a: quota nearly met, a dozen missed penalties (the test's unit); b: a large quota gap (400 files allowed) and
// 600 open cases, a high target; c: the same, a target out of reach (the whole file × close space is searched
// for the highest total); d: small deductions, so rates must move: hundreds of closes and executions; e: a
// quota gap of 1,000 and a target that needs most of it (the hardest here).
constexpr Case kCases[] = {
    {"a_quota_met_target80", 3000, 2900, 2700, 3, 2, 2400, 2000, 12, 40, 80},
    {"b_gap400_target85", 3400, 3000, 2400, 1, 1, 2000, 2500, 6, 30, 85},
    {"c_gap400_unreachable", 3400, 3000, 2400, 1, 1, 2000, 2500, 6, 30, 99},
    {"d_rates_target90", 3000, 3000, 2500, 0, 0, 2000, 2600, 0, 30, 90},
    {"e_gap1000_target88", 4000, 3000, 2400, 1, 1, 2000, 2500, 6, 30, 88},
};

zhifa::Counts Make(const Case& k) {
  zhifa::Counts c;
  c.Set(Column::kShouldFile, k.should_file)
      .Set(Column::kFiled, k.filed)
      .Set(Column::kClosed, k.closed)
      .Set(Column::kOverdue, k.overdue)
      .Set(Column::kLeaderUnfulfilled, k.leader_unfulfilled)
      .Set(Column::kExecuted, k.executed)
      .Set(Column::kCourtRefused, 0)
      .Set(Column::kPenalized, k.penalized)
      .Set(Column::kMissedPenalty, k.missed_penalty)
      .Set(Column::kSued, k.sued)
      .Set(Column::kJudgments, 30)
      .Set(Column::kJudgmentsWon, 25);
  return c;
}

const zhifa::Unit& Market() { return **zhifa::Registry::Builtin().Resolve("县市场监督管理局"); }

void BM_Plan(benchmark::State& state) {
  const Case& k = kCases[state.range(0)];
  const zhifa::Counts c = Make(k);
  int64_t evaluations = 0;
  for (auto _ : state) {
    auto plan = zhifa::PlanForTotal(zhifa::RuleSet::Builtin(), Market(), zhifa::Period::Year(2021), c,
                                    zhifa::Decimal(k.target, 0));
    if (!plan.ok()) {
      state.SkipWithError(std::string(plan.status().message()).c_str());
      return;
    }
    evaluations = plan->evaluations;
    benchmark::DoNotOptimize(plan->cost);
    state.counters["cost"] = static_cast<double>(plan->cost);
    state.counters["reachable"] = plan->reachable;
  }
  state.counters["evaluations"] = static_cast<double>(evaluations);
  state.SetLabel(k.name);
}
BENCHMARK(BM_Plan)->DenseRange(0, std::size(kCases) - 1)->Unit(benchmark::kMillisecond);

void BM_ScoreOnce(benchmark::State& state) {
  const zhifa::Counts c = Make(kCases[0]);
  for (auto _ : state) {
    auto card = zhifa::Score(zhifa::RuleSet::Builtin(), Market(), zhifa::Period::Year(2021), c);
    benchmark::DoNotOptimize(card->total);
  }
}
BENCHMARK(BM_ScoreOnce)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();

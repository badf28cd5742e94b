// Scores one unit's counts (and explains them) N times: a fixed amount of work for counting instructions with
// callgrind, which gives the same count on every run where timings on a shared machine do not.
//
//   bench/count_instructions.sh        # instructions per Score() and per Score() + Explain()
//   build-bench/bench/zhifa_scorecard_loop N [explain]
#include <cstdio>
#include <cstdlib>
#include <string>

#include "zhifa/zhifa.h"

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 1000;
  const bool explain = argc > 2 && std::string(argv[2]) == "explain";
  const zhifa::RuleSet rules = zhifa::RuleSet::Builtin();
  const zhifa::Unit& unit = **zhifa::Registry::Builtin().Resolve("涅阳街道");
  // The counts of BM_ScorecardWithExplanation.
  zhifa::Counts c;
  const int64_t v[zhifa::kColumnCount] = {800, 793, 715, 2, 0, 700, 1, 650, 0, 1, 793, 1, 1};
  for (size_t i = 0; i < zhifa::kColumnCount; ++i) c.Set(zhifa::kAllColumns[i], v[i]);
  size_t bytes = 0;
  for (int i = 0; i < n; ++i) {
    zhifa::Scorecard card = *zhifa::Score(rules, unit, zhifa::Period::Year(2021), c);
    if (explain) bytes += zhifa::Explain(card, zhifa::Language::kZh).size();
    bytes += card.indicators.size();
  }
  std::printf("%zu\n", bytes);  // keeps the work observable
  return 0;
}

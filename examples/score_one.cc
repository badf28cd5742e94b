// Scores one unit's counts with the built-in rule set and prints the explanation (Chinese, then English).
//
// Build against an installed zhifa:  cmake -S examples -B build-examples && cmake --build build-examples
#include <iostream>

#include "zhifa/zhifa.h"

int main() {
  const zhifa::Registry& registry = zhifa::Registry::Builtin();
  absl::StatusOr<const zhifa::Unit*> unit = registry.Resolve("县市场监督管理局");  // -> 市场监管局
  absl::StatusOr<const zhifa::RuleSet*> rules = zhifa::RuleSet::Builtin("zhenping-2021");
  if (!unit.ok() || !rules.ok()) {
    std::cerr << (unit.ok() ? rules.status() : unit.status()) << "\n";
    return 1;
  }

  using zhifa::Column;
  zhifa::Counts counts;
  counts.Set(Column::kShouldFile, 800).Set(Column::kFiled, 793).Set(Column::kClosed, 715);
  counts.Set(Column::kOverdue, 2).Set(Column::kLeaderUnfulfilled, 0).Set(Column::kExecuted, 700);
  counts.Set(Column::kCourtRefused, 1).Set(Column::kPenalized, 650).Set(Column::kMissedPenalty, 0);
  counts.Set(Column::kSued, 3).Set(Column::kJudgments, 2).Set(Column::kJudgmentsWon, 2);
  // enforcement_cases is left out: the sued rate's denominator defaults to filed (A2.5).

  absl::StatusOr<zhifa::Scorecard> card =
      zhifa::Score(**rules, registry.ScoredAs(**unit), zhifa::Period::Year(2021), counts);
  if (!card.ok()) {
    std::cerr << card.status() << "\n";  // e.g. "column closed: 7 is more than filed (5)"
    return 1;
  }
  std::cout << zhifa::Explain(*card, zhifa::Language::kZh) << "\n" << zhifa::Explain(*card, zhifa::Language::kEn);
  return 0;
}

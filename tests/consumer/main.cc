// Scores one unit through the installed library; prints the total.
#include <iostream>

#include "zhifa/zhifa.h"

int main() {
  const zhifa::Registry& registry = zhifa::Registry::Builtin();
  absl::StatusOr<const zhifa::Unit*> unit = registry.Resolve("县市场监督管理局");
  absl::StatusOr<const zhifa::RuleSet*> rules = zhifa::RuleSet::Builtin("zhenping-2021");
  if (!unit.ok() || !rules.ok()) return 1;
  zhifa::Counts counts;
  for (zhifa::Column c : zhifa::kAllColumns) counts.Set(c, 0);
  counts.Set(zhifa::Column::kShouldFile, 640).Set(zhifa::Column::kFiled, 640).Set(zhifa::Column::kClosed, 23);
  counts.Set(zhifa::Column::kExecuted, 23).Set(zhifa::Column::kPenalized, 640);
  counts.Set(zhifa::Column::kEnforcementCases, 640);
  absl::StatusOr<zhifa::Scorecard> card = zhifa::Score(**rules, **unit, zhifa::Period::Year(2021), counts);
  if (!card.ok()) {
    std::cerr << card.status() << "\n";
    return 1;
  }
  // 20 + 16 × 23/640 (0.575 -> 0.58) + 16 + 16 + 16 + 16 = 84.58.
  std::cout << card->unit_name << " " << card->total.ToString() << "\n";
  return card->total.ToString() == "84.58" ? 0 : 1;
}

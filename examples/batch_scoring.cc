// Scores a million unit-month rows with the batch engine and ranks them within each month.
//
// Columns in, caller-owned columns out: no allocation per row, every number the same as zhifa::Score().
#include <iostream>
#include <random>
#include <vector>

#include "zhifa/zhifa.h"

int main() {
  const size_t rows = 1'000'000;
  // Synthetic counts; a real program maps its own columns (int32 or int64) the same way.
  std::mt19937 rng(2021);
  std::vector<int32_t> cols[zhifa::kColumnCount];
  for (auto& c : cols) c.resize(rows);
  auto at = [&](zhifa::Column c) -> std::vector<int32_t>& { return cols[static_cast<size_t>(c)]; };
  for (size_t i = 0; i < rows; ++i) {
    int32_t filed = static_cast<int32_t>(rng() % 500), closed = filed ? static_cast<int32_t>(rng() % (filed + 1)) : 0;
    at(zhifa::Column::kShouldFile)[i] = 100 + static_cast<int32_t>(rng() % 400);
    at(zhifa::Column::kFiled)[i] = filed;
    at(zhifa::Column::kClosed)[i] = closed;
    at(zhifa::Column::kOverdue)[i] = static_cast<int32_t>(rng() % 3);
    at(zhifa::Column::kExecuted)[i] = closed ? static_cast<int32_t>(rng() % (closed + 1)) : 0;
    at(zhifa::Column::kPenalized)[i] = filed / 2;
    at(zhifa::Column::kEnforcementCases)[i] = filed;
    at(zhifa::Column::kJudgments)[i] = static_cast<int32_t>(rng() % 3);
    at(zhifa::Column::kJudgmentsWon)[i] = at(zhifa::Column::kJudgments)[i] / 2;
  }

  absl::StatusOr<zhifa::BatchScorer> scorer = zhifa::BatchScorer::Create(zhifa::RuleSet::Builtin());
  if (!scorer.ok()) return 1;
  zhifa::BatchInput input(rows);
  for (zhifa::Column c : zhifa::kAllColumns) input.Set(c, std::span<const int32_t>(at(c)));

  std::vector<int64_t> totals(rows);  // hundredths of a point: 9201 is 92.01
  std::vector<uint8_t> status(rows);
  zhifa::BatchOutput output;
  output.totals = totals;
  output.status = status;
  if (absl::Status s = scorer->Score(input, output); !s.ok()) {
    std::cerr << s << "\n";
    return 1;
  }

  // Rank within each month: 53 units × 12 months × ... here the group is simply i / 53.
  std::vector<int64_t> group(rows);
  for (size_t i = 0; i < rows; ++i) group[i] = static_cast<int64_t>(i / 53);
  std::vector<int32_t> rank(rows);
  zhifa::RankByGroup(totals, group, status, rank);

  size_t bad = 0;
  for (uint8_t s : status) bad += s != zhifa::kRowOk;
  std::cout << "scored " << rows << " rows (" << bad << " bad); row 0: total "
            << zhifa::Decimal(totals[0], 2).ToString() << ", rank " << rank[0] << " of its group\n";
  // The batch gives exactly what the one-row path gives.
  zhifa::Counts c;
  for (zhifa::Column col : zhifa::kAllColumns) c.Set(col, at(col)[0]);
  zhifa::Scorecard card =
      *zhifa::Score(scorer->rules(), **zhifa::Registry::Builtin().Resolve("nieyang"), zhifa::Period::Year(2021), c);
  return card.total.units() == totals[0] ? 0 : 1;
}

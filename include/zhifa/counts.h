// Counts: the 13 figures of one unit in one period that the six rates are computed from (附件2; docs/model.md,
// "Counts").
//
// Each column has a canonical English name (the CSV header and the rule-file column name) and the Chinese
// header a CSV may use instead. `enforcement_cases` (年度执法案件数量, the denominator of the sued rate, A2.5)
// is optional and defaults to `filed`; every other column is required.
//
// Example:
//   zhifa::Counts c;
//   c.Set(zhifa::Column::kFiled, 5).Set(zhifa::Column::kClosed, 7);
//   for (const zhifa::CountError& e : zhifa::Validate(c)) {
//     // e.column == Column::kClosed, e.message == "7 is more than filed (5)", ...
//   }
//
// Thread-safety: Counts is a plain value; Validate, IsValid and ValidRows are reentrant.
#ifndef ZHIFA_COUNTS_H_
#define ZHIFA_COUNTS_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "zhifa/export.h"

namespace zhifa {

enum class Column : uint8_t {
  kShouldFile,         // should_file        应立案数量 (A2.1 quota)
  kFiled,              // filed              立案数量
  kClosed,             // closed             办结数量
  kOverdue,            // overdue            超期件数
  kLeaderUnfulfilled,  // leader_unfulfilled 县领导交办未落实件数
  kExecuted,           // executed           执行数量
  kCourtRefused,       // court_refused      法院裁定不予执行件数
  kPenalized,          // penalized          处罚数量
  kMissedPenalty,      // missed_penalty     应处罚未处罚件数
  kSued,               // sued               法院立案数量
  kEnforcementCases,   // enforcement_cases  年度执法案件数量 (optional; defaults to filed)
  kJudgments,          // judgments          生效判决案件数量
  kJudgmentsWon,       // judgments_won      生效判决胜诉案件数量
};
inline constexpr int kColumnCount = 13;
inline constexpr std::array<Column, kColumnCount> kAllColumns = {
    Column::kShouldFile,        Column::kFiled,    Column::kClosed,           Column::kOverdue,
    Column::kLeaderUnfulfilled, Column::kExecuted, Column::kCourtRefused,     Column::kPenalized,
    Column::kMissedPenalty,     Column::kSued,     Column::kEnforcementCases, Column::kJudgments,
    Column::kJudgmentsWon};

// The largest count accepted: 2^53 - 1. Every intermediate of exact scoring then fits in 128 bits.
inline constexpr int64_t kMaxCount = (int64_t{1} << 53) - 1;

// The rules of a row (docs/model.md) that order two counts of a row: `column` may not exceed `limit`.
struct ZHIFA_EXPORT CountBound {
  Column column;
  Column limit;
};
inline constexpr std::array<CountBound, 4> kCountBounds = {{{Column::kClosed, Column::kFiled},
                                                            {Column::kExecuted, Column::kClosed},
                                                            {Column::kPenalized, Column::kFiled},
                                                            {Column::kJudgmentsWon, Column::kJudgments}}};

// "should_file", ...
ZHIFA_EXPORT std::string_view ColumnName(Column column);
// "应立案数量", ...
ZHIFA_EXPORT std::string_view ColumnNameZh(Column column);
// Accepts the English or the Chinese name (exact match after trimming spaces).
ZHIFA_EXPORT std::optional<Column> ColumnFromName(std::string_view name);

// The figures of one unit and period. A column is either set or missing; Get() of a missing
// enforcement_cases is filed.
class ZHIFA_EXPORT Counts {
 public:
  // Precondition for a valid row: 0 <= value <= kMaxCount (Validate reports violations).
  Counts& Set(Column column, int64_t value) {
    values_[Index(column)] = value;
    present_ |= Bit(column);
    return *this;
  }
  Counts& Clear(Column column) {
    values_[Index(column)] = 0;
    present_ &= static_cast<uint16_t>(~Bit(column));
    return *this;
  }
  bool Has(Column column) const { return (present_ & Bit(column)) != 0; }
  int64_t Get(Column column) const {
    if (column == Column::kEnforcementCases && !Has(column)) return values_[Index(Column::kFiled)];
    return values_[Index(column)];
  }

  friend bool operator==(const Counts&, const Counts&) = default;

 private:
  static constexpr size_t Index(Column c) { return static_cast<size_t>(c); }
  static constexpr uint16_t Bit(Column c) { return static_cast<uint16_t>(1u << Index(c)); }

  std::array<int64_t, kColumnCount> values_{};
  uint16_t present_ = 0;
};

// One reason a row of counts is invalid.
struct ZHIFA_EXPORT CountError {
  Column column;
  std::string message;  // e.g. "7 is more than filed (5)"
};

// Checks the rules every row must meet (docs/model.md): each required column present; 0 <= count <= kMaxCount;
// closed <= filed; executed <= closed; penalized <= filed; judgments_won <= judgments. Returns every
// violation, in column order; empty when the row is valid.
ZHIFA_EXPORT std::vector<CountError> Validate(const Counts& counts);
// Validate(counts).empty(), without building the list: the check on the scoring fast path.
ZHIFA_EXPORT bool IsValid(const Counts& counts);

// IsValid for rows held as columns (score_frame's path): valid[i] = IsValid(the counts of row i). columns[c]
// holds column c (nullptr: the table lacks it); present[c] says which of its cells have a value (nullptr: all
// do). Precondition: every span `valid.size()` long.
ZHIFA_EXPORT void ValidRows(const std::array<const int64_t*, kColumnCount>& columns,
                            const std::array<const bool*, kColumnCount>& present, std::span<uint8_t> valid);

}  // namespace zhifa

#endif  // ZHIFA_COUNTS_H_

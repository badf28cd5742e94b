// Helpers shared by the tests.
#ifndef ZHIFA_TESTS_TEST_UTIL_H_
#define ZHIFA_TESTS_TEST_UTIL_H_

#include <optional>
#include <string>

#include "zhifa/counts.h"

namespace zhifa::testing {

// All 13 columns by name, so a test reads like a row of the input table.
struct Row {
  int64_t should_file = 0;
  int64_t filed = 0;
  int64_t closed = 0;
  int64_t overdue = 0;
  int64_t leader_unfulfilled = 0;
  int64_t executed = 0;
  int64_t court_refused = 0;
  int64_t penalized = 0;
  int64_t missed_penalty = 0;
  int64_t sued = 0;
  std::optional<int64_t> enforcement_cases;
  int64_t judgments = 0;
  int64_t judgments_won = 0;
};

inline Counts MakeCounts(const Row& r) {
  Counts c;
  c.Set(Column::kShouldFile, r.should_file)
      .Set(Column::kFiled, r.filed)
      .Set(Column::kClosed, r.closed)
      .Set(Column::kOverdue, r.overdue)
      .Set(Column::kLeaderUnfulfilled, r.leader_unfulfilled)
      .Set(Column::kExecuted, r.executed)
      .Set(Column::kCourtRefused, r.court_refused)
      .Set(Column::kPenalized, r.penalized)
      .Set(Column::kMissedPenalty, r.missed_penalty)
      .Set(Column::kSued, r.sued)
      .Set(Column::kJudgments, r.judgments)
      .Set(Column::kJudgmentsWon, r.judgments_won);
  if (r.enforcement_cases) c.Set(Column::kEnforcementCases, *r.enforcement_cases);
  return c;
}

}  // namespace zhifa::testing

#endif  // ZHIFA_TESTS_TEST_UTIL_H_

// The exact points of score.h without a scorecard: what the what-if planner (lib/planner.cc) evaluates many
// thousands of times per unit. The same arithmetic as Score(), from the same functions (lib/score.cc).
#ifndef ZHIFA_LIB_SCORE_INTERNAL_H_
#define ZHIFA_LIB_SCORE_INTERNAL_H_

#include <cstdint>
#include <optional>

#include "zhifa/counts.h"
#include "zhifa/rules.h"

namespace zhifa::internal {

// The final points of `ind` in units of 10^-points_decimals, as Score() gives them; nullopt when the indicator
// is excluded (zero denominator, policy exclude). Precondition: IsValid(counts).
std::optional<int64_t> IndicatorPointsUnits(const RuleSet& rules, const Indicator& ind, const Counts& counts);
// Score(rules, unit, period, counts)->total in units of 10^-points_decimals. Precondition: IsValid(counts).
int64_t TotalUnits(const RuleSet& rules, const Counts& counts);

// An upper bound of TotalUnits(rules, c) over every c with lo <= c <= hi column by column (points rise with a
// numerator, fall with a denominator, or the reverse for an inverse indicator; deductions rise with their counts;
// a zero denominator scores its policy's points). nullopt when the rule set has an indicator that may be
// excluded (the total is then rescaled, and no bound of this kind holds).
std::optional<int64_t> TotalUpperBoundUnits(const RuleSet& rules, const Counts& lo, const Counts& hi);

}  // namespace zhifa::internal

#endif  // ZHIFA_LIB_SCORE_INTERNAL_H_

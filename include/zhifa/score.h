// Scoring: counts + rule set -> scorecard, and ranking of many scorecards (附件2, 五(二) 六率).
//
// For each indicator: the exact rate numerator/denominator; base points by the indicator's mode (weight ×
// min(rate, cap), weight × (1 − min(rate, cap)) or a band); minus each deduction (count × points per case,
// capped by its max); clamped at the floor; rounded once to points_decimals. The total is the sum of the
// rounded points (rescaled to the rule set's total when an indicator is excluded). All of it is integer and
// rational arithmetic in 128 bits: 16 × 23/640 = 0.575 rounds to 0.58, as the rule says, where binary doubles
// give 0.57.
//
// Example:
//   zhifa::Counts c;  // ... Set() all 13 columns
//   absl::StatusOr<zhifa::Scorecard> card =
//       zhifa::Score(*zhifa::RuleSet::Builtin(), unit, zhifa::Period::Year(2021), c);
//   card->total.ToString();           // "87.42"
//   card->indicators[1].points;       // 办结率 points after deductions
//   zhifa::Rank(cards);               // fills rank and category_rank
//
// Thread-safety: Score and Rank are reentrant (Rank on distinct vectors); Scorecard is a plain value.
#ifndef ZHIFA_SCORE_H_
#define ZHIFA_SCORE_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "zhifa/counts.h"
#include "zhifa/decimal.h"
#include "zhifa/export.h"
#include "zhifa/findings.h"
#include "zhifa/period.h"
#include "zhifa/rules.h"
#include "zhifa/units.h"

namespace zhifa {

// One deduction as applied: count × points_per_case, capped at the rule's max.
struct ZHIFA_EXPORT AppliedDeduction {
  Column column;
  int64_t count = 0;
  Decimal points_per_case;
  // min(count × points_per_case, max), exact, in units of 10^-kParamScale points (128 bits: a count near
  // kMaxCount times a large per-case figure does not fit in 64).
  __int128 amount_units = 0;
  bool capped = false;  // the rule's max applied
  std::string clause;

  // amount_units as a decimal string with trailing zeros dropped: "6", "2.5".
  std::string AmountString() const;
};

struct ZHIFA_EXPORT IndicatorScore {
  std::string key;
  std::string name;
  std::string name_en;
  std::string clause;
  Mode mode = Mode::kProportional;
  Decimal weight;
  Decimal cap;
  Column numerator_column = Column::kFiled;
  Column denominator_column = Column::kShouldFile;
  Ratio rate;                // as reported: uncapped; den == 0 when not applicable
  bool applicable = true;    // false when the denominator is 0
  bool excluded = false;     // zero_denominator = exclude: not part of the total
  bool rate_capped = false;  // min(rate, cap) used cap
  // Base points before deductions, exact as base_num / base_den (16 × 23/640 = 0.575 -> 575/1000 reduced
  // or not; compare values, not fields).
  __int128 base_num = 0;
  __int128 base_den = 1;
  std::vector<AppliedDeduction> deductions;
  bool floored = false;  // base − deductions fell below the floor
  Decimal points;        // final, rounded once to points_decimals; 0 when excluded

  // The rate as a percentage rounded to `decimals`; nullopt when not applicable.
  std::optional<Decimal> RatePercent(int decimals, Rounding rounding) const { return rate.Percent(decimals, rounding); }
  // Base points rounded to `decimals` (display only; the final points are rounded once from the exact value).
  Decimal BaseRounded(int decimals, Rounding rounding) const;
};

struct ZHIFA_EXPORT Scorecard {
  std::string unit_code;  // the scored unit (a sub-unit's parent)
  std::string unit_name;  // as printed in the plan
  Category category = Category::kDepartment;
  Period period = Period::Year(2021);
  std::string ruleset_id;
  std::string ruleset_digest;
  int rate_decimals = 2;
  Rounding rounding = Rounding::kHalfUp;
  Counts counts;  // the input, so that the scorecard can be replayed (Score(rules, unit, period, counts))
  std::vector<IndicatorScore> indicators;
  Decimal total;
  bool total_rescaled = false;  // an excluded indicator made the total a rescaled sum
  // The rule set was applied to a period outside its effective dates, on purpose (ScoreOptions::any_period).
  bool ruleset_outside_dates = false;
  // Remarks that do not change the score: `zero_activity` (ZeroActivityFinding) when the unit filed no case and
  // had no litigation, so every rate with a zero denominator scored full points.
  std::vector<Finding> findings;
  // Filled by Rank(); 0 until then.
  int rank = 0;
  int category_rank = 0;

  // The indicator with this key, or nullptr.
  const IndicatorScore* Find(std::string_view key) const;
};

struct ZHIFA_EXPORT ScoreOptions {
  // Score with the rule set even when it is not in force on the period's start (scoring 2019 under the 2021
  // rules on purpose). The scorecard is then marked ruleset_outside_dates.
  bool any_period = false;
};

// Scores one unit's counts under `rules`. Returns kInvalidArgument listing every violated column ("column
// closed: 7 is more than filed (5); ...") when Validate(counts) is not empty; kInvalidArgument when `unit` is a
// sub-unit (score the registry's ScoredAs(unit), or use the overload below, which does); kOutOfRange when the
// rule set is not in force on the period's start and options.any_period is not set.
ZHIFA_EXPORT absl::StatusOr<Scorecard> Score(const RuleSet& rules, const Unit& unit, const Period& period,
                                             const Counts& counts, const ScoreOptions& options = {});

// Scores `unit` (a code, name or alias; a sub-unit is scored as its parent) under the set of `book` in force on
// the period's start. kNotFound for an unknown unit, kOutOfRange when no set of the book covers the period,
// and the errors of Score above.
ZHIFA_EXPORT absl::StatusOr<Scorecard> Score(const RuleBook& book, const Registry& registry, std::string_view unit,
                                             const Period& period, const Counts& counts);

// The `zero_activity` finding (A2) when the counts show no activity: nothing filed, no suit and no judgment,
// so each rate with a zero denominator earns full points though the unit did nothing; nullopt otherwise.
ZHIFA_EXPORT std::optional<Finding> ZeroActivityFinding(const Counts& counts);

// Ranks by total, descending; equal totals share a rank and the next rank skips (1, 2, 2, 4). `rank` is over
// all scorecards of the same period; `category_rank` over those of the same period and category.
ZHIFA_EXPORT void Rank(std::span<Scorecard> cards);

}  // namespace zhifa

#endif  // ZHIFA_SCORE_H_

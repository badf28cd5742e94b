#include "zhifa/score.h"

#include <algorithm>
#include <limits>
#include <numeric>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "lib/exact.h"
#include "lib/score_internal.h"
#include "lib/strings.h"
#include "zhifa/calendar.h"

namespace zhifa {
namespace {

using internal::DivFloor;
using internal::int128;
using internal::kPow10;
using internal::RoundParts;

constexpr int64_t kS = kPow10[kParamScale];  // rule parameters are integers × 10^-4

// Base points of one applicable indicator as the exact fraction num/den (den > 0 and a multiple of kS).
struct Base {
  int128 num;
  int128 den;
  bool rate_capped;
};

Base BasePoints(const Indicator& ind, int64_t n, int64_t d) {
  const int128 w = ind.weight.units();
  if (ind.mode == Mode::kBands) {
    // The band with the highest min_rate <= n/d: min_rate_s / S <= n / d  <=>  min_rate_s × d <= n × S.
    int128 points = 0;
    for (const Band& b : ind.bands) {
      if (static_cast<int128>(b.min_rate.units()) * d <= static_cast<int128>(n) * kS) points = b.points.units();
    }
    return {points, kS, false};
  }
  // min(rate, cap) = x / (S × d) with x = min(n × S, cap_s × d).
  const int128 n_s = static_cast<int128>(n) * kS;
  const int128 cap_d = static_cast<int128>(ind.cap.units()) * d;
  const bool capped = cap_d < n_s;
  const int128 x = capped ? cap_d : n_s;
  const int128 sd = static_cast<int128>(kS) * d;
  // weight × x/(S d) = (w / S) × x / (S d) = w x / (S² d);  inverse: w (S d − x) / (S² d).
  const int128 factor = ind.mode == Mode::kInverse ? sd - x : x;
  return {w * factor, sd * kS, capped};
}

// One deduction in units of 10^-4 points: min(count × points, max); *capped says whether max applied.
int128 DeductionUnits(const DeductionRule& rule, int64_t count, bool* capped) {
  int128 amount = static_cast<int128>(count) * rule.points.units();
  *capped = rule.max && amount > rule.max->units();
  return *capped ? rule.max->units() : amount;
}

int128 Deducted(const Indicator& ind, const Counts& counts) {
  int128 deducted = 0;  // units of 10^-4
  for (const DeductionRule& rule : ind.deductions) {
    bool capped = false;
    deducted += DeductionUnits(rule, counts.Get(rule.count), &capped);
  }
  return deducted;
}

struct Final {
  int128 rounded;  // units of 10^-points_decimals
  bool floored;
};

// base − deducted, clamped at the floor, rounded once to points_decimals.
Final FinalPoints(const RuleSet& rules, const Indicator& ind, const Base& base, int128 deducted) {
  const int64_t p = kPow10[rules.points_decimals()];
  const int64_t s_over_p = kS / p;  // parameters have at least as many decimals as points
  // points × P = base × P − deducted × P / S, exactly; split deducted = e (S/P) + r with 0 <= r < S/P:
  // points × P = (base_num × P − r × P × (base_den / S)) / base_den − e = k + b / base_den.
  const auto [e, r] = DivFloor(deducted, s_over_p);
  const auto [k0, b] = DivFloor(base.num * p - r * p * (base.den / kS), base.den);
  const int128 k = k0 - e;
  // floor × P = fe + fr / (S/P).
  const auto [fe, fr] = DivFloor(ind.floor.units(), s_over_p);
  if (k < fe || (k == fe && b * s_over_p < fr * base.den))
    return {RoundParts(fe, fr, s_over_p, rules.rounding()), true};
  return {RoundParts(k, b, base.den, rules.rounding()), false};
}

// The total from the sum of the rounded points: the sum itself, or, when an indicator was excluded, the sum
// rescaled to `total` over the weights that remain, rounding once more (0 when every indicator was excluded).
int128 RescaledTotal(const RuleSet& rules, int128 points_sum, int128 applicable_weight, bool rescaled) {
  if (!rescaled) return points_sum;
  if (applicable_weight == 0) return 0;
  return internal::RoundRational(points_sum * rules.total().units(), applicable_weight, rules.rounding());
}

// Base points of an indicator for the counts; nullopt when it is excluded (zero denominator, policy exclude).
std::optional<Base> BaseFor(const Indicator& ind, const Counts& counts) {
  const int64_t d = counts.Get(ind.denominator);
  if (d != 0) return BasePoints(ind, counts.Get(ind.numerator), d);
  switch (ind.zero_denominator) {
    case ZeroDenominator::kExclude:
      return std::nullopt;
    case ZeroDenominator::kFull:
      return Base{ind.weight.units(), kS, false};
    case ZeroDenominator::kZero:
      break;
  }
  return Base{0, kS, false};
}

}  // namespace

namespace internal {

std::optional<int64_t> IndicatorPointsUnits(const RuleSet& rules, const Indicator& ind, const Counts& counts) {
  std::optional<Base> base = BaseFor(ind, counts);
  if (!base) return std::nullopt;
  return static_cast<int64_t>(FinalPoints(rules, ind, *base, Deducted(ind, counts)).rounded);
}

std::optional<int64_t> TotalUpperBoundUnits(const RuleSet& rules, const Counts& lo, const Counts& hi) {
  int128 sum = 0;
  for (const Indicator& ind : rules.indicators()) {
    if (ind.zero_denominator == ZeroDenominator::kExclude) return std::nullopt;  // the total is rescaled
    const int64_t d_lo = lo.Get(ind.denominator), d_hi = hi.Get(ind.denominator);
    std::vector<Base> candidates;
    if (d_lo == 0) candidates.push_back(*BaseFor(ind, Counts{}));  // the zero-denominator policy's points
    if (d_hi > 0) {
      const int64_t d_min = std::max<int64_t>(d_lo, 1);
      bool bands_rise = true;
      for (size_t b = 1; b < ind.bands.size(); ++b)
        bands_rise = bands_rise && ind.bands[b - 1].points <= ind.bands[b].points;
      if (ind.numerator == ind.denominator) {
        candidates.push_back(BasePoints(ind, d_hi, d_hi));  // the rate is 1
      } else if (ind.mode == Mode::kBands && !bands_rise) {
        for (const Band& b : ind.bands) candidates.push_back({b.points.units(), kS, false});
        candidates.push_back({0, kS, false});
      } else if (ind.mode == Mode::kInverse) {
        candidates.push_back(BasePoints(ind, lo.Get(ind.numerator), d_hi));  // the lowest rate
      } else {
        candidates.push_back(BasePoints(ind, hi.Get(ind.numerator), d_min));  // the highest rate
      }
    }
    int128 least_deducted = 0;  // each deduction grows with its count
    for (const DeductionRule& rule : ind.deductions) {
      bool capped = false;
      least_deducted += DeductionUnits(rule, lo.Get(rule.count), &capped);
    }
    // FinalPoints rises with the base and falls with the deduction.
    int128 best = std::numeric_limits<int64_t>::min();
    for (const Base& b : candidates) best = std::max(best, FinalPoints(rules, ind, b, least_deducted).rounded);
    sum += best;
  }
  return static_cast<int64_t>(sum);
}

int64_t TotalUnits(const RuleSet& rules, const Counts& counts) {
  int128 sum = 0;
  int128 applicable_weight = 0;
  bool rescaled = false;
  for (const Indicator& ind : rules.indicators()) {
    std::optional<int64_t> points = IndicatorPointsUnits(rules, ind, counts);
    if (!points) {
      rescaled = true;
      continue;
    }
    sum += *points;
    applicable_weight += ind.weight.units();
  }
  return static_cast<int64_t>(RescaledTotal(rules, sum, applicable_weight, rescaled));
}

}  // namespace internal

namespace {}  // namespace

std::string AppliedDeduction::AmountString() const { return FormatScaled(amount_units, kParamScale, true); }

Decimal IndicatorScore::BaseRounded(int decimals, Rounding rounding) const {
  return Decimal(static_cast<int64_t>(internal::RoundRational(base_num * kPow10[decimals], base_den, rounding)),
                 decimals);
}

const IndicatorScore* Scorecard::Find(std::string_view key) const {
  for (const IndicatorScore& s : indicators) {
    if (s.key == key) return &s;
  }
  return nullptr;
}

std::optional<Finding> ZeroActivityFinding(const Counts& counts) {
  if (counts.Get(Column::kFiled) != 0 || counts.Get(Column::kSued) != 0 || counts.Get(Column::kJudgments) != 0) {
    return std::nullopt;
  }
  return Finding{.rule = "zero_activity",
                 .clause = "A2",
                 .message = "本期无立案、无被诉、无生效判决：分母为零的各率不适用，按满分计，并非因执法成绩得分",
                 .message_en =
                     "no case filed, no suit and no judgment in the period: each rate with a zero "
                     "denominator does not apply and scores full points, not for any enforcement done"};
}

absl::StatusOr<Scorecard> Score(const RuleBook& book, const Registry& registry, std::string_view unit_name,
                                const Period& period, const Counts& counts) {
  absl::StatusOr<const Unit*> unit = registry.Resolve(unit_name);
  if (!unit.ok()) return unit.status();
  absl::StatusOr<const RuleSet*> rules = book.Select(period);
  if (!rules.ok()) return rules.status();
  return Score(**rules, registry.ScoredAs(**unit), period, counts);
}

absl::StatusOr<Scorecard> Score(const RuleSet& rules, const Unit& unit, const Period& period, const Counts& counts,
                                const ScoreOptions& options) {
  if (unit.is_sub_unit()) {
    return absl::InvalidArgumentError(internal::Cat(unit.name,
                                                    " is a sub-unit; its counts are scored as its parent's (",
                                                    unit.parent, "): score its parent unit instead"));
  }
  if (period.year() < Period::kMinYear || period.year() > Period::kMaxYear) {
    return absl::InvalidArgumentError(
        internal::Cat("year ", period.year(), " is out of range; expected ", Period::kMinYear, "..", Period::kMaxYear));
  }
  const bool outside = !rules.InForce(period.start());
  if (outside && !options.any_period) {
    return absl::OutOfRangeError(internal::Cat(
        "rule set ", rules.id(), " is in force from ", FormatDate(rules.effective_from()),
        rules.effective_until() ? internal::Cat(" to ", FormatDate(*rules.effective_until())) : std::string(),
        ", not on ", FormatDate(period.start()), " (period ", period.ToString(),
        "); to score this period under it on purpose, apply it to all periods (the row is then marked)"));
  }
  std::vector<CountError> errors = Validate(counts);
  if (!errors.empty()) {
    std::vector<std::string> parts;
    for (const CountError& e : errors) parts.push_back(internal::Cat("column ", ColumnName(e.column), ": ", e.message));
    return absl::InvalidArgumentError(internal::Join(parts, "; "));
  }
  Scorecard card;
  card.unit_code = unit.code;
  card.unit_name = unit.name;
  card.category = unit.category;
  card.period = period;
  card.ruleset_id = rules.id();
  card.ruleset_digest = rules.digest();
  card.ruleset_outside_dates = outside;
  if (std::optional<Finding> f = ZeroActivityFinding(counts)) {
    f->unit = unit.name;
    card.findings.push_back(*std::move(f));
  }
  card.rate_decimals = rules.rate_decimals();
  card.rounding = rules.rounding();
  card.counts = counts;
  card.indicators.reserve(rules.indicators().size());

  const int pd = rules.points_decimals();
  int128 points_sum = 0;         // units of 10^-pd
  int128 applicable_weight = 0;  // units of 10^-4
  for (const Indicator& ind : rules.indicators()) {
    IndicatorScore out;
    out.key = ind.key;
    out.name = ind.name;
    out.name_en = ind.name_en;
    out.clause = ind.clause;
    out.mode = ind.mode;
    out.weight = ind.weight;
    out.cap = ind.cap;
    out.numerator_column = ind.numerator;
    out.denominator_column = ind.denominator;
    out.rate = {counts.Get(ind.numerator), counts.Get(ind.denominator)};
    out.applicable = out.rate.den != 0;
    std::optional<Base> maybe_base = BaseFor(ind, counts);
    if (!maybe_base) {
      out.excluded = true;
      card.total_rescaled = true;
      card.indicators.push_back(std::move(out));
      continue;
    }
    const Base& base = *maybe_base;
    out.base_num = base.num;
    out.base_den = base.den;
    out.rate_capped = base.rate_capped;

    out.deductions.reserve(ind.deductions.size());
    for (const DeductionRule& rule : ind.deductions) {
      AppliedDeduction a;
      a.column = rule.count;
      a.count = counts.Get(rule.count);
      a.points_per_case = rule.points;
      a.clause = rule.clause;
      a.amount_units = DeductionUnits(rule, a.count, &a.capped);
      out.deductions.push_back(std::move(a));
    }
    const auto [rounded, floored] = FinalPoints(rules, ind, base, Deducted(ind, counts));
    out.floored = floored;
    out.points = Decimal(static_cast<int64_t>(rounded), pd);
    points_sum += rounded;
    applicable_weight += ind.weight.units();
    card.indicators.push_back(std::move(out));
  }

  card.total =
      Decimal(static_cast<int64_t>(RescaledTotal(rules, points_sum, applicable_weight, card.total_rescaled)), pd);
  return card;
}

void Rank(std::span<Scorecard> cards) {
  std::vector<size_t> order(cards.size());
  std::iota(order.begin(), order.end(), 0);
  // Period, then category, then total descending: both rankings read off runs of this order.
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const Scorecard& x = cards[a];
    const Scorecard& y = cards[b];
    if (x.period != y.period) return x.period < y.period;
    return y.total < x.total;
  });
  auto assign = [&](auto same_group, int Scorecard::*field) {
    int rank = 0;
    for (size_t i = 0, in_group = 0; i < order.size(); ++i) {
      Scorecard& c = cards[order[i]];
      if (i == 0 || !same_group(cards[order[i - 1]], c)) {
        in_group = 0;
      }
      ++in_group;
      if (in_group == 1 || cards[order[i - 1]].total != c.total) rank = static_cast<int>(in_group);
      c.*field = rank;
    }
  };
  assign([](const Scorecard& a, const Scorecard& b) { return a.period == b.period; }, &Scorecard::rank);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const Scorecard& x = cards[a];
    const Scorecard& y = cards[b];
    if (x.period != y.period) return x.period < y.period;
    if (x.category != y.category) return x.category < y.category;
    return y.total < x.total;
  });
  assign([](const Scorecard& a, const Scorecard& b) { return a.period == b.period && a.category == b.category; },
         &Scorecard::category_rank);
}

}  // namespace zhifa

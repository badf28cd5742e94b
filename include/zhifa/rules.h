// Rule sets: the parameters of the six-rate evaluation, as data.
//
// A RuleSet is parsed from TOML (schema documented in data/rules/zhenping-2021.toml and README): each
// indicator's weight, numerator and denominator columns, scoring mode, cap, zero-denominator policy, floor,
// bands and deductions. The built-in set `zhenping-2021` (附件2, 试行) is that file compiled into the library.
// Every set has a canonical TOML form and a SHA-256 digest of it, carried by each scorecard so that a score can
// be replayed years later. A RuleBook holds several sets and picks the one in force on a period's start date.
//
// Example:
//   const zhifa::RuleSet& rules = zhifa::RuleSet::Builtin();  // zhenping-2021, lives as long as the program
//   rules.indicators()[1].deductions[0].points;  // 2 points per overdue case (A2.2)
//   rules.digest();                              // "sha256:..."
//   absl::StatusOr<zhifa::RuleSet> mine = zhifa::RuleSet::FromFile("my-rules.toml");
//
// Thread-safety: RuleSet and RuleBook are immutable once made: their const methods may be called from any number of
// threads at once; Builtin() is safe to call from any thread (built once).
#ifndef ZHIFA_RULES_H_
#define ZHIFA_RULES_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "boost/date_time/gregorian/gregorian_types.hpp"
#include "zhifa/counts.h"
#include "zhifa/decimal.h"
#include "zhifa/export.h"
#include "zhifa/period.h"

namespace zhifa {

// How an indicator's base points follow from its rate.
enum class Mode {
  kProportional,  // weight × min(rate, cap)
  kInverse,       // weight × (1 − min(rate, cap)); the 被起诉率 (A2.5) is scored this way
  kBands,         // points of the band with the highest min_rate <= rate; 0 below every band
};
// What an indicator earns when its denominator is 0 (rate undefined).
enum class ZeroDenominator {
  kFull,     // full weight, flagged not applicable; deductions still apply (the default of docs/model.md)
  kZero,     // 0 before deductions, flagged not applicable; deductions still apply
  kExclude,  // dropped; the total is rescaled to `total` over the remaining weights
};

ZHIFA_EXPORT std::string_view ModeName(Mode mode);
ZHIFA_EXPORT std::string_view ZeroDenominatorName(ZeroDenominator policy);

// Rule parameters (weights, points, caps, floors, rates) are exact decimals with this scale.
inline constexpr int kParamScale = 4;
// And at most this in magnitude.
inline constexpr int64_t kMaxParam = 1000000;

struct ZHIFA_EXPORT Band {
  Decimal min_rate;  // a fraction: 0.95 means 95 %
  Decimal points;
};

struct ZHIFA_EXPORT DeductionRule {
  Column count;    // the count column multiplied
  Decimal points;  // per counted case, >= 0
  std::string clause;
  std::optional<Decimal> max;  // the deduction never exceeds this
};

struct ZHIFA_EXPORT Indicator {
  std::string key;      // [a-z0-9_]+, e.g. "closure"
  std::string name;     // 办结率
  std::string name_en;  // closure rate
  std::string clause;   // A2.2
  Decimal weight;
  Column numerator = Column::kFiled;
  Column denominator = Column::kShouldFile;
  Mode mode = Mode::kProportional;
  Decimal cap = Decimal(1, 0);
  ZeroDenominator zero_denominator = ZeroDenominator::kFull;
  Decimal floor = Decimal(0, 0);
  std::vector<Band> bands;  // bands mode only; min_rate strictly increasing
  std::vector<DeductionRule> deductions;
};

class ZHIFA_EXPORT RuleSet {
 public:
  // Parses and validates a rule set. `source` names the document in errors (a file path, or "<string>").
  // Returns kInvalidArgument "source:line: key: what" for: TOML syntax errors; missing, unknown or mistyped
  // keys; an unknown column, mode, rounding or zero_denominator policy; a duplicate indicator key; weights not
  // summing to `total`; negative weight, band or deduction points; floor above weight; a bands indicator
  // without bands or with bands out of order; effective_until before effective_from.
  static absl::StatusOr<RuleSet> FromText(std::string_view text, std::string_view source = "<string>");
  [[deprecated("use FromText")]] static absl::StatusOr<RuleSet> FromToml(std::string_view text,
                                                                         std::string_view source = "<string>") {
    return FromText(text, source);
  }
  // As FromText on a file's contents; kNotFound naming the path when the file cannot be read.
  static absl::StatusOr<RuleSet> FromFile(const std::string& path);
  // The id of the default built-in set: the 2021 Zhenping rules (附件2, 试行).
  static constexpr std::string_view kDefaultId = "zhenping-2021";
  // The default built-in set, which lives as long as the program.
  static const RuleSet& Builtin();
  // A built-in set by id, which lives as long as the program; kNotFound naming the ids there are otherwise.
  static absl::StatusOr<const RuleSet*> Builtin(std::string_view id);
  static std::vector<std::string> BuiltinIds();
  // The commented TOML file a built-in set was compiled from (data/rules/<id>.toml); kNotFound otherwise.
  static absl::StatusOr<std::string_view> BuiltinSource(std::string_view id);

  const std::string& id() const { return id_; }
  const std::string& title() const { return title_; }
  boost::gregorian::date effective_from() const { return effective_from_; }
  std::optional<boost::gregorian::date> effective_until() const { return effective_until_; }
  Decimal total() const { return total_; }
  Rounding rounding() const { return rounding_; }
  int points_decimals() const { return points_decimals_; }
  int rate_decimals() const { return rate_decimals_; }
  std::span<const Indicator> indicators() const { return indicators_; }
  // Whether `day` is within [effective_from, effective_until].
  bool InForce(boost::gregorian::date day) const;

  // The canonical TOML form: every key explicit, fixed order, numbers in shortest form, no comments.
  // FromText(ToToml()) gives an equal rule set with the same digest.
  std::string ToToml() const;
  // "sha256:" + hex SHA-256 of ToToml().
  const std::string& digest() const { return digest_; }

 private:
  RuleSet() = default;

  std::string id_;
  std::string title_;
  boost::gregorian::date effective_from_;
  std::optional<boost::gregorian::date> effective_until_;
  Decimal total_;
  Rounding rounding_ = Rounding::kHalfUp;
  int points_decimals_ = 2;
  int rate_decimals_ = 2;
  std::vector<Indicator> indicators_;
  std::string digest_;
};

// Several rule sets, one in force on any date they cover.
class ZHIFA_EXPORT RuleBook {
 public:
  // Sorts the sets by effective_from. Returns kInvalidArgument when two sets have one id and different rules
  // (different digests: an edited copy must not pass for the official set), naming both sets when two overlap, when a
  // set other than the last is open-ended, or when there is a gap between consecutive sets (naming the days not
  // covered); and when `sets` is empty.
  static absl::StatusOr<RuleBook> Create(std::vector<RuleSet> sets);
  // A book of every built-in set.
  static const RuleBook& Builtin();

  // The set in force on the period's start date; kOutOfRange naming the date and the covered range otherwise;
  // kInvalidArgument for a period whose year is outside Period::kMinYear..kMaxYear.
  absl::StatusOr<const RuleSet*> Select(const Period& period) const;
  absl::StatusOr<const RuleSet*> Select(boost::gregorian::date day) const;
  std::span<const RuleSet> sets() const { return sets_; }

 private:
  std::vector<RuleSet> sets_;
};

}  // namespace zhifa

#endif  // ZHIFA_RULES_H_

// Exact numbers for scoring: fixed-point decimals and ratios.
//
// The six-rate evaluation (附件2) is arithmetic on counts. zhifa never lets a binary double near a score: rule
// parameters, points and totals are `Decimal`s (an integer number of 10^-scale units), rates are `Ratio`s of
// two counts, and rounding happens once, explicitly, with a `Rounding` mode chosen by the rule set.
//
// Example:
//   zhifa::Ratio rate{715, 793};
//   rate.Percent(2, zhifa::Rounding::kHalfUp)->ToString();  // "90.16"
//   zhifa::Decimal::Parse("0.575", 4)->ToString();           // "0.575"
//
// Thread-safety: Decimal and Ratio are plain values; every function is reentrant.
#ifndef ZHIFA_DECIMAL_H_
#define ZHIFA_DECIMAL_H_

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "zhifa/export.h"

namespace zhifa {

// How a value exactly between two representable decimals is rounded.
enum class Rounding {
  // 四舍五入: ties go away from zero (0.575 -> 0.58, -0.575 -> -0.58).
  kHalfUp,
  // Banker's rounding: ties go to the even neighbour (0.575 -> 0.58, 0.565 -> 0.56).
  kHalfEven,
};

// "half_up" / "half_even".
ZHIFA_EXPORT std::string_view RoundingName(Rounding rounding);

// A fixed-point decimal: units() × 10^-scale(). Scale is 0..kMaxScale. Comparison is exact across scales.
class ZHIFA_EXPORT Decimal {
 public:
  static constexpr int kMaxScale = 6;

  constexpr Decimal() = default;
  // Precondition: 0 <= scale <= kMaxScale.
  constexpr Decimal(int64_t units, int scale) : units_(units), scale_(scale) {}
  static constexpr Decimal Integer(int64_t value) { return Decimal(value, 0); }

  // Parses "16", "-0.5", "12.3400". Returns kInvalidArgument when the text is not a plain decimal number, has
  // more than `max_scale` digits after the point, or does not fit in 64 bits at that scale.
  static absl::StatusOr<Decimal> Parse(std::string_view text, int max_scale = kMaxScale);

  constexpr int64_t units() const { return units_; }
  constexpr int scale() const { return scale_; }

  // The same value at a larger scale (exact). Returns nullopt when the result does not fit in 64 bits or
  // `scale` is smaller than scale() and the value is not representable there.
  std::optional<Decimal> Rescale(int scale) const;

  // Exactly scale() digits after the point: Decimal(58, 2) -> "0.58", Decimal(1600, 2) -> "16.00".
  std::string ToString() const;
  // Trailing zeros (and a bare point) dropped: Decimal(1600, 2) -> "16", Decimal(50, 2) -> "0.5".
  std::string ToShortString() const;
  // Nearest double, for plotting and pandas only; never used in scoring.
  double ToDouble() const;

  friend ZHIFA_EXPORT std::strong_ordering operator<=>(const Decimal& a, const Decimal& b);
  friend bool operator==(const Decimal& a, const Decimal& b) { return (a <=> b) == 0; }

 private:
  int64_t units_ = 0;
  int scale_ = 0;
};

// units × 10^-scale as text with exactly `scale` decimals, or with trailing zeros (and a bare point) dropped
// when `trim`; the 128-bit form behind Decimal::ToString and ToShortString. Precondition: 0 <= scale <= 38.
ZHIFA_EXPORT std::string FormatScaled(__int128 units, int scale, bool trim = false);
// The same, appended to *out (no temporary string).
ZHIFA_EXPORT void AppendScaled(std::string* out, __int128 units, int scale, bool trim = false);

// A ratio of two counts, kept exact: the rate of an indicator (715/793). den == 0 means "no denominator".
struct ZHIFA_EXPORT Ratio {
  int64_t num = 0;
  int64_t den = 0;

  // The percentage 100 × num / den rounded once to `decimals` places (715/793, 2 -> 90.16). nullopt when
  // den == 0. Precondition: 0 <= num, 0 < den <= 2^53, 0 <= decimals <= 4.
  std::optional<Decimal> Percent(int decimals, Rounding rounding) const;
  // "715/793".
  std::string ToString() const;

  friend bool operator==(const Ratio&, const Ratio&) = default;
};

}  // namespace zhifa

#endif  // ZHIFA_DECIMAL_H_

#include "zhifa/decimal.h"

#include <cstdlib>
#include <limits>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "lib/exact.h"
#include "lib/strings.h"

namespace zhifa {

using internal::int128;
using internal::kPow10;

std::string_view RoundingName(Rounding rounding) { return rounding == Rounding::kHalfEven ? "half_even" : "half_up"; }

absl::StatusOr<Decimal> Decimal::Parse(std::string_view text, int max_scale) {
  auto bad = [&](std::string_view why) {
    return absl::InvalidArgumentError(internal::Cat("\"", text, "\" is not a valid number: ", why));
  };
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return bad("expected digits");
  int128 units = 0;
  int scale = 0;
  bool seen_point = false;
  bool seen_digit = false;
  for (char c : s) {
    if (c == '.') {
      if (seen_point) return bad("more than one decimal point");
      seen_point = true;
      continue;
    }
    if (c < '0' || c > '9') return bad("expected digits and at most one decimal point");
    seen_digit = true;
    if (seen_point && ++scale > max_scale) {
      return bad(internal::Cat("more than ", max_scale, " digits after the decimal point"));
    }
    units = units * 10 + (c - '0');
    if (units > std::numeric_limits<int64_t>::max()) return bad("too large");
  }
  if (!seen_digit) return bad("expected digits");
  return Decimal(static_cast<int64_t>(negative ? -units : units), scale);
}

std::optional<Decimal> Decimal::Rescale(int scale) const {
  if (scale < 0 || scale > kMaxScale) return std::nullopt;
  if (scale >= scale_) {
    int128 u = static_cast<int128>(units_) * kPow10[scale - scale_];
    if (u > std::numeric_limits<int64_t>::max() || u < std::numeric_limits<int64_t>::min()) {
      return std::nullopt;
    }
    return Decimal(static_cast<int64_t>(u), scale);
  }
  int64_t f = kPow10[scale_ - scale];
  if (units_ % f != 0) return std::nullopt;
  return Decimal(units_ / f, scale);
}

std::string FormatScaled(__int128 units, int scale, bool trim) {
  unsigned __int128 magnitude = units < 0 ? -static_cast<unsigned __int128>(units) : units;
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  } while (magnitude != 0);
  if (scale > 0) {
    if (digits.size() <= static_cast<size_t>(scale)) {
      digits.insert(0, static_cast<size_t>(scale) + 1 - digits.size(), '0');
    }
    digits.insert(digits.size() - static_cast<size_t>(scale), ".");
    if (trim) {
      while (digits.back() == '0') digits.pop_back();
      if (digits.back() == '.') digits.pop_back();
    }
  }
  if (units < 0 && digits != "0") digits.insert(0, "-");
  return digits;
}

std::string Decimal::ToString() const { return FormatScaled(units_, scale_); }

std::string Decimal::ToShortString() const { return FormatScaled(units_, scale_, true); }

double Decimal::ToDouble() const { return std::strtod(ToString().c_str(), nullptr); }

std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) {
  int scale = a.scale_ > b.scale_ ? a.scale_ : b.scale_;
  int128 x = static_cast<int128>(a.units_) * kPow10[scale - a.scale_];
  int128 y = static_cast<int128>(b.units_) * kPow10[scale - b.scale_];
  return x <=> y;
}

std::optional<Decimal> Ratio::Percent(int decimals, Rounding rounding) const {
  if (den <= 0) return std::nullopt;
  // 100 × num/den in units of 10^-decimals: num × 10^(2 + decimals) / den, rounded once.
  int128 scaled = static_cast<int128>(num) * kPow10[2 + decimals];
  return Decimal(static_cast<int64_t>(internal::RoundRational(scaled, den, rounding)), decimals);
}

std::string Ratio::ToString() const { return internal::Cat(num, "/", den); }

}  // namespace zhifa

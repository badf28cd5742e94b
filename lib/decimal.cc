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
  // Digits are written backwards into a buffer: at most 39 digits, a point, a sign and leading zeros.
  char buf[64];
  char* end = buf + sizeof buf;
  char* p = end;
  unsigned __int128 magnitude = units < 0 ? -static_cast<unsigned __int128>(units) : units;
  int written = 0;
  auto put = [&](int digit) {
    *--p = static_cast<char>('0' + digit);
    if (++written == scale) *--p = '.';
  };
  while (magnitude > UINT64_MAX) {  // 128-bit division only for the high digits of huge values
    put(static_cast<int>(magnitude % 10));
    magnitude /= 10;
  }
  uint64_t small = static_cast<uint64_t>(magnitude);
  do {
    put(static_cast<int>(small % 10));
    small /= 10;
  } while (small != 0 || written <= scale);
  if (trim && scale > 0) {
    while (end[-1] == '0') --end;
    if (end[-1] == '.') --end;
  }
  if (units < 0) *--p = '-';
  return std::string(p, end);
}

std::string Decimal::ToString() const { return FormatScaled(units_, scale_); }

std::string Decimal::ToShortString() const { return FormatScaled(units_, scale_, true); }

double Decimal::ToDouble() const {
  // Both operands are exact doubles below 2^53, so the one division rounds correctly: the double nearest the
  // decimal.
  constexpr int64_t kExact = int64_t{1} << 53;
  if (units_ > -kExact && units_ < kExact) return static_cast<double>(units_) / static_cast<double>(kPow10[scale_]);
  return std::strtod(ToString().c_str(), nullptr);
}

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

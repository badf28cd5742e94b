#include "zhifa/decimal.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <iterator>
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

char* internal::WriteScaled(char* out, __int128 units, int scale, bool trim) {
  // Fast path: 64-bit units and at most 12 places, one integer division for the two parts.
  if (units >= INT64_MIN && units <= INT64_MAX && scale < static_cast<int>(std::size(kPow10))) {
    const uint64_t magnitude = units < 0 ? 0 - static_cast<uint64_t>(units) : static_cast<uint64_t>(units);
    if (units < 0) *out++ = '-';
    const uint64_t unit = static_cast<uint64_t>(kPow10[scale]);
    out = std::to_chars(out, out + 20, magnitude / unit).ptr;
    uint64_t frac = magnitude % unit;
    int places = scale;
    while (trim && places > 0 && frac % 10 == 0) {
      frac /= 10;
      --places;
    }
    if (places == 0) return out;
    *out++ = '.';
    for (int i = places - 1; i >= 0; --i) {
      out[i] = static_cast<char>('0' + frac % 10);
      frac /= 10;
    }
    return out + places;
  }
  // The magnitude's digits (at most 39): low digits by 128-bit division while it does not fit 64 bits, then
  // the leading ones by to_chars.
  char digits[48];
  char* const d_end = digits + sizeof digits;
  char* d = d_end;
  unsigned __int128 magnitude = units < 0 ? -static_cast<unsigned __int128>(units) : units;
  while (magnitude > UINT64_MAX) {
    *--d = static_cast<char>('0' + static_cast<int>(magnitude % 10));
    magnitude /= 10;
  }
  char lead[24];
  const char* lead_end = std::to_chars(lead, lead + sizeof lead, static_cast<uint64_t>(magnitude)).ptr;
  d -= lead_end - lead;
  std::memcpy(d, lead, static_cast<size_t>(lead_end - lead));
  const ptrdiff_t n = d_end - d;
  const ptrdiff_t places = scale;
  // Place k (0-based) of the fraction: a digit of the magnitude, or a leading zero (0.05).
  auto place = [&](ptrdiff_t k) { return n - places + k >= 0 ? d[n - places + k] : '0'; };
  ptrdiff_t kept = places;
  while (trim && kept > 0 && place(kept - 1) == '0') --kept;
  if (units < 0) *out++ = '-';
  if (n > places) {
    std::memcpy(out, d, static_cast<size_t>(n - places));
    out += n - places;
  } else {
    *out++ = '0';
  }
  if (kept == 0) return out;
  *out++ = '.';
  const ptrdiff_t zeros = std::min(kept, std::max<ptrdiff_t>(places - n, 0));
  std::memset(out, '0', static_cast<size_t>(zeros));
  out += zeros;
  std::memcpy(out, d + std::max<ptrdiff_t>(n - places, 0), static_cast<size_t>(kept - zeros));
  return out + (kept - zeros);
}

void AppendScaled(std::string* out, __int128 units, int scale, bool trim) {
  char text[internal::kMaxScaledChars];
  out->append(text, internal::WriteScaled(text, units, scale, trim));
}

std::string FormatScaled(__int128 units, int scale, bool trim) {
  std::string out;
  AppendScaled(&out, units, scale, trim);
  return out;
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

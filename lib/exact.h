// Internal: 128-bit integer helpers for exact rational arithmetic and one-time rounding.
#ifndef ZHIFA_LIB_EXACT_H_
#define ZHIFA_LIB_EXACT_H_

#include <cstddef>
#include <cstdint>

#include "zhifa/decimal.h"

namespace zhifa::internal {

using int128 = __int128;

inline constexpr int64_t kPow10[] = {1,        10,        100,        1000,        10000,        100000,       1000000,
                                     10000000, 100000000, 1000000000, 10000000000, 100000000000, 1000000000000};

// floor(a / b) and the non-negative remainder, for b > 0.
struct FloorDiv {
  int128 quot;
  int128 rem;  // 0 <= rem < b
};
inline FloorDiv DivFloor(int128 a, int128 b) {
  // Most operands fit 64 bits: one hardware division instead of a 128-bit library call.
  if (a >= INT64_MIN && a <= INT64_MAX && b > 0 && b <= INT64_MAX) {
    const int64_t a64 = static_cast<int64_t>(a), b64 = static_cast<int64_t>(b);
    int64_t q = a64 / b64, r = a64 % b64;
    if (r < 0) {
      r += b64;
      --q;
    }
    return {q, r};
  }
  int128 q = a / b;
  int128 r = a % b;
  if (r < 0) {
    r += b;
    --q;
  }
  return {q, r};
}

// Rounds the exact value k + frac_num/frac_den (0 <= frac_num < frac_den) to an integer.
inline int128 RoundParts(int128 k, int128 frac_num, int128 frac_den, Rounding rounding) {
  const int128 twice = 2 * frac_num;
  if (twice < frac_den) return k;
  if (twice > frac_den) return k + 1;
  // An exact tie between k and k + 1.
  if (rounding == Rounding::kHalfEven) return (k % 2 == 0) ? k : k + 1;
  // Half up (away from zero): the value is k + 1/2, which is negative exactly when k < 0.
  return k >= 0 ? k + 1 : k;
}

// Rounds num/den (den > 0) to an integer.
inline int128 RoundRational(int128 num, int128 den, Rounding rounding) {
  FloorDiv d = DivFloor(num, den);
  return RoundParts(d.quot, d.rem, den, rounding);
}

// units × 10^-scale as text at `out` (the form of FormatScaled); returns the end. Writes at most
// kMaxScaledChars characters: a sign, 39 digits, a point and up to 38 places. Precondition: 0 <= scale <= 38.
inline constexpr size_t kMaxScaledChars = 80;
char* WriteScaled(char* out, int128 units, int scale, bool trim);

}  // namespace zhifa::internal

#endif  // ZHIFA_LIB_EXACT_H_

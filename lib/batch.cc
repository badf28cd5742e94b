#include "zhifa/batch.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <thread>

#include "absl/status/status.h"
#include "lib/exact.h"
#include "lib/strings.h"
#include "zhifa/score.h"

namespace zhifa {
namespace {

using internal::kPow10;

constexpr int64_t kS = kPow10[kParamScale];
constexpr int64_t kFastCountLimit = int64_t{1} << 31;  // every count on the fast path is below 2^31
constexpr int kMaxFastDeductions = 4;
constexpr size_t kBlock = 128;  // rows staged and scored together, column by column

// The fast path computes in doubles, column by column over a block of rows, so that the compiler can
// vectorize it. Every value it holds is an integer below 2^53 in magnitude, so +, − and × are exact, and a
// quotient is the nearest integer to a double division, corrected by one exact step.
//
// Bounds that make this exact (checked when the plan is made, and per row for the counts):
//   counts n, d < 2^31;
//   points × P = weight × P × min(rate, cap) − deductions × P is written over the denominator L × d, where
//   L = lcm(S / gcd(weight × 10^4 × P, S), S / P) divides S = 10^4: with A = weight × P × L (an integer) and
//   deductions × 10^4 = e × S/P + r, points × P = (A m − r (L P / S) d) / (L d) − e. The plan requires
//   A × max(cap, 1) <= 2^21, so |A m| <= 2^52;
//   per-case deduction points (× 10^4) sum to <= 2^20, so a deduction total is < 2^51;
//   r (L P / S) d < L d <= 10^4 × 2^31 < 2^45; a quotient times a denominator is at most the numerator plus
//   two denominators, < 2^53;
//   the rate numerator n × 10^(2 + rate_decimals) < 2^31 × 10^6 < 2^51.
// Quotients: for integers a and b > 0 below 2^53 with |a / b| < 2^51, a is multiplied by reciprocals (1/b, and
// 1/L or 1/(S/P), each correctly rounded); at most three roundings put the estimate within |a / b| × 3 × 2^-53
// <= 3/4 of the true quotient, so its nearest integer q is floor(a / b) − 1, floor(a / b), floor(a / b) + 1 or
// floor(a / b) + 2 — in fact one of the middle two, except near the bounds. The remainder a − q b is exact
// (|q b| <= |a| + 2b < 2^53), and one step each way ("negative: take one back; b or more: add one") brings
// q to floor(a / b) and the remainder into [0, b) whenever q was within one of it; the estimates here are:
// the rate numerator is < 2^50.93, so its quotient errs by < 2^50.93 × 2^-52 < 1/2 (two roundings); the
// points quotient is below 2^31 in magnitude and errs by far less than 1; deducted / (S/P) < 2^51 errs by
// < 2^51 × 2^-52 = 1/2 with one reciprocal of S/P and one rounding of the product.

// x rounded to the nearest integer (ties to even), for |x| < 2^51: adding 1.5 × 2^52 pushes the fraction bits
// out under the default round-to-nearest mode, and subtracting it back is exact. No libm call, so it
// vectorizes. (zhifa is never built with -ffast-math, which would fold this away.)
inline double NearestInteger(double x) {
  constexpr double kMagic = 6755399441055744.0;  // 1.5 × 2^52
  return (x + kMagic) - kMagic;
}

struct IndicatorPlan {
  bool fast = false;
  Column num = Column::kFiled;
  Column den = Column::kShouldFile;
  bool inverse = false;
  double zero_m = 1;   // m when the denominator is 0: 1 for full points, 0 for zero
  double a = 0;        // A = weight × P × L: points × P = (A m − r b d) / (L d) − e
  double l = 1;        // L, a divisor of 10^4
  double b = 1;        // L P / S, an integer
  double cap = 1;      // an integer cap
  double floor_p = 0;  // floor × P, an integer on the fast path
  int deductions = 0;
  Column ded_column[kMaxFastDeductions]{};
  double ded_points[kMaxFastDeductions]{};  // × 10^4
  double ded_max[kMaxFastDeductions]{};     // × 10^4; +inf when uncapped
};

}  // namespace

struct internal::BatchPlan {
  explicit BatchPlan(const RuleSet& r) : rules(r) {}
  RuleSet rules;
  bool half_even = false;
  double p = 100;           // 10^points_decimals
  double s_over_p = 100;    // S / P
  double rate_mul = 10000;  // 10^(2 + rate_decimals)
  double rate_unit = 100;   // 10^rate_decimals
  std::vector<IndicatorPlan> indicators;
  bool all_fast = true;
  // Denominators of indicators whose zero_denominator is exclude: a row with a zero there takes the slow path
  // (its total is rescaled).
  std::vector<Column> exclude_denominators;
};

absl::StatusOr<BatchScorer> BatchScorer::Create(const RuleSet& rules) {
  auto plan = std::make_shared<internal::BatchPlan>(rules);
  const int64_t p = kPow10[rules.points_decimals()];
  plan->half_even = rules.rounding() == Rounding::kHalfEven;
  plan->p = static_cast<double>(p);
  plan->s_over_p = static_cast<double>(kS / p);
  plan->rate_mul = static_cast<double>(kPow10[2 + rules.rate_decimals()]);
  plan->rate_unit = static_cast<double>(kPow10[rules.rate_decimals()]);
  for (const Indicator& ind : rules.indicators()) {
    IndicatorPlan ip;
    ip.num = ind.numerator;
    ip.den = ind.denominator;
    ip.inverse = ind.mode == Mode::kInverse;
    ip.zero_m = ind.zero_denominator == ZeroDenominator::kFull ? 1 : 0;
    if (ind.zero_denominator == ZeroDenominator::kExclude) plan->exclude_denominators.push_back(ind.denominator);
    // L = lcm(S / gcd(W_s P, S), S / P) and A = W_s P L / S (see the bounds above).
    const int64_t w_p = ind.weight.units() * p;  // <= 10^10 × 10^4 < 2^47
    const int64_t s_red = kS / std::gcd(w_p, kS);
    const int64_t l = std::lcm(s_red, kS / p);
    const __int128 a = static_cast<__int128>(w_p) * l / kS;
    const bool integer_cap = ind.cap.units() % kS == 0;
    const int64_t cap = ind.cap.units() / kS;
    const bool floor_exact = ind.floor.units() % (kS / p) == 0;  // the floor is a whole number of 10^-P
    __int128 deduction_sum = 0;
    for (const DeductionRule& d : ind.deductions) deduction_sum += d.points.units();
    ip.fast = ind.mode != Mode::kBands && integer_cap && a * std::max<int64_t>(cap, 1) <= (1 << 21) &&
              deduction_sum <= (1 << 20) && ind.deductions.size() <= kMaxFastDeductions && floor_exact;
    ip.a = static_cast<double>(ip.fast ? a : 0);
    ip.l = static_cast<double>(l);
    ip.b = static_cast<double>(l * p / kS);
    ip.cap = static_cast<double>(cap);
    ip.floor_p = static_cast<double>(ind.floor.units() / (kS / p));
    for (const DeductionRule& d : ind.deductions) {
      if (ip.deductions == kMaxFastDeductions) break;
      ip.ded_column[ip.deductions] = d.count;
      ip.ded_points[ip.deductions] = static_cast<double>(d.points.units());
      ip.ded_max[ip.deductions] = d.max ? static_cast<double>(d.max->units()) : std::numeric_limits<double>::infinity();
      ++ip.deductions;
    }
    plan->all_fast = plan->all_fast && ip.fast;
    plan->indicators.push_back(ip);
  }
  return BatchScorer(std::move(plan));
}

const RuleSet& BatchScorer::rules() const { return plan_->rules; }
bool BatchScorer::fast(size_t indicator) const { return plan_->indicators.at(indicator).fast; }

namespace {

// One block of rows, staged as doubles, and its results.
struct Block {
  size_t size = 0;
  alignas(64) double v[kColumnCount][kBlock];
  alignas(64) double points[kBlock];
  alignas(64) double rate[kBlock];  // NaN when not applicable
  alignas(64) double total[kBlock];
  alignas(64) double deducted[kBlock];  // scratch: one indicator's deductions × 10^4
  alignas(64) uint8_t slow[kBlock];
};

// The vector loops are compiled for AVX-512, AVX2 and the x86-64 baseline, chosen at run time.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
#define ZHIFA_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define ZHIFA_CLONES
#endif

ZHIFA_CLONES void StageColumn(const ColumnSpan& col, size_t begin, size_t n, double* out) {
  if (col.is_int64) {
    const int64_t* src = static_cast<const int64_t*>(col.data) + begin;
    for (size_t t = 0; t < n; ++t) out[t] = static_cast<double>(src[t]);
  } else {
    const int32_t* src = static_cast<const int32_t*>(col.data) + begin;
    for (size_t t = 0; t < n; ++t) out[t] = static_cast<double>(src[t]);
  }
}

// Marks the rows the fast path cannot take (a broken rule, a count >= 2^31, an excluded zero denominator)
// and zeroes their staged values, so that the vector code computes harmless numbers for them. Column-major
// loops, so that each vectorizes.
ZHIFA_CLONES void MarkSlow(const internal::BatchPlan& plan, Block& b) {
  const size_t size = b.size;
  uint8_t* __restrict slow = b.slow;
  const double limit = static_cast<double>(kFastCountLimit);
  std::fill_n(slow, size, plan.all_fast ? 0 : 1);
  for (size_t c = 0; c < kColumnCount; ++c) {
    const double* __restrict v = b.v[c];
    for (size_t t = 0; t < size; ++t) slow[t] |= (v[t] < 0) | (v[t] >= limit);
  }
  auto above = [&](Column small, Column large) {
    const double* __restrict x = b.v[static_cast<size_t>(small)];
    const double* __restrict y = b.v[static_cast<size_t>(large)];
    for (size_t t = 0; t < size; ++t) slow[t] |= x[t] > y[t];
  };
  above(Column::kClosed, Column::kFiled);
  above(Column::kExecuted, Column::kClosed);
  above(Column::kPenalized, Column::kFiled);
  above(Column::kJudgmentsWon, Column::kJudgments);
  for (Column c : plan.exclude_denominators) {
    const double* __restrict v = b.v[static_cast<size_t>(c)];
    for (size_t t = 0; t < size; ++t) slow[t] |= v[t] == 0;
  }
  for (size_t c = 0; c < kColumnCount; ++c) {
    double* __restrict v = b.v[c];
    for (size_t t = 0; t < size; ++t) v[t] = slow[t] ? 0 : v[t];
  }
}

// Vector helpers for the sinks and the totals.
ZHIFA_CLONES void AddTo(double* __restrict total, const double* __restrict x, size_t n) {
  for (size_t t = 0; t < n; ++t) total[t] += x[t];
}
ZHIFA_CLONES void ToInt(int64_t* __restrict dst, const double* __restrict src, size_t n) {
  for (size_t t = 0; t < n; ++t) dst[t] = static_cast<int64_t>(src[t]);
}
// NaN (no value) becomes kNoValue.
ZHIFA_CLONES void ToIntOrNone(int64_t* __restrict dst, const double* __restrict src, size_t n) {
  for (size_t t = 0; t < n; ++t) {
    const bool value = src[t] == src[t];
    // The inner select keeps NaN out of the conversion (undefined for NaN) while staying vectorizable.
    dst[t] = value ? static_cast<int64_t>(value ? src[t] : 0.0) : kNoValue;
  }
}
// A correctly rounded division: the double nearest the decimal src / unit (NaN stays NaN).
ZHIFA_CLONES void Scale(double* __restrict dst, const double* __restrict src, double unit, size_t n) {
  for (size_t t = 0; t < n; ++t) dst[t] = src[t] / unit;
}
ZHIFA_CLONES bool AnySet(const uint8_t* __restrict x, size_t n) {
  uint8_t any = 0;
  for (size_t t = 0; t < n; ++t) any |= x[t];
  return any != 0;
}

// Points × P and rate units of one indicator for every row of the block (exact: see the bounds above).
// Plan values are copied to locals and the arrays marked __restrict so that the compiler sees no aliasing and
// turns every ?: into a vector select.
ZHIFA_CLONES void ScoreIndicator(const internal::BatchPlan& plan, const IndicatorPlan& ip, Block& b) {
  const size_t size = b.size;
  const double* __restrict num_col = b.v[static_cast<size_t>(ip.num)];
  const double* __restrict den_col = b.v[static_cast<size_t>(ip.den)];
  double* __restrict deducted = b.deducted;
  double* __restrict points = b.points;
  double* __restrict rate = b.rate;
  const double sp = plan.s_over_p, inv_sp = 1 / plan.s_over_p, rate_mul = plan.rate_mul;
  const double cap = ip.cap, zero_m = ip.zero_m, l = ip.l, inv_l = 1 / ip.l, a = ip.a, bq = ip.b, floor_p = ip.floor_p;
  const double inverse = ip.inverse ? 1 : 0;
  const double half_even = plan.half_even ? 1 : 0;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // Deductions first, one column at a time.
  std::fill_n(deducted, size, 0.0);
  for (int k = 0; k < ip.deductions; ++k) {
    const double* __restrict count = b.v[static_cast<size_t>(ip.ded_column[k])];
    const double per_case = ip.ded_points[k], max = ip.ded_max[k];
    for (size_t t = 0; t < size; ++t) {
      const double amount = count[t] * per_case;
      deducted[t] += amount < max ? amount : max;
    }
  }
  for (size_t t = 0; t < size; ++t) {
    const double n = num_col[t];
    const double d = den_col[t];
    const bool has_d = d > 0;
    const double cap_d = cap * d;
    const double x = n > cap_d ? cap_d : n;
    // proportional: m = x; inverse: m = d − x (selected arithmetically: inverse is 0 or 1).
    const double m = has_d ? x + inverse * (d - 2 * x) : zero_m;
    const double d1 = has_d ? d : 1;
    const double den = l * d1;
    const double inv = 1 / d1;  // the one division of the row; quotients below multiply by reciprocals
    // deducted = e (S/P) + r with 0 <= r < S/P.
    double e = NearestInteger(deducted[t] * inv_sp);
    double r = deducted[t] - e * sp;
    e = r < 0 ? e - 1 : r >= sp ? e + 1 : e;
    r = r < 0 ? r + sp : r >= sp ? r - sp : r;
    // points × P = (A m − r b d1) / (L d1) − e = q + frac / den − e.
    const double num = a * m - r * bq * d1;
    double q = NearestInteger(num * inv * inv_l);
    double frac = num - q * den;
    q = frac < 0 ? q - 1 : frac >= den ? q + 1 : q;
    frac = frac < 0 ? frac + den : frac >= den ? frac - den : frac;
    const double k = q - e;
    // Round once: up when frac / den > 1/2; a tie goes away from zero (half up) or to the even neighbour.
    const double twice = 2 * frac;
    const double half_k = k * 0.5;
    const double odd_k = NearestInteger(half_k) != half_k ? 1 : 0;
    const double tie_up = half_even * odd_k + (1 - half_even) * (k >= 0 ? 1 : 0);
    const double rounded = k + (twice > den ? 1 : twice < den ? 0 : tie_up);
    // The floor (a whole number of 10^-P here) applies to the exact value, which is below it exactly when its
    // integer part k is.
    points[t] = k < floor_p ? floor_p : rounded;
    // The rate: n × 10^(2 + rate_decimals) / d, rounded once; NaN when there is no denominator.
    const double rn = n * rate_mul;
    double rq = NearestInteger(rn * inv);
    double rem = rn - rq * d1;
    rq = rem < 0 ? rq - 1 : rem >= d1 ? rq + 1 : rq;
    rem = rem < 0 ? rem + d1 : rem >= d1 ? rem - d1 : rem;
    const double rtwice = 2 * rem;
    const double half_rq = rq * 0.5;
    const double rtie = half_even * (NearestInteger(half_rq) != half_rq ? 1 : 0) + (1 - half_even);  // rq >= 0
    const double rounded_rate = rq + (rtwice > d1 ? 1 : rtwice < d1 ? 0 : rtie);
    rate[t] = has_d ? rounded_rate : nan;
  }
}

// Writes results as integers or as doubles.
struct IntSink {
  const BatchOutput& out;
  void Indicator(size_t j, size_t begin, const Block& b) const {
    if (!out.points.empty()) ToInt(out.points[j].data() + begin, b.points, b.size);
    if (!out.rates.empty()) ToIntOrNone(out.rates[j].data() + begin, b.rate, b.size);
  }
  void Totals(size_t begin, const Block& b) const {
    if (!out.totals.empty()) ToInt(out.totals.data() + begin, b.total, b.size);
    if (!out.status.empty()) std::fill_n(out.status.data() + begin, b.size, kRowOk);
  }
  void Point(size_t j, size_t i, int64_t v) const {
    if (!out.points.empty()) out.points[j][i] = v;
  }
  void Rate(size_t j, size_t i, int64_t v) const {
    if (!out.rates.empty()) out.rates[j][i] = v;
  }
  void Total(size_t i, int64_t v) const {
    if (!out.totals.empty()) out.totals[i] = v;
  }
  void Status(size_t i, uint8_t s) const {
    if (!out.status.empty()) out.status[i] = s;
  }
};

struct F64Sink {
  const BatchOutputF64& out;
  double p;
  double rate_unit;
  // A correctly rounded division: the double nearest the decimal v / unit.
  static double Convert(int64_t v, double unit) {
    return v == kNoValue ? std::numeric_limits<double>::quiet_NaN() : static_cast<double>(v) / unit;
  }
  void Indicator(size_t j, size_t begin, const Block& b) const {
    if (!out.points.empty()) Scale(out.points[j].data() + begin, b.points, p, b.size);
    if (!out.rates.empty()) Scale(out.rates[j].data() + begin, b.rate, rate_unit, b.size);
  }
  void Totals(size_t begin, const Block& b) const {
    if (!out.totals.empty()) Scale(out.totals.data() + begin, b.total, p, b.size);
    if (!out.status.empty()) std::fill_n(out.status.data() + begin, b.size, kRowOk);
  }
  void Point(size_t j, size_t i, int64_t v) const {
    if (!out.points.empty()) out.points[j][i] = Convert(v, p);
  }
  void Rate(size_t j, size_t i, int64_t v) const {
    if (!out.rates.empty()) out.rates[j][i] = Convert(v, rate_unit);
  }
  void Total(size_t i, int64_t v) const {
    if (!out.totals.empty()) out.totals[i] = Convert(v, p);
  }
  void Status(size_t i, uint8_t s) const {
    if (!out.status.empty()) out.status[i] = s;
  }
};

// One row through Score(): the reference path, for rows and rule sets the fast path does not cover.
template <typename Sink>
void ScoreSlow(const internal::BatchPlan& plan, const Counts& counts, size_t i, const Sink& sink) {
  const size_t k = plan.indicators.size();
  std::vector<CountError> errors = Validate(counts);
  const uint8_t status = errors.empty() ? kRowOk : RowStatusFor(errors[0].column);
  sink.Status(i, status);
  if (status != kRowOk) {
    for (size_t j = 0; j < k; ++j) {
      sink.Point(j, i, kNoValue);
      sink.Rate(j, i, kNoValue);
    }
    sink.Total(i, kNoValue);
    return;
  }
  static const Unit kNoUnit;
  Scorecard card = *Score(plan.rules, kNoUnit, Period::Year(2021), counts);
  for (size_t j = 0; j < k; ++j) {
    const IndicatorScore& s = card.indicators[j];
    sink.Point(j, i, s.excluded ? kNoValue : s.points.units());
    std::optional<Decimal> rate = s.RatePercent(card.rate_decimals, card.rounding);
    sink.Rate(j, i, rate ? rate->units() : kNoValue);
  }
  sink.Total(i, card.total.units());
}

template <typename Sink>
void ScoreRange(const internal::BatchPlan& plan, const BatchInput& in, size_t begin, size_t end, const Sink& sink) {
  std::array<ColumnSpan, kColumnCount> col;
  for (Column c : kAllColumns) col[static_cast<size_t>(c)] = in.column(c);
  const size_t enforcement = static_cast<size_t>(Column::kEnforcementCases);
  const bool has_enforcement = col[enforcement].present();
  if (!has_enforcement) col[enforcement] = col[static_cast<size_t>(Column::kFiled)];
  auto block = std::make_unique<Block>();  // one allocation per thread, not per row
  Block& b = *block;
  for (size_t start = begin; start < end; start += kBlock) {
    b.size = std::min(kBlock, end - start);
    for (size_t c = 0; c < kColumnCount; ++c) StageColumn(col[c], start, b.size, b.v[c]);
    MarkSlow(plan, b);
    std::fill_n(b.total, b.size, 0.0);
    for (size_t j = 0; j < plan.indicators.size(); ++j) {
      ScoreIndicator(plan, plan.indicators[j], b);
      AddTo(b.total, b.points, b.size);
      sink.Indicator(j, start, b);
    }
    sink.Totals(start, b);
    if (!AnySet(b.slow, b.size)) continue;
    for (size_t t = 0; t < b.size; ++t) {
      if (!b.slow[t]) continue;
      Counts counts;
      for (size_t c = 0; c < kColumnCount; ++c) counts.Set(kAllColumns[c], col[c][start + t]);
      if (!has_enforcement) counts.Clear(Column::kEnforcementCases);
      ScoreSlow(plan, counts, start + t, sink);
    }
  }
}

template <typename Out, typename Sink>
absl::Status Run(const internal::BatchPlan& plan, const BatchInput& in, const Out& out, const Sink& sink, int threads) {
  const size_t rows = in.rows();
  for (Column c : kAllColumns) {
    if (c != Column::kEnforcementCases && !in.column(c).present()) {
      return absl::InvalidArgumentError(internal::Cat("batch input: missing column ", ColumnName(c)));
    }
  }
  const size_t k = plan.indicators.size();
  auto check = [&](auto spans, std::string_view what) -> absl::Status {
    if (spans.empty()) return absl::OkStatus();
    if (spans.size() != k) {
      return absl::InvalidArgumentError(
          internal::Cat("batch output: ", what, " has ", spans.size(), " spans; the rule set has ", k, " indicators"));
    }
    for (const auto& s : spans) {
      if (s.size() != rows) {
        return absl::InvalidArgumentError(
            internal::Cat("batch output: a ", what, " span has ", s.size(), " elements; expected ", rows));
      }
    }
    return absl::OkStatus();
  };
  if (absl::Status s = check(out.points, "points"); !s.ok()) return s;
  if (absl::Status s = check(out.rates, "rates"); !s.ok()) return s;
  if (!out.totals.empty() && out.totals.size() != rows) {
    return absl::InvalidArgumentError(
        internal::Cat("batch output: totals has ", out.totals.size(), "; expected ", rows));
  }
  if (!out.status.empty() && out.status.size() != rows) {
    return absl::InvalidArgumentError(
        internal::Cat("batch output: status has ", out.status.size(), "; expected ", rows));
  }
  size_t t = threads > 0 ? static_cast<size_t>(threads) : std::max(1u, std::thread::hardware_concurrency());
  t = std::max<size_t>(1, std::min(t, rows / 16384));  // small batches are not worth a thread
  if (t == 1) {
    ScoreRange(plan, in, 0, rows, sink);
    return absl::OkStatus();
  }
  std::vector<std::thread> pool;
  pool.reserve(t);
  for (size_t w = 0; w < t; ++w) {
    pool.emplace_back([&, w] { ScoreRange(plan, in, rows * w / t, rows * (w + 1) / t, sink); });
  }
  for (std::thread& th : pool) th.join();
  return absl::OkStatus();
}

}  // namespace

absl::Status BatchScorer::Score(const BatchInput& input, const BatchOutput& output, int threads) const {
  return Run(*plan_, input, output, IntSink{output}, threads);
}

absl::Status BatchScorer::Score(const BatchInput& input, const BatchOutputF64& output, int threads) const {
  return Run(*plan_, input, output, F64Sink{output, plan_->p, plan_->rate_unit}, threads);
}

void RankByGroup(std::span<const int64_t> totals, std::span<const int64_t> group, std::span<const uint8_t> status,
                 std::span<int32_t> rank) {
  std::vector<size_t> order;
  order.reserve(totals.size());
  for (size_t i = 0; i < totals.size(); ++i) {
    if (status[i] == kRowOk) {
      order.push_back(i);
    } else {
      rank[i] = 0;
    }
  }
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (group[a] != group[b]) return group[a] < group[b];
    if (totals[a] != totals[b]) return totals[a] > totals[b];
    return a < b;
  });
  int32_t current = 0;
  for (size_t x = 0, in_group = 0; x < order.size(); ++x) {
    const size_t i = order[x];
    const bool new_group = x == 0 || group[order[x - 1]] != group[i];
    in_group = new_group ? 1 : in_group + 1;
    if (new_group || totals[order[x - 1]] != totals[i]) current = static_cast<int32_t>(in_group);
    rank[i] = current;
  }
}

}  // namespace zhifa

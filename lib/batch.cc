#include "zhifa/batch.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <exception>
#include <numeric>
#include <system_error>
#include <thread>

#include "absl/status/status.h"
#include "lib/exact.h"
#include "lib/strings.h"
#include "zhifa/score.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace zhifa {
namespace {

using internal::kPow10;

constexpr int64_t kS = kPow10[kParamScale];
constexpr int64_t kFastCountLimit = int64_t{1} << 31;  // every count on the fast path is below 2^31
constexpr int kMaxFastDeductions = 4;
constexpr size_t kBlock = 512;  // rows staged and scored together, column by column
// Streaming (non-temporal) stores pay off once the output is far larger than the caches.
constexpr size_t kStreamBytes = size_t{64} << 20;

// The fast path computes in doubles, column by column over a block of rows, so that the compiler can
// vectorize it. Every value it holds is an integer below 2^53 in magnitude, so +, − and × are exact (with or
// without fused multiply-add), and each quotient is the nearest integer to an estimate, corrected by one
// exact step.
//
// Points. With S = 10^4 (parameters are integers in units of 10^-4), P = 10^points_decimals and
// L = lcm(S / gcd(weight × 10^4 × P, S), S / P), a divisor of S: A = weight × P × L is an integer, and if the
// deductions total e (S/P) + r in units of 10^-4 (0 <= r < S/P), then
//   points × P = N / D − e,  N = A m − r b d,  D = L d,  b = L P / S (an integer),
// where m is min(n, cap × d) (proportional) or d − min(n, cap × d) (inverse), and d is the denominator (d = 1
// and m = 1 or 0 when it is zero). Rounding needs one quotient: q = floor((2N + D) / 2D) = floor(N/D + 1/2)
// with its remainder rem in [0, 2D) tells the nearest integer K = q − e of points × P, whether the value
// is a tie (rem = 0, value K − 1/2) and its integer part (K − 1 when rem < D, else K).
// Bounds (checked when the plan is made, and per row for the counts):
//   counts n, d < 2^31; A × max(cap, 1) <= 2^20, so |A m| <= 2^51; r b d < L d <= 10^4 × 2^31 < 2^45;
//   so |2N + D| < 2^52 + 2^47 < 2^53, and 2D q is within 2D of it. The deduction total (per-case points
//   × 10^4 summing to <= 2^20, counts < 2^31) is below 2^51.
//   The estimate (2N + D) × h/2 × RN(1/L), where h is the reciprocal below, has four roundings (h's error
//   counts as at most 1.13 of one) on a quotient below 2^21 in magnitude: it is far within 1/2 of the true
//   quotient x, so its nearest integer is floor(x) or floor(x) + 1, and "remainder negative: take one back"
//   makes it floor(x).
// Rates. rate units = n × R / d rounded once, R = 10^(2 + rate_decimals) <= 10^6: the same quotient
//   floor((2nR + d) / 2d) with 2nR + d < 2^32 × 10^6 + 2^31 < 2^52, estimated as RN((2nR + d) × h/2).
// The reciprocal h of d. Either RN(1/d) (relative error <= u = 2^-53), or, in the AVX-512 kernels,
//   vrcp14pd's estimate (relative error < 2^-14) refined by two Newton steps r' = r + r (1 − d r), each
//   with fused multiply-adds (one rounding each): if r = (1 + ε)/d, then 1 − d r = −ε exactly before its
//   rounding, and r' = (1 − ε² − αε)(1 + β)/d with |α|, |β| <= u, so |ε'| <= ε² + 2uε + u. From 2^-14 that
//   gives 2^-28 (1 + 2^-24), then u (1 + 2^-3 + 2^-20) <= 1.13 u.
//   The rate estimate then errs by at most (1.13u + u + u²) x < 2.14 u x, which is below 1/2 when
//   x < 2^49.9: true for R <= 10^5 (x < 2^31 × 10^5 + 1/2 < 2^47.7). With R = 10^6 (rate_decimals = 4,
//   x < 2^50.93 + 1/2) only RN(1/d) is close enough, (2u + u²) x < 0.48, so those rule sets use it
//   (exact_reciprocals). Either way the nearest integer is floor(x) or floor(x) + 1 and one step corrects it.
//   (The bounds assume vrcp14pd meets Intel's documented 2^-14; a test checks the largest rate quotients
//   on each kernel.)
// Deductions whose points (and max) are whole multiples of 10^-P are summed directly in units of 10^-P
// (r = 0); others are split by a quotient estimated with a reciprocal of S/P and corrected one step.

// x rounded to the nearest integer (ties to even), for |x| < 2^51: adding 1.5 × 2^52 pushes the fraction bits
// out under the default round-to-nearest mode, and subtracting it back is exact. No libm call, so it
// vectorizes. (zhifa is never built with -ffast-math, which would fold this away.)
constexpr double kRoundingMagic = 6755399441055744.0;  // 1.5 × 2^52
inline double NearestInteger(double x) { return (x + kRoundingMagic) - kRoundingMagic; }

enum class DeductionKind : uint8_t { kNone, kWhole, kFractional };

struct IndicatorPlan {
  bool fast = false;
  DeductionKind deduction_kind = DeductionKind::kNone;
  Column num = Column::kFiled;
  Column den = Column::kShouldFile;
  bool inverse = false;
  double zero_m = 1;   // m when the denominator is 0: 1 for full points, 0 for zero
  double a = 0;        // A = weight × P × L
  double l = 1;        // L, a divisor of 10^4
  double inv_l = 1;    // RN(1 / L)
  double b = 1;        // L P / S, an integer
  double cap = 1;      // an integer cap
  double floor_p = 0;  // floor × P, an integer on the fast path
  int deductions = 0;
  Column ded_column[kMaxFastDeductions]{};
  double ded_points[kMaxFastDeductions]{};  // per case, in units of 10^-P (kWhole) or 10^-4 (kFractional)
  double ded_max[kMaxFastDeductions]{};     // the same units; +inf when uncapped
};

// One block of rows, staged as doubles, and its results.
struct Block {
  size_t size = 0;
  alignas(64) double v[kColumnCount][kBlock];
  alignas(64) double d1[kColumnCount][kBlock];        // denominator columns: d, or 1 where d = 0
  alignas(64) double half_inv[kColumnCount][kBlock];  // denominator columns: RN(1/d1) / 2
  alignas(64) double points[kBlock];
  alignas(64) double rate[kBlock];  // NaN when not applicable
  alignas(64) double total[kBlock];
  alignas(64) double deducted[kBlock];  // scratch: one indicator's deductions
  alignas(64) int64_t scratch[kBlock];  // converted output on its way to a streaming store
  alignas(64) double slow[kBlock];      // 1 for a row the fast path cannot take
  bool any_slow = false;
};

// The vector loops of one instruction set (lib/batch_kernels.inc).
struct Kernels {
  BatchIsa isa;
  void (*stage)(const ColumnSpan& col, size_t begin, size_t n, double* out);
  void (*prepare)(const internal::BatchPlan& plan, Block& b);
  // [half_even][deduction kind]
  void (*indicator[2][3])(const internal::BatchPlan& plan, const IndicatorPlan& ip, Block& b, bool want_rate);
  void (*add_to)(double* total, const double* x, size_t n);
  void (*zero)(double* x, size_t n);
  void (*to_int[2])(int64_t* dst, const double* src, size_t n, bool stream, Block& b);  // [may be NaN]
  void (*scale)(double* dst, const double* src, double unit, size_t n, bool stream, Block& b);
};

}  // namespace

struct internal::BatchPlan {
  explicit BatchPlan(const RuleSet& r) : rules(r) {}
  RuleSet rules;
  bool half_even = false;
  double p = 100;                  // 10^points_decimals
  double s_over_p = 100;           // S / P
  double inv_s_over_p = 0.01;      // RN(P / S)
  double rate_mul = 10000;         // 10^(2 + rate_decimals)
  double rate_unit = 100;          // 10^rate_decimals
  bool exact_reciprocals = false;  // rates with four decimals need RN(1/d) (see the bounds above)
  std::vector<IndicatorPlan> indicators;
  bool all_fast = true;
  // Denominators of indicators whose zero_denominator is exclude: a row with a zero there takes the slow path
  // (its total is rescaled).
  std::vector<Column> exclude_denominators;
  std::vector<Column> denominators;  // each indicator's, once
  const Kernels* kernels = nullptr;  // for this machine's instruction set
};

namespace {

using internal::BatchPlan;

// The kernels, compiled once per instruction set. GCC compiles each copy for its target; other compilers
// (clang builds the fuzzers) and other architectures get the portable copy only.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define ZHIFA_MULTI_ISA 1
namespace v4 {
#pragma GCC push_options
#pragma GCC target("arch=x86-64-v4")
#define ZHIFA_LANES 8
#include "lib/batch_kernels.inc"
#undef ZHIFA_LANES
#pragma GCC pop_options
}  // namespace v4
namespace v3 {
#pragma GCC push_options
#pragma GCC target("arch=x86-64-v3")
#define ZHIFA_LANES 4
#include "lib/batch_kernels.inc"
#undef ZHIFA_LANES
#pragma GCC pop_options
}  // namespace v3
#endif
namespace portable {
#define ZHIFA_LANES 2
#include "lib/batch_kernels.inc"
#undef ZHIFA_LANES
}  // namespace portable

// The kernels for `isa` on this CPU, or null when it has not got them.
const Kernels* KernelsFor(BatchIsa isa) {
#ifdef ZHIFA_MULTI_ISA
  __builtin_cpu_init();
  const bool has_v4 = __builtin_cpu_supports("x86-64-v4"), has_v3 = __builtin_cpu_supports("x86-64-v3");
#else
  const bool has_v4 = false, has_v3 = false;
#endif
  switch (isa) {
    case BatchIsa::kBest:
      return KernelsFor(has_v4 ? BatchIsa::kAvx512 : has_v3 ? BatchIsa::kAvx2 : BatchIsa::kPortable);
#ifdef ZHIFA_MULTI_ISA
    case BatchIsa::kAvx512:
      return has_v4 ? &v4::kKernels : nullptr;
    case BatchIsa::kAvx2:
      return has_v3 ? &v3::kKernels : nullptr;
#else
    case BatchIsa::kAvx512:
    case BatchIsa::kAvx2:
      return nullptr;
#endif
    case BatchIsa::kPortable:
      return &portable::kKernels;
  }
  return nullptr;
}

}  // namespace

std::string_view BatchIsaName(BatchIsa isa) {
  switch (isa) {
    case BatchIsa::kBest:
      return "best";
    case BatchIsa::kAvx512:
      return "avx512";
    case BatchIsa::kAvx2:
      return "avx2";
    case BatchIsa::kPortable:
      return "portable";
  }
  return "?";
}

absl::StatusOr<BatchScorer> BatchScorer::Create(const RuleSet& rules, BatchIsa isa) {
  const Kernels* kernels = KernelsFor(isa);
  if (kernels == nullptr) {
    return absl::FailedPreconditionError(
        internal::Cat("batch scorer: this CPU or build has no ", BatchIsaName(isa), " kernels; use BatchIsa::kBest"));
  }
  auto plan = std::make_shared<internal::BatchPlan>(rules);
  plan->kernels = kernels;
  const int64_t p = kPow10[rules.points_decimals()];
  const int64_t s_over_p = kS / p;
  plan->half_even = rules.rounding() == Rounding::kHalfEven;
  plan->p = static_cast<double>(p);
  plan->s_over_p = static_cast<double>(s_over_p);
  plan->inv_s_over_p = 1 / plan->s_over_p;
  plan->rate_mul = static_cast<double>(kPow10[2 + rules.rate_decimals()]);
  plan->rate_unit = static_cast<double>(kPow10[rules.rate_decimals()]);
  plan->exact_reciprocals = rules.rate_decimals() > 3;
  for (const Indicator& ind : rules.indicators()) {
    IndicatorPlan ip;
    ip.num = ind.numerator;
    ip.den = ind.denominator;
    ip.inverse = ind.mode == Mode::kInverse;
    ip.zero_m = ind.zero_denominator == ZeroDenominator::kFull ? 1 : 0;
    if (ind.zero_denominator == ZeroDenominator::kExclude) plan->exclude_denominators.push_back(ind.denominator);
    if (std::find(plan->denominators.begin(), plan->denominators.end(), ind.denominator) == plan->denominators.end()) {
      plan->denominators.push_back(ind.denominator);
    }
    // L = lcm(S / gcd(W_s P, S), S / P) and A = W_s P L / S (see the bounds above).
    const int64_t w_p = ind.weight.units() * p;  // <= 10^10 × 10^4 < 2^47
    const int64_t s_red = kS / std::gcd(w_p, kS);
    const int64_t l = std::lcm(s_red, s_over_p);
    const __int128 a = static_cast<__int128>(w_p) * l / kS;
    const bool integer_cap = ind.cap.units() % kS == 0;
    const int64_t cap = ind.cap.units() / kS;
    const bool floor_exact = ind.floor.units() % s_over_p == 0;  // the floor is a whole number of 10^-P
    __int128 deduction_sum = 0;
    bool whole = true;  // every deduction (and max) a whole number of 10^-P
    for (const DeductionRule& d : ind.deductions) {
      deduction_sum += d.points.units();
      whole = whole && d.points.units() % s_over_p == 0 && (!d.max || d.max->units() % s_over_p == 0);
    }
    ip.fast = ind.mode != Mode::kBands && integer_cap && a * std::max<int64_t>(cap, 1) <= (1 << 20) &&
              deduction_sum <= (1 << 20) && ind.deductions.size() <= kMaxFastDeductions && floor_exact;
    ip.deduction_kind = ind.deductions.empty() ? DeductionKind::kNone
                        : whole                ? DeductionKind::kWhole
                                               : DeductionKind::kFractional;
    ip.a = static_cast<double>(ip.fast ? a : 0);
    ip.l = static_cast<double>(l);
    ip.inv_l = 1 / ip.l;
    ip.b = static_cast<double>(l * p / kS);
    ip.cap = static_cast<double>(cap);
    ip.floor_p = static_cast<double>(ind.floor.units() / s_over_p);
    const int64_t unit = ip.deduction_kind == DeductionKind::kWhole ? s_over_p : 1;
    for (const DeductionRule& d : ind.deductions) {
      if (ip.deductions == kMaxFastDeductions) break;
      ip.ded_column[ip.deductions] = d.count;
      ip.ded_points[ip.deductions] = static_cast<double>(d.points.units() / unit);
      ip.ded_max[ip.deductions] =
          d.max ? static_cast<double>(d.max->units() / unit) : std::numeric_limits<double>::infinity();
      ++ip.deductions;
    }
    plan->all_fast = plan->all_fast && ip.fast;
    plan->indicators.push_back(ip);
  }
  return BatchScorer(std::move(plan));
}

const RuleSet& BatchScorer::rules() const { return plan_->rules; }
BatchIsa BatchScorer::isa() const { return plan_->kernels->isa; }
bool BatchScorer::fast(size_t indicator) const { return plan_->indicators.at(indicator).fast; }

namespace {

void Fence() {
#if defined(__x86_64__)
  _mm_sfence();
#endif
}

// Whether an output is big enough for streaming stores.
template <typename Out>
bool Streams(const BatchInput& in, const Out& out) {
  const size_t per_row = 8 * (out.points.size() + out.rates.size() + (out.totals.empty() ? 0 : 1));
  return in.rows() * per_row >= kStreamBytes;
}

// Writes results as integers or as doubles.
struct IntSink {
  const BatchOutput& out;
  bool stream;
  bool wants_rates() const { return !out.rates.empty(); }
  void Indicator(const Kernels& k, size_t j, size_t begin, Block& b) const {
    if (!out.points.empty()) k.to_int[0](out.points[j].data() + begin, b.points, b.size, stream, b);
    if (!out.rates.empty()) k.to_int[1](out.rates[j].data() + begin, b.rate, b.size, stream, b);
  }
  void Totals(const Kernels& k, size_t begin, Block& b) const {
    if (!out.totals.empty()) k.to_int[0](out.totals.data() + begin, b.total, b.size, stream, b);
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
  bool stream;
  double p;
  double rate_unit;
  bool wants_rates() const { return !out.rates.empty(); }
  // A correctly rounded division: the double nearest the decimal v / unit.
  static double Convert(int64_t v, double unit) {
    return v == kNoValue ? std::numeric_limits<double>::quiet_NaN() : static_cast<double>(v) / unit;
  }
  void Indicator(const Kernels& k, size_t j, size_t begin, Block& b) const {
    if (!out.points.empty()) k.scale(out.points[j].data() + begin, b.points, p, b.size, stream, b);
    if (!out.rates.empty()) k.scale(out.rates[j].data() + begin, b.rate, rate_unit, b.size, stream, b);
  }
  void Totals(const Kernels& k, size_t begin, Block& b) const {
    if (!out.totals.empty()) k.scale(out.totals.data() + begin, b.total, p, b.size, stream, b);
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
  // Any period: the batch scores counts, not periods (the caller checks the rule set is in force for its rows).
  Scorecard card = *Score(plan.rules, kNoUnit, Period::Year(2021), counts, ScoreOptions{.any_period = true});
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
  auto block = std::make_unique_for_overwrite<Block>();  // one allocation per thread, not per row
  Block& b = *block;
  const Kernels& k = *plan.kernels;
  const bool want_rates = sink.wants_rates();
  for (size_t start = begin; start < end; start += kBlock) {
    b.size = std::min(kBlock, end - start);
    for (size_t c = 0; c < kColumnCount; ++c) k.stage(col[c], start, b.size, b.v[c]);
    k.prepare(plan, b);
    k.zero(b.total, b.size);
    for (size_t j = 0; j < plan.indicators.size(); ++j) {
      const IndicatorPlan& ip = plan.indicators[j];
      k.indicator[plan.half_even][static_cast<int>(ip.deduction_kind)](plan, ip, b, want_rates);
      k.add_to(b.total, b.points, b.size);
      sink.Indicator(k, j, start, b);
    }
    sink.Totals(k, start, b);
    if (!b.any_slow) continue;
    Fence();  // the streamed stores of this block land before the slow path overwrites some of them
    for (size_t t = 0; t < b.size; ++t) {
      if (b.slow[t] == 0) continue;
      Counts counts;
      for (size_t c = 0; c < kColumnCount; ++c) counts.Set(kAllColumns[c], col[c][start + t]);
      if (!has_enforcement) counts.Clear(Column::kEnforcementCases);
      ScoreSlow(plan, counts, start + t, sink);
    }
  }
  Fence();  // streamed stores are weakly ordered: make them visible before the thread reports done
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
  // Ranges 1.. on threads, range 0 here, and here too every range whose thread could not be started (a process
  // out of threads): the answer is the same, only slower. An exception in any range (out of memory) is caught
  // where it happens and thrown again here once every thread has ended, never from a thread (which would end
  // the process).
  std::vector<std::exception_ptr> failed(t);
  auto run = [&](size_t w) {
    try {
      ScoreRange(plan, in, rows * w / t, rows * (w + 1) / t, sink);
    } catch (...) {
      failed[w] = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(t);
  size_t started = 1;
  for (; started < t; ++started) {
    try {
      pool.emplace_back(run, started);
    } catch (...) {  // std::system_error (no thread to be had) or std::bad_alloc (no memory for its state)
      break;
    }
  }
  run(0);
  for (size_t w = started; w < t; ++w) run(w);
  for (std::thread& th : pool) th.join();
  for (const std::exception_ptr& e : failed) {
    if (e) std::rethrow_exception(e);
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status BatchScorer::Score(const BatchInput& input, const BatchOutput& output, int threads) const {
  return Run(*plan_, input, output, IntSink{output, Streams(input, output)}, threads);
}

absl::Status BatchScorer::Score(const BatchInput& input, const BatchOutputF64& output, int threads) const {
  return Run(*plan_, input, output, F64Sink{output, Streams(input, output), plan_->p, plan_->rate_unit}, threads);
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

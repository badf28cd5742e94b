// Batch scoring: millions of rows of counts, columnar, at close to memory speed, with exactly the numbers of
// the one-row path (score.h).
//
// Input is one span per count column (int32 or int64; enforcement_cases may be absent and then is filed).
// Output goes to caller-owned spans: points per indicator and totals as integers in units of
// 10^-points_decimals (or as doubles), rates as integer percent units of 10^-rate_decimals (or doubles), and
// a status byte per row. Nothing is allocated per row. Rows are split into chunks over threads. Outputs of
// 64 MiB or more are written with non-temporal (streaming) stores, which do not read the lines they
// overwrite; the scorer fences them before Score() returns.
//
// Exactness: every row gives bit-identical results to Score(). The fast path works in 64-bit doubles that
// hold integers below 2^53 only, and corrects every quotient exactly (see the bounds at the top of
// lib/batch.cc for the proof); rows or rule sets outside the fast path's proven range go through Score()
// itself. A property test compares both paths on millions of random and boundary rows, on every kernel.
//
// Kernels: the vector loops are compiled for AVX-512, AVX2 and baseline x86-64 (lib/batch_kernels.inc), and
// Create() picks the widest this CPU has unless told otherwise (BatchIsa).
//
// Example:
//   absl::StatusOr<zhifa::BatchScorer> scorer = zhifa::BatchScorer::Create(*zhifa::RuleSet::Builtin());
//   zhifa::BatchInput in(rows);
//   in.Set(zhifa::Column::kFiled, std::span<const int32_t>(filed));  // ... every required column
//   std::vector<int64_t> totals(rows);
//   std::vector<uint8_t> status(rows);
//   zhifa::BatchOutput out{.totals = totals, .status = status};
//   absl::Status s = scorer->Score(in, out);  // totals[i] == 9201 means 92.01
//
// Thread-safety: BatchScorer is immutable once created: one scorer may score from many threads at once (each call
// with its own outputs), and Score() itself splits rows over threads. BatchInput, BatchOutput and ColumnSpan are
// plain views, used by one call at a time. RankByGroup is reentrant.
#ifndef ZHIFA_BATCH_H_
#define ZHIFA_BATCH_H_

#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "zhifa/counts.h"
#include "zhifa/export.h"
#include "zhifa/rules.h"

namespace zhifa {
namespace internal {
struct BatchPlan;  // the rule set prepared for batch scoring (lib/batch.cc)
}  // namespace internal

// Status byte of a row: kRowOk, or 1 + the Column of the first rule the row breaks, in the order Validate()
// reports them (so 1 + Column::kClosed means "closed is more than filed", say).
inline constexpr uint8_t kRowOk = 0;
inline constexpr uint8_t RowStatusFor(Column column) { return static_cast<uint8_t>(1 + static_cast<int>(column)); }
// The integer output for "no value": a rate that does not apply, or points of an excluded indicator.
inline constexpr int64_t kNoValue = std::numeric_limits<int64_t>::min();

// One count column: int32 or int64 values, `rows` long. Empty = absent.
struct ZHIFA_EXPORT ColumnSpan {
  const void* data = nullptr;
  bool is_int64 = true;

  bool present() const { return data != nullptr; }
  int64_t operator[](size_t i) const {
    return is_int64 ? static_cast<const int64_t*>(data)[i] : static_cast<const int32_t*>(data)[i];
  }
};

class ZHIFA_EXPORT BatchInput {
 public:
  explicit BatchInput(size_t rows) : rows_(rows) {}
  // Precondition: the span has at least rows() elements.
  BatchInput& Set(Column column, std::span<const int64_t> values) {
    columns_[static_cast<size_t>(column)] = {values.data(), true};
    return *this;
  }
  BatchInput& Set(Column column, std::span<const int32_t> values) {
    columns_[static_cast<size_t>(column)] = {values.data(), false};
    return *this;
  }
  size_t rows() const { return rows_; }
  const ColumnSpan& column(Column c) const { return columns_[static_cast<size_t>(c)]; }

 private:
  size_t rows_;
  std::array<ColumnSpan, kColumnCount> columns_{};
};

// Where results go. Each span is either empty (not wanted) or rows() long; `points` and `rates` are either
// empty or have one span per indicator, in rule-set order.
struct ZHIFA_EXPORT BatchOutput {
  std::vector<std::span<int64_t>> points;  // units of 10^-points_decimals; kNoValue when excluded or bad row
  std::vector<std::span<int64_t>> rates;   // percent in units of 10^-rate_decimals; kNoValue when n/a or bad
  std::span<int64_t> totals;               // units of 10^-points_decimals; kNoValue for a bad row
  std::span<uint8_t> status;               // kRowOk or RowStatusFor(column)
};

// The same as doubles (points 14.43, rates 90.16, NaN for "no value"): each is the double nearest the exact
// decimal, so that numpy and pandas users get the numbers the CSV shows.
struct ZHIFA_EXPORT BatchOutputF64 {
  std::vector<std::span<double>> points;
  std::vector<std::span<double>> rates;
  std::span<double> totals;
  std::span<uint8_t> status;
};

// The instruction set the batch kernels run on. kBest picks the widest this CPU has; the others exist to
// compare and test the kernels (all give the same numbers).
enum class BatchIsa : uint8_t { kBest, kAvx512, kAvx2, kPortable };
ZHIFA_EXPORT std::string_view BatchIsaName(BatchIsa isa);  // "best", "avx512", "avx2", "portable"

class ZHIFA_EXPORT BatchScorer {
 public:
  // Prepares `rules` for batch scoring (decides per indicator whether the fast path applies). Returns
  // kFailedPrecondition when `isa` asks for an instruction set this CPU (or this build) does not have.
  static absl::StatusOr<BatchScorer> Create(const RuleSet& rules, BatchIsa isa = BatchIsa::kBest);

  // Scores every row. `threads` <= 0 means std::thread::hardware_concurrency(). Returns kInvalidArgument
  // naming the column when a required input column is missing or an output span has the wrong length;
  // rows that break a rule do not stop the batch (their status says which rule). When threads cannot be
  // started, the calling thread scores their rows (the same answer, later); std::bad_alloc from any thread
  // is thrown here, on the calling thread, after every thread has ended.
  absl::Status Score(const BatchInput& input, const BatchOutput& output, int threads = 0) const;
  absl::Status Score(const BatchInput& input, const BatchOutputF64& output, int threads = 0) const;

  const RuleSet& rules() const;
  // The instruction set chosen (never kBest).
  BatchIsa isa() const;
  // Whether indicator i runs on the fast path (false: every row goes through Score() for it).
  bool fast(size_t indicator) const;

 private:
  explicit BatchScorer(std::shared_ptr<const internal::BatchPlan> plan) : plan_(std::move(plan)) {}
  std::shared_ptr<const internal::BatchPlan> plan_;
};

// Ranks rows by total within groups, descending, ties sharing a rank (1, 2, 2, 4): rank[i] is the rank of
// totals[i] among the rows j with group[j] == group[i] and status[j] == kRowOk; rows with another status get
// rank 0. Group keys are the caller's (e.g. period index × 3 + category for the category rank).
// Precondition: equal sizes.
ZHIFA_EXPORT void RankByGroup(std::span<const int64_t> totals, std::span<const int64_t> group,
                              std::span<const uint8_t> status, std::span<int32_t> rank);

}  // namespace zhifa

#endif  // ZHIFA_BATCH_H_

// Reports: scoring a table of rows, ranking it, and writing it as CSV, JSON or an aligned terminal table.
//
// A ScoredTable takes rows as they are read (csv.h), one at a time, and keeps only a compact record of each:
// its counts and, once scored, its points, rates, total and ranks. Rows are scored in blocks of 65,536 by the
// batch engine (batch.h), with the rule set that the RuleBook puts in force on the row's period; bad rows keep
// their errors. Memory grows with the rows being ranked, not with the text read: about 250 bytes a row, or 32
// when ScoredTableOptions::spill_directory lets the counts and scores go to a temporary file. Every input row is one
// output row, in input order. A row's full Scorecard (for explanations and JSON) is recomputed on demand, exactly.
//
// Example:
//   zhifa::ScoredTable table(zhifa::RuleBook::Builtin(), zhifa::Registry::Builtin());
//   absl::Status s = zhifa::ReadCountsCsvFile("counts.csv", zhifa::Registry::Builtin(), {},
//                                             [&](zhifa::CountsRow&& row) { table.Add(std::move(row)); });
//   if (absl::Status f = table.Finish(); !f.ok()) ...;
//   zhifa::WriteCsv(std::cout, table, {});
//
// Thread-safety: A ScoredTable is used by one thread at a time, its const members too (a spilled table fills a
// cache as it reads rows back); the writers are reentrant on distinct streams and distinct tables.
#ifndef ZHIFA_REPORT_H_
#define ZHIFA_REPORT_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "zhifa/batch.h"
#include "zhifa/csv.h"
#include "zhifa/explain.h"
#include "zhifa/export.h"
#include "zhifa/findings.h"
#include "zhifa/rules.h"
#include "zhifa/score.h"
#include "zhifa/units.h"

namespace zhifa {
namespace internal {
class RowBlocks;
}  // namespace internal
struct ScoreOutputOptions;
class ScoredTable;
ZHIFA_EXPORT void WriteCsv(std::ostream& out, const ScoredTable& table, const ScoreOutputOptions& options);

struct ZHIFA_EXPORT ScoredTableOptions {
  // Score every row with this one rule set, whatever its period (scoring earlier years under later rules on
  // purpose); rows outside its effective dates are marked (ruleset_outside_dates). nullptr: the book selects.
  // Must outlive the table.
  const RuleSet* all_periods = nullptr;
  // Sum the rows of one period that are a unit and its sub-units (公安局, 交警大队, 派出所) into one row of the
  // unit, and say so in notes(). Without it such rows are an error, as two rows of one unit are.
  bool roll_up = false;
  // A folder for a temporary file that holds rows' counts and scores once they pass `memory_budget` bytes in
  // memory (about 220 bytes a row there, 40–70 in the file). Memory then keeps 32 bytes a row (and 8 more while
  // Finish() ranks), plus about 70 MB that do not grow (the block being filled, one read back, buffers). The file
  // is made, and unlinked, when the table is: status() says at once when the folder cannot hold it. On a tmpfs
  // the file is memory too. Empty: every row stays in memory. Not with roll_up, which sums rows into earlier
  // ones: then rows stay in memory. A spilled table is read a block of 65,536 rows at a time, so read it in
  // input order (WriteCsv, WriteJson): WriteTable, which sorts, reads a block for each row and is far too slow
  // beyond a few blocks. A read of the file that fails (the disk's fault) aborts the process with the reason.
  std::string spill_directory;
  size_t memory_budget = size_t{16} << 20;
};

class ZHIFA_EXPORT ScoredTable {
 public:
  // `book` and `registry` (and options.all_periods) must outlive the table.
  ScoredTable(const RuleBook& book, const Registry& registry, ScoredTableOptions options = {});
  ~ScoredTable();
  ScoredTable(const ScoredTable&) = delete;
  ScoredTable& operator=(const ScoredTable&) = delete;

  // Adds the next row. A row is bad when it has errors already, when no rule set covers its period, or when an
  // earlier row has the same scored unit and period (a sub-unit's row is its parent's: "公安局 2021 is already
  // on line 2 (交警大队 is scored as 公安局)"), unless options.roll_up sums them. Precondition: Finish() has not
  // been called.
  void Add(CountsRow row);
  // Scores the rows still buffered and ranks every good row: by total, descending, ties sharing a rank
  // (1, 2, 2, 4), within its period (rank) and within its period and category (category_rank). Fails only when
  // rows could not be spilled (options.spill_directory): the folder cannot hold the file, or a write failed.
  absl::Status Finish();

  size_t size() const { return slim_.size(); }
  size_t bad_rows() const { return bad_.size(); }
  bool ok(size_t i) const { return !bad_.contains(i); }
  int64_t row_number(size_t i) const;
  // Empty for a good row. Complete after Finish() (a repeated unit and period names the earlier row's line then).
  const std::vector<RowError>& errors(size_t i) const;
  // The unit and period as written (bad rows) or as scored (good rows: the unit's printed name).
  std::string unit_text(size_t i) const;
  std::string period_text(size_t i) const;
  // Good rows only (precondition ok(i)):
  const Unit& unit(size_t i) const;
  const Period& period(size_t i) const { return periods_[slim_[i].period]; }
  const RuleSet& rules(size_t i) const;
  Decimal total(size_t i) const;
  // Points of indicator j of the row's rule set (nullopt when excluded); its rate as a rounded percentage
  // (nullopt when not applicable).
  std::optional<Decimal> points(size_t i, size_t j) const;
  std::optional<Decimal> rate(size_t i, size_t j) const;
  // Whether row i was scored by a rule set not in force on its period (ScoredTableOptions::all_periods).
  bool ruleset_outside_dates(size_t i) const;
  // Keys of the indicators of row i that did not apply (zero denominator), in rule-set order.
  std::vector<std::string> not_applicable(size_t i) const;
  // The remarks on row i's scores (zero_activity), as Score() gives them.
  std::vector<Finding> findings(size_t i) const;
  // Whether row i had no activity at all (the zero_activity finding).
  bool zero_activity(size_t i) const;
  // What roll-up did ("公安局 2021: lines 2, 5 and 6 summed (公安局, 交警大队, 派出所)"), sorted.
  const std::vector<std::string>& notes() const { return notes_; }
  int rank(size_t i) const { return slim_[i].rank; }
  int category_rank(size_t i) const { return slim_[i].category_rank; }
  // The full scorecard, recomputed from the row's counts (the same numbers), with its ranks.
  Scorecard Card(size_t i) const;
  // Indicator keys in rule-set order over the rule sets used (first appearance first); the default rule set's
  // keys when no row was scored.
  std::vector<std::string> indicator_keys() const;
  // Index of indicator `key` in row i's rule set, or nullopt.
  std::optional<size_t> indicator_index(size_t i, std::string_view key) const;
  // The book rows are scored with: the book given, or the one set of options.all_periods.
  const RuleBook& book() const { return books(); }
  // Whether rows went to a temporary file (options.spill_directory).
  bool spilled() const;
  // Ok, or why rows cannot be spilled: the file could not be made in options.spill_directory (known as soon as
  // the table is made) or a write to it failed. Then rows beyond the memory budget are not kept (memory stays
  // bounded) and Finish() returns this error; such a table's rows must not be read.
  absl::Status status() const;

 private:
  // Writes a good row from the table's own arrays: the output of millions of rows is most of a run's time.
  friend void WriteCsv(std::ostream& out, const ScoredTable& table, const ScoreOutputOptions& options);
  static constexpr uint32_t kNone = 0xFFFFFFFF;
  // The book's set in force on the period's start, each period looked up once; kNone when none is.
  uint32_t SelectCached(const Period& period);
  uint32_t PeriodIndex(const Period& period);
  // What is kept in memory of every row (32 bytes); the rest is in blocks_ (lib/row_blocks.h).
  struct Slim {
    int64_t total = 0;         // units of 10^-points_decimals
    uint32_t unit = kNone;     // index into the registry's units (the scored unit)
    uint32_t period = kNone;   // index into periods_
    uint32_t ruleset = kNone;  // index into the book's sets
    int32_t rank = 0;
    int32_t category_rank = 0;
  };
  struct Bad {
    std::string unit_text;
    std::string period_text;
    std::vector<RowError> errors;
  };
  // A row that repeats an earlier row's unit and period: its error's message is `before` + the earlier row's line
  // + `after`, completed by Finish() (the earlier row's line is not kept in memory).
  struct Repeat {
    size_t row;
    uint64_t key;
    std::string before, after;
  };
  // Whether (unit, period) was held by a good row, and marks it held.
  bool Seen(uint32_t unit, uint32_t period, uint64_t key) const;
  void MarkSeen(uint32_t unit, uint32_t period, uint64_t key);
  // Scores the good rows of the block that starts at row `start`.
  void ScoreBlock(size_t start);
  void RankRows();
  void WordRepeats();
  const internal::RowBlocks& blocks() const { return *blocks_; }

  const RuleBook& book_;
  const Registry& registry_;
  ScoredTableOptions options_;
  std::optional<RuleBook> own_book_;  // the one set of options_.all_periods
  const RuleBook& books() const { return own_book_ ? *own_book_ : book_; }
  std::vector<std::string> notes_;
  // Roll-up: per (unit, period) key, the row that holds it, the rows merged and the registry units they were.
  struct Merged {
    std::vector<int64_t> lines;
    std::vector<uint32_t> units;
  };
  absl::flat_hash_map<uint64_t, size_t> holder_;
  absl::flat_hash_map<uint64_t, Merged> merged_;
  // slim_[i]: chunks of 65,536 rows, so that growing never copies rows or holds two copies.
  class SlimRows {
   public:
    Slim& operator[](size_t i) { return chunks_[i >> 16][i & 0xFFFF]; }
    const Slim& operator[](size_t i) const { return chunks_[i >> 16][i & 0xFFFF]; }
    size_t size() const { return size_; }
    void push_back(const Slim& s) {
      if ((size_ & 0xFFFF) == 0) chunks_.emplace_back(new Slim[size_t{1} << 16]);
      (*this)[size_++] = s;
    }

   private:
    std::vector<std::unique_ptr<Slim[]>> chunks_;
    size_t size_ = 0;
  };
  SlimRows slim_;
  std::unique_ptr<internal::RowBlocks> blocks_;
  absl::flat_hash_map<size_t, Bad> bad_;
  std::vector<Repeat> repeats_;
  // The (unit, period) pairs held by good rows: per period index a bit per unit, or with a registry of more
  // than 4096 units, a hash set of keys.
  std::vector<std::vector<uint64_t>> seen_bits_;
  absl::flat_hash_set<uint64_t> seen_;
  std::vector<Period> periods_;                           // the distinct periods, in order of appearance
  absl::flat_hash_map<uint64_t, uint32_t> period_index_;  // period code -> index into periods_
  absl::flat_hash_map<uint64_t, uint32_t> selected_;      // period code -> the book's set in force (kNone: none)
  std::vector<std::optional<BatchScorer>> scorers_;       // per rule set, made when first needed
  struct Scratch;
  std::unique_ptr<Scratch> scratch_;  // ScoreBlock's buffers, kept from block to block
  bool finished_ = false;
};

// All errors of a row as one line: "column closed: 7 is more than filed (5); column unit: ...".
ZHIFA_EXPORT std::string JoinErrors(const std::vector<RowError>& errors);

struct ZHIFA_EXPORT ScoreOutputOptions {
  // CSV: an `error` column (with --keep-going: bad rows are in the output with their error).
  bool error_column = false;
  // CSV and JSON: a `ruleset_outside_dates` column (1 on rows scored by a set not in force on their period).
  bool outside_dates_column = false;
  // CSV headers and JSON keys in Chinese (单位, 期间, 立案率得分, ...) instead of English.
  bool chinese_headers = false;
  // JSON: each scorecard's explanation, in Chinese and English.
  bool with_explanation = false;
  // Table: the language of headers and labels; `wide` shows each indicator's rate beside its points.
  Language language = Language::kZh;
  bool wide = false;
};

// The CSV header of the score table's columns, in order (English or Chinese): unit_code, unit, category,
// period, <key>_rate and <key>_points per indicator, total, rank, category_rank, ruleset, ruleset_digest,
// not_applicable, findings, then ruleset_outside_dates and error when asked for. `names` gives each indicator
// key's Chinese name (立案率) for Chinese headers (立案率(%), 立案率得分).
ZHIFA_EXPORT std::vector<std::string> ScoreColumns(const std::vector<std::string>& keys,
                                                   const std::vector<std::string>& names,
                                                   const ScoreOutputOptions& options);

// CSV with the columns of ScoreColumns(). Rates are percentages with rate_decimals places, empty when not
// applicable; points have points_decimals places; ruleset_digest is the first 12 hex digits of the rule set's
// SHA-256; not_applicable lists the keys of indicators with a zero denominator (scored full points), joined
// with |; findings the remarks' rule ids (zero_activity). Bad rows keep their unit and period as written and
// leave the scores empty.
ZHIFA_EXPORT void WriteCsv(std::ostream& out, const ScoredTable& table, const ScoreOutputOptions& options);

// A JSON array with one object per row: ToJsonValue(card) plus "row" (keys in Chinese with chinese_headers);
// bad rows {"row", "unit", "period", "error"}.
ZHIFA_EXPORT void WriteJson(std::ostream& out, const ScoredTable& table, const ScoreOutputOptions& options);

// An aligned table for a terminal, CJK-width aware, sorted by period and rank, that fits 100 columns: points
// under two-line headers (立案率 / 得分), an asterisk on points of an indicator that did not apply (zero
// denominator: full points), a "!" on the total of a unit with no activity at all, a legend under the table,
// and bad rows last with their error. The period is a title line when every row has the same one.
ZHIFA_EXPORT void WriteTable(std::ostream& out, const ScoredTable& table, const ScoreOutputOptions& options);

// Terminal columns a UTF-8 string takes (East Asian wide and full-width characters count 2).
ZHIFA_EXPORT int DisplayWidth(std::string_view text);

}  // namespace zhifa

#endif  // ZHIFA_REPORT_H_

// Reports: scoring a table of rows, ranking it, and writing it as CSV, JSON or an aligned terminal table.
//
// A ScoredTable takes rows as they are read (csv.h), one at a time, and keeps only a compact record of each:
// its counts and, once scored, its points, rates, total and ranks. Rows are scored in chunks by the batch
// engine (batch.h), with the rule set that the RuleBook puts in force on the row's period; bad rows keep their
// errors. Memory grows with the rows being ranked (about 260 bytes a row), not with the text read. Every input
// row is one output row, in input order. A row's full Scorecard (for explanations and JSON) is recomputed on
// demand, exactly.
//
// Example:
//   zhifa::ScoredTable table(zhifa::RuleBook::Builtin(), zhifa::Registry::Builtin());
//   absl::Status s = zhifa::ReadCountsCsvFile("counts.csv", zhifa::Registry::Builtin(), {},
//                                             [&](zhifa::CountsRow&& row) { table.Add(std::move(row)); });
//   table.Finish();
//   zhifa::WriteCsv(std::cout, table, /*error_column=*/false);
#ifndef ZHIFA_REPORT_H_
#define ZHIFA_REPORT_H_

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "zhifa/csv.h"
#include "zhifa/explain.h"
#include "zhifa/rules.h"
#include "zhifa/score.h"
#include "zhifa/units.h"

namespace zhifa {

class ScoredTable {
 public:
  // `book` and `registry` must outlive the table.
  ScoredTable(const RuleBook& book, const Registry& registry);

  // Adds the next row. A row is bad when it has errors already, when no rule set covers its period, or when an
  // earlier row has the same scored unit and period (a sub-unit's row is its parent's: "公安局 2021 is already
  // on row 2 (交警大队 is scored as 公安局)"). Precondition: Finish() has not been called.
  void Add(CountsRow row);
  // Scores the rows still buffered and ranks every good row: by total, descending, ties sharing a rank
  // (1, 2, 2, 4), within its period (rank) and within its period and category (category_rank).
  void Finish();

  size_t size() const { return rows_.size(); }
  size_t bad_rows() const { return bad_.size(); }
  bool ok(size_t i) const { return !bad_.contains(i); }
  int64_t row_number(size_t i) const { return rows_[i].row; }
  // Empty for a good row.
  const std::vector<RowError>& errors(size_t i) const;
  // The unit and period as written (bad rows) or as scored (good rows: the unit's printed name).
  std::string unit_text(size_t i) const;
  std::string period_text(size_t i) const;
  // Good rows only (precondition ok(i)):
  const Unit& unit(size_t i) const;
  const Period& period(size_t i) const { return rows_[i].period; }
  const RuleSet& rules(size_t i) const;
  Decimal total(size_t i) const;
  // Points of indicator j of the row's rule set (nullopt when excluded); its rate as a rounded percentage
  // (nullopt when not applicable).
  std::optional<Decimal> points(size_t i, size_t j) const;
  std::optional<Decimal> rate(size_t i, size_t j) const;
  int rank(size_t i) const { return rows_[i].rank; }
  int category_rank(size_t i) const { return rows_[i].category_rank; }
  // The full scorecard, recomputed from the row's counts (the same numbers), with its ranks.
  Scorecard Card(size_t i) const;
  // Indicator keys in rule-set order over the rule sets used (first appearance first); the default rule set's
  // keys when no row was scored.
  std::vector<std::string> indicator_keys() const;
  // Index of indicator `key` in row i's rule set, or nullopt.
  std::optional<size_t> indicator_index(size_t i, std::string_view key) const;

 private:
  static constexpr uint32_t kNone = 0xFFFFFFFF;
  struct Row {
    int64_t row = 0;
    Period period = Period::Year(2021);
    uint32_t unit = kNone;     // index into the registry's units (the scored unit)
    uint32_t ruleset = kNone;  // index into the book's sets
    uint32_t scores = kNone;   // offset into points_ and rates_ (one entry per indicator)
    int32_t rank = 0;
    int32_t category_rank = 0;
    int64_t total = 0;  // units of 10^-points_decimals
    Counts counts;
  };
  struct Bad {
    std::string unit_text;
    std::string period_text;
    std::vector<RowError> errors;
  };
  void ScorePending(uint32_t ruleset);

  const RuleBook& book_;
  const Registry& registry_;
  std::vector<Row> rows_;
  absl::flat_hash_map<size_t, Bad> bad_;
  std::vector<int64_t> points_;                  // kNoValue when excluded
  std::vector<int64_t> rates_;                   // kNoValue when not applicable
  std::vector<std::vector<size_t>> pending_;     // per rule set: rows waiting to be scored
  absl::flat_hash_map<uint64_t, int64_t> seen_;  // (unit << 32 | period code) -> first row
  bool finished_ = false;
};

// All errors of a row as one line: "column closed: 7 is more than filed (5); column unit: ...".
std::string JoinErrors(const std::vector<RowError>& errors);

// CSV with the columns unit_code, unit, category, period, then <key>_rate and <key>_points per indicator
// (ScoredTable::indicator_keys()), then total, rank, category_rank, ruleset, and `error` when `error_column`.
// Rates are percentages with rate_decimals places, empty when not applicable; points have points_decimals
// places. Bad rows keep their unit and period as written and leave the scores empty.
void WriteCsv(std::ostream& out, const ScoredTable& table, bool error_column);

// A JSON array with one object per row: ToJsonValue(card) plus "row"; bad rows {"row", "unit", "period",
// "error"}.
void WriteJson(std::ostream& out, const ScoredTable& table, bool with_explanation);

// An aligned table for a terminal, CJK-width aware, sorted by period and rank; bad rows last with their error.
void WriteTable(std::ostream& out, const ScoredTable& table, Language language);

// Terminal columns a UTF-8 string takes (East Asian wide and full-width characters count 2).
int DisplayWidth(std::string_view text);

}  // namespace zhifa

#endif  // ZHIFA_REPORT_H_

// Reports: scoring a table of rows and writing the results as CSV, JSON or an aligned terminal table.
//
// ScoreRows takes rows as read by csv.h (or built by hand), selects each row's rule set from a RuleBook by its
// period, scores the valid rows, marks the bad ones (their own errors, a duplicate unit and period, a period
// no rule set covers) and ranks the scored rows. Every input row gives exactly one output row, in input order.
//
// Example:
//   std::vector<zhifa::CountsRow> rows = ...;  // from ReadCountsCsv
//   std::vector<zhifa::RowResult> results = zhifa::ScoreRows(std::move(rows), zhifa::RuleBook::Builtin(),
//                                                            zhifa::Registry::Builtin());
//   zhifa::WriteCsv(std::cout, results, /*error_column=*/false);
#ifndef ZHIFA_REPORT_H_
#define ZHIFA_REPORT_H_

#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "zhifa/csv.h"
#include "zhifa/explain.h"
#include "zhifa/rules.h"
#include "zhifa/score.h"
#include "zhifa/units.h"

namespace zhifa {

struct RowResult {
  int64_t row = 0;                // 1-based input row
  std::string unit_text;          // as written
  std::string period_text;        // as written
  std::optional<Scorecard> card;  // set exactly when errors is empty
  std::vector<RowError> errors;
  bool ok() const { return errors.empty(); }
};

// Scores every row, in order. A row is bad when it has errors already, when its period has no rule set in
// `book`, or when an earlier row has the same scored unit and period (a sub-unit's row is its parent's:
// "公安局 2021 is already on row 2 (交警大队 is scored as 公安局)"). Good rows are ranked with Rank().
std::vector<RowResult> ScoreRows(std::vector<CountsRow> rows, const RuleBook& book, const Registry& registry);

// All errors of a row as one line: "column closed: 7 is more than filed (5); column unit: ...".
std::string JoinErrors(const std::vector<RowError>& errors);

// CSV with the columns unit_code, unit, category, period, then <key>_rate and <key>_points per indicator (in
// rule-set order; the union over the rule sets used), then total, rank, category_rank, ruleset, and `error`
// when `error_column`. Rates are percentages with rate_decimals places, empty when not applicable; points
// have points_decimals places. Bad rows keep their unit and period as written and leave the scores empty.
void WriteCsv(std::ostream& out, std::span<const RowResult> rows, bool error_column);

// A JSON array with one object per row: ToJsonValue(card) plus "row"; bad rows {"row", "unit", "period",
// "error"}.
void WriteJson(std::ostream& out, std::span<const RowResult> rows, bool with_explanation);

// An aligned table for a terminal, CJK-width aware, sorted by period and rank; bad rows last with their error.
void WriteTable(std::ostream& out, std::span<const RowResult> rows, Language language);

// Terminal columns a UTF-8 string takes (East Asian wide and full-width characters count 2).
int DisplayWidth(std::string_view text);

}  // namespace zhifa

#endif  // ZHIFA_REPORT_H_

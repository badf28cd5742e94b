// Report layout: the one description of an evaluation report (排名通报) — its sheets, their tables and charts —
// that the Excel workbook (workbook.h, libxlsxwriter) and the HTML report (WriteHtml below) both render.
//
// A report starts from scored rows (ReportInput): from a ScoredTable (the CLI's `zhifa report`), or from the
// columns of a scored frame (Python's zhifa.to_excel). BuildReportLayout turns them into sheets:
//   - 总表 (Summary): every good row by period and rank — rank, unit, category, period, each indicator's rate and
//     points, total, category rank — and a bar chart of the latest period's totals, each bar coloured by category;
//   - one sheet per category (乡镇街道, 县政府部门, 垂管单位) with the same columns, by category rank;
//   - 趋势 (Trend), when several periods are present: unit × period totals and ranks, the change of total from the
//     first period to the last and of rank (positive: climbed), and a line chart per category over the periods;
//   - 说明 (Explanations): each row's explanation (numerator, denominator, rate, deductions, clauses) beside its
//     rule set id and digest, so a figure can be replayed;
//   - 错误 (Errors): bad rows kept with --keep-going, with their error;
//   A 备注 (Notes) column on 总表 and the category sheets says when an indicator did not apply, a unit had no
//   activity, or a rule set was applied outside its dates.
//   - one sheet per group of findings (cases check, the ledger, the people rules) that the input carries.
// Charts name their data by ranges of a sheet's cells, as Excel does, so the HTML's SVG draws the same numbers.
//
// Example:
//   zhifa::ReportInput input = zhifa::ReportInputFromTable(table, zhifa::Language::kZh);
//   zhifa::ReportLayout layout = zhifa::BuildReportLayout(input, zhifa::Language::kZh);
//   zhifa::WriteHtml(std::cout, layout);
//
// Thread-safety: plain values and pure functions; WriteHtml is reentrant on distinct streams.
#ifndef ZHIFA_LAYOUT_H_
#define ZHIFA_LAYOUT_H_

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "zhifa/export.h"
#include "zhifa/findings.h"
#include "zhifa/language.h"
#include "zhifa/report.h"

namespace zhifa {

// ---- what a report is made from -----------------------------------------------------------------------------

struct ZHIFA_EXPORT ReportIndicator {
  std::string key;      // "filing"
  std::string name;     // "立案率"
  std::string name_en;  // "Filing rate"
};

struct ZHIFA_EXPORT ReportRow {
  // Where the row is, as its reader numbers it: its line in the file ("4"), or a frame's index label; empty when
  // it comes from no file (rows aggregated from cases). Shown in the 错误 sheet's 行 column.
  std::string label;
  std::string unit_code;  // empty for a bad row whose unit is unknown
  std::string unit;       // as printed in the plan (bad rows: as written)
  std::string category;   // "township" | "department" | "vertical" (CategoryKey); empty for a bad row
  std::string period;     // "2021", "2021-H1", ...
  // Per indicator of ReportInput::indicators: the rate as a percentage (nullopt: not applicable, or not in the
  // row's rule set) and the points (nullopt: not in the row's rule set).
  std::vector<std::optional<double>> rates;
  std::vector<std::optional<double>> points;
  double total = 0;
  int rank = 0;
  int category_rank = 0;
  std::string ruleset;
  std::string ruleset_digest;  // the first 12 hex digits of the rule set's SHA-256
  std::string explanation;     // may be empty
  std::string error;           // non-empty: a bad row (no scores)
  // Remarks shown in a 备注 column: the keys of indicators that did not apply (zero denominator), a
  // unit with no activity at all (zero_activity), a row scored by a rule set not in force on its period
  // (--apply-rules-to-all-periods).
  std::vector<std::string> not_applicable;
  bool zero_activity = false;
  bool outside_dates = false;
};

// A family of findings for its own sheet: "案件检查" / "Case checks" with id header "案件编号" / "case_id".
struct ZHIFA_EXPORT FindingsGroup {
  std::string name;
  std::string name_en;
  std::string id_header;
  std::string id_header_en;
  std::vector<Finding> findings;
  // Empty, or one per finding: where each is, shown instead of Finding::row (a frame's index labels).
  std::vector<std::string> labels;
};

struct ZHIFA_EXPORT ReportInput {
  std::vector<ReportIndicator> indicators;  // in rule-set order
  int points_decimals = 2;
  int rate_decimals = 2;
  std::vector<ReportRow> rows;  // in input order
  std::vector<FindingsGroup> findings;
};

// The rows of a finished table (ScoredTable::Finish), with each good row's explanation in `language` when
// `explain` (Explain(Card(i)): recomputed per row, so a spilled table is read block by block, in input order).
// Indicator names and decimal places come from the rule sets that scored rows, else from the table's book.
ZHIFA_EXPORT ReportInput ReportInputFromTable(const ScoredTable& table, Language language, bool explain = true);

// ---- the layout -----------------------------------------------------------------------------------------------

enum class ColumnKind {
  kText,      // a short text
  kLongText,  // a text of several lines (explanations): wrapped
  kInteger,   // ranks, lines
  kDecimal,   // points: `decimals` places
  kPercent,   // a rate given as its percentage (90.16): `decimals` places, shown with %
  kChange,    // a signed change (+1.25, -3): `decimals` places, sign always shown
};

struct ZHIFA_EXPORT LayoutColumn {
  std::string header;
  ColumnKind kind = ColumnKind::kText;
  int decimals = 0;
};

struct ZHIFA_EXPORT LayoutCell {
  enum class Kind : uint8_t { kEmpty, kText, kNumber };
  Kind kind = Kind::kEmpty;
  std::string text;
  double number = 0;

  static LayoutCell Text(std::string t) { return {Kind::kText, std::move(t), 0}; }
  static LayoutCell Number(double n) { return {Kind::kNumber, {}, n}; }
};

// A block of a sheet's cells: row 0 is the header (a series over periods takes its labels from there), data
// rows count from 1, columns from 0; both ends included.
struct ZHIFA_EXPORT CellRange {
  size_t first_row = 0, last_row = 0;
  size_t first_column = 0, last_column = 0;
};

// RGB, 0xRRGGBB.
using Color = uint32_t;

struct ZHIFA_EXPORT ChartSeries {
  std::string name;
  // The cell (row, column) that holds the name, when there is one: Excel then reads the name from it (so that a
  // name such as "=x" is never taken for a formula).
  std::optional<std::pair<size_t, size_t>> name_cell;
  CellRange categories;  // the labels (a row or a column of cells)
  CellRange values;      // the numbers, as many as labels
  Color color = 0;
  std::vector<Color> point_colors;  // one per value when the points differ (bars coloured by category)
};

struct ZHIFA_EXPORT LayoutChart {
  enum class Kind : uint8_t { kBar, kLine };  // kBar: horizontal bars, first label on top
  Kind kind = Kind::kBar;
  std::string title;
  std::string value_title;  // the value axis
  std::vector<ChartSeries> series;
  // A key to point colours (label, colour), drawn as the chart's legend; empty: the series are the legend.
  std::vector<std::pair<std::string, Color>> key;
};

struct ZHIFA_EXPORT LayoutSheet {
  std::string name;   // unique, at most 31 characters, none of []:*?/\ (Excel's rules)
  std::string title;  // a sentence above the table in HTML, the sheet's header/footer in print
  std::vector<LayoutColumn> columns;
  std::vector<std::vector<LayoutCell>> rows;  // each as long as columns
  std::vector<LayoutChart> charts;            // beside the table (Excel), above it (HTML)
};

struct ZHIFA_EXPORT ReportLayout {
  std::string title;  // "镇平县行政执法六率考核排名通报"
  Language language = Language::kZh;
  std::vector<LayoutSheet> sheets;
};

inline constexpr size_t kMaxBars = 10000;
inline constexpr size_t kMaxSeries = 255;  // Excel's limit of series in one chart

// The colour of a category's bars and lines in every chart (CategoryKey).
ZHIFA_EXPORT Color CategoryColor(std::string_view category_key);

// The report's sheets, headers in `language` (Chinese: 总表, 排名, 立案率, 立案率得分, ...; English: Summary, Rank,
// filing rate, filing rate points, ... — the rule set's names). Empty sheets are left out, except 总表, which is
// there even with no good row. Charts stay within what Excel draws: the bar chart is left out when the latest
// period has more than kMaxBars rows (the sheet's title says so), and a category's units are spread over line
// charts of at most kMaxSeries lines each.
ZHIFA_EXPORT ReportLayout BuildReportLayout(const ReportInput& input, Language language);

// One self-contained HTML file (no network: styles and SVG charts inline), a section per sheet, with a print
// stylesheet for A4 landscape (each sheet on new pages, table headers repeated on each page).
ZHIFA_EXPORT void WriteHtml(std::ostream& out, const ReportLayout& layout);

}  // namespace zhifa

#endif  // ZHIFA_LAYOUT_H_

// Internal: reading a table as Chinese offices export it, for every reader (counts, cases, quotas, the ledger,
// officers) and for Python's read_table.
//
// Given the columns a reader knows (ColumnSpec: canonical name, Chinese header, synonyms, kind), a TableReader
// takes the records of a CSV (or the rows of a spreadsheet) and:
//   - finds the header: the first row, within the first 10, that has every required column (title rows above it
//     are skipped, and a note says so);
//   - maps headers to columns whatever their spelling: English or Chinese, synonyms (年度 for 期间, 单位名称 for
//     单位), full-width letters, spaces, a unit in brackets (立案数量（件）); a 序号/编号 column and empty header
//     cells are ignored; other unknown columns are named in one note;
//   - skips empty rows, and rows whose first cell, row-number cell or first text cell is 合计/总计/小计 (a totals
//     row: skipped with a note, after its figures are checked against the sums of the whole-number columns of the
//     rows above it — since the last 小计 for a 小计 — and a warning names every figure that differs);
//   - numbers rows by their line as a spreadsheet shows it: title and header rows counted, the first row is 1.
#ifndef ZHIFA_LIB_TABLE_READER_H_
#define ZHIFA_LIB_TABLE_READER_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "lib/cells.h"
#include "lib/csv_reader.h"
#include "zhifa/csv.h"

namespace zhifa::internal {

// What a column holds, so that a cell can be cleaned into its canonical text (for Python's read_table).
enum class CellKind : uint8_t { kText, kWhole, kDate, kBool, kPeriod };

// A column a reader knows.
struct ColumnSpec {
  std::string_view name;     // canonical English header: "filed"
  std::string_view name_zh;  // the Chinese header: "立案数量"
  std::string_view aliases;  // more accepted headers, separated by '|': "立案数|立案件数"
  bool required = false;
  CellKind kind = CellKind::kText;
};

// The column specs of each kind of table, in one place (lib/table_reader.cc).
std::span<const ColumnSpec> CountsColumns();         // unit, period, the 13 counts (kAllColumns order)
std::span<const ColumnSpec> QuotaColumns();          // unit, period, should_file, neighbour
std::span<const ColumnSpec> CaseColumns();           // in the order of CaseColumn (lib/cases.cc)
std::span<const ColumnSpec> LedgerColumns();         // in the order of LedgerColumn (lib/ledger.cc)
std::span<const ColumnSpec> SubmissionColumns();     // unit, material, submitted_on
std::span<const ColumnSpec> OfficerColumns();        // in the order of OfficerColumn (lib/people.cc)
std::span<const ColumnSpec> TownshipColumns();       // in the order of TownshipColumn (lib/organization.cc)
std::span<const ColumnSpec> JointRequestColumns();   // in the order of JointColumn (lib/joint.cc)
std::span<const ColumnSpec> JointResponseColumns();  // request_id, unit, answered_on, cooperated
std::span<const ColumnSpec> DistanceColumns();       // from, to, km

// What `header` names among `specs`: the spec's canonical name, "#" for a row-number column (序号), "" for a
// column the reader does not know (as the reader maps a header row).
std::string_view ColumnOf(std::span<const ColumnSpec> specs, std::string_view header);

// The public face of a table's columns (TableColumn: name, Chinese header, required), for the *ColumnNames()
// functions of the headers.
std::vector<TableColumn> TableColumnsOf(std::span<const ColumnSpec> specs);

// One data row as the reader sees it.
class TableRow {
 public:
  int64_t line = 0;  // as a spreadsheet numbers it (1 = the file's first row)
  // The cell of spec `s`, cleaned (full-width forms as ASCII, trimmed); "" when the column is absent.
  std::string_view Cell(size_t s) const;
  // The cell as written.
  std::string_view Raw(size_t s) const;
  // Whether the file has column `s`.
  bool Has(size_t s) const { return (*at_)[s] >= 0; }
  // The header of spec `s` as the file writes it (its canonical name when the column is absent).
  std::string_view Header(size_t s) const;
  // Cells beyond the header that are not empty (a row that does not fit the header).
  size_t extra_cells = 0;
  // For a row of a ColumnarTable column given by codes: the index of spec `s`'s cell among the column's distinct
  // texts, so that a handler parses each distinct text once (ValueCount: how many there are); nullopt otherwise
  // (a CSV row, an empty cell, a column given per row).
  std::optional<size_t> ValueIndex(size_t s) const;
  size_t ValueCount(size_t s) const;

 private:
  friend class TableReader;
  // The field at index `at` of the record (a column of a ColumnarTable).
  std::string_view Field(int at) const;

  const std::vector<std::string>* fields_ = nullptr;
  const ColumnarTable* table_ = nullptr;                          // instead of fields_, for a columnar table
  const std::vector<std::vector<std::string>>* clean_ = nullptr;  // per column given by codes: its texts cleaned
  size_t index_ = 0;                                              // the row of table_
  mutable std::vector<std::string> lazy_;                         // per column, a cell asked of table_->cell
  const std::vector<int>* at_ = nullptr;                          // spec -> field index, or -1
  const std::vector<std::string>* headers_ = nullptr;
  std::span<const ColumnSpec> specs_;
  mutable std::vector<std::string> scratch_;
};

// A handler's parse of each distinct text of a columnar table's column, done once (TableRow::ValueIndex); cells of
// CSV rows, and of columns given per row, are parsed as they come. `cell` is r.Cell(s), which the caller holds
// (asking for it again may reuse the buffer that a view the caller holds points into).
template <typename T>
class CellMemo {
 public:
  template <typename Parse>
  T Get(const TableRow& r, size_t s, std::string_view cell, const Parse& parse) {
    const std::optional<size_t> v = r.ValueIndex(s);
    if (!v) return parse(cell);
    if (memo_.size() <= s) memo_.resize(s + 1);
    std::vector<std::optional<T>>& m = memo_[s];
    if (m.empty()) m.resize(r.ValueCount(s));
    if (!m[*v]) m[*v] = parse(cell);
    return *m[*v];
  }

 private:
  std::vector<std::vector<std::optional<T>>> memo_;  // per spec, per distinct text
};

class TableHandler {
 public:
  virtual ~TableHandler() = default;
  // The header was found; the row tells which columns are present (Has) and their headers.
  virtual absl::Status Begin(const TableRow& header) { return absl::OkStatus(); }
  virtual void Row(const TableRow& row) = 0;
};

// Takes records one at a time (from ReadCsv or from Python's spreadsheet rows) and hands the handler the
// header and the data rows.
class TableReader : public CsvHandler {
 public:
  TableReader(std::span<const ColumnSpec> specs, std::string_view source, std::string_view kind, TableHandler& handler,
              const NoteSink& on_note);
  absl::Status Record(std::vector<std::string>& fields) override;
  // Reads a whole columnar table (its headers as the first record, then its rows) and finishes.
  absl::Status Columns(const ColumnarTable& table);
  // After the last record: kInvalidArgument when no header was found; notes about skipped rows.
  absl::Status Finish();

 private:
  absl::Status TakeHeader(size_t candidate);
  // A data record in row_ (from Record or Columns): skipped when empty or a totals row, else handed over.
  void DataRow(bool blank);
  bool ColumnarBlank(const ColumnarTable& table, size_t row) const;
  void CheckTotal(TotalKind kind);
  void Note(std::string text);

  std::span<const ColumnSpec> specs_;
  std::string_view source_;
  std::string_view kind_;  // "counts", "case" ...: names the file in messages
  TableHandler& handler_;
  NoteSink on_note_;                                     // a copy: callers pass temporaries
  std::vector<std::vector<std::string>> before_header_;  // up to 10 records, until one is the header
  bool have_header_ = false;
  int64_t lines_ = 0;
  int64_t header_line_ = 0;
  std::vector<int> at_;  // spec -> field index
  std::vector<std::string> headers_;
  int row_number_column_ = -1;
  int first_text_column_ = -1;
  int64_t empty_rows_ = 0;
  std::vector<int64_t> total_lines_;
  std::vector<int64_t> sum_all_, sum_group_;  // per spec: the whole numbers of the data rows (kWhole specs)
  // A columnar table's, per column given by codes and per distinct text: blank, cleaned (NormalizeCell).
  std::vector<std::vector<bool>> blank_values_;
  std::vector<std::vector<std::string>> clean_values_;
  TableRow row_;
};

// Reads a CSV through a TableReader.
absl::Status ReadTable(std::istream& in, std::span<const ColumnSpec> specs, std::string_view kind,
                       const CsvOptions& options, const NoteSink& on_note, TableHandler& handler);
// Reads a columnar table through a TableReader, as ReadTable reads the same table written as CSV.
absl::Status ReadTableColumns(const ColumnarTable& table, std::span<const ColumnSpec> specs, std::string_view kind,
                              std::string_view source, const NoteSink& on_note, TableHandler& handler);

// The canonical text of a cell of this kind, as read_table returns it: a whole number in digits (300.0 ->
// 300), a date as YYYY-MM-DD, a boolean as 1 or 0, a period as 2021, 2021-H1, 2021-Q2 or 2021-05; other
// text cleaned (NormalizeCell). A cell that does not parse as its kind is returned cleaned but otherwise as
// written, so that the reader that takes it names it in its error.
std::string CanonicalCell(std::string_view cell, CellKind kind);

}  // namespace zhifa::internal

#endif  // ZHIFA_LIB_TABLE_READER_H_

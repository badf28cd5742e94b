// Reading counts from CSV: one row per unit and period, English or Chinese headers, UTF-8 or GB18030, as
// county offices export them from Excel or WPS.
//
// The CSV syntax is libcsv's (RFC 4180 quoting, CRLF or LF, strict about stray quotes). The reader streams: it
// holds one row at a time, decodes GB18030/GBK with glibc iconv (chosen with Encoding::kGb18030, or in kAuto
// when the first non-ASCII bytes are not valid UTF-8), drops a byte-order mark, finds the header (the first row
// within the first 10 that has the required columns; title rows above it are skipped), maps headers in any
// accepted spelling (docs/model.md table: `filed`, `立案数量`, `立案数`, `立案数量（件）`; `年度` for the period,
// `单位名称` for the unit), skips empty rows and 合计/小计 rows (checking their figures against the rows above),
// resolves units against a registry and parses periods (`2021年`, `2021年上半年` too) and counts (`300.0` and `３００`
// too). Errors of a row are collected on the row, never thrown away; errors of the file (no header, a repeated
// column, a CSV syntax error, bytes that are not text in the chosen encoding) end the read with
// kInvalidArgument.
//
// Rows are numbered by their line as a spreadsheet shows it: the file's first row is line 1, title and header
// rows included. That is the `row` in every message: "counts.csv: line 3, column closed: 7 is more than filed
// (5)".
//
// Example:
//   std::ifstream in("counts.csv", std::ios::binary);
//   absl::Status s = zhifa::ReadCountsCsv(in, zhifa::Registry::Builtin(), {.source = "counts.csv"},
//       [](zhifa::CountsRow&& row) { /* row.unit, row.period, row.counts, row.errors */ });
//
// Thread-safety: The readers are reentrant: many threads may read at once, sharing a Registry (the header tables
// they use are built once, under a lock). CsvOptions, CountsRow and ColumnarTable are plain values used by one
// thread at a time.
#ifndef ZHIFA_CSV_H_
#define ZHIFA_CSV_H_

#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "zhifa/counts.h"
#include "zhifa/export.h"
#include "zhifa/period.h"
#include "zhifa/units.h"

namespace zhifa {

enum class Encoding { kAuto, kUtf8, kGb18030 };

// "auto" | "utf-8" (also "utf8") | "gb18030" (also "gbk", "gb2312": GB18030 is their superset).
ZHIFA_EXPORT absl::StatusOr<Encoding> EncodingFromName(std::string_view name);

struct ZHIFA_EXPORT CsvOptions {
  Encoding encoding = Encoding::kAuto;
  std::string source = "<input>";  // names the input in messages
  // Called after each chunk of input (64 KiB) with the bytes read so far; for progress displays.
  std::function<void(uint64_t bytes)> on_progress;
  // The longest row read, in bytes of text (all its cells, separators and quotes): a longer one is an error
  // naming the line it starts after, not memory without bound (a file that is not CSV, an unclosed quote, an
  // endless header). Checked per 64 KiB chunk, so a row may exceed it by less than a chunk before it is noticed.
  uint64_t max_row_bytes = kDefaultMaxRowBytes;
  static constexpr uint64_t kDefaultMaxRowBytes = uint64_t{1} << 20;  // 1 MiB: real rows are under 10 KB
};

// A column of an input table: its canonical English name, its Chinese header, and whether the table needs it.
struct ZHIFA_EXPORT TableColumn {
  std::string_view name;
  std::string_view name_zh;
  bool required;
};

// One reason a row is bad: the column (its header as written, or "" for the whole row) and what was wrong.
struct ZHIFA_EXPORT RowError {
  std::string column;   // as the file's header names it; "" for the whole row
  std::string message;  // what is wrong, naming the value ("\"abc\" is not a whole number")
  std::string value;    // the cell as written (for the --errors file); may be empty
  // The kind of fault, as an absl::StatusCode: kInvalidArgument (a bad value), kNotFound (an unknown unit),
  // kOutOfRange (no rule set covers the period).
  absl::StatusCode code = absl::StatusCode::kInvalidArgument;
};

// "source: line 3, column closed: 7 is more than filed (5)" (`row` is the line as a spreadsheet numbers it).
ZHIFA_EXPORT std::string FormatRowError(std::string_view source, int64_t row, const RowError& error);

// A value as zhifa's messages echo it: control characters escaped (ESC as \x1b, so that no cell can drive the
// terminal showing the message), cut at a character boundary to `max` bytes with "…(N bytes)" when longer.
ZHIFA_EXPORT std::string EchoValue(std::string_view value, size_t max = 80);

struct ZHIFA_EXPORT CountsRow {
  int64_t row = 0;               // the line in the file, as a spreadsheet numbers it
  std::string unit_text;         // as written
  std::string period_text;       // as written
  const Unit* unit = nullptr;    // as resolved (possibly a sub-unit); nullptr when it did not resolve
  std::optional<Period> period;  // nullopt when malformed
  Counts counts;                 // the cells that parsed; Validate() errors are already in `errors`
  std::vector<RowError> errors;  // empty when the row is valid
  bool ok() const { return errors.empty(); }
};

// Completes a row whose unit_text, period_text and counts are filled in: resolves the unit, parses the period
// and appends every Validate() error, with the columns named canonically ("unit", "period", "closed"). Bit c of
// `unparsed_columns` marks a count cell that had a value which did not parse (its error is already in
// row.errors), so it is not reported again as missing. ReadCountsCsv and the Python bindings both build rows
// with it.
ZHIFA_EXPORT void ResolveRow(CountsRow& row, const Registry& registry, uint32_t unparsed_columns = 0);
// The same with the unit and period already resolved (registry.Resolve(row.unit_text), Period::Parse(
// row.period_text)): a columnar reader resolves each distinct text once.
ZHIFA_EXPORT void ResolveRow(CountsRow& row, const absl::StatusOr<const Unit*>& unit,
                             const absl::StatusOr<Period>& period, uint32_t unparsed_columns = 0);

// Notes about the input that are not errors (an unused column, the encoding detected).
using NoteSink = std::function<void(const std::string&)>;

// A table held as columns rather than as CSV text: what a pandas DataFrame is (the Python layer's bulk path). Its
// first row is the header (line 1); data row r is line r + 2. Each column is given one of three ways:
//   - `codes` and `values`: the column's distinct cell texts, and per row the index of its text (-1: an empty
//     cell) — a reader parses each distinct text once;
//   - `values` alone, one text per row (a column of ids, with as many distinct texts as rows);
//   - neither: a column the reader does not know, whose cells are asked of `cell` only when they matter (whether
//     a row empty in every other column is empty).
// Read by the Read*Columns functions (ReadCasesColumns in cases.h, ReadLedgerColumns in ledger.h, ...) exactly as
// the same table is read from CSV: header, empty and totals rows, messages.
struct ZHIFA_EXPORT ColumnarTable {
  struct Column {
    std::string header;
    std::vector<std::string> values;
    std::span<const int64_t> codes;
  };
  size_t rows = 0;
  std::vector<Column> columns;
  std::function<std::string(size_t column, size_t row)> cell;
};

// Reads a counts CSV from `in` (opened in binary mode) and calls `on_row` for every data row, in order.
// Returns kInvalidArgument naming the source (and row, column or byte offset where known) when the header
// lacks a required column or repeats one, when the CSV syntax is broken, or when the bytes are not valid text
// in the encoding; rows already delivered stay delivered.
ZHIFA_EXPORT absl::Status ReadCountsCsv(std::istream& in, const Registry& registry, const CsvOptions& options,
                                        const std::function<void(CountsRow&&)>& on_row,
                                        const NoteSink& on_note = nullptr);

// As above from a file path (kNotFound when it cannot be opened). `options.source` defaults to the path.
ZHIFA_EXPORT absl::Status ReadCountsCsvFile(const std::string& path, const Registry& registry, CsvOptions options,
                                            const std::function<void(CountsRow&&)>& on_row,
                                            const NoteSink& on_note = nullptr);

// The bundled sample, data/sample/zhenping-2021.csv (SYNTHETIC counts for the 53 units, 2021), as compiled
// into the library.
ZHIFA_EXPORT std::string_view BundledSampleCsv();
inline constexpr std::string_view kBundledSampleName = "data/sample/zhenping-2021.csv";

// Writes one CSV field, quoted when it holds a comma, quote, CR or LF (RFC 4180). A text that a spreadsheet would
// run as a formula (it begins with =, +, -, @, a tab or a CR) gets a leading apostrophe (OWASP's rule against
// CSV injection), so `=HYPERLINK(...)` from an input file is shown, never run.
ZHIFA_EXPORT void AppendCsvField(std::string& out, std::string_view field);

}  // namespace zhifa

#endif  // ZHIFA_CSV_H_

// zhifa._zhifa: reading tables as county offices export them — the same header finding and cell cleaning as the
// C++ readers, for zhifa.read_table (CSV bytes or spreadsheet rows in, canonical cells out).
#include <sstream>

#include "bindings/python/src/common.h"
#include "lib/csv_reader.h"
#include "lib/table_reader.h"

namespace zhifa::python {
namespace {

std::span<const internal::ColumnSpec> SpecsOf(const std::string& kind) {
  if (kind == "counts") return internal::CountsColumns();
  if (kind == "cases") return internal::CaseColumns();
  if (kind == "quota") return internal::QuotaColumns();
  RaiseStatus(absl::InvalidArgumentError("kind \"" + kind + "\": expected counts, cases or quota"), py::none(),
              py::str("kind"));
}

// Every record of a CSV, as lists of cells.
class Records : public internal::CsvHandler {
 public:
  absl::Status Record(std::vector<std::string>& fields) override {
    rows.push_back(fields);
    return absl::OkStatus();
  }
  std::vector<std::vector<std::string>> rows;
};

// The data rows of a table: each spec's cell in its canonical text, and the row's line.
class Collect : public internal::TableHandler {
 public:
  explicit Collect(std::span<const internal::ColumnSpec> specs) : specs_(specs) {}
  absl::Status Begin(const internal::TableRow& header) override {
    for (size_t s = 0; s < specs_.size(); ++s) {
      if (header.Has(s)) present.push_back(s);
    }
    return absl::OkStatus();
  }
  void Row(const internal::TableRow& r) override {
    lines.push_back(r.line);
    std::vector<std::string> cells;
    for (size_t s : present) cells.push_back(internal::CanonicalCell(r.Cell(s), specs_[s].kind));
    if (r.extra_cells > 0) extra.push_back(r.line);
    rows.push_back(std::move(cells));
  }
  std::span<const internal::ColumnSpec> specs_;
  std::vector<size_t> present;
  std::vector<int64_t> lines, extra;
  std::vector<std::vector<std::string>> rows;
};

}  // namespace

void BindTables(py::module_& m) {
  // The records of CSV bytes: UTF-8 (BOM or not) or GB18030, found as the C++ readers find it.
  m.def(
      "csv_records",
      [](const py::bytes& data, const std::string& encoding, const std::string& source) {
        CsvOptions options;
        options.encoding = Unwrap(EncodingFromName(encoding));
        options.source = source;
        std::vector<std::string> notes;
        NoteSink on_note = [&](const std::string& n) { notes.push_back(n); };
        std::istringstream in{std::string(data)};
        Records records;
        absl::Status s = internal::ReadCsv(in, options, on_note, records);
        if (!s.ok()) RaiseStatus(s);
        return py::make_tuple(records.rows, notes);
      },
      py::arg("data"), py::arg("encoding") = "auto", py::arg("source") = "<input>");
  // A table of text cells (rows as a spreadsheet has them) read as a `kind` table: its header found, its columns
  // named canonically, empty and total rows skipped, every cell in its canonical text.
  m.def(
      "clean_table",
      [](const std::vector<std::vector<std::string>>& rows, const std::string& kind, const std::string& source) {
        std::span<const internal::ColumnSpec> specs = SpecsOf(kind);
        std::vector<std::string> notes;
        NoteSink on_note = [&](const std::string& n) { notes.push_back(n); };
        Collect collect(specs);
        internal::TableReader reader(specs, source, kind, collect, on_note);
        for (std::vector<std::string> row : rows) {
          if (absl::Status s = reader.Record(row); !s.ok()) RaiseStatus(s);
        }
        if (absl::Status s = reader.Finish(); !s.ok()) RaiseStatus(s);
        std::vector<std::string> columns;
        for (size_t s : collect.present) columns.emplace_back(specs[s].name);
        py::dict out;
        out["columns"] = columns;
        out["rows"] = collect.rows;
        out["lines"] = collect.lines;
        out["notes"] = notes;
        out["extra"] = collect.extra;
        return out;
      },
      py::arg("rows"), py::arg("kind"), py::arg("source") = "<table>");
  // Which kinds of table `rows` could be: those whose required columns a row within the first 10 has.
  m.def("table_kinds", [](const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::string> kinds;
    for (const char* kind : {"counts", "cases", "quota"}) {
      std::span<const internal::ColumnSpec> specs = SpecsOf(kind);
      class Nothing : public internal::TableHandler {
        void Row(const internal::TableRow&) override {}
      } nothing;
      internal::TableReader reader(specs, "", kind, nothing, nullptr);
      bool found = false;
      for (size_t i = 0; i < rows.size() && i < 10 && !found; ++i) {
        std::vector<std::string> row = rows[i];
        found = reader.Record(row).ok() && reader.Finish().ok();
      }
      if (found) kinds.push_back(kind);
    }
    return kinds;
  });
}

}  // namespace zhifa::python

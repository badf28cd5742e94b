// zhifa._zhifa: a DataFrame as a table for the C++ readers. The Python layer passes a frame's columns (each distinct
// text once, dates as day numbers, categoricals by their codes: zhifa._cases._columns); FrameColumns makes the
// ColumnarTable (csv.h) that the Read*Columns functions read exactly as the CSV of the same table would be read.
#ifndef ZHIFA_BINDINGS_PYTHON_FRAME_COLUMNS_H_
#define ZHIFA_BINDINGS_PYTHON_FRAME_COLUMNS_H_

#include <list>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "bindings/python/src/common.h"

namespace zhifa::python {

// A DataFrame's columns as zhifa._cases._columns passes them, each a tuple (header, how, ...):
//   ("codes", codes, values): an int64 array of codes and the list of the distinct texts;
//   ("objects", cells): a list of one value per row, factorized here (as pandas.factorize does: equal str objects
//     are one value, compared by Python's own hash and equality) so that each distinct text is parsed once;
//   ("cells", cells): a list of one value per row, each its own text (case ids);
//   ("lazy",): a column the reader does not know, whose cells are asked of `cell(column, row)` only when they
//     matter.
// A value that is not a str is written by `text` (None, NaN: empty). The table borrows the arrays; keep this alive
// while it is read.
class FrameColumns {
 public:
  FrameColumns(const py::list& columns, size_t rows, const py::object& text, const py::object& cell);
  FrameColumns(const FrameColumns&) = delete;  // the table's spans point into the arrays held here
  FrameColumns& operator=(const FrameColumns&) = delete;
  const ColumnarTable& table() const { return table_; }

 private:
  void Factorize(const py::list& cells, ColumnarTable::Column& c);

  py::object text_;
  std::vector<py::array_t<int64_t, py::array::c_style | py::array::forcecast>> arrays_;
  std::list<internal::HugeVector<int64_t>> owned_;  // codes made by Factorize (a list: spans into them stay valid)
  ColumnarTable table_;
};

// A table as the Python layer passes it: CSV text (a str: a file's or a store's; "" or None for none) or a
// DataFrame's columns, the tuple (columns, rows, text, cell) of FrameColumns' arguments.
class TableInput {
 public:
  explicit TableInput(const py::handle& arg);
  bool empty() const { return frame_ == nullptr && text_.empty(); }
  // Reads it: CSV text with `csv(std::istream&, const CsvOptions&)`, columns with
  // `columns(const ColumnarTable&, std::string_view source)`; `source` names the table in messages.
  template <typename Csv, typename Columns>
  absl::Status Read(const std::string& source, const Csv& csv, const Columns& columns) const {
    if (frame_ != nullptr) return columns(frame_->table(), std::string_view(source));
    std::istringstream in(text_);
    CsvOptions options;
    options.source = source;
    return csv(static_cast<std::istream&>(in), static_cast<const CsvOptions&>(options));
  }

 private:
  std::string text_;
  std::unique_ptr<FrameColumns> frame_;
};

}  // namespace zhifa::python

#endif  // ZHIFA_BINDINGS_PYTHON_FRAME_COLUMNS_H_

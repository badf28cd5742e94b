#include "bindings/python/src/frame_columns.h"

namespace zhifa::python {

FrameColumns::FrameColumns(const py::list& columns, size_t rows, const py::object& text, const py::object& cell)
    : text_(text) {
  table_.rows = rows;
  for (const py::handle& h : columns) {
    py::tuple t = h.cast<py::tuple>();
    ColumnarTable::Column& c = table_.columns.emplace_back();
    c.header = t[0].cast<std::string>();
    const std::string how = t[1].cast<std::string>();
    if (how == "codes") {
      auto& a = arrays_.emplace_back(t[2].cast<py::array_t<int64_t, py::array::c_style | py::array::forcecast>>());
      c.codes = std::span<const int64_t>(a.data(), static_cast<size_t>(a.size()));
      c.values = t[3].cast<std::vector<std::string>>();
    } else if (how == "objects") {
      Factorize(t[2].cast<py::list>(), c);
    } else if (how == "cells") {
      py::list cells = t[2].cast<py::list>();
      c.values.reserve(cells.size());
      for (const py::handle& v : cells) c.values.push_back(CellText(v.ptr(), text_));
    }
  }
  if (!cell.is_none()) {
    table_.cell = [cell](size_t column, size_t row) { return cell(column, row).cast<std::string>(); };
  }
}

void FrameColumns::Factorize(const py::list& cells, ColumnarTable::Column& c) {
  Factorized f = FactorizeObjects(cells, text_, /*empty_is_missing=*/true);
  c.values = std::move(f.texts);
  c.codes = owned_.emplace_back(std::move(f.codes));
}

TableInput::TableInput(const py::handle& arg) {
  if (arg.is_none()) return;
  if (py::isinstance<py::str>(arg)) {
    text_ = arg.cast<std::string>();
    return;
  }
  if (!py::isinstance<py::tuple>(arg) || py::len(arg) != 4) {
    RaiseStatus(absl::InvalidArgumentError("a table: expected CSV text or the tuple (columns, rows, text, cell)"));
  }
  py::tuple t = py::reinterpret_borrow<py::tuple>(arg);
  frame_ =
      std::make_unique<FrameColumns>(t[0].cast<py::list>(), t[1].cast<size_t>(), py::object(t[2]), py::object(t[3]));
}

}  // namespace zhifa::python

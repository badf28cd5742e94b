// zhifa._zhifa, the pybind11 module behind the `zhifa` Python package: what the binding files share.
//
// Thin: every rule lives in the C++ library. The binding files (one per concept: units, rules, calendar, score,
// cases, tables, ledger, people) convert types — exact decimals to decimal.Decimal, ratios to fractions.Fraction, Boost
// dates to datetime.date — and map absl::Status to the package's exceptions in one function, RaiseStatus.
#ifndef ZHIFA_BINDINGS_PYTHON_COMMON_H_
#define ZHIFA_BINDINGS_PYTHON_COMMON_H_

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <optional>
#include <string>

#include "lib/huge_pages.h"
#include "zhifa/zhifa.h"

namespace zhifa::python {

namespace py = pybind11;

// What a failing call was about, for the exception type of a kNotFound status.
enum class Lookup { kOther, kUnit, kFile };

// Raises the Python exception for `status` (which must not be OK), with .row, .column and .code:
//   kInvalidArgument -> InputError (UnknownUnitError for a unit lookup); kOutOfRange -> CoverageError;
//   kNotFound -> UnknownUnitError (unit lookup), FileMissingError (a file) or NotFoundError; else Error.
[[noreturn]] void RaiseStatus(const absl::Status& status, py::object row = py::none(), py::object column = py::none(),
                              Lookup lookup = Lookup::kOther);

template <typename T>
T Unwrap(absl::StatusOr<T> v, Lookup lookup = Lookup::kOther) {
  if (!v.ok()) RaiseStatus(v.status(), py::none(), py::none(), lookup);
  return *std::move(v);
}

// Makes a type that is read from a TOML document pickle (every protocol) and copy as that document: __reduce__
// names zhifa._pickle.restore and `_<name>_from_pickle`, which reads the text again with T::FromText.
template <typename T>
void PicklesAsText(py::module_& m, py::class_<T, std::shared_ptr<T>>& cls, const std::string& name) {
  std::string constructor = "_" + name + "_from_pickle";
  cls.def("__reduce__",
          [constructor](const T& x) {
            return py::make_tuple(py::module_::import("zhifa._pickle").attr("restore"),
                                  py::make_tuple(constructor, py::make_tuple(x.text())));
          })
      .def("__copy__", [](const std::shared_ptr<T>& x) { return x; })
      .def("__deepcopy__", [](const std::shared_ptr<T>& x, const py::dict&) { return x; });
  m.def(constructor.c_str(), [name](const py::tuple& t) {
    if (t.size() != 1 || !py::isinstance<py::str>(t[0])) {
      RaiseStatus(absl::InvalidArgumentError("not a pickled " + name));
    }
    return std::make_shared<T>(Unwrap(T::FromText(t[0].cast<std::string>(), "pickle")));
  });
}

// The registry a Python call names (registry=), or the built-in one for None.
const Registry& RegistryOr(const std::shared_ptr<Registry>& registry);

py::object ToDecimal(const std::string& text);
py::object ToDecimal(const Decimal& d);
py::object ToFraction(__int128 num, __int128 den);
py::object ToDate(Date d);
py::object OptDate(const std::optional<Date>& d);
// A date from datetime.date / datetime.datetime / pandas.Timestamp (anything with year, month, day), or a
// string in any form ParseDate accepts. InputError naming `what` otherwise.
Date ToDateArg(const py::handle& value, const char* what = "date");
// A period from "2021", 2021, 2021.0, "2021-H1", "2021年", a pandas.Period. InputError otherwise.
Period ToPeriod(const py::handle& period);
// The text a period value stands for ("" for None/NaN), as score_frame and score() read it.
std::string PeriodText(const py::handle& value);

// The text of a cell value: a str's own UTF-8; anything else as `text(value)` writes it.
std::string CellText(PyObject* value, const py::object& text);

// A column of Python values (a list, one per row) factorized as pandas.factorize does — equal str objects are one
// value, compared by Python's own hash and equality, numbered in order of first appearance — without pandas'
// arrays of codes and uniques: per row the index of its value among `texts`. A value that is not a str is
// numbered by its text (`text(value)`); with `empty_is_missing`, a value whose text is empty (None, NaN) gets -1.
struct Factorized {
  internal::HugeVector<int64_t> codes;
  std::vector<std::string> texts;
};
Factorized FactorizeObjects(const py::list& cells, const py::object& text, bool empty_is_missing);
// The same over `n` values at `cells` (a list's items, or a numpy object array's slots: no list is made).
Factorized FactorizeObjects(PyObject* const* cells, size_t n, const py::object& text, bool empty_is_missing);
// The values of `cells` (a list, or a 1-D numpy object array) as a pointer and a count, with the object that keeps
// them alive (the array made contiguous when it was not).
struct ObjectCells {
  py::object owner;
  PyObject* const* items = nullptr;
  size_t size = 0;
};
ObjectCells ObjectCellsOf(const py::handle& cells);

// A new, uninitialised numpy array of `shape` whose memory is one block aligned to 2 MiB and advised as
// transparent huge pages when it spans one (huge_pages.h: first touching fresh memory is the main cost of building
// a large frame here). The array owns the block through a capsule; not for object arrays.
template <typename T>
py::array_t<T> HugeArray(const std::vector<py::ssize_t>& shape) {
  size_t count = 1;
  for (py::ssize_t d : shape) count *= static_cast<size_t>(d);
  void* block = internal::HugeBlock(count * sizeof(T));
  py::capsule owner(block, [](void* p) { std::free(p); });
  return py::array_t<T>(shape, static_cast<T*>(block), owner);
}

// A numpy object array of table[index[i]] (None where index[i] < 0): the strings of an output column, made
// without numpy's generic take.
py::array TakeObjects(const std::vector<py::object>& table, const int32_t* index, size_t n);

// A scorecard together with the rule set that made it, so that it can be pickled and replayed exactly.
struct PyScorecard {
  Scorecard card;
  std::shared_ptr<const RuleSet> rules;
};

void BindUnits(py::module_& m);
void BindRules(py::module_& m);
void BindCalendar(py::module_& m);
void BindScore(py::module_& m);
void BindPlanner(py::module_& m);
void BindFrame(py::module_& m);
void BindCases(py::module_& m);
void BindTables(py::module_& m);
void BindLedger(py::module_& m);
void BindPeople(py::module_& m);
void BindReport(py::module_& m);

}  // namespace zhifa::python

#endif  // ZHIFA_BINDINGS_PYTHON_COMMON_H_

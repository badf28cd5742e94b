#include "bindings/python/src/common.h"

#include <cmath>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_format.h"

namespace zhifa::python {

const Registry& RegistryOr(const std::shared_ptr<Registry>& registry) {
  return registry ? *registry : Registry::Builtin();
}

std::string CellText(PyObject* value, const py::object& text) {
  if (PyUnicode_Check(value)) {
    Py_ssize_t size = 0;
    const char* utf8 = PyUnicode_AsUTF8AndSize(value, &size);
    if (utf8 == nullptr) {  // a lone surrogate: not text that a table can hold
      PyErr_Clear();
      RaiseStatus(absl::InvalidArgumentError(
          "a cell holds a lone surrogate (\\ud800-\\udfff), which is not text; decode the file with errors= set"));
    }
    return std::string(utf8, static_cast<size_t>(size));
  }
  return text(py::handle(value)).cast<std::string>();
}

namespace {

// Python's hash and equality of exact str objects (a str caches its hash).
struct StrHash {
  size_t operator()(PyObject* o) const { return static_cast<size_t>(PyObject_Hash(o)); }
};
struct StrEq {
  bool operator()(PyObject* a, PyObject* b) const { return a == b || PyUnicode_Compare(a, b) == 0; }
};

}  // namespace

Factorized FactorizeObjects(const py::list& cells, const py::object& text, bool empty_is_missing) {
  return FactorizeObjects(PySequence_Fast_ITEMS(cells.ptr()), cells.size(), text, empty_is_missing);
}

Factorized FactorizeObjects(PyObject* const* cells, size_t n, const py::object& text, bool empty_is_missing) {
  Factorized f;
  f.codes.resize(n);
  absl::flat_hash_map<PyObject*, int64_t, StrHash, StrEq> strs;
  absl::flat_hash_map<std::string, int64_t> others;  // values that are not str, by their text
  // The code of each str object seen, by its address: a column whose cells share objects (as one built from a
  // list of names) is numbered without hashing or comparing the text. A column of a new object per cell gains
  // nothing from it: once as many objects are kept as the limit, the map stays in use only if it has found more
  // cells than it holds.
  constexpr size_t kObjectsKept = size_t{1} << 16;
  absl::flat_hash_map<PyObject*, int64_t> by_address;
  bool use_address = true;
  size_t found_by_address = 0;
  // The code of each value that is not a str (None, the NaN of a column with gaps, a number), by its address, so
  // that `text` is asked once per object; bounded by a limit of its own.
  constexpr size_t kOthersKept = 4096;
  absl::flat_hash_map<PyObject*, int64_t> others_by_address;
  PyObject* last = nullptr;
  int64_t last_code = -1;
  for (size_t i = 0; i < n; ++i) {
    PyObject* v = cells[i];
    if (v == nullptr) v = Py_None;  // a slot numpy left empty reads as None
    if (v == last) {                // runs of one object (a column repeating a value) skip the hashing
      f.codes[i] = last_code;
      continue;
    }
    last = v;
    if (PyUnicode_CheckExact(v) && !(empty_is_missing && PyUnicode_GET_LENGTH(v) == 0)) {
      if (auto it = use_address ? by_address.find(v) : by_address.end(); it != by_address.end()) {
        last_code = it->second;
        ++found_by_address;
      } else {
        auto [at, added] = strs.try_emplace(v, static_cast<int64_t>(f.texts.size()));
        if (added) f.texts.push_back(CellText(v, text));
        last_code = at->second;
        if (use_address && by_address.size() < kObjectsKept) {
          by_address.emplace(v, last_code);
          if (by_address.size() == kObjectsKept && found_by_address < kObjectsKept) {
            use_address = false;
            by_address.clear();
          }
        }
      }
    } else if (auto it = others_by_address.find(v); it != others_by_address.end()) {
      last_code = it->second;
    } else {  // numbered by its text
      std::string t = CellText(v, text);
      if (t.empty() && empty_is_missing) {
        last_code = -1;
      } else {
        auto [at, added] = others.try_emplace(t, static_cast<int64_t>(f.texts.size()));
        if (added) f.texts.push_back(std::move(t));
        last_code = at->second;
      }
      if (others_by_address.size() < kOthersKept) others_by_address.emplace(v, last_code);
    }
    f.codes[i] = last_code;
  }
  return f;
}

ObjectCells ObjectCellsOf(const py::handle& cells) {
  ObjectCells out;
  if (PyList_CheckExact(cells.ptr())) {
    out.owner = py::reinterpret_borrow<py::object>(cells);
    out.items = PySequence_Fast_ITEMS(cells.ptr());
    out.size = static_cast<size_t>(PyList_GET_SIZE(cells.ptr()));
    return out;
  }
  if (!py::isinstance<py::array>(cells)) {
    RaiseStatus(absl::InvalidArgumentError("expected a list or a numpy object array of cells"));
  }
  py::array a = py::reinterpret_borrow<py::array>(cells);
  if (a.ndim() != 1 || a.dtype().kind() != 'O') {
    RaiseStatus(absl::InvalidArgumentError("expected a 1-D numpy object array of cells"));
  }
  if (!(a.flags() & py::array::c_style)) {
    a = py::module_::import("numpy").attr("ascontiguousarray")(a);
  }
  out.items = static_cast<PyObject* const*>(a.data());
  out.size = static_cast<size_t>(a.shape(0));
  out.owner = std::move(a);
  return out;
}

py::array TakeObjects(const std::vector<py::object>& table, const int32_t* index, size_t n) {
  // The slots sit in a block of huge pages (HugeArray's reason); numpy does not release the objects of an array
  // that does not own its memory, so the block's owner does: it drops each slot's reference, then frees the block.
  struct Slots {
    PyObject** slots;
    size_t n;
  };
  PyObject** slots = static_cast<PyObject**>(internal::HugeBlock(n * sizeof(PyObject*)));
  for (size_t i = 0; i < n; ++i) {
    PyObject* o = index[i] < 0 ? Py_None : table[static_cast<size_t>(index[i])].ptr();
    Py_INCREF(o);
    slots[i] = o;
  }
  py::capsule owner(new Slots{slots, n}, [](void* p) {
    Slots* s = static_cast<Slots*>(p);
    for (size_t i = 0; i < s->n; ++i) Py_XDECREF(s->slots[i]);
    std::free(s->slots);
    delete s;
  });
  static const py::handle object_dtype = py::module_::import("numpy").attr("dtype")("O").release();
  return py::array(py::reinterpret_borrow<py::dtype>(object_dtype),
                   std::vector<py::ssize_t>{static_cast<py::ssize_t>(n)}, slots, owner);
}

void RaiseStatus(const absl::Status& status, py::object row, py::object column, Lookup lookup) {
  py::module_ errors = py::module_::import("zhifa._errors");
  const char* name = "Error";
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
      name = lookup == Lookup::kUnit ? "UnknownUnitError" : "InputError";
      break;
    case absl::StatusCode::kOutOfRange:
      name = "CoverageError";
      break;
    case absl::StatusCode::kNotFound:
      name = lookup == Lookup::kUnit   ? "UnknownUnitError"
             : lookup == Lookup::kFile ? "FileMissingError"
                                       : "NotFoundError";
      break;
    default:
      break;
  }
  py::object type = errors.attr(name);
  py::object exc = type(std::string(status.message()));
  exc.attr("row") = row;
  exc.attr("column") = column;
  exc.attr("code") = py::str(absl::StatusCodeToString(status.code()));
  PyErr_SetObject(type.ptr(), exc.ptr());
  throw py::error_already_set();
}

py::object ToDecimal(const std::string& text) { return py::module_::import("decimal").attr("Decimal")(text); }
py::object ToDecimal(const Decimal& d) { return ToDecimal(d.ToString()); }

py::object ToFraction(__int128 num, __int128 den) {
  py::object to_int = py::module_::import("builtins").attr("int");
  return py::module_::import("fractions").attr("Fraction")(to_int(FormatScaled(num, 0)), to_int(FormatScaled(den, 0)));
}

py::object ToDate(Date d) {
  return py::module_::import("datetime")
      .attr("date")(static_cast<int>(d.year()), static_cast<int>(d.month()), static_cast<int>(d.day()));
}

py::object OptDate(const std::optional<Date>& d) { return d ? ToDate(*d) : py::object(py::none()); }

Date ToDateArg(const py::handle& value, const char* what) {
  if (py::isinstance<py::str>(value)) {
    absl::StatusOr<Date> d = ParseDate(value.cast<std::string>());
    if (!d.ok()) RaiseStatus(d.status(), py::none(), py::str(what));
    return *d;
  }
  if (!py::hasattr(value, "year") || !py::hasattr(value, "month") || !py::hasattr(value, "day")) {
    RaiseStatus(absl::InvalidArgumentError(std::string(what) + ": expected a datetime.date or \"YYYY-MM-DD\", got " +
                                           std::string(py::str(py::type::handle_of(value).attr("__name__")))),
                py::none(), py::str(what));
  }
  const int y = py::int_(value.attr("year")), mo = py::int_(value.attr("month")), d = py::int_(value.attr("day"));
  absl::StatusOr<Date> date = ParseDate(absl::StrFormat("%04d-%02d-%02d", y, mo, d));
  if (!date.ok()) RaiseStatus(date.status(), py::none(), py::str(what));
  return *date;
}

std::string PeriodText(const py::handle& value) {
  if (value.is_none()) return "";
  py::module_ pd = py::module_::import("pandas");
  if (py::isinstance(value, pd.attr("Period"))) {
    const std::string freq = py::str(value.attr("freqstr"));
    const int year = py::int_(value.attr("year"));
    if (!freq.empty() && (freq[0] == 'A' || freq[0] == 'Y')) return std::to_string(year);
    if (!freq.empty() && freq[0] == 'Q')
      return absl::StrFormat("%04d-Q%d", year, py::int_(value.attr("quarter")).cast<int>());
    if (!freq.empty() && freq[0] == 'M')
      return absl::StrFormat("%04d-%02d", year, py::int_(value.attr("month")).cast<int>());
    return std::string(py::str(value));
  }
  if (py::isinstance<py::float_>(value) || py::hasattr(value, "is_integer")) {
    const double v = py::float_(py::reinterpret_borrow<py::object>(value));
    if (std::isnan(v)) return "";
    if (v == std::floor(v) && std::abs(v) < 1e9) return std::to_string(static_cast<int64_t>(v));
  }
  return std::string(py::str(value));
}

Period ToPeriod(const py::handle& period) {
  absl::StatusOr<Period> p = Period::Parse(PeriodText(period));
  if (!p.ok()) RaiseStatus(p.status(), py::none(), py::str("period"));
  return *p;
}

}  // namespace zhifa::python

#include "bindings/python/src/common.h"

#include <cmath>

#include "absl/strings/str_format.h"

namespace zhifa::python {

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

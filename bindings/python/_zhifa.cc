// zhifa._zhifa: the pybind11 module behind the `zhifa` Python package.
//
// Thin: every rule lives in the C++ library. This file converts types (exact decimals to decimal.Decimal,
// ratios to fractions.Fraction, Boost dates to datetime.date), maps absl::Status to the package's exceptions
// in one function (RaiseStatus), and gives the pandas and numpy layers columnar entry points.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "zhifa/zhifa.h"

namespace py = pybind11;

namespace zhifa::python {
namespace {

// --- errors: absl::Status -> zhifa.InputError / UnknownUnitError / Error, in one place --------------------

// Raises the Python exception for `status` (which must not be OK). kInvalidArgument -> InputError (a
// ValueError) with .row and .column; kNotFound -> UnknownUnitError (a KeyError) when `unit_lookup`, else
// Error; anything else -> Error (a RuntimeError).
[[noreturn]] void RaiseStatus(const absl::Status& status, py::object row = py::none(), py::object column = py::none(),
                              bool unit_lookup = false) {
  py::module_ errors = py::module_::import("zhifa._errors");
  std::string message(status.message());
  py::object type;
  if (status.code() == absl::StatusCode::kInvalidArgument) {
    type = errors.attr("InputError");
  } else if (status.code() == absl::StatusCode::kNotFound && unit_lookup) {
    type = errors.attr("UnknownUnitError");
  } else {
    type = errors.attr("Error");
  }
  py::object exc = type(message);
  exc.attr("row") = row;
  exc.attr("column") = column;
  exc.attr("code") = py::str(absl::StatusCodeToString(status.code()));
  PyErr_SetObject(type.ptr(), exc.ptr());
  throw py::error_already_set();
}

template <typename T>
T Unwrap(absl::StatusOr<T> v) {
  if (!v.ok()) RaiseStatus(v.status());
  return *std::move(v);
}

// --- conversions -------------------------------------------------------------------------------------------

py::object ToDecimal(const std::string& text) { return py::module_::import("decimal").attr("Decimal")(text); }
py::object ToDecimal(const Decimal& d) { return ToDecimal(d.ToString()); }
py::object ToFraction(int64_t num, int64_t den) { return py::module_::import("fractions").attr("Fraction")(num, den); }
py::object ToFraction(__int128 num, __int128 den) {
  py::object to_int = py::module_::import("builtins").attr("int");
  return py::module_::import("fractions").attr("Fraction")(to_int(FormatScaled(num, 0)), to_int(FormatScaled(den, 0)));
}
py::object ToDate(boost::gregorian::date d) {
  return py::module_::import("datetime")
      .attr("date")(static_cast<int>(d.year()), static_cast<int>(d.month()), static_cast<int>(d.day()));
}

// A date from datetime.date (or datetime.datetime, pandas.Timestamp: anything with year, month, day) or an
// ISO "YYYY-MM-DD" string.
Date ToDateArg(const py::handle& value, const char* what = "date") {
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
  try {
    return Date(value.attr("year").cast<unsigned short>(), value.attr("month").cast<unsigned short>(),
                value.attr("day").cast<unsigned short>());
  } catch (const std::out_of_range& e) {
    RaiseStatus(absl::InvalidArgumentError(std::string(what) + ": " + e.what()), py::none(), py::str(what));
  }
}

py::object OptDate(const std::optional<Date>& d) { return d ? ToDate(*d) : py::object(py::none()); }

Period ToPeriod(const py::handle& period) {
  std::string text = py::str(period);
  absl::StatusOr<Period> p = Period::Parse(text);
  if (!p.ok()) RaiseStatus(p.status(), py::none(), py::str("period"));
  return *p;
}

// --- scorecards --------------------------------------------------------------------------------------------

// A scorecard together with the rule set that made it, so that it can be pickled and replayed exactly.
struct PyScorecard {
  Scorecard card;
  std::shared_ptr<const RuleSet> rules;
};

py::dict IndicatorDict(const Scorecard& c, const IndicatorScore& s) {
  py::dict d;
  d["key"] = s.key;
  d["name"] = s.name;
  d["name_en"] = s.name_en;
  d["clause"] = s.clause;
  d["weight"] = ToDecimal(s.weight.ToShortString());
  d["numerator"] = std::string(ColumnName(s.numerator_column));
  d["denominator"] = std::string(ColumnName(s.denominator_column));
  d["applicable"] = s.applicable;
  d["excluded"] = s.excluded;
  d["rate"] = s.applicable ? ToFraction(s.rate.num, s.rate.den) : py::none();
  std::optional<Decimal> percent = s.RatePercent(c.rate_decimals, c.rounding);
  d["rate_percent"] = percent ? ToDecimal(*percent) : py::none();
  d["rate_capped"] = s.rate_capped;
  d["base_points"] = s.excluded ? py::none() : ToFraction(s.base_num, s.base_den);
  py::list deductions;
  for (const AppliedDeduction& a : s.deductions) {
    py::dict x;
    x["column"] = std::string(ColumnName(a.column));
    x["count"] = a.count;
    x["points_per_case"] = ToDecimal(a.points_per_case.ToShortString());
    x["amount"] = ToDecimal(a.AmountString());
    x["capped"] = a.capped;
    x["clause"] = a.clause;
    deductions.append(x);
  }
  d["deductions"] = deductions;
  d["floored"] = s.floored;
  d["points"] = s.excluded ? py::none() : ToDecimal(s.points);
  return d;
}

py::tuple CountsState(const Counts& counts) {
  py::list values;
  for (Column c : kAllColumns) values.append(counts.Has(c) ? py::object(py::int_(counts.Get(c))) : py::none());
  return py::tuple(values);
}

Counts CountsFromState(const py::tuple& t) {
  Counts counts;
  for (size_t i = 0; i < kAllColumns.size(); ++i) {
    if (!t[i].is_none()) counts.Set(kAllColumns[i], t[i].cast<int64_t>());
  }
  return counts;
}

PyScorecard ScoreOne(std::shared_ptr<const RuleSet> rules, const Unit& unit, const Period& period,
                     const Counts& counts) {
  absl::StatusOr<Scorecard> card = Score(*rules, unit, period, counts);
  if (!card.ok()) {
    // Name the first bad column, as a row of a table would.
    std::vector<CountError> errors = Validate(counts);
    RaiseStatus(
        card.status(), py::none(),
        errors.empty() ? py::object(py::none()) : py::object(py::str(std::string(ColumnName(errors[0].column)))));
  }
  return PyScorecard{*std::move(card), std::move(rules)};
}

// --- columnar scoring for pandas ---------------------------------------------------------------------------

// Scores a table given as columns. `values` is n × 13 int64 and `present` n × 13 bool, in kAllColumns order;
// `cell_errors` lists (row, column, message) for cells the Python layer could not read as whole numbers (their
// `present` is false). Returns a dict of output columns (lists and float arrays) and "errors": per row a list
// of (column, message), empty for good rows.
py::dict ScoreColumns(const std::vector<std::string>& units, const std::vector<std::string>& periods,
                      py::array_t<int64_t, py::array::c_style> values, py::array_t<bool, py::array::c_style> present,
                      const std::vector<std::tuple<int64_t, std::string, std::string>>& cell_errors,
                      const RuleBook& book, const Registry& registry) {
  const size_t n = units.size();
  if (periods.size() != n || static_cast<size_t>(values.shape(0)) != n || values.shape(1) != kColumnCount ||
      static_cast<size_t>(present.shape(0)) != n || present.shape(1) != kColumnCount) {
    throw std::invalid_argument("ScoreColumns: shapes do not match");
  }
  auto v = values.unchecked<2>();
  auto p = present.unchecked<2>();
  std::vector<CountsRow> rows(n);
  std::vector<uint32_t> unparsed(n, 0);
  for (const auto& [i, column, message] : cell_errors) {
    if (i < 0 || static_cast<size_t>(i) >= n) throw std::out_of_range("ScoreColumns: cell error row out of range");
    rows[static_cast<size_t>(i)].errors.push_back({column, message});
    if (std::optional<Column> c = ColumnFromName(column))
      unparsed[static_cast<size_t>(i)] |= 1u << static_cast<unsigned>(*c);
  }
  for (size_t i = 0; i < n; ++i) {
    CountsRow& row = rows[i];
    row.row = static_cast<int64_t>(i);
    row.unit_text = units[i];
    row.period_text = periods[i];
    for (size_t c = 0; c < static_cast<size_t>(kColumnCount); ++c) {
      if (p(i, c)) row.counts.Set(kAllColumns[c], v(i, c));
    }
    ResolveRow(row, registry, unparsed[i]);
  }
  ScoredTable table(book, registry);
  {
    py::gil_scoped_release release;
    for (CountsRow& row : rows) table.Add(std::move(row));
    table.Finish();
  }
  const std::vector<std::string> keys = table.indicator_keys();
  py::list unit_code, unit, category, period, ruleset, error, errors;
  py::array_t<double> total(n), rank(n), category_rank(n);
  std::vector<py::array_t<double>> rate_cols, point_cols;
  for (size_t k = 0; k < keys.size(); ++k) {
    rate_cols.emplace_back(n);
    point_cols.emplace_back(n);
  }
  const double nan = std::nan("");
  auto as_double = [&](const std::optional<Decimal>& d) { return d ? d->ToDouble() : nan; };
  for (size_t i = 0; i < n; ++i) {
    py::list row_errors;
    for (const RowError& e : table.errors(i)) row_errors.append(py::make_tuple(e.column, e.message));
    errors.append(row_errors);
    if (table.ok(i)) {
      const Unit& u = table.unit(i);
      unit_code.append(u.code);
      unit.append(u.name);
      category.append(std::string(CategoryKey(u.category)));
      period.append(table.period(i).ToString());
      ruleset.append(table.rules(i).id());
      error.append(py::none());
      total.mutable_at(i) = table.total(i).ToDouble();
      rank.mutable_at(i) = table.rank(i);
      category_rank.mutable_at(i) = table.category_rank(i);
      for (size_t k = 0; k < keys.size(); ++k) {
        std::optional<size_t> j = table.indicator_index(i, keys[k]);
        rate_cols[k].mutable_at(i) = j ? as_double(table.rate(i, *j)) : nan;
        point_cols[k].mutable_at(i) = j ? as_double(table.points(i, *j)) : nan;
      }
    } else {
      unit_code.append(py::none());
      unit.append(table.unit_text(i));
      category.append(py::none());
      period.append(table.period_text(i));
      ruleset.append(py::none());
      error.append(JoinErrors(table.errors(i)));
      total.mutable_at(i) = nan;
      rank.mutable_at(i) = nan;
      category_rank.mutable_at(i) = nan;
      for (size_t k = 0; k < keys.size(); ++k) rate_cols[k].mutable_at(i) = point_cols[k].mutable_at(i) = nan;
    }
  }
  py::dict out;
  out["keys"] = keys;
  out["unit_code"] = unit_code;
  out["unit"] = unit;
  out["category"] = category;
  out["period"] = period;
  for (size_t k = 0; k < keys.size(); ++k) {
    out[py::str(keys[k] + "_rate")] = rate_cols[k];
    out[py::str(keys[k] + "_points")] = point_cols[k];
  }
  out["total"] = total;
  out["rank"] = rank;
  out["category_rank"] = category_rank;
  out["ruleset"] = ruleset;
  out["error"] = error;
  out["errors"] = errors;
  return out;
}

// --- numpy arrays ------------------------------------------------------------------------------------------

// Scores 1-D int32/int64 C-contiguous arrays (the Python layer converts other integer dtypes) with the batch
// engine, writing doubles straight into new numpy arrays: points and rates as (indicators, rows) arrays whose
// rows are contiguous, totals and status as 1-D arrays. The inputs are read in place.
// An output array of score_arrays: `given` when it has the right dtype, shape and layout (reused: no new
// memory, no page faults), else a new one.
template <typename T>
py::array_t<T> OutputArray(const py::object& given, std::vector<py::ssize_t> shape, const char* name) {
  if (!given.is_none()) {
    py::array a = given.cast<py::array>();
    bool fits = a.dtype().is(py::dtype::of<T>()) && (a.flags() & py::array::c_style) && a.writeable() &&
                static_cast<size_t>(a.ndim()) == shape.size();
    for (size_t i = 0; fits && i < shape.size(); ++i) fits = a.shape(static_cast<py::ssize_t>(i)) == shape[i];
    if (!fits) {
      RaiseStatus(absl::InvalidArgumentError(std::string("out: ") + name +
                                             " does not fit; pass the result of a score_arrays call of the same "
                                             "rows and rule set"),
                  py::none(), py::str(name));
    }
    return a.cast<py::array_t<T>>();
  }
  return py::array_t<T>(shape);
}

// `want_points` / `want_rates`: whether to compute and return those (totals and status always).
py::dict ScoreArrays(const py::dict& columns, const RuleSet& rules, int threads, bool want_points, bool want_rates,
                     const py::object& out_points, const py::object& out_rates, const py::object& out_total,
                     const py::object& out_status) {
  std::vector<py::array> keep;  // the arrays stay alive (and unmoved) while we read them
  py::ssize_t n = -1;
  std::vector<std::pair<Column, py::array>> given;
  for (Column c : kAllColumns) {
    py::str name(std::string(ColumnName(c)));
    if (!columns.contains(name)) {
      if (c == Column::kEnforcementCases) continue;
      RaiseStatus(absl::InvalidArgumentError("missing column " + std::string(ColumnName(c))), py::none(), name);
    }
    py::array a = columns[name].cast<py::array>();
    if (a.ndim() != 1 || !(a.flags() & py::array::c_style) ||
        !(a.dtype().is(py::dtype::of<int64_t>()) || a.dtype().is(py::dtype::of<int32_t>()))) {
      throw std::invalid_argument("score_arrays: column " + std::string(name) +
                                  " must be a 1-D C-contiguous int32 or int64 array here");
    }
    if (n >= 0 && a.shape(0) != n) {
      RaiseStatus(absl::InvalidArgumentError("column " + std::string(name) + " has " + std::to_string(a.shape(0)) +
                                             " rows; the others have " + std::to_string(n)),
                  py::none(), name);
    }
    n = a.shape(0);
    given.emplace_back(c, a);
  }
  const size_t rows = static_cast<size_t>(n < 0 ? 0 : n);
  BatchInput input(rows);
  for (auto& [c, a] : given) {
    if (a.dtype().is(py::dtype::of<int64_t>())) {
      input.Set(c, std::span<const int64_t>(static_cast<const int64_t*>(a.data()), rows));
    } else {
      input.Set(c, std::span<const int32_t>(static_cast<const int32_t*>(a.data()), rows));
    }
  }
  absl::StatusOr<BatchScorer> scorer = BatchScorer::Create(rules);
  if (!scorer.ok()) RaiseStatus(scorer.status());
  const size_t k = rules.indicators().size();
  const py::ssize_t kk = static_cast<py::ssize_t>(k), nn = static_cast<py::ssize_t>(rows);
  py::array_t<double> total = OutputArray<double>(out_total, {nn}, "total");
  py::array_t<uint8_t> status = OutputArray<uint8_t>(out_status, {nn}, "status");
  BatchOutputF64 out{.totals = std::span<double>(total.mutable_data(), rows),
                     .status = std::span<uint8_t>(status.mutable_data(), rows)};
  py::object points = py::none(), rates = py::none();
  if (want_points) {
    auto a = OutputArray<double>(out_points, {kk, nn}, "points");
    for (size_t j = 0; j < k; ++j) out.points.emplace_back(a.mutable_data() + j * rows, rows);
    points = a;
  }
  if (want_rates) {
    auto a = OutputArray<double>(out_rates, {kk, nn}, "rates");
    for (size_t j = 0; j < k; ++j) out.rates.emplace_back(a.mutable_data() + j * rows, rows);
    rates = a;
  }
  absl::Status s;
  {
    py::gil_scoped_release release;
    s = scorer->Score(input, out, threads);
  }
  if (!s.ok()) RaiseStatus(s);
  py::dict result;
  py::list keys;
  for (const Indicator& ind : rules.indicators()) keys.append(ind.key);
  result["keys"] = keys;
  result["points"] = points;
  result["rates"] = rates;
  result["total"] = total;
  result["status"] = status;
  return result;
}

}  // namespace
}  // namespace zhifa::python

PYBIND11_MODULE(_zhifa, m) {
  using namespace zhifa;
  using namespace zhifa::python;
  m.doc() = "zhifa's C++ core; use the `zhifa` package, which re-exports and documents it.";
  m.attr("__version__") = kVersion;

  py::class_<Unit>(m, "Unit", "A unit of the registry (二、整治范围).")
      .def_readonly("code", &Unit::code)
      .def_readonly("name", &Unit::name)
      .def_readonly("official_name", &Unit::official_name)
      .def_property_readonly("category", [](const Unit& u) { return std::string(CategoryKey(u.category)); })
      .def_property_readonly("category_name", [](const Unit& u) { return std::string(CategoryName(u.category)); })
      .def_property_readonly(
          "parent",
          [](const Unit& u) { return u.parent.empty() ? py::object(py::none()) : py::object(py::str(u.parent)); })
      .def_readonly("aliases", &Unit::aliases)
      .def_readonly("comprehensive", &Unit::comprehensive)
      .def_readonly("key_rectification", &Unit::key_rectification)
      .def("__repr__", [](const Unit& u) { return "Unit(code='" + u.code + "', name='" + u.name + "')"; });

  py::class_<Registry>(m, "Registry")
      .def_static("builtin", &Registry::Builtin, py::return_value_policy::reference)
      .def_static(
          "from_toml_text",
          [](const std::string& text, const std::string& source) { return Unwrap(Registry::FromToml(text, source)); },
          py::arg("text"), py::arg("source") = "<string>")
      .def_property_readonly("id", &Registry::id)
      .def("units", [](const Registry& r) { return std::vector<Unit>(r.units().begin(), r.units().end()); })
      .def(
          "resolve",
          [](const Registry& r, const std::string& name) {
            absl::StatusOr<const Unit*> u = r.Resolve(name);
            if (!u.ok()) RaiseStatus(u.status(), py::none(), py::str("unit"), /*unit_lookup=*/true);
            return **u;
          },
          py::arg("name"))
      .def("scored_as", [](const Registry& r, const Unit& u) { return r.ScoredAs(u); })
      .def("guidance",
           [](const Registry& r) {
             std::vector<std::pair<std::string, std::vector<std::string>>> out;
             for (const Guidance& g : r.guidance()) out.emplace_back(g.department, g.townships);
             return out;
           })
      .def("check_guidance", &Registry::CheckGuidance)
      .def("leading_group", [](const Registry& r) {
        const LeadingGroup& g = r.leading_group();
        py::list members;
        for (const LeadingGroupMember& x : g.members) {
          members.append(py::make_tuple(x.role, x.name, x.post,
                                        x.unit.empty() ? py::object(py::none()) : py::object(py::str(x.unit))));
        }
        py::dict d;
        d["members"] = members;
        d["office_unit"] = g.office_unit;
        d["office_director"] = g.office_director;
        return d;
      });

  py::class_<RuleSet, std::shared_ptr<RuleSet>>(m, "RuleSet")
      .def_static(
          "builtin", [](const std::string& id) { return std::make_shared<RuleSet>(Unwrap(RuleSet::Builtin(id))); },
          py::arg("id") = "zhenping-2021")
      .def_static("builtin_ids", &RuleSet::BuiltinIds)
      .def_static(
          "from_text",
          [](const std::string& text, const std::string& source) {
            return std::make_shared<RuleSet>(Unwrap(RuleSet::FromToml(text, source)));
          },
          py::arg("text"), py::arg("source") = "<string>")
      .def_static(
          "from_file",
          [](const std::string& path) { return std::make_shared<RuleSet>(Unwrap(RuleSet::FromFile(path))); },
          py::arg("path"))
      .def_property_readonly("id", &RuleSet::id)
      .def_property_readonly("title", &RuleSet::title)
      .def_property_readonly("digest", &RuleSet::digest)
      .def_property_readonly("effective_from", [](const RuleSet& r) { return ToDate(r.effective_from()); })
      .def_property_readonly(
          "effective_until",
          [](const RuleSet& r) { return r.effective_until() ? ToDate(*r.effective_until()) : py::none(); })
      .def_property_readonly("total", [](const RuleSet& r) { return ToDecimal(r.total().ToShortString()); })
      .def_property_readonly("rounding", [](const RuleSet& r) { return std::string(RoundingName(r.rounding())); })
      .def_property_readonly("points_decimals", &RuleSet::points_decimals)
      .def_property_readonly("rate_decimals", &RuleSet::rate_decimals)
      .def_property_readonly("indicator_keys",
                             [](const RuleSet& r) {
                               std::vector<std::string> keys;
                               for (const Indicator& i : r.indicators()) keys.push_back(i.key);
                               return keys;
                             })
      .def("to_toml", &RuleSet::ToToml)
      .def(py::pickle([](const RuleSet& r) { return py::make_tuple(r.ToToml()); },
                      [](const py::tuple& t) {
                        return std::make_shared<RuleSet>(Unwrap(RuleSet::FromToml(t[0].cast<std::string>(), "pickle")));
                      }));

  py::class_<RuleBook, std::shared_ptr<RuleBook>>(m, "RuleBook")
      .def(py::init([](const std::vector<std::shared_ptr<RuleSet>>& sets) {
             std::vector<RuleSet> copies;
             for (const auto& s : sets) copies.push_back(*s);
             return std::make_shared<RuleBook>(Unwrap(RuleBook::Create(std::move(copies))));
           }),
           py::arg("sets"))
      .def_static("builtin", [] { return std::make_shared<RuleBook>(RuleBook::Builtin()); })
      .def_property_readonly("sets",
                             [](const RuleBook& b) {
                               std::vector<std::shared_ptr<RuleSet>> out;
                               for (const RuleSet& s : b.sets()) out.push_back(std::make_shared<RuleSet>(s));
                               return out;
                             })
      .def(
          "select",
          [](const RuleBook& b, const py::handle& period) {
            return std::make_shared<RuleSet>(*Unwrap(b.Select(ToPeriod(period))));
          },
          py::arg("period"))
      .def(py::pickle(
          [](const RuleBook& b) {
            py::list texts;
            for (const RuleSet& s : b.sets()) texts.append(s.ToToml());
            return py::make_tuple(texts);
          },
          [](const py::tuple& t) {
            std::vector<RuleSet> sets;
            for (const py::handle& text : t[0].cast<py::list>()) {
              sets.push_back(Unwrap(RuleSet::FromToml(text.cast<std::string>(), "pickle")));
            }
            return std::make_shared<RuleBook>(Unwrap(RuleBook::Create(std::move(sets))));
          }));

  py::class_<PyScorecard>(m, "Scorecard", "The six-rate scorecard of one unit and period.")
      .def_property_readonly("unit_code", [](const PyScorecard& s) { return s.card.unit_code; })
      .def_property_readonly("unit", [](const PyScorecard& s) { return s.card.unit_name; })
      .def_property_readonly("category", [](const PyScorecard& s) { return std::string(CategoryKey(s.card.category)); })
      .def_property_readonly("period", [](const PyScorecard& s) { return s.card.period.ToString(); })
      .def_property_readonly("ruleset_id", [](const PyScorecard& s) { return s.card.ruleset_id; })
      .def_property_readonly("ruleset_digest", [](const PyScorecard& s) { return s.card.ruleset_digest; })
      .def_property_readonly("rules", [](const PyScorecard& s) { return std::const_pointer_cast<RuleSet>(s.rules); })
      .def_property_readonly("total", [](const PyScorecard& s) { return ToDecimal(s.card.total); })
      .def_property_readonly("total_rescaled", [](const PyScorecard& s) { return s.card.total_rescaled; })
      .def_property_readonly("rank",
                             [](const PyScorecard& s) {
                               return s.card.rank > 0 ? py::object(py::int_(s.card.rank)) : py::object(py::none());
                             })
      .def_property_readonly("category_rank",
                             [](const PyScorecard& s) {
                               return s.card.category_rank > 0 ? py::object(py::int_(s.card.category_rank))
                                                               : py::object(py::none());
                             })
      .def_property_readonly("counts",
                             [](const PyScorecard& s) {
                               py::dict d;
                               for (Column c : kAllColumns) {
                                 if (s.card.counts.Has(c))
                                   d[py::str(std::string(ColumnName(c)))] = s.card.counts.Get(c);
                               }
                               return d;
                             })
      .def("_indicator_dicts",
           [](const PyScorecard& s) {
             py::list out;
             for (const IndicatorScore& i : s.card.indicators) out.append(IndicatorDict(s.card, i));
             return out;
           })
      .def(
          "explain",
          [](const PyScorecard& s, const std::string& lang) {
            std::optional<Language> l = LanguageFromName(lang);
            if (!l) RaiseStatus(absl::InvalidArgumentError("lang " + lang + ": expected \"zh\" or \"en\""));
            return Explain(s.card, *l);
          },
          py::arg("lang") = "zh")
      .def(
          "to_json", [](const PyScorecard& s, bool explanation) { return ToJson(s.card, explanation); },
          py::arg("explanation") = false)
      .def("_set_ranks",
           [](PyScorecard& s, int rank, int category_rank) {
             s.card.rank = rank;
             s.card.category_rank = category_rank;
           })
      .def(py::pickle(
          [](const PyScorecard& s) {
            return py::make_tuple(s.rules->ToToml(), s.card.unit_code, s.card.unit_name,
                                  std::string(CategoryKey(s.card.category)), s.card.period.ToString(),
                                  CountsState(s.card.counts), s.card.rank, s.card.category_rank);
          },
          [](const py::tuple& t) {
            // Replay: the same rules and counts give the same scorecard, exactly.
            auto rules = std::make_shared<const RuleSet>(Unwrap(RuleSet::FromToml(t[0].cast<std::string>(), "pickle")));
            Unit unit;
            unit.code = t[1].cast<std::string>();
            unit.name = t[2].cast<std::string>();
            unit.category = CategoryFromKey(t[3].cast<std::string>()).value_or(Category::kDepartment);
            PyScorecard s = ScoreOne(rules, unit, ToPeriod(t[4]), CountsFromState(t[5].cast<py::tuple>()));
            s.card.rank = t[6].cast<int>();
            s.card.category_rank = t[7].cast<int>();
            return s;
          }));

  py::class_<Milestone>(m, "Milestone", "A dated milestone of the plan (四、整治步骤).")
      .def_readonly("key", &Milestone::key)
      .def_readonly("name", &Milestone::name)
      .def_readonly("name_en", &Milestone::name_en)
      .def_property_readonly("date", [](const Milestone& x) { return ToDate(x.date); })
      .def_readonly("clause", &Milestone::clause)
      .def_readonly("kind", &Milestone::kind)
      .def("__repr__", [](const Milestone& x) { return "Milestone(" + x.key + ", " + FormatDate(x.date) + ")"; });

  py::class_<Phase>(m, "Phase", "A phase of the plan; start or end is None when open (before, after).")
      .def_readonly("key", &Phase::key)
      .def_readonly("name", &Phase::name)
      .def_readonly("name_en", &Phase::name_en)
      .def_readonly("clause", &Phase::clause)
      .def_property_readonly("start", [](const Phase& x) { return OptDate(x.start); })
      .def_property_readonly("end", [](const Phase& x) { return OptDate(x.end); })
      .def("__repr__", [](const Phase& x) { return "Phase(key='" + x.key + "', name='" + x.name + "')"; });

  py::class_<WorkCalendar>(m, "WorkCalendar", "Working days: weekends, holidays and adjusted working days.")
      .def_static(
          "china", [](int year) { return Unwrap(WorkCalendar::China(year)); }, py::arg("year") = 2021)
      .def_static(
          "from_text",
          [](const std::string& text, const std::string& source) {
            return Unwrap(WorkCalendar::FromToml(text, source));
          },
          py::arg("text"), py::arg("source") = "<string>")
      .def_static(
          "from_file", [](const std::string& path) { return Unwrap(WorkCalendar::FromFile(path)); }, py::arg("path"))
      .def_property_readonly("id", &WorkCalendar::id)
      .def_property_readonly("source", &WorkCalendar::source)
      .def("covers", [](const WorkCalendar& w, const py::handle& d) { return w.Covers(ToDateArg(d)); })
      .def(
          "is_working_day", [](const WorkCalendar& w, const py::handle& d) { return w.IsWorkingDay(ToDateArg(d)); },
          py::arg("d"))
      .def(
          "holiday_on",
          [](const WorkCalendar& w, const py::handle& d) {
            std::optional<std::string> h = w.HolidayOn(ToDateArg(d));
            return h ? py::object(py::str(*h)) : py::object(py::none());
          },
          py::arg("d"))
      .def(
          "add_working_days",
          [](const WorkCalendar& w, const py::handle& d, int n) { return ToDate(w.AddWorkingDays(ToDateArg(d), n)); },
          py::arg("d"), py::arg("n"))
      .def(
          "working_days_between",
          [](const WorkCalendar& w, const py::handle& a, const py::handle& b) {
            return w.WorkingDaysBetween(ToDateArg(a, "a"), ToDateArg(b, "b"));
          },
          py::arg("a"), py::arg("b"))
      .def("__repr__", [](const WorkCalendar& w) { return "WorkCalendar('" + w.id() + "')"; });

  py::class_<Plan>(m, "Plan", "The plan's milestones, phases, materials and recurring duties.")
      .def_static("builtin", &Plan::Builtin, py::return_value_policy::copy)
      .def_static(
          "from_text",
          [](const std::string& text, const std::string& source) { return Unwrap(Plan::FromToml(text, source)); },
          py::arg("text"), py::arg("source") = "<string>")
      .def_static(
          "from_file", [](const std::string& path) { return Unwrap(Plan::FromFile(path)); }, py::arg("path"))
      .def_property_readonly("id", &Plan::id)
      .def_property_readonly("title", &Plan::title)
      .def("milestones",
           [](const Plan& p) { return std::vector<Milestone>(p.milestones().begin(), p.milestones().end()); })
      .def("phases", [](const Plan& p) { return std::vector<Phase>(p.phases().begin(), p.phases().end()); })
      .def("materials",
           [](const Plan& p) {
             py::list out;
             for (const Material& x : p.materials()) {
               py::dict d;
               d["key"] = x.key;
               d["name"] = x.name;
               d["name_en"] = x.name_en;
               d["clause"] = x.clause;
               d["due"] = ToDate(p.FindMilestone(x.due)->date);
               out.append(d);
             }
             return out;
           })
      .def(
          "phase_on", [](const Plan& p, const py::handle& d) { return p.PhaseOn(ToDateArg(d)); }, py::arg("d"))
      .def(
          "deadlines",
          [](const Plan& p, const py::handle& on) {
            py::list out;
            for (const DeadlineStatus& d : p.Deadlines(ToDateArg(on, "on"))) {
              py::dict x;
              x["key"] = d.milestone->key;
              x["name"] = d.milestone->name;
              x["date"] = ToDate(d.milestone->date);
              x["clause"] = d.milestone->clause;
              x["days"] = d.days;
              out.append(x);
            }
            return out;
          },
          py::arg("on"))
      .def(
          "check_submission",
          [](const Plan& p, const std::string& material, const py::handle& submitted) {
            SubmissionCheck c = Unwrap(p.CheckSubmission(material, ToDateArg(submitted, "submitted")));
            py::dict x;
            x["material"] = c.material->key;
            x["due"] = ToDate(c.due);
            x["submitted"] = ToDate(c.submitted);
            x["on_time"] = c.on_time;
            x["days_late"] = c.days_late;
            x["message"] = c.message;
            return x;
          },
          py::arg("material"), py::arg("submitted"))
      .def(
          "_events",
          [](const Plan& p, int year, const WorkCalendar& work) {
            py::list out;
            for (const CalendarEvent& e : p.Events(year, work)) {
              py::dict x;
              x["date"] = ToDate(e.date);
              x["kind"] = e.kind;
              x["name"] = e.name;
              x["name_en"] = e.name_en;
              x["clause"] = e.clause;
              x["uid"] = e.uid;
              out.append(x);
            }
            return out;
          },
          py::arg("year"), py::arg("work"))
      .def("_to_ics", &Plan::ToIcs, py::arg("year"), py::arg("work"))
      .def("__repr__", [](const Plan& p) { return "Plan('" + p.id() + "')"; });

  m.def(
      "score_one",
      [](const std::shared_ptr<RuleSet>& rules, const Unit& unit, const py::handle& period, const py::dict& counts) {
        Counts c;
        for (auto [key, value] : counts) {
          std::string name = py::str(key);
          std::optional<Column> column = ColumnFromName(name);
          if (!column) {
            RaiseStatus(absl::InvalidArgumentError("unknown count \"" + name +
                                                   "\"; expected one of should_file, filed, closed, overdue, "
                                                   "leader_unfulfilled, executed, court_refused, penalized, "
                                                   "missed_penalty, sued, enforcement_cases, judgments, judgments_won"),
                        py::none(), py::str(name));
          }
          if (value.is_none()) continue;
          if (!py::isinstance<py::int_>(value) || py::isinstance<py::bool_>(value)) {
            RaiseStatus(
                absl::InvalidArgumentError(name + ": " + std::string(py::repr(value)) + " is not a whole number"),
                py::none(), py::str(name));
          }
          c.Set(*column, value.cast<int64_t>());
        }
        return ScoreOne(rules, Registry::Builtin().ScoredAs(unit), ToPeriod(period), c);
      },
      py::arg("rules"), py::arg("unit"), py::arg("period"), py::arg("counts"));
  m.def("score_columns", &ScoreColumns, py::arg("units"), py::arg("periods"), py::arg("values"), py::arg("present"),
        py::arg("cell_errors"), py::arg("book"), py::arg("registry"));
  m.def("score_arrays", &ScoreArrays, py::arg("columns"), py::arg("rules"), py::arg("threads") = 0,
        py::arg("want_points") = true, py::arg("want_rates") = true, py::arg("out_points") = py::none(),
        py::arg("out_rates") = py::none(), py::arg("out_total") = py::none(), py::arg("out_status") = py::none());
  m.def(
      "aggregate_cases_csv",
      [](const std::string& text, const std::string& period, const py::handle& as_of, const std::string& quota_kind,
         const std::string& quota_text) {
        std::optional<PeriodKind> kind;
        for (auto [name, k] : {std::pair{"year", PeriodKind::kYear}, std::pair{"half", PeriodKind::kHalf},
                               std::pair{"quarter", PeriodKind::kQuarter}, std::pair{"month", PeriodKind::kMonth}}) {
          if (period == name) kind = k;
        }
        if (!kind) {
          RaiseStatus(absl::InvalidArgumentError("period \"" + period + "\": expected year, half, quarter or month"),
                      py::none(), py::str("period"));
        }
        AggregateOptions options{.period = *kind, .as_of = std::nullopt};
        if (!as_of.is_none()) options.as_of = ToDateArg(as_of, "as_of");
        QuotaSource quota = quota_kind == "history" ? QuotaSource::History() : QuotaSource::None();
        if (quota_kind == "table") {
          std::istringstream in(quota_text);
          CsvOptions q;
          q.source = "quota";
          quota = Unwrap(QuotaSource::FromCsv(in, Registry::Builtin(), q));
        }
        CaseAggregator aggregator(Registry::Builtin(), CaseSettings::Builtin(), options);
        py::list errors;  // (row, column, message) of bad cases
        std::istringstream in(text);
        CsvOptions csv;
        csv.source = "cases";
        absl::Status read = ReadCasesCsv(in, Registry::Builtin(), csv, [&](CaseRecord&& c) {
          if (c.ok()) {
            aggregator.Add(c);
          } else {
            for (const RowError& e : c.errors) errors.append(py::make_tuple(c.row, e.column, e.message));
          }
        });
        if (!read.ok()) RaiseStatus(read);
        std::vector<AggregatedRow> rows = aggregator.Finish(quota);
        py::list out;
        for (const AggregatedRow& r : rows) {
          py::dict d;
          d["unit"] = r.unit->name;
          d["unit_code"] = r.unit->code;
          d["period"] = r.period.ToString();
          for (Column c : kAllColumns) {
            d[py::str(std::string(ColumnName(c)))] =
                r.counts.Has(c) ? py::object(py::int_(r.counts.Get(c))) : py::object(py::none());
          }
          out.append(d);
        }
        py::list missing;
        for (const auto& [unit, p] : aggregator.missing_quota())
          missing.append(py::make_tuple(unit->name, p.ToString()));
        py::dict result;
        result["rows"] = out;
        result["errors"] = errors;
        result["missing_quota"] = missing;
        return result;
      },
      py::arg("text"), py::arg("period"), py::arg("as_of"), py::arg("quota_kind"), py::arg("quota_text"));
  m.def(
      "check_cases_csv",
      [](const std::string& text) {
        py::list out;
        std::istringstream in(text);
        CsvOptions csv;
        csv.source = "cases";
        absl::Status read = ReadCasesCsv(in, Registry::Builtin(), csv, [&](CaseRecord&& c) {
          for (const Finding& f : CheckCase(c, CaseSettings::Builtin())) {
            out.append(py::make_tuple(f.row, f.case_id, f.rule, f.clause, f.message));
          }
        });
        if (!read.ok()) RaiseStatus(read);
        return out;
      },
      py::arg("text"));
  m.def("case_columns", [] {
    std::vector<std::tuple<std::string, std::string, bool>> out;
    for (const CaseColumnName& c : CaseColumnNames())
      out.emplace_back(std::string(c.name), std::string(c.name_zh), c.required);
    return out;
  });
  m.def("columns", [] {
    std::vector<std::pair<std::string, std::string>> out;
    for (Column c : kAllColumns) out.emplace_back(std::string(ColumnName(c)), std::string(ColumnNameZh(c)));
    return out;
  });
  m.def("bundled_sample_csv", [] { return py::bytes(std::string(BundledSampleCsv())); });
}

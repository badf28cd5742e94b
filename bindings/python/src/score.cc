// zhifa._zhifa: scoring — one scorecard, a table of rows (for pandas), numpy arrays (the batch engine).
#include <cmath>

#include "bindings/python/src/common.h"
#include "lib/cells.h"

namespace zhifa::python {
namespace {

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

// Whether an array holds `want`'s type. By kind, size and byte order, not identity: an unpickled or
// memory-mapped array may carry its own dtype object of the same type.
bool SameDtype(const py::array& a, const py::dtype& want) {
  const py::dtype d = a.dtype();
  return d.kind() == want.kind() && d.itemsize() == want.itemsize() && d.byteorder() == want.byteorder();
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

PyScorecard ScoreOne(std::shared_ptr<const RuleSet> rules, const Unit& unit, const Period& period, const Counts& counts,
                     bool any_period) {
  absl::StatusOr<Scorecard> card = Score(*rules, unit, period, counts, {.any_period = any_period});
  if (!card.ok()) {
    // Name the first bad column, as a row of a table would.
    std::vector<CountError> errors = Validate(counts);
    RaiseStatus(
        card.status(), py::none(),
        errors.empty() ? py::object(py::none()) : py::object(py::str(std::string(ColumnName(errors[0].column)))));
  }
  return PyScorecard{*std::move(card), std::move(rules)};
}

// Scores a table given as columns. `values` is n × 13 int64 and `present` n × 13 bool, in kAllColumns order;
// `cell_errors` lists (row, column, message, value) for cells the Python layer could not read as whole
// numbers (their `present` is false). Returns a dict of output columns (lists and float arrays), "source": for
// each output row the input row it stands for (roll-up folds rows), and "errors": per output row a list of
// (column, message), empty for good rows.
py::dict ScoreTable(const std::vector<std::string>& units, const std::vector<std::string>& periods,
                    py::array_t<int64_t, py::array::c_style> values, py::array_t<bool, py::array::c_style> present,
                    const std::vector<std::tuple<int64_t, std::string, std::string, std::string>>& cell_errors,
                    const RuleBook& book, const Registry& registry, const RuleSet* all_periods, bool roll_up) {
  const size_t n = units.size();
  if (periods.size() != n || static_cast<size_t>(values.shape(0)) != n || values.shape(1) != kColumnCount ||
      static_cast<size_t>(present.shape(0)) != n || present.shape(1) != kColumnCount) {
    RaiseStatus(absl::InvalidArgumentError("score_columns: shapes do not match"));
  }
  auto v = values.unchecked<2>();
  auto p = present.unchecked<2>();
  std::vector<CountsRow> rows(n);
  std::vector<uint32_t> unparsed(n, 0);
  for (const auto& [i, column, message, value] : cell_errors) {
    if (i < 0 || static_cast<size_t>(i) >= n) RaiseStatus(absl::InvalidArgumentError("score_columns: bad row"));
    rows[static_cast<size_t>(i)].errors.push_back({column, message, value});
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
  ScoredTable table(book, registry, {.all_periods = all_periods, .roll_up = roll_up});
  {
    py::gil_scoped_release release;
    for (CountsRow& row : rows) table.Add(std::move(row));
    // Rows stay in memory (no spill folder): Finish() cannot fail.
    absl::Status finished = table.Finish();
    (void)finished;
  }
  const size_t m = table.size();
  const std::vector<std::string> keys = table.indicator_keys();
  py::list unit_code, unit, category, period, ruleset, digest, not_applicable, findings, errors, notes;
  py::array_t<double> total(m), rank(m), category_rank(m);
  py::array_t<int64_t> source(m);
  py::array_t<bool> outside(m);
  std::vector<py::array_t<double>> rate_cols, point_cols;
  for (size_t k = 0; k < keys.size(); ++k) {
    rate_cols.emplace_back(m);
    point_cols.emplace_back(m);
  }
  const double nan = std::nan("");
  auto as_double = [&](const std::optional<Decimal>& d) { return d ? d->ToDouble() : nan; };
  for (size_t i = 0; i < m; ++i) {
    source.mutable_at(i) = table.row_number(i);
    outside.mutable_at(i) = table.ok(i) && table.ruleset_outside_dates(i);
    py::list row_errors;
    for (const RowError& e : table.errors(i)) {
      row_errors.append(py::make_tuple(e.column, e.message, absl::StatusCodeToString(e.code)));
    }
    errors.append(row_errors);
    if (table.ok(i)) {
      const Unit& u = table.unit(i);
      unit_code.append(u.code);
      unit.append(u.name);
      category.append(std::string(CategoryKey(u.category)));
      period.append(table.period(i).ToString());
      ruleset.append(table.rules(i).id());
      digest.append(table.rules(i).digest().substr(7, 12));
      std::vector<std::string> na = table.not_applicable(i);
      std::string na_text;
      for (const std::string& key : na) na_text += (na_text.empty() ? "" : "|") + key;
      not_applicable.append(na_text);
      std::string found;
      for (const Finding& f : table.findings(i)) found += (found.empty() ? "" : "|") + f.rule;
      findings.append(found);
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
      digest.append(py::none());
      not_applicable.append(py::none());
      findings.append(py::none());
      total.mutable_at(i) = nan;
      rank.mutable_at(i) = nan;
      category_rank.mutable_at(i) = nan;
      for (size_t k = 0; k < keys.size(); ++k) rate_cols[k].mutable_at(i) = point_cols[k].mutable_at(i) = nan;
    }
  }
  for (const std::string& note : table.notes()) notes.append(note);
  py::dict out;
  out["keys"] = keys;
  std::vector<std::string> names;
  for (const std::string& key : keys) {
    std::string name = key;
    for (size_t i = 0; i < m && name == key; ++i) {
      if (!table.ok(i)) continue;
      if (std::optional<size_t> j = table.indicator_index(i, key)) name = table.rules(i).indicators()[*j].name;
    }
    if (name == key) {
      for (const Indicator& ind : book.sets().front().indicators()) {
        if (ind.key == key) name = ind.name;
      }
    }
    names.push_back(name);
  }
  out["names"] = names;
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
  out["ruleset_digest"] = digest;
  out["not_applicable"] = not_applicable;
  out["findings"] = findings;
  out["ruleset_outside_dates"] = outside;
  out["source"] = source;
  out["errors"] = errors;
  out["notes"] = notes;
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
    bool fits = SameDtype(a, py::dtype::of<T>()) && (a.flags() & py::array::c_style) && a.writeable() &&
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
        !(SameDtype(a, py::dtype::of<int64_t>()) || SameDtype(a, py::dtype::of<int32_t>()))) {
      RaiseStatus(absl::InvalidArgumentError("score_arrays: column " + std::string(name) +
                                             " must be a 1-D C-contiguous int32 or int64 array here"),
                  py::none(), name);
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
    if (SameDtype(a, py::dtype::of<int64_t>())) {
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

void BindScore(py::module_& m) {
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
      .def_property_readonly("ruleset_outside_dates", [](const PyScorecard& s) { return s.card.ruleset_outside_dates; })
      .def_property_readonly("findings",
                             [](const PyScorecard& s) {
                               py::list out;
                               for (const Finding& f : s.card.findings) {
                                 py::dict d;
                                 d["rule"] = f.rule;
                                 d["clause"] = f.clause;
                                 d["message"] = f.message;
                                 d["message_en"] = f.message_en;
                                 out.append(d);
                               }
                               return out;
                             })
      .def("__copy__", [](const PyScorecard& s) { return s; })
      .def("__deepcopy__", [](const PyScorecard& s, const py::dict&) { return s; })
      .def("__reduce__", [](const PyScorecard& s) {
        return py::make_tuple(
            py::module_::import("zhifa._pickle").attr("restore"),
            py::make_tuple("_scorecard_from_pickle",
                           py::make_tuple(s.rules->ToToml(), s.card.unit_code, s.card.unit_name,
                                          std::string(CategoryKey(s.card.category)), s.card.period.ToString(),
                                          CountsState(s.card.counts), s.card.rank, s.card.category_rank,
                                          s.card.ruleset_outside_dates)));
      });
  m.def("_scorecard_from_pickle", [](const py::tuple& t) {
    // Replay: the same rules and counts give the same scorecard, exactly.
    if (t.size() != 9 || !py::isinstance<py::str>(t[0]) || !py::isinstance<py::tuple>(t[5])) {
      RaiseStatus(absl::InvalidArgumentError("Scorecard: not a pickled scorecard"));
    }
    auto rules = std::make_shared<const RuleSet>(Unwrap(RuleSet::FromText(t[0].cast<std::string>(), "pickle")));
    Unit unit;
    unit.code = t[1].cast<std::string>();
    unit.name = t[2].cast<std::string>();
    unit.category = CategoryFromKey(t[3].cast<std::string>()).value_or(Category::kDepartment);
    PyScorecard s = ScoreOne(rules, unit, ToPeriod(t[4]), CountsFromState(t[5].cast<py::tuple>()), t[8].cast<bool>());
    s.card.rank = t[6].cast<int>();
    s.card.category_rank = t[7].cast<int>();
    return s;
  });

  m.def(
      "score_one",
      [](const std::shared_ptr<RuleSet>& rules, const Unit& unit, const py::handle& period, const py::dict& counts,
         bool any_period, const std::shared_ptr<Registry>& registry) {
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
          py::int_ big = value.cast<py::int_>();
          if (big > py::int_(kMaxCount) || big < py::int_(-kMaxCount)) {
            RaiseStatus(
                absl::InvalidArgumentError(name + ": " + std::string(py::str(value)) +
                                           " is more than the largest supported count " + std::to_string(kMaxCount)),
                py::none(), py::str(name));
          }
          c.Set(*column, value.cast<int64_t>());
        }
        const Registry& reg = RegistryOr(registry);
        const Unit* known = reg.FindCode(unit.code);
        if (known == nullptr) {
          RaiseStatus(absl::NotFoundError("unit " + unit.code + " is not in registry " + reg.id()), py::none(),
                      py::str("unit"), Lookup::kUnit);
        }
        return ScoreOne(rules, reg.ScoredAs(*known), ToPeriod(period), c, any_period);
      },
      py::arg("rules"), py::arg("unit"), py::arg("period"), py::arg("counts"), py::arg("any_period") = false,
      py::arg("registry") = nullptr);
  m.def(
      "score_columns",
      [](const std::vector<std::string>& units, const std::vector<std::string>& periods,
         py::array_t<int64_t, py::array::c_style> values, py::array_t<bool, py::array::c_style> present,
         const std::vector<std::tuple<int64_t, std::string, std::string, std::string>>& cell_errors,
         const RuleBook& book, const std::shared_ptr<Registry>& registry, const std::shared_ptr<RuleSet>& all_periods,
         bool roll_up) {
        return ScoreTable(units, periods, values, present, cell_errors, book, RegistryOr(registry), all_periods.get(),
                          roll_up);
      },
      py::arg("units"), py::arg("periods"), py::arg("values"), py::arg("present"), py::arg("cell_errors"),
      py::arg("book"), py::arg("registry") = nullptr, py::arg("all_periods") = nullptr, py::arg("roll_up") = false);
  m.def("score_arrays", &ScoreArrays, py::arg("columns"), py::arg("rules"), py::arg("threads") = 0,
        py::arg("want_points") = true, py::arg("want_rates") = true, py::arg("out_points") = py::none(),
        py::arg("out_rates") = py::none(), py::arg("out_total") = py::none(), py::arg("out_status") = py::none());
  m.def(
      "score_column_names",
      [](const std::vector<std::string>& keys, const std::vector<std::string>& names, bool outside, bool error,
         bool chinese) {
        return zhifa::ScoreColumns(
            keys, names, {.error_column = error, .outside_dates_column = outside, .chinese_headers = chinese});
      },
      py::arg("keys"), py::arg("names"), py::arg("outside"), py::arg("error"), py::arg("chinese"));
  // A count cell as text, read as every reader reads it: (value, None) or (None, why).
  m.def("parse_whole", [](const std::string& cell) {
    std::string why;
    std::optional<int64_t> v = internal::ParseWhole(cell, &why);
    return v ? py::make_tuple(*v, py::none()) : py::make_tuple(py::none(), why);
  });
  m.def("columns", [] {
    std::vector<std::pair<std::string, std::string>> out;
    for (Column c : kAllColumns) out.emplace_back(std::string(ColumnName(c)), std::string(ColumnNameZh(c)));
    return out;
  });
  m.def("bundled_sample_csv", [] { return py::bytes(std::string(BundledSampleCsv())); });
}

}  // namespace zhifa::python

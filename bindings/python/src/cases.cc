// zhifa._zhifa: case records — counts from cases, and the compliance checks (3.2.5, 3.3.4).
#include <deque>
#include <list>
#include <sstream>

#include "absl/container/flat_hash_map.h"
#include "bindings/python/src/common.h"
#include "bindings/python/src/frame_columns.h"
#include "lib/huge_pages.h"
#include "lib/table_reader.h"

namespace zhifa::python {
namespace {

std::optional<PeriodKind> PeriodKindFromName(const std::string& period) {
  for (auto [name, k] : {std::pair{"year", PeriodKind::kYear}, std::pair{"half", PeriodKind::kHalf},
                         std::pair{"quarter", PeriodKind::kQuarter}, std::pair{"month", PeriodKind::kMonth}}) {
    if (period == name) return k;
  }
  return std::nullopt;
}

const CaseSettings& SettingsOr(const std::shared_ptr<CaseSettings>& s) { return s ? *s : CaseSettings::Builtin(); }

AggregateOptions Options(const std::string& period, const py::handle& as_of) {
  std::optional<PeriodKind> kind = PeriodKindFromName(period);
  if (!kind) {
    RaiseStatus(absl::InvalidArgumentError("period \"" + period + "\": expected year, half, quarter or month"),
                py::none(), py::str("period"));
  }
  AggregateOptions options{.period = *kind, .as_of = std::nullopt};
  if (!as_of.is_none()) options.as_of = ToDateArg(as_of, "as_of");
  return options;
}

QuotaSource Quota(const std::string& kind, const std::string& text, const Registry& reg) {
  QuotaSource quota = QuotaSource::None();
  if (!text.empty()) {
    std::istringstream in(text);
    CsvOptions q;
    q.source = "quota";
    quota = Unwrap(QuotaSource::FromCsv(in, reg, q));
  }
  if (kind == "history") quota = quota.WithHistory();
  return quota;
}

// Reads the cases into the aggregator; the bad cases as (line, column, message, value).
// Repeated case ids are found over the whole table first (RepeatedCaseIds: a sort, not a lookup per case), with
// the aggregator's rule: the id of every row counts, a bad row is reported by its own errors.
py::list ReadInto(CaseAggregator& aggregator, const ColumnarTable& table, const Registry& reg) {
  std::deque<std::string> cleaned;  // the ids that needed cleaning (full-width forms, spaces), as the reader's
  internal::HugeVector<std::string_view> ids(table.rows);
  bool found = false;  // a case_id column named as such, its cells given (else the aggregator checks ids itself)
  for (const ColumnarTable::Column& col : table.columns) {
    if (internal::ColumnOf(internal::CaseColumns(), col.header) != "case_id") continue;
    const bool coded = col.codes.size() == table.rows, per_row = col.codes.empty() && col.values.size() == table.rows;
    if (!coded && !per_row) break;  // not given, or malformed (the reader says so)
    found = true;
    for (size_t r = 0; r < table.rows; ++r) {
      const int64_t code = coded ? col.codes[r] : static_cast<int64_t>(r);
      if (code < 0 || static_cast<size_t>(code) >= col.values.size()) continue;
      const std::string& raw = col.values[static_cast<size_t>(code)];
      ids[r] = internal::NeedsNormalizing(raw) ? std::string_view(cleaned.emplace_back(internal::ReadCell(raw)))
                                               : std::string_view(raw);
    }
    break;
  }
  absl::flat_hash_map<int64_t, int64_t> first_line;  // line of a repeated case -> line of the first
  if (found) {
    for (auto [row, first] : RepeatedCaseIds(ids)) first_line[static_cast<int64_t>(row) + 2] = first + 2;
    aggregator.IdsCheckedByCaller();
  }
  py::list errors;
  absl::Status read = ReadCasesColumns(table, reg, "cases", [&](CaseRecord&& c) {
    if (!c.ok()) {
      for (const RowError& e : c.errors) errors.append(py::make_tuple(c.row, e.column, e.message, e.value));
      return;
    }
    absl::Status added = absl::OkStatus();
    if (auto it = first_line.find(c.row); it != first_line.end()) {
      added = absl::InvalidArgumentError(RepeatedCaseIdMessage(c.case_id, it->second));
    } else {
      added = aggregator.Add(c);
    }
    if (!added.ok()) errors.append(py::make_tuple(c.row, "", std::string(added.message()), ""));
  });
  if (!read.ok()) RaiseStatus(read);
  return errors;
}

// The aggregator's rows and the rows without a quota as (unit, period, reason).
py::dict Finished(CaseAggregator& aggregator, const QuotaSource& quota) {
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
  for (const CaseAggregator::MissingQuota& q : aggregator.missing_quota()) {
    missing.append(py::make_tuple(q.unit->name, q.period.ToString(), q.reason));
  }
  py::dict result;
  result["rows"] = out;
  result["missing_quota"] = missing;
  return result;
}

}  // namespace

void BindCases(py::module_& m) {
  py::class_<CaseSettings, std::shared_ptr<CaseSettings>> case_settings_class(
      m, "CaseSettings", "Time limits, quota policy and major-penalty thresholds.");
  case_settings_class
      .def_static("builtin",
                  [] {
                    return std::shared_ptr<CaseSettings>(std::shared_ptr<CaseSettings>(),
                                                         const_cast<CaseSettings*>(&CaseSettings::Builtin()));
                  })
      .def_static(
          "from_text",
          [](const std::string& text, const std::string& source) {
            return std::make_shared<CaseSettings>(Unwrap(CaseSettings::FromText(text, source)));
          },
          py::arg("text"), py::arg("source") = "<string>")
      .def_static(
          "from_file",
          [](const std::string& path) {
            return std::make_shared<CaseSettings>(Unwrap(CaseSettings::FromFile(path), Lookup::kFile));
          },
          py::arg("path"))
      .def_property_readonly("person_threshold_yuan", &CaseSettings::person_threshold_yuan)
      .def_property_readonly("organization_threshold_yuan", &CaseSettings::organization_threshold_yuan)
      .def_property_readonly("time_limits", [](const CaseSettings& s) {
        py::list out;
        for (const CaseSettings::TimeLimitPeriod& t : s.time_limits()) {
          py::dict d;
          d["from"] = OptDate(t.from);
          d["until"] = OptDate(t.until);
          d["days"] = t.days;
          d["source"] = t.source;
          out.append(d);
        }
        return out;
      });
  PicklesAsText(m, case_settings_class, "case_settings");

  // Aggregates a case table given as columns (FrameColumns: made by the Python layer from a DataFrame). Returns
  // rows, the bad cases as (line, column, message, value) and the rows without a quota as (unit, period, reason).
  m.def(
      "aggregate_cases_columns",
      [](const py::list& columns, size_t rows, const py::object& text, const py::object& cell,
         const std::string& period, const py::handle& as_of, const std::string& quota_kind,
         const std::string& quota_text, const std::shared_ptr<CaseSettings>& settings,
         const std::shared_ptr<Registry>& registry) {
        const Registry& reg = RegistryOr(registry);
        CaseAggregator aggregator(reg, SettingsOr(settings), Options(period, as_of));
        FrameColumns frame(columns, rows, text, cell);
        py::list errors = ReadInto(aggregator, frame.table(), reg);
        py::dict result = Finished(aggregator, Quota(quota_kind, quota_text, reg));
        result["errors"] = errors;
        return result;
      },
      py::arg("columns"), py::arg("rows"), py::arg("text"), py::arg("cell"), py::arg("period"), py::arg("as_of"),
      py::arg("quota_kind"), py::arg("quota_text"), py::arg("settings") = nullptr, py::arg("registry") = nullptr);
  // zhifa.dask, per partition: the aggregator's partial state (CaseAggregator::Export) and the bad cases.
  m.def(
      "aggregate_cases_partial",
      [](const py::list& columns, size_t rows, const py::object& text, const py::object& cell,
         const std::string& period, const py::handle& as_of, const std::shared_ptr<CaseSettings>& settings,
         const std::shared_ptr<Registry>& registry) {
        const Registry& reg = RegistryOr(registry);
        CaseAggregator aggregator(reg, SettingsOr(settings), Options(period, as_of));
        FrameColumns frame(columns, rows, text, cell);
        py::list errors = ReadInto(aggregator, frame.table(), reg);
        CaseAggregator::Partial partial = aggregator.Export();
        const size_t m = partial.keys.size();
        py::array_t<uint64_t> keys(m);
        py::array_t<int64_t> counters({m, static_cast<size_t>(kColumnCount)});
        for (size_t i = 0; i < m; ++i) {
          keys.mutable_at(i) = partial.keys[i];
          for (size_t c = 0; c < static_cast<size_t>(kColumnCount); ++c) {
            counters.mutable_at(i, c) = partial.counters[i][c];
          }
        }
        py::dict out;
        out["keys"] = keys;
        out["counters"] = counters;
        out["years"] = partial.years;
        out["errors"] = errors;
        return out;
      },
      py::arg("columns"), py::arg("rows"), py::arg("text"), py::arg("cell"), py::arg("period"), py::arg("as_of"),
      py::arg("settings") = nullptr, py::arg("registry") = nullptr);
  // zhifa.dask, after every partition: the partials merged (CaseAggregator::Merge) and finished with the quota.
  m.def(
      "aggregate_cases_merge",
      [](const py::list& partials, const std::string& period, const py::handle& as_of, const std::string& quota_kind,
         const std::string& quota_text, const std::shared_ptr<CaseSettings>& settings,
         const std::shared_ptr<Registry>& registry) {
        const Registry& reg = RegistryOr(registry);
        CaseAggregator aggregator(reg, SettingsOr(settings), Options(period, as_of));
        for (const py::handle& h : partials) {
          py::dict d = py::reinterpret_borrow<py::dict>(h);
          auto keys = d["keys"].cast<py::array_t<uint64_t, py::array::c_style | py::array::forcecast>>();
          auto counters = d["counters"].cast<py::array_t<int64_t, py::array::c_style | py::array::forcecast>>();
          CaseAggregator::Partial partial;
          partial.years = d["years"].cast<std::vector<int32_t>>();
          if (counters.ndim() != 2 || counters.shape(1) != kColumnCount || counters.shape(0) != keys.shape(0)) {
            RaiseStatus(absl::InvalidArgumentError("aggregate_cases_merge: a partial's arrays do not match"));
          }
          for (py::ssize_t i = 0; i < keys.shape(0); ++i) {
            partial.keys.push_back(keys.at(i));
            std::array<int64_t, kColumnCount> row{};
            for (size_t c = 0; c < static_cast<size_t>(kColumnCount); ++c) row[c] = counters.at(i, c);
            partial.counters.push_back(row);
          }
          if (absl::Status merged = aggregator.Merge(partial); !merged.ok()) RaiseStatus(merged);
        }
        return Finished(aggregator, Quota(quota_kind, quota_text, reg));
      },
      py::arg("partials"), py::arg("period"), py::arg("as_of"), py::arg("quota_kind"), py::arg("quota_text"),
      py::arg("settings") = nullptr, py::arg("registry") = nullptr);
  m.def(
      "check_cases_columns",
      [](const py::list& columns, size_t rows, const py::object& text, const py::object& cell,
         const std::shared_ptr<CaseSettings>& settings, const std::shared_ptr<Registry>& registry) {
        py::list out;
        FrameColumns frame(columns, rows, text, cell);
        const Registry& reg = RegistryOr(registry);
        absl::Status read = ReadCasesColumns(frame.table(), reg, "cases", [&](CaseRecord&& c) {
          for (const Finding& f : CheckCase(c, SettingsOr(settings), reg)) {
            out.append(py::make_tuple(f.row, f.id, f.unit, f.rule, f.clause, f.message, f.message_en));
          }
        });
        if (!read.ok()) RaiseStatus(read);
        return out;
      },
      py::arg("columns"), py::arg("rows"), py::arg("text"), py::arg("cell"), py::arg("settings") = nullptr,
      py::arg("registry") = nullptr);
  // What a case table's header names: the canonical column ("case_id", "filed_on" ...), "#" for a row-number
  // column (序号), "" for a column the reader does not know.
  // Case ids as the reader takes them, for zhifa.dask's check across partitions: each cleaned (ReadCell);
  // "" for an empty one and for a totals label (合计, 小计: the reader skips such rows).
  m.def("clean_case_ids", [](const py::list& cells, const py::object& text) {
    std::vector<std::string> out;
    out.reserve(cells.size());
    for (const py::handle& v : cells) {
      std::string id = internal::ReadCell(v.is_none() ? std::string() : CellText(v.ptr(), text));
      if (internal::TotalLabel(id) != internal::TotalKind::kNone) id.clear();
      out.push_back(std::move(id));
    }
    return out;
  });
  m.def("case_column_of",
        [](const std::string& header) { return std::string(internal::ColumnOf(internal::CaseColumns(), header)); });
  m.def("case_columns", [] {
    std::vector<std::tuple<std::string, std::string, bool>> out;
    for (const CaseColumnName& c : CaseColumnNames()) {
      out.emplace_back(std::string(c.name), std::string(c.name_zh), c.required);
    }
    return out;
  });
}

}  // namespace zhifa::python

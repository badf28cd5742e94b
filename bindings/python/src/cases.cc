// zhifa._zhifa: case records — counts from cases, and the compliance checks (3.2.5, 3.3.4).
#include <sstream>

#include "bindings/python/src/common.h"

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
const Registry& RegistryOr(const std::shared_ptr<Registry>& r) { return r ? *r : Registry::Builtin(); }

}  // namespace

void BindCases(py::module_& m) {
  py::class_<CaseSettings, std::shared_ptr<CaseSettings>>(m, "CaseSettings",
                                                          "Time limits, quota policy and major-penalty thresholds.")
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

  // Reads a case CSV (text made by the Python layer from a DataFrame) and aggregates it. Returns rows, the bad
  // cases as (line, column, message, value) and the rows without a quota as (unit, period, reason).
  m.def(
      "aggregate_cases_csv",
      [](const std::string& text, const std::string& period, const py::handle& as_of, const std::string& quota_kind,
         const std::string& quota_text, const std::shared_ptr<CaseSettings>& settings,
         const std::shared_ptr<Registry>& registry) {
        std::optional<PeriodKind> kind = PeriodKindFromName(period);
        if (!kind) {
          RaiseStatus(absl::InvalidArgumentError("period \"" + period + "\": expected year, half, quarter or month"),
                      py::none(), py::str("period"));
        }
        const Registry& reg = RegistryOr(registry);
        AggregateOptions options{.period = *kind, .as_of = std::nullopt};
        if (!as_of.is_none()) options.as_of = ToDateArg(as_of, "as_of");
        QuotaSource quota = QuotaSource::None();
        if (!quota_text.empty()) {
          std::istringstream in(quota_text);
          CsvOptions q;
          q.source = "quota";
          quota = Unwrap(QuotaSource::FromCsv(in, reg, q));
        }
        if (quota_kind == "history") quota = quota.WithHistory();
        CaseAggregator aggregator(reg, SettingsOr(settings), options);
        py::list errors;
        std::istringstream in(text);
        CsvOptions csv;
        csv.source = "cases";
        absl::Status read = ReadCasesCsv(in, reg, csv, [&](CaseRecord&& c) {
          if (c.ok()) {
            absl::Status added = aggregator.Add(c);
            if (added.ok()) return;
            errors.append(py::make_tuple(c.row, "", std::string(added.message()), ""));
            return;
          }
          for (const RowError& e : c.errors) errors.append(py::make_tuple(c.row, e.column, e.message, e.value));
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
        for (const CaseAggregator::MissingQuota& q : aggregator.missing_quota()) {
          missing.append(py::make_tuple(q.unit->name, q.period.ToString(), q.reason));
        }
        py::dict result;
        result["rows"] = out;
        result["errors"] = errors;
        result["missing_quota"] = missing;
        return result;
      },
      py::arg("text"), py::arg("period"), py::arg("as_of"), py::arg("quota_kind"), py::arg("quota_text"),
      py::arg("settings") = nullptr, py::arg("registry") = nullptr);
  m.def(
      "check_cases_csv",
      [](const std::string& text, const std::shared_ptr<CaseSettings>& settings,
         const std::shared_ptr<Registry>& registry) {
        py::list out;
        std::istringstream in(text);
        CsvOptions csv;
        csv.source = "cases";
        const Registry& reg = RegistryOr(registry);
        absl::Status read = ReadCasesCsv(in, reg, csv, [&](CaseRecord&& c) {
          for (const Finding& f : CheckCase(c, SettingsOr(settings), reg)) {
            out.append(py::make_tuple(f.row, f.id, f.unit, f.rule, f.clause, f.message, f.message_en));
          }
        });
        if (!read.ok()) RaiseStatus(read);
        return out;
      },
      py::arg("text"), py::arg("settings") = nullptr, py::arg("registry") = nullptr);
  m.def("case_columns", [] {
    std::vector<std::tuple<std::string, std::string, bool>> out;
    for (const CaseColumnName& c : CaseColumnNames()) {
      out.emplace_back(std::string(c.name), std::string(c.name_zh), c.required);
    }
    return out;
  });
}

}  // namespace zhifa::python

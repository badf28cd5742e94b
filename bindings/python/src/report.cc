// zhifa._zhifa: reports (layout.h, workbook.h) from a scored frame's columns, for zhifa.to_excel and
// zhifa.to_html: the same layout, and the same workbook and HTML writers, as `zhifa report`.
#include <sstream>

#include "bindings/python/src/common.h"
#include "zhifa/layout.h"
#include "zhifa/workbook.h"

namespace zhifa::python {
namespace {

// A row: label, unit_code, unit, category, period, rates, points, total, rank, category_rank, ruleset,
// ruleset_digest, explanation, error, not_applicable, zero_activity, outside_dates (zhifa/_report.py makes them).
using RowTuple = std::tuple<std::string, std::string, std::string, std::string, std::string,
                            std::vector<std::optional<double>>, std::vector<std::optional<double>>, double, int, int,
                            std::string, std::string, std::string, std::string, std::vector<std::string>, bool, bool>;
using FindingTuple = std::tuple<int64_t, std::string, std::string, std::string, std::string, std::string, std::string>;
// A findings sheet: name, name_en, id header, id header en, the findings, their rows' labels.
using GroupTuple =
    std::tuple<std::string, std::string, std::string, std::string, std::vector<FindingTuple>, std::vector<std::string>>;

ReportLayout Layout(const std::vector<std::tuple<std::string, std::string, std::string>>& indicators,
                    std::vector<RowTuple>& rows, std::vector<GroupTuple>& groups, int points_decimals,
                    int rate_decimals, const std::string& lang) {
  std::optional<Language> language = LanguageFromName(lang);
  if (!language) RaiseStatus(absl::InvalidArgumentError("lang=\"" + lang + "\": expected zh or en"));
  ReportInput in;
  in.points_decimals = points_decimals;
  in.rate_decimals = rate_decimals;
  for (const auto& [key, name, name_en] : indicators) in.indicators.push_back({key, name, name_en});
  in.rows.reserve(rows.size());
  for (RowTuple& t : rows) {
    ReportRow r;
    std::tie(r.label, r.unit_code, r.unit, r.category, r.period, r.rates, r.points, r.total, r.rank, r.category_rank,
             r.ruleset, r.ruleset_digest, r.explanation, r.error, r.not_applicable, r.zero_activity, r.outside_dates) =
        std::move(t);
    in.rows.push_back(std::move(r));
  }
  for (GroupTuple& g : groups) {
    FindingsGroup group;
    std::vector<FindingTuple> found;
    std::tie(group.name, group.name_en, group.id_header, group.id_header_en, found, group.labels) = std::move(g);
    for (FindingTuple& f : found) {
      Finding x;
      std::tie(x.row, x.id, x.unit, x.rule, x.clause, x.message, x.message_en) = std::move(f);
      group.findings.push_back(std::move(x));
    }
    in.findings.push_back(std::move(group));
  }
  py::gil_scoped_release unlocked;
  return BuildReportLayout(in, *language);
}

}  // namespace

void BindReport(py::module_& m) {
  m.def(
      "_write_workbook",
      [](const std::string& path, const std::vector<std::tuple<std::string, std::string, std::string>>& indicators,
         std::vector<RowTuple> rows, std::vector<GroupTuple> groups, int points_decimals, int rate_decimals,
         const std::string& lang) {
        ReportLayout layout = Layout(indicators, rows, groups, points_decimals, rate_decimals, lang);
        absl::Status s;
        {
          py::gil_scoped_release unlocked;
          s = WriteWorkbook(layout, path);
        }
        if (!s.ok()) RaiseStatus(s);
      },
      py::arg("path"), py::arg("indicators"), py::arg("rows"), py::arg("findings"), py::arg("points_decimals"),
      py::arg("rate_decimals"), py::arg("lang"));
  m.def(
      "_report_html",
      [](const std::vector<std::tuple<std::string, std::string, std::string>>& indicators, std::vector<RowTuple> rows,
         std::vector<GroupTuple> groups, int points_decimals, int rate_decimals, const std::string& lang) {
        ReportLayout layout = Layout(indicators, rows, groups, points_decimals, rate_decimals, lang);
        std::ostringstream out;
        {
          py::gil_scoped_release unlocked;
          WriteHtml(out, layout);
        }
        return py::bytes(out.str());  // UTF-8: written to a file as it is, decoded only when returned
      },
      py::arg("indicators"), py::arg("rows"), py::arg("findings"), py::arg("points_decimals"), py::arg("rate_decimals"),
      py::arg("lang"));
}

}  // namespace zhifa::python

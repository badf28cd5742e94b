// zhifa._zhifa: people and organization (三(一), 三(二)) — the officer register and its rules, the cases joined to
// it, the unit figures and training ranking, the townships' checklist and joint enforcement.
#include "zhifa/people.h"

#include <sstream>

#include "bindings/python/src/common.h"
#include "bindings/python/src/frame_columns.h"
#include "zhifa/joint.h"
#include "zhifa/organization.h"

namespace zhifa::python {
namespace {

const PeopleSettings& SettingsOr(const std::shared_ptr<PeopleSettings>& s) {
  return s ? *s : PeopleSettings::Builtin();
}

py::tuple FindingTuple(const Finding& f) {
  return py::make_tuple(f.row, f.id, f.unit, f.rule, f.clause, f.message, f.message_en);
}

template <typename T>
void AddErrors(const T& record, py::list& errors) {
  for (const RowError& e : record.errors) errors.append(py::make_tuple(record.row, e.column, e.message, e.value));
}

// The register read from a DataFrame's columns (TableInput): every row (the register indexes the good ones), the
// bad ones as (line, column, message, value).
struct Register {
  std::vector<Officer> officers;
  bool has_discipline = false;
};
Register ReadRegister(const py::handle& officers, const Registry& registry, py::list& errors) {
  Register r;
  const auto on_officer = [&](Officer&& o) {
    AddErrors(o, errors);
    r.officers.push_back(std::move(o));
  };
  absl::Status s = TableInput(officers).Read(
      "officers",
      [&](std::istream& in, const CsvOptions& csv) {
        return ReadOfficersCsv(in, registry, csv, on_officer, nullptr, &r.has_discipline);
      },
      [&](const ColumnarTable& t, std::string_view source) {
        return ReadOfficersColumns(t, registry, source, on_officer, nullptr, &r.has_discipline);
      });
  if (!s.ok()) RaiseStatus(s);
  return r;
}

py::tuple UnitRow(const UnitPeople& u) {
  return py::make_tuple(u.unit != nullptr ? py::object(py::str(u.unit->code)) : py::object(py::none()),
                        u.unit != nullptr ? py::object(py::str(u.unit->name)) : py::object(py::none()), u.enforcement,
                        u.legal_review, u.auxiliary, u.certified, u.must_train, u.trained_by_deadline,
                        OptDate(u.deadline), u.excellent, u.good, u.poor, u.ungraded, u.legal_qualification,
                        u.financed_posts, u.findings);
}

}  // namespace

void BindPeople(py::module_& m) {
  py::class_<PeopleSettings, std::shared_ptr<PeopleSettings>> people_settings_class(
      m, "PeopleSettings", "Training minimums, financed posts and ranking weights (data/people).");
  people_settings_class
      .def_static("builtin",
                  [] {
                    return std::shared_ptr<PeopleSettings>(std::shared_ptr<PeopleSettings>(),
                                                           const_cast<PeopleSettings*>(&PeopleSettings::Builtin()));
                  })
      .def_static(
          "from_text",
          [](const std::string& text, const std::string& source) {
            return std::make_shared<PeopleSettings>(Unwrap(PeopleSettings::FromText(text, source)));
          },
          py::arg("text"), py::arg("source") = "<string>")
      .def_static(
          "from_file",
          [](const std::string& path) {
            return std::make_shared<PeopleSettings>(Unwrap(PeopleSettings::FromFile(path), Lookup::kFile));
          },
          py::arg("path"))
      .def_property_readonly("professional_hours", &PeopleSettings::professional_hours)
      .def_property_readonly("public_law_days", &PeopleSettings::public_law_days)
      .def_property_readonly("military_days", &PeopleSettings::military_days)
      .def_property_readonly("financed_share_percent", &PeopleSettings::financed_share_percent);
  PicklesAsText(m, people_settings_class, "people_settings");

  m.def("officer_columns", [] {
    std::vector<std::tuple<std::string, std::string, bool>> out;
    for (const TableColumn& c : OfficerColumnNames()) out.emplace_back(c.name, c.name_zh, c.required);
    return out;
  });

  // The register's rules as of a date, and the cases against it: officer findings, case findings, bad rows of
  // each, and the unit figures.
  m.def(
      "check_people_table",
      [](const py::handle& officers, const py::handle& cases, const py::handle& as_of,
         const std::shared_ptr<PeopleSettings>& settings, const std::shared_ptr<Registry>& registry) {
        py::list officer_errors, case_errors, officer_findings, case_findings, units;
        const Registry& units_of = RegistryOr(registry);
        const Register r = ReadRegister(officers, units_of, officer_errors);
        OfficerRegister reg(r.officers);
        PeopleCheck check =
            Unwrap(CheckOfficers(reg, ToDateArg(as_of, "as_of"), SettingsOr(settings), Plan::Builtin(), units_of));
        for (const Finding& f : check.findings) officer_findings.append(FindingTuple(f));
        if (const TableInput case_table(cases); !case_table.empty()) {
          const auto on_case = [&](CaseRecord&& c) {
            if (!c.ok()) {
              AddErrors(c, case_errors);
              return;
            }
            CheckCaseOfficers(c, reg, units_of, [&](Finding&& f) { case_findings.append(FindingTuple(f)); });
          };
          absl::Status s = case_table.Read(
              "cases",
              [&](std::istream& in, const CsvOptions& csv) { return ReadCasesCsv(in, units_of, csv, on_case); },
              [&](const ColumnarTable& t, std::string_view source) {
                return ReadCasesColumns(t, units_of, source, on_case);
              });
          if (!s.ok()) RaiseStatus(s);
        }
        for (const UnitPeople& u : check.units) units.append(UnitRow(u));
        py::dict out;
        out["officer_findings"] = officer_findings;
        out["case_findings"] = case_findings;
        out["officer_errors"] = officer_errors;
        out["case_errors"] = case_errors;
        out["units"] = units;
        out["overall"] = UnitRow(check.overall);
        return out;
      },
      py::arg("officers"), py::arg("cases"), py::arg("as_of"), py::arg("settings") = nullptr,
      py::arg("registry") = nullptr);

  m.def(
      "training_rank_table",
      [](const py::handle& officers, const py::handle& as_of, const std::shared_ptr<PeopleSettings>& settings,
         const std::shared_ptr<Registry>& registry) {
        py::list errors, rows;
        const Registry& units_of = RegistryOr(registry);
        const Register r = ReadRegister(officers, units_of, errors);
        OfficerRegister reg(r.officers);
        TrainingRanking ranking =
            RankTraining(reg, ToDateArg(as_of, "as_of"), SettingsOr(settings), r.has_discipline, units_of);
        for (const TrainingRank& u : ranking.units) {
          rows.append(
              py::make_tuple(u.rank, u.unit->code, u.unit->name, u.officers, u.completed, u.military,
                             ranking.discipline_known ? py::object(py::int_(u.disciplined)) : py::object(py::none()),
                             u.examined, u.passed, ToDecimal(u.score)));
        }
        py::dict out;
        out["rows"] = rows;
        out["errors"] = errors;
        out["discipline_known"] = ranking.discipline_known;
        return out;
      },
      py::arg("officers"), py::arg("as_of"), py::arg("settings") = nullptr, py::arg("registry") = nullptr);

  m.def(
      "check_townships_table",
      [](const py::handle& checklist, const std::shared_ptr<Registry>& registry) {
        const Registry& units_of = RegistryOr(registry);
        py::list errors, findings;
        std::vector<TownshipChecklist> rows;
        const auto on_row = [&](TownshipChecklist&& t) {
          AddErrors(t, errors);
          rows.push_back(std::move(t));
        };
        absl::Status s = TableInput(checklist).Read(
            "townships",
            [&](std::istream& in, const CsvOptions& csv) { return ReadTownshipsCsv(in, units_of, csv, on_row); },
            [&](const ColumnarTable& t, std::string_view source) {
              return ReadTownshipsColumns(t, units_of, source, on_row);
            });
        if (!s.ok()) RaiseStatus(s);
        for (const Finding& f : CheckTownships(rows, units_of)) findings.append(FindingTuple(f));
        py::dict out;
        out["findings"] = findings;
        out["errors"] = errors;
        return out;
      },
      py::arg("checklist"), py::arg("registry") = nullptr);
  m.def("townships_template", [] { return std::string(TownshipsTemplate()); });

  m.def(
      "check_joint_table",
      [](const py::handle& requests_table, const py::handle& responses_table, const py::handle& distances_table,
         const std::shared_ptr<Registry>& registry) {
        py::list errors, response_errors, findings;
        std::vector<JointRequest> requests;
        std::vector<JointResponse> responses;
        const Registry& reg = RegistryOr(registry);
        const auto on_request = [&](JointRequest&& q) {
          AddErrors(q, errors);
          requests.push_back(std::move(q));
        };
        absl::Status s = TableInput(requests_table)
                             .Read(
                                 "requests",
                                 [&](std::istream& in, const CsvOptions& csv) {
                                   return ReadJointRequestsCsv(in, reg, csv, on_request);
                                 },
                                 [&](const ColumnarTable& t, std::string_view source) {
                                   return ReadJointRequestsColumns(t, reg, source, on_request);
                                 });
        if (!s.ok()) RaiseStatus(s);
        if (const TableInput table(responses_table); !table.empty()) {
          const auto on_response = [&](JointResponse&& a) {
            AddErrors(a, response_errors);
            responses.push_back(std::move(a));
          };
          s = table.Read(
              "responses",
              [&](std::istream& in, const CsvOptions& csv) { return ReadJointResponsesCsv(in, reg, csv, on_response); },
              [&](const ColumnarTable& t, std::string_view source) {
                return ReadJointResponsesColumns(t, reg, source, on_response);
              });
          if (!s.ok()) RaiseStatus(s);
        }
        std::optional<DistanceTable> distances;
        if (const TableInput table(distances_table); !table.empty()) {
          absl::StatusOr<DistanceTable> read = absl::InternalError("not read");
          s = table.Read(
              "distances",
              [&](std::istream& in, const CsvOptions& csv) {
                read = DistanceTable::FromCsv(in, reg, csv);
                return absl::OkStatus();
              },
              [&](const ColumnarTable& t, std::string_view source) {
                read = DistanceTable::FromColumns(t, reg, source);
                return absl::OkStatus();
              });
          distances = Unwrap(std::move(read));
        }
        for (const Finding& f : CheckJoint(requests, responses, distances ? &*distances : nullptr, reg)) {
          findings.append(FindingTuple(f));
        }
        py::dict out;
        out["findings"] = findings;
        out["errors"] = errors;
        out["response_errors"] = response_errors;
        return out;
      },
      py::arg("requests"), py::arg("responses") = py::none(), py::arg("distances") = py::none(),
      py::arg("registry") = nullptr);
}

}  // namespace zhifa::python

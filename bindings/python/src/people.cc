// zhifa._zhifa: people and organization (三(一), 三(二)) — the officer register and its rules, the cases joined to
// it, the unit figures and training ranking, the townships' checklist and joint enforcement.
#include "zhifa/people.h"

#include <sstream>

#include "bindings/python/src/common.h"
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

// The register read from CSV text (made by the Python layer from a DataFrame): every row (the register indexes
// the good ones), the bad ones as (line, column, message, value).
struct Register {
  std::vector<Officer> officers;
  bool has_discipline = false;
};
Register ReadRegister(const std::string& text, py::list& errors) {
  Register r;
  std::istringstream in(text);
  CsvOptions csv;
  csv.source = "officers";
  absl::Status s = ReadOfficersCsv(
      in, Registry::Builtin(), csv,
      [&](Officer&& o) {
        AddErrors(o, errors);
        r.officers.push_back(std::move(o));
      },
      nullptr, &r.has_discipline);
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
      "check_people_csv",
      [](const std::string& officers_text, const std::string& cases_text, const py::handle& as_of,
         const std::shared_ptr<PeopleSettings>& settings) {
        py::list officer_errors, case_errors, officer_findings, case_findings, units;
        const Register r = ReadRegister(officers_text, officer_errors);
        OfficerRegister reg(r.officers);
        PeopleCheck check = Unwrap(CheckOfficers(reg, ToDateArg(as_of, "as_of"), SettingsOr(settings)));
        for (const Finding& f : check.findings) officer_findings.append(FindingTuple(f));
        if (!cases_text.empty()) {
          std::istringstream in(cases_text);
          CsvOptions csv;
          csv.source = "cases";
          absl::Status s = ReadCasesCsv(in, Registry::Builtin(), csv, [&](CaseRecord&& c) {
            if (!c.ok()) {
              AddErrors(c, case_errors);
              return;
            }
            CheckCaseOfficers(c, reg, Registry::Builtin(), [&](Finding&& f) { case_findings.append(FindingTuple(f)); });
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
      py::arg("officers_text"), py::arg("cases_text"), py::arg("as_of"), py::arg("settings") = nullptr);

  m.def(
      "training_rank_csv",
      [](const std::string& officers_text, const py::handle& as_of, const std::shared_ptr<PeopleSettings>& settings) {
        py::list errors, rows;
        const Register r = ReadRegister(officers_text, errors);
        OfficerRegister reg(r.officers);
        TrainingRanking ranking = RankTraining(reg, ToDateArg(as_of, "as_of"), SettingsOr(settings), r.has_discipline);
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
      py::arg("officers_text"), py::arg("as_of"), py::arg("settings") = nullptr);

  m.def("check_townships_csv", [](const std::string& text) {
    py::list errors, findings;
    std::vector<TownshipChecklist> rows;
    std::istringstream in(text);
    CsvOptions csv;
    csv.source = "townships";
    absl::Status s = ReadTownshipsCsv(in, Registry::Builtin(), csv, [&](TownshipChecklist&& t) {
      AddErrors(t, errors);
      rows.push_back(std::move(t));
    });
    if (!s.ok()) RaiseStatus(s);
    for (const Finding& f : CheckTownships(rows)) findings.append(FindingTuple(f));
    py::dict out;
    out["findings"] = findings;
    out["errors"] = errors;
    return out;
  });
  m.def("townships_template", [] { return std::string(TownshipsTemplate()); });

  m.def(
      "check_joint_csv",
      [](const std::string& requests_text, const std::string& responses_text, const std::string& distances_text) {
        py::list errors, response_errors, findings;
        std::vector<JointRequest> requests;
        std::vector<JointResponse> responses;
        CsvOptions csv;
        csv.source = "requests";
        std::istringstream rq(requests_text);
        absl::Status s = ReadJointRequestsCsv(rq, Registry::Builtin(), csv, [&](JointRequest&& q) {
          AddErrors(q, errors);
          requests.push_back(std::move(q));
        });
        if (!s.ok()) RaiseStatus(s);
        if (!responses_text.empty()) {
          csv.source = "responses";
          std::istringstream rs(responses_text);
          s = ReadJointResponsesCsv(rs, Registry::Builtin(), csv, [&](JointResponse&& a) {
            AddErrors(a, response_errors);
            responses.push_back(std::move(a));
          });
          if (!s.ok()) RaiseStatus(s);
        }
        std::optional<DistanceTable> distances;
        if (!distances_text.empty()) {
          std::istringstream ds(distances_text);
          csv.source = "distances";
          distances = Unwrap(DistanceTable::FromCsv(ds, Registry::Builtin(), csv));
        }
        for (const Finding& f : CheckJoint(requests, responses, distances ? &*distances : nullptr)) {
          findings.append(FindingTuple(f));
        }
        py::dict out;
        out["findings"] = findings;
        out["errors"] = errors;
        out["response_errors"] = response_errors;
        return out;
      },
      py::arg("requests_text"), py::arg("responses_text") = "", py::arg("distances_text") = "");
}

}  // namespace zhifa::python

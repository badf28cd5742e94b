// zhifa._zhifa: the problem ledger (四, 五(二)) — checking it as of a date, the campaign status, its settings, and
// the store that keeps it with its history (SQLite, zhifa::ledger_store).
#include <algorithm>
#include <sstream>

#include "bindings/python/src/common.h"
#include "bindings/python/src/frame_columns.h"
#include "zhifa/ledger_store.h"

namespace zhifa::python {
namespace {

const LedgerSettings& SettingsOr(const std::shared_ptr<LedgerSettings>& s) {
  return s ? *s : LedgerSettings::Builtin();
}

// Reads a ledger (a DataFrame's columns, or CSV text from a store); bad rows as (line, column, message, value).
std::vector<Problem> ReadProblems(const TableInput& table, const Registry& registry, py::list& errors) {
  std::vector<Problem> problems;
  const auto on_problem = [&](Problem&& p) {
    if (p.ok()) {
      problems.push_back(std::move(p));
      return;
    }
    for (const RowError& e : p.errors) errors.append(py::make_tuple(p.row, e.column, e.message, e.value));
  };
  absl::Status read = table.Read(
      "problems", [&](std::istream& in, const CsvOptions& csv) { return ReadLedgerCsv(in, registry, csv, on_problem); },
      [&](const ColumnarTable& t, std::string_view source) {
        return ReadLedgerColumns(t, registry, source, on_problem);
      });
  if (!read.ok()) RaiseStatus(read);
  return problems;
}

std::vector<Submission> ReadSubmissions(const TableInput& table, const Registry& registry, py::list& errors) {
  std::vector<Submission> out;
  if (table.empty()) return out;
  const auto on_submission = [&](Submission&& s) {
    if (s.ok()) {
      out.push_back(std::move(s));
      return;
    }
    for (const RowError& e : s.errors) errors.append(py::make_tuple(s.row, e.column, e.message, e.value));
  };
  absl::Status read = table.Read(
      "submissions",
      [&](std::istream& in, const CsvOptions& csv) {
        return ReadSubmissionsCsv(in, registry, Plan::Builtin(), csv, on_submission);
      },
      [&](const ColumnarTable& t, std::string_view source) {
        return ReadSubmissionsColumns(t, registry, Plan::Builtin(), source, on_submission);
      });
  if (!read.ok()) RaiseStatus(read);
  return out;
}

py::tuple StatusRow(const UnitStatus& s) {
  return py::make_tuple(s.unit != nullptr ? py::object(py::str(s.unit->code)) : py::object(py::none()),
                        s.unit != nullptr ? py::object(py::str(s.unit->name)) : py::object(py::none()), s.total,
                        s.by_class[0], s.by_class[1], s.by_class[2], s.by_class[3], s.open, s.rectified, s.overdue,
                        s.transferred, s.supervised, s.disposed, s.self_inspection, s.public_reports, s.findings);
}

std::string CsvOf(const std::vector<Problem>& problems) {
  std::ostringstream out;
  WriteLedgerCsv(out, problems);
  return out.str();
}

}  // namespace

void BindLedger(py::module_& m) {
  py::class_<LedgerSettings, std::shared_ptr<LedgerSettings>> ledger_settings_class(
      m, "LedgerSettings", "The numbers the campaign's rules need that the plan does not give (data/ledger).");
  ledger_settings_class
      .def_static("builtin",
                  [] {
                    return std::shared_ptr<LedgerSettings>(std::shared_ptr<LedgerSettings>(),
                                                           const_cast<LedgerSettings*>(&LedgerSettings::Builtin()));
                  })
      .def_static(
          "from_text",
          [](const std::string& text, const std::string& source) {
            return std::make_shared<LedgerSettings>(Unwrap(LedgerSettings::FromText(text, source)));
          },
          py::arg("text"), py::arg("source") = "<string>")
      .def_static(
          "from_file",
          [](const std::string& path) {
            return std::make_shared<LedgerSettings>(Unwrap(LedgerSettings::FromFile(path), Lookup::kFile));
          },
          py::arg("path"))
      .def_property_readonly("general_days", &LedgerSettings::general_days)
      .def_property_readonly("transfer_working_days", &LedgerSettings::transfer_working_days)
      .def_property_readonly("few_problems", &LedgerSettings::few_problems)
      .def_property_readonly("public_problems", &LedgerSettings::public_problems);
  PicklesAsText(m, ledger_settings_class, "ledger_settings");

  m.def("ledger_columns", [] {
    std::vector<std::tuple<std::string, std::string, bool>> out;
    for (const TableColumn& c : LedgerColumnNames()) out.emplace_back(c.name, c.name_zh, c.required);
    return out;
  });
  m.def("ledger_status_columns", [] {
    std::vector<std::string> out;
    for (const TableColumn& c : LedgerStatusColumns()) out.emplace_back(c.name);
    return out;
  });

  // Checks a ledger (and submissions, or None), each a DataFrame's columns or CSV text (TableInput), as of a date.
  // Returns the findings (row, problem_id, unit, rule, clause, message, message_en), the bad rows of each file, the
  // status per unit and overall, the phase and the next deadline.
  m.def(
      "check_ledger_table",
      [](const py::handle& problems_table, const py::handle& submissions_table, const py::handle& as_of,
         const std::shared_ptr<LedgerSettings>& settings, const std::shared_ptr<Registry>& registry) {
        const Registry& reg = RegistryOr(registry);
        const Date day = ToDateArg(as_of, "as_of");
        py::list errors, submission_errors;
        const std::vector<Problem> problems = ReadProblems(TableInput(problems_table), reg, errors);
        const std::vector<Submission> submissions =
            ReadSubmissions(TableInput(submissions_table), reg, submission_errors);
        py::list findings;
        LedgerCheck check = Unwrap(CheckLedger(
            problems, submissions, day, SettingsOr(settings),
            [&](Finding&& f) {
              findings.append(py::make_tuple(f.row, f.id, f.unit, f.rule, f.clause, f.message, f.message_en));
            },
            Plan::Builtin(), reg));
        py::list units;
        for (const UnitStatus& s : check.units) units.append(StatusRow(s));
        py::dict out;
        out["findings"] = findings;
        out["errors"] = errors;
        out["submission_errors"] = submission_errors;
        out["units"] = units;
        out["overall"] = StatusRow(check.overall);
        out["phase"] = py::make_tuple(check.phase.key, check.phase.name, check.phase.name_en);
        if (check.next_deadline) {
          const Milestone& ms = *check.next_deadline->milestone;
          out["next_deadline"] = py::make_tuple(ms.key, ms.name, ToDate(ms.date), check.next_deadline->days);
        } else {
          out["next_deadline"] = py::none();
        }
        out["problems_ignored"] = check.problems_ignored;
        return out;
      },
      py::arg("problems"), py::arg("submissions"), py::arg("as_of"), py::arg("settings") = nullptr,
      py::arg("registry") = nullptr);

  // The ledger (TableInput) as it stood on a date (LedgerOn), as a canonical CSV.
  m.def(
      "ledger_on_table",
      [](const py::handle& problems_table, const py::handle& as_of, const std::shared_ptr<Registry>& registry) {
        py::list errors;
        const std::vector<Problem> problems = ReadProblems(TableInput(problems_table), RegistryOr(registry), errors);
        if (!errors.empty()) {
          py::tuple e = errors[0];
          RaiseStatus(absl::InvalidArgumentError(std::string(py::str(e[2]))), py::object(e[0]), py::object(e[1]));
        }
        return CsvOf(LedgerOn(problems, ToDateArg(as_of, "as_of")));
      },
      py::arg("problems"), py::arg("as_of"), py::arg("registry") = nullptr);

  py::class_<LedgerStore>(m, "_LedgerStore")
      // The store keeps a reference to its registry: the Python registry is kept alive as long as the store.
      .def(py::init([](const std::string& path, bool create, const std::shared_ptr<Registry>& registry) {
             return Unwrap(
                 LedgerStore::Open(path, RegistryOr(registry),
                                   create ? LedgerStore::OpenMode::kCreate : LedgerStore::OpenMode::kExisting),
                 Lookup::kFile);
           }),
           py::arg("path"), py::arg("create") = true, py::arg("registry") = nullptr, py::keep_alive<1, 4>())
      // Imports a ledger (TableInput) in one transaction. Bad rows: returned, and nothing imported unless keep_going.
      .def(
          "import_table",
          [](LedgerStore& store, const py::handle& problems_table, const std::string& by, bool keep_going) {
            py::list errors;
            const std::vector<Problem> problems = ReadProblems(TableInput(problems_table), store.registry(), errors);
            py::dict out;
            out["errors"] = errors;
            if (!errors.empty() && !keep_going) return out;
            const bool has_disclosed =
                std::any_of(problems.begin(), problems.end(), [](const Problem& p) { return p.disclosed.has_value(); });
            ImportResult r = Unwrap(store.Import(problems, by, has_disclosed));
            out["added"] = r.added;
            out["changed"] = r.changed;
            out["unchanged"] = r.unchanged;
            out["events"] = r.events;
            return out;
          },
          py::arg("problems"), py::arg("by"), py::arg("keep_going") = false)
      .def(
          "set",
          [](LedgerStore& store, const std::string& problem_id,
             const std::vector<std::pair<std::string, std::string>>& fields,
             const std::string& by) { return Unwrap(store.Set(problem_id, fields, by)); },
          py::arg("problem_id"), py::arg("fields"), py::arg("by"))
      .def(
          "export_csv",
          [](const LedgerStore& store, const std::optional<std::string>& recorded_at) {
            return CsvOf(
                Unwrap(store.Problems(recorded_at ? std::optional<std::string_view>(*recorded_at) : std::nullopt)));
          },
          py::arg("recorded_at") = py::none())
      .def(
          "history",
          [](const LedgerStore& store, const std::optional<std::string>& problem_id) {
            py::list out;
            for (const LedgerEvent& e :
                 Unwrap(store.History(problem_id ? std::optional<std::string_view>(*problem_id) : std::nullopt))) {
              out.append(py::make_tuple(e.seq, e.at, e.by, e.problem_id, e.field, e.old_value, e.new_value));
            }
            return out;
          },
          py::arg("problem_id") = py::none())
      .def("verify", [](const LedgerStore& store) {
        absl::Status s = store.Verify();
        if (!s.ok()) RaiseStatus(s);
      });
}

}  // namespace zhifa::python

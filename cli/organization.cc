// zhifa townships and zhifa joint: the organization rules of 三(一)1(3) and 三(二)1, 3 — each township's squad and
// coordination centre from the county's checklist, and joint-enforcement requests.
//
//   zhifa townships check FILE [--format table|csv|json] ...
//   zhifa townships template [-o FILE]
//   zhifa joint check REQUESTS.csv [--responses FILE] [--distances FILE] [--format ...]
#include "zhifa/organization.h"

#include <fstream>
#include <iostream>

#include "cli/cli.h"
#include "cli/io.h"
#include "zhifa/joint.h"

namespace zhifa::cli {
namespace {

struct OrgArgs : OutputArgs, InputArgs {
  std::string file;
  std::string responses;
  std::string distances;
};

// Writes the findings; exit 1 when there are any (or bad rows were left out), 0 otherwise.
int Write(const OrgArgs& a, const std::vector<Finding>& findings, std::string_view id_column, bool any_bad) {
  absl::StatusOr<FindingsFormat> format = FindingsFormatFromName(a.format);
  if (!format.ok()) return Fail(format.status());
  std::optional<Language> lang = LanguageFromName(a.lang);
  if (!lang) return Fail(absl::InvalidArgumentError("--lang " + a.lang + ": expected zh or en"));
  absl::StatusOr<OutputEncoding> encoding = OutputEncodingFromName(a.encoding);
  if (!encoding.ok()) return Fail(encoding.status());
  absl::StatusOr<std::unique_ptr<Output>> file = Output::Open(a.output, *encoding);
  if (!file.ok()) return Fail(file.status());
  FindingsOptions options;
  options.format = *format;
  options.language = *lang;
  options.id_column = std::string(id_column);
  options.chinese_headers = a.headers == "zh";
  WriteFindings((*file)->stream(), findings, options);
  if (absl::Status s = (*file)->Close(); !s.ok()) return Fail(s);
  return findings.empty() && !any_bad ? kOk : kBadRows;
}

// Reads one CSV with `read`, reporting bad rows; returns every row, or an exit status.
template <typename T, typename Read>
std::variant<std::vector<T>, int> ReadRows(const std::string& path, const OrgArgs& a, ErrorReport& report, BadRows& bad,
                                           Read read) {
  absl::StatusOr<Encoding> encoding = EncodingFromName(a.input_encoding);
  if (!encoding.ok()) return Fail(encoding.status());
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(absl::NotFoundError(path + ": cannot open the file"));
  CsvOptions csv = InputCsv();
  csv.encoding = *encoding;
  csv.source = path;
  std::vector<T> rows;
  auto on_note = [](const std::string& note) { std::cerr << "zhifa: note: " << note << "\n"; };
  absl::Status s = read(
      in, csv,
      [&](T&& row) {
        ++bad.total;
        if (!row.ok()) {
          ++bad.bad;
          for (const RowError& e : row.errors) report.Add({path, row.row, e.column, e.value, e.message});
        }
        rows.push_back(std::move(row));  // bad rows too: the checks skip them, and know they are there
      },
      on_note);
  if (!s.ok()) return Fail(s);
  return rows;
}

int RunTownships(const OrgArgs& a) {
  ErrorReport report(a.errors);
  BadRows bad{.what = "townships"};
  auto rows = ReadRows<TownshipChecklist>(a.file, a, report, bad,
                                          [](std::istream& in, const CsvOptions& csv, auto&& on, const NoteSink& note) {
                                            return ReadTownshipsCsv(in, Registry::Builtin(), csv, on, note);
                                          });
  if (std::holds_alternative<int>(rows)) return std::get<int>(rows);
  if (!AcceptBadRows(report, {bad}, a.keep_going)) return kUsage;
  return Write(a, CheckTownships(std::get<std::vector<TownshipChecklist>>(rows)), "id", bad.bad > 0);
}

int RunJoint(const OrgArgs& a) {
  ErrorReport report(a.errors);
  BadRows bad{.what = "requests"}, bad_responses{.what = "responses"};
  auto requests = ReadRows<JointRequest>(a.file, a, report, bad,
                                         [](std::istream& in, const CsvOptions& csv, auto&& on, const NoteSink& note) {
                                           return ReadJointRequestsCsv(in, Registry::Builtin(), csv, on, note);
                                         });
  if (std::holds_alternative<int>(requests)) return std::get<int>(requests);
  std::vector<JointResponse> responses;
  if (!a.responses.empty()) {
    auto r = ReadRows<JointResponse>(a.responses, a, report, bad_responses,
                                     [](std::istream& in, const CsvOptions& csv, auto&& on, const NoteSink& note) {
                                       return ReadJointResponsesCsv(in, Registry::Builtin(), csv, on, note);
                                     });
    if (std::holds_alternative<int>(r)) return std::get<int>(r);
    responses = std::get<std::vector<JointResponse>>(std::move(r));
  }
  std::optional<DistanceTable> distances;
  if (!a.distances.empty()) {
    absl::StatusOr<DistanceTable> d = DistanceTable::FromCsvFile(a.distances, Registry::Builtin());
    if (!d.ok()) return Fail(d.status());
    distances = *std::move(d);
  }
  if (!AcceptBadRows(report, {bad, bad_responses}, a.keep_going)) return kUsage;
  return Write(a,
               CheckJoint(std::get<std::vector<JointRequest>>(requests), responses, distances ? &*distances : nullptr),
               "request_id", bad.bad + bad_responses.bad > 0);
}

void AddOutput(CLI::App* cmd, OrgArgs& a) {
  AddOutputOptions(cmd, a, kFormatOption | kLangOption | kHeadersOption);
  AddReadOptions(cmd, a);
}

}  // namespace

void AddOrganizationCommands(CLI::App& app, Commands& commands) {
  auto a = std::make_shared<OrgArgs>();
  CLI::App* townships = app.add_subcommand(
      "townships", "Each township's squad and coordination centre (3.1.1(3), 3.2.1) · 乡镇执法中队与协调中心");
  townships->require_subcommand(1);
  CLI::App* check =
      townships->add_subcommand("check", "List the missing items of the county's checklist · 列出清单中缺少的项目");
  check->add_option("file", a->file, "The checklist CSV (zhifa townships template gives one)")->required();
  AddOutput(check, *a);
  commands.push_back({check, [=] { return RunTownships(*a); }});
  CLI::App* tmpl = townships->add_subcommand(
      "template", "Write the checklist template: the 22 townships, every item empty · 输出清单模板");
  AddOutputOptions(tmpl, *a, 0);
  commands.push_back({tmpl, [=] {
                        absl::StatusOr<OutputEncoding> e = OutputEncodingFromName(a->encoding);
                        if (!e.ok()) return Fail(e.status());
                        return WriteWhole(a->output, std::string(TownshipsTemplate()), *e);
                      }});

  CLI::App* joint = app.add_subcommand("joint", "Joint-enforcement requests (3.2.3 “1+X”联合执法) · 联合执法");
  joint->require_subcommand(1);
  CLI::App* jcheck = joint->add_subcommand(
      "check", "Basis, filing, lead, cooperation and the nearest townships · 检查依据、报备、牵头、配合与就近协助");
  jcheck
      ->add_option("requests", a->file,
                   "Requests CSV: request_id, initiator, requested (| between units), lead, duty_unit, "
                   "legal_basis, action_on, place, staff, channel, filed_with_justice_on")
      ->required();
  jcheck->add_option("--responses", a->responses, "Responses CSV: request_id, unit, answered_on, cooperated");
  jcheck->add_option("--distances", a->distances, "Distances between townships: from, to, km (yours: none ships)");
  AddOutput(jcheck, *a);
  commands.push_back({jcheck, [=] { return RunJoint(*a); }});
}

}  // namespace zhifa::cli

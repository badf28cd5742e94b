// zhifa people: the officer register (三(一) 队伍管理) — who may enforce, training, the cases joined to the officers
// who handled them, the figures of each unit and the training ranking.
//
//   zhifa people check OFFICERS.csv [--cases CASES.csv] [--as-of DATE] [--settings FILE] [--format ...]
//   zhifa people units OFFICERS.csv [--as-of DATE] [--settings FILE] [--format ...]
//   zhifa people rank OFFICERS.csv [--as-of DATE] [--settings FILE] [--format ...]
#include "zhifa/people.h"

#include <ctime>
#include <iostream>

#include "cli/cli.h"
#include "cli/io.h"

namespace zhifa::cli {
namespace {

struct PeopleArgs : OutputArgs, InputArgs {
  std::string officers;
  std::string cases;
  std::string as_of;
  std::string settings;
};

std::string SourceName(const std::string& file) { return file == "-" ? "<stdin>" : file; }

// What a people command works on, read and checked.
struct Register {
  std::vector<Officer> officers;
  std::vector<CaseRecord> cases;
  bool has_discipline = false;
  int64_t bad = 0;
  Date as_of;
  PeopleSettings settings;
  FindingsFormat format = FindingsFormat::kTable;
  Language language = Language::kZh;
  OutputEncoding encoding = OutputEncoding::kUtf8;
};

// Reads the register (and the cases) and the options. Bad rows are listed on stderr (at most 20 lines; every
// one in the --errors file). Returns them, or an exit status: kUsage for bad rows without --keep-going and for
// file and option errors.
std::variant<Register, int> Load(const PeopleArgs& a, bool with_cases) {
  Register r;
  absl::StatusOr<Date> as_of = DateOrToday(a.as_of, "--as-of");
  if (!as_of.ok()) return Fail(as_of.status());
  r.as_of = *as_of;
  std::optional<Language> lang = LanguageFromName(a.lang);
  if (!lang) return Fail(absl::InvalidArgumentError("--lang " + a.lang + ": expected zh or en"));
  r.language = *lang;
  absl::StatusOr<FindingsFormat> format = FindingsFormatFromName(a.format);
  if (!format.ok()) return Fail(format.status());
  r.format = *format;
  absl::StatusOr<OutputEncoding> encoding = OutputEncodingFromName(a.encoding);
  if (!encoding.ok()) return Fail(encoding.status());
  r.encoding = *encoding;
  absl::StatusOr<PeopleSettings> settings =
      a.settings.empty() ? PeopleSettings::Builtin() : PeopleSettings::FromFile(a.settings);
  if (!settings.ok()) return Fail(settings.status());
  r.settings = *std::move(settings);
  absl::StatusOr<Encoding> input = EncodingFromName(a.input_encoding);
  if (!input.ok()) return Fail(input.status());
  ErrorReport report(a.errors);
  auto on_note = [](const std::string& note) { std::cerr << "zhifa: note: " << note << "\n"; };
  CsvOptions csv = InputCsv();
  csv.encoding = *input;
  csv.source = SourceName(a.officers);
  int64_t total = 0, bad_officers = 0;
  auto on_officer = [&](Officer&& o) {
    ++total;
    if (!o.ok()) {
      ++bad_officers;
      for (const RowError& e : o.errors) report.Add({csv.source, o.row, e.column, e.value, e.message});
    }
    r.officers.push_back(std::move(o));  // bad rows too: the register indexes only the good ones
  };
  absl::Status read =
      a.officers == "-"
          ? ReadOfficersCsv(std::cin, Registry::Builtin(), csv, on_officer, on_note, &r.has_discipline)
          : ReadOfficersCsvFile(a.officers, Registry::Builtin(), csv, on_officer, on_note, &r.has_discipline);
  if (!read.ok()) return Fail(read);
  int64_t cases = 0, bad_cases = 0;
  if (with_cases && !a.cases.empty()) {
    CsvOptions c = csv;
    c.source = a.cases;
    absl::Status s = ReadCasesCsvFile(
        a.cases, Registry::Builtin(), c,
        [&](CaseRecord&& k) {
          ++cases;
          if (!k.ok()) {
            ++bad_cases;
            for (const RowError& e : k.errors) report.Add({a.cases, k.row, e.column, e.value, e.message});
            return;
          }
          r.cases.push_back(std::move(k));
        },
        on_note);
    if (!s.ok()) return Fail(s);
  }
  r.bad = bad_officers + bad_cases;
  if (!AcceptBadRows(report, {{bad_officers, total, "officers"}, {bad_cases, cases, "cases"}}, a.keep_going)) {
    return kUsage;
  }
  return r;
}

// The officers' findings, then the cases' (zhifa people check).
absl::StatusOr<std::vector<Finding>> Findings(const Register& r) {
  OfficerRegister reg(r.officers);
  absl::StatusOr<PeopleCheck> check = CheckOfficers(reg, r.as_of, r.settings);
  if (!check.ok()) return check.status();
  std::vector<Finding> findings = std::move(check->findings);
  for (const CaseRecord& c : r.cases) {
    CheckCaseOfficers(c, reg, Registry::Builtin(), [&](Finding&& f) { findings.push_back(std::move(f)); });
  }
  return findings;
}

int RunCheck(const PeopleArgs& a) {
  auto loaded = Load(a, /*with_cases=*/true);
  if (std::holds_alternative<int>(loaded)) return std::get<int>(loaded);
  const Register& r = std::get<Register>(loaded);
  absl::StatusOr<std::vector<Finding>> found = Findings(r);
  if (!found.ok()) return Fail(found.status());
  std::vector<Finding> findings = *std::move(found);
  absl::StatusOr<std::unique_ptr<Output>> file = Output::Open(a.output, r.encoding);
  if (!file.ok()) return Fail(file.status());
  if (r.format == FindingsFormat::kTable) {
    (*file)->stream() << (r.language == Language::kZh ? "截至 " : "as of ") << FormatDate(r.as_of) << "\n";
  }
  FindingsOptions options;
  options.format = r.format;
  options.language = r.language;
  options.id_column = "id";
  options.chinese_headers = a.headers == "zh";
  WriteFindings((*file)->stream(), findings, options);
  if (absl::Status s = (*file)->Close(); !s.ok()) return Fail(s);
  return findings.empty() && r.bad == 0 ? kOk : kBadRows;
}

int RunUnits(const PeopleArgs& a) {
  auto loaded = Load(a, /*with_cases=*/false);
  if (std::holds_alternative<int>(loaded)) return std::get<int>(loaded);
  const Register& r = std::get<Register>(loaded);
  OfficerRegister reg(r.officers);
  absl::StatusOr<PeopleCheck> check = CheckOfficers(reg, r.as_of, r.settings);
  if (!check.ok()) return Fail(check.status());
  absl::StatusOr<std::unique_ptr<Output>> file = Output::Open(a.output, r.encoding);
  if (!file.ok()) return Fail(file.status());
  WritePeopleUnits((*file)->stream(), *check, r.format, r.language);
  if (absl::Status s = (*file)->Close(); !s.ok()) return Fail(s);
  return r.bad > 0 ? kBadRows : kOk;
}

int RunRank(const PeopleArgs& a) {
  auto loaded = Load(a, /*with_cases=*/false);
  if (std::holds_alternative<int>(loaded)) return std::get<int>(loaded);
  const Register& r = std::get<Register>(loaded);
  OfficerRegister reg(r.officers);
  TrainingRanking ranking = RankTraining(reg, r.as_of, r.settings, r.has_discipline);
  absl::StatusOr<std::unique_ptr<Output>> file = Output::Open(a.output, r.encoding);
  if (!file.ok()) return Fail(file.status());
  WriteTrainingRanking((*file)->stream(), ranking, r.format, r.language);
  if (absl::Status s = (*file)->Close(); !s.ok()) return Fail(s);
  return r.bad > 0 ? kBadRows : kOk;
}

void AddCommon(CLI::App* cmd, PeopleArgs& a) {
  cmd->add_option("officers", a.officers, "Officer register CSV ('-' for stdin)")->required();
  cmd->add_option("--as-of", a.as_of, "The evaluation date (default: today)");
  cmd->add_option("--settings", a.settings, "People settings TOML (training minimums, financed posts, weights)");
  AddReadOptions(cmd, a);
}

}  // namespace

std::variant<std::vector<Finding>, int> PeopleFindings(const FindingsInput& input) {
  PeopleArgs a;
  a.officers = input.file;
  a.cases = input.more;
  a.as_of = input.as_of;
  a.settings = input.settings;
  a.input_encoding = input.input_encoding;
  a.errors = input.errors;
  a.keep_going = input.keep_going;
  auto loaded = Load(a, /*with_cases=*/true);
  if (std::holds_alternative<int>(loaded)) return std::get<int>(loaded);
  absl::StatusOr<std::vector<Finding>> found = Findings(std::get<Register>(loaded));
  if (!found.ok()) return Fail(found.status());
  return *std::move(found);
}

void AddPeopleCommands(CLI::App& app, Commands& commands) {
  auto a = std::make_shared<PeopleArgs>();
  CLI::App* people = app.add_subcommand(
      "people", "The officer register: certificates, training, the two-officer rule, unit figures · 执法人员名册");
  people->require_subcommand(1);
  CLI::App* check = people->add_subcommand(
      "check",
      "Officers who may not enforce, training short or late, and cases breaking 3.1.3(2) · 检查执法资格与培训");
  AddCommon(check, *a);
  AddOutputOptions(check, *a, kFormatOption | kLangOption | kHeadersOption);
  check->add_option("--cases", a->cases,
                    "Case CSV with investigators, decided_by and reviewed_by (officer ids joined with |)");
  commands.push_back({check, [=] { return RunCheck(*a); }});
  CLI::App* units = people->add_subcommand(
      "units", "Per unit: headcount by post, certified and trained shares, grades, financed posts · 各单位人员情况");
  AddCommon(units, *a);
  AddOutputOptions(units, *a, kFormatOption | kLangOption);
  commands.push_back({units, [=] { return RunUnits(*a); }});
  CLI::App* rank = people->add_subcommand("rank", "The units ranked by training (3.1.2(2) 排名通报) · 培训排名");
  AddCommon(rank, *a);
  AddOutputOptions(rank, *a, kFormatOption | kLangOption);
  commands.push_back({rank, [=] { return RunRank(*a); }});
}

}  // namespace zhifa::cli

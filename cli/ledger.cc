// zhifa ledger: the campaign's problem ledger (四, 五(二)) — check it, see the campaign's status, and keep it in a
// store with its whole history.
//
//   zhifa ledger check  [LEDGER.csv | --db FILE] [--submissions FILE] [--as-of DATE] [--recorded-at MOMENT] ...
//   zhifa ledger status [LEDGER.csv | --db FILE] [--as-of DATE] [--recorded-at MOMENT] ...
//   zhifa ledger import --db FILE LEDGER.csv [--by NAME] [--keep-going]
//   zhifa ledger set --db FILE PROBLEM_ID field=value... [--by NAME]
//   zhifa ledger history --db FILE [PROBLEM_ID]
//   zhifa ledger export --db FILE [--recorded-at MOMENT] [--as-of DATE]
//   zhifa ledger verify --db FILE
#include "zhifa/ledger.h"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <iostream>

#include "cli/cli.h"
#include "cli/io.h"
#include "lib/strings.h"
#include "nlohmann/json.hpp"
#include "zhifa/ledger_store.h"

namespace zhifa::cli {
namespace {

struct LedgerArgs : OutputArgs, InputArgs {
  std::string file;  // a ledger CSV ('-' for stdin); empty with --db
  std::string db;
  std::string submissions;
  std::string as_of;
  std::string recorded_at;
  std::string settings;
  std::string by;
  std::string problem_id;
  std::vector<std::string> assignments;  // field=value
};

// Who is recorded as making a change: --by, else the login name.
std::string Who(const std::string& by) {
  if (!by.empty()) return by;
  if (const passwd* pw = getpwuid(getuid()); pw != nullptr && pw->pw_name != nullptr) return pw->pw_name;
  if (const char* user = std::getenv("USER"); user != nullptr && *user != '\0') return user;
  return "unknown";
}

std::string SourceName(const std::string& file) { return file == "-" ? "<stdin>" : file; }

// The problems and submissions a command works on, read and checked.
struct Inputs {
  std::vector<Problem> problems;
  std::vector<Submission> submissions;
  int64_t bad = 0;  // rows left out with --keep-going
};

// Reads the ledger (the CSV, or the store as it is or as recorded at --recorded-at) and the submissions. Bad
// rows are listed on stderr (at most 20 lines; every one in the --errors file). Returns the inputs, or an exit
// status: kUsage for bad rows without --keep-going and for file errors.
std::variant<Inputs, int> Load(const LedgerArgs& a, bool with_submissions) {
  if (a.file.empty() == a.db.empty()) {
    return Fail(absl::InvalidArgumentError("give a ledger CSV or --db FILE (one of them)"));
  }
  if (!a.recorded_at.empty() && a.db.empty()) {
    return Fail(absl::InvalidArgumentError("--recorded-at replays a store's history: it needs --db FILE"));
  }
  absl::StatusOr<Encoding> encoding = EncodingFromName(a.input_encoding);
  if (!encoding.ok()) return Fail(encoding.status());
  Inputs in;
  ErrorReport report(a.errors);
  int64_t total = 0;
  auto on_problem = [&](Problem&& p) {
    ++total;
    if (p.ok()) {
      in.problems.push_back(std::move(p));
      return;
    }
    ++in.bad;
    for (const RowError& e : p.errors) {
      report.Add({a.db.empty() ? SourceName(a.file) : a.db, p.row, e.column, e.value, e.message});
    }
  };
  auto on_note = [](const std::string& note) { std::cerr << "zhifa: note: " << note << "\n"; };
  if (!a.db.empty()) {
    absl::StatusOr<LedgerStore> store = LedgerStore::Open(a.db, Registry::Builtin(), LedgerStore::OpenMode::kExisting);
    if (!store.ok()) return Fail(store.status());
    absl::StatusOr<std::vector<Problem>> problems =
        store->Problems(a.recorded_at.empty() ? std::nullopt : std::optional<std::string_view>(a.recorded_at));
    if (!problems.ok()) return Fail(problems.status());
    for (Problem& p : *problems) on_problem(std::move(p));
  } else {
    CsvOptions csv = InputCsv();
    csv.encoding = *encoding;
    csv.source = SourceName(a.file);
    absl::Status read = a.file == "-" ? ReadLedgerCsv(std::cin, Registry::Builtin(), csv, on_problem, on_note)
                                      : ReadLedgerCsvFile(a.file, Registry::Builtin(), csv, on_problem, on_note);
    if (!read.ok()) return Fail(read);
  }
  const int64_t bad_problems = in.bad;
  int64_t submissions = 0;
  if (with_submissions && !a.submissions.empty()) {
    CsvOptions csv = InputCsv();
    csv.encoding = *encoding;
    csv.source = a.submissions;
    absl::Status read = ReadSubmissionsCsvFile(
        a.submissions, Registry::Builtin(), Plan::Builtin(), csv,
        [&](Submission&& s) {
          ++submissions;
          if (s.ok()) {
            in.submissions.push_back(std::move(s));
            return;
          }
          ++in.bad;
          for (const RowError& e : s.errors) report.Add({a.submissions, s.row, e.column, e.value, e.message});
        },
        on_note);
    if (!read.ok()) return Fail(read);
  }
  if (!AcceptBadRows(report, {{bad_problems, total, "problems"}, {in.bad - bad_problems, submissions, "submissions"}},
                     a.keep_going)) {
    return kUsage;
  }
  return in;
}

absl::StatusOr<LedgerSettings> LoadSettings(const std::string& path) {
  if (path.empty()) return LedgerSettings::Builtin();
  return LedgerSettings::FromFile(path);
}

// check and status: evaluate the ledger as of a date, then write the findings or the status.
int RunEvaluate(const LedgerArgs& a, bool status) {
  absl::StatusOr<Date> as_of = DateOrToday(a.as_of, "--as-of");
  if (!as_of.ok()) return Fail(as_of.status());
  std::optional<Language> lang = LanguageFromName(a.lang);
  if (!lang) return Fail(absl::InvalidArgumentError("--lang " + a.lang + ": expected zh or en"));
  absl::StatusOr<FindingsFormat> format = FindingsFormatFromName(a.format);
  if (!format.ok()) return Fail(format.status());
  absl::StatusOr<OutputEncoding> encoding = OutputEncodingFromName(a.encoding);
  if (!encoding.ok()) return Fail(encoding.status());
  absl::StatusOr<LedgerSettings> settings = LoadSettings(a.settings);
  if (!settings.ok()) return Fail(settings.status());
  auto loaded = Load(a, /*with_submissions=*/true);
  if (std::holds_alternative<int>(loaded)) return std::get<int>(loaded);
  const Inputs& in = std::get<Inputs>(loaded);
  absl::StatusOr<std::unique_ptr<Output>> file = Output::Open(a.output, *encoding);
  if (!file.ok()) return Fail(file.status());
  std::ostream& out = (*file)->stream();
  const bool zh = *lang == Language::kZh;
  FindingsOptions options;
  options.format = *format;
  options.language = *lang;
  options.id_column = "problem_id";
  options.chinese_headers = a.headers == "zh";
  // A CSV of findings is written as they are found: a province's ledger has millions, never all held at once.
  std::optional<FindingsCsvWriter> csv;
  if (!status && *format == FindingsFormat::kCsv) csv.emplace(out, options);
  int64_t findings = 0;
  absl::StatusOr<LedgerCheck> check = csv ? CheckLedger(in.problems, in.submissions, *as_of, *settings,
                                                        [&](Finding&& f) {
                                                          ++findings;
                                                          csv->Write(f);
                                                        })
                                          : CheckLedger(in.problems, in.submissions, *as_of, *settings);
  if (!check.ok()) return Fail(check.status());  // the output file is not written: Close() was not called
  if (!csv) findings = static_cast<int64_t>(check->findings.size());
  if (status) {
    WriteLedgerStatus(out, *check, *format, *lang, a.headers == "zh");
  } else if (!csv) {
    if (*format == FindingsFormat::kTable) {
      out << (zh ? "截至 " : "as of ") << FormatDate(check->as_of) << (zh ? "（" : " (")
          << (zh ? check->phase.name : check->phase.name_en) << (zh ? "）" : ")") << "\n";
    }
    WriteFindings(out, check->findings, options);
  }
  if (absl::Status s = (*file)->Close(); !s.ok()) return Fail(s);
  if (status) return in.bad > 0 ? kBadRows : kOk;
  return findings == 0 && in.bad == 0 ? kOk : kBadRows;
}

absl::StatusOr<LedgerStore> OpenStore(const std::string& db, LedgerStore::OpenMode mode) {
  if (db.empty()) return absl::InvalidArgumentError("--db FILE is required: the ledger store");
  return LedgerStore::Open(db, Registry::Builtin(), mode);
}

int RunImport(const LedgerArgs& a) {
  if (a.db.empty()) return Fail(absl::InvalidArgumentError("--db FILE is required: the store to import into"));
  LedgerArgs read = a;
  read.db.clear();
  auto loaded = Load(read, /*with_submissions=*/false);
  if (std::holds_alternative<int>(loaded)) return std::get<int>(loaded);
  const Inputs& in = std::get<Inputs>(loaded);
  absl::StatusOr<LedgerStore> store = OpenStore(a.db, LedgerStore::OpenMode::kCreate);
  if (!store.ok()) return Fail(store.status());
  // Whether the file has the 是否公开 column: some problem read from it has a value there.
  const bool has_disclosed =
      std::any_of(in.problems.begin(), in.problems.end(), [](const Problem& p) { return p.disclosed.has_value(); });
  absl::StatusOr<ImportResult> result = store->Import(in.problems, Who(a.by), has_disclosed);
  if (!result.ok()) return Fail(result.status());
  std::cerr << "zhifa: " << a.db << ": " << result->added << " problems added, " << result->changed << " changed, "
            << result->unchanged << " unchanged (" << result->events << " changes recorded)\n";
  return in.bad > 0 ? kBadRows : kOk;
}

int RunSet(const LedgerArgs& a) {
  std::vector<std::pair<std::string, std::string>> fields;
  for (const std::string& s : a.assignments) {
    const size_t eq = s.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Fail(absl::InvalidArgumentError("\"" + s + "\": expected field=value (rectified_on=2021-05-20)"));
    }
    fields.emplace_back(s.substr(0, eq), s.substr(eq + 1));
  }
  absl::StatusOr<LedgerStore> store = OpenStore(a.db, LedgerStore::OpenMode::kExisting);
  if (!store.ok()) return Fail(store.status());
  absl::StatusOr<int> changed = store->Set(a.problem_id, fields, Who(a.by));
  if (!changed.ok()) return Fail(changed.status());
  std::cerr << "zhifa: " << a.problem_id << ": " << *changed
            << (*changed == 1 ? " field changed\n" : " fields changed\n");
  return kOk;
}

int RunHistory(const LedgerArgs& a) {
  absl::StatusOr<FindingsFormat> format = FindingsFormatFromName(a.format);
  if (!format.ok()) return Fail(format.status());
  absl::StatusOr<OutputEncoding> encoding = OutputEncodingFromName(a.encoding);
  if (!encoding.ok()) return Fail(encoding.status());
  absl::StatusOr<LedgerStore> store = OpenStore(a.db, LedgerStore::OpenMode::kExisting);
  if (!store.ok()) return Fail(store.status());
  absl::StatusOr<std::vector<LedgerEvent>> events =
      store->History(a.problem_id.empty() ? std::nullopt : std::optional<std::string_view>(a.problem_id));
  if (!events.ok()) return Fail(events.status());
  if (!a.problem_id.empty() && events->empty()) {
    return Fail(absl::NotFoundError("no problem \"" + a.problem_id + "\" in the ledger"));
  }
  absl::StatusOr<std::unique_ptr<Output>> file = Output::Open(a.output, *encoding);
  if (!file.ok()) return Fail(file.status());
  std::ostream& out = (*file)->stream();
  const bool zh = a.lang != "en";
  auto text = [](const std::optional<std::string>& v) { return v.value_or(""); };
  if (*format == FindingsFormat::kJson) {
    nlohmann::json j = nlohmann::json::array();
    for (const LedgerEvent& e : *events) {
      nlohmann::json o = {{"seq", e.seq}, {"at", e.at}, {"by", e.by}, {"problem_id", e.problem_id}, {"field", e.field}};
      o["old"] = e.old_value ? nlohmann::json(*e.old_value) : nlohmann::json(nullptr);
      if (e.field == "*" && e.new_value) {
        o["new"] = nlohmann::json::parse(*e.new_value, nullptr, false);
      } else {
        o["new"] = e.new_value ? nlohmann::json(*e.new_value) : nlohmann::json(nullptr);
      }
      j.push_back(std::move(o));
    }
    out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else if (*format == FindingsFormat::kCsv) {
    out << "seq,at,by,problem_id,field,old,new\n";
    for (const LedgerEvent& e : *events) {
      std::string line = std::to_string(e.seq) + "," + e.at + ",";
      for (const std::string& cell : {e.by, e.problem_id, e.field, text(e.old_value), text(e.new_value)}) {
        internal::AppendCsvField(line, cell);
        line += ",";
      }
      line.back() = '\n';
      out << line;
    }
  } else {
    std::vector<std::vector<std::string>> rows = {
        zh ? std::vector<std::string>{"序号", "时间 (UTC)", "记录人", "问题编号", "字段", "原值", "新值"}
           : std::vector<std::string>{"seq", "at (UTC)", "by", "problem_id", "field", "old", "new"}};
    for (const LedgerEvent& e : *events) {
      const bool added = e.field == "*";
      rows.push_back({std::to_string(e.seq), e.at.substr(0, 19), e.by, e.problem_id,
                      added ? (zh ? "（新增问题）" : "(added)") : e.field, text(e.old_value),
                      added ? "" : text(e.new_value)});
    }
    PrintTable(out, rows);
    out << events->size() << (zh ? " 条记录\n" : events->size() == 1 ? " change\n" : " changes\n");
  }
  if (absl::Status s = (*file)->Close(); !s.ok()) return Fail(s);
  return kOk;
}

int RunExport(const LedgerArgs& a) {
  absl::StatusOr<OutputEncoding> encoding = OutputEncodingFromName(a.encoding);
  if (!encoding.ok()) return Fail(encoding.status());
  absl::StatusOr<LedgerStore> store = OpenStore(a.db, LedgerStore::OpenMode::kExisting);
  if (!store.ok()) return Fail(store.status());
  absl::StatusOr<std::vector<Problem>> problems =
      store->Problems(a.recorded_at.empty() ? std::nullopt : std::optional<std::string_view>(a.recorded_at));
  if (!problems.ok()) return Fail(problems.status());
  if (!a.as_of.empty()) {
    absl::StatusOr<Date> as_of = DateOrToday(a.as_of, "--as-of");
    if (!as_of.ok()) return Fail(as_of.status());
    *problems = LedgerOn(*problems, *as_of);
  }
  absl::StatusOr<std::unique_ptr<Output>> file = Output::Open(a.output, *encoding);
  if (!file.ok()) return Fail(file.status());
  WriteLedgerCsv((*file)->stream(), *problems);
  if (absl::Status s = (*file)->Close(); !s.ok()) return Fail(s);
  return kOk;
}

int RunVerify(const LedgerArgs& a) {
  absl::StatusOr<LedgerStore> store = OpenStore(a.db, LedgerStore::OpenMode::kExisting);
  if (!store.ok()) return Fail(store.status());
  if (absl::Status s = store->Verify(); !s.ok()) return Fail(s);
  absl::StatusOr<std::vector<LedgerEvent>> events = store->History();
  absl::StatusOr<std::vector<Problem>> problems = store->Problems();
  if (!events.ok() || !problems.ok()) return Fail(events.ok() ? problems.status() : events.status());
  std::cout << a.db << ": ok, " << problems->size() << " problems, " << events->size() << " changes recorded\n";
  return kOk;
}

void AddSource(CLI::App* cmd, LedgerArgs& a) {
  cmd->add_option("ledger", a.file, "Ledger CSV ('-' for stdin); or give --db");
  cmd->add_option("--db", a.db, "The ledger store (SQLite) instead of a CSV");
  cmd->add_option("--recorded-at", a.recorded_at,
                  "With --db: the ledger as it was recorded at this moment (YYYY-MM-DD[THH:MM[:SS]], UTC or +08:00)");
  AddReadOptions(cmd, a);
}

}  // namespace

std::variant<std::vector<Finding>, int> LedgerFindings(const FindingsInput& input) {
  LedgerArgs a;
  a.file = input.file;
  a.submissions = input.more;
  a.as_of = input.as_of;
  a.settings = input.settings;
  a.input_encoding = input.input_encoding;
  a.errors = input.errors;
  a.keep_going = input.keep_going;
  absl::StatusOr<Date> as_of = DateOrToday(a.as_of, "--as-of");
  if (!as_of.ok()) return Fail(as_of.status());
  absl::StatusOr<LedgerSettings> settings = LoadSettings(a.settings);
  if (!settings.ok()) return Fail(settings.status());
  auto loaded = Load(a, /*with_submissions=*/true);
  if (std::holds_alternative<int>(loaded)) return std::get<int>(loaded);
  const Inputs& in = std::get<Inputs>(loaded);
  absl::StatusOr<LedgerCheck> check = CheckLedger(in.problems, in.submissions, *as_of, *settings);
  if (!check.ok()) return Fail(check.status());
  return std::move(check->findings);
}

void AddLedgerCommands(CLI::App& app, Commands& commands) {
  auto a = std::make_shared<LedgerArgs>();
  CLI::App* ledger = app.add_subcommand(
      "ledger",
      "The campaign's problem ledger: check it, its status, a store with history · 问题台账：检查、进度、留痕存储");
  ledger->require_subcommand(1);

  CLI::App* check = ledger->add_subcommand(
      "check", "List what is missing, late or wrong on a date (四, 五(二)) · 列出截至某日的逾期、缺漏与不当处置");
  AddSource(check, *a);
  check->add_option("--submissions", a->submissions,
                    "Submissions CSV (unit, material, submitted_on): 四(一)'s materials");
  check->add_option("--as-of", a->as_of, "The evaluation date (default: today); facts dated later are not yet true");
  check->add_option("--settings", a->settings, "Ledger settings TOML (the numbers the plan does not give)");
  AddOutputOptions(check, *a, kFormatOption | kLangOption | kHeadersOption);
  commands.push_back({check, [=] { return RunEvaluate(*a, /*status=*/false); }});

  CLI::App* status =
      ledger->add_subcommand("status", "The campaign per unit on a date: problems by class and state · 各单位整治进度");
  AddSource(status, *a);
  status->add_option("--submissions", a->submissions, "Submissions CSV (counted in the findings column)");
  status->add_option("--as-of", a->as_of, "The evaluation date (default: today)");
  status->add_option("--settings", a->settings, "Ledger settings TOML");
  AddOutputOptions(status, *a, kFormatOption | kLangOption | kHeadersOption);
  commands.push_back({status, [=] { return RunEvaluate(*a, /*status=*/true); }});

  CLI::App* import = ledger->add_subcommand(
      "import", "Add a ledger CSV to a store, one transaction, every change recorded · 导入台账（全部或不导入）");
  import->add_option("--db", a->db, "The ledger store (created when absent)")->required();
  import->add_option("ledger", a->file, "Ledger CSV ('-' for stdin)")->required();
  import->add_option("--by", a->by, "Who is recorded as making the changes (default: the login name)");
  AddReadOptions(import, *a);
  commands.push_back({import, [=] { return RunImport(*a); }});

  CLI::App* set = ledger->add_subcommand(
      "set", "Change fields of one problem, recorded with who and when · 修改一个问题的字段（留痕）");
  set->add_option("--db", a->db, "The ledger store")->required();
  set->add_option("problem_id", a->problem_id, "The problem")->required();
  set->add_option("assignments", a->assignments, "field=value (a column name or its Chinese header; '' clears)")
      ->required();
  set->add_option("--by", a->by, "Who is recorded as making the change (default: the login name)");
  commands.push_back({set, [=] { return RunSet(*a); }});

  CLI::App* history = ledger->add_subcommand("history", "Every recorded change, of one problem or all · 变更记录");
  history->add_option("--db", a->db, "The ledger store")->required();
  history->add_option("problem_id", a->problem_id, "Only this problem's changes");
  AddOutputOptions(history, *a, kFormatOption | kLangOption);
  commands.push_back({history, [=] { return RunHistory(*a); }});

  CLI::App* exp =
      ledger->add_subcommand("export", "The stored ledger as a CSV that ledger check reads back · 导出台账 CSV");
  exp->add_option("--db", a->db, "The ledger store")->required();
  exp->add_option("--recorded-at", a->recorded_at, "The ledger as it was recorded at this moment");
  exp->add_option("--as-of", a->as_of,
                  "The ledger as it stood on this date: problems found by then, facts dated later left out");
  AddOutputOptions(exp, *a, 0);
  commands.push_back({exp, [=] { return RunExport(*a); }});

  CLI::App* verify = ledger->add_subcommand(
      "verify", "Check a store: SQLite's integrity check, and the ledger equals its replayed history · 校验存储");
  verify->add_option("--db", a->db, "The ledger store")->required();
  commands.push_back({verify, [=] { return RunVerify(*a); }});
}

}  // namespace zhifa::cli

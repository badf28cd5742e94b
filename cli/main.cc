// zhifa: command-line scoring of the six-rate evaluation of the 2021 Zhenping plan.
//
//   zhifa score [FILE] [--rules FILE.toml|ID]... [--format table|csv|json] [--explain] [--keep-going]
//               [--output FILE] [--encoding auto|utf-8|gb18030] [--lang zh|en] [--units FILE.toml]
//   zhifa rules show [ID] [--canonical]
//   zhifa rules check FILE...
//   zhifa units [--category C] [--format table|csv|json] [--units FILE.toml]
//   zhifa units resolve NAME...
//   zhifa units check
//   zhifa cases aggregate FILE [--period year|half|quarter|month] [--as-of DATE] [--quota FILE |
//               --quota-from-history] [--format csv|table|json] [--settings FILE] [--keep-going] [-o FILE]
//   zhifa cases check FILE [--format table|csv|json] [--settings FILE]
//   zhifa score --cases FILE [same options as cases aggregate] [score options]
//   zhifa calendar [--on DATE] [--year Y] [--format table|json] [--ics FILE] [--plan FILE] [--work-calendar FILE]
//
// Exit status: 0 success; 1 bad rows or invalid rule files (listed on stderr); 2 usage or input errors.
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <variant>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"
#include "zhifa/zhifa.h"

namespace {

constexpr int kOk = 0;
constexpr int kBadRows = 1;
constexpr int kUsage = 2;

int Fail(const absl::Status& status) {
  std::cerr << "zhifa: " << status.message() << "\n";
  return kUsage;
}

// A --rules value is a TOML file when such a file exists, else the id of a built-in set.
absl::StatusOr<zhifa::RuleBook> LoadBook(const std::vector<std::string>& rules) {
  if (rules.empty()) return zhifa::RuleBook::Builtin();
  std::vector<zhifa::RuleSet> sets;
  for (const std::string& r : rules) {
    absl::StatusOr<zhifa::RuleSet> set =
        std::filesystem::exists(r) ? zhifa::RuleSet::FromFile(r) : zhifa::RuleSet::Builtin(r);
    if (!set.ok()) {
      if (!std::filesystem::exists(r) && set.status().code() == absl::StatusCode::kNotFound) {
        return absl::NotFoundError(absl::StrCat("--rules ", r, ": no such file, and ", set.status().message()));
      }
      return set.status();
    }
    sets.push_back(*std::move(set));
  }
  return zhifa::RuleBook::Create(std::move(sets));
}

// A progress line on stderr ("zhifa: 1234567 rows, 45% of 56 MB"), only when stderr is a terminal, at most
// five times a second.
class Progress {
 public:
  explicit Progress(const std::string& path) : enabled_(isatty(STDERR_FILENO) == 1) {
    std::error_code ec;
    if (enabled_ && !path.empty() && path != "-") size_ = std::filesystem::file_size(path, ec);
    if (ec) size_ = 0;
  }
  void Bytes(uint64_t bytes, size_t rows) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    shown_ = true;
    std::cerr << "\rzhifa: " << rows << " rows";
    if (size_ > 0) std::cerr << ", " << (100 * bytes / size_) << "% of " << (size_ >> 20) << " MB";
    std::cerr << std::flush;
  }
  void Done(size_t rows) {
    if (shown_) std::cerr << "\rzhifa: " << rows << " rows read; scoring and ranking\n";
  }

 private:
  bool enabled_;
  bool shown_ = false;
  uintmax_t size_ = 0;
  std::chrono::steady_clock::time_point last_;
};

struct ScoreArgs {
  std::string file;
  // zhifa score --cases: the rows aggregated from a case CSV, scored instead of reading FILE.
  const std::vector<zhifa::AggregatedRow>* aggregated = nullptr;
  std::string aggregated_source;
  std::vector<std::string> rules;
  std::string format = "table";
  bool explain = false;
  bool keep_going = false;
  std::string output;
  std::string encoding = "auto";
  std::string lang = "zh";
  std::string units;
};

int RunScore(const ScoreArgs& args) {
  if (args.explain && args.format == "csv") {
    std::cerr << "zhifa: --explain needs --format table or json (CSV columns are fixed)\n";
    return kUsage;
  }
  absl::StatusOr<zhifa::Encoding> encoding = zhifa::EncodingFromName(args.encoding);
  if (!encoding.ok()) return Fail(encoding.status());
  std::optional<zhifa::Language> lang = zhifa::LanguageFromName(args.lang);
  if (!lang) {
    std::cerr << "zhifa: --lang " << args.lang << ": expected zh or en\n";
    return kUsage;
  }
  absl::StatusOr<zhifa::Registry> custom_registry;
  const zhifa::Registry* registry = &zhifa::Registry::Builtin();
  if (!args.units.empty()) {
    custom_registry = zhifa::Registry::FromFile(args.units);
    if (!custom_registry.ok()) return Fail(custom_registry.status());
    registry = &*custom_registry;
  }
  absl::StatusOr<zhifa::RuleBook> book = LoadBook(args.rules);
  if (!book.ok()) return Fail(book.status());

  // Rows stream into the table, which keeps a compact record of each (the output must be ranked, so it is
  // held); a progress line goes to stderr when it is a terminal.
  zhifa::ScoredTable table(*book, *registry);
  Progress progress(args.file);
  auto on_row = [&](zhifa::CountsRow&& row) { table.Add(std::move(row)); };
  auto on_note = [](const std::string& note) { std::cerr << "zhifa: note: " << note << "\n"; };
  zhifa::CsvOptions options;
  options.encoding = *encoding;
  options.source = args.file;
  options.on_progress = [&](uint64_t bytes) { progress.Bytes(bytes, table.size()); };
  absl::Status read;
  if (args.aggregated != nullptr) {
    options.source = args.aggregated_source;
    int64_t row = 0;
    for (const zhifa::AggregatedRow& a : *args.aggregated) {
      zhifa::CountsRow r;
      r.row = ++row;
      r.unit_text = a.unit->name;
      r.period_text = a.period.ToString();
      r.counts = a.counts;
      zhifa::ResolveRow(r, *registry);
      on_row(std::move(r));
    }
  } else if (args.file.empty()) {
    options.source = std::string(zhifa::kBundledSampleName);
    std::istringstream in{std::string(zhifa::BundledSampleCsv())};
    read = zhifa::ReadCountsCsv(in, *registry, options, on_row, on_note);
  } else if (args.file == "-") {
    options.source = "<stdin>";
    read = zhifa::ReadCountsCsv(std::cin, *registry, options, on_row, on_note);
  } else {
    read = zhifa::ReadCountsCsvFile(args.file, *registry, options, on_row, on_note);
  }
  progress.Done(table.size());
  if (!read.ok()) return Fail(read);
  table.Finish();

  const size_t bad = table.bad_rows();
  for (size_t i = 0; i < table.size() && bad > 0; ++i) {
    for (const zhifa::RowError& e : table.errors(i)) {
      std::cerr << zhifa::FormatRowError(options.source, table.row_number(i), e) << "\n";
    }
  }
  if (bad > 0 && !args.keep_going) {
    std::cerr << "zhifa: " << bad << " of " << table.size()
              << " rows are bad; nothing written (--keep-going scores the good rows and marks the bad ones)\n";
    return kBadRows;
  }

  std::ofstream file;
  if (!args.output.empty()) {
    file.open(args.output, std::ios::binary);
    if (!file) {
      std::cerr << "zhifa: --output " << args.output << ": cannot open for writing\n";
      return kUsage;
    }
  }
  std::ostream& out = args.output.empty() ? std::cout : file;
  if (args.format == "csv") {
    zhifa::WriteCsv(out, table, args.keep_going);
  } else if (args.format == "json") {
    zhifa::WriteJson(out, table, args.explain);
  } else {
    zhifa::WriteTable(out, table, *lang);
    if (args.explain) {
      for (size_t i = 0; i < table.size(); ++i) {
        if (table.ok(i)) out << "\n" << zhifa::Explain(table.Card(i), *lang);
      }
    }
  }
  out.flush();
  if (!out) {
    std::cerr << "zhifa: write error\n";
    return kUsage;
  }
  if (bad > 0) {
    std::cerr << "zhifa: " << bad << " of " << table.size() << " rows are bad; they are in the output with "
              << (args.format == "table" ? "their error" : "an error") << "\n";
    return kBadRows;
  }
  return kOk;
}

int RunRulesShow(const std::string& id, bool canonical) {
  absl::StatusOr<zhifa::RuleSet> set = zhifa::RuleSet::Builtin(id);
  if (!set.ok()) return Fail(set.status());
  if (canonical) {
    std::cout << "# " << set->id() << " " << set->digest() << "\n" << set->ToToml();
    return kOk;
  }
  absl::StatusOr<std::string_view> text = zhifa::RuleSet::BuiltinSource(id);
  if (!text.ok()) return Fail(text.status());
  std::cout << *text;
  return kOk;
}

int RunRulesCheck(const std::vector<std::string>& files) {
  int status = kOk;
  std::vector<zhifa::RuleSet> sets;
  for (const std::string& f : files) {
    absl::StatusOr<zhifa::RuleSet> set = zhifa::RuleSet::FromFile(f);
    if (!set.ok()) {
      std::cerr << set.status().message() << "\n";
      status = kBadRows;
      continue;
    }
    std::cout << f << ": ok: " << set->id() << ", " << set->indicators().size() << " indicators, " << set->digest()
              << "\n";
    sets.push_back(*std::move(set));
  }
  if (status == kOk && sets.size() > 1) {
    absl::StatusOr<zhifa::RuleBook> book = zhifa::RuleBook::Create(std::move(sets));
    if (!book.ok()) {
      std::cerr << "rule book: " << book.status().message() << "\n";
      return kBadRows;
    }
    std::cout << "rule book: ok: " << files.size() << " sets, no overlap, no gap\n";
  }
  return status;
}

// Writes rows as an aligned table (CJK-width aware): every column left-aligned.
void PrintTable(std::ostream& out, const std::vector<std::vector<std::string>>& rows) {
  std::vector<int> width;
  for (const auto& row : rows) {
    width.resize(std::max(width.size(), row.size()), 0);
    for (size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], zhifa::DisplayWidth(row[c]));
  }
  for (const auto& row : rows) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) {
      if (c > 0) line += "  ";
      line += row[c];
      if (c + 1 < row.size()) line.append(static_cast<size_t>(width[c] - zhifa::DisplayWidth(row[c])), ' ');
    }
    out << line << "\n";
  }
}

absl::StatusOr<zhifa::Registry> LoadRegistry(const std::string& path) {
  if (path.empty()) return zhifa::Registry::Builtin();
  return zhifa::Registry::FromFile(path);
}

int RunUnits(const std::string& units_file, const std::string& category, const std::string& format) {
  absl::StatusOr<zhifa::Registry> registry = LoadRegistry(units_file);
  if (!registry.ok()) return Fail(registry.status());
  std::optional<zhifa::Category> only;
  if (!category.empty()) {
    only = zhifa::CategoryFromKey(category);
    if (!only) {
      std::cerr << "zhifa: --category " << category << ": expected township, department or vertical\n";
      return kUsage;
    }
  }
  // Each of the plan's units, followed by its sub-units.
  std::vector<const zhifa::Unit*> order;
  for (const zhifa::Unit& u : registry->units()) {
    if (u.is_sub_unit() || (only && u.category != *only)) continue;
    order.push_back(&u);
    for (const zhifa::Unit& s : registry->units()) {
      if (s.parent == u.code) order.push_back(&s);
    }
  }
  if (format == "json") {
    nlohmann::json j = nlohmann::json::array();
    for (const zhifa::Unit* u : order) {
      j.push_back({{"code", u->code},
                   {"name", u->name},
                   {"category", std::string(zhifa::CategoryKey(u->category))},
                   {"parent", u->parent.empty() ? nlohmann::json(nullptr) : nlohmann::json(u->parent)},
                   {"official_name", u->official_name},
                   {"aliases", u->aliases},
                   {"comprehensive", u->comprehensive},
                   {"key_rectification", u->key_rectification}});
    }
    std::cout << j.dump(2) << "\n";
  } else if (format == "csv") {
    std::string out = "code,name,category,parent,official_name,aliases\n";
    for (const zhifa::Unit* u : order) {
      out += u->code + ",";
      zhifa::AppendCsvField(out, u->name);
      out += "," + std::string(zhifa::CategoryKey(u->category)) + "," + u->parent + ",";
      zhifa::AppendCsvField(out, u->official_name);
      out += ",";
      std::string aliases;
      for (const std::string& a : u->aliases) aliases += (aliases.empty() ? "" : "|") + a;
      zhifa::AppendCsvField(out, aliases);
      out += "\n";
    }
    std::cout << out;
  } else {
    std::vector<std::vector<std::string>> rows = {{"code", "名称", "类别", "上级", "全称", "综合执法", "别名"}};
    for (const zhifa::Unit* u : order) {
      std::string aliases;
      for (const std::string& a : u->aliases) aliases += (aliases.empty() ? "" : " ") + a;
      rows.push_back({u->code, u->is_sub_unit() ? "  " + u->name : u->name,
                      std::string(zhifa::CategoryName(u->category)), u->parent, u->official_name,
                      u->comprehensive ? "是" : "", aliases});
    }
    PrintTable(std::cout, rows);
  }
  return kOk;
}

int RunUnitsResolve(const std::string& units_file, const std::vector<std::string>& names) {
  absl::StatusOr<zhifa::Registry> registry = LoadRegistry(units_file);
  if (!registry.ok()) return Fail(registry.status());
  int status = kOk;
  for (const std::string& name : names) {
    absl::StatusOr<const zhifa::Unit*> u = registry->Resolve(name);
    if (!u.ok()) {
      std::cerr << "zhifa: " << u.status().message() << "\n";
      status = kBadRows;
      continue;
    }
    const zhifa::Unit& scored = registry->ScoredAs(**u);
    std::cout << name << " -> " << (*u)->code << " " << (*u)->name << " (" << zhifa::CategoryName((*u)->category)
              << ")";
    if ((*u)->is_sub_unit()) std::cout << "; scored as " << scored.code << " " << scored.name;
    std::cout << "\n";
  }
  return status;
}

int RunUnitsCheck(const std::string& units_file) {
  absl::StatusOr<zhifa::Registry> registry = LoadRegistry(units_file);
  if (!registry.ok()) return Fail(registry.status());
  std::vector<std::string> problems = registry->CheckGuidance();
  for (const std::string& p : problems) std::cerr << "zhifa: " << p << "\n";
  if (!problems.empty()) return kBadRows;
  size_t townships = 0;
  for (const zhifa::Guidance& g : registry->guidance()) townships += g.townships.size();
  std::cout << "registry " << registry->id() << ": " << registry->units().size()
            << " units; guidance map (3.2.4): " << registry->guidance().size() << " departments guide " << townships
            << " townships, each exactly once\n";
  return kOk;
}

// --- cases -------------------------------------------------------------------------------------------------

struct CaseArgs {
  std::string file;
  std::string period = "year";
  std::string as_of;
  std::string quota;
  bool quota_from_history = false;
  std::string settings;
  std::string encoding = "auto";
};

// The encoding and case settings a `cases` command reads with; Load() prints the problem and returns false.
struct CaseInputs {
  zhifa::Encoding encoding = zhifa::Encoding::kAuto;
  absl::StatusOr<zhifa::CaseSettings> custom;
  const zhifa::CaseSettings* settings = &zhifa::CaseSettings::Builtin();

  bool Load(const CaseArgs& args) {
    absl::StatusOr<zhifa::Encoding> e = zhifa::EncodingFromName(args.encoding);
    if (!e.ok()) {
      Fail(e.status());
      return false;
    }
    encoding = *e;
    if (!args.settings.empty()) {
      custom = zhifa::CaseSettings::FromFile(args.settings);
      if (!custom.ok()) {
        Fail(custom.status());
        return false;
      }
      settings = &*custom;
    }
    return true;
  }
};

std::optional<zhifa::PeriodKind> PeriodKindFromName(const std::string& name) {
  if (name == "year") return zhifa::PeriodKind::kYear;
  if (name == "half") return zhifa::PeriodKind::kHalf;
  if (name == "quarter") return zhifa::PeriodKind::kQuarter;
  if (name == "month") return zhifa::PeriodKind::kMonth;
  return std::nullopt;
}

// Reads the cases, aggregates the good ones and reports the bad ones on stderr. Returns the rows, or an exit
// status: kBadRows when bad cases are found without --keep-going, kUsage for file errors.
std::variant<std::vector<zhifa::AggregatedRow>, int> AggregateCases(const CaseArgs& args, bool keep_going,
                                                                    const zhifa::Registry& registry) {
  CaseInputs inputs;
  if (!inputs.Load(args)) return kUsage;
  std::optional<zhifa::PeriodKind> kind = PeriodKindFromName(args.period);
  if (!kind) {
    std::cerr << "zhifa: --period " << args.period << ": expected year, half, quarter or month\n";
    return kUsage;
  }
  zhifa::AggregateOptions options{.period = *kind, .as_of = std::nullopt};
  if (!args.as_of.empty()) {
    absl::StatusOr<zhifa::Date> d = zhifa::ParseDate(args.as_of);
    if (!d.ok()) return Fail(absl::InvalidArgumentError("--as-of: " + std::string(d.status().message())));
    options.as_of = *d;
  }
  zhifa::QuotaSource quota = args.quota_from_history ? zhifa::QuotaSource::History() : zhifa::QuotaSource::None();
  if (!args.quota.empty()) {
    if (args.quota_from_history) {
      std::cerr << "zhifa: give --quota FILE or --quota-from-history, not both\n";
      return kUsage;
    }
    absl::StatusOr<zhifa::QuotaSource> q = zhifa::QuotaSource::FromCsvFile(args.quota, registry);
    if (!q.ok()) return Fail(q.status());
    quota = *std::move(q);
  }
  zhifa::CaseAggregator aggregator(registry, *inputs.settings, options);
  int64_t total = 0, bad = 0;
  zhifa::CsvOptions csv;
  csv.encoding = inputs.encoding;
  csv.source = args.file == "-" ? "<stdin>" : args.file;
  auto on_case = [&](zhifa::CaseRecord&& c) {
    ++total;
    if (c.ok()) {
      aggregator.Add(c);
      return;
    }
    ++bad;
    for (const zhifa::RowError& e : c.errors) std::cerr << zhifa::FormatRowError(csv.source, c.row, e) << "\n";
  };
  auto on_note = [](const std::string& note) { std::cerr << "zhifa: note: " << note << "\n"; };
  absl::Status read = args.file == "-" ? zhifa::ReadCasesCsv(std::cin, registry, csv, on_case, on_note)
                                       : zhifa::ReadCasesCsvFile(args.file, registry, csv, on_case, on_note);
  if (!read.ok()) return Fail(read);
  if (bad > 0 && !keep_going) {
    std::cerr << "zhifa: " << bad << " of " << total
              << " cases are bad; nothing written (--keep-going leaves them out and counts the rest)\n";
    return kBadRows;
  }
  if (bad > 0) std::cerr << "zhifa: " << bad << " of " << total << " cases are bad and were left out of the counts\n";
  std::vector<zhifa::AggregatedRow> rows = aggregator.Finish(quota);
  for (const auto& [unit, period] : aggregator.missing_quota()) {
    std::cerr << "zhifa: warning: no quota for " << unit->name << " " << period.ToString()
              << "; should_file left empty (A2.1: give --quota FILE, or --quota-from-history with two earlier "
                 "periods in the data)\n";
  }
  return rows;
}

int RunCasesAggregate(const CaseArgs& args, const std::string& format, bool keep_going, const std::string& output) {
  auto result = AggregateCases(args, keep_going, zhifa::Registry::Builtin());
  if (std::holds_alternative<int>(result)) return std::get<int>(result);
  const auto& rows = std::get<std::vector<zhifa::AggregatedRow>>(result);
  std::ofstream file;
  if (!output.empty()) {
    file.open(output, std::ios::binary);
    if (!file) {
      std::cerr << "zhifa: --output " << output << ": cannot open for writing\n";
      return kUsage;
    }
  }
  std::ostream& out = output.empty() ? std::cout : file;
  if (format == "json") {
    nlohmann::json j = nlohmann::json::array();
    for (const zhifa::AggregatedRow& r : rows) {
      nlohmann::json o = {{"unit", r.unit->name}, {"unit_code", r.unit->code}, {"period", r.period.ToString()}};
      for (zhifa::Column c : zhifa::kAllColumns) {
        o[std::string(zhifa::ColumnName(c))] =
            r.counts.Has(c) ? nlohmann::json(r.counts.Get(c)) : nlohmann::json(nullptr);
      }
      j.push_back(o);
    }
    out << j.dump(2) << "\n";
  } else if (format == "table") {
    std::vector<std::vector<std::string>> table = {{"单位", "期间"}};
    for (zhifa::Column c : zhifa::kAllColumns) table[0].push_back(std::string(zhifa::ColumnName(c)));
    for (const zhifa::AggregatedRow& r : rows) {
      std::vector<std::string> row = {r.unit->name, r.period.ToString()};
      for (zhifa::Column c : zhifa::kAllColumns) row.push_back(r.counts.Has(c) ? std::to_string(r.counts.Get(c)) : "-");
      table.push_back(row);
    }
    PrintTable(out, table);
  } else {
    zhifa::WriteCountsCsv(out, rows);
  }
  return kOk;
}

int RunCasesCheck(const CaseArgs& args, const std::string& format) {
  CaseInputs inputs;
  if (!inputs.Load(args)) return kUsage;
  std::vector<zhifa::Finding> findings;
  int64_t total = 0;
  zhifa::CsvOptions csv;
  csv.encoding = inputs.encoding;
  csv.source = args.file == "-" ? "<stdin>" : args.file;
  auto on_case = [&](zhifa::CaseRecord&& c) {
    ++total;
    for (zhifa::Finding& f : zhifa::CheckCase(c, *inputs.settings)) findings.push_back(std::move(f));
  };
  absl::Status read = args.file == "-" ? zhifa::ReadCasesCsv(std::cin, zhifa::Registry::Builtin(), csv, on_case)
                                       : zhifa::ReadCasesCsvFile(args.file, zhifa::Registry::Builtin(), csv, on_case);
  if (!read.ok()) return Fail(read);
  if (format == "json") {
    nlohmann::json j = nlohmann::json::array();
    for (const zhifa::Finding& f : findings) {
      j.push_back(
          {{"row", f.row}, {"case_id", f.case_id}, {"rule", f.rule}, {"clause", f.clause}, {"message", f.message}});
    }
    std::cout << j.dump(2) << "\n";
  } else if (format == "csv") {
    std::string out = "row,case_id,rule,clause,message\n";
    for (const zhifa::Finding& f : findings) {
      out += std::to_string(f.row) + ",";
      zhifa::AppendCsvField(out, f.case_id);
      out += "," + f.rule + "," + f.clause + ",";
      zhifa::AppendCsvField(out, f.message);
      out += "\n";
    }
    std::cout << out;
  } else {
    std::vector<std::vector<std::string>> table = {{"行", "案件编号", "规则", "条款", "说明"}};
    for (const zhifa::Finding& f : findings) {
      table.push_back({std::to_string(f.row), f.case_id, f.rule, f.clause, f.message});
    }
    PrintTable(std::cout, table);
    std::cout << findings.size() << " findings in " << total << " cases\n";
  }
  return findings.empty() ? kOk : kBadRows;
}

struct CalendarArgs {
  std::string on;
  int year = 0;
  std::string format = "table";
  std::string ics;
  std::string plan;
  std::string work;
};

int RunCalendar(const CalendarArgs& args) {
  absl::StatusOr<zhifa::Plan> custom_plan;
  const zhifa::Plan* plan = &zhifa::Plan::Builtin();
  if (!args.plan.empty()) {
    custom_plan = zhifa::Plan::FromFile(args.plan);
    if (!custom_plan.ok()) return Fail(custom_plan.status());
    plan = &*custom_plan;
  }
  std::optional<zhifa::Date> on;
  if (!args.on.empty()) {
    absl::StatusOr<zhifa::Date> d = zhifa::ParseDate(args.on);
    if (!d.ok()) return Fail(absl::InvalidArgumentError(std::string("--on: ") + std::string(d.status().message())));
    on = *d;
  }
  const int year = args.year != 0 ? args.year
                   : on           ? static_cast<int>(on->year())
                                  : static_cast<int>(plan->milestones().front().date.year());
  absl::StatusOr<zhifa::WorkCalendar> work =
      args.work.empty() ? zhifa::WorkCalendar::China(year) : zhifa::WorkCalendar::FromFile(args.work);
  if (!work.ok() && args.work.empty()) {
    // No holiday data for that year: weekends only, and say so.
    std::cerr << "zhifa: note: " << work.status().message() << "; meetings use weekends only\n";
    work = zhifa::WorkCalendar::FromToml("id = \"weekends\"\nfirst_day = " + std::to_string(year) +
                                             "-01-01\nlast_day = " + std::to_string(year) + "-12-31\n",
                                         "<weekends>");
  }
  if (!work.ok()) return Fail(work.status());
  if (!args.ics.empty()) {
    std::ofstream f(args.ics, std::ios::binary);
    f << plan->ToIcs(year, *work);
    if (!f) {
      std::cerr << "zhifa: --ics " << args.ics << ": cannot write\n";
      return kUsage;
    }
    std::cerr << "zhifa: wrote " << args.ics << " (" << plan->Events(year, *work).size() << " events, " << year
              << ")\n";
  }
  static constexpr const char* kWeekday[] = {"日", "一", "二", "三", "四", "五", "六"};
  if (on) {
    zhifa::Phase phase = plan->PhaseOn(*on);
    std::optional<zhifa::DeadlineStatus> next = plan->NextDeadline(*on);
    if (args.format == "json") {
      nlohmann::json j = {
          {"date", zhifa::FormatDate(*on)},
          {"phase", {{"key", phase.key}, {"name", phase.name}, {"name_en", phase.name_en}, {"clause", phase.clause}}},
          {"working_day", work->IsWorkingDay(*on)}};
      j["phase"]["start"] = phase.start ? nlohmann::json(zhifa::FormatDate(*phase.start)) : nlohmann::json(nullptr);
      j["phase"]["end"] = phase.end ? nlohmann::json(zhifa::FormatDate(*phase.end)) : nlohmann::json(nullptr);
      nlohmann::json deadlines = nlohmann::json::array();
      for (const zhifa::DeadlineStatus& d : plan->Deadlines(*on)) {
        deadlines.push_back({{"key", d.milestone->key},
                             {"name", d.milestone->name},
                             {"date", zhifa::FormatDate(d.milestone->date)},
                             {"days", d.days},
                             {"clause", d.milestone->clause}});
      }
      j["deadlines"] = deadlines;
      j["next_deadline"] = next ? nlohmann::json(next->milestone->key) : nlohmann::json(nullptr);
      std::cout << j.dump(2) << "\n";
      return kOk;
    }
    std::cout << zhifa::FormatDate(*on) << " (星期" << kWeekday[on->day_of_week().as_number()] << ", "
              << (work->IsWorkingDay(*on) ? "工作日" : "休息日") << "): " << phase.name << " (" << phase.key
              << (phase.clause.empty() ? "" : ", " + phase.clause) << ")\n";
    if (next) {
      std::cout << "下一截止: " << next->milestone->name << " " << zhifa::FormatDate(next->milestone->date) << " ("
                << next->milestone->clause << "), "
                << (next->days == 0 ? std::string("今天到期") : "还有 " + std::to_string(next->days) + " 天") << "\n";
    } else {
      std::cout << "所有截止日期均已过\n";
    }
    std::vector<std::vector<std::string>> rows = {{"截止", "日期", "条款", "天数"}};
    for (const zhifa::DeadlineStatus& d : plan->Deadlines(*on)) {
      rows.push_back(
          {d.milestone->name, zhifa::FormatDate(d.milestone->date), d.milestone->clause,
           d.days >= 0 ? "还有 " + std::to_string(d.days) + " 天" : "已过 " + std::to_string(-d.days) + " 天"});
    }
    PrintTable(std::cout, rows);
    return kOk;
  }
  std::vector<zhifa::CalendarEvent> events = plan->Events(year, *work);
  if (args.format == "json") {
    nlohmann::json j = nlohmann::json::array();
    for (const zhifa::CalendarEvent& e : events) {
      j.push_back({{"date", zhifa::FormatDate(e.date)},
                   {"kind", e.kind},
                   {"name", e.name},
                   {"name_en", e.name_en},
                   {"clause", e.clause},
                   {"uid", e.uid}});
    }
    std::cout << j.dump(2) << "\n";
    return kOk;
  }
  std::cout << plan->title() << " " << year << "\n";
  std::vector<std::vector<std::string>> rows = {{"日期", "星期", "类型", "事项", "条款"}};
  for (const zhifa::CalendarEvent& e : events) {
    rows.push_back({zhifa::FormatDate(e.date), kWeekday[e.date.day_of_week().as_number()], e.kind, e.name, e.clause});
  }
  PrintTable(std::cout, rows);
  return kOk;
}
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"zhifa — the six-rate evaluation (六率考核) of the 2021 Zhenping enforcement rectification plan"};
  app.set_version_flag("--version", std::string(zhifa::kVersion));
  app.require_subcommand(1);

  ScoreArgs score;
  CLI::App* score_cmd = app.add_subcommand("score", "Score rows of counts (CSV) and rank the units");
  score_cmd->add_option("file", score.file, "Counts CSV ('-' for stdin); the bundled synthetic sample if omitted");
  score_cmd->add_option("--rules", score.rules, "Rule set: a TOML file or a built-in id (repeat for a rule book)");
  score_cmd->add_option("--format", score.format, "Output format")->check(CLI::IsMember({"table", "csv", "json"}));
  score_cmd->add_flag("--explain", score.explain, "Explain every scorecard (table or json)");
  score_cmd->add_flag("--keep-going", score.keep_going,
                      "Score the good rows and output every row, bad ones with an error");
  score_cmd->add_option("-o,--output", score.output, "Write to this file instead of stdout");
  score_cmd->add_option("--encoding", score.encoding, "Input encoding: auto, utf-8 or gb18030");
  score_cmd->add_option("--lang", score.lang, "Language of table and explanation: zh or en");
  score_cmd->add_option("--units", score.units, "Unit registry TOML (default: the built-in 2021 registry)");
  CaseArgs score_cases;
  score_cmd->add_option("--cases", score_cases.file, "Aggregate this case CSV first, then score its counts");
  score_cmd->add_option("--period", score_cases.period, "With --cases: year, half, quarter or month");
  score_cmd->add_option("--as-of", score_cases.as_of, "With --cases: the evaluation date (default: period end)");
  score_cmd->add_option("--quota", score_cases.quota, "With --cases: quota CSV (unit, period, should_file)");
  score_cmd->add_flag("--quota-from-history", score_cases.quota_from_history,
                      "With --cases: quota = ceiling of the mean of the two previous periods' filings (A2.1)");
  score_cmd->add_option("--settings", score_cases.settings, "With --cases: case settings TOML");

  CLI::App* cases_cmd = app.add_subcommand("cases", "Case records: aggregate them into counts, or check them");
  cases_cmd->require_subcommand(1);
  CaseArgs cases;
  std::string cases_format = "csv", cases_output;
  bool cases_keep_going = false;
  CLI::App* aggregate_cmd = cases_cmd->add_subcommand("aggregate", "Count cases per unit and period (a counts CSV)");
  aggregate_cmd->add_option("file", cases.file, "Case CSV ('-' for stdin)")->required();
  aggregate_cmd->add_option("--period", cases.period, "year, half, quarter or month")
      ->check(CLI::IsMember({"year", "half", "quarter", "month"}));
  aggregate_cmd->add_option("--as-of", cases.as_of, "The evaluation date (default: each period's end)");
  aggregate_cmd->add_option("--quota", cases.quota, "Quota CSV (unit, period, should_file)");
  aggregate_cmd->add_flag("--quota-from-history", cases.quota_from_history,
                          "Quota = ceiling of the mean of the two previous periods' filings (A2.1)");
  aggregate_cmd->add_option("--format", cases_format, "Output format")->check(CLI::IsMember({"csv", "table", "json"}));
  aggregate_cmd->add_option("--settings", cases.settings, "Case settings TOML (time limits, major-penalty thresholds)");
  aggregate_cmd->add_flag("--keep-going", cases_keep_going,
                          "Leave bad cases out (listed on stderr) and count the rest");
  aggregate_cmd->add_option("-o,--output", cases_output, "Write to this file instead of stdout");
  aggregate_cmd->add_option("--encoding", cases.encoding, "Input encoding: auto, utf-8 or gb18030");
  std::string check_format = "table";
  CLI::App* cases_check_cmd = cases_cmd->add_subcommand("check", "List breaches of 3.2.5 and 3.3.4, and bad rows");
  cases_check_cmd->add_option("file", cases.file, "Case CSV ('-' for stdin)")->required();
  cases_check_cmd->add_option("--format", check_format, "Output format")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  cases_check_cmd->add_option("--settings", cases.settings, "Case settings TOML");
  cases_check_cmd->add_option("--encoding", cases.encoding, "Input encoding: auto, utf-8 or gb18030");

  CLI::App* rules_cmd = app.add_subcommand("rules", "Show or check rule sets");
  rules_cmd->require_subcommand(1);
  std::string show_id = "zhenping-2021";
  bool canonical = false;
  CLI::App* show_cmd = rules_cmd->add_subcommand("show", "Print a built-in rule set's TOML");
  show_cmd->add_option("id", show_id, "Built-in rule set id");
  show_cmd->add_flag("--canonical", canonical, "Print the canonical form the digest is computed from");
  std::vector<std::string> check_files;
  CLI::App* check_cmd = rules_cmd->add_subcommand("check", "Validate rule files (and, with several, their book)");
  check_cmd->add_option("files", check_files, "Rule TOML files")->required()->check(CLI::ExistingFile);

  CLI::App* units_cmd = app.add_subcommand("units", "List the unit registry (二、整治范围)");
  std::string units_category, units_format = "table", units_file;
  units_cmd->add_option("--category", units_category, "township, department or vertical");
  units_cmd->add_option("--format", units_format, "Output format")->check(CLI::IsMember({"table", "csv", "json"}));
  units_cmd->add_option("--units", units_file, "Registry TOML (default: the built-in 2021 registry)");
  std::vector<std::string> resolve_names;
  CLI::App* resolve_cmd = units_cmd->add_subcommand("resolve", "Resolve unit names as data spells them");
  resolve_cmd->add_option("name", resolve_names, "Names, codes or aliases")->required();
  CLI::App* units_check_cmd = units_cmd->add_subcommand("check", "Check the guidance map (3.2.4)");

  CalendarArgs cal;
  CLI::App* cal_cmd = app.add_subcommand("calendar", "The plan's phases, deadlines and recurring duties");
  cal_cmd->add_option("--on", cal.on, "A date (YYYY-MM-DD): its phase and the days to each deadline");
  cal_cmd->add_option("--year", cal.year, "Year of the events listed (default: the plan's year)");
  cal_cmd->add_option("--format", cal.format, "Output format")->check(CLI::IsMember({"table", "json"}));
  cal_cmd->add_option("--ics", cal.ics, "Also write the year's events as an iCalendar (RFC 5545) file");
  cal_cmd->add_option("--plan", cal.plan, "Plan TOML (default: the built-in 2021 Zhenping plan)");
  cal_cmd->add_option("--work-calendar", cal.work, "Work calendar TOML (default: the built-in one for the year)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kOk : kUsage;
  }
  if (score_cmd->parsed()) {
    if (score_cases.file.empty()) return RunScore(score);
    if (!score.file.empty()) {
      std::cerr << "zhifa: give a counts FILE or --cases FILE, not both\n";
      return kUsage;
    }
    auto rows = AggregateCases(score_cases, score.keep_going, zhifa::Registry::Builtin());
    if (std::holds_alternative<int>(rows)) return std::get<int>(rows);
    score.aggregated = &std::get<std::vector<zhifa::AggregatedRow>>(rows);
    score.aggregated_source = score_cases.file + " (aggregated)";
    return RunScore(score);
  }
  if (aggregate_cmd->parsed()) return RunCasesAggregate(cases, cases_format, cases_keep_going, cases_output);
  if (cases_check_cmd->parsed()) return RunCasesCheck(cases, check_format);
  if (show_cmd->parsed()) return RunRulesShow(show_id, canonical);
  if (check_cmd->parsed()) return RunRulesCheck(check_files);
  if (resolve_cmd->parsed()) return RunUnitsResolve(units_file, resolve_names);
  if (units_check_cmd->parsed()) return RunUnitsCheck(units_file);
  if (units_cmd->parsed()) return RunUnits(units_file, units_category, units_format);
  if (cal_cmd->parsed()) return RunCalendar(cal);
  return kUsage;
}
